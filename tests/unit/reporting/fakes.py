"""Reporting's unit of work with in-memory repositories: the real event collection and mapping, no database.

Tables (see ``tests.unit.fakes``): one per stored model, named as its table (``activity``,
``snapshot``, ``org_unit``, ``indicator_target``, ...), each a dict of key -> the row's column
values; ``target_change`` is a list of column values. A row is never changed in place: a load builds
a fresh model object from its values, and ``_flush`` writes the values of every row the transaction
added or loaded back (a new dict), so a rollback leaves the committed tables as they were.

Indicator values and snapshots are counted in SQL (``uow.measures``): a fake has none, so preparing a
snapshot is an integration test; a test puts a prepared snapshot in with ``put``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from services.reporting.domain.periods import Period
from services.reporting.repository.base import Base
from services.reporting.repository.programme import LISTED, PROGRAMME_TABLES, YearlyPlan
from services.reporting.repository.read_models import TipCounts
from services.reporting.repository.snapshots import IndicatorTarget, OrgUnit, Snapshot, TargetChange
from services.reporting.repository.targets import TargetSet
from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from tests.unit.fakes import FakeUnitOfWork, Tables, no_database

KEYED = (*PROGRAMME_TABLES, Snapshot, OrgUnit, IndicatorTarget)
NOW = dt.datetime(2026, 4, 1, 3, 0, tzinfo=dt.UTC)  # what the database's clock says in a fake


def values_of(row: Base) -> dict[str, Any]:
    return {c.name: getattr(row, c.name) for c in row.__table__.columns}


def key_of(row: Base) -> str:
    return "/".join(str(getattr(row, c.name)) for c in row.__table__.primary_key.columns)


class Rows:
    """The rows a transaction added or loaded, written back at flush."""

    def __init__(self, tables: Tables, track: Callable[[Any], None]) -> None:
        self._tables = tables
        self._track = track
        self._seen: list[Base] = []

    def table(self, model: type[Base]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = self._tables[model.__tablename__]
        return found

    def load(self, model: type[Base], key: Any, *, tracked: bool) -> Any:
        values = self.table(model).get(str(key))
        if values is None:
            return None
        row = model(**values)
        if tracked:
            self._seen.append(row)
            self._track(row)
        return row

    def add(self, row: Base, *, tracked: bool = True) -> None:
        table = self.table(type(row))
        if key_of(row) in table:
            raise AssertionError(f"duplicate key {key_of(row)} in {row.__tablename__}")
        table[key_of(row)] = values_of(row)
        self._seen.append(row)
        if tracked:
            self._track(row)

    def flush(self) -> None:
        for row in self._seen:
            self.table(type(row))[key_of(row)] = values_of(row)

    def all(self, model: type[Base]) -> list[Any]:
        return [model(**values) for values in self.table(model).values()]


class FakeRecords:
    def __init__(self, rows: Rows) -> None:
        self._rows = rows

    async def add(self, record: Any) -> None:
        self._rows.add(record)

    async def get_for_update(self, model: type[Any], key: Any) -> Any:
        return self._rows.load(model, key, tracked=True)


class FakeSnapshots:
    def __init__(self, rows: Rows) -> None:
        self._rows = rows

    async def add(self, snapshot: Snapshot) -> None:
        self._rows.add(snapshot, tracked=False)

    async def get(self, snapshot_id: Any, *, for_update: bool = False) -> Snapshot | None:
        found: Snapshot | None = self._rows.load(Snapshot, snapshot_id, tracked=for_update)
        return found

    async def latest_published(self, scope: str, period_code: str) -> Any:
        published = [
            s
            for s in self._rows.all(Snapshot)
            if (s.scope, s.period_code, s.status) == (scope, period_code, "published")
        ]
        return max(published, key=lambda s: s.published_at).snapshot_id if published else None

    async def of_scope(self, scope: str, period_code: str | None, limit: int = 200) -> list[Snapshot]:
        found = [
            s for s in self._rows.all(Snapshot) if s.scope == scope and period_code in (None, s.period_code)
        ]
        return sorted(found, key=lambda s: s.computed_at, reverse=True)[:limit]

    async def exists(self, scope: str, period_code: str) -> bool:
        return any((s.scope, s.period_code) == (scope, period_code) for s in self._rows.all(Snapshot))

    async def lock_period(self, scope: str, period_code: str) -> None:
        """One transaction at a time here: nothing to wait for."""


class FakeTargets:
    def __init__(self, rows: Rows, changes: list[dict[str, Any]]) -> None:
        self._rows = rows
        self._changes = changes

    async def for_year(self, scope: str, year: int) -> dict[str, TargetSet]:
        return {
            t.indicator_code: TargetSet(t.indicator_code, t.target, t.set_by, t.set_at)
            for t in self._rows.all(IndicatorTarget)
            if (t.org_code, t.year) == (scope, year)
        }

    async def current(self, scope: str, year: int, code: str, *, for_update: bool = False) -> int | None:
        row = self._rows.table(IndicatorTarget).get(f"{scope}/{year}/{code}")
        return None if row is None else int(row["target"])

    async def put(self, scope: str, year: int, code: str, target: int, set_by: str) -> None:
        self._rows.table(IndicatorTarget)[f"{scope}/{year}/{code}"] = {
            "org_code": scope, "year": year, "indicator_code": code, "target": target, "set_by": set_by,
            "set_at": NOW,
        }  # fmt: skip

    async def add_change(self, change: TargetChange) -> None:
        self._changes.append({**values_of(change), "id": len(self._changes) + 1, "at": NOW})

    async def history(self, scope: str, limit: int = 500) -> list[TargetChange]:
        found = [TargetChange(**c) for c in self._changes if c["org_code"] == scope]
        return sorted(found, key=lambda c: c.id, reverse=True)[:limit]


class FakeOrgUnits:
    def __init__(self, rows: Rows) -> None:
        self._rows = rows

    async def all(self) -> list[OrgUnit]:
        return sorted(self._rows.all(OrgUnit), key=lambda u: (u.level, u.code))

    async def get(self, code: str) -> OrgUnit | None:
        found: OrgUnit | None = self._rows.load(OrgUnit, code, tracked=False)
        return found

    async def add_missing(self, units: Sequence[OrgUnit]) -> None:
        for u in units:
            self._rows.table(OrgUnit).setdefault(u.code, values_of(u))


class FakeProgramme:
    def __init__(self, rows: Rows) -> None:
        self._rows = rows

    async def list(self, kind: str, ward: str, limit: int = 1000) -> list[Any]:
        model, order = LISTED[kind]
        found = [r for r in self._rows.all(model) if r.ward == ward]
        return sorted(found, key=lambda r: getattr(r, order.key), reverse=True)[:limit]

    async def plan_recorded(self, ward: str, year: int) -> bool:
        return any((p.ward, p.year) == (ward, year) for p in self._rows.all(YearlyPlan))

    async def yearly_plan(self, ward: str, years: Sequence[int]) -> YearlyPlan | None:
        plans = [p for p in self._rows.all(YearlyPlan) if p.ward == ward and p.year in years]
        return max(plans, key=lambda p: p.year, default=None)


class FakeReadModels:
    async def tip_counts(self, ward: str, since: dt.datetime | None, until: dt.datetime | None) -> TipCounts:
        raise AssertionError("the read models are counted in SQL: an integration test")


class FakeReportingUnitOfWork(FakeUnitOfWork, ReportingUnitOfWork):
    """``ReportingUnitOfWork`` with in-memory repositories; its event collection and mapping are real."""

    def __init__(self, ward: str = "lechan", *, small_cell_threshold: int = 5) -> None:
        ReportingUnitOfWork.__init__(
            self,
            no_database,  # type: ignore[arg-type]
            ward=ward,
            small_cell_threshold=small_cell_threshold,
        )
        self._start_fake(**{m.__tablename__: {} for m in KEYED}, target_change=[])

    def _open(self, tables: Tables) -> None:  # type: ignore[override]
        self._rows = Rows(tables, self.track)
        self.records = FakeRecords(self._rows)  # type: ignore[assignment]
        self.snapshots = FakeSnapshots(self._rows)  # type: ignore[assignment]
        self.targets = FakeTargets(self._rows, tables["target_change"])  # type: ignore[assignment]
        self.org_units = FakeOrgUnits(self._rows)  # type: ignore[assignment]
        self.programme = FakeProgramme(self._rows)  # type: ignore[assignment]
        self.read_models = FakeReadModels()  # type: ignore[assignment]

    async def _flush(self) -> None:
        self._rows.flush()

    def measures(self, wards: Sequence[str], period: Period) -> Any:
        raise AssertionError("indicators are counted in SQL: an integration test")

    async def repeatable_read(self) -> None:
        """A fake transaction sees only itself."""

    def put(self, *rows: Base) -> None:
        """Rows already stored (committed), e.g. the org units or a prepared snapshot."""
        for row in rows:
            self.tables[row.__tablename__][key_of(row)] = values_of(row)
