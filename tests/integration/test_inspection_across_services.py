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
from services.reporting import consumers
from services.reporting.domain.periods import VN, PeriodType, containing
from services.reporting.handlers import snapshots
from services.reporting.handlers.scope import wards_of
from services.reporting.main import on_start
from services.reporting.settings import OrgUnitSetting, ReportingSettings
from shared.auth import Principal
from tests.helpers import auth_headers
from tests.integration.harness import eventually, settings_for, start_runtime
from tests.integration.inspection.test_register_and_inspections import karaoke
from tests.integration.intake.test_intake import TIP, route_to_inspection

TEAM = {"units": ["ca", "qs"], "members": ["CB-01"]}


@pytest.fixture
async def apps(service_db: Any, nats_url: str, ward: str) -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    clients: dict[str, httpx.AsyncClient] = {}
    made = {
        "intake": intake_app(
            settings_for(
                IntakeSettings, database_url=await service_db("intake"), nats_url=nats_url, ward=ward
            )
        ),
        "inspection": inspection_app(
            settings_for(
                InspectionSettings, database_url=await service_db("inspection"), nats_url=nats_url, ward=ward
            )
        ),
    }
    lifespans = [app.router.lifespan_context(app) for app in made.values()]
    for span in lifespans:
        await span.__aenter__()
    try:
        for name, app in made.items():
            clients[name] = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")
        for app in made.values():
            await eventually(lambda app=app: _ready(app), timeout=30)
        yield clients
    finally:
        for client in clients.values():
            await client.aclose()
        for span in reversed(lifespans):
            await span.__aexit__(None, None, None)


async def _ready(app: Any) -> bool:
    return bool(app.state.runtime.consumers_ready)


def vhxh(ward: str, role: str = "officer") -> dict[str, str]:
    return auth_headers(ward, "vhxh", role)


async def test_a_tip_routed_to_inspection_is_closed_by_the_signed_record_and_counted_by_reporting(
    apps: dict[str, httpx.AsyncClient], service_db: Any, nats_url: str, ward: str
) -> None:
    intake, inspection = apps["intake"], apps["inspection"]
    city = f"c{ward}"[:32]
    units = (
        OrgUnitSetting(code=city, name_vi="Thành phố thử", name_en="Test city", level="city"),
        OrgUnitSetting(code=ward, name_vi="Phường thử", name_en="Test ward", level="ward", parent=city),
    )
    settings = settings_for(
        ReportingSettings,
        database_url=await service_db("reporting"),
        nats_url=nats_url,
        ward=ward,
        org_units=units,
    )
    reporting = await start_runtime(settings, consumers.subscriptions, on_start=on_start)
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

        period = containing(dt.datetime.now(VN), PeriodType.MONTH)

        async def figures() -> tuple[tuple[int, int], int] | None:
            uow = reporting.uow()
            async with uow:
                wards = await wards_of(uow, Principal("t", ward, "vhxh", frozenset({"officer"})), ward)
                content, _ = await snapshots.compute(uow, ward, wards, period, reporting.deps.schedule)
            managed, hotspots = content.value("ESTAB_MANAGED"), content.value("HOTSPOTS")
            result = ((managed.numerator, managed.denominator), hotspots.numerator)
            return result if result == ((1, 1), 1) else None

        assert await eventually(figures, timeout=30) == ((1, 1), 1)
    finally:
        await reporting.stop()
