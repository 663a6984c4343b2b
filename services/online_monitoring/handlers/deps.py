"""What online monitoring's use cases need besides the unit of work; built once by the composition root."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from services.online_monitoring.domain.kinds import Platform
from services.online_monitoring.domain.takedown import (
    DEFAULT_DEADLINE_HOURS,
    DEFAULT_LEGAL_BASIS,
    Channel,
    CompetentBody,
)
from shared.clock import now as domain_now

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class Policy:
    """How one platform is asked to remove content (from settings)."""

    channel: Channel = Channel.VIA_AUTHORITY
    via: CompetentBody = CompetentBody.PROVINCIAL_DEPARTMENT
    legal_contact: str = ""
    deadline_hours: int = DEFAULT_DEADLINE_HOURS
    legal_basis: str = DEFAULT_LEGAL_BASIS


@dataclass(frozen=True)
class OnlineMonitoringDeps:
    handling: dt.timedelta = dt.timedelta(hours=72)
    policies: Mapping[Platform, Policy] = field(default_factory=dict)
    reminder: dt.timedelta = dt.timedelta(hours=6)
    bulk_max_items: int = 10_000
    ward_name: str = "Lê Chân"
    place_name: str = "Hải Phòng"
    clock: Callable[[], dt.datetime] = domain_now  # the real clock, or a demo system's

    def policy(self, platform: Platform) -> Policy:
        return self.policies.get(platform, Policy())
