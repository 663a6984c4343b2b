"""Read models: facts keyed by entity, so events may arrive in any order and more than once.

Every write is an upsert that only fills what its event knows. A column that an older event could
overwrite is guarded: lifecycle columns change only for an event at least as recent as the one that
set them (``state_at``), and "first time it happened" columns keep the earliest time (``LEAST``).
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import uuid
from collections.abc import Callable
from typing import Any

import asyncpg
from sqlalchemy import (
    BigInteger,
    Boolean,
    Integer,
    String,
    Table,
    bindparam,
    case,
    func,
    inspect,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from services.reporting.repository.base import Base

Id = String(64)


class TipFact(Base):
    """One row per tip (intake)."""

    __tablename__ = "tip_fact"
    tip_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str | None] = mapped_column(String(40))
    channel: Mapped[str | None] = mapped_column(String(40))
    residential_group: Mapped[str | None] = mapped_column(String(40))
    received_at: Mapped[dt.datetime | None]
    due_at: Mapped[dt.datetime | None]
    status: Mapped[str | None] = mapped_column(String(40))
    closed_at: Mapped[dt.datetime | None]
    on_time: Mapped[bool | None] = mapped_column(Boolean)
    outcome: Mapped[str | None] = mapped_column(String(60))
    state_at: Mapped[dt.datetime | None]


class EstablishmentFact(Base):
    """One row per at-risk establishment (inspection's register); the latest review wins. ``closed_at``
    and ``reopened_at`` are the latest closure and re-opening: closed while the closure is the later."""

    __tablename__ = "establishment_fact"
    establishment_id: Mapped[str] = mapped_column(Id, primary_key=True)
    ward: Mapped[str] = mapped_column(String(32), index=True)
    business_type: Mapped[str | None] = mapped_column(String(40))
    residential_group: Mapped[str | None] = mapped_column(String(40))
    registered_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]
    reopened_at: Mapped[dt.datetime | None]
    risk_class: Mapped[str | None] = mapped_column(String(20))
    reviewed_at: Mapped[dt.datetime | None]
    inspection_interval_days: Mapped[int | None] = mapped_column(Integer)


class InspectionFact(Base):
    """One row per establishment inspected in an inspection."""

    __tablename__ = "inspection_fact"
    inspection_id: Mapped[str] = mapped_column(Id, primary_key=True)
    establishment_id: Mapped[str] = mapped_column(Id, primary_key=True, index=True)
    ward: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str | None] = mapped_column(String(20))
    result: Mapped[str | None] = mapped_column(String(30))
    inspected_at: Mapped[dt.datetime | None]
    violation_count: Mapped[int] = mapped_column(Integer, default=0)


class HotspotFact(Base):
    __tablename__ = "hotspot_fact"
    hotspot_id: Mapped[str] = mapped_column(Id, primary_key=True)
    ward: Mapped[str] = mapped_column(String(32), index=True)
    formation: Mapped[str | None] = mapped_column(String(20))
    place_kind: Mapped[str | None] = mapped_column(String(30))
    flagged_at: Mapped[dt.datetime | None]
    cleared_at: Mapped[dt.datetime | None]


class CaseFact(Base):
    """One row per case-support case; the client is known only by a pseudonymous code. ``closed_at``
    and ``reopened_at`` are the latest closure and reopening: closed while the closure is the later."""

    __tablename__ = "case_fact"
    case_id: Mapped[str] = mapped_column(Id, primary_key=True)
    ward: Mapped[str] = mapped_column(String(32), index=True)
    client_code: Mapped[str] = mapped_column(String(64), index=True)
    enrolled_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]
    reopened_at: Mapped[dt.datetime | None]
    eligible: Mapped[bool | None] = mapped_column(Boolean)
    has_needs: Mapped[bool | None] = mapped_column(Boolean)
    assessed_at: Mapped[dt.datetime | None]


class ServiceFact(Base):
    __tablename__ = "service_fact"
    service_record_id: Mapped[str] = mapped_column(Id, primary_key=True)
    ward: Mapped[str] = mapped_column(String(32), index=True)
    case_id: Mapped[str] = mapped_column(Id)
    client_code: Mapped[str] = mapped_column(String(64), index=True)
    category: Mapped[str] = mapped_column(String(30))
    kind: Mapped[str] = mapped_column(String(40))
    received_at: Mapped[dt.datetime]


class OnlineItemFact(Base):
    """One row per reported online item; the first handling (removal, escalation, closure) counts."""

    __tablename__ = "online_item_fact"
    item_id: Mapped[str] = mapped_column(Id, primary_key=True)
    ward: Mapped[str] = mapped_column(String(32), index=True)
    platform: Mapped[str | None] = mapped_column(String(30))
    reported_at: Mapped[dt.datetime | None]
    due_at: Mapped[dt.datetime | None]
    classified_at: Mapped[dt.datetime | None]
    category: Mapped[str | None] = mapped_column(String(40))
    category_at: Mapped[dt.datetime | None]
    handled_at: Mapped[dt.datetime | None]
    handled_on_time: Mapped[bool | None] = mapped_column(Boolean)
    outcome: Mapped[str | None] = mapped_column(String(20))


class StreamPosition(Base):
    """The highest stream sequence applied from each producer's stream."""

    __tablename__ = "stream_position"
    stream: Mapped[str] = mapped_column(String(64), primary_key=True)
    sequence: Mapped[int] = mapped_column(BigInteger)


FACT_TABLES = (
    TipFact,
    EstablishmentFact,
    InspectionFact,
    HotspotFact,
    CaseFact,
    ServiceFact,
    OnlineItemFact,
    StreamPosition,
)


@functools.cache
def _key(model: type[Base]) -> tuple[Any, ...]:
    return tuple(inspect(model).primary_key)


Row = dict[str, Any]


@functools.cache
def _key_of(model: type[Base]) -> Callable[[Row], Any]:
    """A row's key values (one value for a single-column key), for merging rows in memory."""
    return operator.itemgetter(*(c.name for c in _key(model)))


def _table(model: type[Base]) -> Table:
    return Base.metadata.tables[model.__tablename__]


def _fill(model: type[Base], columns: tuple[str, ...], stmt: Any) -> Any:
    return stmt.on_conflict_do_update(index_elements=_key(model), set_={c: stmt.excluded[c] for c in columns})


def _fill_missing(model: type[Base], columns: tuple[str, ...], stmt: Any) -> Any:
    table = model.__table__
    set_ = {c: func.coalesce(table.c[c], stmt.excluded[c]) for c in columns}
    return stmt.on_conflict_do_update(index_elements=_key(model), set_=set_)


def _earliest(model: type[Base], columns: tuple[str, ...], stmt: Any) -> Any:
    """``columns[0]`` is the time kept at its earliest; the others go with that first occurrence."""
    table = model.__table__
    column, *facts = columns
    first = or_(table.c[column].is_(None), stmt.excluded[column] < table.c[column])
    set_: dict[str, Any] = {column: func.least(table.c[column], stmt.excluded[column])}
    for name in facts:
        set_[name] = _when(first, stmt.excluded[name], table.c[name])
    return stmt.on_conflict_do_update(index_elements=_key(model), set_=set_)


def _latest(model: type[Base], columns: tuple[str, ...], stmt: Any) -> Any:
    """``columns[0]`` is the guard: the row changes only for an event at least as recent."""
    table = model.__table__
    guard = columns[0]
    return stmt.on_conflict_do_update(
        index_elements=_key(model),
        set_={c: stmt.excluded[c] for c in columns},
        where=or_(table.c[guard].is_(None), table.c[guard] <= stmt.excluded[guard]),
    )


def _advance(model: type[Base], _columns: tuple[str, ...], stmt: Any) -> Any:
    return stmt.on_conflict_do_update(
        index_elements=_key(model),
        set_={"sequence": func.greatest(model.__table__.c.sequence, stmt.excluded.sequence)},
    )


def _merge_fill(old: Row, new: Row, _columns: tuple[str, ...]) -> Row:
    return {**old, **new}


def _merge_fill_missing(old: Row, new: Row, columns: tuple[str, ...]) -> Row:
    return {**new, **{c: old[c] for c in columns if old.get(c) is not None}}


def _merge_earliest(old: Row, new: Row, columns: tuple[str, ...]) -> Row:
    return new if new[columns[0]] < old[columns[0]] else old


def _merge_latest(old: Row, new: Row, columns: tuple[str, ...]) -> Row:
    return new if new[columns[0]] >= old[columns[0]] else old


def _merge_advance(old: Row, new: Row, _columns: tuple[str, ...]) -> Row:
    return new if new["sequence"] > old["sequence"] else old


OPS = {
    "fill": (_fill, _merge_fill),
    "fill_missing": (_fill_missing, _merge_fill_missing),
    "earliest": (_earliest, _merge_earliest),
    "latest": (_latest, _merge_latest),
    "advance": (_advance, _merge_advance),
}


@functools.cache
def statement(op: str, model: type[Base], columns: tuple[str, ...]) -> Any:
    """One upsert per (operation, table, columns), built once: rows are passed as parameters."""
    return OPS[op][0](model, columns, pg_insert(_table(model)))


@functools.cache
def rows_statement(op: str, model: type[Base], columns: tuple[str, ...], names: tuple[str, ...]) -> Any:
    """The same upsert for many rows in one statement, built once: one array per column (``names``),
    unnested together. One statement, not one per row, so the fact tables' statement triggers (the
    monthly counts, the stale trend months) run once per batch and kind."""
    table = _table(model)
    arrays = [func.unnest(bindparam(n, type_=ARRAY(table.c[n].type))).label(n) for n in names]
    return OPS[op][0](model, columns, pg_insert(table).from_select(names, select(*arrays)))


_DRIVER = asyncpg_dialect()  # type: ignore[no-untyped-call]


@functools.cache
def rows_sql(
    op: str, model: type[Base], columns: tuple[str, ...], names: tuple[str, ...]
) -> tuple[str, tuple[str, ...]]:
    """``rows_statement`` as the driver runs it (the SQL SQLAlchemy would send, compiled once) and the
    arrays' names in the order of its parameters."""
    compiled = rows_statement(op, model, columns, names).compile(dialect=_DRIVER)
    return str(compiled), tuple(compiled.positiontup or ())


class Facts:
    """Upserts into the read models, on the caller's transaction, one statement per call."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _do(self, op: str, model: type[Base], row: Row, columns: tuple[str, ...]) -> None:
        await self._session.execute(statement(op, model, columns), row)

    async def fill(self, model: type[Base], key: Row, **facts: Any) -> None:
        """Set facts an entity has once (its kind, its ward): any event may bring them."""
        await self._do("fill", model, {**key, **facts}, tuple(facts))

    async def fill_missing(self, model: type[Base], key: Row, **facts: Any) -> None:
        """Like ``fill``, but never overwrites a value already known (a later event may repeat it)."""
        await self._do("fill_missing", model, {**key, **facts}, tuple(facts))

    async def earliest(self, model: type[Base], key: Row, column: str, at: dt.datetime, **facts: Any) -> None:
        """Keep the earliest ``column``; ``facts`` go with it (they describe that first occurrence)."""
        await self._do("earliest", model, {**key, column: at, **facts}, (column, *facts))

    async def latest(self, model: type[Base], key: Row, guard: str, at: dt.datetime, **facts: Any) -> None:
        """Set ``facts`` only if this event is at least as recent as the one that last set them."""
        await self._do("latest", model, {**key, guard: at, **facts}, (guard, *facts))

    async def advance(self, stream: str, sequence: int) -> None:
        await self._do("advance", StreamPosition, {"stream": stream, "sequence": sequence}, ())


class BatchFacts(Facts):
    """The same operations, merged in memory per row and written as one statement per kind, on the
    driver's connection in the caller's transaction (``UnitOfWork.on_driver``).

    Merging follows each operation's rule (last fill wins, first known value kept, earliest time,
    latest guard, highest sequence), so a batch gives what applying its events one by one gives.
    """

    def __init__(self, db: asyncpg.Connection) -> None:
        self._db = db
        self._pending: dict[tuple[str, type[Base], tuple[str, ...]], dict[tuple[Any, ...], Row]] = {}

    async def _do(self, op: str, model: type[Base], row: Row, columns: tuple[str, ...]) -> None:
        rows = self._pending.setdefault((op, model, columns), {})
        key = _key_of(model)(row)
        old = rows.get(key)
        rows[key] = row if old is None else OPS[op][1](old, row, columns)

    async def flush(self) -> None:
        for (op, model, columns), rows in self._pending.items():
            names = tuple(next(iter(rows.values())))  # every row of a kind has the same columns
            sql, order = rows_sql(op, model, columns, names)
            await self._db.execute(sql, *([row[n] for row in rows.values()] for n in order))
        self._pending.clear()


def _when(condition: Any, then: Any, otherwise: Any) -> Any:
    return case((condition, then), else_=otherwise)
