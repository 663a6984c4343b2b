"""Each durable filters the subjects of the events its service handles, so JetStream never hands it one
it would only drop; a durable made with the old producer-wide filter is narrowed in place when the
service starts and keeps its position. Inspection applies what it fetches in one transaction per batch,
each event at most once, and a poison event is dead-lettered alone; an event its handler has nothing to
do with (a tip naming no establishment, one routed to another unit) is acknowledged without a row."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import nats
from nats.aio.msg import Msg
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from sqlalchemy import func, select

from services.inspection import consumers
from services.inspection.repository.tables import SignalRow
from services.inspection.settings import InspectionSettings
from shared.contracts.catalog import stream_name
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake
from shared.db import InboxRecord
from shared.messaging.envelope import OutgoingEvent, envelope
from shared.runtime import Runtime
from tests.integration.harness import declare_streams, eventually, settings_for, start_runtime
from tests.integration.test_event_path import running

STREAM = stream_name("intake")


def event(ward: str, message: Any) -> OutgoingEvent:
    return envelope(message, service="intake", ward=ward)


def received(ward: str, place: str = "") -> OutgoingEvent:
    return event(ward, intake.TipReceived(tip_id=str(uuid.uuid4()), ward=ward, establishment_id=place))


def verified(ward: str) -> OutgoingEvent:  # an intake event inspection does not take
    return event(ward, intake.TipVerified(tip_id=str(uuid.uuid4()), ward=ward))


def routed(ward: str, place: str, target: int = intake.ROUTING_TARGET_INSPECTION) -> OutgoingEvent:
    return event(
        ward, intake.TipRouted(tip_id=str(uuid.uuid4()), ward=ward, establishment_id=place, target=target)
    )


async def publish(nats_url: str, *events: OutgoingEvent, copy: str = "") -> list[int]:
    """Publish as the relay does; the stream sequence of each (``copy``: the same event once more)."""
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        return [
            (
                await js.publish(
                    e.subject, e.payload, headers={**e.headers, "Nats-Msg-Id": f"{e.event_id}{copy}"}
                )
            ).seq
            for e in events
        ]
    finally:
        await nc.close()


async def inspection_runtime(
    service_db: Any, nats_url: str, ward: str
) -> tuple[Runtime[Any, Any, Any], list[tuple[str, int]]]:
    """Inspection with its own consumers, and (event type, stream sequence) of every delivery they are
    handed, before the inbox, recorded from the first fetch."""
    s = settings_for(
        InspectionSettings, database_url=await service_db("inspection"), nats_url=nats_url, ward=ward
    )
    seen: list[tuple[str, int]] = []

    async def record(rt: Runtime[Any, Any, Any]) -> None:
        on_batch = rt.consumer.on_batch

        async def batch(sub: Any, raws: Sequence[Msg]) -> None:
            seen.extend(((r.headers or {}).get("ce-type", ""), r.metadata.sequence.stream) for r in raws)
            await on_batch(sub, raws)

        rt.consumer.on_batch = batch  # type: ignore[method-assign]

    rt = await start_runtime(s, consumers.subscriptions, run_relay=False, on_start=record)
    return rt, seen


async def inbox_seqs(rt: Runtime[Any, Any, Any], consumer: str) -> set[int]:
    async with rt.session_factory() as s:
        rows = await s.scalars(select(InboxRecord.stream_seq).where(InboxRecord.consumer == consumer))
        return set(rows)


async def signals(rt: Runtime[Any, Any, Any], place: str) -> int:
    async with rt.session_factory() as s:
        return int(await s.scalar(select(func.count()).where(SignalRow.place_key == place)) or 0)


async def _lag(rt: Runtime[Any, Any, Any], durable: str) -> int:
    return int((await rt.status())["consumer_lag"][durable])


async def test_an_old_wide_durable_is_narrowed_in_place_and_keeps_its_position(
    service_db: Any, nats_url: str, ward: str
) -> None:
    await declare_streams(nats_url)
    durable = f"inspection-intake-{ward}"
    place = f"est-{uuid.uuid4().hex[:8]}"
    # The deployment before: the producer-wide filter, two events delivered and acknowledged.
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        old = ConsumerConfig(
            name=durable, durable_name=durable, filter_subject=f"pcmd.{ward}.intake.>",
            ack_policy=AckPolicy.EXPLICIT, deliver_policy=DeliverPolicy.ALL, ack_wait=5.0, max_deliver=6,
        )  # fmt: skip
        await js.add_consumer(STREAM, old)
        done = await publish(nats_url, received(ward, place), verified(ward))
        psub = await js.pull_subscribe_bind(durable, stream=STREAM)
        for msg in await psub.fetch(2, timeout=5):
            await msg.ack()
        await nc.flush()
        before = await js.consumer_info(STREAM, durable)
        assert before.config.filter_subject == f"pcmd.{ward}.intake.>"
        assert before.ack_floor.stream_seq == done[-1]
    finally:
        await nc.close()
    later = await publish(
        nats_url, verified(ward), received(ward, place), routed(ward, place), verified(ward)
    )

    inspection, seen = await inspection_runtime(service_db, nats_url, ward)
    async with running(inspection):
        info = await inspection.js.consumer_info(STREAM, durable)
        assert not info.config.filter_subject
        assert sorted(info.config.filter_subjects or ()) == [
            f"pcmd.{ward}.intake.tip.received",
            f"pcmd.{ward}.intake.tip.routed",
        ]
        assert info.ack_floor.stream_seq >= before.ack_floor.stream_seq  # the position is kept
        taken = {later[1], later[2]}
        await eventually(lambda: _equals(inbox_seqs(inspection, durable), taken))
        await eventually(lambda: _equals(_lag(inspection, durable), 0))
        # Only what it handles was delivered, and nothing it had acknowledged under the old filter.
        types = {t for t, _ in seen}
        assert types <= {"pcmd.intake.v1.TipReceived", "pcmd.intake.v1.TipRouted"}, types
        assert {seq for _, seq in seen} == taken
        assert await signals(inspection, place) == 2  # the received tip and the routed one, not the first
        after = await inspection.js.consumer_info(STREAM, durable)
        assert after.num_pending == 0 and after.num_ack_pending == 0


async def test_a_batch_applies_each_event_once_and_a_poison_event_alone(
    service_db: Any, nats_url: str, ward: str
) -> None:
    await declare_streams(nats_url)
    durable = f"inspection-intake-{ward}"
    place = f"est-{uuid.uuid4().hex[:8]}"
    good = [received(ward, place) for _ in range(3)]
    poison = received(ward, "x" * 200)  # longer than a place key may be: can never be applied
    seqs = await publish(nats_url, good[0], poison, good[1], good[2])
    await publish(nats_url, good[1], copy="again")  # the same event twice in the stream
    inspection, seen = await inspection_runtime(service_db, nats_url, ward)
    async with running(inspection):
        await eventually(lambda: _equals(inspection.dead_letters.count(consumer=durable), 1))
        await eventually(lambda: _equals(signals(inspection, place), 3))
        await eventually(lambda: _equals(_lag(inspection, durable), 0))
        [letter] = await inspection.dead_letters.list(consumer=durable)
        assert letter.event_id == str(poison.event_id) and "cannot be applied" in letter.reason
        assert await inbox_seqs(inspection, durable) == {seqs[0], seqs[2], seqs[3]}
        assert len(seen) == 5, "every delivery came once"


async def _equals(awaitable: Any, expected: Any) -> bool:
    return bool(await awaitable == expected)


async def test_events_the_handlers_have_nothing_to_do_with_are_acknowledged_without_an_inbox_row(
    service_db: Any, nats_url: str, ward: str
) -> None:
    await declare_streams(nats_url)
    durable = f"inspection-intake-{ward}"
    place = f"est-{uuid.uuid4().hex[:8]}"
    elsewhere = routed(ward, place, intake.ROUTING_TARGET_CASE_SUPPORT)
    seqs = await publish(nats_url, received(ward), received(ward, place), elsewhere, received(ward))
    inspection, seen = await inspection_runtime(service_db, nats_url, ward)
    async with running(inspection):
        await eventually(lambda: _equals(_lag(inspection, durable), 0))
        info = await inspection.js.consumer_info(STREAM, durable)
        assert info.num_ack_pending == 0 and info.num_redelivered == 0, "each was acknowledged, once"
        assert len(seen) == 4
        # No claim was made for the others: their batch's transaction had nothing to write.
        assert await inbox_seqs(inspection, durable) == {seqs[1]}, "only the tip naming a place has a row"
        assert await signals(inspection, place) == 1
        assert await inspection.dead_letters.count(consumer=durable) == 0
