"""Reviews over HTTP on real PostgreSQL and NATS: a yearly review is prepared from the approved snapshot
of the year (its figures are the snapshot's), the budget, the difficulties, surveys and commendations of
the year; approved once by a ward leader and final after (the database refuses a change); a period not
ended, the wrong kind of period or no approved snapshot is a problem with nothing written."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import docx
import httpx
import openpyxl
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from services.reporting.repository.reviews import Review
from shared.db import OutboxRecord
from tests.helpers import auth_headers
from tests.integration.harness import eventually, stream_count

PROBLEM = "application/problem+json"
ASSESSMENT = "Các chỉ tiêu cơ bản đạt; phối hợp liên ngành chặt chẽ; mô hình hỗ trợ hiệu quả."


@pytest.fixture
def reporting_now() -> dt.datetime:
    return dt.datetime(2027, 1, 5, 2, 0, tzinfo=dt.UTC)  # 2026 has ended: it may be reviewed


async def ok(r: httpx.Response, status: int = 201) -> Any:
    assert r.status_code == status, r.text
    return r.json()


async def counts(app: FastAPI) -> tuple[int, int]:
    async with app.state.runtime.session_factory() as s:
        rows = [await s.scalar(select(func.count()).select_from(m)) for m in (Review, OutboxRecord)]
    return int(rows[0] or 0), int(rows[1] or 0)


async def the_year(http: httpx.AsyncClient, ward: str) -> None:
    """What the ward recorded in 2026 (and a difficulty of 2025 the review leaves out)."""
    ktht, ca, vhxh = (auth_headers(ward, u, "officer") for u in ("ktht", "ca", "vhxh"))
    line = await ok(
        await http.post(
            "/v1/budget/lines",
            json={"year": 2026, "unit_code": "vhxh", "activity_kind": "communication",
                  "source": "state_budget", "title": "Tuyên truyền", "estimate": 40_000_000,
                  "document_code": "12/QĐ-UBND"},
            headers=ktht,
        )
    )  # fmt: skip
    alloc = {
        "line_id": line["line_id"],
        "amount": 30_000_000,
        "allocated_on": "2026-02-01",
        "document_code": "15/QĐ",
    }
    await ok(await http.post("/v1/budget/allocations", json=alloc, headers=ktht))
    spend = {
        "line_id": line["line_id"],
        "amount": 10_000_000,
        "spent_on": "2026-05-02",
        "document_code": "PC-1",
    }
    await ok(await http.post("/v1/budget/spending", json=spend, headers=ktht))
    difficulty = {"kind": "difficulty", "area": "inspection", "title": "Thiếu người trực đêm",
                  "detail": "...", "raised_on": "2026-02-10"}  # fmt: skip
    await ok(await http.post("/v1/difficulties", json=difficulty, headers=ca))
    await ok(await http.post("/v1/difficulties", json={**difficulty, "raised_on": "2025-12-20"}, headers=ca))
    survey = {"kind": "survey", "subject": "needs", "topic": "Nhu cầu học nghề", "period": "2026-Q2",
              "unit_code": "vhxh", "method": "Bảng hỏi", "sample_size": 40,
              "findings": "Cần học nghề ngắn hạn.", "completed_on": "2026-07-15"}  # fmt: skip
    await ok(await http.post("/v1/surveys", json=survey, headers=vhxh))
    commendation = {"kind": "commendation", "unit_code": "ca", "reason": "Thành tích xuất sắc",
                    "document_code": "85/QĐ-UBND", "decided_on": "2026-12-01"}  # fmt: skip
    await ok(await http.post("/v1/commendations", json=commendation, headers=vhxh))


async def test_a_yearly_review_from_the_approved_snapshot_approved_once(
    http: httpx.AsyncClient, app: FastAPI, ward: str
) -> None:
    vhxh, leader = auth_headers(ward, "vhxh", "officer"), auth_headers(ward, "ubnd", "leader")
    await the_year(http, ward)
    body = {"kind": "yearly", "period": "2026", "assessment": ASSESSMENT}

    before = await counts(app)
    no_snapshot = await http.post("/v1/reviews", json=body, headers=vhxh)
    assert no_snapshot.status_code == 409 and no_snapshot.headers["content-type"] == PROBLEM
    for bad, status in (
        ({**body, "period": "2027"}, 422),  # has not ended
        ({**body, "kind": "final", "period": "2026-2030"}, 422),  # has not ended
        ({**body, "period": "2026-Q1"}, 422),  # a yearly review reviews a year
        ({**body, "kind": "final", "period": "2026"}, 422),
        ({**body, "period": "2026-Q9"}, 422),
        ({**body, "assessment": "ngắn"}, 422),
    ):
        r = await http.post("/v1/reviews", json=bad, headers=vhxh)
        assert r.status_code == status and r.headers["content-type"] == PROBLEM, (bad, r.text)
    assert await counts(app) == before, "nothing written"

    snap = await ok(await http.post("/v1/snapshots", json={"scope": ward, "period": "2026"}, headers=vhxh))
    await ok(await http.post(f"/v1/snapshots/{snap['id']}/approve", headers=leader), 200)
    snapshot = await ok(await http.get(f"/v1/snapshots/{snap['id']}", headers=vhxh), 200)

    review = await ok(await http.post("/v1/reviews", json=body, headers=vhxh))
    assert review["status"] == "prepared" and review["snapshot_id"] == snap["id"]
    content = review["content"]

    def same(indicators: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{"complement": False, **i} for i in indicators]  # the exact copy leaves it out

    assert same(content["indicators"]["indicators"]) == same(snapshot["indicators"]), "the snapshot's figures"
    assert [(t["year"], t["snapshot_id"]) for t in content["trend"]] == [(2026, snap["id"])]
    assert content["trend"][0]["indicators"] == content["indicators"]["indicators"]
    assert content["budget"]["total"]["spent"] == 10_000_000 and content["budget"]["years"] == [2026]
    assert [d["title"] for d in content["difficulties"]] == ["Thiếu người trực đêm"], "2025's left out"
    assert [s["topic"] for s in content["surveys"]] == ["Nhu cầu học nghề"]
    assert [c["unit_code"] for c in content["commendations"]] == ["ca"]
    assert content["assessment"] == ASSESSMENT and content["kind_vi"] == "Sơ kết năm"

    assert (await http.post(f"/v1/reviews/{review['review_id']}/approve", headers=vhxh)).status_code == 403
    approved = await ok(await http.post(f"/v1/reviews/{review['review_id']}/approve", headers=leader), 200)
    assert approved["status"] == "approved" and approved["approved_by"].startswith("ubnd:")
    assert approved["content_hash"] == review["content_hash"]
    before = await counts(app)
    twice = await http.post(f"/v1/reviews/{review['review_id']}/approve", headers=leader)
    assert twice.status_code == 409 and twice.headers["content-type"] == PROBLEM
    another = await http.post("/v1/reviews", json=body, headers=vhxh)
    assert another.status_code == 409, "the year has its approved review"
    assert await counts(app) == before

    got = await ok(await http.get(f"/v1/reviews/{review['review_id']}", headers=leader), 200)
    assert got["content"] == content and got["status"] == "approved"
    listed = await ok(await http.get("/v1/reviews", headers=vhxh), 200)
    assert [r["review_id"] for r in listed["items"]] == [review["review_id"]] and "content" not in listed[
        "items"
    ][0]
    assert (await http.get("/v1/reviews", headers=auth_headers(ward, "ca", "leader"))).status_code == 403

    await the_documents(http, review["review_id"], leader, content)

    async with app.state.runtime.session_factory() as s:
        with pytest.raises(DBAPIError, match="is approved"):
            await s.execute(sa.update(Review).values(assessment="sửa lại").where(Review.ward == ward))
        await s.rollback()

    rt = app.state.runtime

    async def published() -> bool:
        prepared = await stream_count(rt, "reporting", f"pcmd.{ward}.reporting.review.prepared")
        done = await stream_count(rt, "reporting", f"pcmd.{ward}.reporting.review.approved")
        return (prepared, done) == (1, 1)

    assert await eventually(published)


async def the_documents(
    http: httpx.AsyncClient, review_id: str, headers: dict[str, str], content: Any
) -> None:
    """The DOCX report opens, in the administrative form, with the figures of the frozen content; the XLSX
    annexes open with the indicators and the budget; the DOCX renders to PDF where LibreOffice is."""
    r = await http.get(
        f"/v1/reviews/{review_id}/export.docx", params={"document_number": "12/BC-UBND"}, headers=headers
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxml")
    report = docx.Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in report.paragraphs)
    cells = "\n".join(c.text for t in report.tables for row in t.rows for c in row.cells)
    assert "Độc lập - Tự do - Hạnh phúc" in cells and "Số: 12/BC-UBND" in cells
    assert "BÁO CÁO" in text and "Sơ kết năm thực hiện Kế hoạch" in text and "DỰ THẢO" not in text
    assert "II. ĐÁNH GIÁ CHUNG" in text and ASSESSMENT in text
    assert "Thiếu người trực đêm" in text and "Nhu cầu học nghề" in text and "85/QĐ-UBND" in text
    for v in content["indicators"]["indicators"]:
        assert v["value_vi"] in cells, v["code"]
    assert "10.000.000" in cells and "40.000.000" in cells, "budget in VND, thousands grouped"
    xlsx = await http.get(f"/v1/reviews/{review_id}/export.xlsx", headers=headers)
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames[:2] == ["Chỉ tiêu", "Tổng hợp"]
    codes = [row[0] for row in book["Chỉ tiêu"].iter_rows(min_row=2, values_only=True)]
    assert codes == [v["code"] for v in content["indicators"]["indicators"]]
    assert (await http.get(f"/v1/reviews/{review_id}/export.pdf", headers=headers)).status_code == 422
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office:  # rendered once, to look at
        with tempfile.TemporaryDirectory() as out:
            source = Path(out) / "review.docx"
            source.write_bytes(r.content)
            command = [office, "--headless", "--convert-to", "pdf", "--outdir", out, str(source)]
            await asyncio.to_thread(subprocess.run, command, check=True)
            assert (Path(out) / "review.pdf").read_bytes().startswith(b"%PDF")
