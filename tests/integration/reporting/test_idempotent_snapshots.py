"""Preparing a snapshot takes an Idempotency-Key: a retry after a lost answer replays the first one (one
snapshot, no event twice); the same key for another scope or period is refused with problem+json and
nothing is prepared; without a key every request prepares one, as before."""

from __future__ import annotations

import asyncio

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from services.reporting.handlers.snapshots import SYSTEM
from services.reporting.repository.snapshots import Snapshot
from shared.db import OutboxRecord
from tests.helpers import auth_headers

PROBLEM = "application/problem+json"


async def counts(app: FastAPI) -> tuple[int, int]:
    """Snapshots people prepared (not the closed periods' the service prepares itself), outbox rows."""
    async with app.state.runtime.session_factory() as s:
        mine = select(func.count()).select_from(Snapshot).where(Snapshot.prepared_by != SYSTEM)
        rows = [await s.scalar(mine), await s.scalar(select(func.count()).select_from(OutboxRecord))]
    return int(rows[0] or 0), int(rows[1] or 0)


async def test_a_snapshot_retried_with_its_key_is_prepared_once(
    http: httpx.AsyncClient, app: FastAPI, ward: str
) -> None:
    headers = {**auth_headers(ward, "vhxh", "officer"), "Idempotency-Key": "snap-1"}
    body = {"scope": ward, "period": "2026-Q1"}
    before = await counts(app)
    first = await http.post("/v1/snapshots", json=body, headers=headers)
    assert first.status_code == 201, first.text
    after_first = await counts(app)
    assert after_first[0] == before[0] + 1
    again = await http.post("/v1/snapshots", json=body, headers=headers)
    assert (again.status_code, again.json()) == (first.status_code, first.json())
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert await counts(app) == after_first, "nothing prepared or sent twice"
    refused = await http.post("/v1/snapshots", json={**body, "period": "2026-Q2"}, headers=headers)
    assert refused.status_code == 422 and refused.headers["content-type"].startswith(PROBLEM)
    assert refused.json()["type"].endswith("idempotency-key-reused")
    assert await counts(app) == after_first, "the refusal prepared nothing"
    listed = await http.get("/v1/snapshots", params={"scope": ward, "period": "2026-Q1"}, headers=headers)
    assert [s["id"] for s in listed.json()["items"]] == [first.json()["id"]]


async def test_without_a_key_each_request_prepares_a_snapshot(
    http: httpx.AsyncClient, app: FastAPI, ward: str
) -> None:
    vhxh = auth_headers(ward, "vhxh", "officer")
    before = (await counts(app))[0]
    for n in (1, 2):
        r = await http.post("/v1/snapshots", json={"scope": ward, "period": "2026-Q1"}, headers=vhxh)
        assert r.status_code == 201 and "Idempotent-Replayed" not in r.headers, r.text
        assert (await counts(app))[0] == before + n


async def test_the_same_key_sent_at_once_prepares_one_snapshot_and_answers_each_with_it(
    http: httpx.AsyncClient, app: FastAPI, ward: str
) -> None:
    """Each request reads in its own snapshot of the database: the ones that find the key claimed by a
    request that committed after their snapshot began start again and replay its answer (not a 500)."""
    headers = {**auth_headers(ward, "vhxh", "officer"), "Idempotency-Key": "snap-at-once"}
    body = {"scope": ward, "period": "2026-Q1"}
    before = (await counts(app))[0]
    answers = await asyncio.gather(
        *[http.post("/v1/snapshots", json=body, headers=headers) for _ in range(3)]
    )
    assert [r.status_code for r in answers] == [201] * 3, [r.text for r in answers]
    assert len({r.json()["id"] for r in answers}) == 1
    assert (await counts(app))[0] == before + 1
