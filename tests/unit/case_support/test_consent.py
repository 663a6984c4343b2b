"""Consent per purpose: in force from the instant it is given to the instant it is withdrawn, who took
it and how, per named provider for sharing, and what a withdrawal says to erase."""

from __future__ import annotations

import datetime as dt

import pytest

from services.case_support.domain.consent import (
    FIELDS_UNDER,
    PERSONAL_FIELDS,
    REFERRAL_PURPOSE,
    Consent,
    ConsentError,
    ConsentGranted,
    ConsentLedger,
    ConsentWithdrawn,
    present,
    purpose_for_field,
    referral_purpose,
)
from services.case_support.domain.kinds import (
    SERVICE_CATEGORY,
    ConsentMethod,
    ConsentPurpose,
    ServiceCategory,
    ServiceKind,
)
from services.case_support.domain.records import Personal
from tests.unit.case_support.builders import PEER, WORKER, assert_frozen, at

P, M = ConsentPurpose, ConsentMethod
SECOND = dt.timedelta(seconds=1)


def ledger_with(*purposes: ConsentPurpose, when: dt.datetime | None = None) -> ConsentLedger:
    ledger = ConsentLedger()
    for p in purposes:
        ledger.grant(p, by=WORKER, at=when or at(0), method=M.WRITTEN)
    return ledger


def test_a_consent_is_in_force_from_its_instant_until_its_withdrawal() -> None:
    ledger = ConsentLedger()
    granted = ledger.grant(P.FOLLOW_UP_CONTACT, by=PEER, at=at(0), method=M.VERBAL)
    assert granted == ConsentGranted(P.FOLLOW_UP_CONTACT, M.VERBAL, PEER, at(0), "")
    assert not ledger.granted(P.FOLLOW_UP_CONTACT, at(0) - SECOND)
    assert ledger.granted(P.FOLLOW_UP_CONTACT, at(0))
    assert ledger.granted(P.FOLLOW_UP_CONTACT, at(30))
    assert not ledger.granted(P.CASE_MANAGEMENT, at(1))  # per purpose
    assert not ledger_with(P.CASE_MANAGEMENT).granted(P.FOLLOW_UP_CONTACT, at(1))

    withdrawn = ledger.withdraw(P.FOLLOW_UP_CONTACT, by=WORKER, at=at(5), method=M.WRITTEN)
    assert withdrawn == ConsentWithdrawn(
        P.FOLLOW_UP_CONTACT, M.WRITTEN, WORKER, at(5), "", ("phone", "contact")
    )
    assert ledger.granted(P.FOLLOW_UP_CONTACT, at(5) - SECOND)
    assert not ledger.granted(P.FOLLOW_UP_CONTACT, at(5))  # at once
    assert not ledger.granted(P.FOLLOW_UP_CONTACT, at(6))
    assert ledger.records == [
        Consent(P.FOLLOW_UP_CONTACT, M.VERBAL, PEER, at(0), "", at(5), WORKER, M.WRITTEN)
    ]


def test_a_withdrawn_purpose_can_be_given_again_and_the_history_stays() -> None:
    ledger = ledger_with(P.REFERRAL_HEALTH)
    ledger.withdraw(P.REFERRAL_HEALTH, by=WORKER, at=at(2), method=M.VERBAL)
    ledger.grant(P.REFERRAL_HEALTH, by=PEER, at=at(2), method=M.VERBAL)  # the same instant is fine
    assert ledger.granted(P.REFERRAL_HEALTH, at(2))
    assert ledger.granted(P.REFERRAL_HEALTH, at(1))
    assert [(c.given_at, c.withdrawn_at) for c in ledger.records] == [(at(0), at(2)), (at(2), None)]
    assert ledger.latest(P.REFERRAL_HEALTH) == ledger.records[1]
    ledger.withdraw(P.REFERRAL_HEALTH, by=WORKER, at=at(3), method=M.VERBAL)
    assert ledger.records[0].withdrawn_at == at(2)  # the older record is left alone
    assert ledger.records[1].withdrawn_at == at(3)


def test_in_force_lists_the_consents_of_an_instant() -> None:
    ledger = ledger_with(P.CASE_MANAGEMENT, P.RESEARCH)
    ledger.withdraw(P.RESEARCH, by=WORKER, at=at(1), method=M.VERBAL)
    assert [c.purpose for c in ledger.in_force(at(0))] == [P.CASE_MANAGEMENT, P.RESEARCH]
    assert [c.purpose for c in ledger.in_force(at(1))] == [P.CASE_MANAGEMENT]
    assert ledger.latest(P.FOLLOW_UP_CONTACT) is None


def test_giving_a_consent_already_in_force_is_refused() -> None:
    ledger = ledger_with(P.CASE_MANAGEMENT)
    with pytest.raises(ConsentError, match="already given") as refused:
        ledger.grant(P.CASE_MANAGEMENT, by=WORKER, at=at(3), method=M.WRITTEN)
    assert refused.value.purpose is P.CASE_MANAGEMENT
    assert refused.value.problem_extras() == {"purpose": "case_management"}
    assert "Đã có đồng ý lưu giữ, quản lý hồ sơ từ 02/03/2026" in str(refused.value)
    assert len(ledger.records) == 1


def test_withdrawing_what_was_never_given_or_is_already_withdrawn_is_refused() -> None:
    ledger = ConsentLedger()
    with pytest.raises(ConsentError, match="no consent for referral_health to withdraw"):
        ledger.withdraw(P.REFERRAL_HEALTH, by=WORKER, at=at(1), method=M.VERBAL)
    ledger.grant(P.REFERRAL_HEALTH, by=WORKER, at=at(0), method=M.VERBAL)
    ledger.withdraw(P.REFERRAL_HEALTH, by=WORKER, at=at(1), method=M.VERBAL)
    with pytest.raises(ConsentError, match="Không có đồng ý"):
        ledger.withdraw(P.REFERRAL_HEALTH, by=WORKER, at=at(2), method=M.VERBAL)


def test_times_out_of_order_are_refused() -> None:
    ledger = ledger_with(P.CASE_MANAGEMENT, when=at(5))
    with pytest.raises(ConsentError, match="before it was given"):
        ledger.withdraw(P.CASE_MANAGEMENT, by=WORKER, at=at(5) - SECOND, method=M.VERBAL)
    ledger.withdraw(P.CASE_MANAGEMENT, by=WORKER, at=at(5), method=M.VERBAL)  # the same instant is fine
    with pytest.raises(ConsentError, match="before its last withdrawal"):
        ledger.grant(P.CASE_MANAGEMENT, by=WORKER, at=at(5) - SECOND, method=M.VERBAL)
    ledger.grant(P.CASE_MANAGEMENT, by=WORKER, at=at(6), method=M.VERBAL)  # later is fine
    naive = dt.datetime(2026, 3, 2, 9)
    for call in (
        lambda: ledger.grant(P.RESEARCH, by=WORKER, at=naive, method=M.VERBAL),
        lambda: ledger.withdraw(P.CASE_MANAGEMENT, by=WORKER, at=naive, method=M.VERBAL),
        lambda: ledger.granted(P.CASE_MANAGEMENT, naive),
    ):
        with pytest.raises(ValueError, match="timezone-aware"):
            call()


def test_sharing_is_consented_to_per_named_provider() -> None:
    ledger = ConsentLedger()
    with pytest.raises(ConsentError, match="must name the provider"):
        ledger.grant(P.PROVIDER_SHARING, by=WORKER, at=at(0), method=M.WRITTEN, provider_id="  ")
    for purpose in set(P) - {P.PROVIDER_SHARING}:
        with pytest.raises(ConsentError, match="Only consent to share details names a provider"):
            ledger.grant(purpose, by=WORKER, at=at(0), method=M.WRITTEN, provider_id="clinic")
    ledger.grant(P.PROVIDER_SHARING, by=WORKER, at=at(0), method=M.WRITTEN, provider_id="clinic")
    ledger.grant(P.PROVIDER_SHARING, by=WORKER, at=at(0), method=M.WRITTEN, provider_id="school")
    assert ledger.granted(P.PROVIDER_SHARING, at(1), "clinic")
    typed = "".join(["cli", "nic"])  # an equal id, not the same string object
    assert ledger.granted(P.PROVIDER_SHARING, at(1), typed)
    assert ledger.latest(P.PROVIDER_SHARING, typed) == ledger.records[0]
    assert not ledger.granted(P.PROVIDER_SHARING, at(1), "lender")
    assert not ledger.granted(P.PROVIDER_SHARING, at(1))
    withdrawn = ledger.withdraw(
        P.PROVIDER_SHARING, by=WORKER, at=at(2), method=M.VERBAL, provider_id="clinic"
    )
    assert (withdrawn.provider_id, withdrawn.erase_fields) == ("clinic", ())
    assert not ledger.granted(P.PROVIDER_SHARING, at(2), "clinic")
    assert ledger.granted(P.PROVIDER_SHARING, at(2), "school")


def test_a_withdrawal_names_the_personal_fields_kept_under_its_purpose() -> None:
    assert PERSONAL_FIELDS == ("name", "phone", "contact")
    assert FIELDS_UNDER == {P.CASE_MANAGEMENT: PERSONAL_FIELDS, P.FOLLOW_UP_CONTACT: ("phone", "contact")}
    ledger = ledger_with(*(p for p in P if p is not P.PROVIDER_SHARING))
    erased = {p: ledger.withdraw(p, by=WORKER, at=at(1), method=M.VERBAL).erase_fields for p in FIELDS_UNDER}
    assert erased == FIELDS_UNDER
    for p in (P.REFERRAL_HEALTH, P.REFERRAL_SOCIAL_PROTECTION, P.RESEARCH):
        assert ledger.withdraw(p, by=WORKER, at=at(1), method=M.VERBAL).erase_fields == ()


def test_each_personal_field_is_kept_under_the_narrowest_purpose_that_covers_it() -> None:
    assert purpose_for_field("name") is P.CASE_MANAGEMENT
    assert purpose_for_field("phone") is P.FOLLOW_UP_CONTACT
    assert purpose_for_field("contact") is P.FOLLOW_UP_CONTACT
    with pytest.raises(ValueError, match="not a personal field"):
        purpose_for_field("hiv_status")
    assert present(Personal()) == ()
    assert present(Personal(name="Lan", phone="", contact="Zalo")) == ("name", "contact")


def test_a_referral_needs_health_or_social_protection_consent_by_the_category_of_its_service() -> None:
    assert REFERRAL_PURPOSE == {
        ServiceCategory.HARM_REDUCTION: P.REFERRAL_HEALTH,
        ServiceCategory.REINTEGRATION: P.REFERRAL_SOCIAL_PROTECTION,
    }
    for kind in ServiceKind:
        assert referral_purpose(kind) is REFERRAL_PURPOSE[SERVICE_CATEGORY[kind]]
    assert referral_purpose(ServiceKind.HIV_STI_PREVENTION) is P.REFERRAL_HEALTH
    assert referral_purpose(ServiceKind.LOAN) is P.REFERRAL_SOCIAL_PROTECTION


def test_consents_and_their_events_are_frozen_and_steps_take_keywords() -> None:
    ledger = ConsentLedger()
    granted = ledger.grant(P.RESEARCH, by=WORKER, at=at(0), method=M.VERBAL)
    withdrawn = ledger.withdraw(P.RESEARCH, by=WORKER, at=at(1), method=M.VERBAL)
    assert_frozen(granted, withdrawn, ledger.records[0])
    with pytest.raises(TypeError):
        ledger.grant(P.RESEARCH, WORKER, at(2), M.VERBAL)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        ledger.withdraw(P.RESEARCH, WORKER, at(2), M.VERBAL)  # type: ignore[call-arg]
