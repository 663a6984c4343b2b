"""Which periodic reports fall due upward, and when (IT_REPORTING)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from services.reporting.domain.periods import PLAN, Period, PeriodType, containing

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class ReportSchedule:
    """Which periodic reports are due upward, and how many days after their period ends."""

    period_types: tuple[PeriodType, ...] = (PeriodType.QUARTER, PeriodType.YEAR)
    due_days: int = 15

    def due_within(self, period: Period) -> list[tuple[Period, dt.datetime]]:
        """Reports whose due date falls inside ``period``, with that date."""
        candidates = {
            m for month_ in period.month_periods() for t in self.period_types
            for m in _covering_before(month_, t)
        }  # fmt: skip
        # reports on periods before the plan began are not this programme's
        due = [(p, p.end + dt.timedelta(days=self.due_days)) for p in candidates if p.year >= PLAN.year]
        return sorted((p, d) for p, d in due if period.start <= d < period.end)


def _covering_before(month_: Period, type_: PeriodType) -> list[Period]:
    """Periods of ``type_`` ending just before or inside ``month_``: their reports fall due near it."""
    out = []
    for probe in (month_.start - ONE_DAY, month_.start):
        p = containing(probe, type_)
        if p.type is not PeriodType.PLAN_PERIOD or p == PLAN:
            out.append(p)
    return out
