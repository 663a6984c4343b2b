"""Referrals to providers and their lifecycle as an explicit state machine (pure rules, no I/O).

made → accepted | declined; accepted → completed (the service was provided) | not_completed (lost to
follow-up, client not reached, provider unable, ...); a referral still open (made or accepted) can be
cancelled (consent withdrawn, case closed, made in error). Each step says who took it and when, and
a step not in ``TRANSITIONS`` is refused with the steps that are allowed.

Making a referral needs, at that instant, the client's consent for case management and for the
referral's purpose (health services for harm reduction, social protection for reintegration: see
``consent.referral_purpose``), plus consent to share details with that provider when identifying
details go with it; and a provider in the directory that offers the service kind.

Follow-up: a referral with no answer ``answer_days`` after it was made, or accepted with no outcome
``outcome_days`` after the acceptance, is due for follow-up (``follow_ups_due``).
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from services.case_support.domain.consent import referral_purpose
from services.case_support.domain.kinds import (
    OUTCOME_VI,
    PURPOSE_VI,
    SERVICE_CATEGORY,
    SERVICE_VI,
    ConsentPurpose,
    ProviderKind,
    ReferralOutcome,
    ServiceCategory,
    ServiceKind,
)
from shared.uow import Aggregate


class ReferralStatus(enum.StrEnum):
    MADE = "made"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"
    CANCELLED = "cancelled"


class ReferralStep(enum.StrEnum):
    ACCEPT = "accept"
    DECLINE = "decline"
    COMPLETE = "complete"
    NOT_COMPLETE = "not_complete"
    CANCEL = "cancel"


class CancelReason(enum.StrEnum):
    CONSENT_WITHDRAWN = "consent_withdrawn"
    CASE_CLOSED = "case_closed"
    MADE_IN_ERROR = "made_in_error"


S, St, Out = ReferralStatus, ReferralStep, ReferralOutcome

# The whole lifecycle: (status, step) -> next status. Anything else is refused.
TRANSITIONS: dict[tuple[ReferralStatus, ReferralStep], ReferralStatus] = {
    (S.MADE, St.ACCEPT): S.ACCEPTED,
    (S.MADE, St.DECLINE): S.DECLINED,
    (S.ACCEPTED, St.COMPLETE): S.COMPLETED,
    (S.ACCEPTED, St.NOT_COMPLETE): S.NOT_COMPLETED,
    (S.MADE, St.CANCEL): S.CANCELLED,
    (S.ACCEPTED, St.CANCEL): S.CANCELLED,
}
OPEN = frozenset({S.MADE, S.ACCEPTED})
ENDED = frozenset(S) - OPEN
ACCEPTED_OR_DONE = frozenset({S.ACCEPTED, S.COMPLETED})  # a service may be recorded against these
# The outcomes each step may give (the outcome the contract's ReferralCompleted carries).
OUTCOMES: dict[ReferralStep, frozenset[ReferralOutcome]] = {
    St.ACCEPT: frozenset(),
    St.DECLINE: frozenset({Out.CLIENT_DECLINED, Out.PROVIDER_UNABLE, Out.OTHER}),
    St.COMPLETE: frozenset({Out.SERVICE_PROVIDED}),
    St.NOT_COMPLETE: frozenset(
        {Out.LOST_TO_FOLLOW_UP, Out.CLIENT_NOT_REACHED, Out.PROVIDER_UNABLE, Out.CLIENT_DECLINED, Out.OTHER}
    ),
    St.CANCEL: frozenset({Out.OTHER}),
}
STATUS_VI = {S.MADE: "đã chuyển gửi", S.ACCEPTED: "đã được tiếp nhận", S.DECLINED: "bị từ chối",
             S.COMPLETED: "đã hoàn thành", S.NOT_COMPLETED: "không hoàn thành",
             S.CANCELLED: "đã hủy"}  # fmt: skip
STEP_VI = {St.ACCEPT: "tiếp nhận", St.DECLINE: "từ chối", St.COMPLETE: "hoàn thành",
           St.NOT_COMPLETE: "ghi nhận không hoàn thành", St.CANCEL: "hủy"}  # fmt: skip


class ReferralRefused(ValueError):
    """A referral or a step the rules refuse; the message says why in Vietnamese and English."""

    def problem_extras(self) -> dict[str, object]:
        return {}


class StepNotAllowed(ReferralRefused):
    """A step the lifecycle does not allow from the referral's status; says which steps it allows."""

    def __init__(self, status: ReferralStatus, step: ReferralStep) -> None:
        self.status, self.step = status, step
        self.allowed = sorted(s.value for (f, s) in TRANSITIONS if f is status)
        allowed_vi = ", ".join(STEP_VI[ReferralStep(s)] for s in self.allowed) or "không bước nào"
        super().__init__(
            f"Chuyển gửi {STATUS_VI[status]} không thể {STEP_VI[step]}; được phép: {allowed_vi}. / "
            f"A referral that is '{status}' cannot take the step '{step}'; allowed: "
            f"{', '.join(self.allowed) or 'none'}."
        )

    def problem_extras(self) -> dict[str, object]:
        return {"referral_status": self.status.value, "step": self.step.value, "allowed_steps": self.allowed}


class OutcomeNotAllowed(ReferralRefused):
    def __init__(self, step: ReferralStep, outcome: ReferralOutcome) -> None:
        self.step, self.outcome = step, outcome
        self.allowed = sorted(o.value for o in OUTCOMES[step])
        super().__init__(
            f"Bước {STEP_VI[step]} không đi với kết quả '{OUTCOME_VI[outcome]}'. / "
            f"The step '{step}' cannot end with '{outcome}'; allowed: {', '.join(self.allowed) or 'none'}."
        )

    def problem_extras(self) -> dict[str, object]:
        return {"step": self.step.value, "outcome": self.outcome.value, "allowed_outcomes": self.allowed}


class ConsentMissing(ReferralRefused):
    """The client has not consented (or has withdrawn consent) to what the referral needs."""

    def __init__(self, purpose: ConsentPurpose, provider_id: str = "") -> None:
        self.purpose, self.provider_id = purpose, provider_id
        super().__init__(
            f"Thân chủ chưa đồng ý (hoặc đã rút đồng ý) {PURPOSE_VI[purpose]}: không thể chuyển gửi. / "
            f"The client has not consented to (or has withdrawn) '{purpose}': no referral can be made."
        )

    def problem_extras(self) -> dict[str, object]:
        return {"missing_consent": self.purpose.value}


class ServiceNotOffered(ReferralRefused):
    def __init__(self, provider_id: str, kind: ServiceKind, active: bool) -> None:
        self.provider_id, self.kind = provider_id, kind
        vi = "đang ngừng hoạt động" if not active else f"không cung cấp dịch vụ {SERVICE_VI[kind]}"
        en = "is not active" if not active else f"does not offer '{kind}'"
        super().__init__(f"Đơn vị {provider_id} {vi}. / Provider {provider_id} {en}.")

    def problem_extras(self) -> dict[str, object]:
        return {"provider_id": self.provider_id, "service_kind": self.kind.value}


class ConsentCheck(Protocol):
    """What a referral asks of the consent record (``consent.ConsentLedger`` is one)."""

    def granted(self, purpose: ConsentPurpose, at: dt.datetime, provider_id: str = "") -> bool: ...


@dataclass(frozen=True, slots=True)
class Provider:
    """A provider of the directory and the service kinds it offers."""

    id: str
    kind: ProviderKind
    offers: frozenset[ServiceKind]
    active: bool = True


@dataclass(frozen=True, slots=True)
class ReferralMade:
    by: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class Stepped:
    """One step of a referral's history: who, when, and the outcome it gave."""

    step: ReferralStep
    from_status: ReferralStatus
    to_status: ReferralStatus
    by: str
    at: dt.datetime
    outcome: ReferralOutcome | None = None
    cancel_reason: CancelReason | None = None


@dataclass(frozen=True, slots=True)
class FollowUpRules:
    """Days without an answer (made) or without an outcome (accepted) before a follow-up is due."""

    answer_days: int = 7
    outcome_days: int = 30

    def __post_init__(self) -> None:
        if self.answer_days < 1 or self.outcome_days < 1:
            raise ValueError("Số ngày theo dõi từ 1 trở lên. / Follow-up days are at least 1.")


@dataclass(frozen=True, slots=True)
class FollowUpDue:
    referral_id: uuid.UUID
    case_id: uuid.UUID
    status: ReferralStatus  # made: no answer yet; accepted: no outcome yet
    since: dt.datetime
    due_at: dt.datetime


def _aware(at: dt.datetime) -> None:
    if at.tzinfo is None:
        raise ValueError("Thời điểm phải có múi giờ. / Times must be timezone-aware.")


@dataclass(eq=False)
class Referral(Aggregate):
    """The aggregate: a client referred to one provider for one service kind."""

    id: uuid.UUID
    case_id: uuid.UUID
    client_code: str
    kind: ServiceKind
    provider_id: str
    provider_kind: ProviderKind
    made_by: str
    made_at: dt.datetime
    shares_details: bool = False
    status: ReferralStatus = S.MADE
    outcome: ReferralOutcome | None = None
    history: list[Stepped] = field(default_factory=list)

    @property
    def category(self) -> ServiceCategory:
        return SERVICE_CATEGORY[self.kind]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def last_at(self) -> dt.datetime:
        return self.history[-1].at if self.history else self.made_at

    def accept(self, by: str, at: dt.datetime) -> Stepped:
        return self._apply(St.ACCEPT, by, at, None)

    def decline(self, by: str, at: dt.datetime, outcome: ReferralOutcome) -> Stepped:
        return self._apply(St.DECLINE, by, at, outcome)

    def complete(self, by: str, at: dt.datetime) -> Stepped:
        """The provider gave the service (a service received is recorded with the referral)."""
        return self._apply(St.COMPLETE, by, at, Out.SERVICE_PROVIDED)

    def not_complete(self, by: str, at: dt.datetime, outcome: ReferralOutcome) -> Stepped:
        return self._apply(St.NOT_COMPLETE, by, at, outcome)

    def cancel(self, by: str, at: dt.datetime, reason: CancelReason) -> Stepped:
        return self._apply(St.CANCEL, by, at, Out.OTHER, reason)

    def _apply(
        self,
        step: ReferralStep,
        by: str,
        at: dt.datetime,
        outcome: ReferralOutcome | None,
        cancel_reason: CancelReason | None = None,
    ) -> Stepped:
        target = TRANSITIONS.get((self.status, step))
        if target is None:
            raise StepNotAllowed(self.status, step)
        if outcome is not None and outcome not in OUTCOMES[step]:
            raise OutcomeNotAllowed(step, outcome)
        _aware(at)
        if at < self.last_at:
            raise ReferralRefused(
                "Thời điểm trước bước trước đó của chuyển gửi. / A step cannot be dated before the "
                "referral's previous step."
            )
        stepped = Stepped(step, self.status, target, by, at, outcome, cancel_reason)
        self.status, self.outcome = target, outcome
        self.history.append(stepped)
        self.record(stepped)
        return stepped

    def follow_up(self, rules: FollowUpRules) -> FollowUpDue | None:
        """When this referral is due for follow-up if nothing happens (None once it has ended)."""
        if self.status is S.MADE:
            since, days = self.made_at, rules.answer_days
        elif self.status is S.ACCEPTED:
            since, days = self.last_at, rules.outcome_days
        else:
            return None
        return FollowUpDue(self.id, self.case_id, self.status, since, since + dt.timedelta(days=days))


def make_referral(
    *,
    referral_id: uuid.UUID,
    case_id: uuid.UUID,
    client_code: str,
    kind: ServiceKind,
    provider: Provider,
    by: str,
    at: dt.datetime,
    consents: ConsentCheck,
    shares_details: bool = False,
) -> Referral:
    """A new referral, if the provider offers ``kind`` and the client consents to it at ``at``."""
    _aware(at)
    if not provider.active or kind not in provider.offers:
        raise ServiceNotOffered(provider.id, kind, provider.active)
    needed = [(ConsentPurpose.CASE_MANAGEMENT, ""), (referral_purpose(kind), "")]
    if shares_details:
        needed.append((ConsentPurpose.PROVIDER_SHARING, provider.id))
    for purpose, provider_id in needed:
        if not consents.granted(purpose, at, provider_id):
            raise ConsentMissing(purpose, provider_id)
    referral = Referral(
        referral_id, case_id, client_code, kind, provider.id, provider.kind, by, at, shares_details
    )
    referral.record(ReferralMade(by, at))
    return referral


def follow_ups_due(
    referrals: Iterable[Referral], now: dt.datetime, rules: FollowUpRules
) -> list[FollowUpDue]:
    """The open referrals due for follow-up at ``now``, the longest overdue first."""
    _aware(now)
    due = [f for r in referrals if (f := r.follow_up(rules)) is not None and f.due_at <= now]
    return sorted(due, key=lambda f: (f.due_at, str(f.referral_id)))


def replay_status(history: Iterable[Stepped]) -> ReferralStatus:
    """The status a history leads to under the table (it must equal the referral's status)."""
    status = S.MADE
    for s in history:
        nxt = TRANSITIONS.get((status, s.step))
        if nxt is None or s.from_status is not status or s.to_status is not nxt:
            raise ValueError(f"step {s.step} from {s.from_status} is not allowed after {status}")
        status = nxt
    return status
