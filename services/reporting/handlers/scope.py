"""Who may see which org unit, and which wards a scope covers."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.reporting.repository.snapshots import OrgUnit
from services.reporting.settings import OrgUnitSetting
from shared.auth import Principal
from shared.errors import Forbidden, NotFound


class ScopeNotFound(NotFound):
    pass


class ScopeForbidden(Forbidden):
    pass


async def units(session: AsyncSession) -> list[OrgUnit]:
    return list((await session.execute(select(OrgUnit).order_by(OrgUnit.level, OrgUnit.code))).scalars())


async def visible_units(session: AsyncSession, principal: Principal) -> list[OrgUnit]:
    """A ward's staff see their ward; a city's staff see the city and its wards."""
    return [u for u in await units(session) if principal.ward in (u.code, u.parent_code)]


async def wards_of(session: AsyncSession, principal: Principal, scope: str) -> tuple[str, ...]:
    """The wards a scope covers, once the caller is known to be allowed to see it."""
    all_units = await units(session)
    unit = next((u for u in all_units if u.code == scope), None)
    if unit is None:
        raise ScopeNotFound(f"no org unit {scope!r}")
    if principal.ward not in (unit.code, unit.parent_code):
        raise ScopeForbidden(f"{scope!r} is outside your ward or city")
    if unit.level == "ward":
        return (unit.code,)
    return tuple(sorted(u.code for u in all_units if u.parent_code == unit.code))


async def seed_units(session: AsyncSession, configured: tuple[OrgUnitSetting, ...], own_ward: str) -> None:
    """Insert the configured hierarchy (cities first); the deployment's own ward always exists."""
    rows = [u for u in configured if u.level == "city"] + [u for u in configured if u.level == "ward"]
    if own_ward not in {u.code for u in rows}:
        city = next((u.code for u in rows if u.level == "city"), None)
        rows.append(
            OrgUnitSetting(code=own_ward, name_vi=own_ward, name_en=own_ward, level="ward", parent=city)
        )
    for u in rows:
        await session.execute(
            pg_insert(OrgUnit)
            .values(code=u.code, name_vi=u.name_vi, name_en=u.name_en, level=u.level, parent_code=u.parent)
            .on_conflict_do_nothing()
        )
