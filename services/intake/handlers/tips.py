"""Intake's staff use cases: load, apply the domain rule, commit; the unit of work publishes the events."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import uuid
from collections.abc import Callable, Mapping
from dataclasses import fields, replace
from typing import Any
from zoneinfo import ZoneInfo

from services.intake.domain import (
    SYSTEM,
    Actor,
    Channel,
    InvalidCommand,
    Tip,
    TipKind,
    TipStatus,
    Transition,
    receive,
)
from services.intake.domain.deadlines import CRIME_KINDS
from services.intake.domain.kinds import (
    CATEGORY_VI,
    CHANNEL_VI,
    KIND_VI,
    OUTCOME_VI,
    SEVERITY_VI,
    STATUS_VI,
    TARGET_VI,
)
from services.intake.handlers.commands import (
    ClassifyTip,
    CloseByService,
    ExtendDeadline,
    HandleTip,
    MergeTip,
    ReceiveTip,
    ReopenTip,
    RouteTip,
    StartVerification,
    StepCommand,
    TransferTip,
    VerifyTip,
)
from services.intake.handlers.deps import IntakeDeps
from services.intake.handlers.views import tip_view, transition_view
from services.intake.repository import IntakeUnitOfWork, TipFilter
from shared.auth import Principal
from shared.idempotency import StoredResponse, request_fingerprint
from shared.spreadsheet import csv_text

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


class UnknownResidentialGroup(ValueError):
    """A residential group the ward has not configured."""

    def __init__(self, code: str) -> None:
        super().__init__(
            f"Tổ dân phố '{code}' không thuộc phường. / '{code}' is not a residential group of the ward."
        )

    def problem_extras(self) -> dict[str, object]:
        error = {"loc": ["body", "residential_group"], "msg": str(self), "type": "unknown_residential_group"}
        return {"errors": [error]}


def check_group(deps: IntakeDeps, code: str) -> None:
    if deps.residential_groups and code not in deps.residential_groups:
        raise UnknownResidentialGroup(code)


def content_hash(urls: tuple[str, ...]) -> str | None:
    """A stable fingerprint of the reported content, so services can match it without the URLs."""
    if not urls:
        return None
    return hashlib.sha256("\n".join(sorted(urls)).encode()).hexdigest()


def actor_of(p: Principal) -> Actor:
    return Actor(p.sub, p.unit)


def visible_kinds(p: Principal) -> frozenset[str]:
    return UNIT_KINDS.get(p.unit, frozenset())


def new_tip(
    cmd: ReceiveTip, deps: IntakeDeps, *, ward: str, channel: Channel, actor: Actor, anonymous: bool = False
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


_COMMAND_FIELDS = tuple(f.name for f in fields(ReceiveTip) if f.name != "private")


def fingerprint(cmd: ReceiveTip, private: dict[str, str]) -> str:
    """The request's fingerprint for its Idempotency-Key; the private text only as its hash (the text
    ``asdict(cmd)`` would give, without copying the private details it replaces)."""
    payload: dict[str, Any] = {name: getattr(cmd, name) for name in _COMMAND_FIELDS}
    payload["private"] = hashlib.sha256(repr(private).encode()).hexdigest()
    return request_fingerprint(payload)


async def receive_tip(
    uow: IntakeUnitOfWork,
    deps: IntakeDeps,
    cmd: ReceiveTip,
    principal: Principal,
    idempotency_key: str | None,
) -> tuple[StoredResponse, bool]:
    """Record a tip with its private fields encrypted (TipReceived is published with it)."""
    check_group(deps, cmd.residential_group)
    private = cmd.private.as_fields()  # validates the phone before anything is written
    tip = new_tip(cmd, deps, ward=principal.ward, channel=cmd.channel, actor=actor_of(principal))
    return await uow.add_new_once(
        tip,
        private,
        "staff",
        caller=principal.key,
        key=idempotency_key,
        fingerprint=fingerprint(cmd, private),
        body=tip_view(tip, tip.received_at),
    )


async def _load(
    uow: IntakeUnitOfWork, tip_id: uuid.UUID, principal: Principal, *, for_update: bool = False
) -> Tip:
    tip = await uow.tips.get(tip_id, principal.ward, for_update=for_update)
    if tip is None or tip.kind.value not in visible_kinds(principal):
        raise TipNotFound(f"no tip {tip_id} visible to {principal.unit} in ward {principal.ward}")
    return tip


Step = Callable[[Tip, Any, Actor, dt.datetime, IntakeDeps], Transition]


def _extend(t: Tip, c: ExtendDeadline, a: Actor, now: dt.datetime, d: IntakeDeps) -> Transition:
    if c.new_due_at.tzinfo is None:
        raise InvalidCommand("new_due_at needs a time zone")
    return t.extend(a, now, c.new_due_at, d.rules, c.reason)


# Each command's domain step. Reason codes are details of the step (they reach the events).
STEPS: dict[type[Any], Step] = {
    StartVerification: lambda t, c, a, now, _d: t.start_verification(a, now, c.reason),
    VerifyTip: lambda t, c, a, now, d: t.verify(a, now, c.outcome, d.rules, c.reason),
    ClassifyTip: lambda t, c, a, now, d: t.classify(
        a,
        now,
        category=c.category,
        severity=c.severity,
        competent_unit=c.competent_unit,
        complex_matter=c.complex,
        rules=d.rules,
        reason=c.reason,
    ),
    RouteTip: lambda t, c, a, now, _d: t.route(a, now, c.target, c.target_unit, c.reason),
    HandleTip: lambda t, c, a, now, _d: t.handle(a, now, c.outcome, c.reason),
    TransferTip: lambda t, c, a, now, _d: t.transfer(a, now, c.destination, c.agency_code, c.reason),
    MergeTip: lambda t, c, a, now, _d: t.merge_into(a, now, c.into, c.reason),
    ReopenTip: lambda t, c, a, now, d: t.reopen(a, now, d.rules, c.reason),
    ExtendDeadline: _extend,
}


async def take_step(
    uow: IntakeUnitOfWork, deps: IntakeDeps, cmd: StepCommand, principal: Principal
) -> dict[str, Any]:
    """Load the tip (locked), take one lifecycle step, commit it with its events."""
    async with uow:
        if isinstance(cmd, MergeTip):
            await _load(uow, cmd.into, principal)  # the surviving tip must exist in the same ward
        tip = await _load(uow, cmd.tip_id, principal, for_update=True)
        now = deps.clock()
        step = STEPS[type(cmd)](tip, cmd, actor_of(principal), now, deps)
        reason_code = getattr(cmd, "reason_code", None)
        if reason_code is not None:
            step.details["reason_code"] = reason_code
        await uow.commit()
        return tip_view(tip, now)


class ReasonRequired(ValueError):
    """Reading a reporter's identity needs a stated reason (it is kept in the audit log)."""


async def get_tip(
    uow: IntakeUnitOfWork, deps: IntakeDeps, tip_id: uuid.UUID, principal: Principal
) -> dict[str, Any]:
    """A tip (a record that has personal data attached): the read is audited."""
    async with uow:
        tip = await _load(uow, tip_id, principal)
        await uow.audit.record(principal, "read", "tip", str(tip.id))
        await uow.commit()
        return tip_view(tip, deps.clock())


async def get_history(
    uow: IntakeUnitOfWork, tip_id: uuid.UUID, principal: Principal, *, with_reasons: bool = False
) -> list[dict[str, Any]]:
    """A tip's steps. Their typed reasons are personal data: given (and audited as read) only to a
    caller who may read private fields, empty for the others."""
    async with uow:
        tip = await _load(uow, tip_id, principal)
        fields = ["reason"] if with_reasons else []
        await uow.audit.record(principal, "read_history", "tip", str(tip.id), fields=fields)
        await uow.commit()
        return [transition_view(s, with_reason=with_reasons) for s in tip.history]


async def read_private(
    uow: IntakeUnitOfWork, tip_id: uuid.UUID, principal: Principal, fields: frozenset[str], reason: str = ""
) -> list[dict[str, Any]]:
    """Decrypt private fields for a caller allowed to see them; the read is audited in the same commit,
    with the reason the caller gave (required for the reporter's identity)."""
    if fields & REPORTER_FIELDS and not reason.strip():
        raise ReasonRequired(
            "Cần nêu lý do để xem thông tin người báo tin (được ghi nhật ký). / "
            "Reading the reporter's identity needs a reason (?reason=...), which is audited."
        )
    async with uow:
        tip = await _load(uow, tip_id, principal)
        values = await uow.private.read(tip.id, fields)
        await uow.audit.record(
            principal, "read_private", "tip", str(tip.id), fields=sorted(fields), reason=reason.strip()
        )
        await uow.commit()
        return values


async def list_tips(
    uow: IntakeUnitOfWork,
    deps: IntakeDeps,
    principal: Principal,
    f: TipFilter,
    *,
    page: int,
    size: int,
    action: str = "list",
) -> dict[str, Any]:
    """A page of tips; which tips were listed (or exported), by whom, is audited."""
    allowed = visible_kinds(principal)
    kinds = tuple(k for k in (f.kinds or tuple(TipKind)) if k.value in allowed)
    if not kinds:
        return {"items": [], "total": 0, "page": page, "page_size": size}
    async with uow:
        tips, total = await uow.tips.page(
            principal.ward, replace(f, kinds=kinds), offset=(page - 1) * size, limit=size
        )
        listed = [str(t.id) for t in tips]
        await uow.audit.record(principal, action, "tip", f"{len(listed)} of {total}", fields=listed)
        await uow.commit()
    now = deps.clock()
    return {"items": [tip_view(t, now) for t in tips], "total": total, "page": page, "page_size": size}


LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def _local(value: str | None) -> str:
    """An ISO time as an official reads it: local time, to the minute."""
    return dt.datetime.fromisoformat(value).astimezone(LOCAL).strftime("%d/%m/%Y %H:%M") if value else ""


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("Có / Yes" if value else "Không / No")


def _label(names: Mapping[Any, str]) -> Callable[[str | None], str]:
    by_code = {str(k): v for k, v in names.items()}
    return lambda code: by_code.get(code or "", code or "")


# (column heading, value from the tip's view): Vietnamese labels, with the machine codes in their own
# columns; times in Asia/Ho_Chi_Minh.
EXPORT_COLUMNS: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("Mã tin / Tip id", lambda t: t["id"]),
    ("Loại tin / Kind", lambda t: _label(KIND_VI)(t["kind"])),
    ("Kênh tiếp nhận / Channel", lambda t: _label(CHANNEL_VI)(t["channel"])),
    ("Tổ dân phố / Residential group", lambda t: t["residential_group"]),
    ("Trạng thái / Status", lambda t: _label(STATUS_VI)(t["status"])),
    ("Phân loại / Category", lambda t: _label(CATEGORY_VI)(t["category"])),
    ("Mức độ / Severity", lambda t: _label(SEVERITY_VI)(t["severity"])),
    ("Ngày tiếp nhận / Received (giờ Việt Nam)", lambda t: _local(t["received_at"])),
    ("Hạn xử lý / Due (giờ Việt Nam)", lambda t: _local(t["due_at"])),
    ("Quá hạn / Overdue", lambda t: _yes_no(t["overdue"])),
    ("Chuyển đến / Routed to", lambda t: _label(TARGET_VI)(t["routed_to"])),
    ("Kết quả / Outcome", lambda t: _label(OUTCOME_VI)(t["outcome"])),
    ("Ngày kết thúc / Closed (giờ Việt Nam)", lambda t: _local(t["closed_at"])),
    ("Đúng hạn / On time", lambda t: _yes_no(t["on_time"])),
    ("kind", lambda t: t["kind"]),
    ("channel", lambda t: t["channel"]),
    ("status", lambda t: t["status"]),
    ("category", lambda t: t["category"] or ""),
    ("outcome", lambda t: t["outcome"] or ""),
]


async def export_csv(
    uow: IntakeUnitOfWork, deps: IntakeDeps, principal: Principal, f: TipFilter
) -> tuple[str, str]:
    """The filtered list as CSV (UTF-8 with BOM, no personal data): its file name and its text."""
    size = min(deps.export_max_rows, 50_000)
    page = await list_tips(uow, deps, principal, f, page=1, size=size, action="export")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([heading for heading, _ in EXPORT_COLUMNS])
    for item in page["items"]:
        writer.writerow([csv_text(value(item)) for _, value in EXPORT_COLUMNS])
    day = deps.clock().astimezone(LOCAL).date().isoformat()
    return f"tin-bao-{day}.csv", "\ufeff" + out.getvalue()


async def close_by_service(uow: IntakeUnitOfWork, cmd: CloseByService) -> bool:
    """Another service reports the matter handled: a tip routed there is handled, by the system.

    Runs inside the consumer's unit of work. Idempotent and order-tolerant: a tip that is not (or
    no longer) routed there is left as it is.
    """
    try:
        key = uuid.UUID(cmd.tip_id)
    except ValueError:
        return False
    tip = await uow.tips.get(key, cmd.ward, for_update=True)
    if tip is None or tip.status is not TipStatus.ROUTED or tip.routed_to is not cmd.resolved_by:
        return False
    reason = f"reported handled by {cmd.resolved_by.value}"
    tip.handle(SYSTEM, cmd.at, cmd.outcome, reason=reason, resolved_by=cmd.resolved_by)
    return True


async def seal_plain_reasons(uow: IntakeUnitOfWork, batch: int = 500) -> int:
    """Encrypt the step reasons still stored in plain text, a batch per transaction (see migration 0005)."""
    total = 0
    while True:
        async with uow:
            sealed = await uow.tips.seal_plain_reasons(batch)
            await uow.commit()
        total += sealed
        if sealed < batch:
            return total


async def announce_deadlines(uow: IntakeUnitOfWork, deps: IntakeDeps) -> int:
    """Announce approaching and passed deadlines once per deadline value; safe with several replicas."""
    now = deps.clock()
    window = dt.timedelta(days=deps.rules.policy.approaching_days)
    async with uow:
        tips = await uow.tips.due_for_notice(uow.ward, now, window)
        announced = sum(tip.announce_deadline(now, window) is not None for tip in tips)
        await uow.commit()
    return announced
