"""Takedown requests: the lifecycle as a state machine checked with arbitrary step sequences against
its own table, the platform's deadline, and the reminder and overdue windows."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import uuid

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from services.online_monitoring.domain.takedown import (
    ACTIVE,
    DEFAULT_DEADLINE_HOURS,
    DEFAULT_LEGAL_BASIS,
    ENDED,
    WAITING,
    Channel,
    CompetentBody,
    EscalationTarget,
    InvalidTakedown,
    Status,
    TakedownRequest,
    TakedownStepNotAllowed,
)

S = Status
T0 = dt.datetime(2027, 3, 1, 2, 0, tzinfo=dt.UTC)
# The table the domain must follow: step -> the statuses it may start from, and where it leads.
TABLE = {
    "send": ({S.DRAFTED}, S.SENT),
    "acknowledge": ({S.SENT}, S.ACKNOWLEDGED),
    "remove": ({S.SENT, S.ACKNOWLEDGED}, S.REMOVED),
    "refuse": ({S.SENT, S.ACKNOWLEDGED}, S.REFUSED),
    "escalate": ({S.SENT, S.ACKNOWLEDGED, S.REFUSED}, S.ESCALATED),
}


def request(hours: int = 24, at: dt.datetime = T0) -> TakedownRequest:
    return TakedownRequest.draft(
        uuid.UUID(int=1), channel=Channel.VIA_AUTHORITY, via=CompetentBody.PROVINCIAL_DEPARTMENT,
        legal_basis=" Nghị định 147/2024/NĐ-CP ", deadline_hours=hours, by="ca", at=at,
    )  # fmt: skip


def do(t: TakedownRequest, step: str, at: dt.datetime) -> object:
    if step == "escalate":
        t.escalate("ca", at, EscalationTarget.CITY_CYBER_POLICE)
        return None
    if step == "refuse":
        t.refuse("ca", at, "không trả lời")
        return None
    return getattr(t, step)("ca", at)


class Lifecycle(RuleBasedStateMachine):
    """Arbitrary steps at arbitrary later times: each follows the table or is refused without effect."""

    def __init__(self) -> None:
        super().__init__()
        self.hours = 24
        self.t = request(self.hours)
        self.now = T0

    @rule(step=st.sampled_from(sorted(TABLE)), minutes=st.integers(0, 60 * 40))
    def take(self, step: str, minutes: int) -> None:
        self.now += dt.timedelta(minutes=minutes)
        before = copy.deepcopy(self.t)
        starts, leads_to = TABLE[step]
        allowed = before.status in starts
        if step == "escalate" and before.status in WAITING:
            allowed = before.deadline is not None and self.now > before.deadline
        if not allowed:
            with pytest.raises(TakedownStepNotAllowed):
                do(self.t, step, self.now)
            assert self.t == before  # refused: nothing changed
            return
        result = do(self.t, step, self.now)
        assert self.t.status is leads_to and self.t.steps[-1].at == self.now and self.t.steps[-1].by == "ca"
        assert len(self.t.steps) == len(before.steps) + 1
        if step == "send":
            assert self.t.deadline == self.now + dt.timedelta(hours=self.hours)
        if step == "remove":
            assert before.deadline is not None
            assert result is (self.now <= before.deadline)
        if step == "escalate":
            assert self.t.escalated_to is EscalationTarget.CITY_CYBER_POLICE

    @invariant()
    def consistent(self) -> None:
        statuses = [s.status for s in self.t.steps]
        assert statuses[0] is S.DRAFTED and statuses.count(S.DRAFTED) == 1
        assert all(a.at <= b.at for a, b in zip(self.t.steps, self.t.steps[1:], strict=False))
        assert (self.t.deadline is None) == (S.SENT not in statuses)
        # an ended request stays ended, but for a refusal that is escalated
        assert not any(s in ENDED - {S.REFUSED} for s in statuses[:-1])
        assert all(b is S.ESCALATED for a, b in itertools.pairwise(statuses) if a is S.REFUSED)
        assert self.t.overdue(self.now) == (
            self.t.status in WAITING and self.t.deadline is not None and self.now > self.t.deadline
        )


Lifecycle.TestCase.settings = settings(max_examples=150, stateful_step_count=12, deadline=None)
TestLifecycle = Lifecycle.TestCase


def test_a_request_needs_a_legal_basis_and_a_sane_deadline() -> None:
    assert request().legal_basis == "Nghị định 147/2024/NĐ-CP" and request().status is S.DRAFTED
    for hours in (0, 24 * 30 + 1):
        with pytest.raises(InvalidTakedown, match="deadline"):
            request(hours)
    assert request(1).deadline_hours == 1 and request(720).deadline_hours == 720
    with pytest.raises(InvalidTakedown, match="legal basis") as e:
        TakedownRequest.draft(
            uuid.uuid4(), channel=Channel.PLATFORM_TOOL, via=CompetentBody.MINISTRY, legal_basis="  ",
            deadline_hours=24, by="ca", at=T0,
        )  # fmt: skip
    assert e.value.problem_extras()["errors"][0]["loc"] == ["body", "legal_basis"]  # type: ignore[index]


def test_a_removal_before_the_request_was_sent_is_refused_and_says_why() -> None:
    t = request()
    with pytest.raises(TakedownStepNotAllowed, match="before the request was sent") as e:
        t.remove("ca", T0)
    assert e.value.problem_extras() == {"takedown_status": "drafted", "step": "removed"}
    assert t.status is S.DRAFTED and len(t.steps) == 1


def test_the_platform_has_24_hours_from_the_request_being_sent() -> None:
    t = request()
    t.send("ca", T0 + dt.timedelta(hours=1))
    deadline = T0 + dt.timedelta(hours=25)
    assert t.deadline == deadline and t.at(S.SENT) == T0 + dt.timedelta(hours=1) and t.at(S.REMOVED) is None
    assert t.within_deadline(deadline) and not t.within_deadline(deadline + dt.timedelta(seconds=1))
    assert not t.overdue(deadline) and t.overdue(deadline + dt.timedelta(seconds=1))
    six = dt.timedelta(hours=6)
    assert not t.nearing(deadline - six - dt.timedelta(seconds=1), six)
    assert t.nearing(deadline - six, six) and t.nearing(deadline, six)
    assert not t.nearing(deadline + dt.timedelta(seconds=1), six)
    with pytest.raises(TakedownStepNotAllowed, match="not passed"):
        t.escalate("ca", deadline, EscalationTarget.MINISTRY)
    assert t.hours_to_removal() is None
    assert t.remove("ca", T0 + dt.timedelta(hours=13, minutes=30)) is True
    assert t.hours_to_removal() == 12.5 and not t.overdue(deadline + dt.timedelta(days=9))
    assert not t.nearing(deadline, six)


def test_a_late_removal_is_not_within_the_deadline_and_a_refusal_may_be_escalated_at_once() -> None:
    late = request(12)
    late.send("ca", T0)
    assert late.remove("ca", T0 + dt.timedelta(hours=12, minutes=1)) is False
    refused = request()
    refused.send("ca", T0)
    refused.refuse("ca", T0 + dt.timedelta(hours=1), "nền tảng từ chối")
    assert refused.steps[-1].note == "nền tảng từ chối" and not refused.overdue(T0 + dt.timedelta(days=3))
    refused.escalate("vhxh", T0 + dt.timedelta(hours=2), EscalationTarget.MINISTRY)
    assert refused.status is S.ESCALATED and refused.escalated_to is EscalationTarget.MINISTRY
    assert refused.steps[-1].by == "vhxh"


def test_a_step_cannot_be_dated_before_the_previous_one() -> None:
    t = request()
    with pytest.raises(InvalidTakedown, match="before the previous step"):
        t.send("ca", T0 - dt.timedelta(seconds=1))
    t.send("ca", T0 + dt.timedelta(hours=2))
    assert t.status is S.SENT
    with pytest.raises(InvalidTakedown, match="before the previous step"):
        t.acknowledge("ca", T0 + dt.timedelta(hours=1))  # after the draft, before the sending
    assert t.status is S.SENT and len(t.steps) == 2


def test_the_default_deadline_is_decree_147s_24_hours_and_steps_are_frozen() -> None:
    assert DEFAULT_DEADLINE_HOURS == 24 and "147/2024/NĐ-CP" in DEFAULT_LEGAL_BASIS
    with pytest.raises(AttributeError):
        request().steps[0].by = "vhxh"  # type: ignore[misc]


def test_the_status_groups() -> None:
    assert frozenset({S.DRAFTED, S.SENT, S.ACKNOWLEDGED}) == ACTIVE
    assert frozenset({S.SENT, S.ACKNOWLEDGED}) == WAITING
    assert frozenset({S.REMOVED, S.REFUSED, S.ESCALATED}) == ENDED
    assert str(TakedownStepNotAllowed(S.SENT, "send")).startswith("Yêu cầu gỡ bỏ đã gửi")
