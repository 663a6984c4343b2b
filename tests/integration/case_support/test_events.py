"""Every event a case or a referral records maps to its contract messages on purpose (ward-internal
ones to none), and every message carries the reporting pseudonym, never the case workers' code."""

from __future__ import annotations

import datetime as dt
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
    ServiceKind,
    ServiceSource,
)
from services.case_support.domain.needs import Circumstances, assess
from services.case_support.domain.pseudonym import ClientFacts, client_code
from services.case_support.domain.records import ErasureReason, Personal
from services.case_support.domain.referral import Provider
from services.case_support.events import to_messages
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
    assert names(case) == ["ConsentWithdrawn"]  # and the contact fields erased: internal
    case.close(ClosureReason.GOALS_MET, by="vhxh:a", at=AT)
    case.reopen(by="vhxh:a", at=AT)
    case.erase(by="vhxh:a", at=AT, reason=ErasureReason.CLIENT_REQUEST)
    assert names(case) == ["CaseClosed"]


def test_an_unknown_event_fails_the_commit() -> None:
    case = Case(uuid.uuid4(), "w1", CODE, EnrolmentSource.OUTREACH, "vhxh:a", AT)
    with pytest.raises(UnmappedEvent):
        list(to_messages(case, object(), PSEUDONYM, "w1"))
    with pytest.raises(UnmappedEvent):
        list(to_messages(object(), object(), PSEUDONYM, "w1"))
