"""Indicator targets per org unit and year, each change recorded with who made it and why."""

from __future__ import annotations

from typing import Any

from services.reporting.domain.indicators import BASIS_POINTS, BY_CODE, CATALOGUE, Kind
from services.reporting.handlers.commands import SetTarget, TargetHistory, TargetsOf
from services.reporting.handlers.deps import ReportingDeps
from services.reporting.handlers.errors import TargetOutOfRange, UnknownIndicator
from services.reporting.handlers.scope import wards_of
from services.reporting.repository.snapshots import TargetChange
from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from shared.auth import Principal
from shared.schemas import local_time

LIMITS = {Kind.RATIO: BASIS_POINTS, Kind.YES_NO: 1, Kind.COUNT: 1_000_000}


async def list_targets(
    uow: ReportingUnitOfWork, deps: ReportingDeps, query: TargetsOf, principal: Principal
) -> list[dict[str, Any]]:
    """Every indicator's target for the org unit and year: the one set, or the catalogue's."""
    async with uow:
        await wards_of(uow, principal, query.scope)
        set_ = await uow.targets.for_year(query.scope, query.year)
    return [
        {
            "code": i.code,
            "default_target": i.target,
            "target": set_[i.code].target if i.code in set_ else i.target,
            "comparison": i.comparison.value,
            "set_by": set_[i.code].set_by if i.code in set_ else None,
            "set_at": local_time(set_[i.code].set_at) if i.code in set_ else None,
        }
        for i in CATALOGUE
    ]


async def set_target(
    uow: ReportingUnitOfWork, deps: ReportingDeps, cmd: SetTarget, principal: Principal
) -> dict[str, Any]:
    indicator = BY_CODE.get(cmd.code)
    if indicator is None:
        raise UnknownIndicator(f"no indicator {cmd.code!r}")
    if not 0 <= cmd.target <= LIMITS[indicator.kind]:
        raise TargetOutOfRange(f"{cmd.code} takes a target from 0 to {LIMITS[indicator.kind]}")
    async with uow:
        await wards_of(uow, principal, cmd.scope)
        previous = await uow.targets.current(cmd.scope, cmd.year, cmd.code, for_update=True)
        await uow.targets.put(cmd.scope, cmd.year, cmd.code, cmd.target, principal.id)
        await uow.targets.add_change(
            TargetChange(
                org_code=cmd.scope, year=cmd.year, indicator_code=cmd.code, old_target=previous,
                new_target=cmd.target, reason=cmd.reason, actor=principal.id,
            )
        )  # fmt: skip
        await uow.commit()
    return {
        "code": cmd.code,
        "scope": cmd.scope,
        "year": cmd.year,
        "target": cmd.target,
        "previous": previous,
    }


async def history(
    uow: ReportingUnitOfWork, deps: ReportingDeps, query: TargetHistory, principal: Principal
) -> list[dict[str, Any]]:
    """Who changed which of the org unit's targets, newest first (at most 500)."""
    async with uow:
        await wards_of(uow, principal, query.scope)
        return [
            {
                "code": r.indicator_code, "year": r.year, "old_target": r.old_target,
                "new_target": r.new_target, "reason": r.reason, "actor": r.actor, "at": local_time(r.at),
            }
            for r in await uow.targets.history(query.scope)
        ]  # fmt: skip
