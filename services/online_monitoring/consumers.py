"""What online monitoring takes from intake: a tip routed to it becomes an item linked to the tip.
Only ids, codes, dates and intake's hash of the URL cross over; the tip's text and reporter stay in
intake."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from services.online_monitoring.handlers import tips
from services.online_monitoring.repository import OnlineMonitoringUnitOfWork
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake
from shared.messaging.consumer import EventHandler, Subscription, only_when
from shared.messaging.envelope import IncomingEnvelope

if TYPE_CHECKING:
    from services.online_monitoring.main import OnlineMonitoringRuntime


def _name(message: Any) -> str:
    return str(message.DESCRIPTOR.full_name)


def handlers(rt: OnlineMonitoringRuntime) -> dict[str, dict[str, EventHandler[OnlineMonitoringUnitOfWork]]]:
    @only_when(lambda e: e.target == intake.ROUTING_TARGET_ONLINE_MONITORING)
    async def tip_routed(
        uow: OnlineMonitoringUnitOfWork, e: intake.TipRouted, _env: IncomingEnvelope
    ) -> None:
        await tips.tip_routed(
            uow,
            rt.deps,
            ward=e.ward,
            tip_id=e.tip_id,
            at=e.occurred_at.ToDatetime(tzinfo=dt.UTC),
            due_at=e.due_at.ToDatetime(tzinfo=dt.UTC) if e.HasField("due_at") else None,
            content_hash=e.content_hash,
            establishment_id=e.establishment_id,
        )

    return {"intake": {_name(intake.TipRouted): tip_routed}}


def subscriptions(rt: OnlineMonitoringRuntime) -> Sequence[Subscription[OnlineMonitoringUnitOfWork]]:
    """One durable consumer per producer; the subscription table checks the handlers."""
    s = rt.settings
    return tuple(
        Subscription(
            name=s.durable_name(producer),
            consumer="online_monitoring",
            producer=producer,
            handlers=hs,
            unit_of_work=rt.uow,
            filter_subject=s.consume_subject(producer),
        )
        for producer, hs in handlers(rt).items()
    )
