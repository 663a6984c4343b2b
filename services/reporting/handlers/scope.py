"""Who may see which org unit, and which wards a scope covers; the org units' list and seeding."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from services.reporting.handlers.deps import ReportingDeps
from services.reporting.handlers.errors import ScopeForbidden, ScopeNotFound
from services.reporting.repository.snapshots import OrgUnit
from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from services.reporting.settings import OrgUnitSetting
from shared.auth import Principal


def sees(principal: Principal, unit: OrgUnit) -> bool:
    """A ward's staff see their ward; a city's staff see the city and its wards."""
    return principal.ward in (unit.code, unit.parent_code)


def wards_in(units: Sequence[OrgUnit], principal: Principal, scope: str) -> tuple[str, ...]:
    """The wards ``scope`` covers among ``units``, once the caller is known to be allowed to see it."""
    unit = next((u for u in units if u.code == scope), None)
    if unit is None:
        raise ScopeNotFound(f"no org unit {scope!r}")
    if not sees(principal, unit):
        raise ScopeForbidden(f"{scope!r} is outside your ward or city")
    if unit.level == "ward":
        return (unit.code,)
    return tuple(sorted(u.code for u in units if u.parent_code == unit.code))


async def wards_of(uow: ReportingUnitOfWork, principal: Principal, scope: str) -> tuple[str, ...]:
    """The wards a scope covers (in an open unit of work); refuses a scope the caller may not see."""
    return wards_in(await uow.org_units.all(), principal, scope)


async def visible_units(
    uow: ReportingUnitOfWork, deps: ReportingDeps, principal: Principal
) -> list[dict[str, Any]]:
    """The org units the caller may see (cities first)."""
    async with uow:  # rows expire when the block ends: read them inside it
        return [
            {
                "code": u.code,
                "name_vi": u.name_vi,
                "name_en": u.name_en,
                "parent": u.parent_code,
                "level": u.level,
            }
            for u in await uow.org_units.all()
            if sees(principal, u)
        ]


async def seed_units(uow: ReportingUnitOfWork, configured: Sequence[OrgUnitSetting], own_ward: str) -> None:
    """Insert the configured hierarchy (cities first); the deployment's own ward always exists."""
    rows = [u for u in configured if u.level == "city"] + [u for u in configured if u.level == "ward"]
    if own_ward not in {u.code for u in rows}:
        city = next((u.code for u in rows if u.level == "city"), None)
        rows.append(
            OrgUnitSetting(code=own_ward, name_vi=own_ward, name_en=own_ward, level="ward", parent=city)
        )
    units = [
        OrgUnit(code=u.code, name_vi=u.name_vi, name_en=u.name_en, level=u.level, parent_code=u.parent)
        for u in rows
    ]
    async with uow:
        await uow.org_units.add_missing(units)
        await uow.commit()
