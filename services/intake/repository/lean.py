"""A new tip in one round trip: one SQL statement writes the Idempotency-Key, the tip, its first steps,
its encrypted private fields, its receipt and its outbox rows, or nothing at all.

The statement runs on its own (autocommit): a single statement is atomic, so the rows commit together
or not at all, without BEGIN and COMMIT round trips. With a key, the key's row is inserted first
(``ON CONFLICT DO NOTHING``, waiting for a concurrent request with the same key to finish) and every
other row is written only if that insert happened; a key used before writes nothing, and its stored
answer is read by a second statement. The statements are built once from the tables' definitions, and
prepared once per connection (asyncpg's statement cache); they run on the pooled connection's asyncpg
connection directly, as SQLAlchemy's execution costs more CPU than the write here.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg
from sqlalchemy import JSON, String, Table
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import greenlet_spawn

from services.intake.repository.tables import Base, PrivateFieldRow, ReceiptRow, TipRow, TransitionRow
from shared.db import IDEMPOTENCY, OUTBOX
from shared.idempotency import IdempotencyKeyReused, StoredResponse
from shared.messaging.wake import outbox_written

log = logging.getLogger(__name__)
_PG = postgresql.dialect()  # type: ignore[no-untyped-call]
TIP = Base.metadata.tables[TipRow.__tablename__]
STEP = Base.metadata.tables[TransitionRow.__tablename__]
PRIVATE = Base.metadata.tables[PrivateFieldRow.__tablename__]
RECEIPT = Base.metadata.tables[ReceiptRow.__tablename__]

# The columns each statement writes (the others keep their defaults: identities, clock timestamps).
TIP_COLUMNS = tuple(c.name for c in TIP.columns if c.server_default is None)
STEP_COLUMNS = (
    "action", "from_status", "to_status", "actor", "unit", "at", "reason", "reason_ciphertext", "details"
)  # fmt: skip
OUTBOX_COLUMNS = ("event_id", "subject", "event_type", "payload", "headers")
CLAIM_COLUMNS = ("principal", "key", "request_hash", "status_code")


def _type(table: Table, column: str) -> str:
    """A parameter's SQL type: the column's, strings without their length (an explicit cast to
    ``varchar(n)`` would cut a long value, where the column refuses it as a plain INSERT does)."""
    kind = table.c[column].type
    if isinstance(kind, String | JSON):  # JSON goes as its text, cast where it is written
        return "text"
    return str(kind.compile(dialect=_PG))


class _Params:
    """Numbers the statement's parameters ($1, $2, …) in the order their values are given."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def __call__(self, name: str, sql_type: str) -> str:
        self.names.append(name)
        return f"${len(self.names)}::{sql_type}"


@dataclass(frozen=True)
class Statement:
    sql: str
    names: tuple[str, ...]  # the values' names, in the order of the parameters

    def args(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(values[name] for name in self.names)


def _unnest(p: _Params, table: Table, columns: Sequence[str], alias: str) -> tuple[str, str]:
    """``unnest`` of one array per column, numbered so the rows keep their order; and its columns."""
    arrays = ", ".join(p(f"{alias}.{c}", f"{_type(table, c)}[]") for c in columns)
    selected = ", ".join(
        f"{alias}.{c}::jsonb" if isinstance(table.c[c].type, JSON) else f"{alias}.{c}" for c in columns
    )
    return f"unnest({arrays}) WITH ORDINALITY AS {alias}({', '.join(columns)}, n)", selected


@functools.cache
def insert_statement(*, claimed: bool, receipt: bool) -> Statement:
    """The statement for a new tip, with or without an Idempotency-Key and a receipt."""
    p = _Params()
    ctes = []
    if claimed:
        values = ", ".join(p(f"claim.{c}", _type(IDEMPOTENCY, c)) for c in CLAIM_COLUMNS)
        ctes.append(
            f"claim AS (INSERT INTO {IDEMPOTENCY.name} ({', '.join(CLAIM_COLUMNS)}, body) "  # noqa: S608
            f"VALUES ({values}, {p('claim.body', 'text')}::jsonb) ON CONFLICT DO NOTHING RETURNING 1)"
        )
    tip_values = ", ".join(p(f"tip.{c}", _type(TIP, c)) for c in TIP_COLUMNS)
    only_if_claimed = " WHERE EXISTS (SELECT FROM claim)" if claimed else ""
    ctes.append(
        f"new_tip AS (INSERT INTO {TIP.name} ({', '.join(TIP_COLUMNS)}) "
        f"SELECT {tip_values}{only_if_claimed} RETURNING id)"
    )
    steps, selected = _unnest(p, STEP, STEP_COLUMNS, "s")
    ctes.append(
        f"steps AS (INSERT INTO {STEP.name} (tip_id, {', '.join(STEP_COLUMNS)}) "  # noqa: S608
        f"SELECT t.id, {selected} FROM new_tip t, {steps} ORDER BY s.n)"
    )
    private, selected = _unnest(p, PRIVATE, ("field", "ciphertext"), "f")
    ctes.append(
        f"private AS (INSERT INTO {PRIVATE.name} (tip_id, field, ciphertext, source) "  # noqa: S608
        f"SELECT t.id, {selected}, {p('source', 'text')} FROM new_tip t, {private} ORDER BY f.n)"
    )
    if receipt:
        ctes.append(
            f"receipt AS (INSERT INTO {RECEIPT.name} (key_id, code_hash, tip_id) "  # noqa: S608
            f"SELECT {p('receipt.key_id', 'text')}, {p('receipt.code_hash', 'text')}, t.id FROM new_tip t)"
        )
    events, selected = _unnest(p, OUTBOX, OUTBOX_COLUMNS, "o")
    ctes.append(
        f"events AS (INSERT INTO {OUTBOX.name} ({', '.join(OUTBOX_COLUMNS)}) "  # noqa: S608
        f"SELECT {selected} FROM new_tip t, {events} ORDER BY o.n)"
    )
    sql = f"WITH {', '.join(ctes)} SELECT count(*) FROM new_tip"  # noqa: S608 (names from the tables)
    return Statement(sql, tuple(p.names))


_WHERE_KEY = "WHERE principal = $1 AND key = $2"
STORED = f"SELECT request_hash, status_code, body::text FROM {IDEMPOTENCY.name} {_WHERE_KEY}"  # noqa: S608


def _arrays(
    table: Table, columns: Sequence[str], alias: str
) -> Callable[[Sequence[dict[str, Any]]], dict[str, list[Any]]]:
    """For rows of ``table``: one array per column, named as the statement's parameters; the JSON
    columns' values as their text (which columns those are is looked up once, not per value)."""
    names = tuple((f"{alias}.{c}", c, isinstance(table.c[c].type, JSON)) for c in columns)

    def arrays(rows: Sequence[dict[str, Any]]) -> dict[str, list[Any]]:
        return {
            name: [None if (v := row[c]) is None else json.dumps(v) for row in rows]
            if is_json
            else [row[c] for row in rows]
            for name, c, is_json in names
        }

    return arrays


_STEPS, _PRIVATE, _OUTBOX = (
    _arrays(STEP, STEP_COLUMNS, "s"), _arrays(PRIVATE, ("field", "ciphertext"), "f"),
    _arrays(OUTBOX, OUTBOX_COLUMNS, "o"),
)  # fmt: skip


@dataclass(frozen=True)
class NewTip:
    """Every row of a new tip, ready to write (values encrypted already)."""

    tip: dict[str, Any]  # the tip's columns
    steps: list[dict[str, Any]]  # history rows
    private: list[dict[str, Any]]  # {"field", "ciphertext"}
    source: str
    outbox: list[dict[str, Any]]
    receipt: tuple[str, str] | None = None  # key id, code hash

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {f"tip.{c}": self.tip[c] for c in TIP_COLUMNS}
        values.update(_STEPS(self.steps))
        values.update(_PRIVATE(self.private))
        values["source"] = self.source
        values.update(_OUTBOX(self.outbox))
        if self.receipt is not None:
            values["receipt.key_id"], values["receipt.code_hash"] = self.receipt
        return values


@dataclass(frozen=True)
class Claim:
    """The caller's Idempotency-Key, its request's fingerprint and the answer kept for a retry."""

    principal: str
    key: str
    fingerprint: str
    response: StoredResponse

    def values(self) -> dict[str, Any]:
        return {
            "claim.principal": self.principal,
            "claim.key": self.key,
            "claim.request_hash": self.fingerprint,
            "claim.status_code": self.response.status_code,
            "claim.body": json.dumps(self.response.body),
        }


class _Dropped(Exception):
    """The connection was lost under the statement (it had no effect)."""


# (written, the stored answer's (request hash, status, body as text) when the key was used before)
Outcome = tuple[bool, tuple[str, int, str] | None]


async def _on_driver(engine: AsyncEngine, sql: str, args: tuple[Any, ...], claim: Claim | None) -> Outcome:
    """On a pooled connection's asyncpg connection itself: no SQLAlchemy execution on the hot path,
    and no transaction block (each statement commits on its own)."""
    fairy = await engine.raw_connection()
    try:
        conn: asyncpg.Connection = fairy.driver_connection
        if await conn.fetchval(sql, *args) or claim is None:
            return True, None
        row = await conn.fetchrow(STORED, claim.principal, claim.key)
        return False, (row["request_hash"], row["status_code"], row["body"])
    except Exception as exc:
        if conn.is_closed():  # lost, as SQLAlchemy's asyncpg dialect tells a disconnect
            await greenlet_spawn(fairy.invalidate, exc)
            raise _Dropped from exc
        raise
    finally:
        await greenlet_spawn(fairy.close)


async def _on_sqlalchemy(
    engine: AsyncEngine, sql: str, args: tuple[Any, ...], claim: Claim | None
) -> Outcome:
    """The same through SQLAlchemy, which invalidates every pooled connection opened before a lost one;
    once more on a new connection if this one was lost too."""
    autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
    for attempt in (1, 2):
        try:
            async with autocommit.connect() as conn:
                if (await conn.exec_driver_sql(sql, args)).scalar_one() or claim is None:
                    return True, None
                row = (await conn.exec_driver_sql(STORED, (claim.principal, claim.key))).one()
                return False, (row.request_hash, row.status_code, row.body)
        except DBAPIError as exc:
            if not exc.connection_invalidated or attempt == 2:
                raise
    raise AssertionError("unreachable")


async def write_new_tip(
    engine: AsyncEngine, new: NewTip, claim: Claim | None
) -> tuple[StoredResponse | None, bool]:
    """Write ``new`` (with ``claim``) in one statement: ``(None, False)`` when written, or the answer
    stored for the key and ``True`` when the key was used before (nothing is written then).

    A statement that met a connection PostgreSQL dropped (connections are not pinged at checkout) had
    no effect: it runs again on a new connection, through SQLAlchemy so that the pool drops the other
    connections opened before it (up to twice, as a restarted database drops them all).
    """
    statement = insert_statement(claimed=claim is not None, receipt=new.receipt is not None)
    values = new.values()
    if claim is not None:
        values.update(claim.values())
    args = statement.args(values)
    try:
        written, stored = await _on_driver(engine, statement.sql, args, claim)
    except _Dropped:
        log.warning("database connection lost; the new tip is written again on a new one")
        written, stored = await _on_sqlalchemy(engine, statement.sql, args, claim)
    if written:
        outbox_written(engine)
    if written or stored is None or claim is None:
        return None, False
    request_hash, status_code, body = stored
    if request_hash != claim.fingerprint:
        raise IdempotencyKeyReused("this key was used for a request with a different body")
    return StoredResponse(status_code, json.loads(body)), True
