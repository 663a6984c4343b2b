"""The demo's calendar: steps played in the order of their instants, the demo clock moved to each one
first, nothing after the real now, and a clock already past January 1 or live refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from shared import clock
from shared.demo.client import DemoError
from shared.demo.compare import spread
from shared.demo.oracle import Referee
from shared.demo.year import VN, Calendar, at


def test_steps_run_in_time_order_with_the_clock_moved_to_each(tmp_path: Path) -> None:
    path = tmp_path / "demo-clock"
    clock.advance(path, dt.datetime(2026, 1, 1, tzinfo=VN))
    end = dt.datetime(2026, 6, 30, 12, tzinfo=VN)
    cal = Calendar(path, end)
    seen: list[tuple[str, dt.datetime]] = []

    def step(name: str) -> None:
        seen.append((name, clock.read(path) or dt.datetime.min))

    cal.at(at(dt.date(2026, 3, 1)), step, "march")
    cal.at(at(dt.date(2026, 1, 9)), step, "january")
    cal.at(at(dt.date(2026, 7, 1)), step, "july")  # after the real now of this run: not yet happened
    cal.at(at(dt.date(2026, 2, 1)), lambda: cal.at(at(dt.date(2026, 1, 20)), step, "late"))
    cal.run()
    assert [n for n, _ in seen] == ["january", "late", "march"]
    assert seen[0][1] == at(dt.date(2026, 1, 9))
    assert seen[1][1] == at(dt.date(2026, 2, 1))  # put in the past: played now, the clock never goes back
    assert cal.now == at(dt.date(2026, 3, 1))
    cal.live()
    assert path.read_text() == clock.LIVE
    with pytest.raises(DemoError, match="make clean"):
        Calendar(path, end)


def test_a_missing_clock_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DemoError, match="demo clock"):
        Calendar(tmp_path / "none", dt.datetime(2026, 6, 1, tzinfo=VN))


def test_spread_counts_what_the_log_says() -> None:
    entries: list[dict[str, Any]] = [
        {"action": "tip_received", "id": "a", "received_at": "2026-01-08", "due_at": "2026-01-28"},
        {"action": "tip_handled", "id": "a", "closed_at": "2026-01-13", "due_at": "2026-01-28"},
        {"action": "tip_received", "id": "b", "received_at": "2026-03-02", "due_at": "2026-03-22"},
        {"action": "tip_state", "id": "b", "closed_at": "2026-03-25", "due_at": "2026-03-22"},
        {"action": "tip_received", "id": "c", "received_at": "2026-03-09", "due_at": "2026-03-29"},
        {"action": "online_item_handled", "handled_at": "2026-02-01T10", "due_at": "2026-02-02T10"},
        {"action": "hotspot_clear_tried", "cleared": False},
    ]
    assert spread(entries) == {
        "tip_months": 2,
        "tips_on_time": 1,
        "tips_late": 1,
        "items_on_time": 1,
        "items_late": 0,
        "hotspot_cleared": False,
    }


def test_a_directive_asked_and_not_yet_issued_counts_once_its_day_has_passed() -> None:
    rows = [
        ("directive_asked", {"id": "d1", "due_on": "2026-05-10"}),
        ("directive_issued", {"id": "d1", "due_on": "2026-05-10", "issued_on": "2026-05-16"}),
        ("directive_asked", {"id": "d2", "due_on": "2026-05-20"}),  # still waiting
    ]
    entries = [{"seq": n, "action": a, **f} for n, (a, f) in enumerate(rows, 1)]
    assert Referee(entries, "2026-05", None).directives_timely() == (0, 2)
    assert Referee(entries, "2026-05", dt.datetime(2026, 5, 15, tzinfo=VN)).directives_timely() == (0, 1)
    assert Referee(entries[:2], "2026-05", None).directives_timely() == (0, 1)  # d1 counted once
