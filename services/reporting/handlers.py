"""Reporting use cases: fold events into read models; answer counts."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from services.reporting.repository import TipFacts
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake
from shared.messaging.envelope import IncomingEnvelope
from shared.uow import UnitOfWork


def _enum_suffix(enum_type: Any, value: int, prefix: str) -> str:
    name: str = enum_type.Name(value)
    return name.removeprefix(prefix).lower()


def _at(ts: Any) -> dt.datetime:
    value: dt.datetime = ts.ToDatetime(tzinfo=dt.UTC)
    return value


def _tip(event: Any) -> uuid.UUID:
    return uuid.UUID(event.tip_id)


async def on_tip_received(uow: UnitOfWork, event: intake.TipReceived, _env: IncomingEnvelope) -> None:
    await TipFacts(uow.session).record_received(
        tip_id=_tip(event),
        ward=event.ward,
        kind=_enum_suffix(intake.TipKind, event.kind, "TIP_KIND_"),
        channel=_enum_suffix(intake.Channel, event.channel, "CHANNEL_"),
        residential_group=event.residential_group,
        received_at=_at(event.occurred_at),
        due_at=_at(event.due_at),
    )


async def on_tip_handled(uow: UnitOfWork, event: intake.TipHandled, _env: IncomingEnvelope) -> None:
    await TipFacts(uow.session).record_state(
        tip_id=_tip(event),
        ward=event.ward,
        at=_at(event.occurred_at),
        status="handled",
        closed_at=_at(event.handled_at),
        on_time=event.on_time,
        due_at=_at(event.due_at),
        outcome=_enum_suffix(intake.HandlingOutcome, event.outcome, "HANDLING_OUTCOME_"),
    )


async def on_tip_transferred(uow: UnitOfWork, event: intake.TipTransferred, _env: IncomingEnvelope) -> None:
    await TipFacts(uow.session).record_state(
        tip_id=_tip(event),
        ward=event.ward,
        at=_at(event.occurred_at),
        status="transferred",
        closed_at=_at(event.occurred_at),
        on_time=event.on_time,
        outcome="transferred",
    )


async def on_tip_merged(uow: UnitOfWork, event: intake.TipMerged, _env: IncomingEnvelope) -> None:
    """A duplicate: closed here, counted with the tip it joined."""
    await TipFacts(uow.session).record_state(
        tip_id=_tip(event),
        ward=event.ward,
        at=_at(event.occurred_at),
        status="merged",
        closed_at=_at(event.occurred_at),
        on_time=True,
        outcome="merged",
    )


async def on_tip_reopened(uow: UnitOfWork, event: intake.TipReopened, _env: IncomingEnvelope) -> None:
    await TipFacts(uow.session).record_state(
        tip_id=_tip(event),
        ward=event.ward,
        at=_at(event.occurred_at),
        status="verifying",
        closed_at=None,
        on_time=None,
        outcome=None,
        due_at=_at(event.due_at),
    )


async def on_tip_progressed(uow: UnitOfWork, event: Any, _env: IncomingEnvelope) -> None:
    """Verified, classified, routed, extended: the tip is still open, with this deadline."""
    status = {"TipVerified": "verified", "TipClassified": "classified", "TipRouted": "routed"}
    name = event.DESCRIPTOR.name
    state: dict[str, Any] = {"due_at": _at(event.due_at)}
    if name in status:
        state["status"] = status[name]
    if name == "TipVerified" and event.outcome == intake.VERIFICATION_OUTCOME_UNFOUNDED:
        return  # closed by the TipHandled (outcome unfounded) that comes with it
    await TipFacts(uow.session).record_state(
        tip_id=_tip(event), ward=event.ward, at=_at(event.occurred_at), **state
    )


async def tip_counts(
    uow: UnitOfWork, ward: str, since: dt.datetime | None, until: dt.datetime | None
) -> dict[str, Any]:
    async with uow:
        return await TipFacts(uow.session).counts(ward, since, until)
