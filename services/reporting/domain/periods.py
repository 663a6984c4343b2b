"""Reporting periods in Vietnam's local time (UTC+7, no daylight saving).

A period is written the way people in the ward say it: ``2026-03`` (a month), ``2026-Q1``,
``2026`` (a year) or ``2026-2030`` (the whole plan period). Bounds are [start, end).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

VN = dt.timezone(dt.timedelta(hours=7), "ICT")
PLAN_FIRST_YEAR = 2026
PLAN_LAST_YEAR = 2030
PLAN_CODE = f"{PLAN_FIRST_YEAR}-{PLAN_LAST_YEAR}"


class PeriodType(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    PLAN_PERIOD = "plan_period"


class BadPeriod(ValueError):
    """A period code that names no period of the plan."""


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


def _first(year: int, month: int) -> dt.datetime:
    return dt.datetime(year, month, 1, tzinfo=VN)


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


@dataclass(frozen=True, order=True)
class Period:
    type: PeriodType
    year: int
    # month 1-12 for a month, the first month of a quarter, 1 for a year or the plan period
    month: int = 1

    @property
    def months(self) -> int:
        return {
            PeriodType.MONTH: 1,
            PeriodType.QUARTER: 3,
            PeriodType.YEAR: 12,
            PeriodType.PLAN_PERIOD: 12 * (PLAN_LAST_YEAR - PLAN_FIRST_YEAR + 1),
        }[self.type]

    @property
    def start(self) -> dt.datetime:
        return _first(self.year, self.month)

    @property
    def end(self) -> dt.datetime:
        return _first(*_add_months(self.year, self.month, self.months))

    @property
    def code(self) -> str:
        if self.type is PeriodType.MONTH:
            return f"{self.year}-{self.month:02d}"
        if self.type is PeriodType.QUARTER:
            return f"{self.year}-Q{(self.month - 1) // 3 + 1}"
        if self.type is PeriodType.YEAR:
            return str(self.year)
        return PLAN_CODE

    @property
    def label_vi(self) -> str:
        if self.type is PeriodType.MONTH:
            return f"Tháng {self.month:02d}/{self.year}"
        if self.type is PeriodType.QUARTER:
            return f"Quý {(self.month - 1) // 3 + 1}/{self.year}"
        if self.type is PeriodType.YEAR:
            return f"Năm {self.year}"
        return f"Giai đoạn {PLAN_CODE}"

    @property
    def label_en(self) -> str:
        if self.type is PeriodType.MONTH:
            return self.start.strftime("%B %Y")
        if self.type is PeriodType.QUARTER:
            return f"Q{(self.month - 1) // 3 + 1} {self.year}"
        if self.type is PeriodType.YEAR:
            return f"Year {self.year}"
        return f"Plan period {PLAN_CODE}"

    def month_periods(self) -> list[Period]:
        """The calendar months the period is made of, in order."""
        return [month(*_add_months(self.year, self.month, n)) for n in range(self.months)]

    def years(self) -> list[int]:
        return sorted({m.year for m in self.month_periods()})

    def closed_by(self, at: dt.datetime) -> bool:
        return self.end <= at


def month(year: int, month_: int) -> Period:
    return Period(PeriodType.MONTH, year, month_)


def quarter(year: int, q: int) -> Period:
    return Period(PeriodType.QUARTER, year, 3 * (q - 1) + 1)


def year(year_: int) -> Period:
    return Period(PeriodType.YEAR, year_)


PLAN = Period(PeriodType.PLAN_PERIOD, PLAN_FIRST_YEAR)


def parse(code: str) -> Period:
    """``2026-03``, ``2026-Q1``, ``2026`` or ``2026-2030``; only periods inside the plan's years."""
    period = _parse(code.strip())
    if not PLAN_FIRST_YEAR <= period.year <= PLAN_LAST_YEAR:
        raise BadPeriod(f"{code!r} is outside the plan years {PLAN_CODE}")
    return period


def _parse(code: str) -> Period:
    if code == PLAN_CODE:
        return PLAN
    if m := _MONTH.match(code):
        if not 1 <= int(m[2]) <= 12:
            raise BadPeriod(f"{code!r}: no month {m[2]}")
        return month(int(m[1]), int(m[2]))
    if m := _QUARTER.match(code):
        return quarter(int(m[1]), int(m[2]))
    if m := _YEAR.match(code):
        return year(int(m[1]))
    raise BadPeriod(f"{code!r} is not a period: use 2026-03, 2026-Q1, 2026 or {PLAN_CODE}")


def containing(at: dt.datetime, type_: PeriodType) -> Period:
    """The period of the given type that ``at`` (any time zone) falls in."""
    local = at.astimezone(VN)
    if type_ is PeriodType.MONTH:
        return month(local.year, local.month)
    if type_ is PeriodType.QUARTER:
        return quarter(local.year, (local.month - 1) // 3 + 1)
    if type_ is PeriodType.YEAR:
        return year(local.year)
    return PLAN


def last_closed(at: dt.datetime, type_: PeriodType) -> Period | None:
    """The latest period of this type that has ended by ``at`` and lies inside the plan."""
    if type_ is PeriodType.PLAN_PERIOD:
        return PLAN if PLAN.closed_by(at) else None
    current = containing(at, type_)
    y, m = _add_months(current.year, current.month, -current.months)
    previous = Period(type_, y, m)
    return previous if PLAN_FIRST_YEAR <= previous.year <= PLAN_LAST_YEAR else None
