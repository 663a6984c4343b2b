"""Risk-based inspection schedule: who to visit on which day of a window (pure rules, no I/O).

The window runs from its first to its last day, both included, at most 366 days; days before
``today`` are not planned (a window that ends before today is refused). The team works Monday to
Friday except its days off, plus the weekend days listed as working days (make-up Saturdays): the
caller gives the public holidays as days off.

Each establishment is due ``interval_days`` after its last inspection (its risk class's interval),
or at once when it was never inspected. The order, sorted once:

1. overdue (due before the first day planned) or never inspected;
2. due by the end of the window;
3. not due before the window ends: visited *early*, only with the capacity left over.

Within a group, higher risk first, then the earliest due date (never inspected before any date),
then the establishment id, so the same facts give the same plan. The days are filled in order, up
to ``capacity`` visits a day. An establishment is visited at most once in a window, and not at all
when it was already inspected during the window. Whoever does not fit is listed with the reason.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from services.inspection.domain.kinds import RISK_VI, RiskClass

MAX_WINDOW_DAYS = 366
RISK_ORDER = {c: rank for rank, c in enumerate((RiskClass.HIGH, RiskClass.MEDIUM, RiskClass.LOW))}
_DAY = dt.timedelta(days=1)


class ScheduleRefused(ValueError):
    """A request the scheduler cannot plan."""


class WindowInPast(ScheduleRefused):
    """The window ended before today: there is nothing left to plan in it."""


class InvalidWindow(ScheduleRefused):
    """The window ends before it starts, or is longer than the scheduler plans."""


class InvalidCapacity(ScheduleRefused):
    """A team that can do no inspection a day."""


class DuplicateEstablishment(ScheduleRefused):
    """The same establishment given twice: it would be visited twice in one window."""


def _vi(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


@dataclass(frozen=True, slots=True)
class WorkingDays:
    """Monday to Friday, except ``days_off`` (public holidays, the ward's own days off), plus
    ``working_days`` (a weekend day worked instead of a bridge day)."""

    days_off: frozenset[dt.date] = frozenset()
    working_days: frozenset[dt.date] = frozenset()

    def __call__(self, day: dt.date) -> bool:
        if day in self.working_days:
            return True
        return day not in self.days_off and day.weekday() < 5


@dataclass(frozen=True, slots=True)
class Establishment:
    """What the scheduler needs of one establishment of the register."""

    id: str
    risk_class: RiskClass
    interval_days: int
    last_inspected_on: dt.date | None = None

    def __post_init__(self) -> None:
        if self.interval_days < 1:
            raise ValueError(
                f"Chu kỳ kiểm tra phải từ 1 ngày ({self.id}). / The inspection interval is at least "
                f"1 day ({self.id})."
            )

    @property
    def due_on(self) -> dt.date | None:
        """When the next inspection is due; None when it was never inspected (due at once)."""
        if self.last_inspected_on is None:
            return None
        return self.last_inspected_on + dt.timedelta(days=self.interval_days)

    def overdue(self, on: dt.date) -> bool:
        due = self.due_on
        return due is not None and due < on


class VisitReason(enum.StrEnum):
    NEVER_INSPECTED = "never_inspected"
    OVERDUE = "overdue"
    DUE = "due"
    EARLY = "early"  # not due in the window; capacity was left


# The groups of the order, first to last (see the module's docstring).
GROUPS = ((VisitReason.NEVER_INSPECTED, VisitReason.OVERDUE), (VisitReason.DUE,), (VisitReason.EARLY,))
GROUP = {reason: n for n, reasons in enumerate(GROUPS) for reason in reasons}


class LeftOutReason(enum.StrEnum):
    NO_CAPACITY = "no_capacity"  # due, but the window is full
    NOT_DUE = "not_due"  # not due in the window and no capacity left over
    INSPECTED_IN_WINDOW = "inspected_in_window"  # already inspected during the window


@dataclass(frozen=True, slots=True)
class Need:
    """Why an establishment would be visited: the reason and the facts it rests on."""

    establishment_id: str
    risk_class: RiskClass
    reason: VisitReason
    due_on: dt.date | None
    days_overdue: int = 0
    last_inspected_on: dt.date | None = None

    @property
    def text_vi(self) -> str:
        risk = f"Rủi ro {RISK_VI[self.risk_class]}"
        due = _vi(self.due_on)
        return {
            VisitReason.NEVER_INSPECTED: f"{risk}, chưa từng được kiểm tra",
            VisitReason.OVERDUE: f"{risk}, quá hạn {self.days_overdue} ngày (hạn {due})",
            VisitReason.DUE: f"{risk}, đến hạn {due}",
            VisitReason.EARLY: f"{risk}, kiểm tra sớm vì còn chỗ (hạn {due})",
        }[self.reason]

    @property
    def text_en(self) -> str:
        risk = f"{self.risk_class.value.capitalize()} risk"
        due = _iso(self.due_on)
        return {
            VisitReason.NEVER_INSPECTED: f"{risk}, never inspected",
            VisitReason.OVERDUE: f"{risk}, overdue by {self.days_overdue} days (due {due})",
            VisitReason.DUE: f"{risk}, due {due}",
            VisitReason.EARLY: f"{risk}, early as capacity was left (due {due})",
        }[self.reason]


@dataclass(frozen=True, slots=True)
class Visit:
    """A proposed inspection: the day, and why this establishment was chosen."""

    day: dt.date
    need: Need

    @property
    def establishment_id(self) -> str:
        return self.need.establishment_id

    @property
    def reason(self) -> VisitReason:
        return self.need.reason

    @property
    def early(self) -> bool:
        return self.need.reason is VisitReason.EARLY

    @property
    def text_vi(self) -> str:
        return self.need.text_vi

    @property
    def text_en(self) -> str:
        return self.need.text_en


@dataclass(frozen=True, slots=True)
class LeftOut:
    """An establishment the proposal does not visit, and why."""

    need: Need
    reason: LeftOutReason

    @property
    def establishment_id(self) -> str:
        return self.need.establishment_id

    @property
    def text_vi(self) -> str:
        need = self.need
        return {
            LeftOutReason.INSPECTED_IN_WINDOW: f"Đã kiểm tra trong kỳ, ngày {_vi(need.last_inspected_on)}",
            LeftOutReason.NOT_DUE: f"Rủi ro {RISK_VI[need.risk_class]}, chưa đến hạn (hạn "
            f"{_vi(need.due_on)}), không còn chỗ để kiểm tra sớm",
            LeftOutReason.NO_CAPACITY: f"Không đủ năng lực kiểm tra trong kỳ. {need.text_vi}",
        }[self.reason]

    @property
    def text_en(self) -> str:
        need = self.need
        return {
            LeftOutReason.INSPECTED_IN_WINDOW: f"Inspected on {_iso(need.last_inspected_on)}, in this window",
            LeftOutReason.NOT_DUE: f"{need.risk_class.value.capitalize()} risk, not due (due "
            f"{_iso(need.due_on)}), no capacity left to visit early",
            LeftOutReason.NO_CAPACITY: f"No capacity left in the window. {need.text_en}",
        }[self.reason]


@dataclass(frozen=True, slots=True)
class Schedule:
    """The proposal: visits in day order, the working days planned, and who was left out."""

    first: dt.date
    last: dt.date
    capacity: int
    days: tuple[dt.date, ...]
    visits: tuple[Visit, ...]
    left_out: tuple[LeftOut, ...]

    def on(self, day: dt.date) -> tuple[Visit, ...]:
        return tuple(v for v in self.visits if v.day == day)

    @property
    def spare(self) -> int:
        """Visits the team could still make in the window."""
        return len(self.days) * self.capacity - len(self.visits)


def _check(first: dt.date, last: dt.date, today: dt.date, capacity: int, max_days: int) -> None:
    if capacity < 1:
        raise InvalidCapacity(
            f"Mỗi ngày phải kiểm tra được ít nhất 1 cơ sở (đã cho {capacity}). / Capacity is at least "
            f"1 inspection a day (got {capacity})."
        )
    if last < first:
        raise InvalidWindow(
            f"Kỳ kết thúc ({_vi(last)}) trước khi bắt đầu ({_vi(first)}). / The window ends "
            f"({last.isoformat()}) before it starts ({first.isoformat()})."
        )
    length = (last - first).days + 1
    if length > max_days:
        raise InvalidWindow(
            f"Kỳ dài {length} ngày, tối đa {max_days} ngày. / The window is {length} days long; "
            f"at most {max_days}."
        )
    if last < today:
        raise WindowInPast(
            f"Kỳ đã kết thúc ngày {_vi(last)}, trước hôm nay ({_vi(today)}). / The window ended on "
            f"{last.isoformat()}, before today ({today.isoformat()})."
        )


def _need(e: Establishment, start: dt.date, last: dt.date) -> Need:
    """Why the establishment would be visited in a window planned from ``start`` to ``last``."""
    due, seen = e.due_on, e.last_inspected_on
    if due is None:
        return Need(e.id, e.risk_class, VisitReason.NEVER_INSPECTED, None)
    if due < start:
        return Need(e.id, e.risk_class, VisitReason.OVERDUE, due, (start - due).days, seen)
    if due <= last:
        return Need(e.id, e.risk_class, VisitReason.DUE, due, last_inspected_on=seen)
    return Need(e.id, e.risk_class, VisitReason.EARLY, due, last_inspected_on=seen)


def propose(
    establishments: Iterable[Establishment],
    *,
    first: dt.date,
    last: dt.date,
    today: dt.date,
    capacity: int,
    working: WorkingDays = WorkingDays(),
    max_days: int = MAX_WINDOW_DAYS,
) -> Schedule:
    """The visits of the window, in day order; see the module's docstring for the rule."""
    _check(first, last, today, capacity, max_days)
    start = max(first, today)
    days = tuple(day for day in (start + n * _DAY for n in range((last - start).days + 1)) if working(day))
    seen: set[str] = set()
    ranked: list[tuple[tuple[int, int, dt.date, str], Need]] = []
    left_out: list[LeftOut] = []
    for e in establishments:
        if e.id in seen:
            raise DuplicateEstablishment(
                f"Cơ sở {e.id} có mặt hai lần. / Establishment {e.id} is listed twice."
            )
        seen.add(e.id)
        need = _need(e, start, last)
        if e.last_inspected_on is not None and e.last_inspected_on >= first:
            left_out.append(LeftOut(need, LeftOutReason.INSPECTED_IN_WINDOW))
            continue
        ranked.append(
            ((GROUP[need.reason], RISK_ORDER[e.risk_class], need.due_on or dt.date.min, e.id), need)
        )
    ranked.sort(key=lambda item: item[0])
    slots = len(days) * capacity
    visits = tuple(Visit(days[i // capacity], need) for i, (_, need) in enumerate(ranked[:slots]))
    for _, need in ranked[slots:]:
        reason = LeftOutReason.NOT_DUE if need.reason is VisitReason.EARLY else LeftOutReason.NO_CAPACITY
        left_out.append(LeftOut(need, reason))
    return Schedule(first, last, capacity, days, visits, tuple(left_out))
