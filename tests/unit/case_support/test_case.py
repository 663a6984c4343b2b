"""The case aggregate: enrolment with the minimum consent, needs, services received, referrals under
consent, consent withdrawal erasing at once, closure and reopening, erasure keeping the indicators' facts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable

import pytest

from services.case_support.domain.case import (
    Case,
    CaseRefused,
    ConsentRequired,
    StepNotAllowed,
    due_for_erasure,
)
from services.case_support.domain.consent import ConsentError, ConsentGranted, ConsentWithdrawn
from services.case_support.domain.kinds import (
    ClosureReason,
    ConsentMethod,
    ConsentPurpose,
    EnrolmentSource,
    NeedKind,
    ProviderKind,
    ServiceCategory,
    ServiceKind,
    ServiceSource,
)
from services.case_support.domain.needs import Assessment, Circumstances, assess
from services.case_support.domain.plan import FollowUp, FollowUpDone, FollowUpScheduled, Plan, PlanSet
from services.case_support.domain.records import (
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
from services.case_support.domain.referral import ConsentMissing, Referral
from tests.unit.case_support.builders import CLINIC, PEER, SCHOOL, WORKER, at, on, uid

P, M, K = ConsentPurpose, ConsentMethod, ServiceKind
CODE = "16NG-ZVYJ-0NW6"
SECOND = dt.timedelta(seconds=1)
ALL_PURPOSES = (P.CASE_MANAGEMENT, P.FOLLOW_UP_CONTACT, P.REFERRAL_HEALTH, P.REFERRAL_SOCIAL_PROTECTION)
LAN = Personal(name="Nguyễn Thị Lan", phone="0912345678", contact="Zalo lan.nguyen")


def assessment(n: int, day: int, *needs: NeedKind, age: int = 25) -> Assessment:
    c = Circumstances(age=age, lives_in_ward=True, wants_reintegration=True)
    return assess(assessment_id=uid(n), at=at(day), by=WORKER, needs=needs, circumstances=c)


def enrol(purposes: tuple[ConsentPurpose, ...] = ALL_PURPOSES, **kw: object) -> Case:
    args: dict[str, object] = {
        "case_id": uid(100), "ward": "phuong-1", "client_code": CODE, "source": EnrolmentSource.OUTREACH,
        "by": WORKER, "at": at(0), "method": M.WRITTEN, "purposes": purposes,
    }  # fmt: skip
    case = Case.enrol(**{**args, **kw})  # type: ignore[arg-type]
    case.collect_events()
    return case


def service(case: Case, n: int, day: int, **kw: object) -> ServiceRecord:
    args: dict[str, object] = {
        "record_id": uid(n), "kind": K.HIV_STI_PREVENTION, "received_on": on(day), "provider_id": CLINIC.id,
        "provider_kind": CLINIC.kind, "source": ServiceSource.CASE_WORKER, "by": WORKER, "at": at(day),
    }  # fmt: skip
    return case.record_service(**{**args, **kw})  # type: ignore[arg-type]


# ---------------------------------------------------------------- enrolment


def test_enrolment_needs_consent_to_case_management() -> None:
    with pytest.raises(ConsentRequired) as refused:
        enrol((P.FOLLOW_UP_CONTACT,))
    assert refused.value.problem_extras() == {"missing_consent": "case_management"}
    assert str(refused.value) == (
        "Cần đồng ý lưu giữ, quản lý hồ sơ của thân chủ / "
        "The client's consent for 'case_management' is required"
    )


def test_enrolment_records_the_case_and_each_consent_given() -> None:
    case = Case.enrol(
        case_id=uid(100), ward="phuong-1", client_code=CODE, source=EnrolmentSource.SELF, by=PEER, at=at(0),
        method=M.VERBAL, purposes=(P.CASE_MANAGEMENT, P.REFERRAL_HEALTH, P.CASE_MANAGEMENT),
    )  # fmt: skip
    assert case.collect_events() == [
        Enrolled(PEER, at(0), False, False),
        ConsentGranted(P.CASE_MANAGEMENT, M.VERBAL, PEER, at(0)),
        ConsentGranted(P.REFERRAL_HEALTH, M.VERBAL, PEER, at(0)),
    ]
    assert (case.status, case.is_open, case.assessment, case.source_tip_id) == (
        CaseStatus.OPEN,
        True,
        None,
        None,
    )
    assert case.consents.granted(P.REFERRAL_HEALTH, at(0)) and not case.consents.granted(P.RESEARCH, at(0))


def test_enrolment_with_an_assessment_says_eligible_and_has_needs() -> None:
    a = assessment(1, 0, NeedKind.LOAN, age=17)  # a need, not eligible
    case = Case.enrol(
        case_id=uid(100), ward="phuong-1", client_code=CODE, source=EnrolmentSource.OUTREACH, by=WORKER,
        at=at(0), method=M.WRITTEN, assessment=a,
    )  # fmt: skip
    events = case.collect_events()
    assert events[0] == Enrolled(WORKER, at(0), False, True)
    assert events[-1] == NeedsAssessed(a)
    b = assessment(2, 0, NeedKind.HIV_STI_PREVENTION)
    eligible = Case.enrol(
        case_id=uid(101), ward="phuong-1", client_code=CODE, source=EnrolmentSource.OUTREACH, by=WORKER,
        at=at(0), method=M.WRITTEN, assessment=b,
    )  # fmt: skip
    assert eligible.collect_events()[0] == Enrolled(WORKER, at(0), True, True)
    assert eligible.assessment == b


def test_a_case_from_a_tip_names_the_tip_and_only_such_a_case_does() -> None:
    case = enrol(source=EnrolmentSource.TIP, source_tip_id=uid(55))
    assert case.source_tip_id == uid(55)
    for kw in ({"source": EnrolmentSource.TIP}, {"source": EnrolmentSource.SELF, "source_tip_id": uid(55)}):
        with pytest.raises(CaseRefused, match="names the tip") as refused:
            enrol(**kw)
        assert refused.value.problem_extras() == {"field": "source_tip_id"}


def test_enrolment_refuses_a_naive_time_and_sharing_without_a_provider() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        enrol(at=dt.datetime(2026, 3, 2, 9))
    with pytest.raises(ConsentError, match="must name the provider"):
        enrol((P.CASE_MANAGEMENT, P.PROVIDER_SHARING))


# ---------------------------------------------------------------- needs


def test_a_reassessment_replaces_the_current_one_and_comes_after_it() -> None:
    case = enrol()
    first, second = assessment(1, 1, NeedKind.LOAN), assessment(2, 3)
    assert case.assess(first) == NeedsAssessed(first)
    case.assess(second)
    assert case.assessment == second and case.assessments == [first, second]
    assert (case.facts().eligible, case.facts().has_needs) == (False, False)
    with pytest.raises(CaseRefused, match="cannot predate"):
        case.assess(dataclasses.replace(first, at=at(3) - SECOND))
    case.assess(dataclasses.replace(first, at=at(3)))  # the same instant is fine
    fresh = enrol()
    with pytest.raises(CaseRefused, match="cannot predate"):
        fresh.assess(dataclasses.replace(first, at=at(0) - SECOND))


# ---------------------------------------------------------------- services received


def test_a_service_received_is_recorded_with_its_category() -> None:
    case = enrol()
    record = service(case, 1, 2, source=ServiceSource.PROVIDER)
    assert record == ServiceRecord(
        uid(1), K.HIV_STI_PREVENTION, ServiceCategory.HARM_REDUCTION, on(2), CLINIC.id,
        ProviderKind.HEALTH_FACILITY, ServiceSource.PROVIDER, WORKER, at(2), None,
    )  # fmt: skip
    assert case.services == [record]
    assert case.collect_events() == [ServiceRecorded(record)]


def test_a_service_date_in_the_future_or_before_enrolment_is_refused_in_ward_days() -> None:
    case = enrol(at=at(0, 23, 30))  # 16:30 UTC
    service(case, 1, 0, at=at(0, 23, 30))  # today in the ward (already tomorrow nowhere that matters)
    with pytest.raises(CaseRefused, match="is in the future") as future:
        service(case, 2, 1, at=at(0, 23, 59))
    assert future.value.problem_extras() == {"field": "received_on"}
    assert "Ngày nhận dịch vụ (03/03/2026) ở tương lai" in str(future.value)
    service(case, 3, 1, at=at(1, 0, 0))  # midnight: the next ward day
    with pytest.raises(CaseRefused, match="before the case was opened"):
        service(case, 4, -1, at=at(2))
    assert [s.id for s in case.services] == [uid(1), uid(3)]


def test_a_service_from_a_referral_must_match_it() -> None:
    case = enrol()
    r = case.refer(referral_id=uid(9), kind=K.HIV_STI_PREVENTION, provider=CLINIC, by=WORKER, at=at(1))
    with pytest.raises(CaseRefused, match="does not match") as refused:
        service(case, 1, 2, referral=r)  # still only made
    assert refused.value.problem_extras() == {"field": "referral_id"}
    r.accept(PEER, at(2))
    assert service(case, 1, 2, referral=r).referral_id == uid(9)
    r.complete(PEER, at(3))
    assert service(case, 2, 3, referral=r).referral_id == uid(9)
    equal = dataclasses.replace(r, case_id=uuid.UUID(int=100), provider_id="".join(["hiv-", "clinic-1"]))
    assert service(case, 3, 3, referral=equal).referral_id == uid(9)  # equal ids, other objects
    for bad in (
        dataclasses.replace(r, case_id=uid(999)),
        dataclasses.replace(r, case_id=uid(1)),
        dataclasses.replace(r, kind=K.MENTAL_HEALTH),
        dataclasses.replace(r, kind=K.GBV_PREVENTION),
        dataclasses.replace(r, provider_id="other"),
        dataclasses.replace(r, provider_id="a-provider"),
    ):
        with pytest.raises(CaseRefused, match="does not match"):
            service(case, 3, 3, referral=bad)
    declined = dataclasses.replace(r, status=r.status.DECLINED)
    with pytest.raises(CaseRefused, match="does not match"):
        service(case, 3, 3, referral=declined)


# ---------------------------------------------------------------- referrals and consent


def test_a_referral_is_made_for_the_case_with_its_consents() -> None:
    case = enrol()
    r = case.refer(referral_id=uid(9), kind=K.VOCATIONAL_TRAINING, provider=SCHOOL, by=PEER, at=at(1))
    assert isinstance(r, Referral)
    assert (r.case_id, r.client_code, r.kind, r.provider_id, r.made_by, r.made_at) == (
        uid(100), CODE, K.VOCATIONAL_TRAINING, SCHOOL.id, PEER, at(1)
    )  # fmt: skip
    assert not r.shares_details
    with pytest.raises(ConsentMissing):
        case.refer(referral_id=uid(9), kind=K.HIV_STI_PREVENTION, provider=CLINIC, by=PEER, at=at(1),
                   shares_details=True)  # fmt: skip


def test_withdrawing_a_referral_consent_stops_referrals_for_that_purpose_only() -> None:
    case = enrol()
    withdrawn = case.withdraw_consent(P.REFERRAL_HEALTH, by=WORKER, at=at(2), method=M.VERBAL)
    assert case.collect_events() == [withdrawn]  # nothing to erase for a referral purpose
    with pytest.raises(ConsentMissing) as refused:
        case.refer(referral_id=uid(9), kind=K.HIV_STI_PREVENTION, provider=CLINIC, by=WORKER, at=at(2))
    assert refused.value.purpose is P.REFERRAL_HEALTH
    case.refer(referral_id=uid(9), kind=K.VOCATIONAL_TRAINING, provider=SCHOOL, by=WORKER, at=at(2))
    granted = case.grant_consent(P.REFERRAL_HEALTH, by=PEER, at=at(3), method=M.WRITTEN)
    assert case.collect_events() == [granted]
    case.refer(referral_id=uid(9), kind=K.HIV_STI_PREVENTION, provider=CLINIC, by=WORKER, at=at(3))


def test_sharing_consent_is_granted_and_withdrawn_per_provider_through_the_case() -> None:
    case = enrol()
    case.grant_consent(P.PROVIDER_SHARING, by=WORKER, at=at(1), method=M.WRITTEN, provider_id=CLINIC.id)
    r = case.refer(referral_id=uid(9), kind=K.HIV_STI_PREVENTION, provider=CLINIC, by=WORKER, at=at(1),
                   shares_details=True)  # fmt: skip
    assert r.shares_details
    case.withdraw_consent(P.PROVIDER_SHARING, by=WORKER, at=at(2), method=M.VERBAL, provider_id=CLINIC.id)
    assert not case.consents.granted(P.PROVIDER_SHARING, at(2), CLINIC.id)


def test_withdrawing_contact_consent_erases_phone_and_contact_at_once_and_keeps_the_name() -> None:
    case = enrol()
    case.set_personal(LAN, by=WORKER, at=at(1))
    case.collect_events()
    withdrawn = case.withdraw_consent(P.FOLLOW_UP_CONTACT, by=WORKER, at=at(2), method=M.VERBAL)
    assert withdrawn.erase_fields == ("phone", "contact")
    assert case.personal == Personal(name=LAN.name)
    assert case.collect_events() == [
        withdrawn, Erased(WORKER, at(2), ErasureReason.CONSENT_WITHDRAWN, ("phone", "contact"), whole=False)
    ]  # fmt: skip
    assert case.is_open and case.read_personal().name == LAN.name and not case.wholly_erased
    with pytest.raises(ConsentRequired) as refused:
        case.set_personal(Personal(name=LAN.name, phone="0987"), by=WORKER, at=at(3))
    assert refused.value.purpose is P.FOLLOW_UP_CONTACT


PERSONAL = ("name", "phone", "contact")


def test_withdrawing_case_management_closes_the_case_and_erases_everything_identifying() -> None:
    case = enrol()
    case.set_personal(LAN, by=WORKER, at=at(1))
    case.set_plan(Plan((NeedKind.LOAN,), WORKER, at(1), None, "her aunt's house"))
    case.collect_events()
    withdrawn = case.withdraw_consent(P.CASE_MANAGEMENT, by=PEER, at=at(4), method=M.VERBAL)
    assert case.collect_events() == [
        withdrawn,
        Closed(PEER, at(4), ClosureReason.CONSENT_WITHDRAWN),
        Erased(PEER, at(4), ErasureReason.CONSENT_WITHDRAWN, (*PERSONAL, "plan_note"), whole=True),
    ]
    assert (case.status, case.closure_reason, case.erased_at) == (
        CaseStatus.CLOSED,
        ClosureReason.CONSENT_WITHDRAWN,
        at(4),
    )
    assert case.identifying_fields() == () and case.wholly_erased
    with pytest.raises(StepNotAllowed):
        case.refer(referral_id=uid(9), kind=K.HIV_STI_PREVENTION, provider=CLINIC, by=WORKER, at=at(5))


def test_withdrawing_case_management_of_a_closed_case_erases_without_closing_again() -> None:
    case = enrol()
    case.close(ClosureReason.GOALS_MET, by=WORKER, at=at(3))
    case.collect_events()
    case.withdraw_consent(P.CASE_MANAGEMENT, by=WORKER, at=at(4), method=M.WRITTEN)
    events = case.collect_events()
    assert [type(e) for e in events] == [ConsentWithdrawn, Erased]
    assert case.closure_reason is ClosureReason.GOALS_MET and case.closed_at == at(3)


# ---------------------------------------------------------------- personal fields


def test_personal_fields_need_their_consent_and_events_name_fields_never_values() -> None:
    case = enrol((P.CASE_MANAGEMENT,))
    with pytest.raises(ConsentRequired) as refused:
        case.set_personal(Personal(name="Lan", contact="Zalo"), by=WORKER, at=at(1))
    assert refused.value.purpose is P.FOLLOW_UP_CONTACT and case.personal == Personal()
    changed = case.set_personal(Personal(name="Lan"), by=WORKER, at=at(1))
    assert changed == PersonalChanged(WORKER, at(1), ("name",))
    assert case.set_personal(Personal(name="Lan"), by=WORKER, at=at(2)) is None  # no change, no event
    assert case.set_personal(Personal(name="".join(["L", "an"])), by=WORKER, at=at(2)) is None
    case.grant_consent(P.FOLLOW_UP_CONTACT, by=WORKER, at=at(2), method=M.VERBAL)
    again = case.set_personal(Personal(phone="0912"), by=WORKER, at=at(2))
    assert again == PersonalChanged(WORKER, at(2), ("name", "phone"))
    assert "Lan" not in repr(case.collect_events()) and "0912" not in repr(case)


def test_an_erased_clients_personal_data_cannot_be_read() -> None:
    case = enrol()
    assert case.read_personal() == Personal()  # never erased: nothing given yet
    case.set_personal(LAN, by=WORKER, at=at(1))
    assert case.read_personal() == LAN
    case.erase(by=WORKER, at=at(2), reason=ErasureReason.CLIENT_REQUEST)
    with pytest.raises(CaseRefused, match="has been erased") as refused:
        case.read_personal()
    assert refused.value.problem_extras() == {"erased_at": at(2).isoformat()}
    case.set_personal(Personal(name="Lan"), by=WORKER, at=at(3))  # given again later, with consent
    assert case.read_personal() == Personal(name="Lan")


# ---------------------------------------------------------------- closure and reopening


def test_a_closed_case_takes_no_step_until_reopened() -> None:
    case = enrol()
    closed = case.close(ClosureReason.MOVED_AWAY, by=WORKER, at=at(5))
    assert closed == Closed(WORKER, at(5), ClosureReason.MOVED_AWAY)
    assert (case.status, case.closed_at, case.closure_reason) == (
        CaseStatus.CLOSED,
        at(5),
        ClosureReason.MOVED_AWAY,
    )
    with pytest.raises(StepNotAllowed) as refused:
        case.close(ClosureReason.OTHER, by=WORKER, at=at(6))
    assert (
        str(refused.value)
        == "Hồ sơ đã đóng không thể thực hiện bước 'close'. / A case that is 'closed' cannot be 'close'."
    )
    assert refused.value.problem_extras() == {"case_status": "closed", "step": "close"}
    for step in (
        lambda: case.assess(assessment(1, 6)),
        lambda: service(case, 1, 6),
        lambda: case.set_personal(LAN, by=WORKER, at=at(6)),
        lambda: case.set_plan(Plan((), WORKER, at(6))),
        lambda: case.schedule_follow_up(FollowUp(uid(1), on(7), WORKER), at(6)),
    ):
        with pytest.raises(StepNotAllowed):
            step()
    with pytest.raises(CaseRefused, match="cannot predate"):
        case.reopen(by=WORKER, at=at(5) - SECOND)
    case.collect_events()
    assert case.reopen(by=PEER, at=at(5)) == Reopened(PEER, at(5))
    assert (case.status, case.closed_at, case.closure_reason) == (CaseStatus.OPEN, None, None)
    with pytest.raises(StepNotAllowed, match="cannot be 'reopen'"):
        case.reopen(by=PEER, at=at(6))


def test_a_case_cannot_close_before_it_opened() -> None:
    case = enrol(at=at(3))
    with pytest.raises(CaseRefused, match="cannot predate"):
        case.close(ClosureReason.OTHER, by=WORKER, at=at(3) - SECOND)
    with pytest.raises(ValueError, match="timezone-aware"):
        case.close(ClosureReason.OTHER, by=WORKER, at=dt.datetime(2026, 3, 9))


def test_reopening_needs_case_management_consent_in_force() -> None:
    case = Case(uid(7), "p", CODE, EnrolmentSource.SELF, WORKER, at(0))  # closed with no consent at all
    case.status, case.closed_at = CaseStatus.CLOSED, at(1)
    with pytest.raises(ConsentRequired):
        case.reopen(by=WORKER, at=at(3))
    case.grant_consent(P.CASE_MANAGEMENT, by=WORKER, at=at(3), method=M.WRITTEN)
    case.reopen(by=WORKER, at=at(3))
    assert case.is_open


def test_a_wholly_erased_case_is_not_reopened_the_client_is_enrolled_anew() -> None:
    case = enrol()
    case.withdraw_consent(P.CASE_MANAGEMENT, by=WORKER, at=at(2), method=M.VERBAL)
    case.grant_consent(P.CASE_MANAGEMENT, by=WORKER, at=at(3), method=M.WRITTEN)
    with pytest.raises(CaseRefused, match="An erased case cannot be reopened") as refused:
        case.reopen(by=WORKER, at=at(3))
    assert refused.value.problem_extras() == {} and not case.is_open
    contact_only = enrol()
    contact_only.withdraw_consent(P.FOLLOW_UP_CONTACT, by=WORKER, at=at(1), method=M.VERBAL)
    contact_only.close(ClosureReason.OTHER, by=WORKER, at=at(2))
    contact_only.reopen(by=WORKER, at=at(3))  # a partial erasure does not stop a reopening
    assert contact_only.is_open and contact_only.erased_at == at(1)


# ---------------------------------------------------------------- plan and follow-ups through the case


def test_plan_and_follow_ups_are_recorded_on_an_open_case() -> None:
    case = enrol(at=at(1))
    with pytest.raises(CaseRefused, match="cannot predate"):
        case.set_plan(Plan((), WORKER, at(0)))
    plan = Plan((NeedKind.EMPLOYMENT,), WORKER, at(1), on(20), "goal")
    assert case.set_plan(plan) == PlanSet(WORKER, at(1)) and case.plan.plan == plan
    assert case.schedule_follow_up(FollowUp(uid(1), on(3), WORKER), at(1)) == FollowUpScheduled(uid(1), on(3))
    assert [f.id for f in case.follow_ups_due(on(3))] == [uid(1)]
    assert case.complete_follow_up(uid(1), by=PEER, at=at(3)) == FollowUpDone(uid(1), PEER, at(3))
    assert case.collect_events() == [
        PlanSet(WORKER, at(1)),
        FollowUpScheduled(uid(1), on(3)),
        FollowUpDone(uid(1), PEER, at(3)),
    ]
    case.schedule_follow_up(FollowUp(uid(2), on(4), WORKER), at(3))
    case.close(ClosureReason.GOALS_MET, by=WORKER, at=at(3))
    assert case.follow_ups_due(on(9)) == []


# ---------------------------------------------------------------- erasure and retention


def full_case() -> Case:
    case = enrol()
    case.set_personal(LAN, by=WORKER, at=at(1))
    case.assess(assessment(1, 1, NeedKind.HIV_STI_PREVENTION, NeedKind.LOAN))
    service(case, 2, 2)
    case.set_plan(Plan((NeedKind.LOAN,), WORKER, at(2), None, "works nights at the karaoke on Tô Hiến Thành"))
    case.schedule_follow_up(FollowUp(uid(3), on(9), WORKER, "call after 8pm"), at(2))
    case.close(ClosureReason.REINTEGRATED, by=WORKER, at=at(10))
    case.collect_events()
    return case


def test_erasure_clears_identifying_fields_and_keeps_the_indicators_facts() -> None:
    case = full_case()
    before = case.facts()
    assert before == CaseFacts(
        CODE, at(0), at(10), True, True, ((K.HIV_STI_PREVENTION, ServiceCategory.HARM_REDUCTION, on(2)),)
    )
    assert case.identifying_fields() == ("name", "phone", "contact", "plan_note", "follow_up_notes")
    erased = case.erase(by=WORKER, at=at(40), reason=ErasureReason.RETENTION)
    assert erased == Erased(
        WORKER, at(40), ErasureReason.RETENTION, ("name", "phone", "contact", "plan_note", "follow_up_notes"),
        whole=True,
    )  # fmt: skip
    assert case.wholly_erased
    assert case.facts() == before
    assert case.identifying_fields() == () and case.personal == Personal() and case.erased_at == at(40)
    assert case.plan.plan is not None and case.plan.plan.note == "" and case.plan.follow_ups[0].note == ""
    text = repr(case.__dict__) + repr(case.facts())
    for secret in ("Lan", "0912345678", "Zalo", "karaoke", "8pm"):
        assert secret not in text
    again = case.erase(by=WORKER, at=at(41), reason=ErasureReason.CLIENT_REQUEST)
    assert again.fields == ()
    partial = case.withdraw_consent(P.FOLLOW_UP_CONTACT, by=WORKER, at=at(42), method=M.VERBAL)
    assert partial.erase_fields and case.wholly_erased  # a later partial erasure does not undo it


def test_retention_erases_cases_closed_longer_than_the_period_that_still_hold_something() -> None:
    keep = dt.timedelta(days=30)
    old, recent, open_case = full_case(), full_case(), enrol()
    recent.reopen(by=WORKER, at=at(10))
    recent.close(ClosureReason.OTHER, by=WORKER, at=at(20))
    open_case.set_personal(LAN, by=WORKER, at=at(1))
    assert not old.erasure_due(at(40) - SECOND, keep)
    assert old.erasure_due(at(40), keep)
    assert due_for_erasure([open_case, recent, old], at(40), keep) == [old]
    assert due_for_erasure([open_case, recent, old], at(50), keep) == [recent, old]
    old.erase(by="system", at=at(40), reason=ErasureReason.RETENTION)
    assert due_for_erasure([open_case, recent, old], at(90), keep) == [recent]
    with pytest.raises(ValueError, match="timezone-aware"):
        due_for_erasure([old], dt.datetime(2026, 5, 1), keep)


def test_a_case_is_an_aggregate_compared_by_identity_whose_steps_take_keywords() -> None:
    case = enrol()
    twin = dataclasses.replace(case)
    assert twin != case and len({twin, case}) == 2
    positional: list[Callable[[], object]] = [
        lambda: Case.enrol(uid(1), "p", CODE, EnrolmentSource.SELF, WORKER, at(0), M.VERBAL),  # type: ignore[call-arg]
        lambda: case.grant_consent(P.RESEARCH, WORKER, at(1), M.VERBAL),  # type: ignore[call-arg]
        lambda: case.withdraw_consent(P.RESEARCH, WORKER, at(1), M.VERBAL),  # type: ignore[call-arg]
        lambda: case.set_personal(Personal(), WORKER, at(1)),  # type: ignore[call-arg]
        lambda: case.record_service(  # type: ignore[call-arg]
            uid(1), K.LOAN, on(1), "x", ProviderKind.LENDER, ServiceSource.PROVIDER, WORKER, at(1)
        ),
        lambda: case.refer(uid(1), K.LOAN, CLINIC, WORKER, at(1)),  # type: ignore[call-arg]
        lambda: case.complete_follow_up(uid(1), WORKER, at(1)),  # type: ignore[call-arg]
        lambda: case.close(ClosureReason.OTHER, WORKER, at(1)),  # type: ignore[call-arg]
        lambda: case.reopen(WORKER, at(1)),  # type: ignore[call-arg]
        lambda: case.erase(WORKER, at(1), ErasureReason.CLIENT_REQUEST),  # type: ignore[call-arg]
        lambda: case._erase(WORKER, at(1), ErasureReason.CLIENT_REQUEST, (), False),  # type: ignore[call-arg]
    ]
    for call in positional:
        with pytest.raises(TypeError):
            call()
    assert case.is_open and case.erased_at is None and case.services == []
