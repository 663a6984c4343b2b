"""Overlapping relay batches on real PostgreSQL and NATS: the next batch is claimed and published while
the previous one awaits its acks and its mark; JetStream still stores every event in outbox order, and
a batch that dies between publish and mark is published again with the same Nats-Msg-Id and dropped."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from sqlalchemy import select

from shared.contracts.catalog import stream_name
from shared.db import OutboxRecord
from shared.messaging.envelope import MSG_ID
from shared.runtime import Runtime
from tests.integration.harness import eventually, intake_runtime, stream_count
from tests.integration.test_event_path import receive_tips, running

BATCH = 5


async def published_rows(rt: Runtime[Any, Any, Any]) -> list[OutboxRecord]:
    async with rt.session_factory() as s:
        return list((await s.execute(select(OutboxRecord).order_by(OutboxRecord.id))).scalars().all())


async def assert_in_outbox_order(rt: Runtime[Any, Any, Any], n: int) -> None:
    rows = await published_rows(rt)
    assert len(rows) == n and all(r.published_at is not None for r in rows)
    seqs = [int(r.stream_seq or 0) for r in rows]
    assert seqs == sorted(seqs) and len(set(seqs)) == n, "stored in outbox order, one message each"
    for row in rows:
        message = await rt.js.get_msg(stream_name("intake"), int(row.stream_seq or 0))
        assert message.headers is not None and message.headers[MSG_ID] == str(row.event_id)
        assert message.data == row.payload


async def test_the_next_batch_is_published_while_the_previous_awaits_its_mark_in_outbox_order(
    service_db: Any, nats_url: str, ward: str
) -> None:
    intake = await intake_runtime(await service_db("intake"), nats_url, ward, run_relay=False)
    intake.relay.batch_size = BATCH
    subject = f"pcmd.{ward}.intake.tip.received"
    overlapped: list[bool] = []
    calls: list[int] = []

    async def await_the_next_batch() -> None:  # the first batch, acked, not yet marked
        calls.append(1)
        if len(calls) > 1:
            return
        try:  # the batch after it reaches the stream meanwhile (without the overlap, it never does)
            await eventually(next_batch_stored, timeout=10)
            overlapped.append(True)
        except AssertionError:
            overlapped.append(False)

    async def next_batch_stored() -> bool:
        return await stream_count(intake, "intake", subject) > BATCH

    async with running(intake):
        await receive_tips(intake, ward, 4 * BATCH + 2)
        intake.relay.after_publish = await_the_next_batch
        await intake.relay.drain()
        assert overlapped == [True], "the second batch was published before the first was marked"
        assert await intake.relay.backlog() == 0
        assert await stream_count(intake, "intake", subject) == 4 * BATCH + 2
        await assert_in_outbox_order(intake, 4 * BATCH + 2)


async def test_a_batch_lost_between_publish_and_mark_while_the_next_one_commits_is_de_duplicated(
    service_db: Any, nats_url: str, ward: str
) -> None:
    intake = await intake_runtime(await service_db("intake"), nats_url, ward, run_relay=False)
    intake.relay.batch_size = BATCH
    subject = f"pcmd.{ward}.intake.tip.received"
    calls: list[int] = []

    class LostMark(Exception):
        pass

    async def lose_the_first_mark() -> None:  # as if the relay died after the acks, before the mark
        calls.append(1)
        if len(calls) == 1:
            await asyncio.sleep(0.2)  # the next batch, claimed meanwhile, commits first
            raise LostMark

    async with running(intake):
        await receive_tips(intake, ward, 2 * BATCH)
        intake.relay.after_publish = lose_the_first_mark
        with contextlib.suppress(LostMark):
            await intake.relay.relay_batches()
        assert len(calls) >= 2, "the next batch ran alongside the lost one"
        pending = [r for r in await published_rows(intake) if r.published_at is None]
        assert len(pending) == BATCH, "only the lost batch is pending; the next one was marked"
        assert await stream_count(intake, "intake", subject) == 2 * BATCH
        intake.relay.after_publish = None
        await intake.relay.drain()
        assert await intake.relay.backlog() == 0
        assert await stream_count(intake, "intake", subject) == 2 * BATCH, "JetStream dropped the copies"
        await assert_in_outbox_order(intake, 2 * BATCH)
