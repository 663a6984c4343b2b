"""Item aggregate ⇄ row: the columns lists filter on, and the nested parts as JSON in ``detail``."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from services.online_monitoring.domain.item import (
    Classification,
    ClosureReason,
    Item,
    ItemStatus,
    Report,
    ReportSource,
)
from services.online_monitoring.domain.kinds import ContentSpace, ItemCategory, Platform
from services.online_monitoring.domain.takedown import (
    Channel,
    CompetentBody,
    EscalationTarget,
    Status,
    Step,
    TakedownRequest,
)
from services.online_monitoring.repository.tables import ItemRow


def _t(at: dt.datetime | None) -> str | None:
    return None if at is None else at.isoformat()


def _dt(value: str | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromisoformat(value)


def _need(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def _report(r: Report) -> dict[str, Any]:
    return {
        "id": str(r.id), "source": r.source.value, "at": _t(r.at), "by": r.by, "url": r.url,
        "source_tip_id": r.source_tip_id,
    }  # fmt: skip


def _takedown(t: TakedownRequest) -> dict[str, Any]:
    return {
        "id": str(t.id),
        "channel": t.channel.value,
        "via": t.via.value,
        "legal_basis": t.legal_basis,
        "deadline_hours": t.deadline_hours,
        "deadline": _t(t.deadline),
        "escalated_to": t.escalated_to.value if t.escalated_to else None,
        "steps": [{"status": s.status.value, "at": _t(s.at), "by": s.by, "note": s.note} for s in t.steps],
    }


def _classification(c: Classification | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "category": c.category.value, "within_competence": c.within_competence, "by": c.by,
        "at": _t(c.at), "proposed": c.proposed.value if c.proposed else None, "score": c.score,
        "model_version": c.model_version,
    }  # fmt: skip


def item_values(i: Item) -> dict[str, Any]:
    active = i.active_takedown
    return {
        "ward": i.ward,
        "platform": i.platform.value,
        "space": i.space.value,
        "key": i.key,
        "url": i.url,
        "content_hash": i.content_hash,
        "status": i.status.value,
        "category": i.category.value if i.category else None,
        "reported_at": i.reported_at,
        "due_at": i.due_at,
        "classified_at": i.classification.at if i.classification else None,
        "handled_at": i.handled_at,
        "source_tip_id": i.source_tip_id,
        "establishment_id": i.establishment_id,
        "report_count": len(i.reports),
        "reappearance_count": len(i.reappearances),
        "takedown_status": active.status.value if active else None,
        "takedown_deadline": active.deadline if active else None,
        "detail": {
            "reports": [_report(r) for r in i.reports],
            "classification": _classification(i.classification),
            "takedowns": [_takedown(t) for t in i.takedowns],
            "reappearances": [_t(at) for at in i.reappearances],
            "closure_reason": i.closure_reason.value if i.closure_reason else None,
            "escalated_to": i.escalated_to.value if i.escalated_to else None,
            "escalated_agency": i.escalated_agency,
        },
    }


def _takedown_from(d: dict[str, Any]) -> TakedownRequest:
    return TakedownRequest(
        id=uuid.UUID(d["id"]),
        channel=Channel(d["channel"]),
        via=CompetentBody(d["via"]),
        legal_basis=d["legal_basis"],
        deadline_hours=d["deadline_hours"],
        steps=[Step(Status(s["status"]), _need(s["at"]), s["by"], s["note"]) for s in d["steps"]],
        deadline=_dt(d["deadline"]),
        escalated_to=EscalationTarget(d["escalated_to"]) if d["escalated_to"] else None,
    )


def item_from_row(row: ItemRow) -> Item:
    d = row.detail
    c = d["classification"]
    return Item(
        id=row.id,
        ward=row.ward,
        platform=Platform(row.platform),
        space=ContentSpace(row.space),
        key=row.key,
        url=row.url,
        content_hash=row.content_hash,
        reported_at=row.reported_at,
        due_at=row.due_at,
        status=ItemStatus(row.status),
        reports=[
            Report(
                uuid.UUID(r["id"]),
                ReportSource(r["source"]),
                _need(r["at"]),
                r["by"],
                r["url"],
                r["source_tip_id"],
            )
            for r in d["reports"]
        ],
        source_tip_id=row.source_tip_id,
        establishment_id=row.establishment_id,
        classification=None
        if c is None
        else Classification(
            ItemCategory(c["category"]),
            c["within_competence"],
            c["by"],
            _need(c["at"]),
            ItemCategory(c["proposed"]) if c["proposed"] else None,
            c["score"],
            c["model_version"],
        ),
        takedowns=[_takedown_from(t) for t in d["takedowns"]],
        handled_at=row.handled_at,
        closure_reason=ClosureReason(d["closure_reason"]) if d["closure_reason"] else None,
        escalated_to=EscalationTarget(d["escalated_to"]) if d["escalated_to"] else None,
        escalated_agency=d["escalated_agency"],
        reappearances=[_need(at) for at in d["reappearances"]],
    )
