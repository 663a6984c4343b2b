"""A new tip in one statement (``repository.lean``) writes exactly the rows the repositories write in a
transaction, with an Idempotency-Key or without, with a receipt or without; a key used before writes
nothing more; a statement that fails leaves nothing behind."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import uuid
from typing import Any

import asyncpg
import pytest

from services.intake.domain import Channel, SubjectType, TipKind
from services.intake.handlers import tips as use
from services.intake.handlers.commands import PrivateDetails, ReceiveTip
from services.intake.repository import IntakeUnitOfWork
from shared.db import asyncpg_dsn
from shared.idempotency import IdempotencyKeyReused
from shared.runtime import Runtime
from tests.integration.harness import intake_runtime
from tests.integration.test_event_path import officer

CMD = ReceiveTip(
    TipKind.DENUNCIATION,
    Channel.HOTLINE,
    SubjectType.PLACE,
    "tdp-1",
    private=PrivateDetails(description="Nhiều người ra vào", place_address="hẻm 3", urls=("http://x",)),
)
PRIVATE = CMD.private.as_fields()
AT = dt.datetime(2026, 3, 2, 8, 30, tzinfo=dt.UTC)
# What differs between two tips written the same way: ids, and the times the database stamps.
VARYING = {"id", "tip_id", "updated_at", "added_at", "created_at", "event_id", "ciphertext"}
VARYING |= {"reason_ciphertext", "payload", "headers", "body"}


@pytest.fixture
async def rt(service_db: Any, nats_url: str, ward: str) -> Any:
    runtime = await intake_runtime(await service_db("intake"), nats_url, ward, run_relay=False)
    yield runtime
    await runtime.stop()


def _tip(rt: Runtime[Any, Any, Any], ward: str) -> Any:
    deps = dataclasses.replace(rt.deps, clock=lambda: AT)  # two tips alike but for their ids
    return use.new_tip(CMD, deps, ward=ward, channel=CMD.channel, actor=use.actor_of(officer(ward)))


async def _through_repositories(
    uow: IntakeUnitOfWork, tip: Any, key: str | None, receipt: tuple[str, str] | None
) -> None:
    """The path every other write takes: the repositories in a transaction, the events at commit."""

    async def create() -> dict[str, Any]:
        await uow.tips.add(tip)
        await uow.private.add(tip.id, PRIVATE, "staff")
        if receipt is not None:
            await uow.receipts.add(*receipt, tip.id)
        return {"id": str(tip.id)}

    fingerprint = use.fingerprint(CMD, PRIVATE)
    await uow.create_once(caller="w/ca:u1", key=key, fingerprint=fingerprint, create=create)


async def _rows(rt: Runtime[Any, Any, Any], tip_id: uuid.UUID) -> dict[str, list[dict[str, Any]]]:
    conn = await asyncpg.connect(asyncpg_dsn(rt.settings.database_url))
    await conn.set_type_codec("jsonb", encoder=json.dumps, decoder=json.loads, schema="pg_catalog")
    try:
        tip = await conn.fetch("SELECT * FROM tip WHERE id = $1", tip_id)
        steps = await conn.fetch("SELECT * FROM tip_transition WHERE tip_id = $1 ORDER BY id", tip_id)
        private = await conn.fetch("SELECT * FROM tip_private_field WHERE tip_id = $1 ORDER BY id", tip_id)
        receipts = await conn.fetch("SELECT * FROM tip_receipt WHERE tip_id = $1", tip_id)
        events = await conn.fetch(
            "SELECT * FROM outbox WHERE headers->>'ce-subject' = $1 ORDER BY id", str(tip_id)
        )
    finally:
        await conn.close()
    return {
        "tip": [dict(r) for r in tip],
        "steps": [dict(r) for r in steps],
        "private": [dict(r) for r in private],
        "receipts": [dict(r) for r in receipts],
        "events": [dict(r) for r in events],
    }


def _comparable(rows: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    return {
        table: [{k: v for k, v in row.items() if k not in VARYING} for row in found]
        for table, found in rows.items()
    }


async def _count(rt: Runtime[Any, Any, Any], sql: str, *args: Any) -> int:
    conn = await asyncpg.connect(asyncpg_dsn(rt.settings.database_url))
    try:
        return int(await conn.fetchval(sql, *args))
    finally:
        await conn.close()


@pytest.mark.parametrize("key", [None, "k-1"])
@pytest.mark.parametrize("receipt", [None, ("k1", "hash-of-a-code")])
async def test_one_statement_writes_the_rows_the_repositories_write(
    rt: Any, ward: str, key: str | None, receipt: tuple[str, str] | None
) -> None:
    old, new = _tip(rt, ward), _tip(rt, ward)
    await _through_repositories(rt.uow(), old, key, receipt)
    lean_receipt = None if receipt is None else (receipt[0], receipt[1] + "-2")
    stored, replayed = await rt.uow().add_new_once(
        new,
        PRIVATE,
        "staff",
        caller="w/ca:u2",
        key=key,
        fingerprint=use.fingerprint(CMD, PRIVATE),
        body={"id": str(new.id)},
        receipt=lean_receipt,
    )
    assert (stored.status_code, stored.body, replayed) == (201, {"id": str(new.id)}, False)

    written, expected = await _rows(rt, new.id), await _rows(rt, old.id)
    assert [len(v) for v in written.values()] == [1, 1, 3, 1 if receipt else 0, 1]
    for row in expected["receipts"]:
        row["code_hash"] += "-2"
    assert _comparable(written) == _comparable(expected)
    # What varies is still bound to its own tip: the private values decrypt under its id, the event
    # names it, and carries the same headers (but its own ids and times).
    aad = f"intake:tip:{new.id}:"
    values = {r["field"]: rt.cipher.decrypt(r["ciphertext"], aad + r["field"]) for r in written["private"]}
    assert values == {k: v for k, v in PRIVATE.items() if v}
    event, before = written["events"][0], expected["events"][0]
    assert sorted(event["headers"]) == sorted(before["headers"])
    assert event["headers"]["ce-subject"] == str(new.id)
    if key is not None:
        kept = await _count(
            rt, "SELECT count(*) FROM idempotency_key WHERE key = $1 AND status_code = 201", key
        )
        assert kept == 2  # the repositories' row (u1) and the statement's (u2), each answered


async def test_a_key_used_before_writes_nothing_more_and_answers_the_first_answer(rt: Any, ward: str) -> None:
    fingerprint = use.fingerprint(CMD, PRIVATE)
    first, again = _tip(rt, ward), _tip(rt, ward)
    args: dict[str, Any] = {"caller": "w/ca:u1", "key": "k-2", "fingerprint": fingerprint}
    await rt.uow().add_new_once(first, PRIVATE, "staff", body={"id": str(first.id)}, **args)
    stored, replayed = await rt.uow().add_new_once(
        again, PRIVATE, "staff", body={"id": str(again.id)}, **args
    )
    assert (stored.status_code, stored.body, replayed) == (201, {"id": str(first.id)}, True)
    assert await _rows(rt, again.id) == {"tip": [], "steps": [], "private": [], "receipts": [], "events": []}

    other = _tip(rt, ward)
    with pytest.raises(IdempotencyKeyReused):
        await rt.uow().add_new_once(
            other, PRIVATE, "staff", body={}, **{**args, "fingerprint": "another request"}
        )
    assert await _count(rt, "SELECT count(*) FROM tip") == 1
    assert await _count(rt, "SELECT count(*) FROM outbox") == 1


async def test_a_statement_that_fails_leaves_nothing(rt: Any, ward: str) -> None:
    tip = _tip(rt, ward)
    too_long = {**PRIVATE, "x" * 41: "a field name the column refuses"}  # refused after the tip is written
    with pytest.raises(asyncpg.StringDataRightTruncationError):
        await rt.uow().add_new_once(
            copy.deepcopy(tip), too_long, "staff", caller="w/ca:u1", key="k-3", fingerprint="f", body={}
        )
    for table in ("tip", "tip_transition", "tip_private_field", "outbox", "idempotency_key"):
        assert await _count(rt, f"SELECT count(*) FROM {table}") == 0, table

    # The same tip, once correct, is written whole: the key was not kept by the failed attempt.
    stored, replayed = await rt.uow().add_new_once(
        tip, PRIVATE, "staff", caller="w/ca:u1", key="k-3", fingerprint="f", body={"ok": True}
    )
    assert (stored.body, replayed) == ({"ok": True}, False)
    assert [len(v) for v in (await _rows(rt, tip.id)).values()] == [1, 1, 3, 0, 1]


async def test_the_tips_events_are_collected_once(rt: Any, ward: str) -> None:
    tip = _tip(rt, ward)
    await rt.uow().add_new_once(tip, PRIVATE, "staff", caller="c", key=None, fingerprint="f", body={})
    assert tip.new == []  # collected by the unit of work: nothing left to publish twice
