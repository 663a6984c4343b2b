"""Inspections: plan one, draft and sign each establishment's record, amend a signed one."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any

from sqlalchemy import select, update

from services.inspection.domain.establishment import S as Status
from services.inspection.domain.inspection import Findings, Inspection, InvalidRecord, Team
from services.inspection.domain.kinds import InspectionKind
from services.inspection.handlers.deps import LOCAL, InspectionDeps
from services.inspection.handlers.establishments import NotFound
from services.inspection.handlers.record_docx import record_docx
from services.inspection.handlers.views import inspection_view
from services.inspection.repository import CampaignRow, InspectionUnitOfWork, SurpriseRequestRow
from shared.auth import Principal
from shared.idempotency import StoredResponse, request_fingerprint
from shared.schemas import local_time, local_time_or_none


class EstablishmentClosed(Exception):
    """A closed establishment cannot be inspected (re-open it first if it trades again)."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        super().__init__(
            f"Cơ sở đã đóng, không kiểm tra được: {', '.join(ids)}. / "
            "Closed establishments cannot be inspected."
        )

    def problem_extras(self) -> dict[str, object]:
        return {"establishment_ids": self.ids}


async def plan(
    uow: InspectionUnitOfWork,
    deps: InspectionDeps,
    principal: Principal,
    *,
    kind: InspectionKind,
    establishment_ids: tuple[uuid.UUID, ...],
    planned_for: dt.date,
    team: Team,
    campaign_id: uuid.UUID | None,
    source_tip_id: str,
    idempotency_key: str | None,
) -> tuple[StoredResponse, bool]:
    """Plan an inspection (InspectionPlanned); a tip's surprise-inspection request is linked to it."""

    async def create() -> dict[str, Any]:
        found = await uow.establishments.many(principal.ward, establishment_ids)
        missing = [str(x) for x in establishment_ids if x not in found]
        if missing:
            raise NotFound(f"no establishments {', '.join(missing)} in ward {principal.ward}")
        closed = [str(x) for x, e in found.items() if e.status is Status.CLOSED]
        if closed:
            raise EstablishmentClosed(sorted(closed))
        if campaign_id is not None:
            campaign = await uow.session.get(CampaignRow, campaign_id)
            if campaign is None or campaign.ward != principal.ward:
                raise NotFound(f"no campaign {campaign_id} in ward {principal.ward}")
            if not campaign.starts_on <= planned_for <= campaign.ends_on:
                raise InvalidRecord(
                    "planned_for", "Ngày kiểm tra ngoài thời gian của đợt", "The date is outside the campaign"
                )
        i = Inspection.plan(
            uuid.uuid4(),
            principal.ward,
            deps.clock(),
            kind=kind,
            establishment_ids=establishment_ids,
            planned_for=planned_for,
            team=team,
            campaign_id=campaign_id,
            source_tip_id=source_tip_id,
        )
        uow.inspections.add(i)
        if source_tip_id:
            await uow.inspections.flush()  # the inspection row first: the request refers to it
            await uow.session.execute(
                update(SurpriseRequestRow)
                .where(SurpriseRequestRow.tip_id == source_tip_id, SurpriseRequestRow.ward == principal.ward)
                .values(inspection_id=i.id)
            )
        return inspection_view(i)

    fingerprint = request_fingerprint(
        {
            "kind": kind.value,
            "ids": [str(x) for x in establishment_ids],
            "on": planned_for.isoformat(),
            "team": repr(team),
            "campaign": str(campaign_id),
            "tip": source_tip_id,
        }
    )
    return await uow.create_once(
        caller=principal.key, key=idempotency_key, fingerprint=fingerprint, create=create
    )


async def _load(uow: InspectionUnitOfWork, inspection_id: uuid.UUID, principal: Principal) -> Inspection:
    i = await uow.inspections.get(inspection_id, principal.ward, for_update=True)
    if i is None:
        raise NotFound(f"no inspection {inspection_id} in ward {principal.ward}")
    return i


async def get(uow: InspectionUnitOfWork, inspection_id: uuid.UUID, principal: Principal) -> dict[str, Any]:
    async with uow:
        i = await uow.inspections.get(inspection_id, principal.ward)
        if i is None:
            raise NotFound(f"no inspection {inspection_id} in ward {principal.ward}")
        return inspection_view(i)


async def page(
    uow: InspectionUnitOfWork,
    principal: Principal,
    *,
    campaign_id: uuid.UUID | None,
    establishment_id: uuid.UUID | None,
    page: int,
    size: int,
) -> dict[str, Any]:
    async with uow:
        found, total = await uow.inspections.page(
            principal.ward, campaign_id=campaign_id, establishment_id=establishment_id, page=page, size=size
        )
        items = [inspection_view(i) for i in found]
    return {"items": items, "total": total, "page": page, "page_size": size}


async def draft_record(
    uow: InspectionUnitOfWork,
    deps: InspectionDeps,
    inspection_id: uuid.UUID,
    principal: Principal,
    *,
    establishment_id: uuid.UUID,
    findings: Findings,
    amends: uuid.UUID | None,
    reason: str,
    idempotency_key: str | None,
) -> tuple[StoredResponse, bool]:
    """A record for one establishment of the inspection (a draft), or an amendment of a signed one."""
    if findings.inspected_on > deps.today():
        raise InvalidRecord("inspected_on", "Ngày kiểm tra ở tương lai", "The visit date is in the future")

    async def create() -> dict[str, Any]:
        i = await _load(uow, inspection_id, principal)
        record = i.draft(
            uuid.uuid4(), establishment_id, findings, principal.id, deps.clock(), amends=amends, reason=reason
        )
        return inspection_view(i) | {"record_id": str(record.id)}

    fingerprint = request_fingerprint(
        {
            "inspection": str(inspection_id),
            "establishment": str(establishment_id),
            "findings": hashlib.sha256(repr(findings).encode()).hexdigest(),
            "amends": str(amends),
            "reason": hashlib.sha256(reason.encode()).hexdigest(),
        }
    )
    return await uow.create_once(
        caller=principal.key, key=idempotency_key, fingerprint=fingerprint, create=create
    )


async def revise_record(
    uow: InspectionUnitOfWork,
    inspection_id: uuid.UUID,
    record_id: uuid.UUID,
    findings: Findings,
    principal: Principal,
) -> dict[str, Any]:
    async with uow:
        i = await _load(uow, inspection_id, principal)
        record = next((r for r in i.records if r.id == record_id), None)
        if record is None:
            raise NotFound(f"no record {record_id} in inspection {inspection_id}")
        record.revise(findings)
        await uow.commit()
    return inspection_view(i)


async def sign_record(
    uow: InspectionUnitOfWork,
    deps: InspectionDeps,
    inspection_id: uuid.UUID,
    record_id: uuid.UUID,
    principal: Principal,
) -> dict[str, Any]:
    """The team leader signs: the record is final; the establishment's last visit and the place's
    signals (violations) follow; InspectionCompleted, ViolationRecorded and SanctionImposed go out."""
    now = deps.clock()
    async with uow:
        i = await _load(uow, inspection_id, principal)
        record = next((r for r in i.records if r.id == record_id), None)
        if record is None:
            raise NotFound(f"no record {record_id} in inspection {inspection_id}")
        e = await uow.establishments.get(record.establishment_id, principal.ward, for_update=True)
        i.sign(record_id, principal.id, now, e.risk_class if e else None)
        if e is not None:
            e.inspected(record.findings.inspected_on)
        for v in record.findings.violations:
            await uow.signals.add(
                principal.ward,
                str(record.establishment_id),
                kind="violation",
                source_id=str(v.id),
                at=dt.datetime.combine(record.findings.inspected_on, dt.time(12), LOCAL),
                detail=v.kind.value,
                inspection_id=str(i.id),
            )
        await uow.commit()
    return inspection_view(i)


async def surprise_requests(
    uow: InspectionUnitOfWork, principal: Principal, *, open_only: bool
) -> list[dict[str, Any]]:
    """Tips routed to inspection, for the team (no personal data crosses from intake)."""
    query = select(SurpriseRequestRow).where(SurpriseRequestRow.ward == principal.ward)
    if open_only:
        query = query.where(SurpriseRequestRow.inspection_id.is_(None))
    async with uow:
        rows = await uow.scalar_rows(query.order_by(SurpriseRequestRow.routed_at))
        return [
            {
                "tip_id": r.tip_id,
                "establishment_id": r.establishment_id or None,
                "residential_group": r.residential_group,
                "category": r.category,
                "severity": r.severity,
                "due_at": local_time_or_none(r.due_at),
                "routed_at": local_time(r.routed_at),
                "inspection_id": str(r.inspection_id) if r.inspection_id else None,
            }
            for r in rows
        ]


async def record_file(
    uow: InspectionUnitOfWork,
    deps: InspectionDeps,
    inspection_id: uuid.UUID,
    record_id: uuid.UUID,
    principal: Principal,
) -> tuple[str, bytes]:
    """The record printed as DOCX (no personal data; a draft says so)."""
    async with uow:
        i = await uow.inspections.get(inspection_id, principal.ward)
        record = next((r for r in i.records if r.id == record_id), None) if i else None
        if i is None or record is None:
            raise NotFound(f"no record {record_id} in inspection {inspection_id}")
        e = await uow.establishments.get(record.establishment_id, principal.ward)
        if e is None:
            raise NotFound(f"no establishment {record.establishment_id} in ward {principal.ward}")
    return record_docx(i, record, e, ward_name=deps.ward_name, place=deps.place_name)
