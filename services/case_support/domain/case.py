"""The support case of one client (pure rules, no I/O): enrolment, needs, services, plan, closure, erasure.

open → closed (with the contract's reason) → open again (reopened, with case-management consent in
force). A case opens only with the client's consent to case management (keeping records); other
purposes may be consented to at enrolment or later. The client is known by the pseudonymous code;
name, phone and contact are optional and kept only while the consent for them is in force.

**Identifying data** are the personal fields (``consent.PERSONAL_FIELDS``) and the free-text notes of
the plan and follow-ups. Erasure (at the client's request, when consent is withdrawn, or when a case
has been closed longer than the retention period) clears exactly those and keeps the pseudonymous
facts the indicators need (code, dates, needs and eligibility, services): ``facts()`` is unchanged.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from services.case_support.domain.consent import (
    PERSONAL_FIELDS,
    ConsentGranted,
    ConsentLedger,
    ConsentWithdrawn,
    present,
    purpose_for_field,
)
from services.case_support.domain.kinds import (
    PURPOSE_VI,
    SERVICE_CATEGORY,
    ClosureReason,
    ConsentMethod,
    ConsentPurpose,
    EnrolmentSource,
    ProviderKind,
    ServiceKind,
    ServiceSource,
)
from services.case_support.domain.needs import Assessment
from services.case_support.domain.plan import (
    CasePlan,
    FollowUp,
    FollowUpDone,
    FollowUpScheduled,
    Plan,
    PlanSet,
    local_day,
)
from services.case_support.domain.records import (
    STATUS_VI,
    CaseFacts,
    CaseStatus,
    Closed,
    Enrolled,
    Erased,
    ErasureReason,
    NeedsAssessed,
    Personal,
    PersonalChanged,
    Reopened,
    ServiceRecord,
    ServiceRecorded,
)
from services.case_support.domain.referral import ACCEPTED_OR_DONE, Provider, Referral, make_referral
from shared.uow import Aggregate

P = ConsentPurpose
E = TypeVar("E")


class CaseRefused(ValueError):
    """A step on a case the rules refuse; the message says why in Vietnamese and English."""

    def __init__(self, message_vi: str, message_en: str, **extras: object) -> None:
        self.extras = extras
        super().__init__(f"{message_vi} / {message_en}")

    def problem_extras(self) -> dict[str, object]:
        return dict(self.extras)


class StepNotAllowed(CaseRefused):
    def __init__(self, status: CaseStatus, step: str) -> None:
        self.status, self.step = status, step
        super().__init__(
            f"Hồ sơ {STATUS_VI[status]} không thể thực hiện bước '{step}'.",
            f"A case that is '{status}' cannot be '{step}'.",
            case_status=status.value,
            step=step,
        )


class ConsentRequired(CaseRefused):
    def __init__(self, purpose: ConsentPurpose) -> None:
        self.purpose = purpose
        super().__init__(
            f"Cần đồng ý {PURPOSE_VI[purpose]} của thân chủ",
            f"The client's consent for '{purpose}' is required",
            missing_consent=purpose.value,
        )


@dataclass(eq=False)
class Case(Aggregate):
    """The aggregate: one client's case, known by the client's pseudonymous code."""

    id: uuid.UUID
    ward: str
    client_code: str
    source: EnrolmentSource
    enrolled_by: str
    enrolled_at: dt.datetime
    source_tip_id: uuid.UUID | None = None
    status: CaseStatus = CaseStatus.OPEN
    consents: ConsentLedger = field(default_factory=ConsentLedger)
    personal: Personal = field(default_factory=Personal)
    assessments: list[Assessment] = field(default_factory=list)
    services: list[ServiceRecord] = field(default_factory=list)
    plan: CasePlan = field(default_factory=CasePlan)
    closure_reason: ClosureReason | None = None
    closed_at: dt.datetime | None = None
    erased_at: dt.datetime | None = None
    wholly_erased: bool = False  # every identifying field cleared and the reporting key destroyed

    @classmethod
    def enrol(
        cls,
        *,
        case_id: uuid.UUID,
        ward: str,
        client_code: str,
        source: EnrolmentSource,
        by: str,
        at: dt.datetime,
        method: ConsentMethod,
        purposes: Iterable[ConsentPurpose] = (P.CASE_MANAGEMENT,),
        source_tip_id: uuid.UUID | None = None,
        assessment: Assessment | None = None,
    ) -> Case:
        """Open a case with the consents given at enrolment (case management at least)."""
        local_day(at)
        given = list(dict.fromkeys(purposes))
        if P.CASE_MANAGEMENT not in given:
            raise ConsentRequired(P.CASE_MANAGEMENT)
        if (source is EnrolmentSource.TIP) != (source_tip_id is not None):
            raise CaseRefused(
                "Chỉ hồ sơ từ tin báo chuyển đến mới ghi mã tin báo, và phải ghi",
                "A case enrolled from a tip names the tip, and only such a case does",
                field="source_tip_id",
            )
        case = cls(case_id, ward, client_code, source, by, at, source_tip_id)
        grants = [case.consents.grant(p, by=by, at=at, method=method) for p in given]
        eligible = assessment is not None and assessment.eligible
        has_needs = assessment is not None and assessment.has_needs
        case.record(Enrolled(by, at, eligible, has_needs), *grants)
        if assessment is not None:
            case.assess(assessment)
        return case

    @property
    def is_open(self) -> bool:
        return self.status is CaseStatus.OPEN

    @property
    def assessment(self) -> Assessment | None:
        """The current assessment: the latest replaces the ones before."""
        return self.assessments[-1] if self.assessments else None

    def _recorded(self, event: E) -> E:
        self.record(event)
        return event

    def _open(self, step: str) -> None:
        if not self.is_open:
            raise StepNotAllowed(self.status, step)

    def _not_before(self, at: dt.datetime, since: dt.datetime) -> None:
        local_day(at)
        if at < since:
            raise CaseRefused("Thời điểm trước bước trước đó", "A step cannot predate the one it follows")

    # consent -------------------------------------------------------------------------------------

    def grant_consent(
        self,
        purpose: ConsentPurpose,
        *,
        by: str,
        at: dt.datetime,
        method: ConsentMethod,
        provider_id: str = "",
    ) -> ConsentGranted:
        return self._recorded(
            self.consents.grant(purpose, by=by, at=at, method=method, provider_id=provider_id)
        )

    def withdraw_consent(
        self,
        purpose: ConsentPurpose,
        *,
        by: str,
        at: dt.datetime,
        method: ConsentMethod,
        provider_id: str = "",
    ) -> ConsentWithdrawn:
        """At once: the fields kept under the purpose are erased; without case management, the case
        closes and everything identifying is erased."""
        event = self.consents.withdraw(purpose, by=by, at=at, method=method, provider_id=provider_id)
        self.record(event)
        if purpose is P.CASE_MANAGEMENT:
            if self.is_open:
                self.close(ClosureReason.CONSENT_WITHDRAWN, by=by, at=at)
            self.erase(by=by, at=at, reason=ErasureReason.CONSENT_WITHDRAWN)
        elif event.erase_fields:
            self._erase(by, at, ErasureReason.CONSENT_WITHDRAWN, event.erase_fields, notes=False)
        return event

    # personal fields -----------------------------------------------------------------------------

    def set_personal(self, personal: Personal, *, by: str, at: dt.datetime) -> PersonalChanged | None:
        """Replace the personal fields; a field is kept only with the consent for it in force now."""
        self._open("set_personal")
        for name in present(personal):
            purpose = purpose_for_field(name)
            if not self.consents.granted(purpose, at):
                raise ConsentRequired(purpose)
        changed = tuple(n for n in PERSONAL_FIELDS if getattr(personal, n) != getattr(self.personal, n))
        if not changed:
            return None
        self.personal = personal
        return self._recorded(PersonalChanged(by, at, changed))

    def read_personal(self) -> Personal:
        """The personal fields; an erased client's are gone, and asking for them is refused."""
        if self.erased_at is not None and not present(self.personal):
            raise CaseRefused(
                "Thông tin cá nhân của thân chủ đã bị xóa",
                "The client's personal data has been erased",
                erased_at=self.erased_at.isoformat(),
            )
        return self.personal

    # needs, services, referrals ------------------------------------------------------------------

    def assess(self, assessment: Assessment) -> NeedsAssessed:
        """A (re)assessment: it replaces the current one."""
        self._open("assess")
        previous = self.assessment
        self._not_before(assessment.at, previous.at if previous else self.enrolled_at)
        self.assessments.append(assessment)
        return self._recorded(NeedsAssessed(assessment))

    def record_service(
        self,
        *,
        record_id: uuid.UUID,
        kind: ServiceKind,
        received_on: dt.date,
        provider_id: str,
        provider_kind: ProviderKind,
        source: ServiceSource,
        by: str,
        at: dt.datetime,
        referral: Referral | None = None,
    ) -> ServiceRecord:
        """A service the client received, on a day from enrolment to today (the ward's days)."""
        self._open("record_service")
        if received_on > local_day(at):
            raise CaseRefused(
                f"Ngày nhận dịch vụ ({received_on:%d/%m/%Y}) ở tương lai",
                f"The service date {received_on.isoformat()} is in the future",
                field="received_on",
            )
        if received_on < local_day(self.enrolled_at):
            raise CaseRefused(
                "Ngày nhận dịch vụ trước ngày mở hồ sơ",
                "The service date is before the case was opened",
                field="received_on",
            )
        if referral is not None and (
            referral.case_id != self.id
            or referral.kind is not kind
            or referral.provider_id != provider_id
            or referral.status not in ACCEPTED_OR_DONE
        ):
            raise CaseRefused(
                "Chuyển gửi không khớp với dịch vụ (hồ sơ, loại dịch vụ, đơn vị hoặc trạng thái)",
                "The referral does not match the service (case, kind, provider or status)",
                field="referral_id",
            )
        record = ServiceRecord(
            record_id, kind, SERVICE_CATEGORY[kind], received_on, provider_id, provider_kind, source, by,
            at, referral.id if referral is not None else None,
        )  # fmt: skip
        self.services.append(record)
        self.record(ServiceRecorded(record))
        return record

    def refer(
        self,
        *,
        referral_id: uuid.UUID,
        kind: ServiceKind,
        provider: Provider,
        by: str,
        at: dt.datetime,
        shares_details: bool = False,
    ) -> Referral:
        """Refer the client of this open case, with the consents in force at ``at``."""
        self._open("refer")
        return make_referral(
            referral_id=referral_id, case_id=self.id, client_code=self.client_code, kind=kind,
            provider=provider, by=by, at=at, consents=self.consents, shares_details=shares_details,
        )  # fmt: skip

    # plan and follow-ups (see ``plan``) --------------------------------------------------------

    def set_plan(self, plan: Plan) -> PlanSet:
        self._open("set_plan")
        self._not_before(plan.at, self.enrolled_at)
        return self._recorded(self.plan.set(plan))

    def schedule_follow_up(self, follow_up: FollowUp, at: dt.datetime) -> FollowUpScheduled:
        self._open("schedule_follow_up")
        return self._recorded(self.plan.schedule(follow_up, at))

    def complete_follow_up(self, follow_up_id: uuid.UUID, *, by: str, at: dt.datetime) -> FollowUpDone:
        return self._recorded(self.plan.complete(follow_up_id, by=by, at=at))

    def follow_ups_due(self, today: dt.date) -> list[FollowUp]:
        """The pending follow-ups due by ``today`` of an open case, earliest first."""
        return self.plan.due(today) if self.is_open else []

    # closure, erasure ----------------------------------------------------------------------------

    def close(self, reason: ClosureReason, *, by: str, at: dt.datetime) -> Closed:
        self._open("close")
        self._not_before(at, self.enrolled_at)
        self.status, self.closure_reason, self.closed_at = CaseStatus.CLOSED, reason, at
        return self._recorded(Closed(by, at, reason))

    def reopen(self, *, by: str, at: dt.datetime) -> Reopened:
        """A closed case opens again, with the client's consent to case management in force."""
        if self.closed_at is None:
            raise StepNotAllowed(self.status, "reopen")
        if self.wholly_erased:  # it would publish under a new pseudonym, linked by the case's id
            raise CaseRefused("Hồ sơ đã xóa không thể mở lại; hãy tiếp nhận như hồ sơ mới",
                              "An erased case cannot be reopened; enrol the client anew")  # fmt: skip
        self._not_before(at, self.closed_at)
        if not self.consents.granted(P.CASE_MANAGEMENT, at):
            raise ConsentRequired(P.CASE_MANAGEMENT)
        self.status, self.closure_reason, self.closed_at = CaseStatus.OPEN, None, None
        return self._recorded(Reopened(by, at))

    def identifying_fields(self) -> tuple[str, ...]:
        """The identifying fields that hold something now (what an erasure would clear)."""
        return present(self.personal) + self.plan.notes_present()

    def erase(self, *, by: str, at: dt.datetime, reason: ErasureReason) -> Erased:
        """Clear every identifying field; the pseudonymous facts stay (``facts()`` does not change)."""
        return self._erase(by, at, reason, PERSONAL_FIELDS, notes=True)

    def _erase(
        self, by: str, at: dt.datetime, reason: ErasureReason, names: tuple[str, ...], *, notes: bool
    ) -> Erased:
        local_day(at)
        cleared = tuple(n for n in self.identifying_fields() if n in names or notes)
        self.personal = replace(self.personal, **dict.fromkeys(names))
        if notes:
            self.plan.erase_notes()
        self.erased_at, self.wholly_erased = at, self.wholly_erased or notes
        return self._recorded(Erased(by, at, reason, cleared, whole=notes))

    def erasure_due(self, now: dt.datetime, retention: dt.timedelta) -> bool:
        """Closed for at least ``retention`` and still holding something identifying."""
        return (
            self.closed_at is not None
            and now - self.closed_at >= retention
            and bool(self.identifying_fields())
        )

    def facts(self) -> CaseFacts:
        current = self.assessment
        return CaseFacts(
            self.client_code,
            self.enrolled_at,
            self.closed_at,
            current is not None and current.eligible,
            current is not None and current.has_needs,
            tuple((s.kind, s.category, s.received_on) for s in self.services),
        )


def due_for_erasure(cases: Iterable[Case], now: dt.datetime, retention: dt.timedelta) -> list[Case]:
    """The cases whose identifying fields the retention period says to erase now."""
    local_day(now)
    return [c for c in cases if c.erasure_due(now, retention)]
