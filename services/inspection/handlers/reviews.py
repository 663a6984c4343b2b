"""Reviews (rà soát, phân loại): the risk score from the register and the signals, explained."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select

from services.inspection.domain.establishment import InvalidEstablishment
from services.inspection.domain.kinds import RISK_VI, RiskClass, ViolationKind
from services.inspection.domain.risk import RiskAssessment, RiskInputs, assess
from services.inspection.handlers.deps import LOCAL, InspectionDeps
from services.inspection.handlers.establishments import load
from services.inspection.repository import InspectionUnitOfWork, ReviewRow
from shared.auth import Principal
from shared.idempotency import StoredResponse, request_fingerprint
from shared.schemas import local_time

SIGNAL_LOOKBACK = dt.timedelta(days=2 * 366 + 31)  # wider than any window of the rules


def _components(a: RiskAssessment) -> list[dict[str, Any]]:
    return [
        {
            "component": c.name,
            "label_vi": c.label_vi,
            "label_en": c.label_en,
            "points": c.points,
            "facts": list(c.facts),
            "capped": c.capped,
        }
        for c in a.components
    ]


def review_view(row: ReviewRow) -> dict[str, Any]:
    return {
        "establishment_id": str(row.establishment_id),
        "reviewed_on": row.reviewed_on.isoformat(),
        "risk_class": row.risk_class,
        "risk_class_vi": RISK_VI[RiskClass(row.risk_class)],
        "previous_risk_class": row.previous_risk_class,
        "score": row.score,
        "components": row.components,
        "inspection_interval_days": row.interval_days,
        "next_review_due": row.next_review_due.isoformat(),
        "unit": row.unit,
        "reviewed_by": row.actor,
        "at": local_time(row.at),
    }


async def review(
    uow: InspectionUnitOfWork,
    deps: InspectionDeps,
    establishment_id: uuid.UUID,
    principal: Principal,
    reviewed_on: dt.date | None,
    *,
    idempotency_key: str | None = None,
) -> tuple[StoredResponse, bool]:
    """Score the establishment on the review day from what is known then, classify it, keep the why."""
    today = deps.today()
    on = reviewed_on or today
    if on > today:
        raise InvalidEstablishment(
            "reviewed_on", "Ngày rà soát ở tương lai", "The review day is in the future"
        )
    now = deps.clock()

    async def create() -> dict[str, Any]:
        e = await load(uow, establishment_id, principal, for_update=True)
        since = dt.datetime.combine(on, dt.time(), LOCAL) - SIGNAL_LOOKBACK
        signals = await uow.signals.for_place(principal.ward, str(e.id), since)
        day = {s.id: s.at.astimezone(LOCAL).date() for s in signals}
        d = e.details
        inputs = RiskInputs(
            business_types=d.business_types,
            licensed=d.licensed,
            licence_expires_on=d.licence.expires_on if d.licence else None,
            violations=tuple((day[s.id], ViolationKind(s.detail)) for s in signals if s.kind == "violation"),
            tip_dates=tuple(day[s.id] for s in signals if s.kind == "tip" and day[s.id] <= on),
            online_item_dates=tuple(
                day[s.id] for s in signals if s.kind == "online_item" and day[s.id] <= on
            ),
            closes_at=d.closes_at,
            open_24h=d.open_24h,
        )
        a = assess(inputs, on)
        event = e.review(
            now,
            on=on,
            risk_class=a.risk_class,
            interval_days=a.interval_days,
            next_due=a.next_review_due,
            unit=principal.unit,
        )
        row = ReviewRow(
            establishment_id=e.id,
            ward=e.ward,
            reviewed_on=on,
            risk_class=a.risk_class.value,
            previous_risk_class=event.previous.value if event.previous else None,
            score=a.score,
            components=_components(a),
            interval_days=a.interval_days,
            next_review_due=event.next_review_due,
            unit=principal.unit,
            actor=principal.id,
            at=now,
        )
        uow.add_row(row)
        await uow.session.flush()
        return review_view(row)

    fingerprint = request_fingerprint({"establishment": str(establishment_id), "on": on.isoformat()})
    return await uow.create_once(
        caller=principal.key, key=idempotency_key, fingerprint=fingerprint, create=create
    )


async def reviews_of(
    uow: InspectionUnitOfWork, establishment_id: uuid.UUID, principal: Principal
) -> list[dict[str, Any]]:
    async with uow:
        await load(uow, establishment_id, principal)
        rows = await uow.scalar_rows(
            select(ReviewRow).where(ReviewRow.establishment_id == establishment_id).order_by(ReviewRow.id)
        )
        return [review_view(r) for r in rows]  # inside: leaving the unit of work expires the rows
