"""A case's plan and follow-ups: days in the ward's calendar, each follow-up done once, notes erasable."""

from __future__ import annotations

import datetime as dt

import pytest

from services.case_support.domain.kinds import NeedKind
from services.case_support.domain.plan import (
    FOLLOW_UP_NOTES,
    PLAN_NOTE,
    VN,
    CasePlan,
    FollowUp,
    FollowUpDone,
    FollowUpScheduled,
    Plan,
    PlanRefused,
    PlanSet,
    local_day,
)
from tests.unit.case_support.builders import PEER, WORKER, assert_frozen, at, on, uid


def test_the_ward_day_is_vietnam_time() -> None:
    assert VN.utcoffset(None) == dt.timedelta(hours=7)
    assert local_day(at(0, 0, 0)) == on(0)  # midnight in the ward is 17:00 UTC the day before
    assert local_day(at(0, 23, 59)) == on(0)
    assert local_day(at(0, 0, 0) - dt.timedelta(seconds=1)) == on(-1)
    with pytest.raises(ValueError, match="timezone-aware"):
        local_day(dt.datetime(2026, 3, 2, 9))


def test_a_plan_replaces_the_one_before_and_its_review_day_is_not_past() -> None:
    plans = CasePlan()
    first = Plan((NeedKind.LOAN,), WORKER, at(0), on(30), "note one")
    assert plans.set(first) == PlanSet(WORKER, at(0))
    second = Plan((NeedKind.EMPLOYMENT,), PEER, at(1), on(1))  # review today is fine
    plans.set(second)
    assert plans.plan == second
    with pytest.raises(PlanRefused, match="The review day has passed") as refused:
        plans.set(Plan((), WORKER, at(2), on(1)))
    assert refused.value.field_name == "review_on"
    assert refused.value.problem_extras()["errors"] == [
        {"loc": ["body", "review_on"], "msg": str(refused.value), "type": "invalid"}
    ]
    assert plans.set(Plan((), WORKER, at(2))) == PlanSet(WORKER, at(2))  # no review day
    with pytest.raises(ValueError, match="timezone-aware"):
        plans.set(Plan((), WORKER, dt.datetime(2026, 3, 5)))


def test_follow_ups_are_scheduled_for_today_or_later_and_done_once() -> None:
    plans = CasePlan()
    scheduled = plans.schedule(FollowUp(uid(1), on(3), WORKER, "call"), at(3, 23))
    assert scheduled == FollowUpScheduled(uid(1), on(3))
    with pytest.raises(PlanRefused, match="has passed"):
        plans.schedule(FollowUp(uid(2), on(3), WORKER), at(4, 0, 0))
    with pytest.raises(PlanRefused, match="already exists"):
        plans.schedule(FollowUp(uid(1), on(9), WORKER), at(3))
    done_before = FollowUp(uid(3), on(5), WORKER, done_at=at(0), done_by=PEER)
    plans.schedule(done_before, at(3))
    assert plans.follow_ups[1].done_at is None and plans.follow_ups[1].done_by == ""  # starts pending

    assert plans.complete(uid(1), by=PEER, at=at(4)) == FollowUpDone(uid(1), PEER, at(4))
    assert (plans.follow_ups[0].done_at, plans.follow_ups[0].done_by) == (at(4), PEER)
    with pytest.raises(PlanRefused, match="No pending follow-up"):
        plans.complete(uid(1), by=PEER, at=at(5))
    with pytest.raises(PlanRefused, match="No pending follow-up"):
        plans.complete(uid(9), by=PEER, at=at(5))
    with pytest.raises(ValueError, match="timezone-aware"):
        plans.complete(uid(3), by=PEER, at=dt.datetime(2026, 3, 5))


def test_follow_ups_due_are_the_pending_ones_by_today_earliest_first() -> None:
    plans = CasePlan()
    for n, day in ((3, 5), (2, 4), (1, 5), (4, 9)):
        plans.schedule(FollowUp(uid(n), on(day), WORKER), at(0))
    plans.complete(uid(2), by=WORKER, at=at(4))
    assert plans.due(on(3)) == []
    assert [f.id for f in plans.due(on(5))] == [uid(1), uid(3)]
    assert [f.id for f in plans.due(on(9))] == [uid(1), uid(3), uid(4)]


def test_notes_are_identifying_and_erasure_clears_them_keeping_the_days() -> None:
    plans = CasePlan()
    assert plans.notes_present() == ()
    plans.erase_notes()  # nothing to erase: fine
    plans.schedule(FollowUp(uid(1), on(2), WORKER), at(0))
    assert plans.notes_present() == ()
    plans.set(Plan((NeedKind.LOAN,), WORKER, at(0), None, "lives with her aunt"))
    assert plans.notes_present() == (PLAN_NOTE,)
    plans.schedule(FollowUp(uid(2), on(3), WORKER, "meet at the market"), at(0))
    assert plans.notes_present() == (PLAN_NOTE, FOLLOW_UP_NOTES)
    plans.erase_notes()
    assert plans.notes_present() == ()
    assert plans.plan == Plan((NeedKind.LOAN,), WORKER, at(0), None, "")
    assert [(f.id, f.due_on, f.note) for f in plans.follow_ups] == [(uid(1), on(2), ""), (uid(2), on(3), "")]
    only_follow_up = CasePlan(None, [FollowUp(uid(1), on(2), WORKER, "x")])
    assert only_follow_up.notes_present() == (FOLLOW_UP_NOTES,)
    assert "lives" not in repr(Plan((), WORKER, at(0), None, "lives")) and "note=" not in repr(only_follow_up)


def test_values_and_events_are_frozen_and_completing_takes_keywords() -> None:
    plans = CasePlan()
    plan = Plan((), WORKER, at(0))
    follow_up = FollowUp(uid(1), on(2), WORKER)
    assert_frozen(plan, follow_up, plans.set(plan), plans.schedule(follow_up, at(0)))
    with pytest.raises(TypeError):
        plans.complete(uid(1), PEER, at(1))  # type: ignore[call-arg]
    assert_frozen(plans.complete(uid(1), by=PEER, at=at(1)))
