"""A row JetStream will never take is quarantined to the dead-letter stream; the rows behind it flow.

Real PostgreSQL and NATS: the poison row is a subject no stream captures (what an unvalidated ward
code such as ``a.b`` once produced), inserted between two good tips.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from nats.js.api import StreamConfig
from sqlalchemy import select

from shared.db import OutboxRecord
from shared.messaging.consumer import PermanentEventError, replay_dead_letter
from shared.messaging.dlq import RELAY, DeadLetters
from shared.runtime import Runtime
from tests.integration.harness import intake_runtime, stream_count
from tests.integration.test_event_path import receive_tips, running


async def add_poison_row(rt: Runtime[Any, Any, Any], subject: str) -> uuid.UUID:
    event_id = uuid.uuid4()
    async with rt.session_factory() as s, s.begin():
        s.add(
            OutboxRecord(
                event_id=event_id,
                subject=subject,
                event_type="pcmd.intake.v1.TipReceived",
                payload=b"\x0a\x01x",
                headers={
                    "ce-id": str(event_id),
                    "ce-type": "pcmd.intake.v1.TipReceived",
                    "Nats-Msg-Id": str(event_id),
                },
            )
        )
    return event_id


async def attempts_of(rt: Runtime[Any, Any, Any], event_id: uuid.UUID) -> tuple[int, bool]:
    async with rt.session_factory() as s:
        row = (await s.execute(select(OutboxRecord).where(OutboxRecord.event_id == event_id))).scalar_one()
        return row.attempts, row.published_at is not None


async def test_a_row_no_stream_takes_is_quarantined_and_the_rows_behind_it_are_published(
    service_db: Any, nats_url: str, ward: str
) -> None:
    intake = await intake_runtime(await service_db("intake"), nats_url, ward, run_relay=False)
    intake.relay.quarantine_after = 3
    subject = f"pcmd.{ward}.intake.tip.received"
    async with running(intake):
        await receive_tips(intake, ward, 1)
        poison = await add_poison_row(intake, f"pcmd.{ward}.x.intake.tip.received")
        await receive_tips(intake, ward, 1)
        before = await intake.dead_letters.count(consumer=RELAY)

        assert await intake.relay.relay_batch() == 2, "the good rows on either side are published"
        assert await stream_count(intake, "intake", subject) == 2
        assert await attempts_of(intake, poison) == (1, False)
        assert await intake.relay.relay_batch() == 0
        assert await attempts_of(intake, poison) == (2, False), "still pending below the limit"
        assert await intake.relay.relay_batch() == 0
        assert await attempts_of(intake, poison) == (3, True), "quarantined at the limit"
        assert await intake.relay.backlog() == 0

        assert await intake.dead_letters.count(consumer=RELAY) == before + 1
        status = await intake.status()
        assert status["quarantined"] == before + 1 and status["quarantined_since_start"] == 1
        letter = next(d for d in await intake.dead_letters.list(consumer=RELAY) if d.event_id == str(poison))
        assert "NoStreamResponseError" in letter.reason
        assert letter.origin_subject == f"pcmd.{ward}.x.intake.tip.received"
        assert letter.data == b"\x0a\x01x"


async def test_nothing_is_counted_against_a_row_while_jetstream_does_not_answer(
    service_db: Any, nats_url: str, ward: str
) -> None:
    intake = await intake_runtime(await service_db("intake"), nats_url, ward, run_relay=False)
    intake.relay.quarantine_after = 1
    # A dead-letter stream that does not exist stands for JetStream not answering this service.
    absent = DeadLetters(intake.js, service="intake")
    absent.stream = f"ABSENT_{uuid.uuid4().hex[:8].upper()}"
    intake.relay.dead_letters = absent
    async with running(intake):
        poison = await add_poison_row(intake, f"pcmd.{ward}.x.intake.tip.received")
        for _ in range(3):
            with pytest.raises(Exception, match="no response from stream"):
                await intake.relay.relay_batch()
        assert await attempts_of(intake, poison) == (0, False), "the row waits; it is not blamed"


async def test_a_quarantined_row_replayed_after_the_fix_reaches_its_stream_once(
    service_db: Any, nats_url: str, ward: str
) -> None:
    intake = await intake_runtime(await service_db("intake"), nats_url, ward, run_relay=False)
    intake.relay.quarantine_after = 1
    lost = f"pcmd.{ward}.lost{uuid.uuid4().hex[:6]}.event"
    async with running(intake):
        poison = await add_poison_row(intake, lost)
        assert await intake.relay.relay_batch() == 0
        letter = next(d for d in await intake.dead_letters.list(consumer=RELAY) if d.event_id == str(poison))
        with pytest.raises(PermanentEventError, match="no response from stream"):  # not fixed yet
            await replay_dead_letter(intake.consumer, intake.subscriptions, letter.seq)

        name = f"FIX_{uuid.uuid4().hex[:8].upper()}"
        await intake.js.add_stream(StreamConfig(name=name, subjects=[lost]))  # the operator's fix
        try:
            assert await replay_dead_letter(intake.consumer, intake.subscriptions, letter.seq)
            assert (await intake.js.stream_info(name)).state.messages == 1
            assert await intake.dead_letters.get(letter.seq) is None, "the letter is removed once published"
        finally:
            await intake.js.delete_stream(name)


class _Unanswered:
    """The relay's NATS connection, whose first ``times`` publishes go where no one answers: the
    server replies 503 (no responders), as while a cluster's new stream leader is not yet reachable
    and STREAM.INFO already answers through it."""

    def __init__(self, nc: Any, times: int) -> None:
        self._nc, self.left = nc, times

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nc, name)

    async def publish(self, subject: str, payload: bytes = b"", **kwargs: Any) -> None:
        if self.left:
            self.left -= 1
            subject = f"_unanswered.{subject}"
        await self._nc.publish(subject, payload, **kwargs)


async def test_a_row_its_stream_takes_is_not_blamed_for_no_response_while_the_streams_answer(
    service_db: Any, nats_url: str, ward: str
) -> None:
    intake = await intake_runtime(await service_db("intake"), nats_url, ward, run_relay=False)
    intake.relay.quarantine_after = 1  # one counted failure would quarantine the row
    subject = f"pcmd.{ward}.intake.tip.received"
    async with running(intake):
        await receive_tips(intake, ward, 1)
        (tip,) = await pending_event_ids(intake)
        before = await intake.dead_letters.count(consumer=RELAY)
        intake.relay._acks.nc = _Unanswered(intake.relay._acks.nc, times=3)
        for _ in range(3):
            with pytest.raises(Exception, match="no response from stream"):
                await intake.relay.relay_batch()
        assert await attempts_of(intake, tip) == (0, False), "the row waits; it is not blamed"
        assert await intake.dead_letters.count(consumer=RELAY) == before

        assert await intake.relay.relay_batch() == 1, "published once its stream answers"
        assert await attempts_of(intake, tip) == (1, True)
        assert await stream_count(intake, "intake", subject) == 1


async def pending_event_ids(rt: Runtime[Any, Any, Any]) -> list[uuid.UUID]:
    async with rt.session_factory() as s:
        pending = select(OutboxRecord.event_id).where(OutboxRecord.published_at.is_(None))
        return list((await s.execute(pending)).scalars())
