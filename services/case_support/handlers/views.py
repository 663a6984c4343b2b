"""How a case, a referral, a provider and an enrolment request look to the API (never the personal
field values: only which fields hold something)."""

from __future__ import annotations

from typing import Any

from services.case_support.domain.case import Case
from services.case_support.domain.referral import Referral
from services.case_support.repository.tables import AssignmentRow, CaseRow, EnrolmentRequestRow, ProviderRow
from shared.schemas import local_time, local_time_or_none


def case_view(c: Case) -> dict[str, Any]:
    current = c.assessment
    return {
        "id": str(c.id),
        "client_code": "" if c.wholly_erased else c.client_code,
        "status": c.status.value,
        "source": c.source.value,
        "source_tip_id": str(c.source_tip_id) if c.source_tip_id else None,
        "enrolled_by": c.enrolled_by,
        "enrolled_at": local_time(c.enrolled_at),
        "consents": [
            {
                "purpose": r.purpose.value,
                "method": r.method.value,
                "taken_by": r.taken_by,
                "given_at": local_time(r.given_at),
                "provider_id": r.provider_id,
                "withdrawn_at": local_time_or_none(r.withdrawn_at),
                "withdrawn_by": r.withdrawn_by,
            }
            for r in c.consents.records
        ],
        "personal_fields": [n for n in ("name", "phone", "contact") if getattr(c.personal, n)],
        "assessment": None
        if current is None
        else {
            "id": str(current.id),
            "at": local_time(current.at),
            "by": current.by,
            "eligible": current.eligible,
            "has_needs": current.has_needs,
            "findings": [
                {
                    "need": f.need.value,
                    "eligible": f.eligible,
                    "rule": f.rule,
                    "unmet": [u.value for u in f.unmet],
                }
                for f in current.findings
            ],
        },
        "assessments": len(c.assessments),
        "services": [
            {
                "id": str(s.id),
                "kind": s.kind.value,
                "category": s.category.value,
                "received_on": s.received_on.isoformat(),
                "provider_id": s.provider_id,
                "source": s.source.value,
                "referral_id": str(s.referral_id) if s.referral_id else None,
            }
            for s in c.services
        ],
        "plan": None
        if c.plan.plan is None
        else {
            "goals": [g.value for g in c.plan.plan.goals],
            "by": c.plan.plan.by,
            "at": local_time(c.plan.plan.at),
            "review_on": c.plan.plan.review_on.isoformat() if c.plan.plan.review_on else None,
        },
        "follow_ups": [
            {
                "id": str(f.id),
                "due_on": f.due_on.isoformat(),
                "by": f.by,
                "done_at": local_time_or_none(f.done_at),
                "done_by": f.done_by,
            }
            for f in c.plan.follow_ups
        ],
        "notes": list(c.plan.notes_present()),
        "closure_reason": c.closure_reason.value if c.closure_reason else None,
        "closed_at": local_time_or_none(c.closed_at),
        "erased_at": local_time_or_none(c.erased_at),
    }


def case_summary(r: CaseRow) -> dict[str, Any]:
    return {
        "id": str(r.id), "client_code": r.client_code, "status": r.status, "source": r.source,
        "enrolled_at": local_time(r.enrolled_at),
        "closed_at": local_time_or_none(r.closed_at),
    }  # fmt: skip


def assignment_view(a: AssignmentRow) -> dict[str, Any]:
    return {
        "case_id": str(a.case_id), "collaborator": a.collaborator, "assigned_by": a.assigned_by,
        "assigned_at": local_time(a.assigned_at), "ended_at": local_time_or_none(a.ended_at),
        "ended_by": a.ended_by, "current": a.ended_at is None,
    }  # fmt: skip


def referral_view(r: Referral) -> dict[str, Any]:
    return {
        "id": str(r.id), "case_id": str(r.case_id), "service_kind": r.kind.value,
        "service_category": r.category.value, "provider_id": r.provider_id, "made_by": r.made_by,
        "made_at": local_time(r.made_at), "shares_details": r.shares_details, "status": r.status.value,
        "outcome": r.outcome.value if r.outcome else None,
        "history": [
            {"step": s.step.value, "to": s.to_status.value, "by": s.by, "at": local_time(s.at),
             "outcome": s.outcome.value if s.outcome else None}
            for s in r.history
        ],
    }  # fmt: skip


def provider_view(p: ProviderRow) -> dict[str, Any]:
    return {
        "id": p.id, "name": p.name, "kind": p.kind, "offers": sorted(p.offers), "active": p.active,
        "address": p.address, "phone": p.phone,
    }  # fmt: skip


def request_view(r: EnrolmentRequestRow) -> dict[str, Any]:
    return {
        "tip_id": str(r.tip_id), "routed_at": local_time(r.routed_at), "status": r.status,
        "case_id": str(r.case_id) if r.case_id else None,
    }  # fmt: skip
