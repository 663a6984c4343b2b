"""Indicator values on demand, and immutable snapshots: prepared by vhxh, approved by ubnd, published."""

from __future__ import annotations

from typing import Any

from uuid6 import uuid7

from services.reporting.domain.indicators import BY_CODE
from services.reporting.domain.periods import Period, PeriodType, last_closed, year
from services.reporting.domain.records import Published
from services.reporting.domain.snapshot import SnapshotContent
from services.reporting.handlers.commands import (
    ApproveSnapshot,
    GetSnapshot,
    IndicatorsOf,
    PrepareSnapshot,
    SnapshotsOf,
)
from services.reporting.handlers.deps import ReportingDeps
from services.reporting.handlers.errors import SnapshotNotFound, SnapshotNotPrepared
from services.reporting.handlers.scope import wards_of
from services.reporting.handlers.views import content_view, period_view, snapshot_view
from services.reporting.repository.measures import ReportSchedule
from services.reporting.repository.snapshots import Snapshot
from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from shared.auth import Principal

SYSTEM = "system:reporting"


async def goals(uow: ReportingUnitOfWork, scope: str, period: Period) -> dict[str, int]:
    """Targets set for the scope and the period's last year; the catalogue's default otherwise."""
    return {code: t.target for code, t in (await uow.targets.for_year(scope, period.years()[-1])).items()}


async def compute(
    uow: ReportingUnitOfWork, scope: str, wards: tuple[str, ...], period: Period, schedule: ReportSchedule
) -> tuple[SnapshotContent, dict[str, int]]:
    """Every indicator and breakdown of a scope and period, and the stream positions they reflect."""
    measures = uow.measures(wards, period)
    counts = await measures.indicators(schedule)
    targets = await goals(uow, scope, period)
    values = tuple(BY_CODE[code].evaluate(n, d, targets.get(code)) for code, (n, d) in counts.items())
    content = SnapshotContent(scope, wards, period, values, tuple(await measures.all(counts)))
    return content, await measures.positions()


async def current_values(
    uow: ReportingUnitOfWork, deps: ReportingDeps, query: IndicatorsOf, principal: Principal
) -> dict[str, Any]:
    """The indicators as the read models stand now (not stored)."""
    async with uow:
        await uow.repeatable_read()
        wards = await wards_of(uow, principal, query.scope)
        content, _ = await compute(uow, query.scope, wards, query.period, deps.schedule)
    return {**content_view(content), "computed_at": deps.clock().isoformat()}


async def trend(
    uow: ReportingUnitOfWork, deps: ReportingDeps, query: IndicatorsOf, principal: Principal
) -> dict[str, Any]:
    """Monthly values over the period (a month shows its whole year)."""
    period = query.period
    span = year(period.year) if period.type is PeriodType.MONTH else period
    months = []
    async with uow:
        await uow.repeatable_read()
        wards = await wards_of(uow, principal, query.scope)
        for m in span.month_periods():
            counts = await uow.measures(wards, m).indicators(deps.schedule)
            targets = await goals(uow, query.scope, m)
            values = [BY_CODE[c].evaluate(n, d, targets.get(c)).as_dict() for c, (n, d) in counts.items()]
            months.append(
                {"period": m.code, "label_vi": m.label_vi, "label_en": m.label_en, "indicators": values}
            )
    return {"scope": query.scope, "period": period_view(span), "months": months}


async def _store(
    uow: ReportingUnitOfWork,
    deps: ReportingDeps,
    actor: str,
    scope: str,
    *,
    wards: tuple[str, ...],
    period: Period,
) -> Snapshot:
    content, positions = await compute(uow, scope, wards, period, deps.schedule)
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
    await uow.snapshots.add(row)
    return row


async def prepare(
    uow: ReportingUnitOfWork, deps: ReportingDeps, cmd: PrepareSnapshot, principal: Principal
) -> dict[str, Any]:
    """Compute and store a snapshot, waiting for approval."""
    async with uow:
        await uow.repeatable_read()
        wards = await wards_of(uow, principal, cmd.scope)
        row = await _store(uow, deps, principal.id, cmd.scope, wards=wards, period=cmd.period)
        view = snapshot_view(row)
        await uow.commit()
    return view


async def load(
    uow: ReportingUnitOfWork, principal: Principal, snapshot_id: Any, *, for_update: bool = False
) -> Snapshot:
    """A snapshot the caller may see (in an open unit of work); tracked when loaded for change."""
    row = await uow.snapshots.get(snapshot_id, for_update=for_update)
    if row is None:
        raise SnapshotNotFound(f"no snapshot {snapshot_id}")
    await wards_of(uow, principal, row.scope)  # refuses a scope the caller may not see
    return row


async def approve(
    uow: ReportingUnitOfWork, deps: ReportingDeps, cmd: ApproveSnapshot, principal: Principal
) -> dict[str, Any]:
    """Approve a prepared snapshot and publish it for the city in the same transaction."""
    async with uow:
        row = await load(uow, principal, cmd.snapshot_id, for_update=True)
        if row.status != "prepared":
            raise SnapshotNotPrepared(f"snapshot {cmd.snapshot_id} is {row.status}, not prepared")
        previous = await uow.snapshots.latest_published(row.scope, row.period_code)
        now = deps.clock()
        row.status, row.approved_by, row.approved_at, row.published_at = "published", principal.id, now, now
        row.supersedes_snapshot_id = previous
        row.record(Published())  # the unit of work publishes it, with the small-cell threshold
        view = snapshot_view(row)
        await uow.commit()
    return view


async def list_snapshots(
    uow: ReportingUnitOfWork, deps: ReportingDeps, query: SnapshotsOf, principal: Principal
) -> list[dict[str, Any]]:
    async with uow:
        await wards_of(uow, principal, query.scope)
        return [snapshot_view(r) for r in await uow.snapshots.of_scope(query.scope, query.period_code)]


async def get_snapshot(
    uow: ReportingUnitOfWork, deps: ReportingDeps, query: GetSnapshot, principal: Principal
) -> dict[str, Any]:
    async with uow:
        return snapshot_view(await load(uow, principal, query.snapshot_id))


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
                await uow.repeatable_read()
                await uow.snapshots.lock_period(scope, period.code)  # one replica prepares it: the others
                if await uow.snapshots.exists(scope, period.code):  # wait here, then find it
                    continue
                system = Principal(SYSTEM, scope, "vhxh", frozenset())
                wards = await wards_of(uow, system, scope)
                await _store(uow, deps, SYSTEM, scope, wards=wards, period=period)
                await uow.commit()
            prepared.append(f"{scope}/{period.code}")
    return prepared
