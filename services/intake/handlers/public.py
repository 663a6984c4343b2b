"""Anonymous use cases: a tip from the public form, and following it with the receipt code."""

from __future__ import annotations

import asyncio
from typing import Any

from services.intake.domain import Actor, Channel, TipStatus
from services.intake.domain.receipts import code_hash, new_code
from services.intake.handlers.commands import ReceiveTip
from services.intake.handlers.deps import IntakeDeps
from services.intake.handlers.tips import REPORTER_FIELDS, check_group, create_once, new_tip, store_new
from services.intake.repository import IntakeUnitOfWork
from shared.idempotency import StoredResponse

PUBLIC_STATUS = {
    TipStatus.RECEIVED: "received",
    TipStatus.VERIFYING: "in_progress",
    TipStatus.VERIFIED: "in_progress",
    TipStatus.CLASSIFIED: "in_progress",
    TipStatus.ROUTED: "in_progress",
    TipStatus.HANDLED: "handled",
    TipStatus.UNFOUNDED: "closed",
    TipStatus.TRANSFERRED: "transferred",
    TipStatus.MERGED: "in_progress",
}


async def submit_anonymous(
    uow: IntakeUnitOfWork, deps: IntakeDeps, cmd: ReceiveTip, client: str, idempotency_key: str | None
) -> tuple[StoredResponse, bool]:
    """A tip from the public web form: no identity, a receipt code shown once and stored only hashed."""
    check_group(deps, cmd.residential_group)
    private = {k: v for k, v in cmd.private.as_fields().items() if k not in REPORTER_FIELDS}
    code = new_code()
    hashed = await asyncio.to_thread(code_hash, code, deps.receipt_salt)  # ~0.15 s of CPU: off the loop

    async def create() -> dict[str, Any]:
        anonymous = Actor("anonymous", "public")
        tip = new_tip(cmd, deps, ward=uow.ward, channel=Channel.WEB_FORM, actor=anonymous, anonymous=True)
        await store_new(uow, tip, private, source="anonymous")
        await uow.receipts.add(hashed, tip.id)
        return {"received_at": tip.received_at.isoformat()}  # what a retry gets back: never the code

    stored, replayed = await create_once(
        uow, caller=f"public:{client}", key=idempotency_key, cmd=cmd, private=private, create=create
    )
    if replayed:
        return StoredResponse(200, {**stored.body, "receipt_code": None}), True
    return StoredResponse(201, {**stored.body, "receipt_code": code}), False


async def public_status(uow: IntakeUnitOfWork, deps: IntakeDeps, code: str) -> dict[str, Any] | None:
    """What an anonymous reporter may know: the public status and dates, nothing else."""
    hashed = await asyncio.to_thread(code_hash, code, deps.receipt_salt)  # ~0.15 s of CPU: off the loop
    async with uow:
        receipt = await uow.receipts.tip_for(hashed)
        if receipt is None:
            return None
        return {
            "status": PUBLIC_STATUS[receipt.status],
            "received_on": receipt.received_at.date().isoformat(),
            "updated_on": receipt.updated_at.date().isoformat(),
        }


async def add_information(uow: IntakeUnitOfWork, deps: IntakeDeps, code: str, text: str) -> bool:
    hashed = await asyncio.to_thread(code_hash, code, deps.receipt_salt)  # ~0.15 s of CPU: off the loop
    async with uow:
        receipt = await uow.receipts.tip_for(hashed)
        if receipt is None:
            return False
        await uow.private.add(receipt.tip_id, {"additional_information": text}, source="anonymous")
        await uow.commit()
    return True
