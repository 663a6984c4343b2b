"""A relay batch on real PostgreSQL and NATS: the acks of a batch are awaited together and the batch is
marked in one statement, each row with the stream sequence of its own message, in outbox order."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from sqlalchemy import select

from shared.contracts.catalog import stream_name
from shared.db import OutboxRecord
from shared.messaging.envelope import MSG_ID
from tests.integration.harness import intake_runtime, stream_count
from tests.integration.test_event_path import receive_tips, running


async def test_a_batch_is_marked_with_each_rows_own_stream_sequence_in_outbox_order(
    service_db: Any, nats_url: str, ward: str
) -> None:
    intake = await intake_runtime(await service_db("intake"), nats_url, ward, run_relay=False)
    intake.relay.batch_size = 25
    subject = f"pcmd.{ward}.intake.tip.received"
    async with running(intake):
        await receive_tips(intake, ward, 40)
        assert await intake.relay.relay_batch() == 25, "one full batch"
        assert await intake.relay.backlog() == 15
        assert await intake.relay.relay_batch() == 15
        assert await intake.relay.relay_batch() == 0
        async with intake.session_factory() as s:
            rows = (await s.execute(select(OutboxRecord).order_by(OutboxRecord.id))).scalars().all()
        assert len(rows) == 40 and await stream_count(intake, "intake", subject) == 40
        assert all(r.published_at is not None and r.attempts == 1 for r in rows)
        seqs = [int(r.stream_seq or 0) for r in rows]
        assert seqs == sorted(seqs) and len(set(seqs)) == 40, "published in outbox order, one message each"
        for row in rows:
            message = await intake.js.get_msg(stream_name("intake"), int(row.stream_seq or 0))
            assert message.headers is not None and message.headers[MSG_ID] == str(row.event_id)
            assert message.data == row.payload


async def test_a_batch_published_again_after_a_lost_mark_is_de_duplicated(
    service_db: Any, nats_url: str, ward: str
) -> None:
    intake = await intake_runtime(await service_db("intake"), nats_url, ward, run_relay=False)
    subject = f"pcmd.{ward}.intake.tip.received"

    class LostMark(Exception):
        pass

    async def lose_the_mark() -> None:
        raise LostMark  # after every PubAck came back, before the mark: the transaction rolls back

    async with running(intake):
        await receive_tips(intake, ward, 10)
        intake.relay.after_publish = lose_the_mark
        with contextlib.suppress(LostMark):
            await intake.relay.relay_batch()
        assert await intake.relay.backlog() == 10, "nothing marked"
        intake.relay.after_publish = None
        assert await intake.relay.relay_batch() == 10
        assert await intake.relay.backlog() == 0
        assert await stream_count(intake, "intake", subject) == 10, "JetStream dropped the copies"


async def test_a_drain_waits_for_the_batch_another_relay_holds(
    service_db: Any, nats_url: str, ward: str
) -> None:
    """Rows another relay is publishing are skipped by the claim; the drain waits until they are done,
    so a caller that drained sees nothing pending (with the background relay running, it saw some)."""
    intake = await intake_runtime(await service_db("intake"), nats_url, ward, run_relay=False)
    held = asyncio.Event()
    release = asyncio.Event()

    async def hold_the_batch() -> None:  # the other relay, between its publish and its commit
        held.set()
        await release.wait()

    async with running(intake):
        await receive_tips(intake, ward, 3)
        intake.relay.after_publish = hold_the_batch
        other = asyncio.create_task(intake.relay.relay_batch())
        await held.wait()
        intake.relay.after_publish = None
        drain = asyncio.create_task(intake.relay.drain())
        await asyncio.sleep(0.3)
        assert not drain.done(), "the drain does not return while another batch holds the rows"
        release.set()
        assert await other == 3
        await asyncio.wait_for(drain, timeout=10)
        assert await intake.relay.backlog() == 0
