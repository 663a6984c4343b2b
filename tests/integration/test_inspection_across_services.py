"""Intake, inspection and reporting running together on a real PostgreSQL and NATS: a tip routed to
inspection becomes a surprise request, the signed record closes the tip in intake, and reporting's
ESTAB_MANAGED and HOTSPOTS come out of the events inspection really produced."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from services.inspection.main import build_app as inspection_app
from services.inspection.settings import InspectionSettings
from services.intake.main import build_app as intake_app
from services.intake.settings import IntakeSettings
from tests.helpers import auth_headers
from tests.integration.harness import eventually, serving, settings_for, this_month, ward_reporting
from tests.integration.inspection.test_register_and_inspections import karaoke
from tests.integration.intake.test_intake import TIP, route_to_inspection

TEAM = {"units": ["ca", "qs"], "members": ["CB-01"]}


@pytest.fixture
async def apps(service_db: Any, nats_url: str, ward: str) -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    intake = settings_for(
        IntakeSettings, database_url=await service_db("intake"), nats_url=nats_url, ward=ward
    )
    db = await service_db("inspection")
    own = settings_for(InspectionSettings, database_url=db, nats_url=nats_url, ward=ward)
    async with serving({"intake": intake_app(intake), "inspection": inspection_app(own)}) as clients:
        yield clients


def vhxh(ward: str, role: str = "officer") -> dict[str, str]:
    return auth_headers(ward, "vhxh", role)


async def test_a_tip_routed_to_inspection_is_closed_by_the_signed_record_and_counted_by_reporting(
    apps: dict[str, httpx.AsyncClient], service_db: Any, nats_url: str, ward: str
) -> None:
    intake, inspection = apps["intake"], apps["inspection"]
    reporting = await ward_reporting(await service_db("reporting"), nats_url, ward)
    try:
        e = (await inspection.post("/v1/establishments", json=karaoke(), headers=vhxh(ward))).json()
        await inspection.post(f"/v1/establishments/{e['id']}/activate", json={}, headers=vhxh(ward))
        review = await inspection.post(f"/v1/establishments/{e['id']}/reviews", json={}, headers=vhxh(ward))
        assert review.status_code == 201, review.text

        body = {**TIP, "subject": {**TIP["subject"], "establishment_id": e["id"]}}
        tip = (await intake.post("/v1/tips", json=body, headers=auth_headers(ward))).json()["id"]
        await route_to_inspection(intake, ward, tip)

        async def requested() -> list[dict[str, Any]]:
            r = await inspection.get("/v1/inspections/surprise-requests", headers=vhxh(ward))
            return [x for x in r.json() if x["tip_id"] == tip]

        request = (await eventually(requested, timeout=30))[0]
        assert request["establishment_id"] == e["id"] and "reporter" not in str(request)

        plan = {
            "kind": "surprise",
            "establishment_ids": [e["id"]],
            "planned_for": dt.date.today().isoformat(),
            "team": TEAM,
            "source_tip_id": tip,
        }
        iid = (await inspection.post("/v1/inspections", json=plan, headers=vhxh(ward))).json()["id"]
        findings = {
            "result": "violations_found",
            "inspected_on": dt.date.today().isoformat(),
            "violations": [
                {"ref": "v1", "kind": "harbouring_or_brokering", "legal_basis": "Điều 25 NĐ 282/2025"}
            ],
            "sanctions": [{"violation_ref": "v1", "kind": "criminal_referral"}],
            "establishment_id": e["id"],
        }
        record = (
            await inspection.post(f"/v1/inspections/{iid}/records", json=findings, headers=vhxh(ward))
        ).json()
        signed = await inspection.post(
            f"/v1/inspections/{iid}/records/{record['record_id']}/sign", headers=vhxh(ward, "leader")
        )
        assert signed.status_code == 200, signed.text
        open_requests = (await inspection.get("/v1/inspections/surprise-requests", headers=vhxh(ward))).json()
        assert tip not in [x["tip_id"] for x in open_requests], "the request is taken by the inspection"

        async def closed() -> dict[str, Any] | None:
            t = (await intake.get(f"/v1/tips/{tip}", headers=auth_headers(ward))).json()
            return t if t["status"] == "handled" else None

        handled = await eventually(closed, timeout=30)
        assert handled["outcome"] == "administrative_sanction"

        suggested = (await inspection.post("/v1/hotspots/detection", headers=vhxh(ward, "leader"))).json()
        assert len(suggested) == 1
        confirmed = await inspection.post(
            f"/v1/hotspots/{suggested[0]['id']}/confirm", headers=vhxh(ward, "leader")
        )
        assert confirmed.status_code == 200

        async def figures() -> tuple[tuple[int, int], int] | None:
            managed = await this_month(reporting, ward, "ESTAB_MANAGED")
            hotspots, _ = await this_month(reporting, ward, "HOTSPOTS")
            result = (managed, hotspots)
            return result if result == ((1, 1), 1) else None

        assert await eventually(figures, timeout=30) == ((1, 1), 1)
    finally:
        await reporting.stop()
