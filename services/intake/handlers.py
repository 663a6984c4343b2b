"""Intake use cases: load, apply the domain rule, commit through the unit of work."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import asdict, dataclass
from typing import Any

from services.intake.domain import Channel, Tip, TipKind, receive_tip
from services.intake.repository import TipRepository
from shared.auth import Principal
from shared.contracts.pcmd.intake.v1 import events_pb2 as ev
from shared.idempotency import StoredResponse, request_fingerprint, run_once
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class ReceiveTip:
    kind: TipKind
    channel: Channel
    residential_group: str


def tip_view(tip: Tip) -> dict[str, Any]:
    return {
        "id": str(tip.id),
        "ward": tip.ward,
        "kind": tip.kind.value,
        "channel": tip.channel.value,
        "residential_group": tip.residential_group,
        "status": tip.status.value,
        "received_at": tip.received_at.isoformat(),
        "due_at": tip.due_at.isoformat(),
    }


def tip_received_event(tip: Tip) -> ev.TipReceived:
    return ev.TipReceived(
        tip_id=str(tip.id),
        ward=tip.ward,
        occurred_at=tip.received_at,
        kind=f"TIP_KIND_{tip.kind.name}",
        channel=f"CHANNEL_{tip.channel.name}",
        due_at=tip.due_at,
        residential_group=tip.residential_group,
    )


async def receive(
    uow: UnitOfWork, cmd: ReceiveTip, principal: Principal, idempotency_key: str | None
) -> tuple[StoredResponse, bool]:
    """Record a tip and emit TipReceived; a retried request with the same key returns the first tip."""

    async def create() -> dict[str, Any]:
        tip = receive_tip(
            tip_id=uuid.uuid4(),
            ward=principal.ward,
            kind=cmd.kind,
            channel=cmd.channel,
            residential_group=cmd.residential_group,
            received_at=dt.datetime.now(dt.UTC),
        )
        TipRepository(uow.session).add(tip)
        uow.emit(tip_received_event(tip))
        return tip_view(tip)

    async with uow:
        result = await run_once(
            uow.session,
            principal=principal.id,
            key=idempotency_key,
            fingerprint=request_fingerprint(asdict(cmd)),
            create=create,
        )
        await uow.commit()
    return result


async def get_tip(uow: UnitOfWork, tip_id: uuid.UUID, principal: Principal) -> Tip | None:
    async with uow:
        return await TipRepository(uow.session).get(tip_id, principal.ward)
