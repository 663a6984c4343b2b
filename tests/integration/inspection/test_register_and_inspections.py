"""The inspection service over HTTP on a real PostgreSQL: the register, the owner's details, inspections
with records signed and amended, and what the outbox publishes."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from typing import Any

import httpx
import pytest
from docx import Document
from fastapi import FastAPI
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from shared.contracts.pcmd.inspection.v1 import events_pb2 as ev
from shared.db import AuditRecord, OutboxRecord
from tests.helpers import auth_headers
from tests.integration.inspection.conftest import Client

PROBLEM = "application/problem+json"
OWNER = {"name": "Trần Văn Bình", "phone": "0912345678", "id_number": "031234567890"}


def karaoke(number: str = "0201234567", **extra: Any) -> dict[str, Any]:
    return {
        "name": "Karaoke Ánh Dương",
        "registration_number": number,
        "business_types": ["karaoke", "bar"],
        "residential_group": "tdp-5",
        "address": "12 Hàng Kênh",
        "licence": {
            "number": "GP-123",
            "issuer": "UBND quận",
            "issued_on": "2024-01-10",
            "expires_on": "2027-01-10",
        },
        "closes_at": "23:30",
        "latitude": 20.85,
        "longitude": 106.68,
        **extra,
    }


def vhxh(ward: str, role: str = "officer") -> dict[str, str]:
    return auth_headers(ward, "vhxh", role)


async def outbox(app: FastAPI) -> list[tuple[str, bytes]]:
    async with app.state.runtime.session_factory() as s:
        rows = await s.execute(
            select(OutboxRecord.event_type, OutboxRecord.payload).order_by(OutboxRecord.id)
        )
        return [(t.rsplit(".", 1)[-1], p) for t, p in rows.all()]


async def register(c: httpx.AsyncClient, ward: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    r = await c.post("/v1/establishments", json=body or karaoke(owner=OWNER), headers=vhxh(ward))
    assert r.status_code == 201, r.text
    return dict(r.json())


async def test_register_once_read_it_and_the_owner_only_through_the_audited_endpoint(
    inspection: Client, ward: str
) -> None:
    app, c = inspection
    headers = {**vhxh(ward), "Idempotency-Key": "k-1"}
    first = await c.post("/v1/establishments", json=karaoke(owner=OWNER), headers=headers)
    again = await c.post("/v1/establishments", json=karaoke(owner=OWNER), headers=headers)
    assert first.status_code == 201 and again.status_code == 201 and again.json()["id"] == first.json()["id"]
    e = first.json()
    assert (
        e["status"] == "registered"
        and e["business_types"] == ["karaoke", "bar"]
        and e["licence"]["valid_today"]
    )
    assert "owner" not in str(e) and OWNER["name"] not in str(e)

    dup = await c.post("/v1/establishments", json=karaoke(owner=OWNER), headers=vhxh(ward))
    assert dup.status_code == 409 and dup.headers["content-type"] == PROBLEM
    assert dup.json()["type"].endswith("duplicate-registration")

    no_reason = await c.post(f"/v1/establishments/{e['id']}/owner", json={"reason": ""}, headers=vhxh(ward))
    assert no_reason.status_code == 422
    owner = await c.post(
        f"/v1/establishments/{e['id']}/owner", json={"reason": "xác minh tin báo"}, headers=vhxh(ward)
    )
    assert owner.status_code == 200 and owner.json()["fields"]["owner_name"] == OWNER["name"]
    qs = await c.post(
        f"/v1/establishments/{e['id']}/owner", json={"reason": "xem"}, headers=auth_headers(ward, "qs")
    )
    assert qs.status_code == 403, "the Military Command reads the register, not the owners"

    async with app.state.runtime.session_factory() as s:
        stored = (await s.execute(text("SELECT ciphertext FROM establishment_private_field"))).scalars().all()
        audits = (
            (await s.execute(select(AuditRecord).where(AuditRecord.action == "read_private"))).scalars().all()
        )
    assert len(stored) == 3 and all(OWNER["name"].encode() not in blob for blob in stored)
    assert [(a.resource_id, a.reason) for a in audits] == [(e["id"], "xác minh tin báo")]
    events = await outbox(app)
    assert [t for t, _ in events] == ["EstablishmentRegistered"]
    assert OWNER["name"].encode() not in events[0][1] and b"Karaoke" not in events[0][1]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {"licence": {"number": "GP-1", "issued_on": "2025-05-01", "expires_on": "2025-01-01"}},
            "licence.expires_on",
        ),
        ({"residential_group": "Tổ 5"}, "residential_group"),
        ({"business_types": []}, "business_types"),
        ({"latitude": 20.8, "longitude": None}, "latitude"),
        ({"business_types": ["karaoke", "karaoke"]}, "business_types"),
    ],
)
async def test_details_that_cannot_be_true_are_refused_and_nothing_is_written(
    inspection: Client, ward: str, change: dict[str, Any], field: str
) -> None:
    app, c = inspection
    r = await c.post("/v1/establishments", json=karaoke(**change), headers=vhxh(ward))
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM, r.text
    assert field.split(".", maxsplit=1)[0] in r.text
    assert await outbox(app) == []


async def test_lifecycle_close_refuses_inspection_and_reopen_is_the_same_record(
    inspection: Client, ward: str
) -> None:
    app, c = inspection
    e = await register(c, ward)
    url = f"/v1/establishments/{e['id']}"
    assert (await c.post(f"{url}/activate", json={}, headers=vhxh(ward))).json()["status"] == "active"
    assert (await c.post(f"{url}/close", json={"reason": "ceased_trading"}, headers=vhxh(ward))).json()[
        "status"
    ] == "closed"
    again = await c.post(f"{url}/close", json={"reason": "ceased_trading"}, headers=vhxh(ward))
    assert again.status_code == 409 and again.json()["type"].endswith("step-not-allowed")
    plan = await c.post("/v1/inspections", json=_plan([e["id"]]), headers=vhxh(ward))
    assert plan.status_code == 409 and plan.json()["type"].endswith("establishment-closed")
    reopened = await c.post(f"{url}/reopen", json={}, headers=vhxh(ward))
    assert reopened.json()["status"] == "active" and reopened.json()["id"] == e["id"]
    types = [t for t, _ in await outbox(app)]
    assert types == ["EstablishmentRegistered", "EstablishmentClosed", "EstablishmentReopened"]


def _plan(ids: list[str], *, on: str | None = None, tip: str = "") -> dict[str, Any]:
    return {
        "kind": "surprise",
        "establishment_ids": ids,
        "planned_for": on or dt.date.today().isoformat(),
        "team": {"units": ["ca", "qs"], "members": ["CB-01", "CA-07"]},
        "source_tip_id": tip,
    }


def _findings(**extra: Any) -> dict[str, Any]:
    return {
        "result": "violations_found",
        "inspected_on": dt.date.today().isoformat(),
        "checklist": ["Sổ lưu trú", "Giờ hoạt động"],
        "violations": [
            {"ref": "v1", "kind": "premises_rules", "legal_basis": "Điều 13 khoản 2 Nghị định 282/2025/NĐ-CP"}
        ],
        "sanctions": [{"violation_ref": "v1", "kind": "fine", "fine_vnd": 5_000_000}],
        **extra,
    }


async def test_a_signed_record_is_final_amended_by_a_new_record_and_announced_once(
    inspection: Client, ward: str
) -> None:
    app, c = inspection
    e = await register(c, ward)
    tip = str(uuid.uuid4())
    planned = await c.post("/v1/inspections", json=_plan([e["id"]], tip=tip), headers=vhxh(ward))
    assert planned.status_code == 201, planned.text
    iid = planned.json()["id"]

    bad = await c.post(
        f"/v1/inspections/{iid}/records",
        json={
            **_findings(sanctions=[{"violation_ref": "nope", "kind": "warning"}]),
            "establishment_id": e["id"],
        },
        headers=auth_headers(ward, "ca"),
    )
    assert bad.status_code == 422 and bad.headers["content-type"] == PROBLEM
    drafted = await c.post(
        f"/v1/inspections/{iid}/records",
        json={**_findings(), "establishment_id": e["id"]},
        headers=auth_headers(ward, "ca"),
    )
    assert drafted.status_code == 201, drafted.text
    rid = drafted.json()["record_id"]
    officer_signs = await c.post(f"/v1/inspections/{iid}/records/{rid}/sign", headers=vhxh(ward))
    assert officer_signs.status_code == 403, "only the team leader signs"
    signed = await c.post(f"/v1/inspections/{iid}/records/{rid}/sign", headers=vhxh(ward, "leader"))
    assert signed.status_code == 200 and signed.json()["completed"] is True
    revise = await c.put(
        f"/v1/inspections/{iid}/records/{rid}", json=_findings(), headers=auth_headers(ward, "ca")
    )
    assert revise.status_code == 409 and revise.json()["type"].endswith("record-final")

    async with app.state.runtime.session_factory() as s:
        with pytest.raises(DBAPIError, match="is signed"):
            await s.execute(text("UPDATE inspection_record SET amendment_reason = 'x'"))
        await s.rollback()
        with pytest.raises(DBAPIError, match="is signed"):
            await s.execute(text("DELETE FROM inspection_record"))

    no_reason = await c.post(
        f"/v1/inspections/{iid}/records",
        json={**_findings(), "establishment_id": e["id"], "supersedes": rid},
        headers=auth_headers(ward, "ca"),
    )
    assert no_reason.status_code == 422 and "amendment_reason" in no_reason.text
    amended = await c.post(
        f"/v1/inspections/{iid}/records",
        json={
            **_findings(
                violations=[
                    _findings()["violations"][0],
                    {"ref": "v2", "kind": "guest_registration", "legal_basis": "Điều 9"},
                ]
            ),
            "establishment_id": e["id"],
            "supersedes": rid,
            "amendment_reason": "Bổ sung vi phạm về thông báo lưu trú",
        },
        headers=auth_headers(ward, "ca"),
    )
    assert amended.status_code == 201, amended.text
    await c.post(
        f"/v1/inspections/{iid}/records/{amended.json()['record_id']}/sign", headers=vhxh(ward, "leader")
    )
    history = (await c.get(f"/v1/inspections/{iid}", headers=auth_headers(ward, "ubnd", "leader"))).json()[
        "records"
    ]
    assert [r["final"] for r in history] == [True, True] and history[1]["supersedes"] == rid
    listed = (await c.get(f"/v1/inspections?establishment_id={e['id']}", headers=vhxh(ward))).json()
    assert listed["total"] == 1 and [r["id"] for r in listed["items"][0]["records"]] == [
        r["id"] for r in history
    ]

    events = await outbox(app)
    types = [t for t, _ in events]
    assert types.count("InspectionCompleted") == 2, "the amendment completes the inspection again"
    assert types.count("ViolationRecorded") == 3 and types.count("SanctionImposed") == 2
    completed = ev.InspectionCompleted.FromString(next(p for t, p in events if t == "InspectionCompleted"))
    assert completed.source_tip_id == tip and completed.result == ev.INSPECTION_RESULT_VIOLATIONS_FOUND
    assert completed.violation_count == 1
    read = (await c.get(f"/v1/establishments/{e['id']}", headers=vhxh(ward))).json()
    assert read["last_inspected_on"] == dt.date.today().isoformat()


async def test_the_register_lists_filtered_pages_of_this_ward_only(inspection: Client, ward: str) -> None:
    _, c = inspection
    for n in range(3):
        await register(c, ward, karaoke(f"REG-{n}", business_types=["massage"] if n else ["lodging"]))
    page = (await c.get("/v1/establishments?business_type=massage&page_size=1", headers=vhxh(ward))).json()
    assert page["total"] == 2 and len(page["items"]) == 1
    other = (await c.get("/v1/establishments", headers=vhxh(f"{ward}x"))).json()
    assert other["total"] == 0
    bad = await c.get("/v1/establishments?risk_class=extreme", headers=vhxh(ward))
    assert bad.status_code == 422 and bad.headers["content-type"] == PROBLEM


async def test_a_review_scores_from_the_signals_explains_the_score_and_is_announced(
    inspection: Client, ward: str
) -> None:
    app, c = inspection
    e = await register(c, ward, karaoke(licence=None, business_types=["massage"], closes_at="02:00"))
    async with app.state.runtime.uow() as uow:  # three tips named it (as intake's events would say)
        for n in range(3):
            at = dt.datetime.now(dt.UTC) - dt.timedelta(days=10 * n)
            await uow.signals.add(ward, e["id"], kind="tip", source_id=f"tip-{n}", at=at)
        await uow.commit()
    r = await c.post(f"/v1/establishments/{e['id']}/reviews", json={}, headers=vhxh(ward))
    assert r.status_code == 201, r.text
    review = r.json()
    names = {x["component"]: x["points"] for x in review["components"]}
    assert {"business_type", "tips", "licence", "late_night"} <= set(names)
    assert review["score"] == sum(names.values()) and review["risk_class"] == "high"
    future = await c.post(
        f"/v1/establishments/{e['id']}/reviews",
        json={"reviewed_on": (dt.date.today() + dt.timedelta(days=2)).isoformat()},
        headers=vhxh(ward),
    )
    assert future.status_code == 422
    read = (await c.get(f"/v1/establishments/{e['id']}", headers=vhxh(ward))).json()
    assert (
        read["risk_class"] == "high"
        and read["inspection_interval_days"] == review["inspection_interval_days"]
    )
    due = (await c.get("/v1/establishments?due_for_inspection=true", headers=vhxh(ward))).json()
    assert [x["id"] for x in due["items"]] == [e["id"]], "classified, never inspected: due now"
    reviewed = [p for t, p in await outbox(app) if t == "EstablishmentReviewed"]
    message = ev.EstablishmentReviewed.FromString(reviewed[0])
    assert message.risk_class == ev.RISK_CLASS_HIGH and message.unit_code == "vhxh"
    history = (await c.get(f"/v1/establishments/{e['id']}/reviews", headers=auth_headers(ward, "qs"))).json()
    assert [(h["score"], h["risk_class"]) for h in history] == [(review["score"], "high")]


async def test_the_record_prints_in_the_administrative_form_without_the_owner(
    inspection: Client, ward: str
) -> None:
    _, c = inspection
    e = await register(c, ward)
    iid = (await c.post("/v1/inspections", json=_plan([e["id"]]), headers=vhxh(ward))).json()["id"]
    drafted = await c.post(
        f"/v1/inspections/{iid}/records",
        json={**_findings(), "establishment_id": e["id"]},
        headers=vhxh(ward),
    )
    rid = drafted.json()["record_id"]
    draft = await c.get(f"/v1/inspections/{iid}/records/{rid}.docx", headers=auth_headers(ward, "qs"))
    assert draft.status_code == 200 and draft.headers["content-type"].startswith(
        "application/vnd.openxmlformats"
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(draft.content)).paragraphs)
    assert "DỰ THẢO" in text and "BIÊN BẢN KIỂM TRA" in text and "Karaoke Ánh Dương" in text
    assert OWNER["name"] not in text and OWNER["phone"] not in text
    await c.post(f"/v1/inspections/{iid}/records/{rid}/sign", headers=vhxh(ward, "leader"))
    final = await c.get(f"/v1/inspections/{iid}/records/{rid}.docx", headers=vhxh(ward))
    doc = Document(io.BytesIO(final.content))
    body = "\n".join(p.text for p in doc.paragraphs)
    cells = [cell.text for t in doc.tables for row in t.rows for cell in row.cells]
    assert "DỰ THẢO" not in body and "Điều 13 khoản 2 Nghị định 282/2025/NĐ-CP" in cells
    assert any("5.000.000 đồng" in line for line in body.splitlines())
    assert any("đã ký" in cell for cell in cells)


async def test_a_violation_without_a_legal_basis_cites_the_ward_s_and_a_review_is_made_once_per_key(
    inspection: Client, ward: str
) -> None:
    _, c = inspection
    e = await register(c, ward)
    iid = (await c.post("/v1/inspections", json=_plan([e["id"]]), headers=vhxh(ward))).json()["id"]
    body = _findings(violations=[{"ref": "v1", "kind": "guest_registration"}], sanctions=[])
    drafted = await c.post(
        f"/v1/inspections/{iid}/records", json={**body, "establishment_id": e["id"]}, headers=vhxh(ward)
    )
    assert drafted.status_code == 201, drafted.text
    violation = drafted.json()["records"][0]["findings"]["violations"][0]
    assert violation["legal_basis"] == "Nghị định số 282/2025/NĐ-CP"

    headers = {**vhxh(ward), "Idempotency-Key": "review-1"}
    first = await c.post(f"/v1/establishments/{e['id']}/reviews", json={}, headers=headers)
    again = await c.post(f"/v1/establishments/{e['id']}/reviews", json={}, headers=headers)
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    history = (await c.get(f"/v1/establishments/{e['id']}/reviews", headers=vhxh(ward))).json()
    assert len(history) == 1
