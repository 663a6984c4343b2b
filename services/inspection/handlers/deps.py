"""What inspection's use cases need besides the unit of work; built once by the composition root."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from shared.clock import now as domain_now

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class InspectionDeps:
    residential_groups: Mapping[str, str] = field(default_factory=dict)  # code -> name; empty: any code
    export_max_rows: int = 50_000
    legal_bases: Mapping[str, str] = field(default_factory=dict)  # violation kind -> its legal basis
    ward_name: str = "Lê Chân"
    place_name: str = "Hải Phòng"
    clock: Callable[[], dt.datetime] = domain_now  # the real clock, or a demo system's

    def today(self) -> dt.date:
        """The ward's calendar day now (Asia/Ho_Chi_Minh)."""
        return self.clock().astimezone(LOCAL).date()
