"""Anonymous intake cannot take the service down or be silenced: limits shared by every replica and
kept across restarts, callers told apart behind trusted proxies only, no address kept, receipts
stored under keyed hashes (legacy Argon2 ones still readable), and each tip filed under its ward."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
from alembic import command
from fastapi import FastAPI
from sqlalchemy import select, text

from services.intake.domain.receipts import legacy_hash
from services.intake.main import MIGRATIONS, build_app
from services.intake.repository import ReceiptRow, TipRow
from services.intake.settings import IntakeSettings
from shared.db import IdempotencyRecord, OutboxRecord, make_engine
from shared.migrations import alembic_config
from tests.integration.harness import settings_for

TIP = {
    "kind": "report",
    "residential_group": "tdp-9",
    "subject": {"type": "place", "place_address": "hẻm 3"},
    "description": "Có dấu hiệu môi giới",
}
PROXY = ("10.0.0.1", 5555)


@contextlib.asynccontextmanager
async def intake(
    url: str, nats_url: str, ward: str, peer: tuple[str, int] = ("203.0.113.7", 5555), **overrides: Any
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    settings = settings_for(
        IntakeSettings,
        database_url=url,
        nats_url=nats_url,
        ward=ward,
        deadline_scan_seconds=3600,
        **overrides,
    )
    app = build_app(settings)
    transport = httpx.ASGITransport(app=app, client=peer)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://t") as c,
    ):
        yield app, c


async def test_replicas_share_the_limits_and_a_restart_forgets_nothing(
    service_db: Any, nats_url: str, ward: str
) -> None:
    url = await service_db("intake")
    async with (
        intake(url, nats_url, ward, public_submissions_per_hour=3) as (_, a),
        intake(url, nats_url, ward, public_submissions_per_hour=3) as (_, b),
    ):
        assert [(await c.post("/v1/public/tips", json=TIP)).status_code for c in (a, b, a)] == [201] * 3
        refused = await b.post("/v1/public/tips", json=TIP)
        assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 3600
    async with intake(url, nats_url, ward, public_submissions_per_hour=3) as (app, c):
        assert (await c.post("/v1/public/tips", json=TIP)).status_code == 429, "restarted, still counted"
        async with app.state.runtime.session_factory() as s:
            rows = (await s.execute(text("SELECT bucket, key_hash, hits, expires_at FROM rate_limit"))).all()
    assert [(r.bucket, r.hits) for r in rows] == [("public-submit", 5)]
    assert "203.0.113" not in rows[0].key_hash and len(rows[0].key_hash) == 64


async def test_behind_a_trusted_proxy_each_citizen_has_a_bucket_and_the_header_cannot_be_forged(
    service_db: Any, nats_url: str, ward: str
) -> None:
    url = await service_db("intake")
    limits = {"public_submissions_per_hour": 1, "trusted_proxies": "10.0.0.0/8"}
    async with intake(url, nats_url, ward, peer=PROXY, **limits) as (_, c):

        async def post(forwarded: str) -> int:
            return (
                await c.post("/v1/public/tips", json=TIP, headers={"X-Forwarded-For": forwarded})
            ).status_code

        assert await post("198.51.100.1") == 201
        assert await post("198.51.100.2") == 201, "another citizen behind the same ingress"
        assert await post("6.6.6.6, 198.51.100.1") == 429, "a forged left part does not make a new bucket"
        assert await post("2001:db8:1:2::1") == 201
        assert await post("2001:db8:1:2::99") == 429, "the same /64"
    async with intake(url, nats_url, ward, peer=("203.0.113.50", 1), **limits) as (_, c):
        first = await c.post("/v1/public/tips", json=TIP, headers={"X-Forwarded-For": "198.51.100.3"})
        again = await c.post("/v1/public/tips", json=TIP, headers={"X-Forwarded-For": "198.51.100.4"})
        assert (first.status_code, again.status_code) == (201, 429), "not a proxy: its header is ignored"


async def test_no_address_is_kept_and_counters_are_purged(service_db: Any, nats_url: str, ward: str) -> None:
    url = await service_db("intake")
    async with intake(url, nats_url, ward) as (app, c):
        r = await c.post("/v1/public/tips", json=TIP, headers={"Idempotency-Key": "citizen-key-1"})
        assert r.status_code == 201
        rt = app.state.runtime
        async with rt.session_factory() as s:
            (record,) = (await s.execute(select(IdempotencyRecord))).scalars()
        assert (
            record.principal == "public" and "203.0.113" not in record.key and record.key != "citizen-key-1"
        )
        limiter = rt.deps.submit_limit
        assert await limiter.purge() == 0, "the current window is kept"
        limiter._clock = lambda: 10**10  # long after the window
        assert await limiter.purge() == 1
        async with rt.session_factory() as s:
            assert (await s.execute(text("SELECT count(*) FROM rate_limit"))).scalar_one() == 0


async def test_a_legacy_argon2_receipt_is_readable_after_the_migration_and_rehashed(
    service_db: Any, nats_url: str, ward: str
) -> None:
    url = await service_db("intake")
    async with intake(url, nats_url, ward) as (app, c):
        code = (await c.post("/v1/public/tips", json=TIP)).json()["receipt_code"]
        salt = app.state.runtime.settings.receipt_salt.encode()
    config = alembic_config(MIGRATIONS, url)
    await asyncio.to_thread(command.downgrade, config, "0002")
    engine = make_engine(url)  # as the previous version stored it
    async with engine.begin() as connection:
        hashed = await asyncio.to_thread(legacy_hash, code, salt)
        await connection.execute(text("UPDATE tip_receipt SET code_hash = :h"), {"h": hashed})
    await engine.dispose()
    await asyncio.to_thread(command.upgrade, config, "head")
    async with intake(url, nats_url, ward) as (app, c):
        async with app.state.runtime.session_factory() as s:
            assert (await s.execute(select(ReceiptRow.key_id))).scalar_one() == "argon2"
        wrong = await c.post("/v1/public/receipts/status", json={"code": "0000-0000-0000-0000"})
        found = await c.post("/v1/public/receipts/status", json={"code": code})
        assert wrong.status_code == 404 and found.status_code == 200
        async with app.state.runtime.session_factory() as s:
            row = (await s.execute(select(ReceiptRow))).scalar_one()
        assert row.key_id == "dev1" and row.code_hash == app.state.runtime.deps.receipt_keys.hash(code)


async def test_each_anonymous_tip_is_filed_under_its_ward(service_db: Any, nats_url: str, ward: str) -> None:
    other = f"{ward}_b"
    wards = {other: {"hosts": ["tinbao.other.example"], "residential_groups": {"tdp-2": "Tổ dân phố 2"}}}
    async with intake(await service_db("intake"), nats_url, ward, public_wards=wards) as (app, c):
        by_host = await c.post(
            "/v1/public/tips",
            json={**TIP, "residential_group": "tdp-2"},
            headers={"Host": "tinbao.other.example"},
        )
        by_form = await c.post("/v1/public/tips", json={**TIP, "ward": other, "residential_group": "tdp-2"})
        assert by_host.status_code == by_form.status_code == 201, by_host.text
        unknown = await c.post("/v1/public/tips", json={**TIP, "ward": "kienan"})
        assert unknown.status_code == 422 and unknown.json()["errors"][0]["loc"] == ["body", "ward"]
        wrong_group = await c.post("/v1/public/tips", json={**TIP, "ward": other})
        assert wrong_group.status_code == 422
        unnamed = await c.post("/v1/public/tips", json=TIP)
        assert unnamed.status_code == 422, "two wards served, neither named nor known by host"
        page = await c.get("/v1/public", headers={"Host": "tinbao.other.example"})
        assert page.status_code == 200 and "Tổ dân phố 2" in page.text and "tdp-9" not in page.text
        assert (await c.get("/v1/public")).status_code == 404
        groups = await c.get("/v1/public/residential-groups", params={"ward": other})
        assert groups.json() == [{"code": "tdp-2", "name": "Tổ dân phố 2"}]
        async with app.state.runtime.session_factory() as s:
            assert list((await s.execute(select(TipRow.ward))).scalars()) == [other, other]
            subjects = list((await s.execute(select(OutboxRecord.subject))).scalars())
        assert subjects and all(s.startswith(f"pcmd.{other}.intake.") for s in subjects), subjects
