"""Takedown requests' use cases: draft one for a violating item with its platform's policy, step it
(sent, acknowledged, removed, refused, escalated), list those nearing or past their deadline, print
the request letter."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from services.online_monitoring.domain.item import RemovedBy
from services.online_monitoring.domain.takedown import Channel, CompetentBody, EscalationTarget, Status
from services.online_monitoring.handlers.deps import LOCAL, OnlineMonitoringDeps
from services.online_monitoring.handlers.items import load
from services.online_monitoring.handlers.letter_docx import letter_docx
from services.online_monitoring.handlers.views import item_view, takedown_view
from services.online_monitoring.repository import OnlineMonitoringUnitOfWork
from shared.auth import Principal
from shared.idempotency import StoredResponse, request_fingerprint
from shared.schemas import local_time


@dataclass(frozen=True)
class DraftTakedown:
    channel: Channel | None = None  # the platform's policy when not given
    via: CompetentBody | None = None
    legal_basis: str = ""
    deadline_hours: int | None = None


async def draft(
    uow: OnlineMonitoringUnitOfWork,
    deps: OnlineMonitoringDeps,
    item_id: uuid.UUID,
    cmd: DraftTakedown,
    principal: Principal,
    *,
    idempotency_key: str | None,
) -> tuple[StoredResponse, bool]:
    """A drafted request (nothing leaves the ward until it is sent)."""

    async def create() -> dict[str, Any]:
        now = deps.clock()
        item = await load(uow, item_id, principal, for_update=True)
        policy = deps.policy(item.platform)
        item.draft_takedown(
            uuid.uuid4(),
            channel=cmd.channel or policy.channel,
            via=cmd.via or policy.via,
            legal_basis=cmd.legal_basis or policy.legal_basis,
            deadline_hours=cmd.deadline_hours or policy.deadline_hours,
            by=principal.unit,
            at=now,
        )
        return item_view(item, now)

    fingerprint = request_fingerprint({"item": str(item_id), **{k: str(v) for k, v in vars(cmd).items()}})
    return await uow.create_once(
        caller=principal.key, key=idempotency_key, fingerprint=fingerprint, create=create
    )


async def step(
    uow: OnlineMonitoringUnitOfWork,
    deps: OnlineMonitoringDeps,
    item_id: uuid.UUID,
    takedown_id: uuid.UUID,
    *,
    action: str,
    principal: Principal,
    note: str = "",
    removed_by: RemovedBy = RemovedBy.PLATFORM,
    target: EscalationTarget = EscalationTarget.CITY_CYBER_POLICE,
    agency: str = "",
) -> dict[str, Any]:
    """send | acknowledge | remove | refuse | escalate, by the caller's unit, now."""
    now, by = deps.clock(), principal.unit
    async with uow:
        item = await load(uow, item_id, principal, for_update=True)
        if action == "send":
            item.send_takedown(takedown_id, by, now)
        elif action == "acknowledge":
            item.acknowledge_takedown(takedown_id, by, now)
        elif action == "remove":
            item.record_removal(takedown_id, by, now, removed_by)
        elif action == "refuse":
            item.refuse_takedown(takedown_id, by, now, note)
        elif action == "escalate":
            item.escalate_takedown(takedown_id, by, now, target, agency)
        else:
            raise ValueError(f"unknown step {action!r}")
        await uow.commit()
    return item_view(item, now)


async def due(
    uow: OnlineMonitoringUnitOfWork, deps: OnlineMonitoringDeps, principal: Principal
) -> dict[str, Any]:
    """Requests waiting for the platform: past their deadline (to escalate) or within the reminder
    window (to chase), soonest first."""
    now = deps.clock()
    async with uow:
        items = await uow.items.takedowns_due(principal.ward, now + deps.reminder)
    rows: list[dict[str, Any]] = []
    for item in items:
        t = item.active_takedown
        if t is None or t.deadline is None:
            continue
        rows.append(
            {
                "item_id": str(item.id),
                "platform": item.platform.value,
                "takedown": takedown_view(t, now),
                "hours_left": round((t.deadline - now).total_seconds() / 3600, 1),
            }
        )
    return {
        "overdue": [r for r in rows if r["takedown"]["overdue"]],
        "nearing": [r for r in rows if not r["takedown"]["overdue"]],
        "reminder_hours": deps.reminder.total_seconds() / 3600,
        "at": local_time(now),
    }


async def reminders(uow: OnlineMonitoringUnitOfWork, deps: OnlineMonitoringDeps, ward: str) -> int:
    """How many requests are nearing or past their deadline (the periodic task logs it)."""
    async with uow:
        return len(await uow.items.takedowns_due(ward, deps.clock() + deps.reminder))


async def letter(
    uow: OnlineMonitoringUnitOfWork,
    deps: OnlineMonitoringDeps,
    item_id: uuid.UUID,
    takedown_id: uuid.UUID,
    principal: Principal,
) -> tuple[str, bytes]:
    """The request letter (DOCX) the ward sends to the competent body; the print is audited (it
    carries the URL)."""
    async with uow:
        item = await load(uow, item_id, principal)
        t = item.takedown(takedown_id)
        await uow.audit.record(principal, "print", "takedown", str(t.id), fields=["url"])
        await uow.commit()
    policy = deps.policy(item.platform)
    day = (t.at(Status.SENT) or deps.clock()).astimezone(LOCAL).date()
    return letter_docx(
        item, t, legal_contact=policy.legal_contact, ward_name=deps.ward_name, place=deps.place_name,
        day=day, signer=principal.name,
    )  # fmt: skip
