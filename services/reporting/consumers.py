"""Reporting consumes every producer's stream into its read models."""

from __future__ import annotations

from collections.abc import Sequence

from services.reporting import handlers
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake
from shared.messaging.consumer import Subscription
from shared.runtime import Runtime


def subscriptions(rt: Runtime) -> Sequence[Subscription]:
    return (
        Subscription(
            name=rt.settings.durable_name("intake"),
            producer="intake",
            handlers={intake.TipReceived.DESCRIPTOR.full_name: handlers.on_tip_received},
            filter_subject=rt.settings.consume_subject("intake"),
        ),
    )
