"""Case use cases: enrol, read (audited), consents, personal fields, assessments, services, closure,
erasure, assignment, lists and counts. Each loads, applies the domain rule and commits; the unit of
work publishes the events."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from services.case_support.domain.case import Case
from services.case_support.domain.consent import referral_purpose
from services.case_support.domain.kinds import (
    ClosureReason,
    ConsentMethod,
    ConsentPurpose,
    EnrolmentSource,
    NeedKind,
    ProviderKind,
    ServiceKind,
    ServiceSource,
)
from services.case_support.domain.needs import Circumstances, assess
from services.case_support.domain.pseudonym import ClientFacts
from services.case_support.domain.records import ErasureReason, Personal
from services.case_support.domain.referral import CancelReason, Referral
from services.case_support.handlers.access import (
    DuplicateClient,
    NotFound,
    checked_reason,
    is_case_worker,
    may_see,
    visible_case,
)
from services.case_support.handlers.deps import CaseSupportDeps
from services.case_support.handlers.views import assignment_view, case_summary, case_view
from services.case_support.repository import CaseFilter, CaseSupportUnitOfWork
from shared.auth import Principal
from shared.disclosure import disclose_parts
from shared.idempotency import StoredResponse, request_fingerprint


async def enrol(
    uow: CaseSupportUnitOfWork,
    d: CaseSupportDeps,
    p: Principal,
    *,
    facts: ClientFacts,
    source: EnrolmentSource,
    method: ConsentMethod,
    purposes: Iterable[ConsentPurpose],
    source_tip_id: uuid.UUID | None,
    idempotency_key: str | None,
) -> tuple[StoredResponse, bool]:
    """Open a case for the client of these facts (which are not kept: only the code they give)."""
    key_id, code = d.code(facts)
    candidates = d.candidates(facts)
    given = list(purposes)

    async def create() -> dict[str, Any]:
        existing = await uow.cases.open_with_code(uow.ward, candidates)
        if existing is not None:
            visible = await may_see(uow, p, existing.id)
            raise DuplicateClient(existing.id if visible else None)
        case = Case.enrol(
            case_id=uuid.uuid4(), ward=uow.ward, client_code=code, source=source, by=p.id, at=d.clock(),
            method=method, purposes=given, source_tip_id=source_tip_id,
        )  # fmt: skip
        uow.cases.add(case, key_id)
        if source_tip_id is not None:
            if await uow.requests.get(source_tip_id) is None:
                raise NotFound("yêu cầu từ tin báo / enrolment request", source_tip_id)
            await uow.requests.enrolled(source_tip_id, case.id)
        if not is_case_worker(p):  # a collaborator enrolling a client works with them
            await uow.cases.flush()  # the case's row first: the assignment refers to it
            await uow.cases.assign(case.id, p.id, p.id, case.enrolled_at)
        await uow.audit.record(p, "enrol", "case", str(case.id))
        return case_view(case)

    fingerprint = request_fingerprint(
        {"code": code, "source": source.value, "tip": str(source_tip_id), "purposes": sorted(given)}
    )
    return await uow.create_once(caller=p.key, key=idempotency_key, fingerprint=fingerprint, create=create)


async def read(
    uow: CaseSupportUnitOfWork, p: Principal, case_id: uuid.UUID, reason: str | None
) -> dict[str, Any]:
    """A client's record: every read is audited with its purpose."""
    async with uow:
        case = await visible_case(uow, p, case_id, "read", reason=(reason or "").strip())
        view = case_view(case)
        await uow.commit()
        return view


async def break_glass(
    uow: CaseSupportUnitOfWork, p: Principal, case_id: uuid.UUID, reason: str | None
) -> dict[str, Any]:
    """A leader opens one record outside their normal scope, with a stated reason, flagged."""
    why = checked_reason(reason)
    async with uow:
        case = await uow.cases.get(case_id, uow.ward)
        if case is None:
            raise NotFound("hồ sơ / case", case_id)
        await uow.audit.record(p, "break_glass_read", "case", str(case_id), reason=why)
        view = case_view(case)
        await uow.commit()
        return view


async def refused(uow: CaseSupportUnitOfWork, p: Principal, case_id: uuid.UUID, action: str) -> None:
    """A refused step on a record: nothing of it is written, but the attempt is audited."""
    await uow.session.rollback()
    await uow.audit.record(p, f"{action}_refused", "case", str(case_id))
    await uow.session.commit()


async def end_referrals(
    uow: CaseSupportUnitOfWork, case: Case, by: str, at: dt.datetime, ends: Callable[[Referral], bool]
) -> None:
    """Cancel the case's open referrals ``ends`` picks: its consent withdrawn, or the case closed."""
    for r in await uow.referrals.of_case(case.id):
        if r.is_open and (not case.is_open or ends(r)):
            tracked = await uow.referrals.get(r.id, for_update=True)
            if tracked is not None:
                reason = CancelReason.CASE_CLOSED if not case.is_open else CancelReason.CONSENT_WITHDRAWN
                tracked.cancel(by, at, reason)


async def step(
    uow: CaseSupportUnitOfWork,
    p: Principal,
    case_id: uuid.UUID,
    action: str,
    apply: Any,
    *,
    ends: Callable[[Referral], bool] | None = None,
    at: dt.datetime | None = None,
) -> dict[str, Any]:
    """Load the case the caller may see, apply the rule, commit; a refusal is audited. With ``ends``,
    the open referrals it picks (all of them once the case is closed) are cancelled."""
    async with uow:
        case = await visible_case(uow, p, case_id, action, for_update=True)
        try:
            apply(case)
        except ValueError:
            await refused(uow, p, case_id, action)
            raise
        if ends is not None and at is not None:
            await end_referrals(uow, case, p.id, at, ends)
        view = case_view(case)
        await uow.commit()
        return view


async def grant_consent(
    uow: CaseSupportUnitOfWork, d: CaseSupportDeps, p: Principal, case_id: uuid.UUID, *,
    purpose: ConsentPurpose, method: ConsentMethod, provider_id: str,
) -> dict[str, Any]:  # fmt: skip
    return await step(
        uow, p, case_id, "grant_consent",
        lambda c: c.grant_consent(purpose, by=p.id, at=d.clock(), method=method, provider_id=provider_id),
    )  # fmt: skip


async def withdraw_consent(
    uow: CaseSupportUnitOfWork, d: CaseSupportDeps, p: Principal, case_id: uuid.UUID, *,
    purpose: ConsentPurpose, method: ConsentMethod, provider_id: str,
) -> dict[str, Any]:  # fmt: skip
    """At once: referrals for the purpose are refused from now on and the open ones cancelled; its
    contact fields are erased."""

    def ends(r: Referral) -> bool:
        if purpose is ConsentPurpose.PROVIDER_SHARING:
            return r.shares_details and r.provider_id == provider_id
        return referral_purpose(r.kind) is purpose

    now = d.clock()
    return await step(
        uow, p, case_id, "withdraw_consent",
        lambda c: c.withdraw_consent(purpose, by=p.id, at=now, method=method, provider_id=provider_id),
        ends=ends, at=now,
    )  # fmt: skip


async def set_personal(
    uow: CaseSupportUnitOfWork, d: CaseSupportDeps, p: Principal, case_id: uuid.UUID, personal: Personal
) -> dict[str, Any]:
    return await step(
        uow, p, case_id, "set_personal", lambda c: c.set_personal(personal, by=p.id, at=d.clock())
    )


async def read_personal(
    uow: CaseSupportUnitOfWork, p: Principal, case_id: uuid.UUID, reason: str | None
) -> dict[str, Any]:
    """The personal fields, for a stated reason (audited, with the fields read)."""
    why = checked_reason(reason)
    async with uow:
        case = await visible_case(
            uow,
            p,
            case_id,
            "read_personal",
            reason=why,
            fields=("name", "phone", "contact", "plan_note", "follow_up_notes"),
        )
        try:
            personal = case.read_personal()
        except Exception:
            await uow.session.commit()  # the refused attempt stays in the audit
            raise
        await uow.commit()
        plan = case.plan
        return {
            "name": personal.name, "phone": personal.phone, "contact": personal.contact,
            "plan_note": plan.plan.note if plan.plan is not None and plan.plan.note else None,
            "follow_up_notes": {str(f.id): f.note for f in plan.follow_ups if f.note},
        }  # fmt: skip


async def once(
    uow: CaseSupportUnitOfWork, p: Principal, key: str | None, fingerprint: dict[str, Any],
    create: Callable[[], Awaitable[dict[str, Any]]],
) -> tuple[StoredResponse, bool]:  # fmt: skip
    """One transaction: ``create`` and its Idempotency-Key (a step on a case answers 200, not 201);
    without a key, ``create`` alone, as before."""
    return await uow.create_once(
        caller=p.key, key=key, fingerprint=request_fingerprint(fingerprint), create=create, status_code=200
    )


async def assess_needs(
    uow: CaseSupportUnitOfWork, d: CaseSupportDeps, p: Principal, case_id: uuid.UUID, *,
    needs: Iterable[NeedKind], circumstances: Circumstances, idempotency_key: str | None = None,
) -> tuple[StoredResponse, bool]:  # fmt: skip
    found = list(needs)

    async def create() -> dict[str, Any]:
        case = await visible_case(uow, p, case_id, "assess", for_update=True)
        try:
            case.assess(assess(
                assessment_id=uuid.uuid4(), at=d.clock(), by=p.id, needs=found, circumstances=circumstances,
            ))  # fmt: skip
        except ValueError:
            await refused(uow, p, case_id, "assess")
            raise
        return case_view(case)

    fingerprint = {
        "route": "assess", "case": str(case_id), "needs": sorted(n.value for n in found),
        "circumstances": [circumstances.age, circumstances.lives_in_ward, circumstances.wants_reintegration],
    }  # fmt: skip
    return await once(uow, p, idempotency_key, fingerprint, create)


async def record_service(
    uow: CaseSupportUnitOfWork, d: CaseSupportDeps, p: Principal, case_id: uuid.UUID, *,
    kind: ServiceKind, received_on: dt.date, provider_id: str, source: ServiceSource,
    referral_id: uuid.UUID | None, idempotency_key: str | None = None,
) -> tuple[StoredResponse, bool]:  # fmt: skip
    async def create() -> dict[str, Any]:
        case = await visible_case(uow, p, case_id, "record_service", for_update=True)
        provider = await uow.providers.get(provider_id)
        if provider is None:
            raise NotFound("đơn vị cung cấp / provider", provider_id)
        referral = None
        if referral_id is not None:
            referral = await uow.referrals.get(referral_id, for_update=True)
            if referral is None:
                raise NotFound("chuyển gửi / referral", referral_id)
        try:
            case.record_service(
                record_id=uuid.uuid4(), kind=kind, received_on=received_on, provider_id=provider_id,
                provider_kind=ProviderKind(provider.kind), source=source, by=p.id, at=d.clock(),
                referral=referral,
            )  # fmt: skip
        except ValueError:
            await refused(uow, p, case_id, "record_service")
            raise
        return case_view(case)

    fingerprint = {
        "route": "record_service", "case": str(case_id), "kind": kind.value, "received_on": received_on,
        "provider": provider_id, "source": source.value, "referral": str(referral_id),
    }  # fmt: skip
    return await once(uow, p, idempotency_key, fingerprint, create)


async def close(
    uow: CaseSupportUnitOfWork, d: CaseSupportDeps, p: Principal, case_id: uuid.UUID, reason: ClosureReason
) -> dict[str, Any]:
    now = d.clock()
    return await step(
        uow, p, case_id, "close", lambda c: c.close(reason, by=p.id, at=now), ends=lambda _r: False, at=now
    )


async def reopen(
    uow: CaseSupportUnitOfWork, d: CaseSupportDeps, p: Principal, case_id: uuid.UUID
) -> dict[str, Any]:
    return await step(uow, p, case_id, "reopen", lambda c: c.reopen(by=p.id, at=d.clock()))


async def erase(
    uow: CaseSupportUnitOfWork, d: CaseSupportDeps, p: Principal, case_id: uuid.UUID
) -> dict[str, Any]:
    """At the client's request: an open case is closed (the client withdrew), identifying fields are
    cleared and the reporting key destroyed (what was published no longer leads to the client)."""

    at = d.clock()

    def apply(c: Case) -> None:
        if c.is_open:
            c.close(ClosureReason.CLIENT_WITHDREW, by=p.id, at=at)
        c.erase(by=p.id, at=at, reason=ErasureReason.CLIENT_REQUEST)

    return await step(uow, p, case_id, "erase", apply, ends=lambda _r: False, at=at)


async def assign(
    uow: CaseSupportUnitOfWork, d: CaseSupportDeps, p: Principal, case_id: uuid.UUID, collaborator: str
) -> dict[str, Any]:
    async with uow:
        await visible_case(uow, p, case_id, "assign")
        await uow.cases.assign(case_id, collaborator, p.id, d.clock())
        await uow.commit()
        return {"case_id": str(case_id), "collaborator": collaborator}


async def assignments(uow: CaseSupportUnitOfWork, p: Principal, case_id: uuid.UUID) -> list[dict[str, Any]]:
    """Who works (and worked) with the client: current and ended assignments (the read is audited)."""
    async with uow:
        await visible_case(uow, p, case_id, "read_collaborators")
        views = [assignment_view(r) for r in await uow.cases.assignments(case_id)]
        await uow.commit()
        return views


async def end_assignment(
    uow: CaseSupportUnitOfWork, d: CaseSupportDeps, p: Principal, case_id: uuid.UUID, collaborator: str
) -> dict[str, Any]:
    """The collaborator stops working with the client: from now on they no longer see the record.
    Without a current assignment, "not found" (the refused attempt is audited)."""
    async with uow:
        await visible_case(uow, p, case_id, "end_assignment")
        row = await uow.cases.end_assignment(case_id, collaborator, p.id, d.clock())
        if row is None:
            await refused(uow, p, case_id, "end_assignment")
            raise NotFound("phân công cộng tác viên / collaborator assignment", collaborator)
        view = assignment_view(row)
        await uow.commit()
        return view


async def page(
    uow: CaseSupportUnitOfWork, p: Principal, *, status: str | None, page: int, size: int
) -> dict[str, Any]:
    """The ward's clients for a case worker; a collaborator's own clients (codes only, audited)."""
    f = CaseFilter(status=status, collaborator=None if is_case_worker(p) else p.id)
    async with uow:
        rows, total = await uow.cases.page(uow.ward, f, page=page, size=size)
        await uow.audit.record(p, "list", "case", "*")
        items = [case_summary(r) for r in rows]
        await uow.commit()
        return {"items": items, "total": total, "page": page, "page_size": size}


async def counts(uow: CaseSupportUnitOfWork, d: CaseSupportDeps) -> dict[str, Any]:
    """How many cases, by status: what leaders see (no person), through small-cell suppression."""
    async with uow:
        by_status = await uow.cases.counts(uow.ward)
    parts = {"open": by_status.get("open", 0), "closed": by_status.get("closed", 0)}
    shown, total = disclose_parts(parts, d.small_cell_threshold)
    withheld = total is None or None in shown.values()
    return {**shown, "total": total, "suppressed": withheld, "threshold": d.small_cell_threshold}


async def erase_due(uow: CaseSupportUnitOfWork, d: CaseSupportDeps) -> int:
    """Retention: erase the identifying fields of the cases closed longer than the retention period
    and destroy their reporting keys. The pseudonymous facts stay, so the indicators do not change."""
    now = d.clock()
    async with uow:
        ids = await uow.cases.due_for_erasure(uow.ward, now - d.retention)
        for case_id in ids:
            case = await uow.cases.get(case_id, uow.ward, for_update=True)
            if case is not None and case.closed_at is not None:
                case.erase(by="system:retention", at=now, reason=ErasureReason.RETENTION)
        await uow.commit()
        return len(ids)
