"""An establishment's risk: an explicit score anyone can check by hand (pure rules, no I/O).

The score is the sum of six components. Their weights are data, ``RiskRules`` (``DEFAULT`` below; the
service may load another set from its configuration):

=================  ====================================================================================
business type      the weight of its riskiest type (an establishment may run several businesses)
violations         a weight per kind for each violation of the last 24 months, capped
tips               a weight for each tip naming it in the last 12 months, capped
online items       a weight for each online item linked to it in the last 12 months, capped
licence            no licence, or one that expired before the review date (valid on its expiry day)
late-night hours   open 24 hours, or closing after 22:00 (a closing time by 06:00 is past midnight)
=================  ====================================================================================

The class: HIGH from ``high_from`` points, MEDIUM from ``medium_from``, LOW below. Each class has its
interval between inspections (HIGH 90 days, MEDIUM 180, LOW 365); the next review is due when that
interval runs out, and never more than 12 months after the review.

A window of N months ends on the review date and starts on the same day of the month N months
before it (the 29th-31st become the last day of a shorter month): a violation exactly 24 months old
still counts, one a day older does not. Signals dated after the review date are not counted: a
review weighs what had happened by its day, so running it again later gives the same answer.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypeVar

from services.inspection.domain.kinds import BusinessType, RiskClass, ViolationKind


class InvalidRiskRules(ValueError):
    """A set of weights that cannot be used: a table with a gap, a negative weight, crossed thresholds."""


class InvalidRiskInputs(ValueError):
    """Facts about an establishment that cannot be scored."""


class Component(enum.StrEnum):
    BUSINESS_TYPE = "business_type"
    VIOLATIONS = "violations"
    TIPS = "tips"
    ONLINE_ITEMS = "online_items"
    LICENCE = "licence"
    LATE_NIGHT = "late_night"


COMPONENT_VI: dict[Component, str] = {
    Component.BUSINESS_TYPE: "Loại hình kinh doanh",
    Component.VIOLATIONS: "Vi phạm đã phát hiện",
    Component.TIPS: "Tin báo, tố giác nêu tên cơ sở",
    Component.ONLINE_ITEMS: "Thông tin trên mạng liên quan đến cơ sở",
    Component.LICENCE: "Không có giấy phép hoặc giấy phép hết hạn",
    Component.LATE_NIGHT: "Hoạt động khuya",
}
COMPONENT_EN: dict[Component, str] = {
    Component.BUSINESS_TYPE: "Business type",
    Component.VIOLATIONS: "Violations found",
    Component.TIPS: "Tips naming the establishment",
    Component.ONLINE_ITEMS: "Online items linked to the establishment",
    Component.LICENCE: "Licence missing or expired",
    Component.LATE_NIGHT: "Late-night hours",
}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` later (earlier when negative), clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


E = TypeVar("E", bound=enum.Enum)


def _complete(table: Mapping[E, int], members: type[E], name: str, least: int = 0) -> None:
    """Every member has a value, and none is under ``least``."""
    missing = sorted(str(m.value) for m in members if m not in table)
    if missing:
        raise InvalidRiskRules(
            f"Bảng {name} thiếu: {', '.join(missing)}. / The {name} table has no entry for: "
            f"{', '.join(missing)}."
        )
    if any(v < least for v in table.values()):
        raise InvalidRiskRules(
            f"Bảng {name} có giá trị nhỏ hơn {least}. / The {name} table holds a value under {least}."
        )


@dataclass(frozen=True, slots=True)
class PerSignal:
    """``points`` for each signal dated inside the window of ``window_months``, ``cap`` points at most."""

    points: int
    cap: int
    window_months: int

    def __post_init__(self) -> None:
        if min(self.points, self.cap) < 0 or self.window_months < 1:
            raise InvalidRiskRules(
                "Điểm và mức trần không âm, thời hạn từ 1 tháng. / Points and cap cannot be negative, "
                "the window is at least 1 month."
            )


@dataclass(frozen=True, slots=True)
class RiskRules:
    """The weights, caps, windows, thresholds and intervals: the whole rule as data."""

    business_type_points: Mapping[BusinessType, int]
    violation_points: Mapping[ViolationKind, int]
    violation_cap: int
    violation_window_months: int
    tips: PerSignal
    online_items: PerSignal
    licence_points: int
    late_night_points: int
    late_night_after: dt.time  # closing after this time is late
    night_ends_at: dt.time  # a closing time up to this one is past midnight, so late too
    medium_from: int
    high_from: int
    interval_days: Mapping[RiskClass, int]
    review_within_months: int

    def __post_init__(self) -> None:
        _complete(self.business_type_points, BusinessType, "business_type_points")
        _complete(self.violation_points, ViolationKind, "violation_points")
        _complete(self.interval_days, RiskClass, "interval_days", least=1)
        # the caller's dicts are copied: changing them later does not change these rules
        for name in ("business_type_points", "violation_points", "interval_days"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))
        if min(self.violation_cap, self.licence_points, self.late_night_points) < 0:
            raise InvalidRiskRules("Điểm và mức trần không được âm. / Points and caps cannot be negative.")
        if min(self.violation_window_months, self.review_within_months) < 1:
            raise InvalidRiskRules("Thời hạn tính theo tháng phải từ 1 tháng. / Month spans must be ≥ 1.")
        if not 0 < self.medium_from <= self.high_from:
            raise InvalidRiskRules(
                "Cần 0 < ngưỡng trung bình ≤ ngưỡng cao. / Thresholds need 0 < medium_from ≤ high_from."
            )
        days = self.interval_days
        if not days[RiskClass.HIGH] <= days[RiskClass.MEDIUM] <= days[RiskClass.LOW]:
            raise InvalidRiskRules(
                "Rủi ro cao hơn phải được kiểm tra thường xuyên hơn (cao ≤ trung bình ≤ thấp). / Higher "
                "risk is inspected at least as often: HIGH ≤ MEDIUM ≤ LOW days."
            )
        if self.night_ends_at >= self.late_night_after:
            raise InvalidRiskRules(
                "Giờ hết đêm phải trước ngưỡng giờ khuya. / night_ends_at must come before late_night_after."
            )

    def class_of(self, score: int) -> RiskClass:
        if score >= self.high_from:
            return RiskClass.HIGH
        if score >= self.medium_from:
            return RiskClass.MEDIUM
        return RiskClass.LOW


DEFAULT = RiskRules(
    business_type_points={
        BusinessType.LODGING: 3,
        BusinessType.KARAOKE: 3,
        BusinessType.MASSAGE: 4,
        BusinessType.BAR: 2,
        BusinessType.PUB: 2,
        BusinessType.DANCE_HALL: 3,
        BusinessType.SHORT_TERM_RENTAL: 3,
        BusinessType.OTHER: 1,
    },
    violation_points={
        ViolationKind.PROSTITUTION_ON_PREMISES: 10,
        ViolationKind.HARBOURING_OR_BROKERING: 10,
        ViolationKind.GUEST_REGISTRATION: 2,
        ViolationKind.OPERATING_CONDITIONS: 2,
        ViolationKind.NO_LICENCE: 3,
        ViolationKind.PREMISES_RULES: 2,
        ViolationKind.STAFF_RULES: 2,
        ViolationKind.OTHER: 1,
    },
    violation_cap=15,
    violation_window_months=24,
    tips=PerSignal(points=2, cap=6, window_months=12),
    online_items=PerSignal(points=1, cap=4, window_months=12),
    licence_points=3,
    late_night_points=2,
    late_night_after=dt.time(22, 0),
    night_ends_at=dt.time(6, 0),
    medium_from=5,
    high_from=10,
    interval_days={RiskClass.HIGH: 90, RiskClass.MEDIUM: 180, RiskClass.LOW: 365},
    review_within_months=12,
)


@dataclass(frozen=True, slots=True)
class RiskInputs:
    """What is known of an establishment on the review date; signals are the days they happened."""

    business_types: tuple[BusinessType, ...]
    licensed: bool
    licence_expires_on: dt.date | None = None  # None: no expiry date (or no licence)
    violations: tuple[tuple[dt.date, ViolationKind], ...] = ()
    tip_dates: tuple[dt.date, ...] = ()
    online_item_dates: tuple[dt.date, ...] = ()
    closes_at: dt.time | None = None  # None: closing time not known
    open_24h: bool = False

    def __post_init__(self) -> None:
        if not self.business_types:
            raise InvalidRiskInputs(
                "Cơ sở phải có ít nhất một loại hình kinh doanh. / An establishment has at least one "
                "business type."
            )


@dataclass(frozen=True, slots=True)
class RiskComponent:
    """One line of the explanation: the points a component gave and the facts it counted.

    Facts are neutral text: a business type (``karaoke``), a day (``2026-03-01``), a violation
    (``2026-03-01:guest_registration``), ``unlicensed`` or ``expired:2026-01-31``, ``open_24h`` or
    ``closes:23:30``. ``capped``: the facts were worth more than the cap allows.
    """

    component: Component
    points: int
    facts: tuple[str, ...]
    capped: bool = False

    @property
    def name(self) -> str:
        return self.component.value

    @property
    def label_vi(self) -> str:
        return COMPONENT_VI[self.component]

    @property
    def label_en(self) -> str:
        return COMPONENT_EN[self.component]


@dataclass(frozen=True, slots=True)
class RiskAssessment:
    """The outcome of a review: score, class, interval, next review, and the components that scored."""

    review_date: dt.date
    score: int
    risk_class: RiskClass
    interval_days: int
    next_review_due: dt.date
    components: tuple[RiskComponent, ...]

    def points_of(self, component: Component) -> int:
        return sum(c.points for c in self.components if c.component is component)


def _within(day: dt.date, review_date: dt.date, months: int) -> bool:
    return add_months(review_date, -months) <= day <= review_date


def _capped(component: Component, worth: list[int], cap: int, facts: list[str]) -> RiskComponent:
    total = sum(worth)
    return RiskComponent(component, min(total, cap), tuple(facts), capped=total > cap)


def _business_type(inputs: RiskInputs, rules: RiskRules) -> RiskComponent:
    riskiest = max(inputs.business_types, key=lambda t: rules.business_type_points[t])
    return RiskComponent(Component.BUSINESS_TYPE, rules.business_type_points[riskiest], (riskiest.value,))


def _violations(inputs: RiskInputs, review_date: dt.date, rules: RiskRules) -> RiskComponent:
    counted = sorted(
        (day, kind)
        for day, kind in inputs.violations
        if _within(day, review_date, rules.violation_window_months)
    )
    return _capped(
        Component.VIOLATIONS,
        [rules.violation_points[kind] for _, kind in counted],
        rules.violation_cap,
        [f"{day.isoformat()}:{kind.value}" for day, kind in counted],
    )


def _dated(
    component: Component, days: tuple[dt.date, ...], review_date: dt.date, rule: PerSignal
) -> RiskComponent:
    counted = sorted(day for day in days if _within(day, review_date, rule.window_months))
    return _capped(component, [rule.points] * len(counted), rule.cap, [day.isoformat() for day in counted])


def _licence(inputs: RiskInputs, review_date: dt.date, rules: RiskRules) -> RiskComponent | None:
    if not inputs.licensed:
        return RiskComponent(Component.LICENCE, rules.licence_points, ("unlicensed",))
    expiry = inputs.licence_expires_on
    if expiry is not None and expiry < review_date:
        return RiskComponent(Component.LICENCE, rules.licence_points, (f"expired:{expiry.isoformat()}",))
    return None


def _late_night(inputs: RiskInputs, rules: RiskRules) -> RiskComponent | None:
    if inputs.open_24h:
        return RiskComponent(Component.LATE_NIGHT, rules.late_night_points, ("open_24h",))
    closes = inputs.closes_at
    if closes is not None and (closes > rules.late_night_after or closes <= rules.night_ends_at):
        return RiskComponent(Component.LATE_NIGHT, rules.late_night_points, (f"closes:{closes:%H:%M}",))
    return None


def assess(inputs: RiskInputs, review_date: dt.date, rules: RiskRules = DEFAULT) -> RiskAssessment:
    """Score an establishment on ``review_date``; the components listed are those that gave points."""
    r = rules
    found = (
        _business_type(inputs, r),
        _violations(inputs, review_date, r),
        _dated(Component.TIPS, inputs.tip_dates, review_date, r.tips),
        _dated(Component.ONLINE_ITEMS, inputs.online_item_dates, review_date, r.online_items),
        _licence(inputs, review_date, r),
        _late_night(inputs, r),
    )
    components = tuple(c for c in found if c is not None and c.points > 0)
    score = sum(c.points for c in components)
    risk_class = r.class_of(score)
    interval = r.interval_days[risk_class]
    next_review = min(
        review_date + dt.timedelta(days=interval), add_months(review_date, r.review_within_months)
    )
    return RiskAssessment(review_date, score, risk_class, interval, next_review, components)
