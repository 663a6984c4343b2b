"""examples/city_subscriber against a snapshot the real reporting service approved and published.

The example runs as a city developer would run it: an isolated interpreter (``-I``), nothing of
this repository but ``proto/``. A copy of the published message with one figure changed (its
``published_hash`` left as it was) follows it on the same subject, and must be rejected.
"""

from __future__ import annotations

import asyncio
import re
import sys
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import nats
import pytest

from services.reporting.domain.periods import quarter
from services.reporting.handlers import snapshots
from services.reporting.handlers.commands import ApproveSnapshot, PrepareSnapshot
from services.reporting.handlers.deps import ReportingDeps
from shared.contracts.pcmd.reporting.v1 import events_pb2 as rep
from tests.integration.reporting.test_snapshots import some_events
from tests.integration.reporting.world import World, open_world

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "city_subscriber" / "subscriber.py"


@pytest.fixture
async def world(service_db: Callable[[str], Any], nats_url: str, ward: str) -> AsyncIterator[World]:
    w = await open_world(await service_db("reporting"), nats_url, ward)
    w.rt.launch(lambda _rt: ())  # the relay publishes what approval writes to the outbox
    yield w
    await w.rt.stop()


async def published_copy(nats_url: str, subject: str) -> tuple[bytes, dict[str, str]]:
    nc = await nats.connect(nats_url)
    try:
        sub = await nc.jetstream().pull_subscribe(subject, stream="PCMD_REPORTING")
        (msg,) = await sub.fetch(1, timeout=20)
        return msg.data, dict(msg.headers or {})
    finally:
        await nc.close()


async def publish_tampered(nats_url: str, subject: str, data: bytes, headers: dict[str, str]) -> str:
    """The same event with TIPS_TIMELY's numerator raised by one, published_hash unchanged."""
    event = rep.SnapshotPublished.FromString(data)
    tips = next(v for v in event.indicators if v.indicator_code == "TIPS_TIMELY")
    tips.numerator += 1
    event_id = str(uuid.uuid4())
    forged = headers | {"Nats-Msg-Id": event_id, "ce-id": event_id}
    nc = await nats.connect(nats_url)
    try:
        await nc.jetstream().publish(subject, event.SerializeToString(), headers=forged)
    finally:
        await nc.close()
    return event_id


async def test_the_city_example_prints_an_approved_snapshot_and_rejects_a_tampered_copy(
    world: World, nats_url: str, tmp_path: Path
) -> None:
    w = world
    some_events(w)
    await w.deliver_all()
    deps: ReportingDeps = w.rt.deps
    prepared = await snapshots.prepare(
        w.rt.uow(), deps, PrepareSnapshot(w.ward, quarter(2026, 1)), w.principal()
    )
    await snapshots.approve(w.rt.uow(), deps, ApproveSnapshot(prepared["id"]), w.principal("ubnd", "leader"))
    subject = f"pcmd.{w.ward}.reporting.snapshot.published"
    data, headers = await published_copy(nats_url, subject)
    forged_id = await publish_tampered(nats_url, subject, data, headers)

    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-I", str(EXAMPLE), "--server", nats_url, "--proto", str(ROOT / "proto"),
        "--out", str(tmp_path / "generated"), "--subject", subject, "--stream", "PCMD_REPORTING",
        "--durable", f"city-{w.ward}", "--count", "2", "--timeout", "20",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out_b, err_b = await asyncio.wait_for(proc.communicate(), 120)
    out, err = out_b.decode(), err_b.decode()
    assert proc.returncode == 2, f"one message rejected: exit 2\n{out}\n{err}"
    lines = out.splitlines()

    accepted = [n for n, line in enumerate(lines) if line.startswith("ACCEPTED")]
    assert len(accepted) == 1, out
    assert lines[accepted[0]] == (
        f"ACCEPTED snapshot {prepared['id']} ward {w.ward} period 2026-Q1 (Asia/Ho_Chi_Minh)"
    )
    assert f"event {headers['ce-id']} published" in lines[accepted[0] + 1]
    assert "published_hash" in lines[accepted[0] + 2] and " ok;" in lines[accepted[0] + 2]
    codes = [m[1] for line in lines if (m := re.match(r"  ([A-Z_]+): ", line))]
    assert len(codes) == 10 and "TIPS_TIMELY" in codes and "HOTSPOTS" in codes, out

    # Vietnamese title first, then English; figures as the city's copy gives them.
    tips = lines.index(next(line for line in lines if line.startswith("  TIPS_TIMELY: ")))
    title_vi, title_en = lines[tips].removeprefix("  TIPS_TIMELY: ").split(" / ", 1)
    assert title_vi and title_en and title_vi != title_en
    assert any(ch in title_vi for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
    assert lines[tips + 1].startswith("    66.66% (2/3); mục tiêu / target >= ")
    hr = lines.index(next(line for line in lines if line.startswith("  HR_ACCESS: ")))
    assert lines[hr + 1].startswith("    <5 (ẩn / withheld);"), "three people leave the ward withheld"

    rejected = [line for line in lines if line.startswith("REJECTED")]
    assert len(rejected) == 1, out
    assert f"event {forged_id}: published_hash mismatch" in rejected[0]
    assert "ACCEPTED" not in out.split(rejected[0])[1], "nothing of the tampered copy is printed"


async def test_the_city_example_as_the_city_user_keeps_snapshots_in_its_own_stream(tmp_path: Path) -> None:
    """With deploy/nats's accounts: the `city` user creates CITY_PCMD in its account, and a snapshot
    the `reporting` user publishes reaches it through the PCMD export (the README's command)."""
    from services.reporting.events import published_hash
    from shared.infra import EmbeddedNats

    server = EmbeddedNats(tmp_path / "nats", accounts=True).start()
    try:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-I", str(EXAMPLE), "--server", server.url_for("city"),
            "--out", str(tmp_path / "generated"), "--create-stream", "--count", "1", "--timeout", "20",
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        city = await nats.connect(server.url_for("city"))
        try:
            for _ in range(200):  # the example has made its stream and consumer
                try:
                    if (await city.jetstream().consumer_info("CITY_PCMD", "city-snapshots")).name:
                        break
                except nats.js.errors.NotFoundError:
                    await asyncio.sleep(0.1)
        finally:
            await city.close()
        event = rep.SnapshotPublished(
            snapshot_id=str(uuid.uuid4()), ward="lechan", period_code="2026-03", time_zone="Asia/Ho_Chi_Minh",
            content_hash="0" * 64,
        )  # fmt: skip
        event.indicators.add(
            indicator_code="HOTSPOTS", kind=rep.INDICATOR_KIND_COUNT, title_vi="Tụ điểm", title_en="Hotspots",
            comparison=rep.COMPARISON_AT_MOST, met=True,
        )  # fmt: skip
        event.published_hash = published_hash(event)
        reporting = await nats.connect(server.url_for("reporting"))
        try:
            await reporting.publish(
                "pcmd.lechan.reporting.snapshot.published", event.SerializeToString(),
                headers={"ce-type": "pcmd.reporting.v1.SnapshotPublished", "ce-id": "e1"},
            )  # fmt: skip
            await reporting.flush()
        finally:
            await reporting.close()
        out, err = await asyncio.wait_for(proc.communicate(), 120)
        assert proc.returncode == 0, f"{out.decode()}\n{err.decode()}"
        assert out.decode().startswith(f"ACCEPTED snapshot {event.snapshot_id} ward lechan period 2026-03")
        assert "  HOTSPOTS: Tụ điểm / Hotspots\n    0; mục tiêu / target <= 0; đạt / met" in out.decode()
    finally:
        server.stop()
