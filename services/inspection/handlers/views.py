"""How the register and the inspections read in the API: plain dicts of codes, ISO dates and labels."""

from __future__ import annotations

import datetime as dt
from typing import Any

from services.inspection.domain.establishment import Establishment
from services.inspection.domain.inspection import Inspection, Record
from services.inspection.domain.kinds import BUSINESS_TYPE_VI, RISK_VI, STATUS_VI
from services.inspection.repository.mapping import findings_json
from shared.schemas import local_time


def _iso(value: dt.date | dt.time | dt.datetime | None) -> str | None:
    """A day or a time of day as written; an instant in the ward's time (+07:00)."""
    if isinstance(value, dt.datetime):
        return local_time(value)
    return value.isoformat() if value is not None else None


def establishment_view(e: Establishment, today: dt.date) -> dict[str, Any]:
    d, lic = e.details, e.details.licence
    due = e.inspection_due()
    return {
        "id": str(e.id),
        "ward": e.ward,
        "name": d.name,
        "registration_number": d.registration_number,
        "business_types": [t.value for t in d.business_types],
        "business_types_vi": [BUSINESS_TYPE_VI[t] for t in d.business_types],
        "residential_group": d.residential_group,
        "address": d.address,
        "licence": (
            {
                "number": lic.number,
                "issuer": lic.issuer,
                "issued_on": _iso(lic.issued_on),
                "expires_on": _iso(lic.expires_on),
                "valid_today": lic.valid_on(today),
            }
            if lic
            else None
        ),
        "opens_at": d.opens_at.strftime("%H:%M") if d.opens_at else None,
        "closes_at": d.closes_at.strftime("%H:%M") if d.closes_at else None,
        "open_24h": d.open_24h,
        "latitude": d.latitude,
        "longitude": d.longitude,
        "status": e.status.value,
        "status_vi": STATUS_VI[e.status],
        "registered_at": _iso(e.registered_at),
        "risk_class": e.risk_class.value if e.risk_class else None,
        "risk_class_vi": RISK_VI[e.risk_class] if e.risk_class else None,
        "inspection_interval_days": e.inspection_interval_days,
        "last_reviewed_on": _iso(e.last_reviewed_on),
        "next_review_due": _iso(e.next_review_due),
        "review_overdue": e.review_overdue(today),
        "last_inspected_on": _iso(e.last_inspected_on),
        "next_inspection_due": _iso(due),
        "inspection_overdue": e.status.value != "closed" and due is not None and due < today,
        "closure_reason": e.closure_reason.value if e.closure_reason else None,
    }


def record_view(r: Record) -> dict[str, Any]:
    return {
        "id": str(r.id),
        "inspection_id": str(r.inspection_id),
        "establishment_id": str(r.establishment_id),
        "findings": findings_json(r.findings),
        "drafted_by": r.drafted_by,
        "drafted_at": _iso(r.drafted_at),
        "supersedes": str(r.supersedes) if r.supersedes else None,
        "amendment_reason": r.amendment_reason,
        "signed_by": r.signed_by,
        "signed_at": _iso(r.signed_at),
        "final": r.final,
    }


def inspection_view(i: Inspection) -> dict[str, Any]:
    return {
        "id": str(i.id),
        "ward": i.ward,
        "kind": i.kind.value,
        "establishment_ids": [str(x) for x in i.establishment_ids],
        "planned_for": _iso(i.planned_for),
        "team": {"lead_unit": i.team.lead_unit, "units": list(i.team.units), "members": list(i.team.members)},
        "campaign_id": str(i.campaign_id) if i.campaign_id else None,
        "source_tip_id": i.source_tip_id or None,
        "planned_at": _iso(i.planned_at),
        "completed": i.completed,
        "records": [record_view(r) for r in i.records],
    }
