"""The five services as real processes, started by the same launcher as ``make run``."""

from __future__ import annotations

import json
import os
import signal
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from shared.contracts.catalog import SERVICES
from shared.messaging.broker import inbox_prefix
from tests.e2e.system import RunningSystem, pid_alive, start_system, wait_until

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSystem]:
    running = start_system(tmp_path_factory.mktemp("e2e") / "state")
    print(f"\nsystem ready in {running.ready_seconds:.1f}s")
    try:
        yield running
    finally:
        running.stop()


def tip_count(system: RunningSystem) -> int:
    with system.client("reporting", unit="vhxh") as c:
        return int(c.get("/v1/tips/counts").json()["received"])


def post_tip(system: RunningSystem, key: str | None = None) -> dict[str, object]:
    headers = {"Idempotency-Key": key} if key else {}
    with system.client("intake", unit="vhxh") as c:
        r = c.post(
            "/v1/tips",
            json={
                "kind": "complaint",
                "channel": "web_form",
                "residential_group": "tdp-7",
                "subject": {"type": "business", "text": "karaoke X"},
            },
            headers=headers,
        )
    assert r.status_code == 201, r.text
    body: dict[str, object] = r.json()
    return body


def test_the_banner_says_what_is_supervised(system: RunningSystem) -> None:
    banner = system.output.read_text()
    assert "supervised" in banner and "NATS, PostgreSQL" in banner, banner


def test_every_service_is_ready_with_docs(system: RunningSystem) -> None:
    for service in SERVICES:
        with system.client(service) as c:
            assert c.get("/readyz").json()["status"] == "ready"
            assert c.get("/openapi.json").json()["info"]["title"].startswith("PCMD")


def test_posted_tip_is_counted_by_reporting_once(system: RunningSystem) -> None:
    before = tip_count(system)
    key = str(uuid.uuid4())
    first = post_tip(system, key)
    again = post_tip(system, key)  # a client retry: same tip, nothing new
    assert again["id"] == first["id"]
    wait_until(lambda: tip_count(system) == before + 1)


def test_reporting_crash_loses_nothing(system: RunningSystem) -> None:
    """Kill reporting hard, post tips while it is down; the supervisor restarts it and it catches up."""
    before = tip_count(system)
    old_pid = system.pid("reporting")
    os.kill(old_pid, signal.SIGKILL)
    wait_until(lambda: not pid_alive(old_pid), timeout=10)
    for _ in range(5):
        post_tip(system)
    wait_until(lambda: system.pid("reporting") != old_pid, timeout=30)
    wait_until(lambda: _ready(system, "reporting"), timeout=60)
    wait_until(lambda: tip_count(system) == before + 5, timeout=60)


def nats_url_of(system: RunningSystem, user: str) -> str:
    """The launcher's NATS as one of its users (passwords generated into the state folder)."""
    url = str(system.state["nats_url"])
    if "nats_credentials" not in system.state:  # an operator's NATS (PCMD_TEST_NATS_URL)
        return url
    password = json.loads(Path(system.state["nats_credentials"]).read_text())[user]
    return url.replace("nats://", f"nats://{user}:{password}@", 1)


def _ready(system: RunningSystem, service: str) -> bool:
    try:
        with system.client(service) as c:
            return bool(c.get("/readyz").status_code == 200)
    except httpx.TransportError:
        return False


def test_ctrl_c_stops_everything_and_a_second_run_keeps_the_data(tmp_path: Path) -> None:
    first = start_system(tmp_path / "state")
    try:
        post_tip(first)
        wait_until(lambda: tip_count(first) == 1)
        pids = [first.pid(s) for s in SERVICES]
    finally:
        assert first.stop() == 0
    assert not any(pid_alive(p) for p in pids), "every service process ended"
    second = start_system(tmp_path / "state")
    try:
        assert tip_count(second) == 1
    finally:
        second.stop()


def test_tip_routed_to_inspection_is_closed_by_its_completion_event(system: RunningSystem) -> None:
    """Intake routes a tip to inspection; the completion event (with the tip id) closes it on time."""
    import asyncio
    import datetime as dt

    import nats

    from shared.contracts.pcmd.inspection.v1 import events_pb2 as inspection
    from shared.messaging.envelope import envelope

    with system.client("reporting", unit="ca") as c:
        before = c.get("/v1/tips/counts").json()
    with system.client("intake", unit="ca") as c:
        tip = c.post(
            "/v1/tips",
            json={
                "kind": "denunciation",
                "channel": "hotline",
                "residential_group": "tdp-2",
                "subject": {"type": "business", "text": "quán bar"},
            },
        ).json()["id"]
        for action, body in [
            ("verification", {}),
            ("verify", {"outcome": "founded"}),
            (
                "classify",
                {"category": "establishment_violation", "severity": "medium", "competent_unit": "ca"},
            ),
            ("route", {"target": "inspection", "target_unit": "vhxh"}),
        ]:
            assert c.post(f"/v1/tips/{tip}/{action}", json=body).status_code == 200

    completed = inspection.InspectionCompleted(
        inspection_id=str(uuid.uuid4()),
        ward="lechan",
        occurred_at=dt.datetime.now(dt.UTC),
        source_tip_id=tip,
        result=inspection.INSPECTION_RESULT_NO_VIOLATION,
    )

    async def publish() -> None:
        # make run's NATS wants a user, and lets it read replies on its own inbox prefix only
        nc = await nats.connect(nats_url_of(system, "inspection"), inbox_prefix=inbox_prefix("inspection"))
        out = envelope(completed, service="inspection", ward="lechan")
        await nc.jetstream().publish(out.subject, out.payload, headers=out.headers)
        await nc.close()

    asyncio.run(publish())

    def handled() -> dict[str, object] | None:
        with system.client("intake", unit="ca") as c:
            body: dict[str, object] = c.get(f"/v1/tips/{tip}").json()
        return body if body["status"] == "handled" else None

    body = wait_until(handled, timeout=30)
    assert body["outcome"] == "no_violation" and body["on_time"] is True

    def counted() -> bool:
        with system.client("reporting", unit="ca") as c:
            now = c.get("/v1/tips/counts").json()
        return bool(
            now["closed_on_time"] == before["closed_on_time"] + 1
            and now["received"] == before["received"] + 1
        )

    wait_until(counted, timeout=30)
