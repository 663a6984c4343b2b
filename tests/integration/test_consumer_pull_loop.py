"""The consumers' own pull loop, which applies what it fetched without FastStream's per-message
processing: a stopping service still finishes the batch it is applying (the loop holds the subscriber's
lock, which the broker's stop waits for), and an event applied alone is handled in its producer's trace
(so the events its handler records continue it)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from services.reporting import main as reporting_main
from services.reporting.handlers.batch import batch_applier
from services.reporting.handlers.projections import handlers_for
from services.reporting.settings import ReportingSettings
from shared.messaging.consumer import Batching, Subscription
from shared.messaging.envelope import IncomingEnvelope
from shared.runtime import Runtime
from tests.integration.harness import eventually, reporting_runtime, settings_for
from tests.integration.reporting.test_batch_consumer import TIP_RECEIVED, once, publish, tip

SLOW = 1.5  # how long the batch takes once it has begun


@pytest.mark.parametrize("batched", [False, True], ids=["alone", "batch"])
async def test_stop_waits_for_the_batch_being_applied(
    service_db: Any, nats_url: str, ward: str, batched: bool
) -> None:
    steps: list[str] = []
    apply, handlers = batch_applier("intake"), handlers_for("intake")

    async def slow_batch(uow: Any, consumer: str, events: Sequence[tuple[IncomingEnvelope, Any]]) -> int:
        steps.append("begun")
        await asyncio.sleep(SLOW)
        applied = await apply(uow, consumer, events)
        steps.append("committed")
        return applied

    def slow(event_type: str) -> Any:
        async def handler(uow: Any, event: Any, env: IncomingEnvelope) -> None:
            steps.append("begun")
            await asyncio.sleep(SLOW)
            await handlers[event_type](uow, event, env)
            steps.append("committed")  # the commit follows the handler in the same transaction

        return handler

    def subscriptions(rt: Runtime[Any, Any, Any]) -> tuple[Subscription[Any], ...]:
        return (
            Subscription(
                rt.settings.durable_name("intake"), "reporting", "intake",
                handlers if batched else {t: slow(t) for t in handlers}, rt.uow,
                rt.settings.consume_subject("intake"), batching=Batching(slow_batch) if batched else None,
            ),
        )  # fmt: skip

    reporting = await reporting_runtime(await service_db("reporting"), nats_url, ward, subscriptions)
    stopped = False
    try:
        await publish(nats_url, once(tip(ward)))
        await eventually(lambda: _began(steps))
        await reporting.stop()
        stopped = True
        assert steps == ["begun", "committed"], "the stop cancelled the batch instead of waiting for it"
    finally:
        if not stopped:
            await reporting.stop()


async def _began(steps: list[str]) -> bool:
    return "begun" in steps


async def test_an_event_applied_alone_is_handled_in_its_producers_trace(
    service_db: Any, nats_url: str, ward: str
) -> None:
    spans = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(spans))
    with provider.get_tracer(__name__).start_as_current_span("the producer's request") as request:
        event = tip(ward)  # its headers carry the request's trace, as the outbox's do
    handled_in: list[int] = []
    handlers = handlers_for("intake")

    async def recording(uow: Any, body: Any, env: IncomingEnvelope) -> None:
        handled_in.append(trace.get_current_span().get_span_context().trace_id)
        await handlers[TIP_RECEIVED](uow, body, env)

    def subscriptions(rt: Runtime[Any, Any, Any]) -> tuple[Subscription[Any], ...]:
        return (
            Subscription(
                rt.settings.durable_name("intake"), "reporting", "intake",
                {**handlers, TIP_RECEIVED: recording}, rt.uow, rt.settings.consume_subject("intake"),
            ),
        )  # fmt: skip

    settings = settings_for(
        ReportingSettings, database_url=await service_db("reporting"), nats_url=nats_url, ward=ward
    )
    rt: Runtime[Any, Any, Any] = Runtime(
        settings, reporting_main.unit_of_work, reporting_main.build_deps, tracer_provider=provider
    )
    await rt.connect()
    try:
        rt.launch(subscriptions, ())
        await publish(nats_url, once(event))
        await eventually(lambda: _length(handled_in))
        trace_id = request.get_span_context().trace_id
        assert handled_in == [trace_id]
        consumer_spans = [s for s in spans.get_finished_spans() if s.kind == trace.SpanKind.CONSUMER]
        assert [s.context.trace_id for s in consumer_spans] == [trace_id]
    finally:
        await rt.stop()


async def _length(items: list[int]) -> int:
    return len(items)
