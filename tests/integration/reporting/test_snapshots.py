"""Snapshots: immutable, approved by ward leadership, published to NATS for the city."""

from __future__ import annotations

import asyncio
import json
import sys
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from services.reporting.domain.periods import quarter
from services.reporting.handlers import snapshots
from services.reporting.handlers.commands import ApproveSnapshot, PrepareSnapshot, SnapshotsOf
from services.reporting.handlers.deps import ReportingDeps
from services.reporting.handlers.errors import SnapshotNotPrepared
from shared.contracts.pcmd.case_support.v1 import events_pb2 as cs
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake
from tests.integration.reporting.world import World, at, open_world

ROOT = Path(__file__).resolve().parents[3]
SUBSCRIBER = Path(__file__).with_name("city_subscriber.py")


@pytest.fixture
async def world(service_db: Callable[[str], Any], nats_url: str, ward: str) -> AsyncIterator[World]:
    w = await open_world(await service_db("reporting"), nats_url, ward)
    w.rt.launch(lambda _rt: ())  # the relay publishes what approval writes to the outbox
    yield w
    await w.rt.stop()


def some_events(w: World) -> None:
    for n in range(3):
        tip_id = str(uuid.uuid4())
        w.record(
            intake.TipReceived(
                tip_id=tip_id, ward=w.ward, occurred_at=at(2026, 1, 5 + n), due_at=at(2026, 2, 1)
            )
        )
        w.record(
            intake.TipHandled(
                tip_id=tip_id, ward=w.ward, occurred_at=at(2026, 1, 20), handled_at=at(2026, 1, 20),
                due_at=at(2026, 2, 1), on_time=n > 0,
            )
        )  # fmt: skip
    for n in range(3):  # three clients with needs, two of them served: small counts of people
        case_id, client = str(uuid.uuid4()), f"CL-{n}"
        w.record(
            cs.ClientEnrolled(
                case_id=case_id, ward=w.ward, occurred_at=at(2026, 1, 2), client_code=client,
                eligible=True, has_needs=True,
            )
        )  # fmt: skip
        if n:
            w.record(
                cs.ServiceReceived(
                    service_record_id=str(uuid.uuid4()), ward=w.ward, occurred_at=at(2026, 2, 2),
                    case_id=case_id, client_code=client, service_category=1, received_at=at(2026, 2, 2),
                )
            )  # fmt: skip


async def test_an_approved_snapshot_reaches_a_city_subscriber_that_knows_only_the_proto_files(
    world: World, nats_url: str
) -> None:
    w = world
    some_events(w)
    await w.deliver_all()
    deps: ReportingDeps = w.rt.deps
    prepared = await snapshots.prepare(
        w.rt.uow(), deps, PrepareSnapshot(w.ward, quarter(2026, 1)), w.principal()
    )
    assert prepared["status"] == "prepared"
    exact = {v["code"]: v for v in prepared["indicators"]}
    assert (exact["TIPS_TIMELY"]["numerator"], exact["TIPS_TIMELY"]["denominator"]) == (2, 3)
    assert (exact["HR_ACCESS"]["numerator"], exact["HR_ACCESS"]["denominator"]) == (2, 3)
    assert prepared["positions"] == {"PCMD_INTAKE": 6, "PCMD_CASE_SUPPORT": 5}

    published = await snapshots.approve(
        w.rt.uow(), deps, ApproveSnapshot(prepared["id"]), w.principal("ubnd", "leader")
    )
    assert published["status"] == "published" and published["approved_by"] == "ubnd:tester"

    subject = f"pcmd.{w.ward}.reporting.snapshot.published"
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-I", str(SUBSCRIBER), str(ROOT / "proto"), nats_url, subject,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode == 0, err.decode()
    received = json.loads(out)
    event = received["event"]
    assert received["headers"]["ce-type"] == "pcmd.reporting.v1.SnapshotPublished"
    assert event["snapshot_id"] == prepared["id"]
    # The city gets the hash of its own (withheld) copy, never that of the exact counts, which would
    # let it try the few values a withheld cell can take.
    assert event["content_hash"] != prepared["content_hash"] and len(event["content_hash"]) == 64
    assert event["period_type"] == "PERIOD_TYPE_QUARTER"
    assert (event["period_code"], event["time_zone"]) == ("2026-Q1", "Asia/Ho_Chi_Minh")
    assert received["hash_ok"] is True, "the city recomputes published_hash from the proto files alone"
    assert event["small_cell_suppressed"] is True
    values = {v["indicator_code"]: v for v in event["indicators"]}
    assert len(values) == 10
    assert values["TIPS_TIMELY"]["title_en"] and values["TIPS_TIMELY"]["title_vi"]
    assert (values["TIPS_TIMELY"]["numerator"], values["TIPS_TIMELY"]["denominator"]) == ("2", "3")
    assert values["TIPS_TIMELY"]["value"] == "6666" and "met" not in values["TIPS_TIMELY"]  # false: omitted
    # three people leave the ward only as "fewer than five"
    assert values["HR_ACCESS"].get("suppressed") is True and "numerator" not in values["HR_ACCESS"]
    assert {p["service"]: p["sequence"] for p in event["positions"]} == {
        "SOURCE_SERVICE_INTAKE": "6",
        "SOURCE_SERVICE_CASE_SUPPORT": "5",
    }


async def test_a_snapshot_is_immutable_and_approved_only_once(world: World) -> None:
    w = world
    deps: ReportingDeps = w.rt.deps
    snap = await snapshots.prepare(w.rt.uow(), deps, PrepareSnapshot(w.ward, quarter(2026, 2)), w.principal())
    async with w.rt.engine.connect() as conn:
        for statement in (
            "UPDATE snapshot SET content_hash = 'x' WHERE snapshot_id = :id",
            "UPDATE snapshot SET content = '{}'::jsonb WHERE snapshot_id = :id",
            "DELETE FROM snapshot WHERE snapshot_id = :id",
        ):
            with pytest.raises(Exception, match="immutable"):
                async with conn.begin():
                    await conn.execute(text(statement), {"id": snap["id"]})
    leader = w.principal("ubnd", "leader")
    await snapshots.approve(w.rt.uow(), deps, ApproveSnapshot(snap["id"]), leader)
    with pytest.raises(SnapshotNotPrepared):
        await snapshots.approve(w.rt.uow(), deps, ApproveSnapshot(snap["id"]), leader)
    again = await snapshots.prepare(
        w.rt.uow(), deps, PrepareSnapshot(w.ward, quarter(2026, 2)), w.principal()
    )
    assert again["content_hash"] == snap["content_hash"], "same facts, same hash"
    second = await snapshots.approve(w.rt.uow(), deps, ApproveSnapshot(again["id"]), leader)
    assert second["supersedes_snapshot_id"] == snap["id"]


async def test_a_closed_period_gets_its_snapshot_prepared_once(world: World) -> None:
    w = world
    deps: ReportingDeps = w.rt.deps
    late = ReportingDeps(deps.schedule, deps.small_cell_threshold, clock=lambda: at(2026, 7, 2))
    first = await snapshots.prepare_closed_periods(w.rt.uow(), late, (w.ward,))
    assert sorted(first) == [f"{w.ward}/2026-06", f"{w.ward}/2026-Q2"]
    assert await snapshots.prepare_closed_periods(w.rt.uow(), late, (w.ward,)) == []
    listed = await snapshots.list_snapshots(w.rt.uow(), deps, SnapshotsOf(w.ward, "2026-Q2"), w.principal())
    assert [s["prepared_by"] for s in listed] == ["system:reporting"]
