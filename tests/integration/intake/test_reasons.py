"""The reasons officials type into a tip's steps are personal data: encrypted at rest (per field, with
the key's id), given back to who may read private fields, audited when read, never in events; plain
reasons of before migration 0005 stay readable and are encrypted by the service."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from alembic import command
from cryptography.exceptions import InvalidTag
from fastapi import FastAPI
from sqlalchemy import select, text

from services.intake.handlers import tips as handlers
from services.intake.main import MIGRATIONS, build_app
from services.intake.settings import IntakeSettings
from shared.auth import Principal
from shared.crypto import FieldCipher
from shared.db import AuditRecord, OutboxRecord, make_engine
from shared.migrations import alembic_config
from tests.helpers import auth_headers
from tests.integration.harness import eventually, intake_runtime, settings_for

SECRET = "bà Nguyễn Thị Hoa, số 5 hẻm 3 Lê Chân"
TIP = {
    "kind": "denunciation",
    "channel": "hotline",
    "residential_group": "tdp-5",
    "subject": {"type": "place", "place_address": "hẻm 3"},
    "description": "Nhiều người ra vào lúc nửa đêm",
}


@contextlib.asynccontextmanager
async def intake(url: str, nats_url: str, ward: str) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    settings = settings_for(
        IntakeSettings, database_url=url, nats_url=nats_url, ward=ward, deadline_scan_seconds=3600
    )
    app = build_app(settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c,
    ):
        yield app, c


async def tip_with_reason(c: httpx.AsyncClient, ward: str) -> str:
    """A tip whose verification was started with ``SECRET`` as its reason."""
    tip = (await c.post("/v1/tips", json=TIP, headers=auth_headers(ward))).json()["id"]
    r = await c.post(f"/v1/tips/{tip}/verification", json={"reason": SECRET}, headers=auth_headers(ward))
    assert r.status_code == 200, r.text
    return str(tip)


async def stored_reasons(url: str) -> list[tuple[str, str, bytes | None]]:
    """``(action, reason, reason_ciphertext)`` of every step, as the table holds them."""
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT action, reason, reason_ciphertext FROM tip_transition ORDER BY id")
            )
            return [(r.action, r.reason, r.reason_ciphertext) for r in rows]
    finally:
        await engine.dispose()


async def test_a_typed_reason_is_stored_encrypted_and_given_audited_to_who_may_read_private_fields(
    service_db: Any, nats_url: str, ward: str
) -> None:
    url = await service_db("intake")
    async with intake(url, nats_url, ward) as (app, c):
        tip = await tip_with_reason(c, ward)
        rt = app.state.runtime
        (receive, verification) = await stored_reasons(url)
        assert receive == ("receive", "", None), "an empty reason is stored as none"
        action, plain, sealed = verification
        assert (action, plain) == ("start_verification", "") and sealed is not None
        assert SECRET.encode() not in sealed and b"Hoa" not in sealed
        assert sealed.startswith(b"v1:") and FieldCipher.key_id_of(sealed) == rt.cipher.active_key_id
        async with rt.session_factory() as s:
            payloads = b"".join((await s.execute(select(OutboxRecord.payload))).scalars())
        assert SECRET.encode() not in payloads and b"Hoa" not in payloads

        officer = await c.get(
            f"/v1/tips/{tip}/history", headers={**auth_headers(ward), "X-Request-ID": "r-1"}
        )
        leader = await c.get(f"/v1/tips/{tip}/history", headers=auth_headers(ward, "ubnd", "leader"))
        assert officer.status_code == leader.status_code == 200
        assert [h["reason"] for h in officer.json()] == ["", SECRET]
        assert [h["reason"] for h in leader.json()] == ["", ""], "the ward leadership sees no private field"
        assert [h["action"] for h in leader.json()] == ["receive", "start_verification"]
        async with rt.session_factory() as s:
            query = select(AuditRecord).where(AuditRecord.action == "read_history").order_by(AuditRecord.id)
            audit = (await s.execute(query)).scalars().all()
        assert [(a.actor, a.resource_id, a.fields, a.request_id) for a in audit] == [
            ("ca:ca-user", tip, ["reason"], "r-1"),
            ("ubnd:ubnd-user", tip, [], audit[1].request_id),
        ]

        # Bound to its step: the same ciphertext put on another step of the tip does not decrypt.
        async with rt.engine.begin() as conn:
            await conn.execute(
                text("UPDATE tip_transition SET reason_ciphertext = :c WHERE action = 'receive'"),
                {"c": sealed},
            )
        async with rt.uow() as uow:
            with pytest.raises(InvalidTag):
                await uow.tips.history(uuid.UUID(tip))


async def test_plain_reasons_stored_before_stay_readable_and_are_encrypted_by_the_service(
    service_db: Any, nats_url: str, ward: str
) -> None:
    url = await service_db("intake")
    async with intake(url, nats_url, ward) as (_, c):
        tip = await tip_with_reason(c, ward)
    engine = make_engine(url)  # as the previous version stored it
    async with engine.begin() as conn:
        await conn.execute(
            text("UPDATE tip_transition SET reason = :r, reason_ciphertext = NULL WHERE action <> 'receive'"),
            {"r": SECRET},
        )
    await engine.dispose()
    officer = Principal("officer-1", ward, "ca", frozenset({"officer"}))
    rt = await intake_runtime(url, nats_url, ward)  # without the background tasks: nothing seals yet
    try:
        history = await handlers.get_history(rt.uow(), uuid.UUID(tip), officer, with_reasons=True)
        assert [h["reason"] for h in history] == ["", SECRET]
        assert (await stored_reasons(url))[1][1] == SECRET
        assert await handlers.seal_plain_reasons(rt.uow(), batch=1) == 1
        assert await handlers.seal_plain_reasons(rt.uow()) == 0
        _, plain, sealed = (await stored_reasons(url))[1]
        assert plain == "" and sealed is not None and SECRET.encode() not in sealed
        history = await handlers.get_history(rt.uow(), uuid.UUID(tip), officer, with_reasons=True)
        assert [h["reason"] for h in history] == ["", SECRET]
    finally:
        await rt.stop()


async def test_the_migration_goes_down_with_the_keys_or_refuses_and_up_again_then_the_service_encrypts(
    service_db: Any, nats_url: str, ward: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = await service_db("intake")
    async with intake(url, nats_url, ward) as (_, c):
        tip = await tip_with_reason(c, ward)
    config = alembic_config(MIGRATIONS, url)

    other = base64.b64encode(b"k" * 32).decode()
    with monkeypatch.context() as env:  # keys the reasons were not encrypted with
        env.setenv("PCMD_INTAKE_FIELD_KEYS", f"other:{other}")
        env.setenv("PCMD_INTAKE_FIELD_KEY_ID", "other")
        with pytest.raises(RuntimeError, match="Refusing to downgrade"):
            await asyncio.to_thread(command.downgrade, config, "0004")
    (_, _, sealed) = (await stored_reasons(url))[1]
    assert sealed is not None, "nothing changed"

    await asyncio.to_thread(command.downgrade, config, "0004")  # the service's own (development) keys
    engine = make_engine(url)
    async with engine.connect() as conn:
        rows = (await conn.execute(text("SELECT * FROM tip_transition ORDER BY id"))).mappings().all()
    await engine.dispose()
    assert "reason_ciphertext" not in rows[0] and [r["reason"] for r in rows] == ["", SECRET]

    await asyncio.to_thread(command.upgrade, config, "head")
    assert [r[1:] for r in await stored_reasons(url)] == [("", None), (SECRET, None)]
    async with intake(url, nats_url, ward) as (_, c):  # encrypts the plain reasons at start

        async def sealed_now() -> bool:
            return (await stored_reasons(url))[1][1] == ""

        await eventually(sealed_now, timeout=30)
        history = (await c.get(f"/v1/tips/{tip}/history", headers=auth_headers(ward))).json()
        assert [h["reason"] for h in history] == ["", SECRET]
    (_, _, sealed) = (await stored_reasons(url))[1]
    assert sealed is not None and SECRET.encode() not in sealed
