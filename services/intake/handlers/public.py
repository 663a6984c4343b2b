"""Anonymous use cases: a tip from the public form, and following it with the receipt code.

Nothing here knows who sent a tip: the idempotency row of a public submission holds a keyed hash
of its ``Idempotency-Key`` under one shared principal, never the sender's address; information added
with a receipt code is recognised again by a keyed hash of the tip and its text, never the text.

A receipt lookup computes the code's keyed hash (one HMAC per configured key) and finds its row.
Only when that finds nothing **and** receipts stored before keyed hashes remain does it also compute
the old Argon2id hash (64 MiB), one at a time per process (``IntakeDeps.legacy_gate``), outside any
transaction; a legacy receipt found that way is stored again under the keyed hash, so the slow
path disappears as old codes are used. Trade-off: while legacy rows exist, a wrong code costs one
Argon2 evaluation (queued, so memory stays bounded); a right new code never does.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import uuid
from typing import Any

from services.intake.domain import Actor, Channel, TipStatus
from services.intake.domain.deadlines import VN_TZ, local_date
from services.intake.domain.receipts import LEGACY_KEY_ID, legacy_hash, new_code
from services.intake.handlers.commands import ReceiveTip
from services.intake.handlers.deps import IntakeDeps
from services.intake.handlers.tips import (
    REPORTER_FIELDS,
    UnknownResidentialGroup,
    fingerprint,
    new_tip,
)
from services.intake.repository import IntakeUnitOfWork, ReceiptView
from shared.idempotency import StoredResponse, validate_key

# The first answer's receipt code, encrypted in its stored answer for the retries of its Idempotency-Key
# (kept as long as the key: PCMD_IDEMPOTENCY_RETENTION_HOURS); never sent itself.
SEALED_CODE = "receipt_code_sealed"
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
PUBLIC_PRINCIPAL = "public"  # every anonymous submission's idempotency principal: no address kept
INFORMATION_PRINCIPAL = "public:information"  # the keys of information added with a receipt code
REPEAT_WINDOW = dt.timedelta(minutes=10)  # the same text for the same tip within it is one addition
RECEIVED = {"message": "Đã nhận thông tin bổ sung. / Information received."}


class UnknownWard(ValueError):
    """A ward (named, or by the host name) this intake does not take anonymous tips for."""

    def __init__(self, ward: str | None) -> None:
        named = f"'{ward}' " if ward else ""
        super().__init__(
            f"Phường {named}không nhận tin qua trang này; hãy chọn phường. / "
            f"This form does not take tips for the ward {named}: choose a ward."
        )

    def problem_extras(self) -> dict[str, object]:
        return {"errors": [{"loc": ["body", "ward"], "msg": str(self), "type": "unknown_ward"}]}


def served_wards(deps: IntakeDeps, own: str) -> dict[str, dict[str, str]]:
    """Ward -> residential groups, for every ward taking anonymous tips here."""
    if deps.public_wards:
        return {ward: dict(groups) for ward, groups in deps.public_wards.items()}
    return {own: dict(deps.residential_groups)}


def host_name(host: str) -> str:
    """``Host`` without its port, in lower case."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0]


def resolve_ward(deps: IntakeDeps, own: str, host: str, asked: str | None) -> str:
    """The ward of an anonymous tip: the one its host name is for, else the one it names, else the
    only one served. Naming a ward not served, or another ward than the host's, is refused."""
    wards = served_wards(deps, own)
    by_host = deps.public_hosts.get(host_name(host))
    if asked is not None and (asked not in wards or (by_host is not None and asked != by_host)):
        raise UnknownWard(asked)
    chosen = asked or by_host or (next(iter(wards)) if len(wards) == 1 else None)
    if chosen is None or chosen not in wards:
        raise UnknownWard(chosen)
    return chosen


def check_ward_group(deps: IntakeDeps, ward: str, code: str) -> None:
    groups = served_wards(deps, ward).get(ward)
    if groups is None:
        raise UnknownWard(ward)
    if groups and code not in groups:
        raise UnknownResidentialGroup(code)


def public_idempotency_key(deps: IntakeDeps, key: str | None) -> str | None:
    """What is stored of a caller's ``Idempotency-Key``: its keyed hash (the key alone, no address)."""
    if key is None:
        return None
    return deps.receipt_keys.keyed("idempotency", validate_key(key))


async def submit_anonymous(
    uow: IntakeUnitOfWork, deps: IntakeDeps, cmd: ReceiveTip, idempotency_key: str | None
) -> tuple[StoredResponse, bool]:
    """A tip from the public web form: no identity, a receipt code shown once and kept with the tip
    only hashed (a retry of its Idempotency-Key gets it back from the answer stored for the key).

    The tip is filed under ``uow.ward`` (the ward resolved by ``resolve_ward``)."""
    check_ward_group(deps, uow.ward, cmd.residential_group)
    private = {k: v for k, v in cmd.private.as_fields().items() if k not in REPORTER_FIELDS}
    code = new_code()
    keys = deps.receipt_keys

    anonymous = Actor("anonymous", "public")
    tip = new_tip(cmd, deps, ward=uow.ward, channel=Channel.WEB_FORM, actor=anonymous, anonymous=True)
    key = public_idempotency_key(deps, idempotency_key)
    body = {"received_at": tip.received_at.astimezone(VN_TZ).isoformat()}  # the reporter's own time
    if key is not None:  # a retry with the same key (its answer was lost) gets the same code back
        body[SEALED_CODE] = base64.b64encode(uow.cipher.encrypt(code, _code_aad(key))).decode()
    stored, replayed = await uow.add_new_once(
        tip,
        private,
        "anonymous",
        caller=PUBLIC_PRINCIPAL,
        key=key,
        fingerprint=fingerprint(cmd, private),
        body=body,
        receipt=(keys.active, keys.hash(code)),
    )
    answer = {k: v for k, v in stored.body.items() if k != SEALED_CODE}
    if replayed:
        return StoredResponse(200, {**answer, "receipt_code": _unsealed(uow, stored.body, key)}), True
    return StoredResponse(201, {**answer, "receipt_code": code}), False


def _code_aad(stored_key: str) -> str:
    return f"public-receipt:{stored_key}"


def _unsealed(uow: IntakeUnitOfWork, body: dict[str, Any], key: str | None) -> str | None:
    """The receipt code a first answer sealed for its retries; None for a first answer stored before
    codes were sealed (that code is kept only hashed). An expired key is no retry: a new tip is filed."""
    sealed = body.get(SEALED_CODE)
    if sealed is None or key is None:
        return None
    return uow.cipher.decrypt(base64.b64decode(sealed), _code_aad(key))


async def _find_legacy(uow: IntakeUnitOfWork, deps: IntakeDeps, code: str) -> ReceiptView | None:
    """The slow path for receipts stored as Argon2: hashed outside any transaction, one at a time."""
    async with deps.legacy_gate:
        hashed = await asyncio.to_thread(legacy_hash, code, deps.receipt_salt)
    async with uow:
        found = await uow.receipts.tip_for([(LEGACY_KEY_ID, hashed)])
        if found is not None:
            await uow.receipts.rehash(found.tip_id, deps.receipt_keys.active, deps.receipt_keys.hash(code))
            await uow.commit()
    return found


async def find_receipt(uow: IntakeUnitOfWork, deps: IntakeDeps, code: str) -> ReceiptView | None:
    async with uow:
        found = await uow.receipts.tip_for(deps.receipt_keys.candidates(code))
        legacy = found is None and await uow.receipts.has_legacy()
    if legacy:
        return await _find_legacy(uow, deps, code)
    return found


async def public_status(uow: IntakeUnitOfWork, deps: IntakeDeps, code: str) -> dict[str, Any] | None:
    """What an anonymous reporter may know: the public status and dates, nothing else."""
    receipt = await find_receipt(uow, deps, code)
    if receipt is None:
        return None
    return {
        "status": PUBLIC_STATUS[receipt.status],
        "received_on": local_date(receipt.received_at).isoformat(),  # the day in Viet Nam, not in UTC
        "updated_on": local_date(receipt.updated_at).isoformat(),
    }


async def add_information(
    uow: IntakeUnitOfWork, deps: IntakeDeps, code: str, text: str, idempotency_key: str | None = None
) -> tuple[StoredResponse, bool] | None:
    """Information an anonymous reporter adds with the receipt code, stored once: ``None`` when no
    tip has this code, else the answer (202) and whether it is the first answer to this
    ``Idempotency-Key`` replayed (nothing stored).

    Without a key (or with a new one), the same text for the same tip within ``REPEAT_WINDOW`` is
    taken as a retry (a double click, a resent form) and not stored again: the identical text adds
    nothing, while the same words sent again later say the situation goes on, so they are stored.
    The text is compared through its keyed hash with the tip (``information_digest``), kept as
    idempotency keys of one time slot each, the slot of the request and the one before, so a
    repeat is caught for between one and two windows; two copies racing wait on each other's key.
    """
    receipt = await find_receipt(uow, deps, code)
    if receipt is None:
        return None
    digest = information_digest(deps, receipt.tip_id, text)
    slot = int(deps.clock().timestamp() // REPEAT_WINDOW.total_seconds())
    window = [f"window:{slot - 1}:{digest}", f"window:{slot}:{digest}"]

    async def store() -> dict[str, Any]:
        await uow.private.add(receipt.tip_id, {"additional_information": text}, source="anonymous")
        return RECEIVED

    async def once(keys: list[str]) -> dict[str, Any]:
        if not keys:
            return await store()
        stored, _ = await uow.idempotency.run_once(
            principal=INFORMATION_PRINCIPAL,
            key=keys[0],
            fingerprint=digest,
            create=lambda: once(keys[1:]),
            status_code=202,
        )
        return stored.body

    return await uow.create_once(
        caller=INFORMATION_PRINCIPAL,
        key=public_idempotency_key(deps, idempotency_key),
        fingerprint=digest,
        create=lambda: once(window),
        status_code=202,
    )


def information_digest(deps: IntakeDeps, tip_id: uuid.UUID, text: str) -> str:
    """What identifies added information without keeping it: a keyed hash of the tip and the text."""
    return deps.receipt_keys.keyed("information", f"{tip_id}\n{text}")
