"""Hotspots (tụ điểm): a rule suggests a place, a person decides (pure rules, no I/O).

**Detection** on a day ``today``. The window is the ``window_days`` days ending on today (90 by
default: today and the 89 days before it). The signals of one place inside the window (tips, online
items and violations, each counted once) make a suggestion when there are at least ``min_signals``
of them (3), or when one of them is a violation of a serious kind (prostitution on the premises,
harbouring or brokering). Signals dated after today are not counted, nor, for a cleared place, those
up to the day it was cleared (they were weighed then). No suggestion is made for a place whose
hotspot is active (confirmed) or whose suggestion is still open; a place whose suggestion was
dismissed is suggested again only when a signal in the window is one no dismissal had listed.

**Lifecycle.** suggested → confirmed (the place is flagged) or dismissed (a reason is required);
confirmed → cleared, with a reason, once the place has been quiet for ``quiet_days`` (90): the
clearing day is at least that many days after the place's last signal, and after the confirmation
day (a hotspot is watched that long at least). A place flagged again after being cleared is
RE_FORMED, otherwise FORMED. Each step returns the new hotspot and a plain event of what happened.

Days are the ward's calendar days (Asia/Ho_Chi_Minh, UTC+7 all year); the steps' times are
timezone-aware instants.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass, replace

from services.inspection.domain.kinds import HotspotFormation, PlaceKind, ViolationKind

VN = dt.timezone(dt.timedelta(hours=7), "ICT")


def local_day(at: dt.datetime) -> dt.date:
    """The ward's calendar day of an instant; naive times are refused."""
    if at.tzinfo is None:
        raise ValueError("Thời điểm phải có múi giờ. / Times must be timezone-aware.")
    return at.astimezone(VN).date()


class SignalKind(enum.StrEnum):
    TIP = "tip"
    ONLINE_ITEM = "online_item"
    VIOLATION = "violation"


class Trigger(enum.StrEnum):
    SIGNALS = "signals"  # enough signals in the window
    SERIOUS_VIOLATION = "serious_violation"  # one serious violation is enough


class HotspotStatus(enum.StrEnum):
    SUGGESTED = "suggested"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    CLEARED = "cleared"


class Step(enum.StrEnum):
    CONFIRM = "confirm"
    DISMISS = "dismiss"
    CLEAR = "clear"


H, St = HotspotStatus, Step
TRANSITIONS: dict[tuple[HotspotStatus, Step], HotspotStatus] = {
    (H.SUGGESTED, St.CONFIRM): H.CONFIRMED,
    (H.SUGGESTED, St.DISMISS): H.DISMISSED,
    (H.CONFIRMED, St.CLEAR): H.CLEARED,
}
STATUS_VI = {H.SUGGESTED: "đang đề xuất", H.CONFIRMED: "đã xác nhận", H.DISMISSED: "đã bác",
             H.CLEARED: "đã xóa"}  # fmt: skip
STEP_VI = {St.CONFIRM: "xác nhận", St.DISMISS: "bác đề xuất", St.CLEAR: "xóa tụ điểm"}


class HotspotRefused(ValueError):
    """A step the rules do not allow; the message says why, in Vietnamese and English."""


class StepNotAllowed(HotspotRefused):
    """A step the lifecycle does not allow from the hotspot's status (see ``TRANSITIONS``)."""

    def __init__(self, status: HotspotStatus, step: Step) -> None:
        self.status, self.step = status, step
        super().__init__(
            f"Tụ điểm {STATUS_VI[status]} không thể {STEP_VI[step]}. / A hotspot that is '{status}' "
            f"cannot take the step '{step}'."
        )


class QuietPeriodNotOver(HotspotRefused):
    """Clearing before the place has been quiet long enough."""

    def __init__(self, last_signal: dt.date, earliest: dt.date, quiet_days: int) -> None:
        self.last_signal, self.earliest = last_signal, earliest
        super().__init__(
            f"Chưa thể xóa tụ điểm: phải {quiet_days} ngày không có tín hiệu, lần cuối ngày "
            f"{last_signal:%d/%m/%Y}; sớm nhất ngày {earliest:%d/%m/%Y}. / Cannot clear yet: the place "
            f"must be quiet for {quiet_days} days, the last signal or confirmation was on "
            f"{last_signal.isoformat()}; the earliest clearing day is {earliest.isoformat()}."
        )


@dataclass(frozen=True, slots=True)
class HotspotRules:
    """The thresholds, from the ward's configuration: window, count, serious kinds, quiet period."""

    window_days: int = 90
    min_signals: int = 3
    serious: frozenset[ViolationKind] = frozenset(
        {ViolationKind.PROSTITUTION_ON_PREMISES, ViolationKind.HARBOURING_OR_BROKERING}
    )
    quiet_days: int = 90

    def __post_init__(self) -> None:
        if self.window_days < 1 or self.quiet_days < 1 or self.min_signals < 2:
            raise ValueError(
                "Cửa sổ và thời gian yên ổn từ 1 ngày, ít nhất 2 tín hiệu. / Window and quiet period "
                "are at least 1 day, and at least 2 signals are needed."
            )


@dataclass(frozen=True, slots=True)
class Place:
    """Where signals point: an establishment of the register, or another place the ward codes."""

    kind: PlaceKind
    code: str  # the ward's code of the place, the same across re-formations
    residential_group: str
    establishment_id: str | None = None  # for an establishment, and only for one

    def __post_init__(self) -> None:
        if not self.code or (self.establishment_id is None) == (self.kind is PlaceKind.ESTABLISHMENT):
            raise ValueError(
                "Địa điểm cần mã; cơ sở kinh doanh (và chỉ cơ sở) cần mã cơ sở. / A place needs a code, "
                "and an establishment id exactly when it is an establishment."
            )

    @property
    def key(self) -> str:
        """Signals with the same key point at the same place."""
        if self.establishment_id is not None:
            return f"establishment:{self.establishment_id}"
        return f"place:{self.code}"


@dataclass(frozen=True, slots=True)
class Signal:
    """A tip, an online item or a violation pointing at a place, on the ward's calendar day ``on``."""

    kind: SignalKind
    id: str
    place: Place
    on: dt.date
    violation: ViolationKind | None = None  # the kind of a violation, and only of one
    inspection_id: str | None = None  # the inspection that found a violation

    def __post_init__(self) -> None:
        if (self.violation is None) == (self.kind is SignalKind.VIOLATION):
            raise ValueError(
                "Chỉ tín hiệu vi phạm mới có loại vi phạm, và phải có. / A violation signal, and only "
                "one, has a violation kind."
            )


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A place the rule proposes as a hotspot, with the signals inside the window, oldest first."""

    place: Place
    trigger: Trigger
    evidence: tuple[Signal, ...]
    window_first: dt.date
    window_last: dt.date

    @property
    def text_vi(self) -> str:
        span = f"{self.window_first:%d/%m/%Y} - {self.window_last:%d/%m/%Y}"
        if self.trigger is Trigger.SERIOUS_VIOLATION:
            return f"Có vi phạm nghiêm trọng; số tín hiệu trong thời gian xét: {len(self.evidence)} ({span})"
        return f"{len(self.evidence)} tín hiệu cùng một địa điểm ({span})"

    @property
    def text_en(self) -> str:
        span = f"{self.window_first.isoformat()} to {self.window_last.isoformat()}"
        if self.trigger is Trigger.SERIOUS_VIOLATION:
            return f"A serious violation; signals in the window: {len(self.evidence)} ({span})"
        return f"{len(self.evidence)} signals at the same place ({span})"


def suggest(
    signals: Iterable[Signal],
    hotspots: Iterable[Hotspot],
    today: dt.date,
    rules: HotspotRules = HotspotRules(),
) -> tuple[Suggestion, ...]:
    """The places to propose today, by place key; see the module's docstring for the rule."""
    first = today - dt.timedelta(days=rules.window_days - 1)
    standing: set[str] = set()  # an open suggestion or an active hotspot
    counted_from: dict[str, dt.date] = {}  # a cleared place: the day after its (last) clearing
    dismissed: set[tuple[str, SignalKind, str]] = set()  # evidence some dismissal listed
    for h in hotspots:
        key = h.place.key
        match h.status:
            case H.SUGGESTED | H.CONFIRMED:
                standing.add(key)
            case H.CLEARED:
                after = local_day(h.last_step_at) + dt.timedelta(days=1)
                counted_from[key] = max(after, counted_from.get(key, after))
            case H.DISMISSED:
                dismissed.update((key, s.kind, s.id) for s in h.evidence)
    by_place: dict[str, dict[tuple[SignalKind, str], Signal]] = {}
    for s in signals:
        key = s.place.key
        if max(first, counted_from.get(key, first)) <= s.on <= today:
            by_place.setdefault(key, {})[s.kind, s.id] = s
    found = []
    for key in sorted(by_place.keys() - standing):
        evidence = tuple(sorted(by_place[key].values(), key=lambda s: (s.on, s.kind, s.id)))
        if all((key, s.kind, s.id) in dismissed for s in evidence):
            continue
        serious = any(s.violation in rules.serious for s in evidence)
        if serious or len(evidence) >= rules.min_signals:
            trigger = Trigger.SERIOUS_VIOLATION if serious else Trigger.SIGNALS
            found.append(Suggestion(evidence[-1].place, trigger, evidence, first, today))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class HotspotSuggested:
    """The rule proposed the place; ``evidence_ids``: the signals it rests on, oldest first."""

    hotspot_id: str
    at: dt.datetime
    place: Place
    trigger: Trigger
    evidence_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HotspotConfirmed:
    """The place is flagged as a hotspot (the contract's ``HotspotFlagged``)."""

    hotspot_id: str
    at: dt.datetime
    by: str
    place_kind: PlaceKind
    place_code: str
    residential_group: str
    establishment_id: str | None
    formation: HotspotFormation
    source_tip_id: str | None  # the latest tip of the evidence
    source_inspection_id: str | None  # the inspection of the latest violation of the evidence


@dataclass(frozen=True, slots=True)
class HotspotDismissed:
    """A person decided the suggestion was not a hotspot, and said why."""

    hotspot_id: str
    at: dt.datetime
    by: str
    reason: str


@dataclass(frozen=True, slots=True)
class HotspotCleared:
    """The hotspot is no longer active (the contract's ``HotspotCleared``)."""

    hotspot_id: str
    at: dt.datetime
    by: str
    place_code: str
    residential_group: str
    reason: str


HotspotEvent = HotspotSuggested | HotspotConfirmed | HotspotDismissed | HotspotCleared


def _needed(value: str, what_vi: str, what_en: str) -> str:
    if not value.strip():
        raise HotspotRefused(f"Cần ghi {what_vi}. / The {what_en} is required.")
    return value.strip()


@dataclass(frozen=True, slots=True)
class Hotspot:
    """One suggestion and what people decided about it; each step returns a new value and its event."""

    id: str
    place: Place
    trigger: Trigger
    evidence: tuple[Signal, ...]
    suggested_at: dt.datetime
    status: HotspotStatus = H.SUGGESTED
    formation: HotspotFormation | None = None
    decided_at: dt.datetime | None = None  # confirmed or dismissed
    decided_by: str | None = None
    dismissal_reason: str | None = None
    cleared_at: dt.datetime | None = None
    cleared_by: str | None = None
    clearing_reason: str | None = None

    @classmethod
    def open(
        cls, hotspot_id: str, suggestion: Suggestion, at: dt.datetime
    ) -> tuple[Hotspot, HotspotSuggested]:
        local_day(at)
        hotspot = cls(hotspot_id, suggestion.place, suggestion.trigger, suggestion.evidence, at)
        ids = tuple(s.id for s in suggestion.evidence)
        return hotspot, HotspotSuggested(hotspot_id, at, suggestion.place, suggestion.trigger, ids)

    @property
    def is_active(self) -> bool:
        return self.status is H.CONFIRMED

    @property
    def last_step_at(self) -> dt.datetime:
        return self.cleared_at or self.decided_at or self.suggested_at

    def _step(self, step: Step, at: dt.datetime, by: str) -> tuple[HotspotStatus, str]:
        target = TRANSITIONS.get((self.status, step))
        if target is None:
            raise StepNotAllowed(self.status, step)
        local_day(at)
        last = self.last_step_at
        if at < last:
            raise HotspotRefused(
                f"Thời điểm {at.isoformat()} trước bước trước ({last.isoformat()}). / The step's time "
                f"{at.isoformat()} is before the previous step ({last.isoformat()})."
            )
        return target, _needed(by, "người quyết định", "person deciding")

    def confirm(
        self, at: dt.datetime, by: str, place_history: Iterable[Hotspot]
    ) -> tuple[Hotspot, HotspotConfirmed]:
        """Flag the place; ``place_history``: the place's other hotspots, to tell a re-formation."""
        status, by = self._step(St.CONFIRM, at, by)
        others = [h for h in place_history if h.place.key == self.place.key and h.id != self.id]
        if any(h.is_active for h in others):
            raise HotspotRefused(
                "Địa điểm này đang là tụ điểm đã xác nhận. / The place is already an active hotspot."
            )
        cleared_before = any(h.status is H.CLEARED for h in others)
        formation = HotspotFormation.RE_FORMED if cleared_before else HotspotFormation.FORMED
        tips = [s.id for s in self.evidence if s.kind is SignalKind.TIP]
        inspections = [s.inspection_id for s in self.evidence if s.kind is SignalKind.VIOLATION]
        p = self.place
        event = HotspotConfirmed(
            self.id, at, by, p.kind, p.code, p.residential_group, p.establishment_id, formation,
            tips[-1] if tips else None, inspections[-1] if inspections else None,
        )  # fmt: skip
        return replace(self, status=status, formation=formation, decided_at=at, decided_by=by), event

    def dismiss(self, at: dt.datetime, by: str, reason: str) -> tuple[Hotspot, HotspotDismissed]:
        status, by = self._step(St.DISMISS, at, by)
        reason = _needed(reason, "lý do bác đề xuất", "reason for dismissing")
        hotspot = replace(self, status=status, decided_at=at, decided_by=by, dismissal_reason=reason)
        return hotspot, HotspotDismissed(self.id, at, by, reason)

    def quiet_since(self, signals: Iterable[Signal]) -> dt.date:
        """The last day the place was not quiet: its latest signal, or the confirmation day if later."""
        days = [s.on for s in signals if s.place.key == self.place.key]
        return max([*days, local_day(self.decided_at or self.suggested_at)])

    def clearable_from(self, signals: Iterable[Signal], rules: HotspotRules = HotspotRules()) -> dt.date:
        return self.quiet_since(signals) + dt.timedelta(days=rules.quiet_days)

    def clear(
        self,
        at: dt.datetime,
        by: str,
        reason: str,
        signals: Iterable[Signal],
        rules: HotspotRules = HotspotRules(),
    ) -> tuple[Hotspot, HotspotCleared]:
        """The hotspot is no longer active; refused before the place has been quiet long enough."""
        status, by = self._step(St.CLEAR, at, by)
        reason = _needed(reason, "lý do xóa tụ điểm", "reason for clearing")
        signals = tuple(signals)
        earliest = self.clearable_from(signals, rules)
        if local_day(at) < earliest:
            raise QuietPeriodNotOver(self.quiet_since(signals), earliest, rules.quiet_days)
        hotspot = replace(self, status=status, cleared_at=at, cleared_by=by, clearing_reason=reason)
        p = self.place
        return hotspot, HotspotCleared(self.id, at, by, p.code, p.residential_group, reason)
