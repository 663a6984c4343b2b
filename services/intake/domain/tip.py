"""Tips and their lifecycle as an explicit state machine (pure rules, no I/O).

received → verifying → verified | unfounded → classified → routed → handled,
plus transferred, merged (duplicate of another tip) and reopened.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from services.intake.domain.deadlines import DeadlineRules, Deadlines
from services.intake.domain.kinds import (
    ACTION_VI,
    STATUS_VI,
    Action,
    Category,
    Channel,
    Outcome,
    RoutingTarget,
    Severity,
    SubjectType,
    TipKind,
    TipStatus,
    TransferDestination,
    VerificationOutcome,
)

S, A = TipStatus, Action


OPEN = frozenset({S.RECEIVED, S.VERIFYING, S.VERIFIED, S.CLASSIFIED, S.ROUTED})
CLOSED = frozenset({S.HANDLED, S.UNFOUNDED, S.TRANSFERRED, S.MERGED})

# The whole lifecycle: (status, action) -> next status. Anything else is refused.
TRANSITIONS: dict[tuple[TipStatus, Action], TipStatus] = {
    (S.RECEIVED, A.START_VERIFICATION): S.VERIFYING,
    (S.VERIFYING, A.CONFIRM): S.VERIFIED,
    (S.VERIFYING, A.REJECT): S.UNFOUNDED,
    (S.VERIFIED, A.CLASSIFY): S.CLASSIFIED,
    (S.CLASSIFIED, A.ROUTE): S.ROUTED,
    (S.ROUTED, A.HANDLE): S.HANDLED,
    **{(s, A.TRANSFER): S.TRANSFERRED for s in (S.RECEIVED, S.VERIFYING, S.VERIFIED, S.CLASSIFIED)},
    **{(s, A.MERGE): S.MERGED for s in OPEN},
    **{(s, A.EXTEND): s for s in OPEN},
    **{(s, A.REOPEN): S.VERIFYING for s in CLOSED},
}


class TransitionNotAllowed(Exception):
    """A step the lifecycle does not allow from the tip's status; says which steps it does allow."""

    def __init__(self, status: TipStatus, action: Action) -> None:
        self.status = status
        self.action = action
        self.allowed = sorted(a.value for (s, a) in TRANSITIONS if s is status)
        allowed_vi = ", ".join(ACTION_VI[Action(a)] for a in self.allowed) or "không bước nào"
        super().__init__(
            f"Tin {STATUS_VI[status]} không thể {ACTION_VI[action]}; được phép: {allowed_vi}. / "
            f"A tip that is '{status}' cannot be '{action}'; allowed: {', '.join(self.allowed) or 'none'}."
        )

    def problem_extras(self) -> dict[str, object]:
        return {"tip_status": self.status.value, "action": self.action.value, "allowed_actions": self.allowed}


class InvalidCommand(Exception):
    """The command is well-formed but makes no sense for this tip."""


@dataclass(frozen=True, slots=True)
class Actor:
    sub: str
    unit: str

    @property
    def id(self) -> str:
        return f"{self.unit}:{self.sub}"


SYSTEM = Actor("system", "system")


@dataclass(frozen=True, slots=True)
class Transition:
    """One step of a tip's history: who, when, why, and what it set."""

    action: Action
    from_status: TipStatus | None
    to_status: TipStatus
    actor: Actor
    at: dt.datetime
    reason: str = ""
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DeadlineNoticed:
    """The deadline approaches (``overdue`` False) or has passed: announced once per deadline value."""

    due_at: dt.datetime
    at: dt.datetime
    overdue: bool


TipEvent = Transition | DeadlineNoticed


@dataclass
class Tip:
    """The aggregate: every change is a step of its history, recorded in ``new`` until collected."""

    id: uuid.UUID
    ward: str
    kind: TipKind
    channel: Channel
    subject_type: SubjectType
    residential_group: str
    received_at: dt.datetime
    deadlines: Deadlines
    status: TipStatus = TipStatus.RECEIVED
    anonymous: bool = False
    establishment_id: uuid.UUID | None = None
    content_hash: str | None = None
    accepted_at: dt.datetime | None = None
    verification: VerificationOutcome | None = None
    category: Category | None = None
    severity: Severity | None = None
    competent_unit: str | None = None
    complex: bool = False
    routed_to: RoutingTarget | None = None
    target_unit: str | None = None
    outcome: Outcome | None = None
    closed_at: dt.datetime | None = None
    merged_into: uuid.UUID | None = None
    extensions: int = 0
    approaching_notified_due: dt.datetime | None = None
    overdue_notified_due: dt.datetime | None = None
    history: list[Transition] = field(default_factory=list)
    new: list[TipEvent] = field(default_factory=list)  # recorded, not yet collected by the unit of work

    def collect_events(self) -> list[TipEvent]:
        """The events recorded since the last call; the unit of work publishes them at commit."""
        events, self.new = self.new, []
        return events

    @property
    def due_at(self) -> dt.datetime:
        return self.deadlines.due_at

    @property
    def cycle_start(self) -> dt.datetime:
        """Receipt, or the last reopening: limits of the current round count from here."""
        return next((s.at for s in reversed(self.history) if s.action is A.REOPEN), self.received_at)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def overdue(self, now: dt.datetime) -> bool:
        return self.is_open and now > self.due_at

    def on_time(self) -> bool:
        """Closed by its deadline (a transfer counts against the 24-hour transfer limit when it has one)."""
        if self.closed_at is None:
            return False
        limit = (
            self.deadlines.transfer_by
            if self.status is S.TRANSFERRED and self.deadlines.transfer_by
            else None
        )
        return self.closed_at <= (limit or self.due_at)

    def _apply(
        self, action: Action, actor: Actor, at: dt.datetime, reason: str, **details: Any
    ) -> Transition:
        target = TRANSITIONS.get((self.status, action))
        if target is None:
            raise TransitionNotAllowed(self.status, action)
        if at.tzinfo is None:
            raise ValueError("times must be timezone-aware")
        step = Transition(action, self.status, target, actor, at, reason, details)
        self.status = target
        self.history.append(step)
        self.new.append(step)
        return step

    def announce_deadline(self, now: dt.datetime, window: dt.timedelta) -> DeadlineNoticed | None:
        """Announce a deadline within ``window`` (or passed) once per deadline value; None if nothing new."""
        if not self.is_open or self.due_at > now + window:
            return None
        overdue = self.due_at <= now
        announced = self.overdue_notified_due if overdue else self.approaching_notified_due
        if announced == self.due_at:
            return None
        if overdue:
            self.overdue_notified_due = self.due_at
        else:
            self.approaching_notified_due = self.due_at
        notice = DeadlineNoticed(self.due_at, now, overdue)
        self.new.append(notice)
        return notice

    def start_verification(self, actor: Actor, at: dt.datetime, reason: str = "") -> Transition:
        return self._apply(A.START_VERIFICATION, actor, at, reason)

    def verify(
        self,
        actor: Actor,
        at: dt.datetime,
        outcome: VerificationOutcome,
        rules: DeadlineRules,
        reason: str = "",
    ) -> Transition:
        """Founded (fully or partly) → verified; otherwise → unfounded. Complaints count as accepted now."""
        founded = outcome in (VerificationOutcome.FOUNDED, VerificationOutcome.PARTLY_FOUNDED)
        step = self._apply(A.CONFIRM if founded else A.REJECT, actor, at, reason, outcome=outcome.value)
        self.verification = outcome
        if founded:
            self.accepted_at = at
            self._move_deadline(
                step, rules.on_acceptance(self.kind, self.deadlines, at, self.complex), "accepted"
            )
        else:
            self.outcome, self.closed_at = Outcome.UNFOUNDED, at
        return step

    def classify(
        self,
        actor: Actor,
        at: dt.datetime,
        *,
        category: Category,
        severity: Severity,
        competent_unit: str,
        complex_matter: bool,
        rules: DeadlineRules,
        reason: str = "",
    ) -> Transition:
        step = self._apply(
            A.CLASSIFY,
            actor,
            at,
            reason,
            category=category.value,
            severity=severity.value,
            competent_unit=competent_unit,
            complex=complex_matter,
        )
        self.category, self.severity, self.competent_unit = category, severity, competent_unit
        self.complex = complex_matter
        if complex_matter:
            longer = rules.on_complex(self.kind, self.deadlines, self.cycle_start, self.accepted_at)
            self._move_deadline(step, longer, "complex")
        return step

    def route(
        self, actor: Actor, at: dt.datetime, target: RoutingTarget, target_unit: str, reason: str = ""
    ) -> Transition:
        step = self._apply(A.ROUTE, actor, at, reason, target=target.value, target_unit=target_unit)
        self.routed_to, self.target_unit = target, target_unit
        return step

    def handle(
        self,
        actor: Actor,
        at: dt.datetime,
        outcome: Outcome,
        reason: str = "",
        resolved_by: RoutingTarget | None = None,
    ) -> Transition:
        step = self._apply(
            A.HANDLE,
            actor,
            at,
            reason,
            outcome=outcome.value,
            resolved_by=(resolved_by or self.routed_to or RoutingTarget.OTHER_AGENCY).value,
        )
        self.outcome, self.closed_at = outcome, at
        return step

    def transfer(
        self,
        actor: Actor,
        at: dt.datetime,
        destination: TransferDestination,
        agency_code: str,
        reason: str = "",
    ) -> Transition:
        step = self._apply(
            A.TRANSFER, actor, at, reason, destination=destination.value, agency_code=agency_code
        )
        self.closed_at = at
        return step

    def merge_into(self, actor: Actor, at: dt.datetime, other: uuid.UUID, reason: str = "") -> Transition:
        if other == self.id:
            raise InvalidCommand("a tip cannot be merged into itself")
        step = self._apply(A.MERGE, actor, at, reason, into=str(other))
        self.merged_into, self.closed_at = other, at
        return step

    def reopen(self, actor: Actor, at: dt.datetime, rules: DeadlineRules, reason: str = "") -> Transition:
        """Back to verification with a fresh limit counted from now; the old outcome is kept in history."""
        previous = self.outcome
        step = self._apply(A.REOPEN, actor, at, reason, previous_outcome=previous.value if previous else None)
        self.outcome = self.closed_at = self.merged_into = None
        self.verification = self.accepted_at = None  # a new round: a complaint is accepted again
        self.extensions = 0
        self._move_deadline(step, rules.on_receipt(self.kind, at, self.complex), "reopened")
        return step

    def _move_deadline(self, step: Transition, new: Deadlines, why: str) -> None:
        """Take the new limits; a handling limit that moves is written into the step that moved it."""
        if new.due_at != self.deadlines.due_at:
            step.details.update(
                previous_due_at=self.deadlines.due_at.isoformat(), due_at=new.due_at.isoformat(), due_rule=why
            )
        self.deadlines = new

    def extend(
        self, actor: Actor, at: dt.datetime, new_due_at: dt.datetime, rules: DeadlineRules, reason: str = ""
    ) -> Transition:
        if (self.status, A.EXTEND) not in TRANSITIONS:
            raise TransitionNotAllowed(self.status, A.EXTEND)
        previous = self.deadlines.due_at
        if new_due_at.tzinfo is None or at.tzinfo is None:
            raise ValueError("times must be timezone-aware")
        new_due_at = new_due_at.astimezone(dt.UTC)
        self.deadlines = rules.extend(self.kind, self.deadlines, self.extensions, at, new_due_at)
        self.extensions += 1
        return self._apply(
            A.EXTEND,
            actor,
            at,
            reason,
            previous_due_at=previous.isoformat(),
            due_at=self.deadlines.due_at.isoformat(),
            extension_number=self.extensions,
        )


def receive(
    *,
    tip_id: uuid.UUID,
    ward: str,
    kind: TipKind,
    channel: Channel,
    subject_type: SubjectType,
    residential_group: str,
    received_at: dt.datetime,
    actor: Actor,
    rules: DeadlineRules,
    anonymous: bool = False,
    establishment_id: uuid.UUID | None = None,
    content_hash: str | None = None,
) -> Tip:
    """A new tip, due by its kind's legal time limit; its history starts with the receipt."""
    if received_at.tzinfo is None:
        raise ValueError("received_at must be timezone-aware")
    tip = Tip(
        tip_id,
        ward,
        kind,
        channel,
        subject_type,
        residential_group,
        received_at,
        rules.on_receipt(kind, received_at),
        anonymous=anonymous,
        establishment_id=establishment_id,
        content_hash=content_hash,
    )
    step = Transition(A.RECEIVE, None, S.RECEIVED, actor, received_at, "", {"channel": channel.value})
    tip.history.append(step)
    tip.new.append(step)
    return tip


def replay_status(history: list[Transition]) -> TipStatus:
    """The status a history leads to under the transition table (it must equal the tip's status)."""
    status: TipStatus | None = None
    for step in history:
        if step.action is A.RECEIVE:
            if status is not None:
                raise ValueError("a history has one receipt, at its start")
            status = S.RECEIVED
            continue
        if status is None:
            raise ValueError("a history starts with the receipt")
        nxt = TRANSITIONS.get((status, step.action))
        if nxt is None or nxt is not step.to_status or step.from_status is not status:
            raise ValueError(f"step {step.action} from {step.from_status} is not allowed after {status}")
        status = nxt
    if status is None:
        raise ValueError("empty history")
    return status
