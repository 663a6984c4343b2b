"""Rows ↔ domain objects of case_support (no I/O): cases with their ledger, assessments and services,
and referrals with their steps. Personal fields are decrypted and encrypted by the repository."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from services.case_support.domain.case import Case
from services.case_support.domain.consent import Consent, ConsentLedger
from services.case_support.domain.kinds import (
    ClosureReason,
    ConsentMethod,
    ConsentPurpose,
    EnrolmentSource,
    NeedKind,
    ProviderKind,
    ReferralOutcome,
    ServiceCategory,
    ServiceKind,
    ServiceSource,
)
from services.case_support.domain.needs import Assessment, NeedFinding, Unmet
from services.case_support.domain.plan import CasePlan, FollowUp, Plan
from services.case_support.domain.records import CaseStatus, Personal, ServiceRecord
from services.case_support.domain.referral import (
    CancelReason,
    Referral,
    ReferralStatus,
    ReferralStep,
    Stepped,
)
from services.case_support.repository.tables import (
    AssessmentRow,
    CaseRow,
    ConsentRow,
    ReferralRow,
    ServiceRow,
)


def plan_values(c: Case) -> dict[str, Any]:
    """The plan and follow-ups as JSON, notes in clear (the repository encrypts them)."""
    p = c.plan.plan
    return {
        "plan": None
        if p is None
        else {
            "goals": [g.value for g in p.goals], "by": p.by, "at": p.at.isoformat(),
            "review_on": p.review_on.isoformat() if p.review_on else None, "note": p.note,
        },
        "follow_ups": [
            {
                "id": str(f.id), "due_on": f.due_on.isoformat(), "by": f.by, "note": f.note,
                "done_at": f.done_at.isoformat() if f.done_at else None, "done_by": f.done_by,
            }
            for f in c.plan.follow_ups
        ],
    }  # fmt: skip


def plan_from_values(values: dict[str, Any]) -> CasePlan:
    p = values.get("plan")
    plan = (
        None
        if not p
        else Plan(
            tuple(NeedKind(g) for g in p["goals"]), p["by"], dt.datetime.fromisoformat(p["at"]),
            dt.date.fromisoformat(p["review_on"]) if p["review_on"] else None, p["note"],
        )
    )  # fmt: skip
    follow_ups = [
        FollowUp(
            uuid.UUID(f["id"]), dt.date.fromisoformat(f["due_on"]), f["by"], f["note"],
            dt.datetime.fromisoformat(f["done_at"]) if f["done_at"] else None, f["done_by"],
        )
        for f in values.get("follow_ups", [])
    ]  # fmt: skip
    return CasePlan(plan, follow_ups)


def case_values(c: Case) -> dict[str, Any]:
    return {
        "ward": c.ward,
        # A wholly erased case forgets the client's code too: nothing in case support then leads from
        # the case (whose id the published events carry) back to the facts the code was made of.
        "client_code": "" if c.wholly_erased else c.client_code,
        "source": c.source.value,
        "source_tip_id": c.source_tip_id,
        "enrolled_by": c.enrolled_by,
        "enrolled_at": c.enrolled_at,
        "status": c.status.value,
        "closure_reason": c.closure_reason.value if c.closure_reason else None,
        "closed_at": c.closed_at,
        "erased_at": c.erased_at,
        "wholly_erased": c.wholly_erased,
    }


def consent_values(c: Case) -> list[dict[str, Any]]:
    return [
        {
            "case_id": c.id, "seq": i, "purpose": r.purpose.value, "method": r.method.value,
            "taken_by": r.taken_by, "given_at": r.given_at, "provider_id": r.provider_id,
            "withdrawn_at": r.withdrawn_at, "withdrawn_by": r.withdrawn_by,
            "withdrawal_method": r.withdrawal_method.value if r.withdrawal_method else None,
        }
        for i, r in enumerate(c.consents.records)
    ]  # fmt: skip


def assessment_values(case_id: uuid.UUID, a: Assessment) -> dict[str, Any]:
    findings = [
        {"need": f.need.value, "eligible": f.eligible, "rule": f.rule, "unmet": [u.value for u in f.unmet]}
        for f in a.findings
    ]
    return {"id": a.id, "case_id": case_id, "at": a.at, "by": a.by, "findings": findings}


def service_values(case_id: uuid.UUID, s: ServiceRecord) -> dict[str, Any]:
    return {
        "id": s.id, "case_id": case_id, "kind": s.kind.value, "category": s.category.value,
        "received_on": s.received_on, "provider_id": s.provider_id, "provider_kind": s.provider_kind.value,
        "source": s.source.value, "by": s.by, "at": s.at, "referral_id": s.referral_id,
    }  # fmt: skip


def case_from_rows(
    row: CaseRow,
    *,
    plan: CasePlan,
    consents: list[ConsentRow],
    personal: Personal,
    assessments: list[AssessmentRow],
    services: list[ServiceRow],
) -> Case:
    ledger = ConsentLedger(
        [
            Consent(
                ConsentPurpose(r.purpose), ConsentMethod(r.method), r.taken_by, r.given_at, r.provider_id,
                r.withdrawn_at, r.withdrawn_by,
                ConsentMethod(r.withdrawal_method) if r.withdrawal_method else None,
            )
            for r in sorted(consents, key=lambda r: r.seq)
        ]
    )  # fmt: skip
    return Case(
        id=row.id,
        ward=row.ward,
        client_code=row.client_code,
        source=EnrolmentSource(row.source),
        enrolled_by=row.enrolled_by,
        enrolled_at=row.enrolled_at,
        source_tip_id=row.source_tip_id,
        status=CaseStatus(row.status),
        consents=ledger,
        personal=personal,
        assessments=[
            Assessment(
                a.id,
                a.at,
                a.by,
                tuple(
                    NeedFinding(
                        NeedKind(f["need"]), f["eligible"], f["rule"], tuple(Unmet(u) for u in f["unmet"])
                    )
                    for f in a.findings
                ),
            )
            for a in sorted(assessments, key=lambda a: a.at)
        ],
        services=[
            ServiceRecord(
                s.id,
                ServiceKind(s.kind),
                ServiceCategory(s.category),
                s.received_on,
                s.provider_id,
                ProviderKind(s.provider_kind),
                ServiceSource(s.source),
                s.by,
                s.at,
                s.referral_id,
            )
            for s in sorted(services, key=lambda s: (s.at, str(s.id)))
        ],
        plan=plan,
        closure_reason=ClosureReason(row.closure_reason) if row.closure_reason else None,
        closed_at=row.closed_at,
        erased_at=row.erased_at,
        wholly_erased=row.wholly_erased,
    )


def _step_values(s: Stepped) -> dict[str, Any]:
    return {
        "step": s.step.value, "from": s.from_status.value, "to": s.to_status.value, "by": s.by,
        "at": s.at.isoformat(), "outcome": s.outcome.value if s.outcome else None,
        "cancel_reason": s.cancel_reason.value if s.cancel_reason else None,
    }  # fmt: skip


def referral_values(r: Referral, ward: str) -> dict[str, Any]:
    return {
        "ward": ward, "case_id": r.case_id, "client_code": r.client_code, "kind": r.kind.value,
        "provider_id": r.provider_id, "provider_kind": r.provider_kind.value, "made_by": r.made_by,
        "made_at": r.made_at, "shares_details": r.shares_details, "status": r.status.value,
        "outcome": r.outcome.value if r.outcome else None,
        "history": [_step_values(s) for s in r.history],
    }  # fmt: skip


def referral_from_row(row: ReferralRow) -> Referral:
    history = [
        Stepped(
            ReferralStep(h["step"]), ReferralStatus(h["from"]), ReferralStatus(h["to"]), h["by"],
            dt.datetime.fromisoformat(h["at"]),
            ReferralOutcome(h["outcome"]) if h["outcome"] else None,
            CancelReason(h["cancel_reason"]) if h["cancel_reason"] else None,
        )
        for h in row.history
    ]  # fmt: skip
    return Referral(
        row.id, row.case_id, row.client_code, ServiceKind(row.kind), row.provider_id,
        ProviderKind(row.provider_kind), row.made_by, row.made_at, row.shares_details,
        ReferralStatus(row.status), ReferralOutcome(row.outcome) if row.outcome else None, history,
    )  # fmt: skip
