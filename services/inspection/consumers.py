"""What inspection takes from intake: tips routed to it become surprise-inspection requests, and every
tip that names an establishment (or a routed tip about a place) is a signal for risk and hotspots; and
from online monitoring: an item linked to an establishment is an ``online_item`` signal.

Only codes and ids cross over: the tip's reporter and its text stay in intake.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy.dialects.postgresql import insert as pg_insert

from services.inspection.repository import InspectionUnitOfWork, SurpriseRequestRow
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake
from shared.contracts.pcmd.online_monitoring.v1 import events_pb2 as online
from shared.messaging.consumer import Batching, EventHandler, Subscription, one_transaction, only_when
from shared.messaging.envelope import IncomingEnvelope

if TYPE_CHECKING:
    from services.inspection.main import InspectionRuntime


def _at(ts: Any) -> dt.datetime:
    at: dt.datetime = ts.ToDatetime(tzinfo=dt.UTC)
    return at


def _label(enum: Any, value: int, prefix: str) -> str:
    return enum.Name(value).removeprefix(prefix).lower() if value else ""


def _names_an_establishment(e: intake.TipReceived | online.ItemReported) -> bool:
    return bool(e.establishment_id)


@only_when(_names_an_establishment)
async def tip_received(uow: InspectionUnitOfWork, e: intake.TipReceived, _env: IncomingEnvelope) -> None:
    await uow.signals.add(e.ward, e.establishment_id, kind="tip", source_id=e.tip_id, at=_at(e.occurred_at))


@only_when(lambda e: e.target == intake.ROUTING_TARGET_INSPECTION)
async def tip_routed(uow: InspectionUnitOfWork, e: intake.TipRouted, _env: IncomingEnvelope) -> None:
    """A tip routed to inspection is a request for a surprise inspection (once, whatever the redeliveries)."""
    if e.establishment_id:
        await uow.signals.add(
            e.ward, e.establishment_id, kind="tip", source_id=e.tip_id, at=_at(e.occurred_at)
        )
    await uow.session.execute(
        pg_insert(SurpriseRequestRow)
        .values(
            tip_id=e.tip_id,
            ward=e.ward,
            establishment_id=e.establishment_id,
            residential_group=e.residential_group,
            category=_label(intake.TipCategory, e.category, "TIP_CATEGORY_"),
            severity=_label(intake.Severity, e.severity, "SEVERITY_"),
            due_at=_at(e.due_at) if e.HasField("due_at") else None,
            routed_at=_at(e.occurred_at),
        )
        .on_conflict_do_nothing()
    )


@only_when(_names_an_establishment)
async def item_reported(uow: InspectionUnitOfWork, e: online.ItemReported, _env: IncomingEnvelope) -> None:
    """Online content linked to an establishment of the register: a signal for its risk and hotspots
    (the item's id and date only; the URL and the content stay in online monitoring)."""
    await uow.signals.add(
        e.ward, e.establishment_id, kind="online_item", source_id=e.item_id, at=_at(e.occurred_at)
    )


def _name(message: Any) -> str:
    return str(message.DESCRIPTOR.full_name)


HANDLERS: dict[str, dict[str, EventHandler[InspectionUnitOfWork]]] = {
    "intake": {_name(intake.TipReceived): tip_received, _name(intake.TipRouted): tip_routed},
    "online_monitoring": {_name(online.ItemReported): item_reported},
}


def subscriptions(rt: InspectionRuntime) -> Sequence[Subscription[InspectionUnitOfWork]]:
    """One durable consumer per producer; the subscription table checks the handlers. The handlers write
    inspection's own tables only (no event), so a batch of events is applied in one transaction."""
    s = rt.settings
    return tuple(
        Subscription(
            name=s.durable_name(producer),
            consumer="inspection",
            producer=producer,
            handlers=handlers,
            unit_of_work=rt.uow,
            filter_subject=s.consume_subject(producer),
            batching=Batching(one_transaction(handlers)),
        )
        for producer, handlers in HANDLERS.items()
    )
