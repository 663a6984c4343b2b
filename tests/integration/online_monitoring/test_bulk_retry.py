"""A batch retried after its answer was lost: with an Idempotency-Key it is written once (each report
and each event once, published once), the retry gets the first report back as JSON or streamed, the
key with another batch is refused, and a retry arriving while the first is still writing waits for it."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select, text

from services.online_monitoring.repository import ItemRow
from shared.db import IdempotencyRecord, OutboxRecord
from tests.integration.harness import eventually, stream_count
from tests.integration.online_monitoring.conftest import Client
from tests.integration.online_monitoring.test_items import POST, PROBLEM, ca, count, outbox, report

IMPORT = "/v1/items/import?dry_run=false"
NDJSON = "application/x-ndjson"
ENTRIES = [
    {"url": "https://t.me/hp_retry/1", "text": "phòng nghỉ giờ"},
    {"url": "https://t.me/hp_retry/1?utm_source=x"},  # the same content: one item, two reports
    {"url": "https://www.tiktok.com/@retry/video/7300000000000000002"},
    {"url": "ftp://files.example/a"},  # refused, reported back
]


async def reports(app: FastAPI) -> int:
    """Every report of every item (one row per item, with its count of reports)."""
    async with app.state.runtime.session_factory() as s:
        return int(await s.scalar(select(func.coalesce(func.sum(ItemRow.report_count), 0))) or 0)


async def written(app: FastAPI) -> tuple[int, int, int]:
    return await count(app, ItemRow), await reports(app), len(await outbox(app))


async def published_once(app: FastAPI, ward: str, expected: int) -> None:
    """Every outbox row of the test's ward published, and the stream holds each event once."""
    rt = app.state.runtime
    subject = f"pcmd.{ward}.online_monitoring.item.reported"

    async def done() -> bool:
        async with rt.session_factory() as s:
            waiting = await s.scalar(
                select(func.count()).select_from(OutboxRecord).where(OutboxRecord.published_at.is_(None))
            )
        return waiting == 0 and await stream_count(rt, "online_monitoring", subject) == expected

    assert await eventually(done)
    await asyncio.sleep(0.5)  # two relay polls: nothing more comes
    assert await stream_count(rt, "online_monitoring", subject) == expected


def stream(r: httpx.Response) -> list[dict[str, Any]]:
    assert r.status_code == 200 and r.headers["content-type"].startswith(NDJSON), r.text
    return [json.loads(line) for line in r.text.splitlines()]


async def test_a_retried_json_batch_is_written_once_and_its_report_replayed(
    online: Client, ward: str
) -> None:
    app, c = online
    headers = {**ca(ward), "Idempotency-Key": "crawler-2026-12-05-a"}
    first = await c.post(IMPORT, json=ENTRIES, headers=headers)
    assert first.status_code == 200 and "idempotent-replayed" not in first.headers, first.text
    r = first.json()
    assert (r["accepted"], r["created"], r["added"], r["rejected_count"]) == (3, 2, 1, 1)
    assert await written(app) == (2, 3, 2)

    retry = await c.post(IMPORT, json=ENTRIES, headers=headers)
    assert retry.status_code == 200 and retry.headers["idempotent-replayed"] == "true"
    assert retry.json() == r
    streamed = await c.post(IMPORT, json=ENTRIES, headers={**headers, "Accept": NDJSON})
    assert stream(streamed) == [{"report": r}], "the stored report alone, no progress and nothing written"
    assert await written(app) == (2, 3, 2)

    other = await c.post(IMPORT, json=ENTRIES[:1], headers=headers)
    assert other.status_code == 422 and other.headers["content-type"] == PROBLEM
    assert other.json()["type"].endswith("idempotency-key-reused")
    as_ndjson = "\n".join(json.dumps(e) for e in ENTRIES).encode()  # the same entries, other bytes
    refused = await c.post(
        IMPORT, content=as_ndjson, headers={**headers, "Content-Type": NDJSON, "Accept": NDJSON}
    )
    (line,) = stream(refused)
    assert line["problem"]["type"].endswith("idempotency-key-reused") and line["problem"]["status"] == 422
    assert await written(app) == (2, 3, 2)

    without_key = await c.post(IMPORT, json=ENTRIES, headers=ca(ward))
    assert (without_key.json()["created"], without_key.json()["added"]) == (0, 3), "a new batch adds reports"
    assert await written(app) == (2, 6, 2)
    await published_once(app, ward, 2)


async def test_a_retried_streamed_batch_is_written_once(online: Client, ward: str) -> None:
    app, c = online
    body = "\n".join(json.dumps({"url": f"https://t.me/hp_retry_stream/{n}"}) for n in range(1_200)).encode()
    headers = {**ca(ward), "Content-Type": NDJSON, "Accept": NDJSON, "Idempotency-Key": "patrol-list-7"}
    first = stream(await c.post(IMPORT, content=body, headers=headers))
    assert first[:-1] == [{"stage": "checked", "entries": 1000}, {"stage": "written", "entries": 1200}]
    assert first[-1]["report"]["created"] == 1_200
    again = stream(await c.post(IMPORT, content=body, headers=headers))
    assert again == first[-1:]
    as_json = await c.post(IMPORT, content=body, headers={**headers, "Accept": "application/json"})
    assert as_json.headers["idempotent-replayed"] == "true" and as_json.json() == first[-1]["report"]
    assert await written(app) == (1_200, 1_200, 1_200)
    dry = await c.post("/v1/items/import", content=body, headers={**headers, "Accept": "application/json"})
    assert dry.json()["dry_run"] and dry.json()["added"] == 1_200, "a dry run checks, replays nothing"
    async with app.state.runtime.session_factory() as s:
        keys = await s.scalar(select(func.count()).select_from(IdempotencyRecord))
    assert keys == 1 and await written(app) == (1_200, 1_200, 1_200)
    await published_once(app, ward, 1_200)


async def test_a_retry_arriving_while_the_first_is_writing_waits_and_replays(
    online: Client, ward: str
) -> None:
    app, c = online
    held = await report(c, ward, POST)  # an item the batch adds to: the test holds its row
    batch = [{"url": POST}, {"url": "https://t.me/hp_retry_race/1"}]
    headers = {**ca(ward), "Idempotency-Key": "lost-answer-1"}
    rt = app.state.runtime

    async def waiting() -> int:
        async with rt.session_factory() as s:
            found = await s.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            )
        return int(found or 0)

    async with rt.session_factory() as blocker, blocker.begin():
        await blocker.execute(text("SELECT 1 FROM item WHERE id = :id FOR UPDATE"), {"id": held["id"]})
        first = asyncio.ensure_future(c.post(IMPORT, json=batch, headers=headers))
        await eventually(lambda: _at_least(waiting, 1), timeout=20)  # the first holds its key, waits
        second = asyncio.ensure_future(c.post(IMPORT, json=batch, headers=headers))
        await eventually(lambda: _at_least(waiting, 2), timeout=20)  # the retry waits on the key
        assert not first.done() and not second.done()
    one, two = await asyncio.gather(first, second)
    assert one.status_code == two.status_code == 200 and one.json() == two.json()
    assert "idempotent-replayed" not in one.headers and two.headers["idempotent-replayed"] == "true"
    assert (one.json()["created"], one.json()["added"]) == (1, 1)
    assert await written(app) == (2, 3, 2)
    await published_once(app, ward, 2)


async def _at_least(check: Any, n: int) -> bool:
    return bool(await check() >= n)
