"""The register's use cases: register, correct, step through the lifecycle, read the owner's details."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import asdict
from typing import Any

from sqlalchemy.exc import IntegrityError

from services.inspection.domain.establishment import Details, Establishment
from services.inspection.domain.kinds import ClosureReason
from services.inspection.handlers.deps import InspectionDeps
from services.inspection.handlers.views import establishment_view
from services.inspection.repository import EstablishmentFilter, InspectionUnitOfWork
from shared.auth import Principal
from shared.idempotency import StoredResponse, request_fingerprint

PRIVATE_FIELDS = ("owner_name", "owner_phone", "owner_id_number")


class NotFound(LookupError):
    pass


class DuplicateRegistration(Exception):
    """The ward's register already has this business registration number."""

    def __init__(self, number: str) -> None:
        self.number = number
        super().__init__(
            f"Số đăng ký kinh doanh {number} đã có trong sổ theo dõi. / "
            f"Registration number {number} is already in the register."
        )

    def problem_extras(self) -> dict[str, object]:
        return {"registration_number": self.number}


class UnknownResidentialGroup(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(
            f"Tổ dân phố '{code}' không thuộc phường. / '{code}' is not a residential group of the ward."
        )


class ReasonRequired(ValueError):
    """Reading an owner's personal details needs a stated reason (it is audited)."""


def check_group(deps: InspectionDeps, code: str) -> None:
    if deps.residential_groups and code not in deps.residential_groups:
        raise UnknownResidentialGroup(code)


async def register(
    uow: InspectionUnitOfWork,
    deps: InspectionDeps,
    details: Details,
    private: dict[str, str],
    principal: Principal,
    *,
    idempotency_key: str | None,
) -> tuple[StoredResponse, bool]:
    """Add an establishment (EstablishmentRegistered is published with it); its owner's details encrypted."""
    check_group(deps, details.residential_group)

    async def create() -> dict[str, Any]:
        if await uow.establishments.by_registration(principal.ward, [details.registration_number]):
            raise DuplicateRegistration(details.registration_number)
        e = Establishment.register(uuid.uuid4(), principal.ward, details, deps.clock())
        uow.establishments.add(e)
        await uow.establishments.flush()  # the row first: the private fields refer to it
        await uow.establishments.set_private(e.id, private)
        return establishment_view(e, deps.today())

    fingerprint = request_fingerprint(
        {
            "details": repr(asdict(details)),
            "private": hashlib.sha256(repr(sorted(private.items())).encode()).hexdigest(),
        }
    )
    try:
        return await uow.create_once(
            caller=principal.key, key=idempotency_key, fingerprint=fingerprint, create=create
        )
    except IntegrityError as exc:  # two requests racing for the same number: the unique key decides
        raise DuplicateRegistration(details.registration_number) from exc


async def load(
    uow: InspectionUnitOfWork, establishment_id: uuid.UUID, principal: Principal, *, for_update: bool = False
) -> Establishment:
    e = await uow.establishments.get(establishment_id, principal.ward, for_update=for_update)
    if e is None:
        raise NotFound(f"no establishment {establishment_id} in ward {principal.ward}")
    return e


async def get(
    uow: InspectionUnitOfWork, deps: InspectionDeps, establishment_id: uuid.UUID, principal: Principal
) -> dict[str, Any]:
    async with uow:
        return establishment_view(await load(uow, establishment_id, principal), deps.today())


async def page(
    uow: InspectionUnitOfWork,
    deps: InspectionDeps,
    principal: Principal,
    f: EstablishmentFilter,
    *,
    page: int,
    size: int,
) -> dict[str, Any]:
    today = deps.today()
    async with uow:
        items, total = await uow.establishments.page(
            principal.ward, EstablishmentFilter(**{**asdict(f), "today": today}), page=page, size=size
        )
    return {
        "items": [establishment_view(e, today) for e in items],
        "total": total,
        "page": page,
        "page_size": size,
    }


async def update(
    uow: InspectionUnitOfWork,
    deps: InspectionDeps,
    establishment_id: uuid.UUID,
    details: Details,
    principal: Principal,
) -> dict[str, Any]:
    check_group(deps, details.residential_group)
    async with uow:
        e = await load(uow, establishment_id, principal, for_update=True)
        if details.registration_number != e.details.registration_number:
            other = await uow.establishments.by_registration(principal.ward, [details.registration_number])
            if other:
                raise DuplicateRegistration(details.registration_number)
        e.update(details, deps.clock())
        await uow.commit()
    return establishment_view(e, deps.today())


async def step(
    uow: InspectionUnitOfWork,
    deps: InspectionDeps,
    establishment_id: uuid.UUID,
    principal: Principal,
    action: str,
    *,
    reason: str = "",
    closure_reason: ClosureReason | None = None,
) -> dict[str, Any]:
    """activate | suspend | close | reopen."""
    now = deps.clock()
    async with uow:
        e = await load(uow, establishment_id, principal, for_update=True)
        if action == "activate":
            e.activate(now, reason)
        elif action == "suspend":
            e.suspend(now, reason)
        elif action == "close":
            e.close(now, closure_reason or ClosureReason.OTHER)
        elif action == "reopen":
            e.reopen(now)
        else:
            raise ValueError(f"unknown step {action!r}")
        await uow.commit()
    return establishment_view(e, deps.today())


async def read_private(
    uow: InspectionUnitOfWork, establishment_id: uuid.UUID, principal: Principal, reason: str
) -> dict[str, Any]:
    """The owner or manager's details, decrypted; the read is audited with its reason in the same commit."""
    if not reason.strip():
        raise ReasonRequired("Cần nêu lý do xem thông tin cá nhân. / State why you read personal details.")
    async with uow:
        await load(uow, establishment_id, principal)
        values = await uow.establishments.read_private(establishment_id)
        await uow.audit.record(
            principal,
            "read_private",
            "establishment",
            str(establishment_id),
            fields=list(values),
            reason=reason,
        )
        await uow.commit()
    return {"establishment_id": str(establishment_id), "fields": values}


async def set_private(
    uow: InspectionUnitOfWork, establishment_id: uuid.UUID, principal: Principal, values: dict[str, str]
) -> list[str]:
    """Replace the owner's details (an empty value erases a field); audited."""
    async with uow:
        await load(uow, establishment_id, principal, for_update=True)
        written = await uow.establishments.set_private(establishment_id, values)
        await uow.audit.record(
            principal, "write_private", "establishment", str(establishment_id), fields=list(values)
        )
        await uow.commit()
    return written
