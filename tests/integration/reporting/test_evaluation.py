"""Surveys and commendations over HTTP on real PostgreSQL and NATS: recorded once, listed, bad input as
problem+json with nothing written, and their events carrying codes and counts only."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from services.reporting.repository.evaluation import EVALUATION_TABLES
from shared.db import OutboxRecord
from tests.helpers import auth_headers
from tests.integration.harness import eventually, stream_count

PROBLEM = "application/problem+json"
FILE = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
SURVEY = {
    "kind": "survey",
    "subject": "needs",
    "topic": "Nhu cầu hỗ trợ học nghề của nhóm có nguy cơ cao",
    "period": "2026-Q2",
    "unit_code": "vhxh",
    "method": "Phỏng vấn sâu và bảng hỏi",
    "sample_size": 42,
    "sample_description": "Lao động nhập cư tại 3 tổ dân phố",
    "findings": "Đa số cần học nghề ngắn hạn và giới thiệu việc làm.",
    "attachment_hashes": [FILE, FILE.upper()],
    "completed_on": "2026-07-15",
}
COMMENDATION = {
    "kind": "commendation",
    "unit_code": "ca",
    "reason": "Thành tích xuất sắc trong đấu tranh, triệt phá tụ điểm",
    "document_code": "85/QĐ-UBND",
    "decided_on": "2026-12-01",
}


async def counts(app: FastAPI) -> tuple[int, ...]:
    async with app.state.runtime.session_factory() as s:
        rows = [
            await s.scalar(select(func.count()).select_from(m)) for m in (*EVALUATION_TABLES, OutboxRecord)
        ]
    return tuple(int(n or 0) for n in rows)


async def test_surveys_and_commendations_are_recorded_listed_and_announced(
    http: httpx.AsyncClient, app: FastAPI, ward: str
) -> None:
    vhxh, leader = auth_headers(ward, "vhxh", "officer"), auth_headers(ward, "ubnd", "leader")
    survey = await http.post("/v1/surveys", json=SURVEY, headers={**vhxh, "Idempotency-Key": "s-1"})
    assert survey.status_code == 201, survey.text
    assert survey.json()["attachment_hashes"] == [FILE] and survey.json()["period_vi"] == "Quý 2/2026"
    again = await http.post("/v1/surveys", json=SURVEY, headers={**vhxh, "Idempotency-Key": "s-1"})
    assert again.headers["Idempotent-Replayed"] == "true" and again.json() == survey.json()
    analyst = auth_headers(ward, "ca", "analyst")
    assert [s["survey_id"] for s in (await http.get("/v1/surveys", headers=analyst)).json()["items"]] == [
        survey.json()["survey_id"]
    ]
    unit = await http.post("/v1/commendations", json=COMMENDATION, headers=leader)
    person = {**COMMENDATION, "unit_code": None, "staff_code": "CA-0012"}
    person_r = await http.post("/v1/commendations", json=person, headers=vhxh)
    blame = {**COMMENDATION, "kind": "accountability", "unit_code": "ttdv", "reason": "Buông lỏng quản lý"}
    blame_r = await http.post("/v1/commendations", json=blame, headers=leader)
    assert (unit.status_code, person_r.status_code, blame_r.status_code) == (201, 201, 201)
    assert blame_r.json()["kind_vi"] == "Xem xét trách nhiệm"
    listed = (await http.get("/v1/commendations", headers=vhxh)).json()["items"]
    assert {(c["unit_code"], c["staff_code"]) for c in listed} == {
        ("ca", None),
        (None, "CA-0012"),
        ("ttdv", None),
    }
    assert (
        await http.get("/v1/commendations", headers=auth_headers(ward, "ca", "leader"))
    ).status_code == 403
    assert (await http.post("/v1/commendations", json=COMMENDATION, headers=analyst)).status_code == 403

    rt = app.state.runtime

    async def published() -> bool:
        surveys = await stream_count(rt, "reporting", f"pcmd.{ward}.reporting.survey.recorded")
        commendations = await stream_count(rt, "reporting", f"pcmd.{ward}.reporting.commendation.recorded")
        return (surveys, commendations) == (1, 3)

    assert await eventually(published)


async def test_bad_input_is_a_problem_and_writes_nothing(
    http: httpx.AsyncClient, app: FastAPI, ward: str
) -> None:
    vhxh = auth_headers(ward, "vhxh", "leader")
    before = await counts(app)
    bad: list[tuple[str, dict[str, Any], str]] = [
        ("/v1/surveys", {**SURVEY, "period": "2026-Q5"}, "invalid-period"),
        ("/v1/surveys", {**SURVEY, "period": "2031"}, "invalid-period"),
        ("/v1/surveys", {**SURVEY, "completed_on": "2026-03-31"}, "invalid-record"),  # before the quarter
        ("/v1/surveys", {**SURVEY, "sample_size": -1}, ""),
        ("/v1/surveys", {**SURVEY, "sample_size": 4.5}, ""),
        ("/v1/surveys", {**SURVEY, "attachment_hashes": ["abc"]}, ""),
        ("/v1/surveys", {**SURVEY, "attachment_hashes": [f"{i:064x}" for i in range(21)]}, ""),
        ("/v1/surveys", {**SURVEY, "kind": "poll"}, ""),
        ("/v1/commendations", {**COMMENDATION, "staff_code": "CA-1"}, ""),
        ("/v1/commendations", {**COMMENDATION, "unit_code": None}, ""),
        (
            "/v1/commendations",
            {**COMMENDATION, "kind": "accountability", "unit_code": None, "staff_code": "X1"},
            "invalid-record",
        ),
        ("/v1/commendations", {**COMMENDATION, "decided_on": "2019-05-01"}, ""),
        ("/v1/commendations", {**COMMENDATION, "document_code": ""}, ""),
    ]
    for path, body, slug in bad:
        r = await http.post(path, json=body, headers=vhxh)
        assert r.status_code == 422 and r.headers["content-type"] == PROBLEM, (path, body, r.text)
        assert r.json()["type"].endswith(slug), (path, body, r.json())
    assert await counts(app) == before, "nothing written, no event"
