"""A batch of reports: broken lines reported one by one, good lines taken, duplicates within the
batch and against existing items folded into reports, a dry run that changes nothing, and a batch of
10,000 entries."""

from __future__ import annotations

import json

from services.online_monitoring.repository import ItemRow
from tests.integration.online_monitoring.conftest import Client
from tests.integration.online_monitoring.test_items import POST, PROBLEM, ca, count, outbox, report

NDJSON = {"Content-Type": "application/x-ndjson"}
LINES = [
    json.dumps({"url": POST + "?utm_source=crawler"}),  # 1: an existing item: one more report
    json.dumps({"url": "https://t.me/hp_night/1", "space": "chat_group", "text": "bao phòng"}),  # 2
    "{not json",  # 3
    json.dumps({"url": "ftp://files.example/a"}),  # 4: scheme
    json.dumps({"url": "https://t.me/hp_night/1?utm_campaign=x"}),  # 5: same as line 2
    json.dumps({"url": "https://example.vn/a", "platform": "myspace", "colour": "red"}),  # 6: two faults
    json.dumps(["https://example.vn/b"]),  # 7: not an object
    "",  # blank lines are skipped
    json.dumps({"url": "https://example.vn/c", "establishment_id": "nope"}),  # 9
    json.dumps({"url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3", "source": "platform_notice"}),
]


async def test_a_batch_reports_each_broken_line_and_takes_the_good_ones(online: Client, ward: str) -> None:
    app, c = online
    existing = await report(c, ward)
    body = "\n".join(LINES).encode()
    dry = await c.post("/v1/items/import", content=body, headers={**ca(ward), **NDJSON})
    assert dry.status_code == 200, dry.text
    d = dry.json()
    assert d["dry_run"] and d["lines"] == 9 and d["accepted"] == 4 and d["rejected_count"] == 5
    assert (d["items"], d["created"], d["added"]) == (3, 2, 2)
    assert await count(app, ItemRow) == 1 and len(await outbox(app)) == 1  # nothing written
    rejected = {r["line"]: r["errors"] for r in d["rejected"]}
    assert sorted(rejected) == [3, 4, 6, 7, 9]
    assert rejected[3][0]["reason"] == "not_json" and rejected[4][0]["field"] == "url"
    assert {e["reason"] for e in rejected[6]} == {"unknown_field", "invalid_platform"}
    assert rejected[9][0]["reason"] == "invalid_establishment_id"
    real = await c.post("/v1/items/import?dry_run=false", content=body, headers={**ca(ward), **NDJSON})
    r = real.json()
    assert not r["dry_run"] and (r["created"], r["added"]) == (2, 2) and r["rejected"] == d["rejected"]
    assert await count(app, ItemRow) == 3
    assert [t for t, _ in await outbox(app)] == ["ItemReported"] * 3
    telegram = (await c.get("/v1/items?platform=telegram", headers=ca(ward))).json()["items"][0]
    assert len(telegram["reports"]) == 2 and telegram["has_text"] and telegram["space"] == "chat_group"
    fb = (await c.get(f"/v1/items/{existing['id']}", headers=ca(ward))).json()
    assert [x["source"] for x in fb["reports"]] == ["proactive_monitoring", "external_crawler"]
    yt = (await c.get("/v1/items?platform=youtube", headers=ca(ward))).json()["items"][0]
    assert yt["reports"][0]["source"] == "platform_notice"


async def test_a_json_array_of_ten_thousand_entries_with_broken_lines(online: Client, ward: str) -> None:
    app, c = online
    entries: list[object] = [
        {"url": f"https://www.facebook.com/groups/5550001/posts/{n}/"} for n in range(9_990)
    ]
    entries += [{"url": f"mailto:x{n}@example.vn"} for n in range(5)] + [{"url": 5}] * 5
    r = await c.post("/v1/items/import?dry_run=false", json=entries, headers=ca(ward))
    assert r.status_code == 200, r.text[:500]
    assert (r.json()["accepted"], r.json()["created"], r.json()["rejected_count"]) == (9_990, 9_990, 10)
    assert [x["line"] for x in r.json()["rejected"]] == list(range(9_991, 10_001))
    assert await count(app, ItemRow) == 9_990
    too_many = await c.post("/v1/items/import", json=[*entries, {"url": POST}], headers=ca(ward))
    assert too_many.status_code == 422 and too_many.headers["content-type"] == PROBLEM
    for body, kind in (
        (b"{}", "application/json"),
        (b"", "application/x-ndjson"),
        (b"\xff", "application/json"),
    ):
        bad = await c.post("/v1/items/import", content=body, headers={**ca(ward), "Content-Type": kind})
        assert bad.status_code == 422 and bad.json()["type"].endswith("unreadable-batch"), bad.text
    csv = await c.post("/v1/items/import", content=b"url\n", headers={**ca(ward), "Content-Type": "text/csv"})
    assert csv.status_code == 415 and csv.headers["content-type"] == PROBLEM
    assert await count(app, ItemRow) == 9_990


async def test_a_long_batch_streams_its_progress_then_the_report(online: Client, ward: str) -> None:
    app, c = online
    body = "\n".join(json.dumps({"url": f"https://t.me/hp_progress/{n}"}) for n in range(2_500)).encode()
    headers = {**ca(ward), **NDJSON, "Accept": "application/x-ndjson"}
    r = await c.post("/v1/items/import?dry_run=false", content=body, headers=headers)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in r.text.splitlines()]
    assert lines[:-1] == [
        {"stage": "checked", "entries": 1000},
        {"stage": "checked", "entries": 2000},
        {"stage": "written", "entries": 2500},
    ]
    assert lines[-1]["report"]["created"] == 2_500 and await count(app, ItemRow) == 2_500
    broken = await c.post(
        "/v1/items/import", content=b"[]", headers={**headers, "Content-Type": "application/json"}
    )
    assert broken.status_code == 422 and broken.headers["content-type"] == PROBLEM  # refused before streaming
