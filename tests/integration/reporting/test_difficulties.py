"""Difficulties and proposals over HTTP on real PostgreSQL and NATS: each unit records and sees its own,
the Culture–Society Office sees every unit's, answers them or carries them to the city; bad input is
problem+json with nothing written; the events carry codes, never the text."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from services.reporting.repository.difficulties import Difficulty
from shared.db import OutboxRecord
from tests.helpers import auth_headers
from tests.integration.harness import eventually, stream_count

PROBLEM = "application/problem+json"
DIFFICULTY = {
    "kind": "difficulty",
    "area": "inspection",
    "title": "Thiếu lực lượng kiểm tra ban đêm",
    "detail": "Đội kiểm tra liên ngành chỉ có 3 người trực ca đêm dịp Tết.",
    "raised_on": "2026-02-10",
}


async def counts(app: FastAPI) -> tuple[int, int]:
    async with app.state.runtime.session_factory() as s:
        rows = [await s.scalar(select(func.count()).select_from(m)) for m in (Difficulty, OutboxRecord)]
    return int(rows[0] or 0), int(rows[1] or 0)


async def test_units_record_their_own_and_the_office_answers(
    http: httpx.AsyncClient, app: FastAPI, ward: str
) -> None:
    ca, ttdv = auth_headers(ward, "ca", "officer"), auth_headers(ward, "ttdv", "leader")
    vhxh = auth_headers(ward, "vhxh", "officer")
    police = await http.post("/v1/difficulties", json=DIFFICULTY, headers={**ca, "Idempotency-Key": "d-1"})
    assert police.status_code == 201, police.text
    assert police.json()["unit_code"] == "ca" and police.json()["status"] == "open"
    assert (
        police.json()["status_vi"] == "Chưa giải quyết" and police.json()["kind_vi"] == "Khó khăn, vướng mắc"
    )
    replay = await http.post("/v1/difficulties", json=DIFFICULTY, headers={**ca, "Idempotency-Key": "d-1"})
    assert replay.headers["Idempotent-Replayed"] == "true" and replay.json() == police.json()
    proposal = {**DIFFICULTY, "kind": "proposal", "area": "budget", "title": "Đề nghị bổ sung kinh phí"}
    centre = await http.post("/v1/difficulties", json=proposal, headers=ttdv)
    assert centre.status_code == 201
    for_front = await http.post("/v1/difficulties", json={**proposal, "unit_code": "mttq"}, headers=vhxh)
    assert for_front.status_code == 201 and for_front.json()["unit_code"] == "mttq"

    own = (await http.get("/v1/difficulties", headers=ca)).json()["items"]
    assert [x["difficulty_id"] for x in own] == [police.json()["difficulty_id"]]
    assert (await http.get("/v1/difficulties", params={"unit_code": "ttdv"}, headers=ca)).status_code == 403
    every = (await http.get("/v1/difficulties", headers=vhxh)).json()["items"]
    assert {x["unit_code"] for x in every} == {"ca", "ttdv", "mttq"}
    leaders = auth_headers(ward, "ubnd", "leader")
    only = await http.get(
        "/v1/difficulties", params={"kind": "proposal", "unit_code": "ttdv"}, headers=leaders
    )
    assert [x["unit_code"] for x in only.json()["items"]] == ["ttdv"]

    pid = police.json()["difficulty_id"]
    carried = {"status": "carried_to_city", "response": "Đã kiến nghị Sở Y tế", "document_code": "30/BC-UBND"}
    assert (await http.post(f"/v1/difficulties/{pid}/responses", json=carried, headers=ca)).status_code == 403
    r = await http.post(f"/v1/difficulties/{pid}/responses", json=carried, headers=vhxh)
    assert r.status_code == 200 and r.json()["status"] == "carried_to_city"
    answered = {"status": "addressed", "response": "Thành phố bổ sung 2 biên chế"}
    r = await http.post(f"/v1/difficulties/{pid}/responses", json=answered, headers=leaders)
    assert r.status_code == 200 and [x["status"] for x in r.json()["responses"]] == [
        "carried_to_city",
        "addressed",
    ]
    assert r.json()["responses"][0]["document_code"] == "30/BC-UBND"
    open_only = (await http.get("/v1/difficulties", params={"status": "open"}, headers=vhxh)).json()["items"]
    assert pid not in {x["difficulty_id"] for x in open_only} and len(open_only) == 2

    before = await counts(app)
    again = await http.post(f"/v1/difficulties/{pid}/responses", json=answered, headers=vhxh)
    assert again.status_code == 409 and again.headers["content-type"] == PROBLEM
    assert again.json()["type"].endswith("status-not-allowed")
    assert await counts(app) == before

    rt = app.state.runtime

    async def published() -> bool:
        recorded = await stream_count(rt, "reporting", f"pcmd.{ward}.reporting.difficulty.recorded")
        changed = await stream_count(rt, "reporting", f"pcmd.{ward}.reporting.difficulty.status_changed")
        return (recorded, changed) == (3, 2)

    assert await eventually(published)


async def test_bad_input_is_a_problem_and_writes_nothing(
    http: httpx.AsyncClient, app: FastAPI, ward: str
) -> None:
    ca, vhxh = auth_headers(ward, "ca", "officer"), auth_headers(ward, "vhxh", "officer")
    made = await http.post("/v1/difficulties", json=DIFFICULTY, headers=ca)
    pid = made.json()["difficulty_id"]
    before = await counts(app)
    bad: list[tuple[str, dict[str, Any], dict[str, str], int]] = [
        ("/v1/difficulties", {**DIFFICULTY, "kind": "complaint"}, ca, 422),
        ("/v1/difficulties", {**DIFFICULTY, "area": "weather"}, ca, 422),
        ("/v1/difficulties", {**DIFFICULTY, "title": ""}, ca, 422),
        ("/v1/difficulties", {**DIFFICULTY, "raised_on": "2020-01-01"}, ca, 422),
        ("/v1/difficulties", {**DIFFICULTY, "x": 1}, ca, 422),
        (
            "/v1/difficulties",
            {**DIFFICULTY, "unit_code": "ttdv"},
            ca,
            403,
        ),  # only the office records for others
        (f"/v1/difficulties/{pid}/responses", {"status": "open", "response": "Mở lại"}, vhxh, 422),
        (f"/v1/difficulties/{pid}/responses", {"status": "addressed", "response": "     "}, vhxh, 422),
        (
            "/v1/difficulties/0190e2a0-0000-7000-8000-000000000000/responses",
            {"status": "addressed", "response": "Đã xử lý"},
            vhxh,
            404,
        ),
    ]
    for path, body, headers, status in bad:
        r = await http.post(path, json=body, headers=headers)
        assert r.status_code == status and r.headers["content-type"] == PROBLEM, (path, body, r.text)
    assert await counts(app) == before, "nothing written, no event"
    other_ward = auth_headers("elsewhere", "vhxh", "officer")
    answer = {"status": "addressed", "response": "Đã xử lý"}
    refused = await http.post(f"/v1/difficulties/{pid}/responses", json=answer, headers=other_ward)
    assert refused.status_code == 404, "another ward's office does not learn it exists"
    assert (
        await http.get("/v1/difficulties", headers=auth_headers(ward, "city", "leader"))
    ).status_code == 403
