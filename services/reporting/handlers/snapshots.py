"""Indicator values on demand, and immutable snapshots: prepared by vhxh, approved by ubnd, published."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from uuid6 import uuid7

from services.reporting.domain.indicators import BY_CODE
from services.reporting.domain.periods import Period, PeriodType, last_closed, year
from services.reporting.domain.records import Published
from services.reporting.domain.snapshot import SnapshotContent
from services.reporting.handlers import scope as scopes
from services.reporting.repository.breakdowns import Breakdowns
from services.reporting.repository.measures import ReportSchedule
from services.reporting.repository.snapshots import IndicatorTarget, OrgUnit, Snapshot
from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from shared.auth import Principal
from shared.errors import Conflict, NotFound

SYSTEM = "system:reporting"


class SnapshotNotFound(NotFound):
    pass


class SnapshotNotPrepared(Conflict):
    pass


@dataclass(frozen=True)
class ReportingDeps:
    schedule: ReportSchedule
    small_cell_threshold: int
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)


async def _repeatable_read(session: AsyncSession) -> None:
    """Facts and stream positions read in one snapshot of the database, so they agree."""
    await session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


async def targets(session: AsyncSession, scope: str, period: Period) -> dict[str, int]:
    """Targets set for the scope and the period's last year; the catalogue's default otherwise."""
    rows = await session.execute(
        select(IndicatorTarget.indicator_code, IndicatorTarget.target).where(
            IndicatorTarget.org_code == scope, IndicatorTarget.year == period.years()[-1]
        )
    )
    return {code: int(target) for code, target in rows}


async def compute(
    session: AsyncSession, scope: str, wards: tuple[str, ...], period: Period, schedule: ReportSchedule
) -> tuple[SnapshotContent, dict[str, int]]:
    """Every indicator and breakdown of a scope and period, and the stream positions they reflect."""
    measures = Breakdowns(session, wards, period)
    counts = await measures.indicators(schedule)
    goals = await targets(session, scope, period)
    values = tuple(BY_CODE[code].evaluate(n, d, goals.get(code)) for code, (n, d) in counts.items())
    content = SnapshotContent(scope, wards, period, values, tuple(await measures.all(counts)))
    return content, await measures.positions()


def period_view(period: Period) -> dict[str, Any]:
    return {
        "type": period.type.value,
        "code": period.code,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "label_vi": period.label_vi,
        "label_en": period.label_en,
    }


def content_view(content: SnapshotContent) -> dict[str, Any]:
    view = content.canonical()
    view["period"] = period_view(content.period)
    view["content_hash"] = content.content_hash
    return view


async def current_values(
    uow: ReportingUnitOfWork, deps: ReportingDeps, principal: Principal, scope: str, period: Period
) -> dict[str, Any]:
    """The indicators as the read models stand now (not stored)."""
    async with uow:
        await _repeatable_read(uow.session)
        wards = await scopes.wards_of(uow.session, principal, scope)
        content, _ = await compute(uow.session, scope, wards, period, deps.schedule)
    return {**content_view(content), "computed_at": deps.clock().isoformat()}


async def trend(
    uow: ReportingUnitOfWork, deps: ReportingDeps, principal: Principal, scope: str, period: Period
) -> dict[str, Any]:
    """Monthly values over the period (a month shows its whole year)."""
    span = year(period.year) if period.type is PeriodType.MONTH else period
    months = []
    async with uow:
        await _repeatable_read(uow.session)
        wards = await scopes.wards_of(uow.session, principal, scope)
        for m in span.month_periods():
            counts = await Breakdowns(uow.session, wards, m).indicators(deps.schedule)
            goals = await targets(uow.session, scope, m)
            values = [BY_CODE[c].evaluate(n, d, goals.get(c)).as_dict() for c, (n, d) in counts.items()]
            months.append(
                {"period": m.code, "label_vi": m.label_vi, "label_en": m.label_en, "indicators": values}
            )
    return {"scope": scope, "period": period_view(span), "months": months}


def snapshot_view(row: Snapshot) -> dict[str, Any]:
    content = SnapshotContent.from_canonical(row.content)
    return {
        "id": str(row.snapshot_id),
        "scope": row.scope,
        "ward_codes": list(row.ward_codes),
        "period": period_view(content.period),
        "status": row.status,
        "content_hash": row.content_hash,
        "positions": row.positions,
        "computed_at": row.computed_at.isoformat(),
        "prepared_by": row.prepared_by,
        "approved_by": row.approved_by,
        "approved_at": row.approved_at.isoformat() if row.approved_at else None,
        "published_at": row.published_at.isoformat() if row.published_at else None,
        "supersedes_snapshot_id": str(row.supersedes_snapshot_id) if row.supersedes_snapshot_id else None,
        "indicators": [v.as_dict() for v in content.indicators],
        "breakdown": [r.as_dict() for r in content.breakdown],
    }


async def _store(
    session: AsyncSession,
    deps: ReportingDeps,
    actor: str,
    scope: str,
    *,
    wards: tuple[str, ...],
    period: Period,
) -> Snapshot:
    content, positions = await compute(session, scope, wards, period, deps.schedule)
    row = Snapshot(
        snapshot_id=uuid7(),
        scope=scope,
        ward_codes=list(wards),
        period_type=period.type.value,
        period_code=period.code,
        period_start=period.start,
        period_end=period.end,
        content=content.canonical(),
        content_hash=content.content_hash,
        positions=positions,
        computed_at=deps.clock(),
        prepared_by=actor,
        status="prepared",
    )
    session.add(row)
    await session.flush()
    return row


async def prepare(
    uow: ReportingUnitOfWork, deps: ReportingDeps, principal: Principal, scope: str, period: Period
) -> dict[str, Any]:
    """Compute and store a snapshot, waiting for approval."""
    async with uow:
        await _repeatable_read(uow.session)
        wards = await scopes.wards_of(uow.session, principal, scope)
        row = await _store(uow.session, deps, principal.id, scope, wards=wards, period=period)
        view = snapshot_view(row)
        await uow.commit()
    return view


async def _load(
    session: AsyncSession, principal: Principal, snapshot_id: uuid.UUID, lock: bool = False
) -> Snapshot:
    query = select(Snapshot).where(Snapshot.snapshot_id == snapshot_id)
    row = (await session.execute(query.with_for_update() if lock else query)).scalar_one_or_none()
    if row is None:
        raise SnapshotNotFound(f"no snapshot {snapshot_id}")
    await scopes.wards_of(session, principal, row.scope)  # refuses a scope the caller may not see
    return row


async def approve(
    uow: ReportingUnitOfWork, deps: ReportingDeps, principal: Principal, snapshot_id: uuid.UUID
) -> dict[str, Any]:
    """Approve a prepared snapshot and publish it for the city in the same transaction."""
    async with uow:
        row = await _load(uow.session, principal, snapshot_id, lock=True)
        if row.status != "prepared":
            raise SnapshotNotPrepared(f"snapshot {snapshot_id} is {row.status}, not prepared")
        previous = (
            await uow.session.execute(
                select(Snapshot.snapshot_id)
                .where(Snapshot.scope == row.scope, Snapshot.period_code == row.period_code)
                .where(Snapshot.status == "published")
                .order_by(Snapshot.published_at.desc())
                .limit(1)
            )
        ).scalar_one_or_none()
        now = deps.clock()
        row.status, row.approved_by, row.approved_at, row.published_at = "published", principal.id, now, now
        row.supersedes_snapshot_id = previous
        uow.records.track(row)
        row.record(Published())  # the unit of work publishes it, with the small-cell threshold
        view = snapshot_view(row)
        await uow.commit()
    return view


async def list_snapshots(
    uow: ReportingUnitOfWork, principal: Principal, scope: str, period_code: str | None
) -> list[dict[str, Any]]:
    async with uow:
        await scopes.wards_of(uow.session, principal, scope)
        query = (
            select(Snapshot).where(Snapshot.scope == scope).order_by(Snapshot.computed_at.desc()).limit(200)
        )
        if period_code is not None:
            query = query.where(Snapshot.period_code == period_code)
        rows = (await uow.session.execute(query)).scalars()
        return [snapshot_view(r) for r in rows]


async def get_snapshot(
    uow: ReportingUnitOfWork, principal: Principal, snapshot_id: uuid.UUID
) -> tuple[Snapshot, OrgUnit | None, OrgUnit | None]:
    """A snapshot with its org unit and that unit's parent (for the report's header)."""
    async with uow:
        row = await _load(uow.session, principal, snapshot_id)
        unit = await uow.session.get(OrgUnit, row.scope)
        parent = await uow.session.get(OrgUnit, unit.parent_code) if unit and unit.parent_code else None
        uow.session.expunge_all()  # plain objects: leaving the unit of work rolls back and would expire them
        return row, unit, parent


async def prepare_closed_periods(
    uow: ReportingUnitOfWork, deps: ReportingDeps, scope_codes: tuple[str, ...]
) -> list[str]:
    """When a period closes, prepare its snapshot (once) for each scope; returns what was prepared."""
    now = deps.clock()
    prepared = []
    for scope in scope_codes:
        for type_ in PeriodType:
            period = last_closed(now, type_)
            if period is None:
                continue
            async with uow:
                await _repeatable_read(uow.session)
                # one replica prepares it: the others wait here, then find it
                key = f"reporting.snapshot:{scope}:{period.code}"
                await uow.session.execute(select(func.pg_advisory_xact_lock(func.hashtext(key))))
                exists = await uow.session.execute(
                    select(Snapshot.snapshot_id)
                    .where(Snapshot.scope == scope, Snapshot.period_code == period.code)
                    .limit(1)
                )
                if exists.first() is not None:
                    continue
                system = Principal(SYSTEM, scope, "vhxh", frozenset())
                wards = await scopes.wards_of(uow.session, system, scope)
                await _store(uow.session, deps, SYSTEM, scope, wards=wards, period=period)
                await uow.commit()
            prepared.append(f"{scope}/{period.code}")
    return prepared
