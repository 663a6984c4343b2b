"""Counts straight from the read models, for staff who want the raw figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import case, func, select

from services.reporting.repository.facts import TipFact
from services.reporting.repository.unit_of_work import ReportingUnitOfWork

OPEN = ("received", "verifying", "verified", "classified", "routed")


async def tip_counts(
    uow: ReportingUnitOfWork, ward: str, since: dt.datetime | None, until: dt.datetime | None
) -> dict[str, Any]:
    """Tips received in the period, by kind; how many of them are closed, and closed on time."""
    closed = TipFact.closed_at.is_not(None)
    overdue = case((TipFact.status.in_(OPEN) & (TipFact.due_at < func.now()), 1), else_=0)
    query = (
        select(
            TipFact.kind,
            func.count(),
            func.count().filter(closed),
            func.count().filter(closed & TipFact.on_time.is_(True)),
            func.sum(overdue),
        )
        .where(TipFact.ward == ward, TipFact.received_at.is_not(None))
        .group_by(TipFact.kind)
    )
    if since is not None:
        query = query.where(TipFact.received_at >= since)
    if until is not None:
        query = query.where(TipFact.received_at < until)
    async with uow:
        rows = (await uow.session.execute(query)).all()
    return {
        "by_kind": {str(kind): int(n) for kind, n, *_ in rows},
        "received": sum(int(r[1]) for r in rows),
        "closed": sum(int(r[2]) for r in rows),
        "closed_on_time": sum(int(r[3]) for r in rows),
        "open_overdue": sum(int(r[4] or 0) for r in rows),
    }
