"""Reporting consumes every producer's stream into its read models."""

from __future__ import annotations

from collections.abc import Sequence

from services.reporting import handlers
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake
from shared.messaging.consumer import EventHandler, Subscription
from shared.runtime import Runtime

INTAKE: dict[str, EventHandler] = {
    intake.TipReceived.DESCRIPTOR.full_name: handlers.on_tip_received,
    intake.TipVerified.DESCRIPTOR.full_name: handlers.on_tip_progressed,
    intake.TipClassified.DESCRIPTOR.full_name: handlers.on_tip_progressed,
    intake.TipRouted.DESCRIPTOR.full_name: handlers.on_tip_progressed,
    intake.TipDeadlineExtended.DESCRIPTOR.full_name: handlers.on_tip_progressed,
    intake.TipHandled.DESCRIPTOR.full_name: handlers.on_tip_handled,
    intake.TipTransferred.DESCRIPTOR.full_name: handlers.on_tip_transferred,
    intake.TipMerged.DESCRIPTOR.full_name: handlers.on_tip_merged,
    intake.TipReopened.DESCRIPTOR.full_name: handlers.on_tip_reopened,
}


def subscriptions(rt: Runtime) -> Sequence[Subscription]:
    return (
        Subscription(
            name=rt.settings.durable_name("intake"),
            producer="intake",
            handlers=INTAKE,
            filter_subject=rt.settings.consume_subject("intake"),
        ),
    )
