"""Reporting consumes every producer's stream into its read models."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from opentelemetry.trace import TracerProvider

from services.reporting.handlers.batch import batch_applier
from services.reporting.handlers.projections import PROJECTIONS, handlers_for
from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from shared.messaging.consumer import Batching, Subscription
from shared.settings import ServiceSettings

if TYPE_CHECKING:
    from services.reporting.main import ReportingRuntime

PRODUCERS = tuple(PROJECTIONS)  # intake, inspection, case_support, online_monitoring


def subscriptions(rt: ReportingRuntime) -> Sequence[Subscription[ReportingUnitOfWork]]:
    return subscriptions_for(rt.settings, rt.uow)  # the runtime's EventConsumer has the tracer provider


def subscriptions_for(
    s: ServiceSettings,
    unit_of_work: Callable[[], ReportingUnitOfWork],
    tracer_provider: TracerProvider | None = None,
) -> Sequence[Subscription[ReportingUnitOfWork]]:
    """One durable consumer per producer's stream, each with its projections.

    Each takes its events in batches, a transaction per batch (services/reporting/handlers/batch.py);
    the per-event handlers apply an event alone: a batch that failed, a replayed dead letter.
    """
    return tuple(
        Subscription(
            name=s.durable_name(producer),
            consumer="reporting",
            producer=producer,
            handlers=handlers_for(producer),
            unit_of_work=unit_of_work,
            filter_subject=s.consume_subject(producer),
            batching=Batching(batch_applier(producer), tracer_provider=tracer_provider),
        )
        for producer in PRODUCERS
    )
