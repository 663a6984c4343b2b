"""Online monitoring over HTTP on a real PostgreSQL: reports deduplicated into items, the text excerpt
encrypted and read only through the audited endpoint, lists, and bad input refused with nothing
written."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select, text

from services.online_monitoring.repository import ItemRow, ItemTextRow
from shared.contracts.pcmd.online_monitoring.v1 import events_pb2 as ev
from shared.db import AuditRecord, OutboxRecord
from tests.helpers import auth_headers
from tests.integration.online_monitoring.conftest import Client

PROBLEM = "application/problem+json"
POST = "https://www.facebook.com/groups/123456789/posts/987654321/"
EXCERPT = "Em Linh nhận đi khách 500k/lần, liên hệ zalo 0900000123"


def ca(ward: str, role: str = "officer") -> dict[str, str]:
    return auth_headers(ward, "ca", role)


async def outbox(app: FastAPI) -> list[tuple[str, bytes]]:
    async with app.state.runtime.session_factory() as s:
        rows = await s.execute(
            select(OutboxRecord.event_type, OutboxRecord.payload).order_by(OutboxRecord.id)
        )
        return [(t.rsplit(".", 1)[-1], p) for t, p in rows.all()]


async def count(app: FastAPI, table: Any) -> int:
    async with app.state.runtime.session_factory() as s:
        return int(await s.scalar(select(func.count()).select_from(table)) or 0)


async def report(c: httpx.AsyncClient, ward: str, url: str = POST, **extra: Any) -> dict[str, Any]:
    r = await c.post("/v1/items", json={"url": url, **extra}, headers=ca(ward))
    assert r.status_code == 201, r.text
    return dict(r.json())


async def test_the_same_content_reported_twice_by_two_people_is_one_item_with_two_reports(
    online: Client, ward: str
) -> None:
    app, c = online
    headers = {**ca(ward), "Idempotency-Key": "patrol-1"}
    body = {"url": POST + "?utm_source=zalo&fbclid=abc", "space": "closed_group", "text": EXCERPT}
    first = await c.post("/v1/items", json=body, headers=headers)
    replay = await c.post("/v1/items", json=body, headers=headers)
    assert first.status_code == 201 and replay.json()["id"] == first.json()["id"]
    item = first.json()
    assert item["outcome"] == "created" and item["platform"] == "facebook" and item["has_text"]
    assert "utm_source" not in item["url"] and "fbclid" not in item["url"]
    other = await c.post(
        "/v1/items",
        json={"url": "http://m.facebook.com/groups/123456789/posts/987654321", "source": "public_report"},
        headers=auth_headers(ward, "ttdv"),
    )
    assert other.status_code == 201, other.text
    again = other.json()
    assert again["id"] == item["id"] and again["outcome"] == "added"
    assert [r["source"] for r in again["reports"]] == ["proactive_monitoring", "public_report"]
    events = await outbox(app)
    assert [t for t, _ in events] == ["ItemReported"]
    reported = ev.ItemReported.FromString(events[0][1])
    assert reported.content_hash == item["content_hash"] and len(reported.content_hash) == 64
    assert reported.platform == ev.PLATFORM_FACEBOOK and reported.space == ev.CONTENT_SPACE_CLOSED_GROUP
    assert reported.source == ev.REPORT_SOURCE_PROACTIVE_MONITORING
    # The event carries the instant (UTC); the API answers it in the ward's time.
    assert reported.due_at.ToDatetime(tzinfo=dt.UTC).replace(
        second=0, microsecond=0
    ) == dt.datetime.fromisoformat(item["due_at"]).replace(second=0, microsecond=0)
    assert item["due_at"].endswith("+07:00") and item["reported_at"].endswith("+07:00")
    assert await count(app, ItemRow) == 1


async def test_the_excerpt_is_encrypted_and_read_only_with_a_reason_and_audited(
    online: Client, ward: str
) -> None:
    app, c = online
    item = await report(c, ward, text=EXCERPT)
    async with app.state.runtime.session_factory() as s:
        stored = (await s.execute(select(ItemTextRow.ciphertext))).scalar_one()
        item_row = (await s.execute(text("SELECT detail::text FROM item"))).scalar_one()
    assert EXCERPT.encode() not in stored and "Linh" not in item_row
    assert "text" not in (await c.get(f"/v1/items/{item['id']}", headers=ca(ward))).json()
    no_reason = await c.post(f"/v1/items/{item['id']}/text", json={"reason": " "}, headers=ca(ward))
    assert no_reason.status_code == 422 and no_reason.headers["content-type"] == PROBLEM
    ttdv = await c.post(
        f"/v1/items/{item['id']}/text", json={"reason": "xác minh"}, headers=auth_headers(ward, "ttdv")
    )
    assert ttdv.status_code == 403
    r = await c.post(f"/v1/items/{item['id']}/text", json={"reason": "xác minh"}, headers=ca(ward))
    assert r.status_code == 200 and r.json()["text"] == EXCERPT
    async with app.state.runtime.session_factory() as s:
        audit = (await s.execute(select(AuditRecord.action, AuditRecord.reason))).all()
    assert ("read_private", "xác minh") in [(a, r) for a, r in audit]


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"url": "không phải đường dẫn"}, "invalid-url"),
        ({"url": "ftp://example.com/x"}, "invalid-url"),
        ({"url": "javascript:alert(1)"}, "invalid-url"),
        ({"url": POST, "establishment_id": "not-a-uuid"}, "validation"),
        ({"url": POST, "platform": "myspace"}, "validation"),
        ({"url": POST, "surprise": 1}, "validation"),
        ({"url": POST, "text": "x" * 5001}, "validation"),
    ],
)
async def test_bad_reports_are_problems_and_write_nothing(
    online: Client, ward: str, body: dict[str, Any], where: str
) -> None:
    app, c = online
    r = await c.post("/v1/items", json=body, headers={**ca(ward), "Idempotency-Key": "bad-1"})
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM, r.text
    assert where in r.json()["type"]
    assert await count(app, ItemRow) == 0 and await outbox(app) == []


async def test_lists_filter_by_platform_status_category_and_overdue(online: Client, ward: str) -> None:
    app, c = online
    fb = await report(c, ward, establishment_id=str(uuid.uuid4()))
    await report(c, ward, "https://t.me/somechannel/42")
    await report(c, ward, "https://www.tiktok.com/@someone/video/7300000000000000001")
    await c.post(f"/v1/items/{fb['id']}/classification", json={"category": "solicitation"}, headers=ca(ward))
    page = (await c.get("/v1/items?page_size=2", headers=ca(ward))).json()
    assert page["total"] == 3 and len(page["items"]) == 2
    tg = (await c.get("/v1/items?platform=telegram", headers=ca(ward))).json()
    assert [i["platform"] for i in tg["items"]] == ["telegram"]
    classified = (await c.get("/v1/items?status=classified&category=solicitation", headers=ca(ward))).json()
    assert [i["id"] for i in classified["items"]] == [fb["id"]]
    assert (await c.get("/v1/items?overdue=true", headers=ca(ward))).json()["total"] == 0
    async with app.state.runtime.session_factory() as s, s.begin():
        await s.execute(text("UPDATE item SET due_at = now() - interval '1 hour' WHERE platform = 'tiktok'"))
    overdue = (await c.get("/v1/items?overdue=true", headers=ca(ward))).json()
    assert [i["platform"] for i in overdue["items"]] == ["tiktok"] and overdue["items"][0]["overdue"]
    bad = await c.get("/v1/items?status=lost", headers=ca(ward))
    assert bad.status_code == 422 and bad.headers["content-type"] == PROBLEM
    other_ward = await c.get(f"/v1/items/{fb['id']}", headers=auth_headers("elsewhere", "ca"))
    assert other_ward.status_code == 404


async def test_the_classifier_proposes_with_reasons_and_the_officer_decision_keeps_the_proposal(
    online: Client, ward: str
) -> None:
    app, c = online
    ad = "Em nhận đi khách qua đêm, bao phòng, giá 1tr5, ib zalo 0900000111 nhé anh"
    item = await report(c, ward, text=ad)
    bare = await report(c, ward, "https://t.me/no_text_here/9")
    r = await c.post(f"/v1/items/{item['id']}/proposal", headers=ca(ward))
    assert r.status_code == 200, r.text
    p = r.json()
    assert p["category"] != "not_violating" and 0 < p["score"] <= 1 and p["model_version"]
    assert p["reasons"] and all({"feature", "weight"} <= set(x) for x in p["reasons"])
    none = await c.post(f"/v1/items/{bare['id']}/proposal", headers=ca(ward))
    assert none.status_code == 422 and none.headers["content-type"] == PROBLEM
    assert (
        await c.post(f"/v1/items/{item['id']}/proposal", headers=auth_headers(ward, "ttdv"))
    ).status_code == 403
    decision = {
        "category": "brokering",
        "proposed_category": p["category"],
        "proposal_score": p["score"],
        "model_version": p["model_version"],
    }
    r = await c.post(f"/v1/items/{item['id']}/classification", json=decision, headers=ca(ward))
    assert r.status_code == 200, r.text
    kept = r.json()["classification"]
    assert kept["category"] == "brokering" and kept["proposed"] == p["category"]
    assert kept["model_version"] == p["model_version"] and kept["agrees_with_proposal"] is (
        p["category"] == "brokering"
    )
    bad = await c.post(
        f"/v1/items/{item['id']}/classification",
        json={**decision, "model_version": "em Linh 0900000111"},
        headers=ca(ward),
    )
    assert bad.status_code == 422
    classified = [ev.ItemClassified.FromString(p) for t, p in await outbox(app) if t == "ItemClassified"]
    assert [m.model_version for m in classified] == [p["model_version"]]
    assert classified[0].category == ev.ITEM_CATEGORY_BROKERING


async def test_nothing_is_fetched_from_the_urls_given(online: Client, ward: str) -> None:
    """A URL on a server that counts its visitors: reported one by one and in a batch, never opened."""
    import asyncio

    visits: list[bytes] = []

    async def visitor(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        visits.append(await reader.read(1024))
        writer.close()

    server = await asyncio.start_server(visitor, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        _, c = online
        await report(c, ward, f"http://127.0.0.1:{port}/bai-dang/1", text=EXCERPT)
        lines = "\n".join(f'{{"url": "http://127.0.0.1:{port}/bai-dang/{n}"}}' for n in range(2, 6))
        r = await c.post(
            "/v1/items/import?dry_run=false",
            content=lines.encode(),
            headers={**ca(ward), "Content-Type": "application/x-ndjson"},
        )
        assert r.status_code == 200 and r.json()["created"] == 4
        await asyncio.sleep(0.5)
        assert visits == []
    finally:
        server.close()
        await server.wait_closed()
