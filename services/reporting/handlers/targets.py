"""Indicator targets per org unit and year, each change recorded with who made it and why."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from services.reporting.domain.indicators import BASIS_POINTS, BY_CODE, CATALOGUE, Kind
from services.reporting.handlers.scope import wards_of
from services.reporting.repository.snapshots import IndicatorTarget, TargetChange
from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from shared.auth import Principal
from shared.errors import NotFound, Problem


class UnknownIndicator(NotFound):
    pass


class TargetOutOfRange(Problem):
    status, type_slug, title = 422, "target-out-of-range", "Mục tiêu không hợp lệ / Target out of range"


LIMITS = {Kind.RATIO: BASIS_POINTS, Kind.YES_NO: 1, Kind.COUNT: 1_000_000}


async def list_targets(
    uow: ReportingUnitOfWork, principal: Principal, scope: str, year: int
) -> list[dict[str, Any]]:
    async with uow:
        await wards_of(uow.session, principal, scope)
        rows = await uow.session.execute(
            select(IndicatorTarget).where(IndicatorTarget.org_code == scope, IndicatorTarget.year == year)
        )
        set_ = {r.indicator_code: r for r in rows.scalars()}
    return [
        {
            "code": i.code,
            "default_target": i.target,
            "target": set_[i.code].target if i.code in set_ else i.target,
            "comparison": i.comparison.value,
            "set_by": set_[i.code].set_by if i.code in set_ else None,
            "set_at": set_[i.code].set_at.isoformat() if i.code in set_ else None,
        }
        for i in CATALOGUE
    ]


async def set_target(
    uow: ReportingUnitOfWork,
    principal: Principal,
    *,
    scope: str,
    year: int,
    code: str,
    target: int,
    reason: str,
) -> dict[str, Any]:
    indicator = BY_CODE.get(code)
    if indicator is None:
        raise UnknownIndicator(f"no indicator {code!r}")
    if not 0 <= target <= LIMITS[indicator.kind]:
        raise TargetOutOfRange(f"{code} takes a target from 0 to {LIMITS[indicator.kind]}")
    async with uow:
        await wards_of(uow.session, principal, scope)
        old = await uow.session.get(IndicatorTarget, (scope, year, code), with_for_update=True)
        stmt = pg_insert(IndicatorTarget).values(
            org_code=scope, year=year, indicator_code=code, target=target, set_by=principal.id
        )
        await uow.session.execute(
            stmt.on_conflict_do_update(
                index_elements=[
                    IndicatorTarget.org_code,
                    IndicatorTarget.year,
                    IndicatorTarget.indicator_code,
                ],
                set_={"target": target, "set_by": principal.id, "set_at": stmt.excluded.set_at},
            )
        )
        uow.session.add(
            TargetChange(
                org_code=scope, year=year, indicator_code=code, old_target=old.target if old else None,
                new_target=target, reason=reason, actor=principal.id,
            )
        )  # fmt: skip
        await uow.commit()
    return {
        "code": code,
        "scope": scope,
        "year": year,
        "target": target,
        "previous": old.target if old else None,
    }


async def history(uow: ReportingUnitOfWork, principal: Principal, scope: str) -> list[dict[str, Any]]:
    async with uow:
        await wards_of(uow.session, principal, scope)
        rows = await uow.session.execute(
            select(TargetChange)
            .where(TargetChange.org_code == scope)
            .order_by(TargetChange.id.desc())
            .limit(500)
        )
        return [
            {
                "code": r.indicator_code, "year": r.year, "old_target": r.old_target,
                "new_target": r.new_target, "reason": r.reason, "actor": r.actor, "at": r.at.isoformat(),
            }
            for r in rows.scalars()
        ]  # fmt: skip
