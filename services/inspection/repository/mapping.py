"""Aggregates ↔ rows: the register and the inspections as the domain sees them and as they are stored."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from services.inspection.domain.establishment import Details, Establishment, Licence
from services.inspection.domain.inspection import (
    Findings,
    FollowUp,
    Inspection,
    Record,
    Sanction,
    Team,
    Violation,
)
from services.inspection.domain.kinds import (
    BusinessType,
    ClosureReason,
    EstablishmentStatus,
    InspectionKind,
    InspectionResult,
    RiskClass,
    SanctionKind,
    ViolationKind,
)
from services.inspection.repository.tables import EstablishmentRow, InspectionRow, RecordRow


def establishment_values(e: Establishment) -> dict[str, Any]:
    d, lic = e.details, e.details.licence
    return {
        "ward": e.ward,
        "name": d.name,
        "registration_number": d.registration_number,
        "business_types": [t.value for t in d.business_types],
        "residential_group": d.residential_group,
        "address": d.address,
        "licence_number": lic.number if lic else None,
        "licence_issuer": lic.issuer if lic else None,
        "licence_issued_on": lic.issued_on if lic else None,
        "licence_expires_on": lic.expires_on if lic else None,
        "opens_at": d.opens_at,
        "closes_at": d.closes_at,
        "open_24h": d.open_24h,
        "latitude": d.latitude,
        "longitude": d.longitude,
        "status": e.status.value,
        "registered_at": e.registered_at,
        "risk_class": e.risk_class.value if e.risk_class else None,
        "inspection_interval_days": e.inspection_interval_days,
        "last_reviewed_on": e.last_reviewed_on,
        "next_review_due": e.next_review_due,
        "last_inspected_on": e.last_inspected_on,
        "closure_reason": e.closure_reason.value if e.closure_reason else None,
        "closed_at": e.closed_at,
    }


def establishment_from_row(r: EstablishmentRow) -> Establishment:
    licence = (
        Licence(r.licence_number, r.licence_issuer or "", r.licence_issued_on, r.licence_expires_on)
        if r.licence_number
        else None
    )
    details = Details(
        name=r.name,
        registration_number=r.registration_number,
        business_types=tuple(BusinessType(t) for t in r.business_types),
        residential_group=r.residential_group,
        address=r.address,
        licence=licence,
        opens_at=r.opens_at,
        closes_at=r.closes_at,
        open_24h=r.open_24h,
        latitude=r.latitude,
        longitude=r.longitude,
    )
    return Establishment(
        id=r.id,
        ward=r.ward,
        details=details,
        status=EstablishmentStatus(r.status),
        registered_at=r.registered_at,
        risk_class=RiskClass(r.risk_class) if r.risk_class else None,
        inspection_interval_days=r.inspection_interval_days,
        last_reviewed_on=r.last_reviewed_on,
        next_review_due=r.next_review_due,
        last_inspected_on=r.last_inspected_on,
        closure_reason=ClosureReason(r.closure_reason) if r.closure_reason else None,
        closed_at=r.closed_at,
    )


def findings_json(f: Findings) -> dict[str, Any]:
    return {
        "result": f.result.value,
        "inspected_on": f.inspected_on.isoformat(),
        "checklist": list(f.checklist),
        "violations": [
            {
                "id": str(v.id),
                "kind": v.kind.value,
                "legal_basis": v.legal_basis,
                "description": v.description,
            }
            for v in f.violations
        ],
        "sanctions": [
            {
                "id": str(s.id),
                "violation_id": str(s.violation_id),
                "kind": s.kind.value,
                "fine_vnd": s.fine_vnd,
                "suspension_days": s.suspension_days,
                "description": s.description,
            }
            for s in f.sanctions
        ],
        "follow_up": (
            {"remedy_by": f.follow_up.remedy_by.isoformat(), "reinspect": f.follow_up.reinspect}
            if f.follow_up
            else None
        ),
        "not_carried_out_reason": f.not_carried_out_reason,
    }


def findings_from_json(j: dict[str, Any]) -> Findings:
    follow = j.get("follow_up")
    return Findings(
        result=InspectionResult(j["result"]),
        inspected_on=dt.date.fromisoformat(j["inspected_on"]),
        checklist=tuple(j.get("checklist", ())),
        violations=tuple(
            Violation(
                uuid.UUID(v["id"]), ViolationKind(v["kind"]), v["legal_basis"], v.get("description", "")
            )
            for v in j.get("violations", ())
        ),
        sanctions=tuple(
            Sanction(
                uuid.UUID(s["id"]),
                uuid.UUID(s["violation_id"]),
                SanctionKind(s["kind"]),
                s.get("fine_vnd", 0),
                s.get("suspension_days", 0),
                s.get("description", ""),
            )
            for s in j.get("sanctions", ())
        ),
        follow_up=FollowUp(dt.date.fromisoformat(follow["remedy_by"]), follow["reinspect"])
        if follow
        else None,
        not_carried_out_reason=j.get("not_carried_out_reason", ""),
    )


def inspection_values(i: Inspection) -> dict[str, Any]:
    return {
        "ward": i.ward,
        "kind": i.kind.value,
        "establishment_ids": list(i.establishment_ids),
        "planned_for": i.planned_for,
        "lead_unit": i.team.lead_unit,
        "units": list(i.team.units),
        "members": list(i.team.members),
        "campaign_id": i.campaign_id,
        "source_tip_id": i.source_tip_id,
        "planned_at": i.planned_at,
        "completed": i.completed,
    }


def record_values(r: Record, ward: str) -> dict[str, Any]:
    return {
        "inspection_id": r.inspection_id,
        "establishment_id": r.establishment_id,
        "ward": ward,
        "findings": findings_json(r.findings),
        "drafted_by": r.drafted_by,
        "drafted_at": r.drafted_at,
        "supersedes": r.supersedes,
        "amendment_reason": r.amendment_reason,
        "signed_by": r.signed_by,
        "signed_at": r.signed_at,
    }


def record_from_row(r: RecordRow) -> Record:
    return Record(
        id=r.id,
        inspection_id=r.inspection_id,
        establishment_id=r.establishment_id,
        findings=findings_from_json(r.findings),
        drafted_by=r.drafted_by,
        drafted_at=r.drafted_at,
        supersedes=r.supersedes,
        amendment_reason=r.amendment_reason,
        signed_by=r.signed_by,
        signed_at=r.signed_at,
    )


def inspection_from_row(r: InspectionRow, records: list[RecordRow]) -> Inspection:
    return Inspection(
        id=r.id,
        ward=r.ward,
        kind=InspectionKind(r.kind),
        establishment_ids=tuple(r.establishment_ids),
        planned_for=r.planned_for,
        team=Team(r.lead_unit, tuple(r.units), tuple(r.members)),
        campaign_id=r.campaign_id,
        source_tip_id=r.source_tip_id,
        planned_at=r.planned_at,
        records=[record_from_row(x) for x in sorted(records, key=lambda x: x.drafted_at)],
    )
