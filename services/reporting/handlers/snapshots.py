"""Indicator values on demand, and immutable snapshots: prepared by vhxh, approved by ubnd, published."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.exc import DBAPIError
from uuid6 import uuid7

from services.reporting.domain.disclosure import people_cells
from services.reporting.domain.indicators import BY_CODE
from services.reporting.domain.periods import Period, PeriodType, last_closed, year
from services.reporting.domain.records import Published
from services.reporting.domain.snapshot import SnapshotContent
from services.reporting.handlers.commands import (
    ApproveSnapshot,
    Audience,
    GetSnapshot,
    IndicatorsOf,
    PrepareSnapshot,
    SnapshotsOf,
)
from services.reporting.handlers.deps import ReportingDeps
from services.reporting.handlers.disclosure import LEAVES_THE_WARD, copy_for, exact_for
from services.reporting.handlers.errors import SnapshotNotFound, SnapshotNotPrepared
from services.reporting.handlers.live import LiveCounts
from services.reporting.handlers.people import SYSTEM_NAME, display_name
from services.reporting.handlers.scope import wards_of
from services.reporting.handlers.views import content_view, indicator_view, period_view, snapshot_view
from services.reporting.repository.measures import Counts, ReportSchedule
from services.reporting.repository.snapshots import Snapshot
from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from shared.auth import Principal
from shared.idempotency import StoredResponse, request_fingerprint
from shared.schemas import local_time, local_time_or_none

SYSTEM = "system:reporting"
SERIALIZATION_FAILURE = "40001"


async def goals(uow: ReportingUnitOfWork, scope: str, period: Period) -> dict[str, int]:
    """Targets set for the scope and the period's last year; the catalogue's default otherwise."""
    return {code: t.target for code, t in (await uow.targets.for_year(scope, period.years()[-1])).items()}


async def count(
    uow: ReportingUnitOfWork,
    scope: str,
    wards: tuple[str, ...],
    period: Period,
    schedule: ReportSchedule,
    *,
    now: dt.datetime | None = None,
    breakdown: bool = True,
) -> SnapshotContent:
    """Every indicator (and breakdown) of a scope and period; a period not ended by ``now`` as of then."""
    measures = uow.measures(wards, period, now, gather=breakdown)  # one scan of tips, one of items
    counts = await measures.indicators(schedule)
    targets = await goals(uow, scope, period)
    values = tuple(BY_CODE[code].evaluate(n, d, targets.get(code)) for code, (n, d) in counts.items())
    rows = tuple(await measures.all(counts)) if breakdown else ()
    return SnapshotContent(scope, wards, period, values, rows, as_of=measures.as_of)


async def compute(
    uow: ReportingUnitOfWork,
    scope: str,
    wards: tuple[str, ...],
    period: Period,
    schedule: ReportSchedule,
    *,
    now: dt.datetime | None = None,
) -> tuple[SnapshotContent, dict[str, int]]:
    """Every indicator and breakdown of a scope and period, and the stream positions they reflect."""
    content = await count(uow, scope, wards, period, schedule, now=now)
    return content, await uow.measures(wards, period).positions()


async def ward_figures(
    uow: ReportingUnitOfWork, content: SnapshotContent, schedule: ReportSchedule, *, breakdown: bool = True
) -> dict[str, dict[str, int]]:
    """Each ward's people counts behind a total over several wards (none for a ward's own content)."""
    if len(content.ward_codes) < 2:
        return {}
    return {
        w: people_cells(
            await count(uow, w, (w,), content.period, schedule, now=content.as_of, breakdown=breakdown)
        )
        for w in content.ward_codes
    }


async def current_values(
    uow: ReportingUnitOfWork, deps: ReportingDeps, query: IndicatorsOf, principal: Principal
) -> dict[str, Any]:
    """The indicators as the read models stand now (not stored), in the copy the caller may see: counted,
    or as counted by an earlier call that read the same database (``live.py``; ``computed_at`` says when)."""
    now, period = deps.clock(), query.period
    async with uow:
        await uow.repeatable_read()
        wards = await wards_of(uow, principal, query.scope)
        snapshot, key = await uow.reading_snapshot(), ("values", query.scope, wards, period.code)
        content, counted_at = await deps.live.reuse(
            snapshot, key, now, period.end,
            lambda: count(uow, query.scope, wards, period, deps.schedule, now=now),
        )  # fmt: skip
        parts: dict[str, dict[str, int]] = {}
        if not exact_for(content, principal):
            parts, _ = await deps.live.reuse(
                snapshot, (*key, "wards", counted_at), now, period.end,
                lambda: ward_figures(uow, content, deps.schedule),
            )  # fmt: skip
    shown = copy_for(content, principal, threshold=deps.small_cell_threshold, wards=parts)
    return {**content_view(shown, deps.small_cell_threshold), "computed_at": local_time(counted_at)}


MonthKey = tuple[tuple[str, ...], str]


class _Months:
    """A trend's monthly counts: an ended month's from its stored row, or counted and kept to store."""

    def __init__(
        self, uow: ReportingUnitOfWork, schedule: ReportSchedule, now: dt.datetime, live: LiveCounts
    ) -> None:
        self._uow, self._schedule, self._now, self._live = uow, schedule, now, live
        self._snapshot: str | None = None
        self.stored: dict[MonthKey, Counts] = {}
        self.counted: dict[tuple[tuple[str, ...], Period], Counts] = {}
        self._targets: dict[tuple[str, int], dict[str, int]] = {}

    async def content(self, scope: str, wards: tuple[str, ...], m: Period) -> SnapshotContent:
        """What ``count(..., breakdown=False)`` gives for the month, from the stored counts if kept."""
        stored, as_of = self.stored.get((wards, m.code)), self._now
        if stored is not None:
            counts = stored
        elif m.end > self._now:  # the month under way: reused while nothing is written
            self._snapshot = self._snapshot or await self._uow.reading_snapshot()
            counts, as_of = await self._live.reuse(
                self._snapshot, ("month", wards, m.code), self._now, m.end,
                lambda: self._uow.measures(wards, m, self._now).indicators(self._schedule),
            )  # fmt: skip
        else:  # an ended month not stored yet: counted here, stored by the caller
            counts = await self._uow.measures(wards, m, self._now).indicators(self._schedule)
            self.counted[(wards, m)] = counts
        year_ = m.years()[-1]
        if (scope, year_) not in self._targets:
            self._targets[(scope, year_)] = await goals(self._uow, scope, m)
        targets = self._targets[(scope, year_)]
        values = tuple(BY_CODE[code].evaluate(n, d, targets.get(code)) for code, (n, d) in counts.items())
        return SnapshotContent(scope, wards, m, values, (), as_of=as_of if self._now < m.end else None)


def _month_keys(scope: str, wards: tuple[str, ...], principal: Principal, months: list[Period]) -> list[Any]:
    """The (wards, month) counts a trend reads: its own, and each ward's where the copy needs them."""
    own_copy = wards == (scope,) and principal.ward == scope
    sets = [wards] + ([(w,) for w in wards] if len(wards) > 1 and not own_copy else [])
    return [(ws, m) for m in months for ws in sets]


async def _trend_months(
    uow: ReportingUnitOfWork, deps: ReportingDeps, query: IndicatorsOf, principal: Principal, span: Period
) -> tuple[list[dict[str, Any]], _Months]:
    """Each month of ``span`` in the copy the caller may see, in one snapshot (an open unit of work),
    and the ended months it had to count (to store)."""
    now, threshold = deps.clock(), deps.small_cell_threshold
    wards = await wards_of(uow, principal, query.scope)
    counts = _Months(uow, deps.schedule, now, deps.live)
    wanted = _month_keys(query.scope, wards, principal, [m for m in span.month_periods() if m.end <= now])
    counts.stored = await uow.monthly(deps.schedule).stored([(ws, m.code) for ws, m in wanted])
    months: list[dict[str, Any]] = []
    for m in span.month_periods():
        labels = {"period": m.code, "label_vi": m.label_vi, "label_en": m.label_en}
        if m.start > now:
            months.append({**labels, "started": False, "as_of": None, "indicators": []})
            continue
        content = await counts.content(query.scope, wards, m)
        parts = (
            {}
            if exact_for(content, principal) or len(wards) < 2
            else {w: people_cells(await counts.content(w, (w,), m)) for w in wards}
        )
        shown = copy_for(content, principal, threshold=threshold, wards=parts)
        months.append({
            **labels,
            "started": True,
            "as_of": local_time_or_none(shown.as_of),
            "indicators": [indicator_view(v, threshold) for v in shown.indicators],
        })  # fmt: skip
    return months, counts


async def trend(
    uow: ReportingUnitOfWork, deps: ReportingDeps, query: IndicatorsOf, principal: Principal
) -> dict[str, Any]:
    """Monthly values over the period (a month shows its whole year); a month not begun has none.

    An ended month is read from its stored counts (``repository/monthly.py``); the month under way is
    counted live. When some ended months have none, they are reserved (which waits for the writers
    under way), counted in a snapshot taken after, and stored unless a writer has made them stale
    meanwhile. The figures are always those counted live.
    """
    period = query.period
    span = year(period.year) if period.type is PeriodType.MONTH else period
    view = {"scope": query.scope, "period": period_view(span)}
    async with uow:
        await uow.repeatable_read()
        wards = await wards_of(uow, principal, query.scope)
        ended = [m for m in span.month_periods() if m.end <= deps.clock()]
        wanted = _month_keys(query.scope, wards, principal, ended)
        kept = await uow.monthly(deps.schedule).stored([(ws, m.code) for ws, m in wanted])
        if all((ws, m.code) in kept for ws, m in wanted):  # every ended month stored: one snapshot
            months, _ = await _trend_months(uow, deps, query, principal, span)
            return {**view, "months": months}
    async with uow:
        await uow.monthly(deps.schedule).reserve([(ws, m) for ws, m in wanted if (ws, m.code) not in kept])
        await uow.commit()
    async with uow:
        await uow.repeatable_read()
        months, counts = await _trend_months(uow, deps, query, principal, span)
    if counts.counted:
        async with uow:  # only into reservations no writer has deleted since
            await uow.monthly(deps.schedule).fill(counts.counted)
            await uow.commit()
    return {**view, "months": months}


def shown_snapshot_content(
    row: Snapshot, reader: Principal | None, deps: ReportingDeps, audience: Audience = "ward"
) -> SnapshotContent:
    """A stored snapshot's figures in the copy ``reader`` may see (``LEAVES_THE_WARD``: the city's)."""
    content = SnapshotContent.from_canonical(row.content)
    return copy_for(
        content, reader, threshold=deps.small_cell_threshold, wards=row.ward_figures, audience=audience
    )


def shown_snapshot(row: Snapshot, reader: Principal | None, deps: ReportingDeps) -> dict[str, Any]:
    """A stored snapshot as the API answers it, in the copy ``reader`` may see."""
    return snapshot_view(row, shown_snapshot_content(row, reader, deps), deps.small_cell_threshold)


async def _store(
    uow: ReportingUnitOfWork,
    deps: ReportingDeps,
    actor: str,
    scope: str,
    *,
    actor_name: str,
    wards: tuple[str, ...],
    period: Period,
) -> Snapshot:
    content, positions = await compute(uow, scope, wards, period, deps.schedule, now=deps.clock())
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
        prepared_by_name=actor_name,
        ward_figures=await ward_figures(uow, content, deps.schedule) or None,
        status="prepared",
    )
    await uow.snapshots.add(row)
    return row


async def prepare(
    uow: ReportingUnitOfWork, deps: ReportingDeps, cmd: PrepareSnapshot, principal: Principal
) -> dict[str, Any]:
    """Compute and store a snapshot, waiting for approval."""
    stored, _ = await prepare_once(uow, deps, cmd, principal, None)
    return stored.body


async def prepare_once(
    uow: ReportingUnitOfWork, deps: ReportingDeps, cmd: PrepareSnapshot, principal: Principal, key: str | None
) -> tuple[StoredResponse, bool]:
    """``prepare`` once per Idempotency-Key: a retry replays the first answer (``True``); without a
    key, every request prepares one."""

    async def create() -> dict[str, Any]:
        wards = await wards_of(uow, principal, cmd.scope)
        name = display_name(principal)
        row = await _store(
            uow, deps, principal.id, cmd.scope, actor_name=name, wards=wards, period=cmd.period
        )
        return shown_snapshot(row, principal, deps)

    fingerprint = request_fingerprint({"command": "prepare", "scope": cmd.scope, "period": cmd.period.code})
    for attempt in (1, 2):
        try:
            async with uow:
                await uow.repeatable_read()
                result = await uow.idempotency.run_once(
                    principal=principal.key, key=key, fingerprint=fingerprint, create=create
                )
                await uow.commit()
            return result
        except DBAPIError as exc:  # the same key claimed by a request that committed after our snapshot:
            if attempt == 2 or getattr(exc.orig, "sqlstate", None) != SERIALIZATION_FAILURE:
                raise  # once more, a new snapshot sees its row and replays its answer
    raise AssertionError("unreachable")


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
        row.approved_by_name = display_name(principal)
        row.supersedes_snapshot_id = previous
        # the unit of work publishes it to the city: the copy that leaves the ward
        row.record(Published(shown_snapshot_content(row, LEAVES_THE_WARD, deps)))
        view = shown_snapshot(row, principal, deps)
        await uow.commit()
    return view


async def list_snapshots(
    uow: ReportingUnitOfWork, deps: ReportingDeps, query: SnapshotsOf, principal: Principal
) -> list[dict[str, Any]]:
    async with uow:
        await wards_of(uow, principal, query.scope)
        rows = await uow.snapshots.of_scope(query.scope, query.period_code)
        return [shown_snapshot(r, principal, deps) for r in rows]


async def get_snapshot(
    uow: ReportingUnitOfWork, deps: ReportingDeps, query: GetSnapshot, principal: Principal
) -> dict[str, Any]:
    async with uow:
        return shown_snapshot(await load(uow, principal, query.snapshot_id), principal, deps)


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
                await _store(uow, deps, SYSTEM, scope, actor_name=SYSTEM_NAME, wards=wards, period=period)
                await uow.commit()
            prepared.append(f"{scope}/{period.code}")
    return prepared
