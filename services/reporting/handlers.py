"""Reporting use cases: fold events into read models; answer counts."""

from __future__ import annotations

import datetime as dt
import uuid

from services.reporting.repository import TipFacts
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake
from shared.messaging.envelope import IncomingEnvelope
from shared.uow import UnitOfWork


def _enum_suffix(enum_type: object, value: int, prefix: str) -> str:
    name: str = enum_type.Name(value)  # type: ignore[attr-defined]
    return name.removeprefix(prefix).lower()


async def on_tip_received(uow: UnitOfWork, event: intake.TipReceived, _env: IncomingEnvelope) -> None:
    await TipFacts(uow.session).record_received(
        tip_id=uuid.UUID(event.tip_id),
        ward=event.ward,
        kind=_enum_suffix(intake.TipKind, event.kind, "TIP_KIND_"),
        channel=_enum_suffix(intake.Channel, event.channel, "CHANNEL_"),
        residential_group=event.residential_group,
        received_at=event.occurred_at.ToDatetime(tzinfo=dt.UTC),
        due_at=event.due_at.ToDatetime(tzinfo=dt.UTC),
    )


async def tips_received(
    uow: UnitOfWork, ward: str, since: dt.datetime | None, until: dt.datetime | None
) -> dict[str, int]:
    async with uow:
        return await TipFacts(uow.session).count_received(ward, since, until)
