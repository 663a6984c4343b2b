"""Referrals to providers (made → accepted | declined → completed | not completed), the providers
directory, and the tips routed to case support waiting for an enrolment."""

from __future__ import annotations

import uuid
from typing import Any

from services.case_support.domain.kinds import ProviderKind, ReferralOutcome, ServiceKind
from services.case_support.domain.referral import CancelReason, Referral, follow_ups_due
from services.case_support.handlers.access import NotFound, visible_case
from services.case_support.handlers.cases import refused
from services.case_support.handlers.deps import CaseSupportDeps
from services.case_support.handlers.views import provider_view, referral_view, request_view
from services.case_support.repository import CaseSupportUnitOfWork, provider_of
from shared.auth import Principal
from shared.idempotency import StoredResponse, request_fingerprint
from shared.schemas import local_time


async def make(
    uow: CaseSupportUnitOfWork, d: CaseSupportDeps, p: Principal, case_id: uuid.UUID, *,
    kind: ServiceKind, provider_id: str, shares_details: bool, idempotency_key: str | None = None,
) -> tuple[StoredResponse, bool]:  # fmt: skip
    """Refer the client: refused (and audited) without the consent for the purpose, or to a provider
    that does not offer the service."""

    async def create() -> dict[str, Any]:
        case = await visible_case(uow, p, case_id, "refer", for_update=True)
        row = await uow.providers.get(provider_id)
        if row is None:
            raise NotFound("đơn vị cung cấp / provider", provider_id)
        try:
            referral = case.refer(
                referral_id=uuid.uuid4(), kind=kind, provider=provider_of(row), by=p.id, at=d.clock(),
                shares_details=shares_details,
            )  # fmt: skip
        except ValueError:
            await refused(uow, p, case_id, "refer")
            raise
        uow.referrals.add(referral)
        return referral_view(referral)

    fingerprint = request_fingerprint(
        {"case": str(case_id), "kind": kind.value, "provider": provider_id, "shares": shares_details}
    )
    return await uow.create_once(caller=p.key, key=idempotency_key, fingerprint=fingerprint, create=create)


async def _load(uow: CaseSupportUnitOfWork, p: Principal, referral_id: uuid.UUID, action: str) -> Referral:
    referral = await uow.referrals.get(referral_id, for_update=True)
    if referral is None:
        raise NotFound("chuyển gửi / referral", referral_id)
    await visible_case(uow, p, referral.case_id, action)
    return referral


async def step(
    uow: CaseSupportUnitOfWork, d: CaseSupportDeps, p: Principal, referral_id: uuid.UUID, *,
    action: str, outcome: ReferralOutcome | None,
) -> dict[str, Any]:  # fmt: skip
    async with uow:
        r = await _load(uow, p, referral_id, f"referral_{action}")
        at = d.clock()
        try:
            if action == "accept":
                r.accept(p.id, at)
            elif action == "decline":
                r.decline(p.id, at, outcome or ReferralOutcome.CLIENT_DECLINED)
            elif action == "complete":
                r.complete(p.id, at)
            elif action == "cancel":
                r.cancel(p.id, at, CancelReason.MADE_IN_ERROR)
            else:
                r.not_complete(p.id, at, outcome or ReferralOutcome.LOST_TO_FOLLOW_UP)
        except ValueError:
            await refused(uow, p, r.case_id, f"referral_{action}")
            raise
        view = referral_view(r)
        await uow.commit()
        return view


async def of_case(uow: CaseSupportUnitOfWork, p: Principal, case_id: uuid.UUID) -> list[dict[str, Any]]:
    async with uow:
        await visible_case(uow, p, case_id, "read_referrals")
        views = [referral_view(r) for r in await uow.referrals.of_case(case_id)]
        await uow.commit()
        return views


async def due(uow: CaseSupportUnitOfWork, d: CaseSupportDeps, p: Principal) -> list[dict[str, Any]]:
    """Open referrals with no answer or outcome for too long: the follow-up reminders."""
    async with uow:
        rows = await uow.referrals.open_ones()
        found = follow_ups_due(rows, d.clock(), d.follow_up)
        return [
            {"referral_id": str(f.referral_id), "case_id": str(f.case_id), "status": f.status.value,
             "since": local_time(f.since), "due_at": local_time(f.due_at)}
            for f in found
        ]  # fmt: skip


async def put_provider(
    uow: CaseSupportUnitOfWork, provider_id: str, *, name: str, kind: ProviderKind,
    offers: list[ServiceKind], active: bool, address: str, phone: str,
) -> tuple[dict[str, Any], bool]:  # fmt: skip
    values = {
        "name": name, "kind": kind.value, "offers": sorted({o.value for o in offers}), "active": active,
        "address": address, "phone": phone,
    }  # fmt: skip
    async with uow:
        created = await uow.providers.put(provider_id, values)
        row = await uow.providers.get(provider_id)
        assert row is not None
        view = provider_view(row)
        await uow.commit()
        return view, created


async def providers(uow: CaseSupportUnitOfWork, *, active_only: bool) -> list[dict[str, Any]]:
    async with uow:
        return [provider_view(r) for r in await uow.providers.all(active_only=active_only)]


async def provider(uow: CaseSupportUnitOfWork, provider_id: str) -> dict[str, Any]:
    async with uow:
        row = await uow.providers.get(provider_id)
        if row is None:
            raise NotFound("đơn vị cung cấp / provider", provider_id)
        return provider_view(row)


async def requests(uow: CaseSupportUnitOfWork, *, status: str | None, page: int, size: int) -> dict[str, Any]:
    async with uow:
        rows, total = await uow.requests.page(status, page=page, size=size)
        return {"items": [request_view(r) for r in rows], "total": total, "page": page, "page_size": size}
