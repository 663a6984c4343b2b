"""Closing the loop: inspection, online monitoring and case support report a routed tip handled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from services.intake import handlers
from services.intake.domain import Outcome, RoutingTarget
from shared.contracts.pcmd.case_support.v1 import events_pb2 as case_support
from shared.contracts.pcmd.inspection.v1 import events_pb2 as inspection
from shared.contracts.pcmd.online_monitoring.v1 import events_pb2 as online
from shared.messaging.consumer import EventHandler, Subscription
from shared.messaging.envelope import IncomingEnvelope
from shared.runtime import Runtime
from shared.uow import UnitOfWork

INSPECTION_OUTCOME = {
    inspection.INSPECTION_RESULT_VIOLATIONS_FOUND: Outcome.ADMINISTRATIVE_SANCTION,
    inspection.INSPECTION_RESULT_NO_VIOLATION: Outcome.NO_VIOLATION,
}


def _closer(rt: Runtime, target: RoutingTarget, outcome: Callable[[Any], Outcome]) -> EventHandler:
    async def handle(uow: UnitOfWork, event: Any, _env: IncomingEnvelope) -> None:
        if not event.source_tip_id:
            return
        await handlers.close_by_service(
            uow,
            rt.extras["deps"],
            tip_id=event.source_tip_id,
            ward=event.ward,
            outcome=outcome(event),
            resolved_by=target,
            at=event.occurred_at.ToDatetime(tzinfo=dt.UTC),
        )

    return handle


def _name(message: Any) -> str:
    return str(message.DESCRIPTOR.full_name)


def subscriptions(rt: Runtime) -> Sequence[Subscription]:
    s = rt.settings
    online_closer = _closer(rt, RoutingTarget.ONLINE_MONITORING, lambda _e: Outcome.ONLINE_CONTENT_HANDLED)
    return (
        Subscription(
            s.durable_name("inspection"),
            "inspection",
            {
                _name(inspection.InspectionCompleted): _closer(
                    rt, RoutingTarget.INSPECTION, lambda e: INSPECTION_OUTCOME.get(e.result, Outcome.OTHER)
                ),
            },
            s.consume_subject("inspection"),
        ),
        Subscription(
            s.durable_name("online_monitoring"),
            "online_monitoring",
            {
                _name(online.ItemRemoved): online_closer,
                _name(online.ItemEscalated): online_closer,
                _name(online.ItemClosed): online_closer,
            },
            s.consume_subject("online_monitoring"),
        ),
        Subscription(
            s.durable_name("case_support"),
            "case_support",
            {
                _name(case_support.ServiceReceived): _closer(
                    rt, RoutingTarget.CASE_SUPPORT, lambda _e: Outcome.SUPPORT_PROVIDED
                ),
            },
            s.consume_subject("case_support"),
        ),
    )
