"""Assessing needs and recording a service take an Idempotency-Key: a retry after a lost answer replays
the first one (nothing recorded twice, no event published twice); the same key with another body is
refused; without a key each request records, as before."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from services.case_support.repository.tables import AssessmentRow, ServiceRow
from tests.integration.case_support.conftest import Client
from tests.integration.case_support.helpers import (
    FACTS,
    PROBLEM,
    add_provider,
    enrolled,
    outbox,
    today,
    worker,
)

ASSESS = {"needs": ["hiv_sti_prevention", "vocational_training"], "age": 29, "lives_in_ward": True}
SERVICE = {"service_kind": "mental_health", "provider_id": "ttyt-le-chan"}
ROUTES = [
    ("assessments", AssessmentRow, lambda: ASSESS, lambda: {**ASSESS, "age": 30}),
    ("services", ServiceRow, lambda: {**SERVICE, "received_on": today()},
     lambda: {**SERVICE, "service_kind": "hiv_sti_prevention", "received_on": today()}),
]  # fmt: skip


async def rows(app: FastAPI, table: Any) -> int:
    async with app.state.runtime.session_factory() as s:
        return int(await s.scalar(select(func.count()).select_from(table)) or 0)


@pytest.mark.parametrize(("path", "table", "body", "other"), ROUTES, ids=[r[0] for r in ROUTES])
async def test_a_step_retried_with_its_key_is_recorded_once(
    case_support: Client, ward: str, path: str, table: Any, body: Any, other: Any
) -> None:
    app, c = case_support
    await add_provider(c, ward)
    cid = (await enrolled(c, ward))["id"]
    headers = {**worker(ward), "Idempotency-Key": f"{path}-1"}
    events = len(await outbox(app))
    first = await c.post(f"/v1/cases/{cid}/{path}", json=body(), headers=headers)
    assert first.status_code == 200, first.text
    after_first = (await rows(app, table), len(await outbox(app)))
    assert after_first[0] == 1 and after_first[1] > events
    again = await c.post(f"/v1/cases/{cid}/{path}", json=body(), headers=headers)
    assert (again.status_code, again.json()) == (first.status_code, first.json())
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert (await rows(app, table), len(await outbox(app))) == after_first, "nothing recorded or sent twice"
    refused = await c.post(f"/v1/cases/{cid}/{path}", json=other(), headers=headers)
    assert refused.status_code == 422 and refused.headers["content-type"].startswith(PROBLEM)
    assert refused.json()["type"].endswith("idempotency-key-reused")
    assert (await rows(app, table), len(await outbox(app))) == after_first, "the refusal changed nothing"
    # The same key on another case is another request: refused too, never the first case's answer.
    other_case = (await enrolled(c, ward, facts={**FACTS, "given_name": "Mai", "birth_year": 1990}))["id"]
    r = await c.post(f"/v1/cases/{other_case}/{path}", json=body(), headers=headers)
    assert r.status_code == 422 and r.headers["content-type"].startswith(PROBLEM)


@pytest.mark.parametrize(("path", "table", "body", "other"), ROUTES, ids=[r[0] for r in ROUTES])
async def test_without_a_key_each_request_records(
    case_support: Client, ward: str, path: str, table: Any, body: Any, other: Any
) -> None:
    app, c = case_support
    await add_provider(c, ward)
    cid = (await enrolled(c, ward))["id"]
    for n in (1, 2):
        r = await c.post(f"/v1/cases/{cid}/{path}", json=body(), headers=worker(ward))
        assert r.status_code == 200 and "Idempotent-Replayed" not in r.headers, r.text
        assert await rows(app, table) == n


async def test_a_follow_up_retried_with_its_key_is_scheduled_once(case_support: Client, ward: str) -> None:
    app, c = case_support
    cid = (await enrolled(c, ward))["id"]
    headers = {**worker(ward), "Idempotency-Key": "follow-up-1"}
    body = {"due_on": today(), "note": "gọi điện hỏi thăm"}
    first = await c.post(f"/v1/cases/{cid}/follow-ups", json=body, headers=headers)
    assert first.status_code == 200 and len(first.json()["follow_ups"]) == 1, first.text
    events = len(await outbox(app))
    again = await c.post(f"/v1/cases/{cid}/follow-ups", json=body, headers=headers)
    assert (again.status_code, again.json()) == (first.status_code, first.json())
    refused = await c.post(f"/v1/cases/{cid}/follow-ups", json={**body, "note": "khác"}, headers=headers)
    assert refused.status_code == 422 and refused.headers["content-type"].startswith(PROBLEM)
    case = (await c.get(f"/v1/cases/{cid}", params={"reason": "kiểm tra"}, headers=worker(ward))).json()
    assert len(case["follow_ups"]) == 1 and len(await outbox(app)) == events, "scheduled and sent once"
    plain = await c.post(f"/v1/cases/{cid}/follow-ups", json=body, headers=worker(ward))
    assert plain.status_code == 200 and len(plain.json()["follow_ups"]) == 2, "without a key, as before"
