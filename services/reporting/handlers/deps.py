"""What reporting's use cases need besides the unit of work; built once by the composition root."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from services.reporting.repository.measures import ReportSchedule


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class ReportingDeps:
    schedule: ReportSchedule
    small_cell_threshold: int
    clock: Callable[[], dt.datetime] = utc_now
