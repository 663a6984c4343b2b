"""The intake service over HTTP, on a real PostgreSQL and NATS: lifecycle, privacy, anonymous follow-up."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import uuid
from collections.abc import AsyncIterator
from csv import DictReader
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from services.intake.handlers import tips as handlers
from services.intake.main import build_app
from services.intake.repository import TipRow
from services.intake.settings import IntakeSettings
from shared.contracts.catalog import spec_by_type
from shared.contracts.pcmd.inspection.v1 import events_pb2 as inspection
from shared.db import IDEMPOTENCY, AuditRecord, OutboxRecord
from shared.messaging.envelope import envelope
from tests.helpers import auth_headers
from tests.integration.harness import eventually, settings_for

PROBLEM = "application/problem+json"
NAME, PHONE = "Nguyễn Thị Hoa", "0912 345 678"
TIP = {
    "kind": "denunciation",
    "channel": "hotline",
    "residential_group": "tdp-5",
    "subject": {"type": "business", "text": "Karaoke Ánh Dương", "urls": ["https://example.org/post/1"]},
    "description": "Nhiều người ra vào lúc nửa đêm",
    "reporter": {"name": NAME, "phone": PHONE},
}
PUBLIC_TIP = {
    "kind": "report",
    "residential_group": "tdp-9",
    "subject": {"type": "place", "place_address": "hẻm 3"},
    "description": "Có dấu hiệu môi giới",
}


Client = tuple[FastAPI, httpx.AsyncClient]


@pytest.fixture
async def intake(service_db: Any, nats_url: str, ward: str) -> AsyncIterator[Client]:
    settings = settings_for(
        IntakeSettings,
        database_url=await service_db("intake"),
        nats_url=nats_url,
        ward=ward,
        public_submissions_per_hour=3,
        deadline_scan_seconds=3600,
    )
    app = build_app(settings)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 5555))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://t") as c,
    ):
        yield app, c


async def outbox_types(app: FastAPI) -> list[str]:
    async with app.state.runtime.session_factory() as s:
        return list((await s.execute(select(OutboxRecord.event_type).order_by(OutboxRecord.id))).scalars())


async def create(
    c: httpx.AsyncClient, ward: str, body: dict[str, Any] | None = None, unit: str = "ca"
) -> str:
    r = await c.post("/v1/tips", json=body or TIP, headers=auth_headers(ward, unit))
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def step(
    c: httpx.AsyncClient,
    ward: str,
    tip: str,
    action: str,
    body: dict[str, Any],
    unit: str = "ca",
    *roles: str,
) -> httpx.Response:
    return await c.post(f"/v1/tips/{tip}/{action}", json=body, headers=auth_headers(ward, unit, *roles))


async def route_to_inspection(c: httpx.AsyncClient, ward: str, tip: str) -> None:
    for action, body in [
        ("verification", {}),
        ("verify", {"outcome": "founded"}),
        ("classify", {"category": "establishment_violation", "severity": "high", "competent_unit": "ca"}),
        ("route", {"target": "inspection", "target_unit": "vhxh"}),
    ]:
        r = await step(c, ward, tip, action, body)
        assert r.status_code == 200, r.text


async def test_lifecycle_closes_when_inspection_reports_the_matter_handled(intake: Client, ward: str) -> None:
    app, c = intake
    tip = await create(c, ward)
    await route_to_inspection(c, ward, tip)
    done = inspection.InspectionCompleted(
        inspection_id=str(uuid.uuid4()),
        ward=ward,
        occurred_at=dt.datetime.now(dt.UTC),
        source_tip_id=tip,
        result=inspection.INSPECTION_RESULT_VIOLATIONS_FOUND,
        establishment_id=str(uuid.uuid4()),
    )
    out = envelope(done, service="inspection", ward=ward)
    await app.state.runtime.js.publish(out.subject, out.payload, headers=out.headers)

    async def handled() -> dict[str, Any] | None:
        body = (await c.get(f"/v1/tips/{tip}", headers=auth_headers(ward))).json()
        return body if body["status"] == "handled" else None

    body = await eventually(handled, timeout=30)
    assert body["outcome"] == "administrative_sanction" and body["on_time"] is True
    history = (await c.get(f"/v1/tips/{tip}/history", headers=auth_headers(ward))).json()
    assert [h["action"] for h in history] == [
        "receive",
        "start_verification",
        "confirm",
        "classify",
        "route",
        "handle",
    ]
    assert history[-1]["actor"] == "system:system" and all(h["at"] for h in history)
    assert await outbox_types(app) == [
        f"pcmd.intake.v1.{n}"
        for n in ("TipReceived", "TipVerified", "TipClassified", "TipRouted", "TipHandled")
    ]


async def test_forbidden_transition_is_a_409_problem_and_changes_nothing(intake: Client, ward: str) -> None:
    app, c = intake
    tip = await create(c, ward)
    before = (await c.get(f"/v1/tips/{tip}/history", headers=auth_headers(ward))).json()
    r = await step(c, ward, tip, "route", {"target": "inspection", "target_unit": "vhxh"})
    assert r.status_code == 409 and r.headers["content-type"] == PROBLEM
    problem = r.json()
    assert problem["type"].endswith("/transition-not-allowed")
    assert problem["detail"].startswith(
        "Tin mới tiếp nhận không thể chuyển xử lý; được phép: gia hạn, gộp tin,"
    )
    assert problem["status"] == 409 and (problem["tip_status"], problem["action"]) == ("received", "route")
    assert problem["allowed_actions"] == ["extend", "merge", "start_verification", "transfer"]
    assert (await c.get(f"/v1/tips/{tip}/history", headers=auth_headers(ward))).json() == before
    assert await outbox_types(app) == ["pcmd.intake.v1.TipReceived"]


async def test_personal_data_is_encrypted_audited_and_never_in_events(intake: Client, ward: str) -> None:
    app, c = intake
    tip = await create(c, ward)
    async with app.state.runtime.session_factory() as s:
        payloads = b"".join((await s.execute(select(OutboxRecord.payload))).scalars())
    for secret in (NAME, "+84912345678", "Karaoke", "example.org", "nửa đêm"):
        assert secret.encode() not in payloads
    r = await c.get(f"/v1/tips/{tip}/private?part=reporter", headers=auth_headers(ward, "ubnd", "leader"))
    assert r.status_code == 403
    r = await c.get(f"/v1/tips/{tip}/private?part=reporter", headers=auth_headers(ward))
    assert r.status_code == 422 and r.json()["type"].endswith("/reason-required"), "a reason is stated"
    r = await c.get(
        f"/v1/tips/{tip}/private?part=reporter&reason=x%C3%A1c+minh+l%E1%BA%A1i",
        headers={**auth_headers(ward), "X-Request-ID": "req-42"},
    )
    assert r.status_code == 200
    assert {v["field"]: v["value"] for v in r.json()} == {
        "reporter_name": NAME,
        "reporter_phone": "+84912345678",
    }
    async with app.state.runtime.session_factory() as s:
        audit = (await s.execute(select(AuditRecord).where(AuditRecord.action == "read_private"))).scalars()
        (row,) = audit.all()
    assert (row.actor, row.ward, row.resource_id) == ("ca:ca-user", ward, tip)
    assert (row.reason, row.request_id) == ("xác minh lại", "req-42")
    assert sorted(row.fields) == sorted(handlers.REPORTER_FIELDS)
    async with app.state.runtime.engine.connect() as conn:  # append-only, whoever tries
        for statement in ("UPDATE audit_log SET reason = 'x'", "DELETE FROM audit_log"):
            with pytest.raises(DBAPIError, match="append-only"):
                await conn.execute(text(statement))
            await conn.rollback()


async def test_stored_private_fields_are_ciphertext(intake: Client, ward: str) -> None:
    app, c = intake
    await create(c, ward)
    async with app.state.runtime.engine.connect() as conn:
        blobs = (await conn.execute(text("SELECT ciphertext FROM tip_private_field"))).scalars().all()
    assert blobs and all(NAME.encode() not in b and b"0912" not in b and b.startswith(b"v1:") for b in blobs)


async def test_invalid_phone_is_refused_before_anything_is_written(intake: Client, ward: str) -> None:
    app, c = intake
    r = await c.post("/v1/tips", json={**TIP, "reporter": {"phone": "12"}}, headers=auth_headers(ward))
    assert r.status_code == 422 and r.json()["type"].endswith("/invalid-phone")
    assert await outbox_types(app) == []


async def test_units_see_only_their_kinds_and_wards(intake: Client, ward: str) -> None:
    _, c = intake
    crime = await create(c, ward)
    complaint = await create(c, ward, {**TIP, "kind": "complaint"}, unit="vhxh")
    assert (await c.get(f"/v1/tips/{crime}", headers=auth_headers(ward, "vhxh"))).status_code == 404
    assert (await c.get(f"/v1/tips/{complaint}", headers=auth_headers(ward, "ca"))).status_code == 404
    assert (await c.get(f"/v1/tips/{crime}", headers=auth_headers("otherward"))).status_code == 404
    listed = (await c.get("/v1/tips", headers=auth_headers(ward, "ubnd", "leader"))).json()
    assert {i["id"] for i in listed["items"]} == {crime, complaint}
    assert (await c.get("/v1/tips", headers=auth_headers("otherward", "ubnd", "leader"))).json()["total"] == 0


async def test_list_filters_paginate_and_export(intake: Client, ward: str) -> None:
    _, c = intake
    ids = [await create(c, ward) for _ in range(3)]
    await create(c, ward, {**TIP, "kind": "complaint", "residential_group": "tdp-8"}, unit="vhxh")
    leader = auth_headers(ward, "ubnd", "leader")
    page = (await c.get("/v1/tips?kind=denunciation&page_size=2", headers=leader)).json()
    assert page["total"] == 3 and len(page["items"]) == 2
    page2 = (await c.get("/v1/tips?kind=denunciation&page_size=2&page=2", headers=leader)).json()
    assert {i["id"] for i in page["items"] + page2["items"]} == set(ids)
    assert (await c.get("/v1/tips?residential_group=tdp-8", headers=leader)).json()["total"] == 1
    assert (await c.get("/v1/tips?overdue=true", headers=leader)).json()["total"] == 0
    assert (await c.get("/v1/tips?due_within_days=25", headers=leader)).json()["total"] == 3
    csv = await c.get("/v1/tips/export.csv?kind=denunciation", headers=leader)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Mã tin / Tip id,Loại tin / Kind") and len(lines) == 4
    assert NAME not in csv.text and "Karaoke" not in csv.text
    rows = {row["Mã tin / Tip id"]: row for row in DictReader(io.StringIO(csv.text.lstrip("\ufeff")))}
    tip = (await c.get(f"/v1/tips/{ids[0]}", headers=leader)).json()
    row = rows[ids[0]]
    assert (row["Loại tin / Kind"], row["kind"]) == ("Tố giác", "denunciation")  # Vietnamese, code beside it
    assert (row["Kênh tiếp nhận / Channel"], row["channel"]) == ("Đường dây nóng", "hotline")
    assert (row["Trạng thái / Status"], row["Quá hạn / Overdue"]) == ("mới tiếp nhận", "Không / No")
    received = dt.datetime.fromisoformat(tip["received_at"])
    local = received.astimezone(dt.timezone(dt.timedelta(hours=7)))  # Asia/Ho_Chi_Minh, written out
    assert row["Ngày tiếp nhận / Received (giờ Việt Nam)"] == local.strftime("%d/%m/%Y %H:%M")
    assert (await c.get("/v1/tips/export.csv", headers=auth_headers(ward))).status_code == 403


async def test_deadline_notices_are_emitted_once_per_deadline(intake: Client, ward: str) -> None:
    app, c = intake
    tip = await create(c, ward)
    due = dt.datetime.fromisoformat(
        (await c.get(f"/v1/tips/{tip}", headers=auth_headers(ward))).json()["due_at"]
    )
    rt = app.state.runtime
    deps = rt.deps
    soon = dataclasses.replace(deps, clock=lambda: due - dt.timedelta(days=1))
    late = dataclasses.replace(deps, clock=lambda: due + dt.timedelta(seconds=1))
    assert await handlers.announce_deadlines(rt.uow(), soon) == 1
    assert await handlers.announce_deadlines(rt.uow(), soon) == 0
    assert await handlers.announce_deadlines(rt.uow(), late) == 1
    assert await handlers.announce_deadlines(rt.uow(), late) == 0
    assert (await outbox_types(app))[1:] == [
        "pcmd.intake.v1.TipDeadlineApproaching",
        "pcmd.intake.v1.TipOverdue",
    ]
    overdue_list = (await c.get("/v1/tips?overdue=true", headers=auth_headers(ward))).json()
    assert overdue_list["total"] == 0, "overdue is judged at the real time, not the scheduler's test clock"


async def test_extension_too_late_is_refused(intake: Client, ward: str) -> None:
    _, c = intake
    tip = await create(c, ward)
    await step(c, ward, tip, "verification", {})
    due = dt.datetime.fromisoformat(
        (await c.get(f"/v1/tips/{tip}", headers=auth_headers(ward))).json()["due_at"]
    )
    r = await step(
        c,
        ward,
        tip,
        "extensions",
        {"new_due_at": (due + dt.timedelta(days=30)).isoformat(), "reason_code": "complex"},
    )
    assert r.status_code == 200 and r.json()["extensions"] == 1
    again = await step(c, ward, tip, "extensions", {"new_due_at": (due + dt.timedelta(days=40)).isoformat()})
    assert again.status_code == 409 and again.json()["type"].endswith("/extension-refused")


async def test_anonymous_tip_receipt_code_follow_up(intake: Client, ward: str) -> None:
    app, c = intake
    r = await c.post("/v1/public/tips", json=PUBLIC_TIP)
    assert r.status_code == 201
    code = r.json()["receipt_code"]
    assert len(code) == 19 and code.count("-") == 3
    status = await c.post("/v1/public/receipts/status", json={"code": code.lower().replace("-", " ")})
    assert status.status_code == 200 and status.json()["status"] == "received"
    assert set(status.json()) == {"status", "received_on", "updated_on"}
    wrong = await c.post("/v1/public/receipts/status", json={"code": "0000-0000-0000-0000"})
    junk = await c.post("/v1/public/receipts/status", json={"code": "not a code at all"})
    assert wrong.status_code == junk.status_code == 404 and wrong.json() == junk.json()
    added = await c.post("/v1/public/receipts/information", json={"code": code, "text": "Xe biển số 15A"})
    assert added.status_code == 202
    async with app.state.runtime.session_factory() as s:
        stored = (await s.execute(select(TipRow))).scalar_one()
        from services.intake.repository import ReceiptRow

        receipt = (await s.execute(select(ReceiptRow))).scalar_one()
    assert stored.anonymous and stored.channel == "web_form"
    assert code.replace("-", "") not in receipt.code_hash and len(receipt.code_hash) == 64
    assert receipt.key_id == "dev1", "a keyed hash (HMAC-SHA256), with the id of its key"
    private = (await c.get(f"/v1/tips/{stored.id}/private", headers=auth_headers(ward))).json()
    assert "Xe biển số 15A" in [v["value"] for v in private]


async def test_anonymous_submissions_are_limited_sized_and_idempotent(intake: Client, ward: str) -> None:
    app, c = intake
    first = await c.post("/v1/public/tips", json=PUBLIC_TIP, headers={"Idempotency-Key": "k-1"})
    retry = await c.post("/v1/public/tips", json=PUBLIC_TIP, headers={"Idempotency-Key": "k-1"})
    assert first.status_code == 201 and retry.status_code == 200
    code = first.json()["receipt_code"]
    assert retry.json()["receipt_code"] == code, "a retry whose first answer was lost gets the same code"
    async with app.state.runtime.session_factory() as s:
        assert await s.scalar(select(func.count()).select_from(TipRow)) == 1
        stored = [dict(r._mapping) for r in await s.execute(select(IDEMPOTENCY))]
    assert len(stored) == 1 and code not in str(stored) and code.replace("-", "") not in str(stored)
    big = await c.post("/v1/public/tips", json={**PUBLIC_TIP, "description": "x" * 100_000})
    assert big.status_code == 413 and big.headers["content-type"] == PROBLEM
    second = await c.post("/v1/public/tips", json=PUBLIC_TIP)
    third = await c.post("/v1/public/tips", json=PUBLIC_TIP)
    assert second.status_code == 201 and third.status_code == 429
    assert 1 <= int(third.headers["Retry-After"]) <= 3600 and third.json()["retry_after"] == int(
        third.headers["Retry-After"]
    )
    assert third.headers["content-type"] == PROBLEM
    async with app.state.runtime.session_factory() as s:
        assert await s.scalar(select(func.count()).select_from(TipRow)) == 2


def test_every_intake_event_type_is_in_the_catalog() -> None:
    for name in ("TipReceived", "TipVerified", "TipHandled", "TipOverdue", "TipDeadlineApproaching"):
        assert spec_by_type(f"pcmd.intake.v1.{name}").service == "intake"


async def test_public_page_is_vietnamese_first_and_locked_down(intake: Client) -> None:
    _, c = intake
    r = await c.get("/v1/public")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert '<html lang="vi">' in r.text and "Gửi tin báo" in r.text and "mã biên nhận" in r.text
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert "script-src 'sha256-" in csp and "style-src 'sha256-" in csp
    assert r.headers["referrer-policy"] == "no-referrer" and r.headers["cache-control"] == "no-store"


async def test_residential_groups_are_offered_by_name_and_only_the_wards_are_taken(
    intake: Client, ward: str
) -> None:
    app, c = intake
    groups = (await c.get("/v1/public/residential-groups")).json()
    assert {"code": "tdp-12", "name": "Tổ dân phố số 12"} in groups
    page = (await c.get("/v1/public")).text
    assert '<option value="tdp-12">Tổ dân phố số 12</option>' in page
    before = await outbox_types(app)
    for path, headers in (("/v1/public/tips", {}), ("/v1/tips", auth_headers(ward))):
        body = {**TIP, "residential_group": "tdp-99"} if path == "/v1/tips" else {
            "kind": "report", "residential_group": "tdp-99", "subject": {"type": "place"}, "description": "x",
        }  # fmt: skip
        r = await c.post(path, json=body, headers=headers)
        assert r.status_code == 422 and r.headers["content-type"] == PROBLEM, r.text
        assert r.json()["errors"][0]["loc"] == ["body", "residential_group"]
        assert r.json()["detail"].startswith("Tổ dân phố 'tdp-99' không thuộc phường.")
    assert await outbox_types(app) == before, "nothing written"


def test_the_public_page_escapes_configured_names() -> None:
    from services.intake.api.public import render_page

    page = render_page((("tdp-1", '<script>alert("x")</script>'),))
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
