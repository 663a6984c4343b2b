"""Every event a case or a referral records maps to its contract messages on purpose (ward-internal
ones to none), and every message carries the reporting pseudonym, never the case workers' code."""

from __future__ import annotations

import datetime as dt
import enum
import uuid

import pytest

from services.case_support.domain.case import Case
from services.case_support.domain.kinds import (
    ClosureReason,
    ConsentMethod,
    ConsentPurpose,
    EnrolmentSource,
    NeedKind,
    ProviderKind,
    ReferralOutcome,
    ServiceCategory,
    ServiceKind,
    ServiceSource,
)
from services.case_support.domain.needs import Circumstances, assess
from services.case_support.domain.pseudonym import ClientFacts, client_code
from services.case_support.domain.records import ErasureReason, Personal
from services.case_support.domain.referral import CancelReason, Provider
from services.case_support.events import to_messages
from shared.contracts.pcmd.case_support.v1 import events_pb2 as ev
from shared.contracts.values import enum_name
from shared.uow import UnmappedEvent

P = ConsentPurpose
AT = dt.datetime(2026, 6, 1, 3, tzinfo=dt.UTC)
CODE = client_code(ClientFacts("Nguyễn", "Lan", 1995, "Hoa"), b"k" * 32)
PSEUDONYM = "0" * 32


def names(aggregate: object) -> list[str]:
    out = []
    for event in aggregate.collect_events():  # type: ignore[attr-defined]
        for m in to_messages(aggregate, event, PSEUDONYM, "w1"):
            assert getattr(m, "client_code", PSEUDONYM) == PSEUDONYM and CODE not in str(m)
            out.append(type(m).__name__)
    return out


def test_each_event_maps_on_purpose() -> None:
    tip = uuid.uuid4()
    case = Case.enrol(
        case_id=uuid.uuid4(), ward="w1", client_code=CODE, source=EnrolmentSource.TIP, by="vhxh:a", at=AT,
        method=ConsentMethod.VERBAL, purposes=(P.CASE_MANAGEMENT, P.REFERRAL_HEALTH, P.FOLLOW_UP_CONTACT),
        source_tip_id=tip,
    )  # fmt: skip
    assert names(case) == ["ClientEnrolled", "ConsentGranted", "ConsentGranted", "ConsentGranted"]
    case.set_personal(Personal("Lan", "0987654321"), by="vhxh:a", at=AT)
    assert names(case) == []
    findings = assess(
        assessment_id=uuid.uuid4(), at=AT, by="vhxh:a", needs=[NeedKind.HIV_STI_PREVENTION],
        circumstances=Circumstances(age=30),
    )  # fmt: skip
    case.assess(findings)
    assert names(case) == ["NeedsAssessed"]
    provider = Provider("ttyt", ProviderKind.HEALTH_FACILITY, frozenset({ServiceKind.HIV_STI_PREVENTION}))
    referral = case.refer(
        referral_id=uuid.uuid4(), kind=ServiceKind.HIV_STI_PREVENTION, provider=provider, by="vhxh:a", at=AT
    )
    referral.accept("vhxh:a", AT)
    referral.complete("vhxh:a", AT)
    assert names(referral) == ["ReferralMade", "ReferralAccepted", "ReferralCompleted"]
    case.record_service(
        record_id=uuid.uuid4(), kind=ServiceKind.HIV_STI_PREVENTION, received_on=AT.date(),
        provider_id="ttyt", provider_kind=ProviderKind.HEALTH_FACILITY, source=ServiceSource.CASE_WORKER,
        by="vhxh:a", at=AT, referral=referral,
    )  # fmt: skip
    events = case.collect_events()
    messages = [m for e in events for m in to_messages(case, e, PSEUDONYM, "w1")]
    assert [type(m).__name__ for m in messages] == ["ServiceReceived", "TipSupported"]
    received, supported = messages
    # The tip's id goes to intake alone, in TipSupported.
    assert not getattr(received, "source_tip_id")  # noqa: B009
    assert supported.ListFields()[0][1] == str(tip) and len(supported.ListFields()) == 3
    case.withdraw_consent(P.FOLLOW_UP_CONTACT, by="vhxh:a", at=AT, method=ConsentMethod.WRITTEN)
    withdrawn, partial = [m for e in case.collect_events() for m in to_messages(case, e, PSEUDONYM, "w1")]
    assert isinstance(withdrawn, ev.ConsentWithdrawn) and isinstance(partial, ev.ClientErased)
    assert withdrawn.purpose == ev.CONSENT_PURPOSE_FOLLOW_UP_CONTACT
    assert (partial.scope, partial.reason) == (ev.ERASURE_SCOPE_PARTIAL, ev.ERASURE_REASON_CONSENT_WITHDRAWN)
    case.close(ClosureReason.GOALS_MET, by="vhxh:a", at=AT)
    case.reopen(by="vhxh:a", at=AT)
    case.erase(by="vhxh:a", at=AT, reason=ErasureReason.CLIENT_REQUEST)
    messages = [m for e in case.collect_events() for m in to_messages(case, e, PSEUDONYM, "w1")]
    assert [type(m).__name__ for m in messages] == ["CaseClosed", "CaseReopened", "ClientErased"]
    erased = messages[-1]
    assert (erased.scope, erased.reason) == (ev.ERASURE_SCOPE_WHOLE, ev.ERASURE_REASON_CLIENT_REQUEST)
    # pseudonymous: ids, the pseudonym, scope and reason; never the fields' names or values
    assert {f.name for f, _ in erased.ListFields()} == {
        "case_id", "ward", "occurred_at", "client_code", "scope", "reason"
    }  # fmt: skip


def test_the_finer_purposes_travel_as_themselves_with_the_provider_named() -> None:
    case = Case.enrol(
        case_id=uuid.uuid4(), ward="w1", client_code=CODE, source=EnrolmentSource.OUTREACH, by="vhxh:a",
        at=AT, method=ConsentMethod.VERBAL,
        purposes=(P.CASE_MANAGEMENT, P.REFERRAL_HEALTH, P.REFERRAL_SOCIAL_PROTECTION),
    )  # fmt: skip
    case.grant_consent(
        P.PROVIDER_SHARING, by="vhxh:a", at=AT, method=ConsentMethod.WRITTEN, provider_id="ttyt"
    )
    purposes = [
        (m.purpose, m.provider_id)
        for e in case.collect_events()
        for m in to_messages(case, e, PSEUDONYM, "w1")
        if isinstance(m, ev.ConsentGranted)
    ]
    assert purposes == [
        (ev.CONSENT_PURPOSE_CASE_MANAGEMENT, ""),
        (ev.CONSENT_PURPOSE_REFERRAL_HEALTH, ""),
        (ev.CONSENT_PURPOSE_REFERRAL_SOCIAL_PROTECTION, ""),
        (ev.CONSENT_PURPOSE_PROVIDER_SHARING, "ttyt"),
    ]


def test_a_referral_lost_to_follow_up_or_cancelled_says_so() -> None:
    case = Case.enrol(
        case_id=uuid.uuid4(), ward="w1", client_code=CODE, source=EnrolmentSource.OUTREACH, by="vhxh:a",
        at=AT, method=ConsentMethod.VERBAL, purposes=(P.CASE_MANAGEMENT, P.REFERRAL_SOCIAL_PROTECTION),
    )  # fmt: skip
    centre = Provider("ttdvvl", ProviderKind.JOB_CENTRE, frozenset({ServiceKind.JOB_PLACEMENT}))
    lost, cancelled = (
        case.refer(referral_id=uuid.uuid4(), kind=ServiceKind.JOB_PLACEMENT, provider=centre, by="a", at=AT)
        for _ in range(2)
    )
    lost.accept("a", AT)
    lost.not_complete("a", AT, ReferralOutcome.LOST_TO_FOLLOW_UP)
    cancelled.cancel("a", AT, CancelReason.MADE_IN_ERROR)
    made, _accepted, ended = [m for e in lost.collect_events() for m in to_messages(lost, e, PSEUDONYM, "w1")]
    assert made.provider_kind == ev.PROVIDER_KIND_JOB_CENTRE
    assert (ended.outcome, ended.cancel_reason) == (
        ev.REFERRAL_OUTCOME_LOST_TO_FOLLOW_UP, ev.REFERRAL_CANCEL_REASON_UNSPECIFIED
    )  # fmt: skip
    *_, gone = [m for e in cancelled.collect_events() for m in to_messages(cancelled, e, PSEUDONYM, "w1")]
    assert (gone.outcome, gone.cancel_reason) == (
        ev.REFERRAL_OUTCOME_OTHER, ev.REFERRAL_CANCEL_REASON_MADE_IN_ERROR
    )  # fmt: skip


@pytest.mark.parametrize(
    ("prefix", "values"),
    [
        ("ENROLMENT_SOURCE", EnrolmentSource), ("NEED_KIND", NeedKind), ("SERVICE_KIND", ServiceKind),
        ("SERVICE_CATEGORY", ServiceCategory), ("PROVIDER_KIND", ProviderKind),
        ("REFERRAL_OUTCOME", ReferralOutcome), ("CLOSURE_REASON", ClosureReason),
        ("CONSENT_PURPOSE", ConsentPurpose), ("ERASURE_REASON", ErasureReason),
        ("REFERRAL_CANCEL_REASON", CancelReason),
    ],
)  # fmt: skip
def test_every_domain_value_has_its_contract_value(prefix: str, values: type[enum.StrEnum]) -> None:
    contract = {v.name for e in ev.DESCRIPTOR.enum_types_by_name.values() for v in e.values}
    assert {enum_name(prefix, v) for v in values} <= contract


def test_an_unknown_event_fails_the_commit() -> None:
    case = Case(uuid.uuid4(), "w1", CODE, EnrolmentSource.OUTREACH, "vhxh:a", AT)
    with pytest.raises(UnmappedEvent):
        list(to_messages(case, object(), PSEUDONYM, "w1"))
    with pytest.raises(UnmappedEvent):
        list(to_messages(object(), object(), PSEUDONYM, "w1"))
