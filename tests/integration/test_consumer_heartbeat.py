"""A delivery applied for longer than ack_wait is kept alive by in-progress heartbeats (one loop for a
whole batch, or for a fetched set applied one by one), so JetStream does not deliver it again; and a
durable made with another ack_wait is given the configured one when the service starts."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

import nats
import pytest
from nats.aio.msg import Msg

from services.reporting.handlers.batch import batch_applier
from services.reporting.handlers.projections import handlers_for
from services.reporting.settings import ReportingSettings
from shared.contracts.catalog import stream_name
from shared.messaging.consumer import Batching, Subscription
from shared.messaging.envelope import IncomingEnvelope
from shared.runtime import Runtime
from tests.integration.harness import eventually, reporting_runtime, settings_for, start_runtime
from tests.integration.reporting.test_batch_consumer import TIP_RECEIVED, once, publish, tip
from tests.integration.test_event_path import fact_count, running

ACK_WAIT = 1.5
SLOW = 3 * ACK_WAIT  # the apply outlasts ack_wait several times over


def slow_subscriptions(batched: bool) -> Callable[[Runtime[Any, Any, Any]], tuple[Subscription[Any], ...]]:
    real, apply = handlers_for("intake")[TIP_RECEIVED], batch_applier("intake")

    async def slow_handler(uow: Any, event: Any, env: IncomingEnvelope) -> None:
        await asyncio.sleep(SLOW)
        await real(uow, event, env)

    async def slow_batch(uow: Any, consumer: str, events: Sequence[tuple[IncomingEnvelope, Any]]) -> int:
        await asyncio.sleep(SLOW)
        return await apply(uow, consumer, events)

    def subscriptions(rt: Runtime[Any, Any, Any]) -> tuple[Subscription[Any], ...]:
        handlers = {**handlers_for("intake"), TIP_RECEIVED: slow_handler}
        return (
            Subscription(
                rt.settings.durable_name("intake"), "reporting", "intake", handlers, rt.uow,
                rt.settings.consume_subject("intake"), batching=Batching(slow_batch) if batched else None,
            ),
        )  # fmt: skip

    return subscriptions


def record_deliveries(rt: Runtime[Any, Any, Any], seen: list[int] | None = None) -> list[int]:
    """Each delivery's count as the consumer receives it (before the inbox drops a repeat)."""
    seen = [] if seen is None else seen
    on_message, on_batch = rt.consumer.on_message, rt.consumer.on_batch

    async def message(sub: Any, body: Any, msg: Any) -> None:
        seen.append(msg.raw_message.metadata.num_delivered)
        await on_message(sub, body, msg)

    async def batch(sub: Any, raws: Sequence[Msg]) -> None:
        seen.extend(r.metadata.num_delivered for r in raws)
        await on_batch(sub, raws)

    rt.consumer.on_message, rt.consumer.on_batch = message, batch  # type: ignore[method-assign]
    return seen


async def rival_fetch(nats_url: str, durable: str, within: float) -> list[int]:
    """A second puller of the same durable (as another replica of the service would be): the delivery
    counts of what JetStream hands it within ``within`` s."""
    nc = await nats.connect(nats_url)
    try:
        psub = await nc.jetstream().pull_subscribe_bind(durable, stream_name("intake"))
        try:
            return [m.metadata.num_delivered for m in await psub.fetch(1, timeout=within)]
        except TimeoutError:
            return []
    finally:
        await nc.close()


@pytest.mark.parametrize("batched", [False, True], ids=["alone", "batch"])
@pytest.mark.parametrize("beats", [True, False], ids=["heartbeat", "no-heartbeat"])
async def test_slow_apply_is_not_redelivered_while_heartbeats_go(
    service_db: Any, nats_url: str, ward: str, batched: bool, beats: bool
) -> None:
    reporting = await reporting_runtime(
        await service_db("reporting"), nats_url, ward, slow_subscriptions(batched), consumer_ack_wait=ACK_WAIT
    )
    if not beats:
        reporting.consumer.beat = None
    seen = record_deliveries(reporting)
    async with running(reporting):
        await eventually(lambda: _true(reporting.consumers_ready))
        await publish(nats_url, once(tip(ward)))
        await eventually(lambda: _equals(_length(seen), 1))  # the apply has begun
        rival = await rival_fetch(nats_url, reporting.settings.durable_name("intake"), within=SLOW - 1.0)
        await eventually(lambda: _equals(fact_count(reporting, ward), 1), timeout=60)
        if beats:
            assert (rival, seen) == ([], [1])
        else:  # the check above means something: without heartbeats the event is handed out again
            assert rival == [2]
        assert await fact_count(reporting, ward) == 1


async def test_events_fetched_together_are_kept_alive_while_they_wait_their_turn(
    service_db: Any, nats_url: str, ward: str
) -> None:
    """One event at a time, but fetched together: the second waits longer than ack_wait for the first
    to be applied, and is not handed out again meanwhile (one heartbeat loop for the fetched set)."""
    await publish(nats_url, once(tip(ward)), once(tip(ward)))
    seen: list[int] = []

    async def record(rt: Runtime[Any, Any, Any]) -> None:  # from the first fetch
        record_deliveries(rt, seen)

    settings = settings_for(
        ReportingSettings, database_url=await service_db("reporting"), nats_url=nats_url, ward=ward,
        consumer_ack_wait=ACK_WAIT,
    )  # fmt: skip
    reporting = await start_runtime(settings, slow_subscriptions(False), on_start=record)
    async with running(reporting):
        await eventually(lambda: _equals(_length(seen), 1))  # the first's apply has begun
        rival = await rival_fetch(nats_url, reporting.settings.durable_name("intake"), within=SLOW - 1.0)
        await eventually(lambda: _equals(fact_count(reporting, ward), 2), timeout=60)
        assert (rival, seen) == ([], [1, 1])


async def test_a_durable_made_with_another_ack_wait_is_updated_on_start(
    service_db: Any, nats_url: str, ward: str
) -> None:
    db = await service_db("reporting")
    first = await reporting_runtime(db, nats_url, ward, consumer_ack_wait=7.0)
    async with running(first):
        await eventually(lambda: _true(first.consumers_ready))
    durable = first.settings.durable_name("intake")
    again = await reporting_runtime(db, nats_url, ward, consumer_ack_wait=3.0)
    async with running(again):
        await eventually(lambda: _true(again.consumers_ready))
        info = await again.js.consumer_info(stream_name("intake"), durable)
        assert info.config.ack_wait == 3.0
        await publish(nats_url, once(tip(ward)))
        await eventually(lambda: _equals(fact_count(again, ward), 1))


async def _true(value: bool) -> bool:
    return value


async def _equals(value: Any, expected: Any) -> bool:
    return bool(await value == expected)


async def _length(items: list[int]) -> int:
    return len(items)
