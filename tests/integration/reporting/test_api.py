"""The reporting API over HTTP: who may do what, bad input as problem+json, exports that open."""

from __future__ import annotations

import io

import docx
import httpx
import openpyxl

from tests.helpers import auth_headers

PROBLEM = "application/problem+json"


ACTIVITY = {
    "kind": "communication_meeting",
    "held_at": "2026-03-05T08:00:00+07:00",
    "title": "Hội nghị tuyên truyền",
    "channel": "hội trường tổ dân phố",
    "audience": "người dân tổ 4",
    "reach": 80,
    "unit_code": "ttdv",
}


async def test_programme_records_are_created_once_and_bad_input_is_a_problem(
    http: httpx.AsyncClient, ward: str
) -> None:
    officer = auth_headers(ward, "ttdv", "officer")
    first = await http.post("/v1/activities", json=ACTIVITY, headers={**officer, "Idempotency-Key": "a-1"})
    again = await http.post("/v1/activities", json=ACTIVITY, headers={**officer, "Idempotency-Key": "a-1"})
    assert first.status_code == 201 and again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true" and again.json() == first.json()
    listed = await http.get("/v1/activities", headers=auth_headers(ward, "vhxh", "officer"))
    assert [a["activity_id"] for a in listed.json()["items"]] == [first.json()["activity_id"]]

    for bad in (
        {**ACTIVITY, "reach": False},
        {**ACTIVITY, "held_at": "2024-01-01T00:00:00Z"},
        {**ACTIVITY, "x": 1},
    ):
        r = await http.post("/v1/activities", json=bad, headers=officer)
        assert r.status_code == 422 and r.headers["content-type"] == PROBLEM, bad
    assert len((await http.get("/v1/activities", headers=officer)).json()["items"]) == 1, "nothing changed"
    assert (
        await http.post("/v1/activities", json=ACTIVITY, headers=auth_headers(ward, "ca", "officer"))
    ).status_code == 403


async def test_snapshot_workflow_and_exports_over_http(http: httpx.AsyncClient, ward: str) -> None:
    vhxh, leader = auth_headers(ward, "vhxh", "officer"), auth_headers(ward, "ubnd", "leader")
    r = await http.post("/v1/snapshots", json={"scope": ward, "period": "2026-Q5"}, headers=vhxh)
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    assert (
        await http.post("/v1/snapshots", json={"scope": "other", "period": "2026-Q1"}, headers=vhxh)
    ).status_code == 404
    snap = await http.post("/v1/snapshots", json={"scope": ward, "period": "2026-Q1"}, headers=vhxh)
    assert snap.status_code == 201
    sid = snap.json()["id"]
    assert (
        await http.post(f"/v1/snapshots/{sid}/approve", headers=auth_headers(ward, "ubnd", "officer"))
    ).status_code == 403
    assert (
        await http.post(f"/v1/snapshots/{sid}/approve", headers=auth_headers("elsewhere", "ubnd", "leader"))
    ).status_code == 403
    approved = await http.post(f"/v1/snapshots/{sid}/approve", headers=leader)
    assert approved.status_code == 200 and approved.json()["status"] == "published"
    assert (await http.post(f"/v1/snapshots/{sid}/approve", headers=leader)).status_code == 409
    got = await http.get(f"/v1/snapshots/{sid}", headers=vhxh)
    assert got.json()["content_hash"] == snap.json()["content_hash"]

    xlsx = await http.get(f"/v1/snapshots/{sid}/export.xlsx", headers=vhxh)
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    codes = {row[0] for row in book.worksheets[0].iter_rows(values_only=True)}
    assert {"TIPS_TIMELY", "HOTSPOTS", "STAFF_TRAINED"} <= codes
    report = docx.Document(
        io.BytesIO((await http.get(f"/v1/snapshots/{sid}/export.docx", headers=leader)).content)
    )
    text = "\n".join(p.text for p in report.paragraphs)
    assert "Độc lập - Tự do - Hạnh phúc" in "\n".join(
        c.text for t in report.tables for row in t.rows for c in row.cells
    )
    assert "BÁO CÁO" in text
    csv = await http.get(f"/v1/snapshots/{sid}/export.csv", params={"audience": "ward"}, headers=vhxh)
    assert csv.headers["content-type"].startswith("text/csv") and csv.content.startswith(b"\xef\xbb\xbf")
    assert (
        await http.get(f"/v1/snapshots/{sid}/export.csv", headers=auth_headers(ward, "ca", "officer"))
    ).status_code == 403


async def test_targets_are_set_per_ward_and_year_with_their_history(
    http: httpx.AsyncClient, ward: str
) -> None:
    leader = auth_headers(ward, "vhxh", "leader")
    body = {"scope": ward, "year": 2026, "target": 9000, "reason": "Nghị quyết HĐND phường"}
    assert (
        await http.put(
            "/v1/indicators/HR_ACCESS/target", json=body, headers=auth_headers(ward, "vhxh", "officer")
        )
    ).status_code == 403
    r = await http.put("/v1/indicators/HR_ACCESS/target", json=body, headers=leader)
    assert r.json() == {"code": "HR_ACCESS", "scope": ward, "year": 2026, "target": 9000, "previous": None}
    too_high = await http.put(
        "/v1/indicators/HR_ACCESS/target", json={**body, "target": 12000}, headers=leader
    )
    assert too_high.status_code == 422 and too_high.headers["content-type"] == PROBLEM
    assert (await http.put("/v1/indicators/NOPE/target", json=body, headers=leader)).status_code == 404
    values = await http.get(
        "/v1/indicators/values", params={"scope": ward, "period": "2026-Q2"}, headers=leader
    )
    assert {v["code"]: v["target"] for v in values.json()["indicators"]}["HR_ACCESS"] == 9000
    older = await http.get("/v1/indicators/values", params={"scope": ward, "period": "2027"}, headers=leader)
    assert {v["code"]: v["target"] for v in older.json()["indicators"]}["HR_ACCESS"] == 8000
    history = (
        await http.get("/v1/indicators/targets/history", params={"scope": ward}, headers=leader)
    ).json()
    assert [(h["code"], h["new_target"], h["actor"]) for h in history["items"]] == [
        ("HR_ACCESS", 9000, "vhxh:vhxh-user")
    ]
