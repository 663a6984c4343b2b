"""Closing the loop: inspection, online monitoring and case support report a routed tip handled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from services.intake.domain import Outcome, RoutingTarget
from services.intake.handlers.commands import CloseByService
from services.intake.handlers.tips import close_by_service
from services.intake.repository import IntakeUnitOfWork
from shared.contracts.pcmd.case_support.v1 import events_pb2 as case_support
from shared.contracts.pcmd.inspection.v1 import events_pb2 as inspection
from shared.contracts.pcmd.online_monitoring.v1 import events_pb2 as online
from shared.messaging.consumer import EventHandler, Subscription
from shared.messaging.envelope import IncomingEnvelope

if TYPE_CHECKING:
    from services.intake.main import IntakeRuntime

INSPECTION_OUTCOME = {
    inspection.INSPECTION_RESULT_VIOLATIONS_FOUND: Outcome.ADMINISTRATIVE_SANCTION,
    inspection.INSPECTION_RESULT_NO_VIOLATION: Outcome.NO_VIOLATION,
}


def _closer(target: RoutingTarget, outcome: Callable[[Any], Outcome]) -> EventHandler[IntakeUnitOfWork]:
    async def handle(uow: IntakeUnitOfWork, event: Any, _env: IncomingEnvelope) -> None:
        if not event.source_tip_id:
            return
        at = event.occurred_at.ToDatetime(tzinfo=dt.UTC)
        await close_by_service(
            uow, CloseByService(event.source_tip_id, event.ward, outcome(event), target, at)
        )

    return handle


def _name(message: Any) -> str:
    return str(message.DESCRIPTOR.full_name)


_ONLINE_CLOSER = _closer(RoutingTarget.ONLINE_MONITORING, lambda _e: Outcome.ONLINE_CONTENT_HANDLED)
HANDLERS: dict[str, dict[str, EventHandler[IntakeUnitOfWork]]] = {
    "inspection": {
        _name(inspection.InspectionCompleted): _closer(
            RoutingTarget.INSPECTION, lambda e: INSPECTION_OUTCOME.get(e.result, Outcome.OTHER)
        ),
    },
    "online_monitoring": {
        _name(online.ItemRemoved): _ONLINE_CLOSER,
        _name(online.ItemEscalated): _ONLINE_CLOSER,
        _name(online.ItemClosed): _ONLINE_CLOSER,
    },
    "case_support": {
        # The tip id alone: what the client received stays in case support.
        _name(case_support.TipSupported): _closer(
            RoutingTarget.CASE_SUPPORT, lambda _e: Outcome.SUPPORT_PROVIDED
        ),
    },
}


def subscriptions(rt: IntakeRuntime) -> Sequence[Subscription[IntakeUnitOfWork]]:
    """One durable consumer per producer; the subscription table checks the handlers."""
    s = rt.settings
    return tuple(
        Subscription(
            name=s.durable_name(producer),
            consumer="intake",
            producer=producer,
            handlers=handlers,
            unit_of_work=rt.uow,
            filter_subject=s.consume_subject(producer),
        )
        for producer, handlers in HANDLERS.items()
    )
