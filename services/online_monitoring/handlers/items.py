"""Items' use cases: report a URL (a new item, or one more report of the same content), read and list
items, read the text excerpt (audited), classify with the classifier's proposal, escalate, close."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError

from services.online_monitoring.domain.item import (
    Classification,
    ClosureReason,
    Content,
    Item,
    Report,
    ReportSource,
)
from services.online_monitoring.domain.kinds import ContentSpace, ItemCategory, Platform
from services.online_monitoring.domain.takedown import EscalationTarget
from services.online_monitoring.domain.urls import CanonicalUrl, canonicalise
from services.online_monitoring.handlers.deps import OnlineMonitoringDeps
from services.online_monitoring.handlers.views import item_view
from services.online_monitoring.repository import ItemFilter, OnlineMonitoringUnitOfWork
from shared.auth import Principal
from shared.idempotency import StoredResponse, request_fingerprint


class NotFound(LookupError):
    pass


class SameItem(ValueError):
    """An item cannot be a duplicate of itself."""


class ReasonRequired(ValueError):
    """Reading a text excerpt (personal data about third parties) needs a stated reason; it is audited."""


class AlreadyReported(Exception):
    """The URL entered for a tip's item is already another item of the ward."""

    def __init__(self, item_id: uuid.UUID) -> None:
        self.item_id = item_id
        super().__init__(
            f"Nội dung này đã có trong tin {item_id}; hãy kết thúc tin của đơn báo là trùng lặp. / "
            f"This content is already item {item_id}; close the tip's item as a duplicate."
        )

    def problem_extras(self) -> dict[str, object]:
        return {"item_id": str(self.item_id)}


@dataclass(frozen=True)
class ReportItem:
    url: str
    source: ReportSource
    space: ContentSpace = ContentSpace.OTHER
    platform: Platform | None = None  # detected from the URL when not given
    text: str = ""
    establishment_id: uuid.UUID | None = None
    source_tip_id: str = ""

    def content(self, found: CanonicalUrl) -> Content:
        platform = self.platform or found.platform
        return Content(found.url, platform, self.space, found.key, found.content_hash)


async def load(
    uow: OnlineMonitoringUnitOfWork, item_id: uuid.UUID, principal: Principal, *, for_update: bool = False
) -> Item:
    item = await uow.items.get(item_id, principal.ward, for_update=for_update)
    if item is None:
        raise NotFound(f"no item {item_id} in ward {principal.ward}")
    return item


async def _report(
    uow: OnlineMonitoringUnitOfWork, deps: OnlineMonitoringDeps, cmd: ReportItem, principal: Principal
) -> dict[str, Any]:
    found = canonicalise(cmd.url)  # InvalidUrl before anything is written; nothing is fetched
    now = deps.clock()
    content = cmd.content(found)
    report = Report(uuid.uuid4(), cmd.source, now, principal.unit, found.url, cmd.source_tip_id)
    if cmd.source_tip_id:  # intake's TipRouted may be creating the tip's item at this moment
        await uow.items.lock_tip(principal.ward, cmd.source_tip_id)
    existing = (await uow.items.by_keys(principal.ward, [found.key])).get(found.key)
    tip_item = await uow.items.of_tip(principal.ward, cmd.source_tip_id) if cmd.source_tip_id else None
    if tip_item is not None:
        if existing is not None:
            raise AlreadyReported(existing.id)
        tip_item.attach(content, report)
        item, outcome = tip_item, "attached"
    elif existing is not None:
        item = existing
        outcome = "reappeared" if item.add_report(report, deps.handling) else "added"
    else:
        item = Item.report(
            uuid.uuid4(),
            ward=principal.ward,
            content=content,
            report=report,
            due_at=now + deps.handling,
            establishment_id=cmd.establishment_id,
        )
        uow.items.add(item)
        outcome = "created"
    await uow.items.flush()
    has_text = bool(await uow.items.with_text([item.id]))
    if cmd.text and not has_text:
        await uow.items.set_texts({item.id: cmd.text})
        has_text = True
    return {**item_view(item, now, has_text=has_text), "outcome": outcome}


async def report(
    uow: OnlineMonitoringUnitOfWork,
    deps: OnlineMonitoringDeps,
    cmd: ReportItem,
    principal: Principal,
    *,
    idempotency_key: str | None,
) -> tuple[StoredResponse, bool]:
    """One report: ItemReported for new content, ItemReappeared for content once removed."""
    canonicalise(cmd.url)
    fields = {**asdict(cmd), "text": hashlib.sha256(cmd.text.encode()).hexdigest()}
    fingerprint = request_fingerprint({k: str(v) for k, v in fields.items()})
    for attempt in (1, 2):
        try:
            return await uow.create_once(
                caller=principal.key,
                key=idempotency_key,
                fingerprint=fingerprint,
                create=lambda: _report(uow, deps, cmd, principal),
            )
        except IntegrityError:  # two first reports of the same content racing: the second adds to it
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


async def get(
    uow: OnlineMonitoringUnitOfWork, deps: OnlineMonitoringDeps, item_id: uuid.UUID, principal: Principal
) -> dict[str, Any]:
    async with uow:
        item = await load(uow, item_id, principal)
        has_text = bool(await uow.items.with_text([item.id]))
    return item_view(item, deps.clock(), has_text=has_text)


async def page(
    uow: OnlineMonitoringUnitOfWork,
    deps: OnlineMonitoringDeps,
    principal: Principal,
    f: ItemFilter,
    *,
    page: int,
    size: int,
) -> dict[str, Any]:
    now = deps.clock()
    async with uow:
        items, total = await uow.items.page(
            principal.ward, ItemFilter(**{**asdict(f), "now": now}), page=page, size=size
        )
        texts = await uow.items.with_text([i.id for i in items])
    return {
        "items": [item_view(i, now, has_text=i.id in texts) for i in items],
        "total": total,
        "page": page,
        "page_size": size,
    }


async def read_text(
    uow: OnlineMonitoringUnitOfWork, item_id: uuid.UUID, principal: Principal, reason: str
) -> dict[str, Any]:
    """The content's text excerpt, decrypted; the read is audited with its reason in the same commit."""
    if not reason.strip():
        raise ReasonRequired("Cần nêu lý do xem nội dung. / State why you read the content.")
    async with uow:
        await load(uow, item_id, principal)
        text = await uow.items.read_text(item_id)
        await uow.audit.record(
            principal, "read_private", "item", str(item_id), fields=["text"], reason=reason
        )
        await uow.commit()
    return {"item_id": str(item_id), "text": text}


@dataclass(frozen=True)
class Classify:
    category: ItemCategory
    within_competence: bool
    proposed: ItemCategory | None = None
    score: float | None = None
    model_version: str = ""


async def classify(
    uow: OnlineMonitoringUnitOfWork,
    deps: OnlineMonitoringDeps,
    item_id: uuid.UUID,
    cmd: Classify,
    principal: Principal,
) -> dict[str, Any]:
    """The officer's decision, with the proposal they saw (if any): ItemClassified."""
    now = deps.clock()
    async with uow:
        item = await load(uow, item_id, principal, for_update=True)
        item.classify(
            Classification(
                cmd.category, cmd.within_competence, principal.unit, now, cmd.proposed, cmd.score,
                cmd.model_version,
            )
        )  # fmt: skip
        await uow.commit()
    return item_view(item, now)


async def escalate(
    uow: OnlineMonitoringUnitOfWork,
    deps: OnlineMonitoringDeps,
    item_id: uuid.UUID,
    *,
    target: EscalationTarget,
    agency: str,
    principal: Principal,
) -> dict[str, Any]:
    now = deps.clock()
    async with uow:
        item = await load(uow, item_id, principal, for_update=True)
        item.escalate(now, target, agency)
        await uow.commit()
    return item_view(item, now)


async def close(
    uow: OnlineMonitoringUnitOfWork,
    deps: OnlineMonitoringDeps,
    item_id: uuid.UUID,
    reason: ClosureReason,
    principal: Principal,
) -> dict[str, Any]:
    now = deps.clock()
    async with uow:
        item = await load(uow, item_id, principal, for_update=True)
        item.close(reason, now)
        await uow.commit()
    return item_view(item, now)


async def duplicate_of(
    uow: OnlineMonitoringUnitOfWork,
    deps: OnlineMonitoringDeps,
    item_id: uuid.UUID,
    kept_id: uuid.UUID,
    principal: Principal,
) -> dict[str, Any]:
    """An officer finds that an item is content already known (the same file or a near picture in the
    evidence, a copy at another address): its report joins the kept item, which reappears if it had
    been removed, and the duplicate is closed; one transaction."""
    if item_id == kept_id:
        raise SameItem("Một tin không thể trùng với chính nó. / An item cannot duplicate itself.")
    now = deps.clock()
    async with uow:
        first, second = sorted((item_id, kept_id))  # lock in one order: two officers cannot deadlock
        loaded = {i: await load(uow, i, principal, for_update=True) for i in (first, second)}
        duplicate, kept = loaded[item_id], loaded[kept_id]
        duplicate.close(ClosureReason.DUPLICATE, now)
        report = Report(
            uuid.uuid4(), duplicate.reports[0].source, now, principal.unit, duplicate.url,
            duplicate.source_tip_id,
        )  # fmt: skip
        outcome = "reappeared" if kept.add_report(report, deps.handling) else "added"
        await uow.commit()
    return {**item_view(kept, now), "outcome": outcome}
