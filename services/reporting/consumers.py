"""Reporting consumes every producer's stream into its read models."""

from __future__ import annotations

from collections.abc import Sequence

from services.reporting.handlers.projections import PROJECTIONS, handlers_for
from shared.messaging.consumer import Subscription
from shared.runtime import Runtime
from shared.settings import ServiceSettings

PRODUCERS = tuple(PROJECTIONS)  # intake, inspection, case_support, online_monitoring


def subscriptions(rt: Runtime) -> Sequence[Subscription]:
    return subscriptions_for(rt.settings)


def subscriptions_for(s: ServiceSettings) -> Sequence[Subscription]:
    """One durable consumer per producer's stream, each with its projections."""
    return tuple(
        Subscription(
            name=s.durable_name(producer),
            producer=producer,
            handlers=handlers_for(producer),
            filter_subject=s.consume_subject(producer),
        )
        for producer in PRODUCERS
    )
