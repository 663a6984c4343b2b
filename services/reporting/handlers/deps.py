"""What reporting's use cases need besides the unit of work; built once by the composition root."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from services.reporting.handlers.live import LiveCounts
from services.reporting.repository.measures import ReportSchedule
from shared.clock import now as domain_now


@dataclass(frozen=True)
class ReportingDeps:
    schedule: ReportSchedule
    small_cell_threshold: int
    clock: Callable[[], dt.datetime] = domain_now  # the real clock, or a demo system's
    live: LiveCounts = field(default_factory=LiveCounts)  # counts kept while the database is unchanged
