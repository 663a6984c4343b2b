"""What case support takes from intake: a tip routed to it (a person in need) becomes an enrolment
request case workers see. Only the tip's id and when cross over: the reporter, the text and anything
else about the person stay in intake."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from services.case_support.repository import CaseSupportUnitOfWork
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake
from shared.messaging.consumer import EventHandler, Subscription, only_when
from shared.messaging.envelope import IncomingEnvelope

if TYPE_CHECKING:
    from services.case_support.main import CaseSupportRuntime


@only_when(lambda e: e.target == intake.ROUTING_TARGET_CASE_SUPPORT)
async def tip_routed(uow: CaseSupportUnitOfWork, e: intake.TipRouted, _env: IncomingEnvelope) -> None:
    """Once, whatever the redeliveries."""
    at: dt.datetime = e.occurred_at.ToDatetime(tzinfo=dt.UTC)
    await uow.requests.add(uuid.UUID(e.tip_id), at)


def _name(message: Any) -> str:
    return str(message.DESCRIPTOR.full_name)


HANDLERS: dict[str, dict[str, EventHandler[CaseSupportUnitOfWork]]] = {
    "intake": {_name(intake.TipRouted): tip_routed},
}


def subscriptions(rt: CaseSupportRuntime) -> Sequence[Subscription[CaseSupportUnitOfWork]]:
    """One durable consumer per producer; the subscription table checks the handlers."""
    s = rt.settings
    return tuple(
        Subscription(
            name=s.durable_name(producer),
            consumer="case_support",
            producer=producer,
            handlers=handlers,
            unit_of_work=rt.uow,
            filter_subject=s.consume_subject(producer),
        )
        for producer, handlers in HANDLERS.items()
    )
