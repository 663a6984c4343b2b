"""Information an anonymous reporter adds with the receipt code, on a real PostgreSQL: a retry with the
same Idempotency-Key (a lost answer) or the same text again within the window (a double click, no
key) is stored once; the text is never kept in clear outside its encrypted field nor logged; the
lookup limit counts every attempt, and a staff read of the information is still audited."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from services.intake.api.deps import get_deps
from services.intake.main import build_app
from services.intake.repository.tables import PrivateFieldRow
from services.intake.settings import IntakeSettings
from shared.db import AuditRecord, IdempotencyRecord
from tests.helpers import auth_headers
from tests.integration.harness import settings_for

PROBLEM = "application/problem+json"
PUBLIC_TIP = {
    "kind": "report",
    "residential_group": "tdp-9",
    "subject": {"type": "place", "place_address": "hẻm 3"},
    "description": "Có dấu hiệu môi giới",
}
ADD = "/v1/public/receipts/information"
TEXT = "Xe biển số 15A-123.45 đỗ trước cửa lúc 23 giờ"
START = dt.datetime(2026, 12, 5, 3, 9, 59, tzinfo=dt.UTC)  # one second before a 10-minute slot ends

Client = tuple[FastAPI, httpx.AsyncClient, list[dt.datetime]]


@pytest.fixture
async def intake(service_db: Any, nats_url: str, ward: str) -> AsyncIterator[Client]:
    """Intake with a clock the test moves (``moment[0]``) and eight lookups an hour per address."""
    settings = settings_for(
        IntakeSettings,
        database_url=await service_db("intake"),
        nats_url=nats_url,
        ward=ward,
        public_lookups_per_hour=8,
        deadline_scan_seconds=3600,
    )
    app = build_app(settings)
    moment = [START]
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 5555))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://t") as c,
    ):
        deps = dataclasses.replace(app.state.runtime.deps, clock=lambda: moment[0])

        async def moved() -> Any:
            return deps

        app.dependency_overrides[get_deps] = moved
        yield app, c, moment


async def receipt(c: httpx.AsyncClient) -> str:
    r = await c.post("/v1/public/tips", json=PUBLIC_TIP)
    assert r.status_code == 201, r.text
    return str(r.json()["receipt_code"])


async def added(app: FastAPI) -> int:
    """Rows of information added with a receipt code."""
    async with app.state.runtime.session_factory() as s:
        query = select(func.count()).select_from(PrivateFieldRow)
        return int(await s.scalar(query.where(PrivateFieldRow.field == "additional_information")) or 0)


async def staff_read(app: FastAPI, c: httpx.AsyncClient, ward: str) -> list[str]:
    """What an officer reads of the tip's added information (an audited read)."""
    async with app.state.runtime.session_factory() as s:
        tip_id = await s.scalar(select(PrivateFieldRow.tip_id).limit(1))
    r = await c.get(f"/v1/tips/{tip_id}/private", headers=auth_headers(ward))
    assert r.status_code == 200, r.text
    return [v["value"] for v in r.json() if v["field"] == "additional_information"]


async def test_a_retry_with_the_same_key_is_answered_again_and_stores_nothing(
    intake: Client, ward: str, caplog: pytest.LogCaptureFixture
) -> None:
    app, c, _ = intake
    caplog.set_level(logging.DEBUG)
    code = await receipt(c)
    key = {"Idempotency-Key": "f3b1c2d4e5f60718293a4b5c6d7e8f90"}
    first = await c.post(ADD, json={"code": code, "text": TEXT}, headers=key)
    assert first.status_code == 202 and "idempotent-replayed" not in first.headers, first.text
    retry = await c.post(ADD, json={"code": code, "text": TEXT}, headers=key)
    assert retry.status_code == 202 and retry.headers["idempotent-replayed"] == "true"
    assert retry.json() == first.json() == {"message": "Đã nhận thông tin bổ sung. / Information received."}
    other = await c.post(ADD, json={"code": code, "text": "Một nội dung khác"}, headers=key)
    assert other.status_code == 422 and other.headers["content-type"] == PROBLEM
    assert other.json()["type"].endswith("idempotency-key-reused")
    assert await added(app) == 1

    async with app.state.runtime.session_factory() as s:
        kept = (await s.execute(select(IdempotencyRecord))).scalars().all()
        audits = await s.scalar(select(func.count()).select_from(AuditRecord))
    stored = " ".join(f"{r.principal} {r.key} {r.request_hash} {r.body}" for r in kept)
    assert "information" in stored and TEXT not in stored and "15A" not in stored and code not in stored
    assert await staff_read(app, c, ward) == [TEXT]
    async with app.state.runtime.session_factory() as s:
        assert await s.scalar(select(func.count()).select_from(AuditRecord)) == (audits or 0) + 1
    assert "15A" not in caplog.text and code not in caplog.text


async def test_the_same_text_again_soon_is_stored_once_and_later_again(intake: Client, ward: str) -> None:
    app, c, moment = intake
    code = await receipt(c)
    body = {"code": code, "text": TEXT}
    assert (await c.post(ADD, json=body)).status_code == 202
    moment[0] = START + dt.timedelta(seconds=2)  # a double click, in the next time slot
    again = await c.post(ADD, json=body)
    assert again.status_code == 202 and "idempotent-replayed" not in again.headers
    assert await added(app) == 1
    new_key = await c.post(ADD, json=body, headers={"Idempotency-Key": "page-reloaded-1"})
    assert new_key.status_code == 202 and await added(app) == 1, "the same text under a new key, too"
    other = await c.post(ADD, json={"code": code, "text": "Có thêm hai người lạ"})
    assert other.status_code == 202 and await added(app) == 2, "another text is stored"
    moment[0] = START + dt.timedelta(minutes=15)  # past the window: the same words are news again
    assert (await c.post(ADD, json=body)).status_code == 202
    assert await added(app) == 3
    assert sorted(await staff_read(app, c, ward)) == sorted([TEXT, "Có thêm hai người lạ", TEXT])


async def test_two_copies_at_once_are_stored_once_and_every_attempt_counts_for_the_limit(
    intake: Client, ward: str
) -> None:
    app, c, _ = intake
    code = await receipt(c)
    body = {"code": code, "text": TEXT}
    both = await asyncio.gather(*(c.post(ADD, json=body) for _ in range(2)))
    assert [r.status_code for r in both] == [202, 202] and await added(app) == 1
    for n in range(6):  # eight lookups an hour: two above, six here
        r = await c.post(ADD, json={**body, "text": f"{TEXT} ({n})"})
        assert r.status_code == 202, r.text
    limited = await c.post(ADD, json={**body, "text": "một lần nữa"})
    assert limited.status_code == 429 and limited.headers["content-type"] == PROBLEM
    assert await added(app) == 7, "a refused attempt stores nothing"
