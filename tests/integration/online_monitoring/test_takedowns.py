"""Classification by an officer, takedown requests through the competent body on the platform's clock,
the request letter, escalation of an unanswered request, reappearance, transparency figures, and what
the service publishes (hashes and codes, never a URL or a text)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from typing import Any

import httpx
from docx import Document
from fastapi import FastAPI

from services.online_monitoring.handlers import takedowns
from shared.contracts.pcmd.online_monitoring.v1 import events_pb2 as ev
from tests.helpers import auth_headers
from tests.integration.online_monitoring.conftest import Client
from tests.integration.online_monitoring.test_items import EXCERPT, POST, PROBLEM, ca, outbox, report

START = dt.datetime(2027, 3, 1, 2, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self, app: FastAPI) -> None:
        self.now = START
        rt = app.state.runtime
        rt.deps = dataclasses.replace(rt.deps, clock=lambda: self.now)

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


async def classify(c: httpx.AsyncClient, ward: str, item_id: str, category: str = "solicitation") -> Any:
    r = await c.post(f"/v1/items/{item_id}/classification", json={"category": category}, headers=ca(ward))
    assert r.status_code == 200, r.text
    return r.json()


async def draft(c: httpx.AsyncClient, ward: str, item_id: str, **body: Any) -> dict[str, Any]:
    r = await c.post(f"/v1/items/{item_id}/takedowns", json=body, headers=ca(ward))
    assert r.status_code == 201, r.text
    return dict(r.json()["takedowns"][-1])


async def step(c: httpx.AsyncClient, ward: str, item_id: str, t: str, action: str) -> httpx.Response:
    return await c.post(f"/v1/items/{item_id}/takedowns/{t}/steps", json={"action": action}, headers=ca(ward))


async def test_a_takedown_goes_through_the_competent_body_and_is_removed_on_time(
    online: Client, ward: str
) -> None:
    app, c = online
    clock = Clock(app)
    item = await report(c, ward, text=EXCERPT)
    refused = await c.post(f"/v1/items/{item['id']}/takedowns", json={}, headers=ca(ward))
    assert refused.status_code == 409 and refused.headers["content-type"] == PROBLEM  # not classified yet
    await classify(c, ward, item["id"], "not_violating")
    not_violating = await c.post(f"/v1/items/{item['id']}/takedowns", json={}, headers=ca(ward))
    assert not_violating.status_code == 409 and "vi phạm" in not_violating.json()["detail"]
    await classify(c, ward, item["id"], "solicitation")
    t = await draft(c, ward, item["id"])
    assert t["status"] == "drafted" and t["via"] == "provincial_department" and t["deadline_hours"] == 24
    assert "147/2024/NĐ-CP" in t["legal_basis"]
    early = await step(c, ward, item["id"], t["id"], "remove")
    assert early.status_code == 409 and early.headers["content-type"] == PROBLEM
    assert "trước khi" in early.json()["detail"] or "before" in early.json()["detail"]
    clock.advance(hours=2)
    sent = await step(c, ward, item["id"], t["id"], "send")
    deadline = sent.json()["takedowns"][0]["deadline"]  # 04:00 UTC, in the ward's time
    assert sent.status_code == 200 and deadline.startswith("2027-03-02T11:00") and deadline.endswith("+07:00")
    second = await c.post(f"/v1/items/{item['id']}/takedowns", json={}, headers=ca(ward))
    assert second.status_code == 409  # one request under way at a time
    letter = await c.get(f"/v1/items/{item['id']}/takedowns/{t['id']}/letter.docx", headers=ca(ward))
    assert letter.status_code == 200
    words = "\n".join(p.text for p in Document(io.BytesIO(letter.content)).paragraphs)
    cells = " ".join(
        cell.text
        for tb in Document(io.BytesIO(letter.content)).tables
        for row in tb.rows
        for cell in row.cells
    )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells and "Kính gửi: Sở" in words
    assert item["url"] in cells and "24 giờ" in words and "147/2024/NĐ-CP" in words
    clock.advance(hours=1)
    assert (await step(c, ward, item["id"], t["id"], "acknowledge")).status_code == 200
    early_escalation = await c.post(
        f"/v1/items/{item['id']}/takedowns/{t['id']}/escalation", json={}, headers=ca(ward, "leader")
    )
    assert early_escalation.status_code == 409  # the platform still has time
    clock.advance(hours=10)
    removed = await step(c, ward, item["id"], t["id"], "remove")
    assert removed.status_code == 200 and removed.json()["status"] == "removed"
    types = [name for name, _ in await outbox(app)]
    assert types == ["ItemReported", "ItemClassified", "ItemClassified", "TakedownRequested", "ItemRemoved"]
    events = dict(await outbox(app))
    requested = ev.TakedownRequested.FromString(events["TakedownRequested"])
    assert requested.competent_body == ev.COMPETENT_BODY_PROVINCIAL_DEPARTMENT
    assert requested.channel == ev.TAKEDOWN_CHANNEL_VIA_AUTHORITY and requested.unit_code == "ca"
    gone = ev.ItemRemoved.FromString(events["ItemRemoved"])
    assert gone.on_time and gone.takedown_request_id == t["id"] and gone.content_hash == item["content_hash"]


async def test_an_unanswered_request_is_listed_overdue_then_escalated_by_a_leader(
    online: Client, ward: str
) -> None:
    app, c = online
    clock = Clock(app)
    item = await report(c, ward, "https://zalo.me/g/abcdefg123")
    await classify(c, ward, item["id"], "brokering")
    t = await draft(c, ward, item["id"], via="ministry", channel="legal_contact", deadline_hours=12)
    await step(c, ward, item["id"], t["id"], "send")
    rt = app.state.runtime
    assert await takedowns.reminders(rt.uow(), rt.deps, ward) == 0  # 12 hours left: no reminder yet
    clock.advance(hours=7)
    due = (await c.get("/v1/takedowns/due", headers=ca(ward))).json()
    assert [r["item_id"] for r in due["nearing"]] == [item["id"]] and due["overdue"] == []
    assert due["nearing"][0]["hours_left"] == 5.0
    assert await takedowns.reminders(rt.uow(), rt.deps, ward) == 1  # what the periodic task logs
    clock.advance(hours=6)
    due = (await c.get("/v1/takedowns/due", headers=ca(ward))).json()
    assert [r["item_id"] for r in due["overdue"]] == [item["id"]] and due["nearing"] == []
    listed = (await c.get("/v1/items?takedown_overdue=true", headers=ca(ward))).json()
    assert [i["id"] for i in listed["items"]] == [item["id"]]
    path = f"/v1/items/{item['id']}/takedowns/{t['id']}/escalation"
    officer = await c.post(path, json={}, headers=ca(ward))
    assert officer.status_code == 403
    r = await c.post(path, json={"target": "ministry"}, headers=ca(ward, "leader"))
    assert r.status_code == 200 and r.json()["status"] == "escalated"
    escalated = ev.ItemEscalated.FromString(dict(await outbox(app))["ItemEscalated"])
    assert escalated.target == ev.ESCALATION_TARGET_MINISTRY and escalated.on_time  # within 72 hours
    assert escalated.category == ev.ITEM_CATEGORY_BROKERING


async def test_removed_content_reported_again_reappears_and_the_item_reopens(
    online: Client, ward: str
) -> None:
    app, c = online
    clock = Clock(app)
    item = await report(c, ward)
    await classify(c, ward, item["id"])
    t = await draft(c, ward, item["id"])
    await step(c, ward, item["id"], t["id"], "send")
    clock.advance(hours=80)  # past the item's 72 hours: removed late
    await step(c, ward, item["id"], t["id"], "remove")
    clock.advance(days=3)
    again = await report(c, ward, POST + "?fbclid=again")
    assert again["id"] == item["id"] and again["outcome"] == "reappeared"
    assert again["status"] == "classified" and again["reappearance_count"] == 1
    due = dt.datetime.fromisoformat(again["due_at"])
    assert due == clock.now + dt.timedelta(hours=72) and due.utcoffset() == dt.timedelta(hours=7)
    t2 = await draft(c, ward, item["id"])
    assert t2["id"] != t["id"]
    events = await outbox(app)
    removed = ev.ItemRemoved.FromString(dict(events)["ItemRemoved"])
    assert not removed.on_time
    back = ev.ItemReappeared.FromString(dict(events)["ItemReappeared"])
    assert back.reappearance_count == 1 and back.content_hash == item["content_hash"]
    figures = (await c.get("/v1/transparency?from=2027-03-01&to=2027-03-31", headers=ca(ward))).json()
    assert figures["rows"] == [
        {
            "month": "2027-03", "platform": "facebook", "platform_vi": "Facebook", "reported": 1,
            "classified": 1, "takedowns_requested": 1, "removed": 1, "removed_within_deadline": 0,
            "median_hours_to_removal": 80.0, "reappearances": 1,
        }
    ]  # fmt: skip
    bad = await c.get("/v1/transparency?from=2027-04-01&to=2027-03-01", headers=ca(ward))
    assert bad.status_code == 422 and bad.headers["content-type"] == PROBLEM


async def test_nothing_published_names_a_url_an_account_or_a_text(online: Client, ward: str) -> None:
    app, c = online
    clock = Clock(app)
    urls = [POST, "https://t.me/emxinh_hp/77", "https://www.tiktok.com/@em.linh.hp/video/7300000000000000002"]
    ids = [(await report(c, ward, u, text=EXCERPT + u))["id"] for u in urls]
    await c.post("/v1/items", json={"url": urls[0] + "?utm_medium=x"}, headers=auth_headers(ward, "ttdv"))
    batch = "\n".join(f'{{"url": "{u}/x", "text": "{EXCERPT}"}}' for u in urls)
    await c.post(
        "/v1/items/import?dry_run=false",
        content=batch.encode(),
        headers={**ca(ward), "Content-Type": "application/x-ndjson"},
    )
    for item_id in ids:
        await classify(c, ward, item_id)
        t = await draft(c, ward, item_id)
        await step(c, ward, item_id, t["id"], "send")
    clock.advance(hours=1)
    t = (await c.get(f"/v1/items/{ids[0]}", headers=ca(ward))).json()["takedowns"][0]
    await step(c, ward, ids[0], t["id"], "remove")
    await report(c, ward, urls[0])
    await c.post(f"/v1/items/{ids[2]}/escalation", json={}, headers=ca(ward, "leader"))
    events = await outbox(app)
    assert {name for name, _ in events} >= {
        "ItemReported",
        "ItemClassified",
        "TakedownRequested",
        "ItemRemoved",
        "ItemReappeared",
    }
    secrets = [*urls, "emxinh_hp", "em.linh.hp", "123456789", "Linh", "0900000123", "500k", "facebook.com"]
    for name, payload in events:
        for secret in secrets:
            assert secret.encode() not in payload, f"{name} carries {secret!r}"


async def test_a_copy_at_another_address_found_by_an_officer_makes_the_removed_item_reappear(
    online: Client, ward: str
) -> None:
    app, c = online
    Clock(app)
    original = await report(c, ward)
    await classify(c, ward, original["id"])
    t = await draft(c, ward, original["id"])
    await step(c, ward, original["id"], t["id"], "send")
    await step(c, ward, original["id"], t["id"], "remove")
    copy = await report(c, ward, "https://www.tiktok.com/@reupload.hp/video/7300000000000000009")
    path = f"/v1/items/{copy['id']}/duplicate-of"
    itself = await c.post(path, json={"item_id": copy["id"]}, headers=ca(ward))
    assert itself.status_code == 422 and itself.headers["content-type"] == PROBLEM
    ttdv = await c.post(path, json={"item_id": original["id"]}, headers=auth_headers(ward, "ttdv"))
    assert ttdv.status_code == 403
    r = await c.post(path, json={"item_id": original["id"]}, headers=ca(ward))
    assert r.status_code == 200, r.text
    kept = r.json()
    assert kept["id"] == original["id"] and kept["outcome"] == "reappeared" and kept["status"] == "classified"
    assert kept["reappearance_count"] == 1 and len(kept["reports"]) == 2
    closed = (await c.get(f"/v1/items/{copy['id']}", headers=ca(ward))).json()
    assert closed["status"] == "closed" and closed["closure_reason"] == "duplicate"
    again = await c.post(path, json={"item_id": original["id"]}, headers=ca(ward))
    assert again.status_code == 409  # closed already: nothing changes
    names = [name for name, _ in await outbox(app)]
    assert sorted(names[-2:]) == ["ItemClosed", "ItemReappeared"]  # one commit, in the order of the locks
    assert (await c.get(f"/v1/items/{original['id']}", headers=ca(ward))).json()["reappearance_count"] == 1
