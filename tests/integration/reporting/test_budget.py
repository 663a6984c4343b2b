"""The budget over HTTP on real PostgreSQL and NATS: estimate lines from the three sources, allocations,
spending linked to what was done, the overspend rule, closed years, execution per line, source, year and
plan period (JSON and XLSX), bad input as problem+json with nothing written, and the events published."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import io
from typing import Any

import httpx
import openpyxl
from fastapi import FastAPI
from sqlalchemy import func, select

from services.reporting.repository.budget import BUDGET_TABLES
from shared.db import OutboxRecord
from tests.helpers import auth_headers
from tests.integration.harness import eventually, stream_count

PROBLEM = "application/problem+json"


def line(**kw: Any) -> dict[str, Any]:
    return {
        "year": 2026, "unit_code": "vhxh", "activity_kind": "communication", "source": "state_budget",
        "title": "Tuyên truyền phòng, chống mại dâm", "estimate": 50_000_000, "document_code": "12/QĐ-UBND",
        **kw,
    }  # fmt: skip


async def created(http: httpx.AsyncClient, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    r = await http.post(path, json=body, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


async def counts(app: FastAPI) -> tuple[int, ...]:
    """Rows of every budget table and of the outbox."""
    async with app.state.runtime.session_factory() as s:
        tables = [await s.scalar(select(func.count()).select_from(m)) for m in (*BUDGET_TABLES, OutboxRecord)]
    return tuple(int(n or 0) for n in tables)


async def test_lines_allocations_spending_and_execution(
    http: httpx.AsyncClient, app: FastAPI, ward: str
) -> None:
    ktht, vhxh = auth_headers(ward, "ktht", "officer"), auth_headers(ward, "vhxh", "officer")
    ubnd = auth_headers(ward, "ubnd", "leader")
    comm = await created(http, "/v1/budget/lines", line(), {**ktht, "Idempotency-Key": "l-1"})
    again = await http.post("/v1/budget/lines", json=line(), headers={**ktht, "Idempotency-Key": "l-1"})
    assert again.headers["Idempotent-Replayed"] == "true" and again.json() == comm
    hiv = await created(
        http, "/v1/budget/lines",
        line(source="integrated", programme="hiv_aids", activity_kind="harm_reduction", estimate=20_000_000),
        ktht,
    )  # fmt: skip
    team = await created(
        http, "/v1/budget/lines",
        line(year=2027, source="socialized", activity_kind="inspection_team", unit_code="ca", estimate=10**7),
        ktht,
    )  # fmt: skip
    for target, amount in ((comm, 30_000_000), (hiv, 20_000_000)):
        body = {
            "line_id": target["line_id"],
            "amount": amount,
            "allocated_on": "2026-02-01",
            "document_code": "15/QĐ-UBND",
        }
        await created(http, "/v1/budget/allocations", body, ktht)

    activity = await created(
        http, "/v1/activities",
        {"kind": "communication_meeting", "held_at": "2026-03-05T08:00:00+07:00", "title": "Hội nghị",
         "channel": "hội trường", "audience": "người dân tổ 4", "reach": 80, "unit_code": "ttdv"},
        auth_headers(ward, "ttdv", "officer"),
    )  # fmt: skip
    spend = {
        "line_id": comm["line_id"],
        "amount": 12_345_678,
        "spent_on": "2026-03-05",
        "document_code": "PC-0012",
    }
    linked = await created(
        http,
        "/v1/budget/spending",
        {**spend, "record_kind": "activity", "record_id": activity["activity_id"]},
        ktht,
    )
    assert (
        linked["spent_on"] == "activity"
        and linked["over_allocation"] is False
        and linked["approved_by"] is None
    )
    await created(
        http, "/v1/budget/spending", {**spend, "line_id": hiv["line_id"], "amount": 20_000_000}, ktht
    )

    # above what is allocated: refused for the office, approved by a leader with a reason
    before = await counts(app)
    over = await http.post("/v1/budget/spending", json={**spend, "amount": 20_000_000}, headers=ktht)
    assert over.status_code == 409 and over.headers["content-type"] == PROBLEM
    assert over.json()["type"].endswith("over-allocation") and "17654322" in over.json()["detail"]
    reason = {**spend, "amount": 20_000_000, "reason": "Chiến dịch cao điểm dịp Tết"}
    officer_tries = await http.post("/v1/budget/spending/over-allocation", json=reason, headers=ktht)
    assert officer_tries.status_code == 403
    assert await counts(app) == before, "nothing written"
    approved = await created(http, "/v1/budget/spending/over-allocation", reason, ubnd)
    assert approved["over_allocation"] is True and approved["approved_by"].startswith("ubnd:")
    assert approved["approval_reason"] == "Chiến dịch cao điểm dịp Tết"

    year = (await http.get("/v1/budget/execution", params={"period": "2026"}, headers=vhxh)).json()
    assert year["years"] == [2026] and len(year["lines"]) == 2
    total = year["total"]
    assert (total["estimate"], total["allocated"], total["spent"]) == (70_000_000, 50_000_000, 52_345_678)
    assert total["unspent"] == -2_345_678
    assert total["spent_of_estimate_bp"] == 7477 and total["spent_of_estimate_vi"] == "74,8%"
    assert total["spent_of_allocated_en"] == "104.7%"
    by_source = {g["key"]: g for g in year["by_source"]}
    assert by_source["integrated"]["spent_of_allocated_vi"] == "100,0%"
    assert by_source["state_budget"]["spent"] == 32_345_678 and by_source["state_budget"][
        "label_vi"
    ].startswith("Ngân sách")
    assert [g["key"] for g in year["by_programme"]] == ["hiv_aids"]
    plan = (await http.get("/v1/budget/execution", params={"period": "2026-2030"}, headers=vhxh)).json()
    assert plan["years"] == [2026, 2027, 2028, 2029, 2030]
    assert {g["key"]: g["estimate"] for g in plan["by_year"]} == {"2026": 70_000_000, "2027": 10_000_000}
    assert plan["total"]["estimate"] == 80_000_000
    unalloc = next(x for x in plan["lines"] if x["line_id"] == team["line_id"])
    assert unalloc["spent_of_allocated_bp"] is None and unalloc["spent_of_allocated_vi"] == "Chưa cấp"
    quarter = await http.get("/v1/budget/execution", params={"period": "2026-Q1"}, headers=vhxh)
    assert quarter.status_code == 422 and quarter.headers["content-type"] == PROBLEM

    listed = await http.get("/v1/budget/spending", params={"year": 2026}, headers=ubnd)
    assert len(listed.json()["items"]) == 3
    assert (await http.get("/v1/budget/spending", params={"year": 2027}, headers=ubnd)).json()["items"] == []
    assert len((await http.get("/v1/budget/lines", headers=vhxh)).json()["items"]) == 3
    assert (await http.get("/v1/budget/lines", headers=auth_headers(ward, "ca", "leader"))).status_code == 403

    xlsx = await http.get("/v1/budget/execution.xlsx", params={"period": "2026"}, headers=ubnd)
    assert xlsx.status_code == 200 and xlsx.headers["content-type"].startswith("application/vnd.openxml")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    rows = list(book["Tổng hợp"].iter_rows(values_only=True))
    header = next(r for r in rows if r[0] == "Nhóm / Group")
    assert header[3] == "Dự toán (đồng) / Estimate (VND)"
    assert next(r for r in rows if r[0] == "Tổng cộng / Total")[3:6] == (70_000_000, 50_000_000, 52_345_678)
    assert len(list(book["Dòng dự toán"].iter_rows(values_only=True))) == 3

    rt = app.state.runtime

    async def published() -> bool:
        found = [
            await stream_count(rt, "reporting", f"pcmd.{ward}.reporting.{subject}")
            for subject in ("budget_line.estimated", "budget_allocation.allocated", "budget_spending.spent")
        ]
        return found == [3, 2, 3]

    assert await eventually(published)


async def test_bad_input_is_a_problem_and_writes_nothing(
    http: httpx.AsyncClient, app: FastAPI, ward: str
) -> None:
    ktht = auth_headers(ward, "ktht", "leader")
    target = await created(http, "/v1/budget/lines", line(estimate=1_000_000), ktht)
    alloc = {
        "line_id": target["line_id"],
        "amount": 400_000,
        "allocated_on": "2026-04-01",
        "document_code": "20/QĐ-UBND",
    }
    await created(http, "/v1/budget/allocations", alloc, ktht)
    spend = {
        "line_id": target["line_id"],
        "amount": 100_000,
        "spent_on": "2026-04-02",
        "document_code": "PC-1",
    }
    before = await counts(app)
    bad: list[tuple[str, dict[str, Any], int, str]] = [
        ("/v1/budget/lines", line(estimate=-1), 422, ""),
        ("/v1/budget/lines", line(estimate=1.5), 422, ""),
        ("/v1/budget/lines", line(estimate="1000"), 422, ""),
        ("/v1/budget/lines", line(estimate=True), 422, ""),
        ("/v1/budget/lines", line(source="integrated"), 422, "invalid-budget-line"),
        ("/v1/budget/lines", line(programme="health"), 422, "invalid-budget-line"),
        ("/v1/budget/lines", line(year=2031), 422, ""),
        ("/v1/budget/lines", {**line(), "x": 1}, 422, ""),
        ("/v1/budget/allocations", {**alloc, "amount": 0}, 422, ""),
        ("/v1/budget/allocations", {**alloc, "amount": 600_001}, 409, "above-estimate"),
        ("/v1/budget/allocations", {**alloc, "allocated_on": "2027-01-02"}, 422, "outside-budget-year"),
        ("/v1/budget/allocations", {**alloc, "line_id": "0190e2a0-0000-7000-8000-000000000000"}, 404, ""),
        ("/v1/budget/spending", {**spend, "amount": -100_000}, 422, ""),
        ("/v1/budget/spending", {**spend, "amount": 99.5}, 422, ""),
        ("/v1/budget/spending", {**spend, "line_id": "0190e2a0-0000-7000-8000-000000000000"}, 404, ""),
        ("/v1/budget/spending", {**spend, "spent_on": "2025-12-31"}, 422, "outside-budget-year"),
        ("/v1/budget/spending", {**spend, "record_kind": "activity"}, 422, ""),
        (
            "/v1/budget/spending",
            {**spend, "record_kind": "training", "record_id": "0190e2a0-0000-7000-8000-000000000001"},
            404,
            "",
        ),
        ("/v1/budget/spending", {**spend, "record_kind": "inspection", "record_id": "insp-unknown"}, 404, ""),
        ("/v1/budget/spending", {**spend, "amount": 400_001}, 409, "over-allocation"),
        ("/v1/budget/spending/over-allocation", {**spend, "reason": "short"}, 422, ""),
        ("/v1/budget/year-closures", {"year": 2026}, 422, "outside-budget-year"),  # 2026 has not ended
    ]
    for path, body, status, slug in bad:
        r = await http.post(path, json=body, headers=ktht)
        assert r.status_code == status and r.headers["content-type"] == PROBLEM, (path, body, r.text)
        assert r.json()["type"].endswith(slug), (path, body, r.json())
    assert await counts(app) == before, "nothing written, no event"


async def test_a_closed_year_takes_nothing_more(http: httpx.AsyncClient, app: FastAPI, ward: str) -> None:
    ktht, leader = auth_headers(ward, "ktht", "officer"), auth_headers(ward, "ktht", "leader")
    target = await created(http, "/v1/budget/lines", line(estimate=1_000_000), ktht)
    alloc = {
        "line_id": target["line_id"],
        "amount": 400_000,
        "allocated_on": "2026-04-01",
        "document_code": "20/QĐ-UBND",
    }
    await created(http, "/v1/budget/allocations", alloc, ktht)
    spend = {
        "line_id": target["line_id"],
        "amount": 100_000,
        "spent_on": "2026-12-30",
        "document_code": "PC-9",
    }
    await created(http, "/v1/budget/spending", spend, ktht)

    rt = app.state.runtime
    rt.deps = dataclasses.replace(rt.deps, clock=lambda: dt.datetime(2027, 1, 5, 2, 0, tzinfo=dt.UTC))
    assert (await http.post("/v1/budget/year-closures", json={"year": 2026}, headers=ktht)).status_code == 403
    closed = await http.post("/v1/budget/year-closures", json={"year": 2026}, headers=leader)
    assert closed.status_code == 200, closed.text
    assert (closed.json()["estimate"], closed.json()["allocated"], closed.json()["spent"]) == (
        1_000_000,
        400_000,
        100_000,
    )
    before = await counts(app)
    for path, body in (
        ("/v1/budget/year-closures", {"year": 2026}),
        ("/v1/budget/spending", spend),
        ("/v1/budget/spending/over-allocation", {**spend, "reason": "Lãnh đạo đồng ý chi bổ sung"}),
        ("/v1/budget/allocations", alloc),
        ("/v1/budget/lines", line()),
    ):
        r = await http.post(path, json=body, headers=leader)
        assert r.status_code == 409 and r.json()["type"].endswith("budget-year-closed"), (path, r.text)
    assert await counts(app) == before
    execution = (await http.get("/v1/budget/execution", params={"period": "2026"}, headers=leader)).json()
    assert execution["closed_years"] == [2026]
    subject = f"pcmd.{ward}.reporting.budget_year.closed"
    assert await eventually(lambda: _one(rt, subject))


async def _one(rt: Any, subject: str) -> bool:
    return await stream_count(rt, "reporting", subject) == 1


async def test_two_spends_at_once_cannot_both_pass_the_allocation(
    http: httpx.AsyncClient, app: FastAPI, ward: str
) -> None:
    """Each fits what is allocated, the pair does not: the line is locked, so one of them is refused."""
    ktht = auth_headers(ward, "ktht", "officer")
    target = await created(http, "/v1/budget/lines", line(estimate=1_000_000), ktht)
    alloc = {
        "line_id": target["line_id"],
        "amount": 600_000,
        "allocated_on": "2026-04-01",
        "document_code": "20/QĐ",
    }
    await created(http, "/v1/budget/allocations", alloc, ktht)
    spend = {"line_id": target["line_id"], "amount": 400_000, "spent_on": "2026-04-02"}
    first, second = await asyncio.gather(
        http.post("/v1/budget/spending", json={**spend, "document_code": "PC-A"}, headers=ktht),
        http.post("/v1/budget/spending", json={**spend, "document_code": "PC-B"}, headers=ktht),
    )
    assert sorted((first.status_code, second.status_code)) == [201, 409], (first.text, second.text)
    execution = (await http.get("/v1/budget/execution", params={"period": "2026"}, headers=ktht)).json()
    assert execution["total"]["spent"] == 400_000
