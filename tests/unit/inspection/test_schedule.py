"""The risk-based schedule: the window and capacity it refuses, working days, the order (overdue and
never inspected, then due, then early), capacity per day, at most one visit per window, the reasons
given for each visit and each establishment left out, and 10,000 establishments in well under a second."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.inspection.domain.kinds import RiskClass
from services.inspection.domain.schedule import (
    MAX_WINDOW_DAYS,
    DuplicateEstablishment,
    Establishment,
    InvalidCapacity,
    InvalidWindow,
    LeftOut,
    LeftOutReason,
    Need,
    Schedule,
    ScheduleRefused,
    Visit,
    VisitReason,
    WindowInPast,
    WorkingDays,
    propose,
)

HIGH, MEDIUM, LOW = RiskClass.HIGH, RiskClass.MEDIUM, RiskClass.LOW
INTERVAL = {HIGH: 90, MEDIUM: 180, LOW: 365}
TODAY = dt.date(2026, 12, 4)  # a Friday
MON, FRI = dt.date(2026, 12, 7), dt.date(2026, 12, 11)  # one working week
R, L = VisitReason, LeftOutReason


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def est(
    id_: str, risk: RiskClass = LOW, last: str | None = None, interval: int | None = None
) -> Establishment:
    return Establishment(id_, risk, interval or INTERVAL[risk], day(last) if last else None)


def week(*establishments: Establishment, capacity: int = 2, **kw: object) -> Schedule:
    return propose(establishments, first=MON, last=FRI, today=TODAY, capacity=capacity, **kw)  # type: ignore[arg-type]


def plan(schedule: Schedule) -> list[tuple[str, str, VisitReason]]:
    return [(v.day.isoformat(), v.establishment_id, v.reason) for v in schedule.visits]


def left(schedule: Schedule) -> list[tuple[str, LeftOutReason]]:
    return [(o.establishment_id, o.reason) for o in schedule.left_out]


# ---------------------------------------------------------------- what is refused


def test_a_team_must_manage_at_least_one_inspection_a_day() -> None:
    with pytest.raises(InvalidCapacity, match=r"Capacity is at least 1 inspection a day \(got 0\)"):
        week(est("a"), capacity=0)
    assert plan(week(est("a"), capacity=1)) == [("2026-12-07", "a", R.NEVER_INSPECTED)]


def test_a_window_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(InvalidWindow, match=r"ends \(2026-12-06\) before it starts \(2026-12-07\)"):
        propose([], first=MON, last=MON - dt.timedelta(days=1), today=TODAY, capacity=1)
    one_day = propose([est("a")], first=MON, last=MON, today=TODAY, capacity=1)
    assert (one_day.days, len(one_day.visits)) == ((MON,), 1)


def test_a_window_is_at_most_366_days() -> None:
    assert MAX_WINDOW_DAYS == 366
    longest = propose([], first=MON, last=MON + dt.timedelta(days=365), today=TODAY, capacity=1)
    assert longest.days[-1] == day("2027-12-07")
    with pytest.raises(InvalidWindow, match="367 days long; at most 366"):
        propose([], first=MON, last=MON + dt.timedelta(days=366), today=TODAY, capacity=1)
    with pytest.raises(InvalidWindow, match="5 days long; at most 4"):
        propose([], first=MON, last=FRI, today=TODAY, capacity=1, max_days=4)


def test_a_window_that_ended_before_today_is_refused() -> None:
    with pytest.raises(WindowInPast, match=r"ended on 2026-12-03, before today \(2026-12-04\)"):
        propose([], first=day("2026-11-30"), last=day("2026-12-03"), today=TODAY, capacity=1)
    # ending today is fine: today is planned, the days before it are not
    ending_today = propose([est("a")], first=day("2026-11-30"), last=TODAY, today=TODAY, capacity=1)
    assert (ending_today.days, plan(ending_today)) == ((TODAY,), [("2026-12-04", "a", R.NEVER_INSPECTED)])


def test_every_refusal_is_a_schedule_refusal_in_both_languages() -> None:
    for error in (WindowInPast, InvalidWindow, InvalidCapacity, DuplicateEstablishment):
        assert issubclass(error, ScheduleRefused)
        assert issubclass(error, ValueError)
    with pytest.raises(ScheduleRefused) as refused:
        week(capacity=0)
    assert "Mỗi ngày phải kiểm tra được ít nhất 1 cơ sở (đã cho 0)" in str(refused.value)


def test_the_same_establishment_twice_is_refused() -> None:
    with pytest.raises(DuplicateEstablishment, match="Establishment a is listed twice"):
        week(est("a"), est("b"), est("a", HIGH))


def test_an_interval_is_at_least_one_day() -> None:
    assert est("a", interval=1).due_on is None
    with pytest.raises(ValueError, match=r"interval is at least 1 day \(a\)"):
        Establishment("a", LOW, 0)


# ---------------------------------------------------------------- working days and due dates


def test_working_days_are_weekdays_minus_days_off_plus_make_up_days() -> None:
    holiday, saturday = day("2026-12-08"), day("2026-12-12")
    working = WorkingDays(days_off=frozenset({holiday}), working_days=frozenset({saturday}))
    assert [d.isoformat() for d in (MON + dt.timedelta(days=n) for n in range(7)) if working(d)] == [
        "2026-12-07", "2026-12-09", "2026-12-10", "2026-12-11", "2026-12-12",
    ]  # fmt: skip
    # a day listed both ways is worked: the make-up list is the explicit exception
    both = WorkingDays(days_off=frozenset({saturday}), working_days=frozenset({saturday}))
    assert both(saturday)
    assert WorkingDays()(FRI) and not WorkingDays()(day("2026-12-13"))


def test_days_off_are_skipped_and_weekends_not_planned() -> None:
    working = WorkingDays(days_off=frozenset({day("2026-12-08"), day("2026-12-10")}))
    schedule = propose(
        [est(c) for c in "abcdefgh"], first=MON, last=day("2026-12-14"), today=TODAY, capacity=2,
        working=working,
    )  # fmt: skip
    assert [d.isoformat() for d in schedule.days] == ["2026-12-07", "2026-12-09", "2026-12-11", "2026-12-14"]
    assert [v.day.isoformat() for v in schedule.visits] == [
        "2026-12-07", "2026-12-07", "2026-12-09", "2026-12-09", "2026-12-11", "2026-12-11",
        "2026-12-14", "2026-12-14",
    ]  # fmt: skip
    assert schedule.spare == 0


def test_due_dates_and_the_overdue_flag() -> None:
    e = est("a", HIGH, "2026-09-01")
    assert e.due_on == day("2026-11-30")
    assert not e.overdue(day("2026-11-29"))
    assert not e.overdue(day("2026-11-30"))  # due that day: not yet overdue
    assert e.overdue(day("2026-12-01"))
    assert est("b").due_on is None and not est("b").overdue(TODAY)


# ---------------------------------------------------------------- the order


def test_overdue_and_never_inspected_first_then_due_then_early() -> None:
    schedule = week(
        est("due-high", HIGH, "2026-09-10"),  # due 9 Dec, in the window
        est("early-high", HIGH, "2026-10-01"),  # due 30 Dec, after the window
        est("overdue-low", LOW, "2025-11-01"),  # due 1 Nov 2026
        est("never-medium", MEDIUM),
        est("overdue-medium", MEDIUM, "2026-05-01"),  # due 28 Oct
        est("never-low", LOW),
        est("due-low", LOW, "2025-12-07"),  # due 7 Dec
        capacity=1,
    )
    assert plan(schedule) == [
        ("2026-12-07", "never-medium", R.NEVER_INSPECTED),
        ("2026-12-08", "overdue-medium", R.OVERDUE),
        ("2026-12-09", "never-low", R.NEVER_INSPECTED),
        ("2026-12-10", "overdue-low", R.OVERDUE),
        ("2026-12-11", "due-high", R.DUE),
    ]
    assert left(schedule) == [("due-low", L.NO_CAPACITY), ("early-high", L.NOT_DUE)]


def test_within_a_group_higher_risk_then_the_earliest_due_then_the_id() -> None:
    schedule = week(
        est("b", LOW, "2025-10-01"),
        est("a", LOW, "2025-10-01"),
        est("c", LOW, "2025-09-01"),
        est("d", HIGH, "2026-08-20"),
        est("e", HIGH, "2026-08-01"),
        est("f", MEDIUM, "2026-01-01"),
        capacity=6,
    )
    assert [v.establishment_id for v in schedule.visits] == ["e", "d", "f", "c", "a", "b"]
    assert [v.need.days_overdue for v in schedule.visits] == [38, 19, 160, 97, 67, 67]


def test_the_days_overdue_count_from_the_first_day_planned() -> None:
    later = propose([est("a", HIGH, "2026-09-01")], first=MON, last=FRI, today=TODAY, capacity=1)
    assert later.visits[0].need.days_overdue == 7  # due 30 Nov, the window opens 7 Dec
    started = propose([est("a", HIGH, "2026-09-01")], first=day("2026-11-01"), last=FRI, today=TODAY,
                      capacity=1)  # fmt: skip
    assert (started.visits[0].day, started.visits[0].need.days_overdue) == (TODAY, 4)
    due_today = propose([est("a", HIGH, "2026-09-05")], first=TODAY, last=FRI, today=TODAY, capacity=1)
    assert due_today.visits[0].reason is R.DUE  # due on the first day planned: due, not overdue


def test_due_on_the_last_day_is_due_a_day_later_is_early() -> None:
    on_last = est("a", HIGH, "2026-09-12")  # due 11 Dec
    after = est("b", HIGH, "2026-09-13")  # due 12 Dec
    assert plan(week(on_last, after)) == [("2026-12-07", "a", R.DUE), ("2026-12-07", "b", R.EARLY)]
    assert week(on_last, after).visits[1].early and not week(on_last).visits[0].early
    assert not week(est("never")).visits[0].early
    # only an overdue visit counts days overdue
    assert [v.need.days_overdue for v in week(on_last, after, est("never")).visits] == [0, 0, 0]


def test_early_visits_only_with_capacity_left() -> None:
    due = [est(f"due{i}", MEDIUM, "2026-06-10") for i in range(9)]  # due 7 Dec
    early = [est(f"early{i}", HIGH, "2026-11-01") for i in range(3)]
    schedule = week(*early, *due, capacity=2)
    assert [v.reason for v in schedule.visits] == [R.DUE] * 9 + [R.EARLY]
    assert left(schedule) == [("early1", L.NOT_DUE), ("early2", L.NOT_DUE)]


def test_an_establishment_inspected_during_the_window_is_not_visited_again() -> None:
    started = day("2026-12-01")
    schedule = propose(
        [est("again", HIGH, "2026-12-02", interval=1), est("before", HIGH, "2026-11-30", interval=1)],
        first=started, last=FRI, today=TODAY, capacity=5,
    )  # fmt: skip
    assert plan(schedule) == [("2026-12-04", "before", R.OVERDUE)]
    assert left(schedule) == [("again", L.INSPECTED_IN_WINDOW)]
    inspected_on_the_first_day = propose([est("x", HIGH, "2026-12-01", interval=1)], first=started,
                                         last=FRI, today=TODAY, capacity=5)  # fmt: skip
    assert left(inspected_on_the_first_day) == [("x", L.INSPECTED_IN_WINDOW)]


# ---------------------------------------------------------------- capacity


def test_days_fill_in_order_up_to_capacity_and_the_rest_is_left_out() -> None:
    schedule = week(*(est(f"e{i:02d}") for i in range(13)), capacity=2)
    per_day = [len(schedule.on(d)) for d in schedule.days]
    assert per_day == [2, 2, 2, 2, 2]
    assert [v.establishment_id for v in schedule.on(FRI)] == ["e08", "e09"]
    assert left(schedule) == [("e10", L.NO_CAPACITY), ("e11", L.NO_CAPACITY), ("e12", L.NO_CAPACITY)]
    assert schedule.spare == 0
    assert week(est("a"), est("b"), capacity=3).spare == 13


def test_a_window_with_no_working_day_leaves_everyone_out() -> None:
    weekend = propose([est("a"), est("b", HIGH, "2026-11-01")], first=day("2026-12-12"),
                      last=day("2026-12-13"), today=TODAY, capacity=5)  # fmt: skip
    assert (weekend.days, weekend.visits) == ((), ())
    assert left(weekend) == [("a", L.NO_CAPACITY), ("b", L.NOT_DUE)]


def test_the_schedule_keeps_its_window_and_capacity() -> None:
    schedule = week(est("a"), capacity=3)
    assert (schedule.first, schedule.last, schedule.capacity) == (MON, FRI, 3)
    assert schedule.on(day("2026-12-08")) == ()


# ---------------------------------------------------------------- why


@pytest.mark.parametrize(
    ("need", "vi", "en"),
    [
        (Need("a", HIGH, R.OVERDUE, day("2026-10-28"), 40),
         "Rủi ro cao, quá hạn 40 ngày (hạn 28/10/2026)", "High risk, overdue by 40 days (due 2026-10-28)"),
        (Need("a", HIGH, R.DUE, day("2026-12-20")), "Rủi ro cao, đến hạn 20/12/2026",
         "High risk, due 2026-12-20"),
        (Need("a", MEDIUM, R.NEVER_INSPECTED, None), "Rủi ro trung bình, chưa từng được kiểm tra",
         "Medium risk, never inspected"),
        (Need("a", LOW, R.EARLY, day("2027-02-01")), "Rủi ro thấp, kiểm tra sớm vì còn chỗ (hạn 01/02/2027)",
         "Low risk, early as capacity was left (due 2027-02-01)"),
    ],
)  # fmt: skip
def test_each_visit_says_why_it_was_chosen(need: Need, vi: str, en: str) -> None:
    visit = Visit(MON, need)
    assert (visit.text_vi, visit.text_en) == (vi, en)
    assert (visit.establishment_id, visit.reason) == ("a", need.reason)


def test_the_proposal_gives_the_reasons_with_the_facts() -> None:
    schedule = week(est("a", HIGH, "2026-08-01"), est("b", MEDIUM, "2026-06-08"), capacity=1)
    assert [v.text_en for v in schedule.visits] == [
        "High risk, overdue by 38 days (due 2026-10-30)", "Medium risk, overdue by 2 days (due 2026-12-05)",
    ]  # fmt: skip
    # due on Saturday 5 December: overdue by the time the window opens
    assert schedule.visits[1].reason is R.OVERDUE


@pytest.mark.parametrize(
    ("left_out", "vi", "en"),
    [
        (LeftOut(Need("a", HIGH, R.OVERDUE, day("2026-10-28"), 40), L.NO_CAPACITY),
         "Không đủ năng lực kiểm tra trong kỳ. Rủi ro cao, quá hạn 40 ngày (hạn 28/10/2026)",
         "No capacity left in the window. High risk, overdue by 40 days (due 2026-10-28)"),
        (LeftOut(Need("a", LOW, R.EARLY, day("2027-03-01")), L.NOT_DUE),
         "Rủi ro thấp, chưa đến hạn (hạn 01/03/2027), không còn chỗ để kiểm tra sớm",
         "Low risk, not due (due 2027-03-01), no capacity left to visit early"),
        (LeftOut(Need("a", HIGH, R.EARLY, day("2027-03-01"), last_inspected_on=day("2026-12-01")),
                 L.INSPECTED_IN_WINDOW),
         "Đã kiểm tra trong kỳ, ngày 01/12/2026", "Inspected on 2026-12-01, in this window"),
    ],
)  # fmt: skip
def test_each_establishment_left_out_says_why(left_out: LeftOut, vi: str, en: str) -> None:
    assert (left_out.text_vi, left_out.text_en, left_out.establishment_id) == (vi, en, "a")


def test_the_needs_carry_the_last_inspection() -> None:
    schedule = week(est("a", HIGH, "2026-08-01"), est("b", HIGH, "2026-09-10"), est("c", HIGH, "2026-11-01"))
    assert [v.need.last_inspected_on for v in schedule.visits] == [
        day("2026-08-01"), day("2026-09-10"), day("2026-11-01"),
    ]  # fmt: skip
    assert [v.need.due_on for v in schedule.visits] == [
        day("2026-10-30"),
        day("2026-12-09"),
        day("2027-01-30"),
    ]


def test_values_are_frozen_and_slotted() -> None:
    schedule = week(est("a", HIGH, "2026-11-01"), capacity=1)
    values = (schedule, schedule.visits[0], schedule.visits[0].need, est("a"), WorkingDays(),
              LeftOut(schedule.visits[0].need, L.NOT_DUE))  # fmt: skip
    for value in values:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, dataclasses.fields(value)[0].name, None)
        assert not hasattr(value, "__dict__")


# ---------------------------------------------------------------- scale


def test_ten_thousand_establishments_fill_every_working_day_and_each_is_placed_or_left_out() -> None:
    """The size of a city district's register (its speed is measured by ``make bench``, not here)."""
    rng = random.Random(7)
    register = [
        Establishment(f"e{i:05d}", rng.choice(list(RiskClass)), rng.choice([90, 180, 365]),
                      None if rng.random() < 0.1 else TODAY - dt.timedelta(days=rng.randint(0, 400)))
        for i in range(10_000)
    ]  # fmt: skip
    schedule = propose(register, first=MON, last=day("2027-01-29"), today=TODAY, capacity=40)
    assert len(schedule.visits) == 40 * len(schedule.days) == 1600
    assert len(schedule.visits) + len(schedule.left_out) == 10_000


# ---------------------------------------------------------------- properties

ESTABLISHMENTS = st.lists(
    st.builds(
        Establishment,
        id=st.text("abcdef", min_size=1, max_size=3),
        risk_class=st.sampled_from(RiskClass),
        interval_days=st.sampled_from([1, 30, 90, 180, 365]),
        last_inspected_on=st.none() | st.dates(dt.date(2025, 6, 1), dt.date(2026, 12, 31)),
    ),
    max_size=30,
    unique_by=lambda e: e.id,
)
RANK = {R.NEVER_INSPECTED: 0, R.OVERDUE: 0, R.DUE: 1, R.EARLY: 2}


@settings(max_examples=80, deadline=None)
@given(
    register=ESTABLISHMENTS,
    first=st.dates(dt.date(2026, 11, 20), dt.date(2026, 12, 20)),
    length=st.integers(1, 40),
    capacity=st.integers(1, 4),
    days_off=st.frozensets(st.dates(dt.date(2026, 11, 20), dt.date(2027, 1, 31)), max_size=8),
)
def test_every_proposal_keeps_the_rules(
    register: list[Establishment], first: dt.date, length: int, capacity: int, days_off: frozenset[dt.date]
) -> None:
    last = first + dt.timedelta(days=length - 1)
    if last < TODAY:
        with pytest.raises(WindowInPast):
            propose(register, first=first, last=last, today=TODAY, capacity=capacity)
        return
    working = WorkingDays(days_off=days_off)
    schedule = propose(register, first=first, last=last, today=TODAY, capacity=capacity, working=working)
    visited = [v.establishment_id for v in schedule.visits]
    # never twice, everyone accounted for once
    assert sorted(visited + [o.establishment_id for o in schedule.left_out]) == sorted(e.id for e in register)
    assert len(set(visited)) == len(visited)
    # only working days of the window from today, never more than the capacity a day
    assert all(working(d) and max(first, TODAY) <= d <= last for d in schedule.days)
    assert all(len(schedule.on(d)) <= capacity for d in schedule.days)
    # days filled in order: a day is used only when the days before it are full
    used = [len(schedule.on(d)) for d in schedule.days]
    assert all(n == capacity for n, after in itertools.pairwise(used) if after)
    # the order: nobody due is left out while an early visit is made, groups never go backwards
    groups = [RANK[v.reason] for v in schedule.visits]
    assert groups == sorted(groups)
    if any(o.reason is L.NO_CAPACITY for o in schedule.left_out):
        assert R.EARLY not in {v.reason for v in schedule.visits}
        assert len(schedule.visits) == len(schedule.days) * capacity
    by_id = {e.id: e for e in register}
    for o in schedule.left_out:
        e = by_id[o.establishment_id]
        if o.reason is L.INSPECTED_IN_WINDOW:
            assert e.last_inspected_on is not None and e.last_inspected_on >= first
