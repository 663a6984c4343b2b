"""The oracle of ``pcmd demo`` on hand-made logs: every indicator's numerator and denominator by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shared.demo.oracle import VN, Referee, bounds, judge


def log(*entries: tuple[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"seq": i + 1, "action": a, **f} for i, (a, f) in enumerate(entries)]


def test_period_bounds_are_local_months_quarters_and_years() -> None:
    assert bounds("2026-03") == (dt.datetime(2026, 3, 1, tzinfo=VN), dt.datetime(2026, 4, 1, tzinfo=VN))
    assert bounds("2026-12") == (dt.datetime(2026, 12, 1, tzinfo=VN), dt.datetime(2027, 1, 1, tzinfo=VN))
    assert bounds("2026-Q4") == (dt.datetime(2026, 10, 1, tzinfo=VN), dt.datetime(2027, 1, 1, tzinfo=VN))
    assert bounds("2026") == (dt.datetime(2026, 1, 1, tzinfo=VN), dt.datetime(2027, 1, 1, tzinfo=VN))


TIPS = log(
    ("tip_received", {"id": "a", "due_at": "2026-03-10T16:59:59Z", "closed_at": None, "status": "received"}),
    ("tip_received", {"id": "b", "due_at": "2026-03-20T16:59:59Z", "closed_at": None, "status": "received"}),
    ("tip_received", {"id": "c", "due_at": "2026-04-02T16:59:59Z", "closed_at": None, "status": "received"}),
    ("tip_handled", {"id": "a", "due_at": "2026-03-10T16:59:59Z", "closed_at": "2026-03-09T01:00:00Z"}),
    ("tip_state", {"id": "b", "due_at": "2026-03-20T16:59:59Z", "closed_at": "2026-03-21T01:00:00Z"}),
)


def test_tips_due_in_the_period_handled_by_their_deadline() -> None:
    assert Referee(TIPS, "2026-03", None).tips_timely() == (1, 2)  # b closed late, c due in April
    assert Referee(TIPS, "2026-04", None).tips_timely() == (0, 1)  # c never closed
    # open April, as of the 1st: c is neither closed nor past its deadline, so it does not count yet
    assert Referee(TIPS, "2026-04", dt.datetime(2026, 4, 1, 12, tzinfo=VN)).tips_timely() == (0, 0)


def test_online_items_first_handling_within_the_time_limit_and_classified() -> None:
    entries = log(
        (
            "online_item_reported",
            {"item_id": "x", "reported_at": "2026-05-01T00:00:00Z", "due_at": "2026-05-04T00:00:00Z"},
        ),
        ("online_item_classified", {"item_id": "x", "category": "solicitation"}),
        ("online_item_handled", {"item_id": "x", "handled_at": "2026-05-02T00:00:00Z"}),
        ("online_item_handled", {"item_id": "x", "handled_at": "2026-06-20T00:00:00Z"}),  # after reappearing
        (
            "online_item_reported",
            {"item_id": "y", "reported_at": "2026-05-30T00:00:00Z", "due_at": "2026-06-02T00:00:00Z"},
        ),
    )
    assert Referee(entries, "2026-05", None).online_handled() == (1, 2)
    assert Referee(entries, "2026-05", dt.datetime(2026, 5, 31, tzinfo=VN)).online_handled() == (1, 1)


def test_a_tip_routed_to_online_monitoring_is_an_item_from_its_routing() -> None:
    routed = ("tip_routed", {"id": "t", "target": "online_monitoring", "routed_at": "2026-05-31T05:00:00Z"})
    entries = log(
        ("tip_routed", {"id": "u", "target": "inspection", "routed_at": "2026-05-30T05:00:00Z"}),
        (routed[0], {**routed[1], "due_at": "2026-06-20T16:59:59Z"}),
        ("snapshot_approved", {"id": "may", "period": "2026-05"}),
        (  # the officer reports the tip's URL into its item in June: the item keeps its May start
            "online_item_reported",
            {
                "item_id": "z",
                "source_tip_id": "t",
                "reported_at": "2026-05-31T05:00:00Z",
                "due_at": "2026-06-20T16:59:59Z",
            },
        ),
        ("online_item_classified", {"item_id": "z", "category": "solicitation"}),
        ("online_item_handled", {"item_id": "z", "handled_at": "2026-06-02T00:00:00Z"}),
        ("snapshot_approved", {"id": "year", "period": "2026"}),
    )
    judged = judge(entries)
    assert judged["may"]["ONLINE_HANDLED"] == (0, 1)  # waiting for its URL, not yet handled: counted
    assert judged["year"]["ONLINE_HANDLED"] == (1, 1)  # one item, not one per log line
    assert Referee(entries, "2026-06", None).online_handled() == (0, 0)


def test_communication_months_and_the_month_under_way() -> None:
    entries = log(
        ("activity_held", {"held_at": "2026-01-05T08:00:00+07:00", "category": "communication"}),
        ("activity_held", {"held_at": "2026-01-31T23:30:00+07:00", "category": "communication"}),
        ("activity_held", {"held_at": "2026-03-01T00:10:00+07:00", "category": "communication"}),
        ("activity_held", {"held_at": "2026-02-10T08:00:00+07:00", "category": "other"}),
    )
    assert Referee(entries, "2026-Q1", None).comm_regular() == (2, 3)
    # as of 20 February: January ended (had one), February under way without one
    assert Referee(entries, "2026-Q1", dt.datetime(2026, 2, 20, tzinfo=VN)).comm_regular() == (2, 1)


def test_establishments_reviewed_within_a_year_and_inspected_as_their_class_requires() -> None:
    reg = {"registered_at": "2026-01-02T00:00:00Z"}
    entries = log(
        ("establishment_registered", {"establishment_id": "e1", **reg}),
        ("establishment_registered", {"establishment_id": "e2", **reg}),
        ("establishment_registered", {"establishment_id": "e3", **reg}),
        ("establishment_registered", {"establishment_id": "late", "registered_at": "2026-07-01T00:00:00Z"}),
        (
            "establishment_reviewed",
            {
                "establishment_id": "e1",
                "reviewed_on": "2026-02-01",
                "risk_class": "high",
                "interval_days": 90,
            },
        ),
        (
            "establishment_reviewed",
            {
                "establishment_id": "e2",
                "reviewed_on": "2026-02-01",
                "risk_class": "high",
                "interval_days": 90,
            },
        ),
        (
            "inspection_signed",
            {"establishment_id": "e1", "inspected_on": "2026-05-15", "result": "no_violation"},
        ),
        (
            "inspection_signed",
            {"establishment_id": "e2", "inspected_on": "2026-02-15", "result": "no_violation"},
        ),
    )
    # June: e1 inspected within 90 days of 1 July; e2's visit is older; e3 never reviewed;
    # "late" not yet known
    assert Referee(entries, "2026-06", None).estab_managed() == (1, 3)


def test_programme_records() -> None:
    entries = log(
        ("yearly_plan_issued", {"year": 2026, "issued_on": "2026-01-20"}),
        ("staff_assigned", {"staff_code": "A", "effective_on": "2026-01-05"}),
        ("staff_assigned", {"staff_code": "B", "effective_on": "2026-01-05"}),
        ("staff_assigned", {"staff_code": "C", "effective_on": "2026-09-01"}),
        ("training_held", {"held_at": "2026-03-12T08:00:00+07:00", "staff_codes": ["A", "C"]}),
        ("directive_issued", {"due_on": "2026-05-10", "issued_on": "2026-05-16"}),
        ("directive_issued", {"due_on": "2026-05-20", "issued_on": "2026-05-20"}),
        (
            "report_sent",
            {"period": "2026-Q1", "submitted_at": "2026-04-11T09:00:00+07:00", "produced_by_system": True},
        ),
        (
            "report_sent",
            {"period": "2026-Q2", "submitted_at": "2026-07-21T09:00:00+07:00", "produced_by_system": True},
        ),
        ("hotspot_confirmed", {"flagged_at": "2026-05-03T10:00:00Z"}),
    )
    may = Referee(entries, "2026-05", None)
    assert may.plan_yearly() == (1, 1)
    assert Referee(entries, "2026-01", dt.datetime(2026, 1, 10, tzinfo=VN)).plan_yearly() == (0, 1)
    assert may.staff_trained() == (1, 2)  # C not yet assigned in May
    assert Referee(entries, "2026", None).staff_trained() == (2, 3)
    assert may.directives_timely() == (1, 2)
    assert may.hotspots() == (1, 0)
    assert Referee(entries, "2026-04", None).it_reporting() == (1, 1)  # Q1's report due 16 April
    assert Referee(entries, "2026-07", None).it_reporting() == (0, 1)  # Q2's sent after 15 July
    assert Referee(entries, "2026-06", None).it_reporting() == (0, 0)


def test_hr_access_and_judge_reads_only_what_came_before_each_snapshot() -> None:
    entries = log(
        ("case_enrolled", {"case_id": "k1", "enrolled_at": "2026-08-01T03:00:00Z"}),
        ("case_assessed", {"case_id": "k1", "eligible": True, "has_needs": True}),
        ("case_enrolled", {"case_id": "k2", "enrolled_at": "2026-08-01T03:00:00Z"}),
        ("case_assessed", {"case_id": "k2", "eligible": False, "has_needs": True}),
        ("case_enrolled", {"case_id": "k3", "enrolled_at": "2026-08-02T03:00:00Z"}),
        ("case_assessed", {"case_id": "k3", "eligible": True, "has_needs": True}),
        ("snapshot_approved", {"id": "s1", "period": "2026-08", "as_of": None}),
        ("service_received", {"case_id": "k1", "received_on": "2026-08-03"}),
        ("snapshot_approved", {"id": "s2", "period": "2026-08", "as_of": None}),
    )
    judged = judge(entries)
    assert judged["s1"]["HR_ACCESS"] == (0, 2)
    assert judged["s2"]["HR_ACCESS"] == (1, 2)
    assert judged["s2"]["HOTSPOTS"] == (0, 0)
