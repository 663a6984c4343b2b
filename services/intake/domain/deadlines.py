"""Legal time limits for tips: working days in Vietnam, per-kind policies, extensions. No I/O."""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from dataclasses import dataclass
from functools import lru_cache

import holidays

VN_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")  # Vietnam keeps UTC+7 all year


class Unit(enum.StrEnum):
    HOURS = "hours"
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"


@dataclass(frozen=True, slots=True)
class Span:
    amount: int
    unit: Unit

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise ValueError("a time limit cannot be negative")


@lru_cache(maxsize=64)
def _vietnam_holidays(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """Public holidays and decreed make-up working days (a Saturday swapped for a bridge day)."""
    calendar = holidays.country_holidays("VN", years=year)
    return frozenset(calendar.keys()), frozenset(getattr(calendar, "weekend_workdays", ()))


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Working days: Monday to Friday, except Vietnamese public holidays (lunar Tết included),
    plus any days the ward declares off or back at work (make-up Saturdays)."""

    extra_days_off: frozenset[dt.date] = frozenset()
    extra_working_days: frozenset[dt.date] = frozenset()

    def is_working_day(self, day: dt.date) -> bool:
        days_off, make_up_days = _vietnam_holidays(day.year)
        if day in self.extra_working_days or day in make_up_days:
            return True
        if day in self.extra_days_off or day in days_off:
            return False
        return day.weekday() < 5

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself if people work that day, else the first working day after it."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after ``day`` (``day`` itself does not count)."""
        while n > 0:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day


def local_date(at: dt.datetime) -> dt.date:
    return at.astimezone(VN_TZ).date()


def end_of_day(day: dt.date) -> dt.datetime:
    """23:59:59 local time of ``day``, in UTC: a limit 'within N days' ends with that day."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), VN_TZ).astimezone(dt.UTC)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def add_span(start: dt.datetime, span: Span, cal: WorkCalendar, *, roll_forward: bool = True) -> dt.datetime:
    """When a limit of ``span`` counted from ``start`` runs out.

    A limit in days or months whose last day is a day off ends on the next working day instead
    (Criminal Procedure Code 2015 art. 133, Civil Code 2015 art. 148); ``roll_forward=False`` turns
    that off.
    """
    if start.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    if span.unit is Unit.HOURS:
        return (start + dt.timedelta(hours=span.amount)).astimezone(dt.UTC)
    day = local_date(start)
    if span.unit is Unit.WORKING_DAYS:
        return end_of_day(cal.add_working_days(day, span.amount))
    last = (
        day + dt.timedelta(days=span.amount)
        if span.unit is Unit.CALENDAR_DAYS
        else add_months(day, span.amount)
    )
    return end_of_day(cal.next_working_day(last) if roll_forward else last)


@dataclass(frozen=True, slots=True)
class DeadlinePolicy:
    """Defaults from the glossary (verify against current law before relying on them):
    Criminal Procedure Code 2015 art. 147 for denunciations, reports and recommendations to
    prosecute; Law on Complaints 2011 art. 27–28 for complaints."""

    crime_decide: Span = Span(20, Unit.CALENDAR_DAYS)
    crime_complex: Span = Span(2, Unit.MONTHS)
    crime_extension_max: Span = Span(2, Unit.MONTHS)
    crime_extension_notice_days: int = 5
    crime_max_extensions: int = 1
    crime_transfer: Span = Span(24, Unit.HOURS)
    complaint_accept: Span = Span(10, Unit.WORKING_DAYS)
    complaint_decide: Span = Span(30, Unit.CALENDAR_DAYS)
    complaint_complex: Span = Span(45, Unit.CALENDAR_DAYS)
    approaching_days: int = 3


class ExtensionRefused(Exception):
    """An extension the law does not allow (too late, too long, or one too many)."""


@dataclass(frozen=True, slots=True)
class Deadlines:
    """``due_at`` is the limit for handling the tip; the others apply to one step."""

    due_at: dt.datetime
    accept_by: dt.datetime | None = None  # complaints: acceptance (thụ lý)
    transfer_by: dt.datetime | None = None  # crime tips: passing to the investigating body


CRIME_KINDS = frozenset({"denunciation", "report", "recommendation_to_prosecute"})


@dataclass(frozen=True, slots=True)
class DeadlineRules:
    policy: DeadlinePolicy = DeadlinePolicy()
    calendar: WorkCalendar = WorkCalendar()

    def decision_due(
        self,
        kind: str,
        *,
        start: dt.datetime,
        accept_by: dt.datetime | None,
        accepted_at: dt.datetime | None,
        complex_matter: bool,
    ) -> dt.datetime:
        """The one rule for the handling limit, applied the same way at every step.

        Crime tips: 20 days (2 months if complex) from receipt or the last reopening (CPC art. 147).
        Complaints: 30 days (45 if complex) from acceptance (Law on Complaints art. 28); until the
        complaint is accepted, the limit shown assumes acceptance on the last day allowed (accept_by).
        A limit ending on a day off moves to the next working day.
        """
        p = self.policy
        if kind in CRIME_KINDS:
            return add_span(start, p.crime_complex if complex_matter else p.crime_decide, self.calendar)
        base = accepted_at or accept_by or start
        return add_span(base, p.complaint_complex if complex_matter else p.complaint_decide, self.calendar)

    def on_receipt(self, kind: str, received_at: dt.datetime, complex_matter: bool = False) -> Deadlines:
        """The limits of a new round (receipt or reopening)."""
        if kind in CRIME_KINDS:
            due = self.decision_due(
                kind, start=received_at, accept_by=None, accepted_at=None, complex_matter=complex_matter
            )
            return Deadlines(
                due, transfer_by=add_span(received_at, self.policy.crime_transfer, self.calendar)
            )
        accept_by = add_span(received_at, self.policy.complaint_accept, self.calendar)
        due = self.decision_due(
            kind, start=received_at, accept_by=accept_by, accepted_at=None, complex_matter=complex_matter
        )
        return Deadlines(due, accept_by=accept_by)

    def on_acceptance(
        self, kind: str, current: Deadlines, accepted_at: dt.datetime, complex_matter: bool = False
    ) -> Deadlines:
        """Complaints: the decision limit now runs from the actual acceptance."""
        if kind in CRIME_KINDS:
            return current
        due = self.decision_due(
            kind, start=accepted_at, accept_by=current.accept_by, accepted_at=accepted_at,
            complex_matter=complex_matter,
        )  # fmt: skip
        return Deadlines(due, current.accept_by)

    def on_complex(
        self, kind: str, current: Deadlines, cycle_start: dt.datetime, accepted_at: dt.datetime | None
    ) -> Deadlines:
        """A matter classified as complex gets the longer limit (never a shorter one)."""
        longer = self.decision_due(
            kind, start=cycle_start, accept_by=current.accept_by, accepted_at=accepted_at, complex_matter=True
        )
        return Deadlines(max(current.due_at, longer), current.accept_by, current.transfer_by)

    def extend(
        self,
        kind: str,
        current: Deadlines,
        extensions_so_far: int,
        requested_at: dt.datetime,
        new_due_at: dt.datetime,
    ) -> Deadlines:
        """One extension for crime tips, asked for early enough and no longer than allowed."""
        p = self.policy
        if kind not in CRIME_KINDS:
            raise ExtensionRefused("complaints are not extended; classify the matter as complex instead")
        if extensions_so_far >= p.crime_max_extensions:
            raise ExtensionRefused(f"at most {p.crime_max_extensions} extension(s) allowed")
        if requested_at > current.due_at - dt.timedelta(days=p.crime_extension_notice_days):
            raise ExtensionRefused(
                f"an extension must be requested at least {p.crime_extension_notice_days} days "
                f"before the deadline ({current.due_at.isoformat()})"
            )
        if new_due_at <= current.due_at:
            raise ExtensionRefused("the new deadline must be later than the current one")
        if new_due_at > add_span(current.due_at, p.crime_extension_max, self.calendar):
            raise ExtensionRefused(f"an extension may add at most {p.crime_extension_max.amount} months")
        return Deadlines(new_due_at, current.accept_by, current.transfer_by)

    def approaching_from(self, due_at: dt.datetime) -> dt.datetime:
        """When a deadline starts to count as approaching."""
        return due_at - dt.timedelta(days=self.policy.approaching_days)
