"""The tip lifecycle as an explicit state machine: property-based and example tests (pure, no I/O)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import uuid
from collections.abc import Callable
from typing import Any

import holidays
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from services.intake import domain
from services.intake.domain import (
    CLOSED,
    OPEN,
    TRANSITIONS,
    Action,
    Category,
    Channel,
    DeadlineNoticed,
    InvalidCommand,
    Outcome,
    RoutingTarget,
    Severity,
    SubjectType,
    Tip,
    TipKind,
    TipStatus,
    TransferDestination,
    Transition,
    TransitionNotAllowed,
    VerificationOutcome,
    replay_status,
)
from services.intake.domain.deadlines import VN_TZ, ExtensionRefused
from tests.unit.intake.builders import (
    OFFICER,
    OTHER_TIP_ID,
    RULES,
    classify,
    end_of_vn_day,
    new_tip,
    route,
    verify,
    vn,
)

S, A = TipStatus, Action
CRIME_KINDS = {TipKind.DENUNCIATION, TipKind.REPORT, TipKind.RECOMMENDATION_TO_PROSECUTE}
DAY = 24 * 60  # minutes
MINUTES_IN_200_DAYS = 200 * DAY
# when a command is given: up to 200 days after receipt, written in UTC or in Vietnam time
TIMES = {"minutes": st.integers(0, MINUTES_IN_200_DAYS), "zone": st.sampled_from([dt.UTC, VN_TZ])}
# The longest run of days off in 2025-2030, a Tết break with its weekends (e.g. Sat 14 - Sun 22
# February 2026): the most a limit ending on a day off is rolled forward.
LONGEST_BREAK_DAYS = 9


def snapshot(tip: Tip) -> dict[str, Any]:
    """Every field of the tip (all immutable values) plus copies of its history lists."""
    state = {
        f.name: getattr(tip, f.name) for f in dataclasses.fields(tip) if f.name not in ("history", "new")
    }
    return {**state, "history": list(tip.history), "new": list(tip.new)}


# ---------------------------------------------------------------- properties over command sequences


class TipLifecycle(RuleBasedStateMachine):
    """Drives one tip with arbitrary commands; each either follows the table or is refused without effect."""

    tip: Tip
    given_times: list[dt.datetime]
    cycle_start: dt.datetime  # the receipt or the last reopening, tracked here independently of Tip

    @initialize(
        kind=st.sampled_from(TipKind),
        received_at=st.datetimes(
            min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2028, 12, 31), timezones=st.just(dt.UTC)
        ),
    )
    def receive(self, kind: TipKind, received_at: dt.datetime) -> None:
        self.tip = new_tip(kind, received_at)
        self.given_times = [received_at]
        self.cycle_start = received_at

    def _at(self, minutes: int, zone: dt.tzinfo) -> dt.datetime:
        return (self.tip.received_at + dt.timedelta(minutes=minutes)).astimezone(zone)

    def _run(
        self,
        action: Action,
        at: dt.datetime,
        command: Callable[[], Transition],
        refusals: tuple[type[Exception], ...] = (),
    ) -> Transition | None:
        tip = self.tip
        before = snapshot(tip)
        allowed = (tip.status, action) in TRANSITIONS
        try:
            step = command()
        except TransitionNotAllowed as exc:
            assert not allowed, f"({before['status']}, {action}) is in the table but was refused"
            assert (exc.status, exc.action) == (before["status"], action)
            assert snapshot(tip) == before  # (b) a refused command changes nothing
            return None
        except refusals:
            assert snapshot(tip) == before  # (b)
            return None
        # (a) a successful step is exactly what the table says
        assert allowed, f"({before['status']}, {action}) is not in the table but succeeded"
        assert step.action is action
        assert step.from_status is before["status"]
        assert step.to_status is TRANSITIONS[(before["status"], action)] is tip.status
        # (d) append-only, with the time given
        assert len(tip.history) == len(before["history"]) + 1
        assert all(a is b for a, b in zip(tip.history, before["history"], strict=False))
        assert tip.history[-1] is step and tip.new[-1] is step
        assert step.at == at and step.at.utcoffset() == at.utcoffset()
        assert step.actor == OFFICER
        self.given_times.append(at)
        return step

    @rule(**TIMES)
    def start_verification(self, minutes: int, zone: dt.tzinfo) -> None:
        at = self._at(minutes, zone)
        before = self.tip.deadlines
        if self._run(A.START_VERIFICATION, at, lambda: self.tip.start_verification(OFFICER, at)):
            assert self.tip.deadlines == before

    @rule(outcome=st.sampled_from(VerificationOutcome), **TIMES)
    def verify(self, outcome: VerificationOutcome, minutes: int, zone: dt.tzinfo) -> None:
        at = self._at(minutes, zone)
        founded = outcome in (VerificationOutcome.FOUNDED, VerificationOutcome.PARTLY_FOUNDED)
        action = A.CONFIRM if founded else A.REJECT
        if self._run(action, at, lambda: self.tip.verify(OFFICER, at, outcome, RULES)):
            assert self.tip.verification is outcome
            if founded:
                assert self.tip.accepted_at == at
            else:
                assert (self.tip.outcome, self.tip.closed_at) == (Outcome.UNFOUNDED, at)

    @rule(
        category=st.sampled_from(Category),
        severity=st.sampled_from(Severity),
        complex_matter=st.booleans(),
        **TIMES,
    )
    def classify(
        self, category: Category, severity: Severity, complex_matter: bool, minutes: int, zone: dt.tzinfo
    ) -> None:
        at = self._at(minutes, zone)
        before = self.tip.deadlines

        def command() -> Transition:
            return self.tip.classify(
                OFFICER,
                at,
                category=category,
                severity=severity,
                competent_unit="ca",
                complex_matter=complex_matter,
                rules=RULES,
            )

        if self._run(A.CLASSIFY, at, command):
            tip = self.tip
            assert tip.due_at >= before.due_at  # never a shorter limit
            if not complex_matter:
                assert tip.deadlines == before
            elif tip.kind in CRIME_KINDS:  # two months (at least 59 days) from this round's start
                assert tip.due_at >= self.cycle_start + dt.timedelta(days=59)
            else:  # 45 days from the acceptance (the verification of this round)
                assert tip.accepted_at is not None
                assert tip.due_at >= tip.accepted_at + dt.timedelta(days=45)

    @rule(routing=st.sampled_from(RoutingTarget), **TIMES)
    def route(self, routing: RoutingTarget, minutes: int, zone: dt.tzinfo) -> None:
        at = self._at(minutes, zone)
        before = self.tip.deadlines
        if self._run(A.ROUTE, at, lambda: self.tip.route(OFFICER, at, routing, "unit-x")):
            assert (self.tip.routed_to, self.tip.deadlines) == (routing, before)

    @rule(outcome=st.sampled_from(Outcome), **TIMES)
    def handle(self, outcome: Outcome, minutes: int, zone: dt.tzinfo) -> None:
        at = self._at(minutes, zone)
        if self._run(A.HANDLE, at, lambda: self.tip.handle(OFFICER, at, outcome)):
            assert (self.tip.outcome, self.tip.closed_at) == (outcome, at)

    @rule(destination=st.sampled_from(TransferDestination), **TIMES)
    def transfer(self, destination: TransferDestination, minutes: int, zone: dt.tzinfo) -> None:
        at = self._at(minutes, zone)
        if self._run(A.TRANSFER, at, lambda: self.tip.transfer(OFFICER, at, destination, "CQCSDT-HP")):
            assert self.tip.closed_at == at

    @rule(into_itself=st.booleans(), **TIMES)
    def merge_into(self, into_itself: bool, minutes: int, zone: dt.tzinfo) -> None:
        at = self._at(minutes, zone)
        other = self.tip.id if into_itself else OTHER_TIP_ID
        refusals = (InvalidCommand,) if into_itself else ()
        step = self._run(A.MERGE, at, lambda: self.tip.merge_into(OFFICER, at, other), refusals)
        if into_itself:
            assert step is None
        elif step:
            assert self.tip.merged_into == OTHER_TIP_ID

    @rule(**TIMES)
    def reopen(self, minutes: int, zone: dt.tzinfo) -> None:
        at = self._at(minutes, zone)
        previous = self.tip.outcome
        step = self._run(A.REOPEN, at, lambda: self.tip.reopen(OFFICER, at, RULES))
        if step:
            self.cycle_start = at
            assert step.details["previous_outcome"] == (previous.value if previous else None)
            assert self.tip.deadlines == RULES.on_receipt(self.tip.kind, at, self.tip.complex)
            assert self.tip.extensions == 0

    @rule(
        # half of the requests look lawful, the others anything around the deadline
        minutes_before_due=st.one_of(st.integers(5 * DAY, 15 * DAY), st.integers(-30 * DAY, 40 * DAY)),
        minutes_after_due=st.one_of(st.integers(1, 59 * DAY), st.integers(-10 * DAY, 70 * DAY)),
        zone=st.sampled_from([dt.UTC, VN_TZ]),
    )
    def extend(self, minutes_before_due: int, minutes_after_due: int, zone: dt.tzinfo) -> None:
        tip = self.tip
        due, extensions, status = tip.due_at, tip.extensions, tip.status
        at = (due - dt.timedelta(minutes=minutes_before_due)).astimezone(zone)
        new_due = (due + dt.timedelta(minutes=minutes_after_due)).astimezone(zone)
        step = self._run(A.EXTEND, at, lambda: tip.extend(OFFICER, at, new_due, RULES), (ExtensionRefused,))
        lawful = (
            tip.kind in CRIME_KINDS
            and extensions == 0
            and at <= due - dt.timedelta(days=5)
            and due < new_due <= due + dt.timedelta(days=59)  # two months are at least 59 days
        )
        if step:
            assert tip.kind in CRIME_KINDS and extensions == 0
            assert at <= due - dt.timedelta(days=5)
            # at most 62 days, plus the days off a limit ending on a day off rolls over
            assert due < new_due <= due + dt.timedelta(days=62 + LONGEST_BREAK_DAYS)
            assert (tip.status, tip.due_at, tip.extensions) == (status, new_due, 1)
            assert tip.due_at.utcoffset() == dt.timedelta(0)  # stored in UTC whatever zone it was given in
            assert step.details["extension_number"] == 1
        elif (status, A.EXTEND) in TRANSITIONS:
            assert not lawful, "a lawful extension was refused"

    @rule(**TIMES)
    def next_step_of_the_happy_path(self, minutes: int, zone: dt.tzinfo) -> None:
        """The command an officer would give next (so that long lifecycles are explored too)."""
        status = self.tip.status
        if status is S.RECEIVED:
            self.start_verification(minutes, zone)
        elif status is S.VERIFYING:
            self.verify(VerificationOutcome.FOUNDED, minutes, zone)
        elif status is S.VERIFIED:
            self.classify(Category.HOTSPOT, Severity.MEDIUM, False, minutes, zone)
        elif status is S.CLASSIFIED:
            self.route(RoutingTarget.INSPECTION, minutes, zone)
        elif status is S.ROUTED:
            self.handle(Outcome.ADMINISTRATIVE_SANCTION, minutes, zone)
        else:
            self.reopen(minutes, zone)

    # ---- invariants, checked after every step

    @invariant()
    def history_replays_to_the_status(self) -> None:  # (c)
        assert replay_status(self.tip.history) is self.tip.status

    @invariant()
    def history_is_the_given_steps_in_order(self) -> None:  # (d)
        assert [s.at for s in self.tip.history] == self.given_times
        assert self.tip.history[0].action is A.RECEIVE
        assert [id(s) for s in self.tip.new] == [id(s) for s in self.tip.history]

    @invariant()
    def closed_tips_are_never_overdue(self) -> None:  # (e)
        tip = self.tip
        just_after = tip.due_at + dt.timedelta(seconds=1)
        if tip.status in CLOSED:
            assert not tip.overdue(just_after)
            assert not tip.overdue(tip.due_at + dt.timedelta(days=3650))
        else:
            assert tip.status in OPEN
            assert tip.overdue(just_after) and not tip.overdue(tip.due_at)

    @invariant()
    def closure_fields_match_the_status(self) -> None:
        tip = self.tip
        assert (tip.closed_at is not None) == (tip.status in CLOSED)
        assert (tip.merged_into is not None) == (tip.status is S.MERGED)
        if tip.status in OPEN:
            assert tip.outcome is None
        if tip.status is S.UNFOUNDED:
            assert tip.outcome is Outcome.UNFOUNDED
        assert tip.extensions <= (1 if tip.kind in CRIME_KINDS else 0)


@pytest.mark.assumption
def test_the_longest_run_of_days_off_the_state_machine_allows_for() -> None:
    """Independent of the code under test: weekends and the holidays library's days off."""
    calendar = holidays.country_holidays("VN", years=range(2025, 2031))
    make_up = set(calendar.weekend_workdays)
    day, run, longest = dt.date(2025, 1, 1), 0, 0
    while day < dt.date(2031, 1, 1):
        off = day not in make_up and (day.weekday() >= 5 or day in calendar)
        run = run + 1 if off else 0
        longest = max(longest, run)
        day += dt.timedelta(days=1)
    assert longest == LONGEST_BREAK_DAYS


# 120 command sequences keep `tests/unit` within seconds; CI and `make mutate` set PCMD_THOROUGH=1 and
# run 400 (the same derandomized sequences, and more of them).
THOROUGH = os.environ.get("PCMD_THOROUGH") == "1"
TipLifecycle.TestCase.settings = settings(
    max_examples=400 if THOROUGH else 120,
    stateful_step_count=40,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestAnyCommandSequenceFollowsTheTransitionTableAndRefusalsChangeNothing = TipLifecycle.TestCase


# ---------------------------------------------------------------- the table itself (f)


def test_closed_statuses_only_allow_reopen() -> None:
    from_closed = {(status, action) for status, action in TRANSITIONS if status in CLOSED}
    assert from_closed == {(status, A.REOPEN) for status in CLOSED}
    assert all(TRANSITIONS[(status, A.REOPEN)] is S.VERIFYING for status in CLOSED)


def test_handled_is_reachable_only_by_handling_a_routed_tip() -> None:
    into_handled = [key for key, target in TRANSITIONS.items() if target is S.HANDLED]
    assert into_handled == [(S.ROUTED, A.HANDLE)]


def test_a_routed_tip_can_no_longer_be_transferred() -> None:
    assert (S.ROUTED, A.TRANSFER) not in TRANSITIONS
    assert {s for s, a in TRANSITIONS if a is A.TRANSFER} == OPEN - {S.ROUTED}


def test_extension_keeps_the_status_and_is_allowed_only_while_open() -> None:
    extend = {status: target for (status, action), target in TRANSITIONS.items() if action is A.EXTEND}
    assert extend == {status: status for status in OPEN}


def test_receive_is_never_a_transition_and_every_status_is_open_or_closed() -> None:
    assert all(action is not A.RECEIVE for _, action in TRANSITIONS)
    assert set(TipStatus) == OPEN | CLOSED and not OPEN & CLOSED


# ---------------------------------------------------------------- examples


def test_happy_path_goes_received_verifying_verified_classified_routed_handled() -> None:
    tip = new_tip(TipKind.DENUNCIATION, vn(2026, 3, 10, 9, 30))
    seen = [tip.status]
    tip.start_verification(OFFICER, vn(2026, 3, 10, 10))
    seen.append(tip.status)
    tip.verify(OFFICER, vn(2026, 3, 12, 15), VerificationOutcome.FOUNDED, RULES)
    seen.append(tip.status)
    tip.classify(
        OFFICER,
        vn(2026, 3, 13, 8),
        category=Category.BROKERING,
        severity=Severity.HIGH,
        competent_unit="ca",
        complex_matter=False,
        rules=RULES,
    )
    seen.append(tip.status)
    tip.route(OFFICER, vn(2026, 3, 13, 9), RoutingTarget.POLICE_INVESTIGATION, "ca-doi-1")
    seen.append(tip.status)
    tip.handle(OFFICER, vn(2026, 3, 25, 16), Outcome.ADMINISTRATIVE_SANCTION)
    seen.append(tip.status)

    assert seen == [S.RECEIVED, S.VERIFYING, S.VERIFIED, S.CLASSIFIED, S.ROUTED, S.HANDLED]
    assert [s.action for s in tip.history] == [
        A.RECEIVE,
        A.START_VERIFICATION,
        A.CONFIRM,
        A.CLASSIFY,
        A.ROUTE,
        A.HANDLE,
    ]
    assert tip.outcome is Outcome.ADMINISTRATIVE_SANCTION
    assert tip.closed_at == vn(2026, 3, 25, 16)
    assert tip.history[-1].details["resolved_by"] == RoutingTarget.POLICE_INVESTIGATION.value
    assert not tip.is_open and tip.on_time()


def test_routing_a_received_tip_is_refused_naming_the_status_and_the_action() -> None:
    tip = new_tip()
    before = snapshot(tip)
    with pytest.raises(TransitionNotAllowed) as refused:
        tip.route(OFFICER, vn(2026, 3, 10, 10), RoutingTarget.INSPECTION, "vhxh")
    assert (refused.value.status, refused.value.action) == (S.RECEIVED, A.ROUTE)
    assert str(refused.value) == (
        "Tin mới tiếp nhận không thể chuyển xử lý; được phép: gia hạn, gộp tin, bắt đầu xác minh, "
        "chuyển cơ quan khác. / A tip that is 'received' cannot be 'route'; allowed: extend, merge, "
        "start_verification, transfer."
    )
    assert refused.value.allowed == ["extend", "merge", "start_verification", "transfer"]
    assert snapshot(tip) == before


def test_handling_a_classified_tip_that_was_never_routed_is_refused() -> None:
    tip = classify(verify(new_tip(), vn(2026, 3, 11)), vn(2026, 3, 11))
    assert tip.status is S.CLASSIFIED
    with pytest.raises(TransitionNotAllowed, match=r"'classified'.*'handle'"):
        tip.handle(OFFICER, vn(2026, 3, 12), Outcome.OTHER)


@pytest.mark.parametrize(
    "outcome", [VerificationOutcome.UNFOUNDED, VerificationOutcome.INSUFFICIENT_INFORMATION]
)
def test_unfounded_verification_closes_the_tip_as_unfounded(outcome: VerificationOutcome) -> None:
    tip = new_tip()
    tip.start_verification(OFFICER, vn(2026, 3, 10, 10))
    step = tip.verify(OFFICER, vn(2026, 3, 15, 11), outcome, RULES)
    assert (step.action, step.to_status) == (A.REJECT, S.UNFOUNDED)
    assert step.details == {"outcome": outcome.value}
    assert tip.status is S.UNFOUNDED and not tip.is_open
    assert (tip.outcome, tip.verification) == (Outcome.UNFOUNDED, outcome)
    assert tip.closed_at == vn(2026, 3, 15, 11) and tip.accepted_at is None
    assert not tip.overdue(vn(2027, 1, 1))


def test_merging_a_tip_into_itself_is_an_invalid_command_that_changes_nothing() -> None:
    tip = new_tip()
    before = snapshot(tip)
    with pytest.raises(InvalidCommand, match="itself"):
        tip.merge_into(OFFICER, vn(2026, 3, 11), tip.id)
    assert snapshot(tip) == before


def test_merging_into_another_tip_closes_it_as_a_duplicate() -> None:
    tip = new_tip()
    step = tip.merge_into(OFFICER, vn(2026, 3, 11), OTHER_TIP_ID, reason="duplicate")
    assert (tip.status, tip.merged_into, tip.closed_at) == (S.MERGED, OTHER_TIP_ID, vn(2026, 3, 11))
    assert step.details == {"into": str(OTHER_TIP_ID)} and step.reason == "duplicate"


def test_reopening_a_handled_tip_restarts_verification_with_fresh_deadlines_and_keeps_the_old_outcome() -> (
    None
):
    tip = route(new_tip(TipKind.DENUNCIATION, vn(2026, 3, 10, 9, 30)), vn(2026, 3, 11))
    tip.handle(OFFICER, vn(2026, 3, 20), Outcome.NO_PROCEEDINGS)
    old_deadlines = tip.deadlines

    step = tip.reopen(OFFICER, vn(2026, 6, 1, 10), RULES, reason="new information")

    assert tip.status is S.VERIFYING and tip.is_open
    assert step.details == {
        "previous_outcome": Outcome.NO_PROCEEDINGS.value,
        "previous_due_at": old_deadlines.due_at.isoformat(),
        "due_at": tip.due_at.isoformat(),
        "due_rule": "reopened",  # the moved deadline says why, in the step that moved it
    }
    assert tip.history[-2].details["outcome"] == Outcome.NO_PROCEEDINGS.value  # the handling is still there
    assert (tip.outcome, tip.closed_at, tip.verification, tip.extensions) == (None, None, None, 0)
    # 20 calendar days and 24 hours, counted from the reopening:
    # Monday 1 June + 20 days = Sunday 21 June -> Monday 22 June
    assert tip.due_at == end_of_vn_day(2026, 6, 22)
    assert step.details["due_at"] == end_of_vn_day(2026, 6, 22).astimezone(dt.UTC).isoformat()
    assert tip.deadlines.transfer_by == vn(2026, 6, 2, 10)
    assert tip.deadlines != old_deadlines
    assert replay_status(tip.history) is S.VERIFYING


def test_reopening_an_open_tip_is_refused() -> None:
    tip = new_tip()
    with pytest.raises(TransitionNotAllowed):
        tip.reopen(OFFICER, vn(2026, 3, 11), RULES)


def test_extending_a_closed_tip_is_refused_as_a_transition() -> None:
    tip = new_tip()
    tip.transfer(OFFICER, vn(2026, 3, 10, 12), TransferDestination.INVESTIGATING_BODY, "CQCSDT-HP")
    before = snapshot(tip)
    with pytest.raises(TransitionNotAllowed, match=r"'transferred'.*'extend'"):
        tip.extend(OFFICER, vn(2026, 3, 11), end_of_vn_day(2026, 4, 30), RULES)
    assert snapshot(tip) == before


def test_receipt_and_steps_refuse_naive_times() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        new_tip(received_at=dt.datetime(2026, 3, 10, 9, 30))
    tip = new_tip()
    with pytest.raises(ValueError, match="timezone-aware"):
        tip.start_verification(OFFICER, dt.datetime(2026, 3, 10, 10))


# ---------------------------------------------------------------- replay_status on forged histories


def _step(action: Action, src: TipStatus | None, dst: TipStatus, day: int = 10) -> Transition:
    return Transition(action, src, dst, OFFICER, vn(2026, 3, day))


RECEIPT = _step(A.RECEIVE, None, S.RECEIVED)


def test_replay_follows_a_genuine_history() -> None:
    history = [
        RECEIPT,
        _step(A.START_VERIFICATION, S.RECEIVED, S.VERIFYING),
        _step(A.EXTEND, S.VERIFYING, S.VERIFYING),
        _step(A.REJECT, S.VERIFYING, S.UNFOUNDED),
        _step(A.REOPEN, S.UNFOUNDED, S.VERIFYING),
    ]
    assert replay_status(history) is S.VERIFYING


@pytest.mark.parametrize(
    "history",
    [
        pytest.param([RECEIPT, _step(A.HANDLE, S.RECEIVED, S.HANDLED)], id="step-not-in-table"),
        pytest.param([RECEIPT, _step(A.START_VERIFICATION, S.RECEIVED, S.VERIFIED)], id="wrong-target"),
        pytest.param([RECEIPT, _step(A.CONFIRM, S.VERIFYING, S.VERIFIED)], id="wrong-source"),
        pytest.param([_step(A.START_VERIFICATION, S.RECEIVED, S.VERIFYING)], id="no-receipt"),
        pytest.param([_step(A.START_VERIFICATION, S.RECEIVED, S.VERIFYING), RECEIPT], id="receipt-not-first"),
        pytest.param(
            [RECEIPT, _step(A.START_VERIFICATION, S.HANDLED, S.VERIFYING)], id="source-sorting-before"
        ),
        pytest.param(
            [RECEIPT, _step(A.START_VERIFICATION, S.VERIFIED, S.VERIFYING)], id="source-sorting-after"
        ),
        pytest.param(
            [
                RECEIPT,
                _step(A.START_VERIFICATION, S.RECEIVED, S.VERIFYING),
                _step(A.CONFIRM, S.VERIFYING, S.CLASSIFIED),
            ],
            id="target-sorting-before",
        ),
        pytest.param(
            [
                RECEIPT,
                _step(A.START_VERIFICATION, S.RECEIVED, S.VERIFYING),
                _step(A.CONFIRM, S.VERIFYING, S.VERIFYING),
            ],
            id="target-sorting-after",
        ),
        pytest.param([RECEIPT, RECEIPT], id="two-receipts"),
        pytest.param([], id="empty"),
        pytest.param(
            [
                RECEIPT,
                _step(A.TRANSFER, S.RECEIVED, S.TRANSFERRED),
                _step(A.MERGE, S.TRANSFERRED, S.MERGED),
            ],
            id="step-after-closure",
        ),
    ],
)
def test_replay_rejects_a_forged_history(history: list[Transition]) -> None:
    with pytest.raises(ValueError):
        replay_status(history)


def test_replay_rejects_a_tip_history_with_a_forged_step_appended() -> None:
    tip = new_tip()
    tip.start_verification(OFFICER, vn(2026, 3, 10, 10))
    assert replay_status(tip.history) is S.VERIFYING
    forged = [*tip.history, _step(A.HANDLE, S.VERIFYING, S.HANDLED, day=11)]
    with pytest.raises(ValueError, match="not allowed"):
        replay_status(forged)


# ---------------------------------------------------------------- what each step stores


def test_a_tip_is_not_anonymous_unless_received_as_such() -> None:
    assert new_tip().anonymous is False
    anonymous = domain.receive(
        tip_id=OTHER_TIP_ID, ward="lechan", kind=TipKind.REPORT, channel=Channel.WEB_FORM,
        subject_type=SubjectType.ONLINE, residential_group="tdp-01", received_at=vn(2026, 3, 10, 9),
        actor=OFFICER, rules=RULES, anonymous=True, content_hash="abc",
    )  # fmt: skip
    assert (anonymous.anonymous, anonymous.content_hash, anonymous.establishment_id) == (True, "abc", None)
    assert (anonymous.status, anonymous.history[0].details) == (S.RECEIVED, {"channel": "web_form"})


def test_classifying_stores_the_category_severity_and_competent_unit() -> None:
    tip = verify(new_tip(), vn(2026, 3, 11))
    assert (tip.category, tip.severity, tip.competent_unit, tip.complex) == (None, None, None, False)
    step = tip.classify(
        OFFICER,
        vn(2026, 3, 12),
        category=Category.HOTSPOT,
        severity=Severity.LOW,
        competent_unit="vhxh",
        complex_matter=False,
        rules=RULES,
    )
    assert (tip.category, tip.severity, tip.competent_unit, tip.complex) == (
        Category.HOTSPOT,
        Severity.LOW,
        "vhxh",
        False,
    )
    assert step.details == {
        "category": Category.HOTSPOT.value,
        "severity": Severity.LOW.value,
        "competent_unit": "vhxh",
        "complex": False,
    }


def test_routing_stores_the_target_and_its_unit() -> None:
    tip = classify(verify(new_tip(), vn(2026, 3, 11)), vn(2026, 3, 11))
    step = tip.route(OFFICER, vn(2026, 3, 12), RoutingTarget.INSPECTION, "vhxh")
    assert (tip.routed_to, tip.target_unit) == (RoutingTarget.INSPECTION, "vhxh")
    assert step.details == {"target": "inspection", "target_unit": "vhxh"}


@pytest.mark.parametrize("naive", ["at", "new_due_at"])
def test_an_extension_refuses_naive_times(naive: str) -> None:
    tip = new_tip()
    at, new_due_at = vn(2026, 3, 12, 9), end_of_vn_day(2026, 4, 30)
    if naive == "at":
        at = at.replace(tzinfo=None)
    else:
        new_due_at = new_due_at.replace(tzinfo=None)
    before = snapshot(tip)
    with pytest.raises(ValueError, match="timezone-aware"):
        tip.extend(OFFICER, at, new_due_at, RULES)
    assert snapshot(tip) == before


def test_an_actor_is_named_by_unit_and_subject_and_steps_are_immutable() -> None:
    assert OFFICER.id == "ca:officer-1"
    tip = new_tip()
    with pytest.raises(AttributeError):
        OFFICER.unit = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        tip.history[0].action = A.HANDLE  # type: ignore[misc]
    notice = tip.announce_deadline(tip.due_at, dt.timedelta(days=3))
    assert notice is not None
    with pytest.raises(AttributeError):
        notice.overdue = False  # type: ignore[misc]


# ---------------------------------------------------------------- merging, overdue, on time


def test_a_tip_cannot_be_merged_into_an_equal_id_whatever_the_other_tips_order() -> None:
    tip = new_tip()
    with pytest.raises(InvalidCommand):
        tip.merge_into(OFFICER, vn(2026, 3, 11), uuid.UUID(str(tip.id)))  # equal, not the same object
    lower = uuid.UUID("00000000-0000-4000-8000-000000000000")
    assert lower < tip.id
    tip.merge_into(OFFICER, vn(2026, 3, 11), lower)
    assert tip.merged_into == lower


def test_an_open_tip_is_overdue_only_after_its_deadline() -> None:
    tip = new_tip()  # due 30 March, 23:59:59 in Vietnam
    assert not tip.overdue(vn(2026, 3, 20))
    assert not tip.overdue(end_of_vn_day(2026, 3, 30))
    assert tip.overdue(vn(2026, 3, 31))


def test_an_unfounded_crime_tip_is_judged_against_its_deadline_not_the_transfer_limit() -> None:
    tip = new_tip()
    tip.start_verification(OFFICER, vn(2026, 3, 10, 10))
    tip.verify(OFFICER, vn(2026, 3, 13, 9), VerificationOutcome.UNFOUNDED, RULES)  # after the 24 hours
    assert tip.closed_at > tip.deadlines.transfer_by
    assert tip.on_time()


def test_an_acceptance_that_leaves_the_deadline_where_it_was_does_not_say_it_moved() -> None:
    tip = new_tip(TipKind.COMPLAINT, vn(2026, 3, 10, 9, 30))  # to be accepted by 24 March
    before = tip.due_at
    tip.start_verification(OFFICER, vn(2026, 3, 23))
    step = tip.verify(OFFICER, vn(2026, 3, 24, 10), VerificationOutcome.FOUNDED, RULES)
    assert tip.due_at == before == end_of_vn_day(2026, 4, 23)
    assert step.details == {"outcome": "founded"}


# ---------------------------------------------------------------- deadline notices

WINDOW = dt.timedelta(days=3)
DUE = end_of_vn_day(2026, 3, 30)


def test_a_deadline_is_announced_as_approaching_from_the_start_of_the_window_and_once() -> None:
    tip = new_tip()
    assert tip.due_at == DUE
    assert tip.announce_deadline(DUE - WINDOW - dt.timedelta(seconds=1), WINDOW) is None
    assert tip.new == tip.history  # nothing recorded
    notice = tip.announce_deadline(DUE - WINDOW, WINDOW)
    assert notice == DeadlineNoticed(DUE, DUE - WINDOW, overdue=False)
    assert tip.new[-1] is notice and tip.approaching_notified_due == DUE
    assert tip.overdue_notified_due is None
    assert tip.announce_deadline(DUE - WINDOW, WINDOW) is None
    assert tip.announce_deadline(DUE - dt.timedelta(seconds=1), WINDOW) is None
    assert tip.new.count(notice) == 1


def test_a_deadline_is_announced_as_passed_from_the_instant_it_is_reached_and_once() -> None:
    tip = new_tip()
    tip.announce_deadline(DUE - WINDOW, WINDOW)
    overdue = tip.announce_deadline(DUE, WINDOW)
    assert overdue == DeadlineNoticed(DUE, DUE, overdue=True)
    assert (tip.overdue_notified_due, tip.approaching_notified_due) == (DUE, DUE)
    assert tip.announce_deadline(DUE, WINDOW) is None
    assert tip.announce_deadline(DUE + dt.timedelta(days=5), WINDOW) is None


def test_a_deadline_passed_without_warning_is_announced_as_passed() -> None:
    tip = new_tip()
    notice = tip.announce_deadline(DUE + dt.timedelta(days=1), WINDOW)
    assert notice is not None and notice.overdue
    assert tip.approaching_notified_due is None


def test_a_new_deadline_is_announced_again() -> None:
    tip = new_tip()
    tip.announce_deadline(DUE - WINDOW, WINDOW)
    new_due = end_of_vn_day(2026, 4, 30)
    tip.extend(OFFICER, vn(2026, 3, 20), new_due, RULES)
    assert tip.announce_deadline(new_due - WINDOW, WINDOW) == DeadlineNoticed(
        new_due, new_due - WINDOW, False
    )
    assert tip.approaching_notified_due == new_due


def test_a_closed_tip_announces_nothing() -> None:
    tip = new_tip()
    tip.transfer(OFFICER, vn(2026, 3, 10, 12), TransferDestination.INVESTIGATING_BODY, "CQCSDT-HP")
    assert tip.announce_deadline(DUE, WINDOW) is None
    assert tip.announce_deadline(DUE - WINDOW, WINDOW) is None


def test_a_deadline_recomputed_to_the_same_instant_is_not_announced_again() -> None:
    tip = new_tip(TipKind.COMPLAINT, vn(2026, 3, 10, 9, 30))  # due 23 April until accepted
    due = end_of_vn_day(2026, 4, 23)
    tip.start_verification(OFFICER, vn(2026, 3, 23))
    assert tip.announce_deadline(due - WINDOW, WINDOW) is not None
    tip.verify(OFFICER, vn(2026, 3, 24, 10), VerificationOutcome.FOUNDED, RULES)  # the same limit again
    assert tip.due_at == due
    assert tip.announce_deadline(due - WINDOW, WINDOW) is None
