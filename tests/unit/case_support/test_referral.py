"""Referrals: the lifecycle as an explicit state machine (property-based and examples), the consent and
the provider a referral needs, and which referrals are due for follow-up."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from services.case_support.domain.consent import ConsentLedger
from services.case_support.domain.kinds import (
    ConsentMethod,
    ConsentPurpose,
    ProviderKind,
    ReferralOutcome,
    ServiceCategory,
    ServiceKind,
)
from services.case_support.domain.referral import (
    ACCEPTED_OR_DONE,
    ENDED,
    OPEN,
    OUTCOMES,
    TRANSITIONS,
    CancelReason,
    ConsentMissing,
    FollowUpDue,
    FollowUpRules,
    OutcomeNotAllowed,
    Provider,
    Referral,
    ReferralMade,
    ReferralRefused,
    ReferralStatus,
    ReferralStep,
    ServiceNotOffered,
    StepNotAllowed,
    Stepped,
    follow_ups_due,
    make_referral,
    replay_status,
)
from tests.unit.case_support.builders import CLINIC, PEER, SCHOOL, WORKER, assert_frozen, at, uid

S, St, Out, P = ReferralStatus, ReferralStep, ReferralOutcome, ConsentPurpose


def consents(*purposes: ConsentPurpose, provider_id: str = "") -> ConsentLedger:
    ledger = ConsentLedger()
    for p in purposes:
        pid = provider_id if p is P.PROVIDER_SHARING else ""
        ledger.grant(p, by=WORKER, at=at(0), method=ConsentMethod.WRITTEN, provider_id=pid)
    return ledger


ALL = consents(P.CASE_MANAGEMENT, P.REFERRAL_HEALTH, P.REFERRAL_SOCIAL_PROTECTION)


def referral(n: int = 1, kind: ServiceKind = ServiceKind.HIV_STI_PREVENTION, when: int = 1) -> Referral:
    provider = CLINIC if kind in CLINIC.offers else SCHOOL
    return make_referral(
        referral_id=uid(n), case_id=uid(100), client_code="16NG-ZVYJ-0NW6", kind=kind,
        provider=provider, by=WORKER, at=at(when), consents=ALL,
    )  # fmt: skip


def snapshot(r: Referral) -> dict[str, Any]:
    state = {f.name: getattr(r, f.name) for f in dataclasses.fields(r) if f.name != "history"}
    return {**state, "history": list(r.history), "events": list(r.__dict__.get("_pending_events", []))}


# ---------------------------------------------------------------- properties over step sequences


class ReferralLifecycle(RuleBasedStateMachine):
    """Drives one referral with arbitrary steps: each follows the table or is refused without effect."""

    referral: Referral
    minutes: int

    @initialize(kind=st.sampled_from([ServiceKind.HIV_STI_PREVENTION, ServiceKind.VOCATIONAL_TRAINING]))
    def make(self, kind: ServiceKind) -> None:
        self.referral = referral(kind=kind)
        self.minutes = 0
        assert self.referral.collect_events() == [ReferralMade(WORKER, at(1))]

    @rule(
        step=st.sampled_from(ReferralStep),
        outcome=st.sampled_from(ReferralOutcome),
        reason=st.sampled_from(CancelReason),
        later=st.integers(-120, 60 * 24 * 40),
    )
    def take(self, step: ReferralStep, outcome: ReferralOutcome, reason: CancelReason, later: int) -> None:
        r = self.referral
        when = at(1) + dt.timedelta(minutes=self.minutes + later)
        before = snapshot(r)
        allowed = (r.status, step) in TRANSITIONS
        calls = {
            St.ACCEPT: lambda: r.accept(PEER, when),
            St.DECLINE: lambda: r.decline(PEER, when, outcome),
            St.COMPLETE: lambda: r.complete(PEER, when),
            St.NOT_COMPLETE: lambda: r.not_complete(PEER, when, outcome),
            St.CANCEL: lambda: r.cancel(PEER, when, reason),
        }
        try:
            stepped = calls[step]()
        except StepNotAllowed as exc:
            assert not allowed and (exc.status, exc.step) == (before["status"], step)
            assert snapshot(r) == before
            return
        except OutcomeNotAllowed as exc:
            assert allowed and outcome not in OUTCOMES[step] and exc.outcome is outcome
            assert snapshot(r) == before
            return
        except ReferralRefused:
            assert allowed and later < 0  # dated before the previous step
            assert snapshot(r) == before
            return
        assert allowed, f"({before['status']}, {step}) is not in the table but succeeded"
        assert stepped.from_status is before["status"]
        assert stepped.to_status is TRANSITIONS[(before["status"], step)] is r.status
        assert (stepped.by, stepped.at, stepped.step) == (PEER, when, step)
        assert r.history == [*before["history"], stepped]
        assert r.__dict__["_pending_events"][-1] is stepped
        assert stepped.outcome is r.outcome
        assert stepped.outcome is None if step is St.ACCEPT else stepped.outcome in OUTCOMES[step]
        assert (stepped.cancel_reason is reason) is (step is St.CANCEL)
        self.minutes += max(later, 0)

    @invariant()
    def the_status_is_one_the_table_reaches(self) -> None:
        r = self.referral
        assert r.status in {S.MADE, *TRANSITIONS.values()}
        assert replay_status(r.history) is r.status
        assert r.is_open is (r.status in OPEN)
        assert len(r.history) <= 2
        assert (r.outcome is None) is (r.status in (S.MADE, S.ACCEPTED))


THOROUGH = os.environ.get("PCMD_THOROUGH") == "1"
ReferralLifecycle.TestCase.settings = settings(
    max_examples=300 if THOROUGH else 80,
    stateful_step_count=12,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestAnyStepSequenceFollowsTheTableAndRefusalsChangeNothing = ReferralLifecycle.TestCase


# ---------------------------------------------------------------- the table itself


def test_the_table_is_the_lifecycle_of_the_issue() -> None:
    assert TRANSITIONS == {
        (S.MADE, St.ACCEPT): S.ACCEPTED,
        (S.MADE, St.DECLINE): S.DECLINED,
        (S.ACCEPTED, St.COMPLETE): S.COMPLETED,
        (S.ACCEPTED, St.NOT_COMPLETE): S.NOT_COMPLETED,
        (S.MADE, St.CANCEL): S.CANCELLED,
        (S.ACCEPTED, St.CANCEL): S.CANCELLED,
    }
    assert {S.MADE, S.ACCEPTED} == OPEN
    assert {S.DECLINED, S.COMPLETED, S.NOT_COMPLETED, S.CANCELLED} == ENDED
    assert {S.ACCEPTED, S.COMPLETED} == ACCEPTED_OR_DONE
    assert not any(s in ENDED for s, _ in TRANSITIONS)  # an ended referral takes no step
    assert OUTCOMES[St.COMPLETE] == {Out.SERVICE_PROVIDED}
    assert Out.SERVICE_PROVIDED not in OUTCOMES[St.NOT_COMPLETE] | OUTCOMES[St.DECLINE]
    assert {Out.LOST_TO_FOLLOW_UP, Out.CLIENT_NOT_REACHED, Out.PROVIDER_UNABLE} <= OUTCOMES[St.NOT_COMPLETE]
    assert OUTCOMES[St.DECLINE] == {Out.CLIENT_DECLINED, Out.PROVIDER_UNABLE, Out.OTHER}
    assert OUTCOMES[St.ACCEPT] == frozenset() and OUTCOMES[St.CANCEL] == {Out.OTHER}


def test_a_history_out_of_the_table_does_not_replay() -> None:
    bad = Stepped(St.COMPLETE, S.MADE, S.COMPLETED, PEER, at(2))
    with pytest.raises(ValueError, match="not allowed after made"):
        replay_status([bad])
    with pytest.raises(ValueError):
        replay_status([Stepped(St.ACCEPT, S.MADE, S.DECLINED, PEER, at(2))])
    with pytest.raises(ValueError):
        replay_status([Stepped(St.ACCEPT, S.ACCEPTED, S.ACCEPTED, PEER, at(2))])
    with pytest.raises(ValueError):  # from a status it was not in
        replay_status([Stepped(St.ACCEPT, S.NOT_COMPLETED, S.ACCEPTED, PEER, at(2))])
    with pytest.raises(ValueError):  # to a status the table does not lead to
        replay_status([Stepped(St.DECLINE, S.MADE, S.ACCEPTED, PEER, at(2))])
    assert replay_status([]) is S.MADE


# ---------------------------------------------------------------- examples of each path


def test_made_accepted_completed_with_who_and_when() -> None:
    r = referral()
    assert (r.status, r.category, r.provider_kind, r.made_by) == (
        S.MADE, ServiceCategory.HARM_REDUCTION, ProviderKind.HEALTH_FACILITY, WORKER
    )  # fmt: skip
    accepted = r.accept(PEER, at(2))
    done = r.complete(PEER, at(9))
    assert accepted == Stepped(St.ACCEPT, S.MADE, S.ACCEPTED, PEER, at(2))
    assert done == Stepped(St.COMPLETE, S.ACCEPTED, S.COMPLETED, PEER, at(9), Out.SERVICE_PROVIDED)
    assert (r.status, r.outcome, r.is_open) == (S.COMPLETED, Out.SERVICE_PROVIDED, False)
    assert r.last_at == at(9)
    assert r.collect_events() == [ReferralMade(WORKER, at(1)), accepted, done]


def test_completing_a_declined_referral_is_refused_saying_what_is_allowed() -> None:
    r = referral()
    r.decline(PEER, at(2), Out.CLIENT_DECLINED)
    with pytest.raises(StepNotAllowed) as refused:
        r.complete(PEER, at(3))
    assert str(refused.value) == (
        "Chuyển gửi bị từ chối không thể hoàn thành; được phép: không bước nào. / "
        "A referral that is 'declined' cannot take the step 'complete'; allowed: none."
    )
    assert refused.value.problem_extras() == {
        "referral_status": "declined", "step": "complete", "allowed_steps": []
    }  # fmt: skip
    made = referral(2)
    with pytest.raises(StepNotAllowed) as early:
        made.not_complete(PEER, at(2), Out.LOST_TO_FOLLOW_UP)
    assert early.value.allowed == ["accept", "cancel", "decline"]
    assert "được phép: tiếp nhận, hủy, từ chối" in str(early.value)


def test_an_outcome_the_step_cannot_give_is_refused() -> None:
    r = referral()
    with pytest.raises(OutcomeNotAllowed) as refused:
        r.decline(PEER, at(2), Out.SERVICE_PROVIDED)
    assert refused.value.problem_extras() == {
        "step": "decline", "outcome": "service_provided",
        "allowed_outcomes": ["client_declined", "other", "provider_unable"],
    }  # fmt: skip
    assert str(refused.value) == (
        "Bước từ chối không đi với kết quả 'đã được cung cấp dịch vụ'. / The step 'decline' cannot end "
        "with 'service_provided'; allowed: client_declined, other, provider_unable."
    )
    assert r.status is S.MADE
    r.accept(PEER, at(2))
    r.not_complete(PEER, at(3), Out.LOST_TO_FOLLOW_UP)
    assert (r.status, r.outcome) == (S.NOT_COMPLETED, Out.LOST_TO_FOLLOW_UP)


def test_an_open_referral_can_be_cancelled_with_a_reason() -> None:
    r = referral()
    r.accept(PEER, at(2))
    cancelled = r.cancel(WORKER, at(3), CancelReason.CONSENT_WITHDRAWN)
    assert (cancelled.cancel_reason, r.status, r.outcome) == (
        CancelReason.CONSENT_WITHDRAWN,
        S.CANCELLED,
        Out.OTHER,
    )


def test_steps_are_timezone_aware_and_in_order() -> None:
    r = referral(when=3)
    with pytest.raises(ReferralRefused, match="before the referral's previous step"):
        r.accept(PEER, at(3) - dt.timedelta(seconds=1))
    with pytest.raises(ValueError, match="timezone-aware"):
        r.accept(PEER, dt.datetime(2026, 3, 9, 9))
    r.accept(PEER, at(3))  # the same instant is fine
    assert r.last_at == at(3)
    assert ReferralRefused("x").problem_extras() == {}


# ---------------------------------------------------------------- what making a referral needs


@pytest.mark.parametrize(
    ("given", "kind", "missing"),
    [
        ((P.REFERRAL_HEALTH,), ServiceKind.HIV_STI_PREVENTION, P.CASE_MANAGEMENT),
        ((P.CASE_MANAGEMENT,), ServiceKind.HIV_STI_PREVENTION, P.REFERRAL_HEALTH),
        (
            (P.CASE_MANAGEMENT, P.REFERRAL_HEALTH),
            ServiceKind.VOCATIONAL_TRAINING,
            P.REFERRAL_SOCIAL_PROTECTION,
        ),
        ((P.CASE_MANAGEMENT, P.REFERRAL_SOCIAL_PROTECTION), ServiceKind.MENTAL_HEALTH, P.REFERRAL_HEALTH),
    ],
)
def test_a_referral_without_the_consent_for_its_purpose_is_refused(
    given: tuple[ConsentPurpose, ...], kind: ServiceKind, missing: ConsentPurpose
) -> None:
    with pytest.raises(ConsentMissing) as refused:
        make_referral(
            referral_id=uid(1), case_id=uid(100), client_code="C", kind=kind,
            provider=CLINIC if kind in CLINIC.offers else SCHOOL, by=WORKER, at=at(1),
            consents=consents(*given),
        )  # fmt: skip
    assert refused.value.purpose is missing
    assert refused.value.problem_extras() == {"missing_consent": missing.value}
    assert f"has not consented to (or has withdrawn) '{missing}'" in str(refused.value)


def test_a_withdrawn_consent_stops_referrals_at_once() -> None:
    ledger = consents(P.CASE_MANAGEMENT, P.REFERRAL_HEALTH)
    ledger.withdraw(P.REFERRAL_HEALTH, by=WORKER, at=at(2), method=ConsentMethod.VERBAL)

    def refer(when: dt.datetime) -> Referral:
        return make_referral(
            referral_id=uid(1), case_id=uid(100), client_code="C", kind=ServiceKind.HIV_STI_PREVENTION,
            provider=CLINIC, by=WORKER, at=when, consents=ledger,
        )  # fmt: skip

    assert refer(at(2) - dt.timedelta(seconds=1)).status is S.MADE
    with pytest.raises(ConsentMissing):
        refer(at(2))


def test_sharing_details_needs_consent_for_that_provider() -> None:
    def refer(ledger: ConsentLedger) -> Referral:
        return make_referral(
            referral_id=uid(1), case_id=uid(100), client_code="C", kind=ServiceKind.HIV_STI_PREVENTION,
            provider=CLINIC, by=WORKER, at=at(1), consents=ledger, shares_details=True,
        )  # fmt: skip

    with pytest.raises(ConsentMissing) as refused:
        refer(consents(P.CASE_MANAGEMENT, P.REFERRAL_HEALTH, P.PROVIDER_SHARING, provider_id="another"))
    assert (refused.value.purpose, refused.value.provider_id) == (P.PROVIDER_SHARING, CLINIC.id)
    ok = refer(consents(P.CASE_MANAGEMENT, P.REFERRAL_HEALTH, P.PROVIDER_SHARING, provider_id=CLINIC.id))
    assert ok.shares_details and not referral().shares_details


def test_a_provider_that_does_not_offer_the_service_or_is_inactive_is_refused() -> None:
    with pytest.raises(ServiceNotOffered) as refused:
        make_referral(
            referral_id=uid(1), case_id=uid(100), client_code="C", kind=ServiceKind.LOAN,
            provider=CLINIC, by=WORKER, at=at(1), consents=ALL,
        )  # fmt: skip
    assert str(refused.value) == (
        "Đơn vị hiv-clinic-1 không cung cấp dịch vụ vay vốn. / Provider hiv-clinic-1 does not offer 'loan'."
    )
    assert refused.value.problem_extras() == {"provider_id": "hiv-clinic-1", "service_kind": "loan"}
    closed = Provider("old", ProviderKind.NGO, frozenset(ServiceKind), active=False)
    with pytest.raises(ServiceNotOffered, match="Provider old is not active"):
        make_referral(
            referral_id=uid(1), case_id=uid(100), client_code="C", kind=ServiceKind.LOAN,
            provider=closed, by=WORKER, at=at(1), consents=ALL,
        )  # fmt: skip
    with pytest.raises(ValueError, match="timezone-aware"):
        make_referral(
            referral_id=uid(1), case_id=uid(100), client_code="C", kind=ServiceKind.HIV_STI_PREVENTION,
            provider=CLINIC, by=WORKER, at=dt.datetime(2026, 3, 3, 9), consents=ALL,
        )  # fmt: skip


# ---------------------------------------------------------------- follow-up


def test_follow_up_is_due_after_the_days_without_an_answer_or_an_outcome() -> None:
    rules = FollowUpRules(answer_days=3, outcome_days=10)
    waiting = referral(1, when=1)  # made on day 1: due on day 4
    accepted = referral(2, when=0)
    accepted.accept(PEER, at(2))  # accepted on day 2: due on day 12
    ended = referral(3, when=0)
    ended.decline(PEER, at(0), Out.PROVIDER_UNABLE)
    assert waiting.follow_up(rules) == FollowUpDue(uid(1), uid(100), S.MADE, at(1), at(4))
    assert accepted.follow_up(rules) == FollowUpDue(uid(2), uid(100), S.ACCEPTED, at(2), at(12))
    assert ended.follow_up(rules) is None
    lost = referral(4, when=0)
    lost.accept(PEER, at(0))
    lost.not_complete(PEER, at(1), Out.CLIENT_NOT_REACHED)
    assert lost.follow_up(rules) is None
    all_three = [accepted, ended, waiting]
    assert follow_ups_due(all_three, at(4) - dt.timedelta(seconds=1), rules) == []
    assert [f.referral_id for f in follow_ups_due(all_three, at(4), rules)] == [uid(1)]
    assert [f.referral_id for f in follow_ups_due(all_three, at(12), rules)] == [uid(1), uid(2)]
    with pytest.raises(ValueError, match="timezone-aware"):
        follow_ups_due(all_three, dt.datetime(2026, 3, 20), rules)


def test_follow_ups_due_at_the_same_time_come_in_id_order() -> None:
    rules = FollowUpRules()
    assert (rules.answer_days, rules.outcome_days) == (7, 30)
    b, a = referral(20), referral(10)
    assert [f.referral_id for f in follow_ups_due([b, a], at(8), rules)] == [uid(10), uid(20)]


@pytest.mark.parametrize(("answer", "outcome"), [(0, 30), (7, 0)])
def test_follow_up_days_are_at_least_one(answer: int, outcome: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        FollowUpRules(answer, outcome)
    assert FollowUpRules(1, 1).answer_days == 1


def test_values_and_events_are_frozen_and_making_takes_keywords() -> None:
    r = referral()
    made = r.collect_events()[0]
    assert_frozen(CLINIC, made, r.accept(PEER, at(2)), FollowUpRules(), r.follow_up(FollowUpRules()))
    with pytest.raises(TypeError):
        make_referral(uid(1), uid(100), "C", ServiceKind.LOAN, CLINIC, WORKER, at(1), ALL)  # type: ignore[call-arg]


def test_a_referral_is_an_aggregate_compared_by_identity_and_rebuilt_with_defaults() -> None:
    rebuilt = Referral(uid(1), uid(100), "C", ServiceKind.LOAN, "lender", ProviderKind.LENDER, WORKER, at(1))
    assert (rebuilt.shares_details, rebuilt.status, rebuilt.outcome, rebuilt.history) == (
        False,
        S.MADE,
        None,
        [],
    )
    twin = dataclasses.replace(rebuilt)
    assert twin != rebuilt and len({twin, rebuilt}) == 2
