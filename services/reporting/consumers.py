"""Reporting consumes every producer's stream into its read models."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from services.reporting.handlers.projections import PROJECTIONS, handlers_for
from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from shared.messaging.consumer import Subscription
from shared.settings import ServiceSettings

if TYPE_CHECKING:
    from services.reporting.main import ReportingRuntime

PRODUCERS = tuple(PROJECTIONS)  # intake, inspection, case_support, online_monitoring


def subscriptions(rt: ReportingRuntime) -> Sequence[Subscription[ReportingUnitOfWork]]:
    return subscriptions_for(rt.settings, rt.uow)


def subscriptions_for(
    s: ServiceSettings, unit_of_work: Callable[[], ReportingUnitOfWork]
) -> Sequence[Subscription[ReportingUnitOfWork]]:
    """One durable consumer per producer's stream, each with its projections."""
    return tuple(
        Subscription(
            name=s.durable_name(producer),
            consumer="reporting",
            producer=producer,
            handlers=handlers_for(producer),
            unit_of_work=unit_of_work,
            filter_subject=s.consume_subject(producer),
        )
        for producer in PRODUCERS
    )
