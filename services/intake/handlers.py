"""Intake use cases: load, apply the domain rule, commit through the unit of work."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import phonenumbers

from services.intake.deadlines import CRIME_KINDS, DeadlineRules
from services.intake.domain import (
    SYSTEM,
    Actor,
    Channel,
    Outcome,
    RoutingTarget,
    SubjectType,
    Tip,
    TipKind,
    TipStatus,
    Transition,
    receive,
)
from services.intake.events import deadline_notice, events_for
from services.intake.receipts import code_hash, new_code
from services.intake.repository import PrivateFields, Receipts, TipFilter, TipRepository
from shared.auth import Principal
from shared.crypto import FieldCipher
from shared.db import AuditRecord
from shared.idempotency import StoredResponse, request_fingerprint, run_once
from shared.uow import UnitOfWork

REPORTER_FIELDS = frozenset({"reporter_name", "reporter_phone", "reporter_email"})
DETAIL_FIELDS = frozenset({"description", "subject_text", "urls", "place_address", "additional_information"})
# Which kinds each unit handles (and so sees); the ward leadership oversees all, without private fields.
UNIT_KINDS: dict[str, frozenset[str]] = {
    "ca": CRIME_KINDS,
    "vhxh": frozenset({TipKind.COMPLAINT.value}),
    "ubnd": frozenset(k.value for k in TipKind),
}


class TipNotFound(LookupError):
    pass


class InvalidPhone(ValueError):
    pass


@dataclass(frozen=True)
class Deps:
    """What the use cases need besides the unit of work; built once by the composition root."""

    rules: DeadlineRules
    cipher: FieldCipher
    receipt_salt: bytes
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class PrivateDetails:
    """Free text and personal data: encrypted per field, never in events, logs or exports."""

    description: str = ""
    subject_text: str = ""
    urls: tuple[str, ...] = ()
    place_address: str = ""
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""

    def as_fields(self) -> dict[str, str]:
        values = {k: v for k, v in asdict(self).items() if k != "urls"}
        values["urls"] = "\n".join(self.urls)
        if self.reporter_phone:
            values["reporter_phone"] = normalise_phone(self.reporter_phone)
        return values


@dataclass(frozen=True)
class ReceiveTip:
    kind: TipKind
    channel: Channel
    subject_type: SubjectType
    residential_group: str
    establishment_id: uuid.UUID | None = None
    private: PrivateDetails = field(default_factory=PrivateDetails)


def normalise_phone(raw: str) -> str:
    """E.164, reading Vietnamese numbers without a country code."""
    try:
        number = phonenumbers.parse(raw, "VN")
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(f"not a phone number: {exc}") from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone("not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def content_hash(urls: tuple[str, ...]) -> str | None:
    """A stable fingerprint of the reported content, so services can match it without the URLs."""
    if not urls:
        return None
    return hashlib.sha256("\n".join(sorted(urls)).encode()).hexdigest()


def actor_of(p: Principal) -> Actor:
    return Actor(p.sub, p.unit)


def visible_kinds(p: Principal) -> frozenset[str]:
    return UNIT_KINDS.get(p.unit, frozenset())


def tip_view(tip: Tip, now: dt.datetime) -> dict[str, Any]:
    d = tip.deadlines
    return {
        "id": str(tip.id),
        "ward": tip.ward,
        "kind": tip.kind.value,
        "channel": tip.channel.value,
        "subject_type": tip.subject_type.value,
        "residential_group": tip.residential_group,
        "status": tip.status.value,
        "anonymous": tip.anonymous,
        "establishment_id": str(tip.establishment_id) if tip.establishment_id else None,
        "received_at": tip.received_at.isoformat(),
        "due_at": d.due_at.isoformat(),
        "accept_by": d.accept_by.isoformat() if d.accept_by else None,
        "transfer_by": d.transfer_by.isoformat() if d.transfer_by else None,
        "overdue": tip.overdue(now),
        "category": _v(tip.category),
        "severity": _v(tip.severity),
        "competent_unit": tip.competent_unit,
        "complex": tip.complex,
        "routed_to": _v(tip.routed_to),
        "target_unit": tip.target_unit,
        "outcome": _v(tip.outcome),
        "closed_at": tip.closed_at.isoformat() if tip.closed_at else None,
        "on_time": tip.on_time() if tip.closed_at else None,
        "merged_into": str(tip.merged_into) if tip.merged_into else None,
        "extensions": tip.extensions,
    }


def _v(value: Any) -> str | None:
    return None if value is None else str(value.value)


def transition_view(step: Transition) -> dict[str, Any]:
    return {
        "action": step.action.value,
        "from_status": _v(step.from_status),
        "to_status": step.to_status.value,
        "actor": step.actor.id,
        "unit": step.actor.unit,
        "at": step.at.isoformat(),
        "reason": step.reason,
        "details": step.details,
    }


def _new_tip(
    cmd: ReceiveTip, deps: Deps, *, ward: str, channel: Channel, actor: Actor, anonymous: bool = False
) -> Tip:
    return receive(
        tip_id=uuid.uuid4(),
        ward=ward,
        kind=cmd.kind,
        channel=channel,
        subject_type=cmd.subject_type,
        residential_group=cmd.residential_group,
        received_at=deps.clock(),
        actor=actor,
        rules=deps.rules,
        anonymous=anonymous,
        establishment_id=cmd.establishment_id,
        content_hash=content_hash(cmd.private.urls),
    )


async def _store_new(uow: UnitOfWork, deps: Deps, tip: Tip, private: dict[str, str], source: str) -> None:
    steps = list(tip.new)
    await TipRepository(uow.session).add(tip)  # the tip row first: the private fields refer to it
    await PrivateFields(uow.session, deps.cipher).add(tip.id, private, source)
    uow.emit(*events_for(tip, steps))


async def _create_once(
    uow: UnitOfWork,
    *,
    caller: str,
    key: str | None,
    cmd: ReceiveTip,
    private: dict[str, str],
    create: Callable[[], Awaitable[dict[str, Any]]],
) -> tuple[StoredResponse, bool]:
    """Run ``create`` in one transaction with its Idempotency-Key (the fingerprint hides the private text)."""
    fingerprint = request_fingerprint(
        {**asdict(cmd), "private": hashlib.sha256(repr(private).encode()).hexdigest()}
    )
    async with uow:
        result = await run_once(
            uow.session, principal=caller, key=key, fingerprint=fingerprint, create=create
        )
        await uow.commit()
    return result


async def receive_tip(
    uow: UnitOfWork, deps: Deps, cmd: ReceiveTip, principal: Principal, idempotency_key: str | None
) -> tuple[StoredResponse, bool]:
    """Record a tip with its private fields encrypted, and emit TipReceived."""
    private = cmd.private.as_fields()  # validates the phone before anything is written

    async def create() -> dict[str, Any]:
        tip = _new_tip(cmd, deps, ward=principal.ward, channel=cmd.channel, actor=actor_of(principal))
        await _store_new(uow, deps, tip, private, source="staff")
        return tip_view(tip, tip.received_at)

    return await _create_once(
        uow, caller=principal.id, key=idempotency_key, cmd=cmd, private=private, create=create
    )


async def submit_anonymous(
    uow: UnitOfWork, deps: Deps, cmd: ReceiveTip, client: str, idempotency_key: str | None
) -> tuple[StoredResponse, bool]:
    """A tip from the public web form: no identity, a receipt code shown once and stored only hashed."""
    private = {k: v for k, v in cmd.private.as_fields().items() if k not in REPORTER_FIELDS}
    code = new_code()
    hashed = await asyncio.to_thread(code_hash, code, deps.receipt_salt)  # ~0.15 s of CPU: off the loop

    async def create() -> dict[str, Any]:
        tip = _new_tip(
            cmd,
            deps,
            ward=uow.ward,
            channel=Channel.WEB_FORM,
            actor=Actor("anonymous", "public"),
            anonymous=True,
        )
        await _store_new(uow, deps, tip, private, source="anonymous")
        Receipts(uow.session).add(hashed, tip.id)
        return {"received_at": tip.received_at.isoformat()}  # what a retry gets back: never the code

    stored, replayed = await _create_once(
        uow, caller=f"public:{client}", key=idempotency_key, cmd=cmd, private=private, create=create
    )
    if replayed:
        return StoredResponse(200, {**stored.body, "receipt_code": None}), True
    return StoredResponse(201, {**stored.body, "receipt_code": code}), False


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


async def public_status(uow: UnitOfWork, deps: Deps, code: str) -> dict[str, Any] | None:
    """What an anonymous reporter may know: the public status and dates, nothing else."""
    hashed = await asyncio.to_thread(code_hash, code, deps.receipt_salt)  # ~0.15 s of CPU: off the loop
    async with uow:
        row = await Receipts(uow.session).tip_for(hashed)
        if row is None:
            return None
        return {
            "status": PUBLIC_STATUS[TipStatus(row.status)],
            "received_on": row.received_at.date().isoformat(),
            "updated_on": row.updated_at.date().isoformat(),
        }


async def add_information(uow: UnitOfWork, deps: Deps, code: str, text: str) -> bool:
    hashed = await asyncio.to_thread(code_hash, code, deps.receipt_salt)  # ~0.15 s of CPU: off the loop
    async with uow:
        row = await Receipts(uow.session).tip_for(hashed)
        if row is None:
            return False
        await PrivateFields(uow.session, deps.cipher).add(
            row.id, {"additional_information": text}, source="anonymous"
        )
        await uow.commit()
    return True


async def _load(uow: UnitOfWork, tip_id: uuid.UUID, principal: Principal, *, for_update: bool = False) -> Tip:
    tip = await TipRepository(uow.session).get(tip_id, principal.ward, for_update=for_update)
    if tip is None or tip.kind.value not in visible_kinds(principal):
        raise TipNotFound(f"no tip {tip_id} visible to {principal.unit} in ward {principal.ward}")
    return tip


async def apply(
    uow: UnitOfWork,
    deps: Deps,
    tip_id: uuid.UUID,
    principal: Principal,
    step: Callable[[Tip, Actor, dt.datetime], object],
) -> dict[str, Any]:
    """Load the tip (locked), take one lifecycle step, save it and its events in one transaction."""
    async with uow:
        tip = await _load(uow, tip_id, principal, for_update=True)
        now = deps.clock()
        step(tip, actor_of(principal), now)
        steps = list(tip.new)
        await TipRepository(uow.session).save(tip)
        uow.emit(*events_for(tip, steps))
        await uow.commit()
        return tip_view(tip, now)


async def merge(
    uow: UnitOfWork,
    deps: Deps,
    *,
    tip_id: uuid.UUID,
    into: uuid.UUID,
    principal: Principal,
    reason: str,
    reason_code: str,
) -> dict[str, Any]:
    """A duplicate joins the tip it repeats; the surviving tip must exist in the same ward."""
    async with uow:
        await _load(uow, into, principal)
    return await apply(
        uow,
        deps,
        tip_id,
        principal,
        lambda t, a, now: _merge_step(t, a, now, into=into, reason=reason, code=reason_code),
    )


def _merge_step(tip: Tip, actor: Actor, now: dt.datetime, *, into: uuid.UUID, reason: str, code: str) -> None:
    step = tip.merge_into(actor, now, into, reason)
    step.details["reason_code"] = code


async def get_tip(uow: UnitOfWork, deps: Deps, tip_id: uuid.UUID, principal: Principal) -> dict[str, Any]:
    async with uow:
        return tip_view(await _load(uow, tip_id, principal), deps.clock())


async def get_history(uow: UnitOfWork, tip_id: uuid.UUID, principal: Principal) -> list[dict[str, Any]]:
    async with uow:
        tip = await _load(uow, tip_id, principal)
        return [transition_view(s) for s in tip.history]


async def read_private(
    uow: UnitOfWork, tip_id: uuid.UUID, principal: Principal, deps: Deps, fields: frozenset[str]
) -> list[dict[str, Any]]:
    """Decrypt private fields for a caller allowed to see them; the read is audited in the same commit."""
    async with uow:
        tip = await _load(uow, tip_id, principal)
        values = await PrivateFields(uow.session, deps.cipher).read(tip.id, fields)
        uow.session.add(
            AuditRecord(
                actor=principal.id,
                unit=principal.unit,
                action="read_private",
                resource="tip",
                resource_id=str(tip.id),
                fields=sorted(fields),
            )
        )
        await uow.commit()
        return values


async def list_tips(
    uow: UnitOfWork, deps: Deps, principal: Principal, f: TipFilter, *, page: int, size: int
) -> dict[str, Any]:
    allowed = visible_kinds(principal)
    kinds = tuple(k for k in (f.kinds or tuple(TipKind)) if k.value in allowed)
    if not kinds:
        return {"items": [], "total": 0, "page": page, "page_size": size}
    async with uow:
        tips, total = await TipRepository(uow.session).page(
            principal.ward, _replace_kinds(f, kinds), offset=(page - 1) * size, limit=size
        )
    now = deps.clock()
    return {"items": [tip_view(t, now) for t in tips], "total": total, "page": page, "page_size": size}


def _replace_kinds(f: TipFilter, kinds: tuple[TipKind, ...]) -> TipFilter:
    return replace(f, kinds=kinds)


async def close_by_service(
    uow: UnitOfWork,
    deps: Deps,
    *,
    tip_id: str,
    ward: str,
    outcome: Outcome,
    resolved_by: RoutingTarget,
    at: dt.datetime,
) -> bool:
    """Another service reports the matter handled: a tip routed there is handled, by the system.

    Idempotent and order-tolerant: a tip that is not (or no longer) routed there is left as it is.
    """
    try:
        key = uuid.UUID(tip_id)
    except ValueError:
        return False
    tip = await TipRepository(uow.session).get(key, ward, for_update=True)
    if tip is None or tip.status is not TipStatus.ROUTED or tip.routed_to is not resolved_by:
        return False
    tip.handle(
        SYSTEM, at, outcome, reason=f"reported handled by {resolved_by.value}", resolved_by=resolved_by
    )
    steps = list(tip.new)
    await TipRepository(uow.session).save(tip)
    uow.emit(*events_for(tip, steps))
    return True


async def announce_deadlines(uow: UnitOfWork, deps: Deps) -> int:
    """Emit TipDeadlineApproaching / TipOverdue once per deadline value; safe with several replicas."""
    now = deps.clock()
    window = dt.timedelta(days=deps.rules.policy.approaching_days)
    async with uow:
        rows = await TipRepository(uow.session).due_for_notice(now, window)
        for row in rows:
            notice = deadline_notice(
                tip_id=str(row.id),
                ward=row.ward,
                kind=row.kind,
                status=TipStatus(row.status),
                due_at=row.due_at,
                unit=row.competent_unit or "",
                now=now,
            )
            if row.due_at <= now:
                row.overdue_notified_due = row.due_at
            else:
                row.approaching_notified_due = row.due_at
            uow.emit(notice)
        await uow.commit()
    return len(rows)
