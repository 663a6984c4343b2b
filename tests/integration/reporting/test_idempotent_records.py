"""Preparing a review and answering a difficulty take an Idempotency-Key: a retry after a lost answer
replays the first one (one review, one answer, no event twice); the same key with another body is refused
with problem+json and nothing changes; without a key each request acts, as before."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from services.reporting.repository.difficulties import Difficulty
from services.reporting.repository.reviews import Review
from shared.db import OutboxRecord
from tests.helpers import auth_headers

PROBLEM = "application/problem+json"
REVIEW = {"kind": "yearly", "period": "2026", "assessment": "Các chỉ tiêu cơ bản đạt; phối hợp chặt chẽ."}
DIFFICULTY = {"kind": "difficulty", "area": "inspection", "title": "Thiếu người trực đêm",
              "detail": "Đội kiểm tra chỉ có 3 người.", "raised_on": "2026-02-10"}  # fmt: skip
CARRIED = {"status": "carried_to_city", "response": "Đã kiến nghị Sở Y tế", "document_code": "30/BC-UBND"}


@pytest.fixture
def reporting_now() -> dt.datetime:
    return dt.datetime(2027, 1, 5, 2, 0, tzinfo=dt.UTC)  # 2026 has ended: it may be reviewed


async def counts(app: FastAPI) -> tuple[int, int, int]:
    """Reviews, answers given to difficulties, outbox rows."""
    async with app.state.runtime.session_factory() as s:
        reviews = await s.scalar(select(func.count()).select_from(Review))
        answers = sum(len(r) for r in (await s.scalars(select(Difficulty.responses))).all())
        outbox = await s.scalar(select(func.count()).select_from(OutboxRecord))
    return int(reviews or 0), answers, int(outbox or 0)


async def approved_2026(http: httpx.AsyncClient, ward: str) -> None:
    vhxh, leader = auth_headers(ward, "vhxh", "officer"), auth_headers(ward, "ubnd", "leader")
    snap = await http.post("/v1/snapshots", json={"scope": ward, "period": "2026"}, headers=vhxh)
    assert snap.status_code == 201, snap.text
    approved = await http.post(f"/v1/snapshots/{snap.json()['id']}/approve", headers=leader)
    assert approved.status_code == 200, approved.text


async def a_difficulty(http: httpx.AsyncClient, ward: str) -> str:
    r = await http.post("/v1/difficulties", json=DIFFICULTY, headers=auth_headers(ward, "ca", "officer"))
    assert r.status_code == 201, r.text
    return str(r.json()["difficulty_id"])


def refused_as_reused(r: httpx.Response) -> None:
    assert r.status_code == 422 and r.headers["content-type"].startswith(PROBLEM), r.text
    assert r.json()["type"].endswith("idempotency-key-reused")


async def test_a_review_retried_with_its_key_is_prepared_once(
    http: httpx.AsyncClient, app: FastAPI, ward: str
) -> None:
    await approved_2026(http, ward)
    headers = {**auth_headers(ward, "vhxh", "officer"), "Idempotency-Key": "review-1"}
    before = await counts(app)
    first = await http.post("/v1/reviews", json=REVIEW, headers=headers)
    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers, first.text
    after_first = await counts(app)
    assert after_first[0] == before[0] + 1 and after_first[2] > before[2]
    again = await http.post("/v1/reviews", json=REVIEW, headers=headers)
    assert (again.status_code, again.json()) == (first.status_code, first.json())
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert await counts(app) == after_first, "nothing prepared or sent twice"
    refused_as_reused(await http.post("/v1/reviews", json={**REVIEW, "assessment": "Khác hẳn lần trước."},
                                      headers=headers))  # fmt: skip
    assert await counts(app) == after_first, "the refusal prepared nothing"
    listed = await http.get("/v1/reviews", headers=headers)
    assert [r["review_id"] for r in listed.json()["items"]] == [first.json()["review_id"]]


async def test_without_a_key_each_request_prepares_a_review(
    http: httpx.AsyncClient, app: FastAPI, ward: str
) -> None:
    await approved_2026(http, ward)
    vhxh = auth_headers(ward, "vhxh", "officer")
    for n in (1, 2):
        r = await http.post("/v1/reviews", json=REVIEW, headers=vhxh)
        assert r.status_code == 201 and "Idempotent-Replayed" not in r.headers, r.text
        assert (await counts(app))[0] == n


async def test_an_answer_retried_with_its_key_is_given_once(
    http: httpx.AsyncClient, app: FastAPI, ward: str
) -> None:
    pid = await a_difficulty(http, ward)
    headers = {**auth_headers(ward, "vhxh", "officer"), "Idempotency-Key": "answer-1"}
    before = await counts(app)
    first = await http.post(f"/v1/difficulties/{pid}/responses", json=CARRIED, headers=headers)
    assert first.status_code == 200 and "Idempotent-Replayed" not in first.headers, first.text
    after_first = await counts(app)
    assert after_first[1] == before[1] + 1 and after_first[2] > before[2]
    again = await http.post(f"/v1/difficulties/{pid}/responses", json=CARRIED, headers=headers)
    assert (again.status_code, again.json()) == (first.status_code, first.json())
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert await counts(app) == after_first, "nothing answered or sent twice"
    answered = {"status": "addressed", "response": "Thành phố bổ sung 2 biên chế"}
    refused_as_reused(await http.post(f"/v1/difficulties/{pid}/responses", json=answered, headers=headers))
    assert await counts(app) == after_first, "the refusal changed nothing"
    # The same key for another difficulty is another request: refused, never the first one's answer.
    other = await a_difficulty(http, ward)
    refused_as_reused(await http.post(f"/v1/difficulties/{other}/responses", json=CARRIED, headers=headers))
    shown = await http.get("/v1/difficulties", headers=headers)
    assert {d["difficulty_id"]: d["status"] for d in shown.json()["items"]} == {
        pid: "carried_to_city",
        other: "open",
    }


async def test_without_a_key_each_request_answers(http: httpx.AsyncClient, app: FastAPI, ward: str) -> None:
    """As before: the first answer is given, the same answer again is a move the record no longer allows."""
    pid = await a_difficulty(http, ward)
    vhxh = auth_headers(ward, "vhxh", "officer")
    r = await http.post(f"/v1/difficulties/{pid}/responses", json=CARRIED, headers=vhxh)
    assert r.status_code == 200 and "Idempotent-Replayed" not in r.headers, r.text
    after = await counts(app)
    again = await http.post(f"/v1/difficulties/{pid}/responses", json=CARRIED, headers=vhxh)
    assert again.status_code == 409 and again.json()["type"].endswith("status-not-allowed"), again.text
    assert await counts(app) == after
    answered = {"status": "addressed", "response": "Thành phố bổ sung 2 biên chế"}
    r = await http.post(f"/v1/difficulties/{pid}/responses", json=answered, headers=vhxh)
    assert r.status_code == 200 and [a["status"] for a in r.json()["responses"]] == [
        "carried_to_city", "addressed"
    ]  # fmt: skip
