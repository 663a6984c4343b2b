"""``pcmd demo`` on a demo system (``pcmd run --demo-clock``, behind ``make demo-system``), then the
referee: every approved snapshot's indicators, read back from reporting's API, equal the oracle's,
computed from the demo's log alone, indicator by indicator, period by period. Bad input to the command
gets a clear message and a non-zero exit, never a traceback. After the demo the dashboard is
photographed in headless Chromium (``tests/artifacts/dashboard-demo.png``; skipped without a browser)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from shared.demo.client import Api, default_urls
from shared.demo.compare import compare, table
from shared.demo.oracle import read_log, when
from shared.demo.tips import officer
from tests.e2e.browser import chromium_or_skip, launch
from tests.e2e.system import RunningSystem, start_system
from tests.helpers import auth_headers

# The first test also starts the system and plays the demo (its fixtures): minutes on a busy machine.
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
SCALE, SEED = "0.3", "7"


def demo(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shared.cli", "demo", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSystem]:
    running = start_system(tmp_path_factory.mktemp("demo") / "state", args=("--demo-clock",))
    try:
        yield running
    finally:
        assert running.stop() == 0


@pytest.fixture(scope="module")
def played(system: RunningSystem, tmp_path_factory: pytest.TempPathFactory) -> Path:
    log = tmp_path_factory.mktemp("demo-log") / "demo.jsonl"
    done = demo("--state-dir", str(system.state_dir), "--log", str(log), "--scale", SCALE, "--seed", SEED)
    assert done.returncode == 0, done.stdout + done.stderr
    print(done.stdout)
    return log


def test_every_approved_snapshot_equals_the_oracle(system: RunningSystem, played: Path) -> None:
    entries = read_log(played)
    api = Api(default_urls(system.state_dir), "lechan")
    try:
        rows = compare(api, entries)
    finally:
        api.close()
    print("\n" + table(rows))
    periods = {p for p, *_ in rows}
    assert len(periods) >= 13  # the months so far, the quarters reported on and the year
    assert [r for r in rows if not r[4]] == []
    # the year is not empty: the referee compared real figures, not zeros
    year = {code: snap for p, code, snap, _, _ in rows if p == entries[0]["at"][:4]}
    for code in ("TIPS_TIMELY", "ONLINE_HANDLED", "ESTAB_MANAGED", "COMM_REGULAR", "DIRECTIVES_TIMELY"):
        num, den = year[code].split("/")
        assert int(den) > 0 and int(num) > 0, (code, year[code])
    assert year["HOTSPOTS"] == "1/0"


def test_the_log_knows_each_moved_deadline_from_the_moment_it_moved(
    system: RunningSystem, played: Path
) -> None:
    """The oracle counts a tip in the month of its deadline as the log tells it before each snapshot:
    a deadline intake moved (a complaint's runs from its acceptance) must be in the log from then on,
    as reporting has it from the event. (At scale 100, ten monthly and quarterly figures differed when
    the log learnt a moved deadline only once the tip was handled, in the next month.)"""
    entries = read_log(played)
    logged: dict[str, list[tuple[dt.datetime, dt.datetime]]] = {}
    for e in entries:
        if e["action"] in ("tip_received", "tip_handled", "tip_state") and e.get("due_at"):
            logged.setdefault(str(e["id"]), []).append((when(e["sim_at"]), when(e["due_at"])))
    received = [e for e in entries if e["action"] == "tip_received"]
    api, moves = Api(default_urls(system.state_dir), "lechan"), 0
    try:
        for tip in received:
            for step in api.call("intake", "GET", f"/v1/tips/{tip['id']}/history", officer(tip)):
                if "previous_due_at" not in step["details"]:
                    continue
                moved_at, due = when(step["at"]), when(step["details"]["due_at"])
                moves += 1
                known = [at for at, d in logged.get(str(tip["id"]), []) if d == due and at >= moved_at]
                assert known and min(known) - moved_at < dt.timedelta(hours=1), (tip["id"], step)
    finally:
        api.close()
    assert moves > 0, "no deadline moved in the demo: nothing was checked"


def test_the_log_holds_what_the_programme_did(played: Path) -> None:
    entries = read_log(played)
    actions = {e["action"] for e in entries}
    assert {
        "establishment_registered", "establishment_reviewed", "campaign_created", "inspection_signed",
        "hotspot_confirmed", "tip_received", "tip_routed", "tip_handled", "anonymous_receipt_checked",
        "online_item_reported", "online_item_handled", "online_item_reappeared", "case_enrolled",
        "case_assessed", "service_received", "referral_declined", "consent_withdrawn", "activity_held",
        "training_held", "staff_assigned", "directive_issued", "yearly_plan_issued", "report_sent",
        "budget_line", "snapshot_approved", "demo_finished", "schedule_approved", "register_imported",
    } <= actions  # fmt: skip
    tips = {e["id"]: e for e in entries if e["action"] == "tip_state"}
    assert {e["kind"] for e in tips.values()} == {
        "denunciation",
        "report",
        "complaint",
        "recommendation_to_prosecute",
    }
    routed = {e["id"] for e in entries if e["action"] == "tip_routed"}
    assert routed and all(tips[t]["status"] == "handled" for t in routed)  # closed by the other services
    assert any(e["anonymous"] for e in tips.values())
    assert any(not e["eligible"] for e in entries if e["action"] == "case_assessed")


def test_the_year_is_spread_over_its_months(system: RunningSystem, played: Path) -> None:
    """Played in the demo clock: each month's work dated in its month, tips handled on time and late,
    online items taken down within and after 72 hours, the hotspot confirmed then cleared, and the
    dashboard's monthly trend filled month after month (compressed into one month before the clock)."""
    entries = read_log(played)
    year = entries[0]["at"][:4]
    tips = {e["id"]: e for e in entries if e["action"] == "tip_state"}
    months = {e["received_at"][:7] for e in tips.values()}
    assert len(months) >= 6, months
    closed = [t for t in tips.values() if t["closed_at"]]
    assert any(t["closed_at"] <= t["due_at"] for t in closed), "some tips handled on time"
    late = [t for t in closed if t["closed_at"] > t["due_at"]]
    assert late and all(t["on_time"] is False for t in late), "some tips handled after their deadline"
    handled = [e for e in entries if e["action"] == "online_item_handled"]
    assert any(e["handled_at"] <= e["due_at"] for e in handled), "items handled within 72 hours"
    assert any(e["handled_at"] > e["due_at"] for e in handled), "items handled after 72 hours"
    confirmed = next(e for e in entries if e["action"] == "hotspot_confirmed")
    cleared = next(e for e in entries if e["action"] == "hotspot_clear_tried")
    assert cleared["cleared"] is True and confirmed["flagged_at"][:7] == f"{year}-02", (confirmed, cleared)
    with system.client("inspection", "vhxh", ("officer", "leader")) as http:
        hotspots = {h["id"]: h for h in http.get("/v1/hotspots").json()}
    assert hotspots[confirmed["hotspot_id"]]["status"] == "cleared"
    snaps = [e for e in entries if e["action"] == "snapshot_approved"]
    month_ends = [e for e in snaps if len(e["period"]) == 7 and "-Q" not in e["period"]]
    assert all(e["as_of"] is None for e in month_ends[:-1]), "each month approved once it had ended"
    assert all(e["sim_at"][:7] > e["period"] for e in month_ends[:-1])
    with system.client("reporting", "ubnd", ("leader",)) as http:
        trend = http.get("/v1/indicators/trend", params={"scope": "lechan", "period": year}).json()
    busy = [
        m["period"]
        for m in trend["months"]
        if any(
            i["denominator"] > 0 for i in m["indicators"] if i["code"] in ("TIPS_TIMELY", "ONLINE_HANDLED")
        )
    ]
    assert len(busy) >= 6, trend["months"]


def test_a_system_without_the_demo_clock_is_refused_before_any_write(
    system: RunningSystem, tmp_path: Path
) -> None:
    state = {k: v for k, v in system.state.items() if k != "demo_clock"}  # as `make run` writes it
    (tmp_path / "ports.json").write_text(json.dumps(state))
    done = demo("--state-dir", str(tmp_path), "--log", str(tmp_path / "x.jsonl"))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "đồng hồ demo" in done.stderr and "demo clock" in done.stderr and "make demo-system" in done.stderr
    assert done.stderr.index("đồng hồ demo") < done.stderr.index("demo clock")  # Vietnamese first
    assert "Traceback" not in done.stderr and not (tmp_path / "x.jsonl").exists()


def test_a_second_demo_on_the_same_system_is_refused_clearly(system: RunningSystem, played: Path) -> None:
    again = demo("--state-dir", str(system.state_dir), "--log", str(played.with_name("again.jsonl")))
    assert again.returncode == 2
    assert "make clean" in again.stderr and "Traceback" not in again.stderr
    # the same seed again: its first request carries the key the first run used, and is replayed
    same = demo(
        "--state-dir", str(system.state_dir), "--log", str(played.with_name("same.jsonl")), "--seed", SEED
    )
    assert same.returncode == 2
    assert "make clean" in same.stderr and "seed" in same.stderr and "Traceback" not in same.stderr


def test_an_unknown_ward_is_refused(system: RunningSystem, tmp_path: Path) -> None:
    for ward in ("hanoi", "Not A Ward!"):
        done = demo("--state-dir", str(system.state_dir), "--ward", ward, "--log", str(tmp_path / "x.jsonl"))
        assert done.returncode == 2, done.stderr
        assert "ward" in done.stderr and "Traceback" not in done.stderr
        assert not (tmp_path / "x.jsonl").exists()


# An ISO 8601 instant as the APIs write one: a date, a time and an offset (a plain date has none).
INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)$")


def _instants(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if INSTANT.match(value) else []
    if isinstance(value, dict):
        return [i for v in value.values() for i in _instants(v)]
    if isinstance(value, list):
        return [i for v in value for i in _instants(v)]
    return []


def test_every_instant_the_apis_answer_is_in_the_wards_time(system: RunningSystem, played: Path) -> None:
    """After a year of the demo, what the staff read from each service: every instant in +07:00."""
    ca, ubnd = auth_headers("lechan", "ca", "officer"), auth_headers("lechan", "ubnd", "leader")
    vhxh = auth_headers("lechan", "vhxh", "case_worker")
    year = read_log(played)[0]["at"][:4]
    with httpx.Client(timeout=30) as c:

        def get(service: str, path: str, headers: dict[str, str], **params: object) -> Any:
            return c.get(f"{system.url(service)}{path}", params=params, headers=headers).json()

        tips = get("intake", "/v1/tips", ca, page_size=50)
        closed = next(t for t in tips["items"] if t["closed_at"])
        answers = {
            "tips": tips,
            "a tip's history": get("intake", f"/v1/tips/{closed['id']}/history", ca),
            "register": get("inspection", "/v1/establishments", ca),
            "inspections": get("inspection", "/v1/inspections", ca),
            "hotspots": get("inspection", "/v1/hotspots", ca),
            "cases": get("case_support", "/v1/cases", vhxh),
            "items": get("online_monitoring", "/v1/items", ca),
            "snapshots": get("reporting", "/v1/snapshots", ubnd, scope="lechan", period=year),
        }
    seven = dt.timedelta(hours=7)
    wrong = {
        n: [i for i in _instants(a) if dt.datetime.fromisoformat(i).utcoffset() != seven]
        for n, a in answers.items()
    }
    assert {name: found[:3] for name, found in wrong.items() if found} == {}
    counted = {name: len(_instants(a)) for name, a in answers.items()}
    assert all(counted.values()), f"an answer with no instant checks nothing: {counted}"


def test_the_dashboard_after_the_demo(system: RunningSystem, played: Path, tmp_path: Path) -> None:
    executable = chromium_or_skip()
    ARTIFACTS.mkdir(exist_ok=True)
    token = auth_headers("lechan", "ubnd", "leader", sub="e2e-demo")["Authorization"].split()[1]
    year = read_log(played)[0]["at"][:4]

    async def photograph() -> dict[str, str]:
        async with launch(executable, tmp_path / "chromium") as browser:
            page = await browser.new_page(1280, 800)
            await page.goto(f"{system.url('reporting')}/dashboard?scope=lechan&period={year}#token={token}")
            await page.wait_for("document.body.dataset.status === 'ready'", what="the dashboard", timeout=30)
            await asyncio.sleep(1.0)  # the trend charts draw after the cards
            await page.screenshot(ARTIFACTS / "dashboard-demo.png", full_page=True)
            states: dict[str, str] = await page.evaluate(
                "Object.fromEntries([...document.querySelectorAll('#cards .card')].map((c) =>"
                " [c.querySelector('[id$=-name]').id.slice(5, -5), c.className]))"
            )
            return states

    states = asyncio.run(photograph())
    # ten cards, each with a value for the year; counts of people from 1 to 4 may be withheld
    assert len(states) == 10, states
    people = {"HR_ACCESS", "STAFF_TRAINED"}
    assert [c for c, s in states.items() if "no-data" in s and c not in people] == [], states
    assert {"met", "not-met"} <= {s.split()[-1] for s in states.values()}, states
