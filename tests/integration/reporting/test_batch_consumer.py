"""Reporting's live consumer applies a fetched batch in one transaction, each event at most once.

The events are published before reporting starts, so its first fetch takes them as one batch.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Sequence
from typing import Any

import nats
import pytest
from nats.aio.msg import Msg

from services.reporting.handlers.batch import batch_applier
from services.reporting.handlers.projections import handlers_for
from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from shared.contracts.pcmd.inspection.v1 import events_pb2 as ins
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake_ev
from shared.messaging.consumer import Batching, PermanentEventError, Subscription, replay_dead_letter
from shared.messaging.envelope import IncomingEnvelope, OutgoingEvent, envelope
from shared.runtime import Runtime
from tests.integration.harness import drop_connections, eventually, inbox_count, reporting_runtime
from tests.integration.test_event_path import dead_letter_count, fact_count, running

TIP_RECEIVED = intake_ev.TipReceived.DESCRIPTOR.full_name


class Recorder:
    """Reporting's batch applier for intake, recording each batch's size and how many it applied."""

    def __init__(self, reject: set[uuid.UUID] | None = None) -> None:
        self.inner = batch_applier("intake")
        self.sizes: list[int] = []
        self.applied: list[int] = []
        self.reject = reject if reject is not None else set()
        self.fail_after_commit = 0

    async def __call__(
        self, uow: ReportingUnitOfWork, consumer: str, events: Sequence[tuple[IncomingEnvelope, Any]]
    ) -> int:
        self.sizes.append(len(events))
        if any(env.event_id in self.reject for env, _ in events):
            raise PermanentEventError("rejected in the batch")
        n = await self.inner(uow, consumer, events)
        self.applied.append(n)
        if self.fail_after_commit:
            self.fail_after_commit -= 1
            raise ConnectionError("lost after commit, before the acks")
        return n


def batched(rec: Recorder) -> Callable[[Runtime[Any, Any, Any]], tuple[Subscription[Any], ...]]:
    real = handlers_for("intake")[TIP_RECEIVED]

    async def tip_received(uow: ReportingUnitOfWork, event: Any, env: IncomingEnvelope) -> None:
        if env.event_id in rec.reject:
            raise PermanentEventError("rejected alone")
        await real(uow, event, env)

    def subscriptions(rt: Runtime[Any, Any, Any]) -> tuple[Subscription[Any], ...]:
        return (
            Subscription(
                rt.settings.durable_name("intake"), "reporting", "intake",
                {**handlers_for("intake"), TIP_RECEIVED: tip_received}, rt.uow,
                rt.settings.consume_subject("intake"), batching=Batching(rec),
            ),
        )  # fmt: skip

    return subscriptions


def tip(ward: str, tip_id: str | None = None) -> OutgoingEvent:
    event = intake_ev.TipReceived(tip_id=tip_id or str(uuid.uuid4()), ward=ward)
    return envelope(event, service="intake", ward=ward)


async def publish(nats_url: str, *messages: tuple[str, bytes, dict[str, str]]) -> None:
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        for subject, data, headers in messages:
            await js.publish(subject, data, headers=headers)
    finally:
        await nc.close()


def once(ev: OutgoingEvent, copy: str = "") -> tuple[str, bytes, dict[str, str]]:
    """The event as the relay publishes it; ``copy`` makes a second publication of the same event."""
    return ev.subject, ev.payload, {**ev.headers, "Nats-Msg-Id": f"{ev.event_id}{copy}"}


async def _equals(awaitable: Any, expected: int) -> bool:
    return bool(await awaitable == expected)


async def _batches(rec: Recorder, n: int) -> bool:
    return len(rec.sizes) >= n


async def settled(rt: Runtime[Any, Any, Any]) -> dict[str, int]:
    """The consumer's lag in /v1/ops/status, once nothing is pending or waiting for its ack."""
    status = await rt.status()
    return status["consumer_lag"] if not any(status["consumer_lag"].values()) else {}


async def test_a_poison_event_in_a_batch_is_dead_lettered_alone(
    service_db: Any, nats_url: str, ward: str
) -> None:
    good = [tip(ward) for _ in range(3)]
    poison = tip(ward)
    poison = OutgoingEvent(
        poison.event_id, poison.subject, poison.event_type,
        intake_ev.TipReceived(tip_id="not-a-uuid", ward=ward).SerializeToString(), poison.headers,
    )  # fmt: skip
    await publish(nats_url, once(good[0]), once(poison), once(good[1]), once(good[2]))
    rec = Recorder()
    reporting = await reporting_runtime(await service_db("reporting"), nats_url, ward, batched(rec))
    async with running(reporting):
        await eventually(lambda: _equals(dead_letter_count(reporting), 1))
        await eventually(lambda: _equals(fact_count(reporting, ward), 3))
        assert rec.sizes[0] == 4, "the four events came as one batch"
        assert rec.applied == [], "which failed as a whole and was applied event by event"
        [letter] = await reporting.dead_letters.list(consumer=reporting.settings.durable_name("intake"))
        assert letter.event_id == str(poison.event_id) and "cannot be applied" in letter.reason
        assert await inbox_count(reporting) == 3
        assert await eventually(lambda: settled(reporting)), "every message acknowledged"


async def test_a_dead_letter_of_a_batch_is_replayed_through_its_consumer(
    service_db: Any, nats_url: str, ward: str
) -> None:
    events = [tip(ward) for _ in range(3)]
    await publish(nats_url, *map(once, events))
    rec = Recorder(reject={events[1].event_id})
    reporting = await reporting_runtime(await service_db("reporting"), nats_url, ward, batched(rec))
    async with running(reporting):
        await eventually(lambda: _equals(dead_letter_count(reporting), 1))
        await eventually(lambda: _equals(fact_count(reporting, ward), 2))
        [letter] = await reporting.dead_letters.list(consumer=reporting.settings.durable_name("intake"))
        assert letter.reason == "rejected: rejected alone"
        rec.reject.clear()  # the fix
        assert await replay_dead_letter(reporting.consumer, reporting.subscriptions, letter.seq)
        assert await fact_count(reporting, ward) == 3
        assert await dead_letter_count(reporting) == 0


async def test_the_same_event_twice_in_a_batch_and_across_batches_is_applied_once(
    service_db: Any, nats_url: str, ward: str
) -> None:
    twice, other = tip(ward), tip(ward)
    await publish(nats_url, once(twice), once(other), once(twice, "-again"))
    rec = Recorder()
    reporting = await reporting_runtime(await service_db("reporting"), nats_url, ward, batched(rec))
    async with running(reporting):
        await eventually(lambda: _equals(inbox_count(reporting), 2))
        assert rec.sizes[0] == 3 and rec.applied[0] == 2, (rec.sizes, rec.applied)
        await publish(nats_url, once(twice, "-third"))  # a later batch
        await eventually(lambda: _batches(rec, 2))
        assert rec.applied == [2, 0]
        assert await fact_count(reporting, ward) == 2
        assert await inbox_count(reporting) == 2
        assert await eventually(lambda: settled(reporting))


@pytest.mark.parametrize("where", ["applier", "ack"])
async def test_a_failure_after_commit_before_the_ack_is_absorbed_by_the_inbox(
    service_db: Any, nats_url: str, ward: str, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the commit: the applier fails (its events go one by one), or the acks are lost (the
    messages come again after ack_wait); either way each event is counted once."""
    events = [tip(ward) for _ in range(3)]
    await publish(nats_url, *map(once, events))
    rec = Recorder()
    lost = {"n": 0}
    if where == "applier":
        rec.fail_after_commit = 1
    else:
        ack = Msg.ack

        async def lose_first_acks(msg: Msg) -> None:
            if lost["n"] < len(events):
                lost["n"] += 1
                raise ConnectionError("connection lost before the ack")
            await ack(msg)

        monkeypatch.setattr(Msg, "ack", lose_first_acks)
    db = await service_db("reporting")
    reporting = await reporting_runtime(db, nats_url, ward, batched(rec), consumer_ack_wait=2.0)
    async with running(reporting):
        await eventually(lambda: settled(reporting), timeout=30)
        assert rec.sizes[0] == 3 and rec.applied[0] == 3
        if where == "ack":
            assert lost["n"] == 3 and rec.applied[1:] == [0], "redelivered as a batch, none applied again"
        await asyncio.sleep(0.5)
        assert await fact_count(reporting, ward) == 3
        assert await inbox_count(reporting) == 3
        assert await dead_letter_count(reporting) == 0


async def test_undecodable_and_bad_envelopes_are_dead_lettered_and_the_rest_applied(
    service_db: Any, nats_url: str, ward: str
) -> None:
    good, broken = tip(ward), tip(ward)
    no_type = {k: v for k, v in tip(ward).headers.items() if k != "ce-type"}
    await publish(
        nats_url,
        once(good),
        (broken.subject, b"\xff\xfe not protobuf", broken.headers),
        (good.subject, b"", no_type),
    )
    rec = Recorder()
    reporting = await reporting_runtime(await service_db("reporting"), nats_url, ward, batched(rec))
    async with running(reporting):
        await eventually(lambda: _equals(dead_letter_count(reporting), 2))
        await eventually(lambda: _equals(fact_count(reporting, ward), 1))
        assert rec.sizes == [1], "only the good event reached the batch"
        letters = await reporting.dead_letters.list(consumer=reporting.settings.durable_name("intake"))
        reasons = sorted(d.reason for d in letters)
        assert any("not a valid pcmd.intake.v1.TipReceived" in r for r in reasons), reasons
        assert any("bad envelope" in r for r in reasons), reasons
        assert await eventually(lambda: settled(reporting))


async def test_events_not_subscribed_are_acknowledged_without_effect(
    service_db: Any, nats_url: str, ward: str
) -> None:
    good = tip(ward)
    foreign = envelope(ins.HotspotFlagged(hotspot_id="h-1", ward=ward), service="inspection", ward=ward)
    await publish(nats_url, (good.subject, foreign.payload, foreign.headers), once(good))
    rec = Recorder()
    reporting = await reporting_runtime(await service_db("reporting"), nats_url, ward, batched(rec))
    async with running(reporting):
        await eventually(lambda: _equals(fact_count(reporting, ward), 1))
        assert await eventually(lambda: settled(reporting)), "both acknowledged"
        assert rec.sizes == [1]
        assert await inbox_count(reporting) == 1
        assert await dead_letter_count(reporting) == 0


async def test_reporting_subscriptions_consume_in_batches(service_db: Any, nats_url: str, ward: str) -> None:
    """The service's own subscriptions: many events, fewer transactions, each applied once."""
    events = [tip(ward) for _ in range(200)]
    await publish(nats_url, *map(once, events), once(events[0], "-again"))
    reporting = await reporting_runtime(await service_db("reporting"), nats_url, ward)
    async with running(reporting):
        assert all(sub.batching is not None for sub in reporting.subscriptions.values())
        await eventually(lambda: _equals(fact_count(reporting, ward), 200))
        assert await eventually(lambda: settled(reporting))
        assert await inbox_count(reporting) == 200


async def test_batches_go_on_after_postgres_dropped_the_pooled_connections(
    service_db: Any, nats_url: str, ward: str
) -> None:
    """A batch runs on the driver's connection: one PostgreSQL dropped fails that batch only (its events
    go one by one), the connection leaves the pool, and every event is applied once."""
    rec = Recorder()
    url = await service_db("reporting")
    reporting = await reporting_runtime(url, nats_url, ward, batched(rec))
    async with running(reporting):
        await publish(nats_url, *(once(tip(ward)) for _ in range(10)))
        await eventually(lambda: _equals(fact_count(reporting, ward), 10))
        assert await drop_connections(url) >= 1
        await publish(nats_url, *(once(tip(ward)) for _ in range(10)))
        await eventually(lambda: _equals(fact_count(reporting, ward), 20))
        await publish(nats_url, *(once(tip(ward)) for _ in range(10)))  # on connections that work again
        await eventually(lambda: _equals(fact_count(reporting, ward), 30))
        assert await eventually(lambda: settled(reporting))
        assert await inbox_count(reporting) == 30
        assert sum(rec.applied) >= 20, rec.applied  # the batches after the drop were applied as batches
