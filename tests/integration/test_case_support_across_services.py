"""Intake, case support and reporting running together on a real PostgreSQL and NATS: a tip routed to
case support becomes an enrolment request, the service the client received closes the tip through
``TipSupported`` alone, and reporting's HR_ACCESS comes out of the events case support really
produced: a client served, one assessed not eligible, one whose referral was declined and one who
withdrew consent."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from services.case_support.main import build_app as case_support_app
from services.case_support.settings import CaseSupportSettings
from services.intake.main import build_app as intake_app
from services.intake.settings import IntakeSettings
from tests.helpers import auth_headers
from tests.integration.case_support.helpers import FACTS, add_provider, enrolled, today, worker
from tests.integration.harness import eventually, serving, settings_for, this_month, ward_reporting
from tests.integration.intake.test_intake import TIP, create, step

NEEDY = {**TIP, "subject": {"type": "person_in_need", "text": "Một phụ nữ cần hỗ trợ y tế"}}
ELIGIBLE = {"needs": ["hiv_sti_prevention"], "age": 30, "lives_in_ward": True}
NOT_ELIGIBLE = {"needs": ["vocational_training"], "age": 30, "wants_reintegration": False}


@pytest.fixture
async def apps(service_db: Any, nats_url: str, ward: str) -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    intake = settings_for(
        IntakeSettings, database_url=await service_db("intake"), nats_url=nats_url, ward=ward
    )
    db = await service_db("case_support")
    own = settings_for(CaseSupportSettings, database_url=db, nats_url=nats_url, ward=ward)
    async with serving({"intake": intake_app(intake), "case_support": case_support_app(own)}) as clients:
        yield clients


async def client(c: httpx.AsyncClient, ward: str, given: str, assessment: dict[str, Any], **kw: Any) -> str:
    case = await enrolled(c, ward, facts={**FACTS, "given_name": given}, **kw)
    r = await c.post(f"/v1/cases/{case['id']}/assessments", json=assessment, headers=worker(ward))
    assert r.status_code == 200, r.text
    return str(case["id"])


async def refer(c: httpx.AsyncClient, ward: str, cid: str) -> str:
    body = {"service_kind": "hiv_sti_prevention", "provider_id": "ttyt-le-chan"}
    r = await c.post(f"/v1/cases/{cid}/referrals", json=body, headers=worker(ward))
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def test_a_tip_routed_to_case_support_is_closed_by_tip_supported_and_hr_access_is_counted(
    apps: dict[str, httpx.AsyncClient], service_db: Any, nats_url: str, ward: str
) -> None:
    intake, cs = apps["intake"], apps["case_support"]
    reporting = await ward_reporting(await service_db("reporting"), nats_url, ward)
    try:
        await add_provider(cs, ward)
        tip = await create(intake, ward, NEEDY)
        for action, body in [
            ("verification", {}),
            ("verify", {"outcome": "founded"}),
            ("classify", {"category": "support_needed", "severity": "medium", "competent_unit": "vhxh"}),
            ("route", {"target": "case_support", "target_unit": "vhxh"}),
        ]:
            r = await step(intake, ward, tip, action, body)
            assert r.status_code == 200, r.text

        async def requested() -> list[dict[str, Any]]:
            r = await cs.get("/v1/enrolment-requests", headers=worker(ward))
            return [x for x in r.json()["items"] if x["tip_id"] == tip]

        request = (await eventually(requested, timeout=30))[0]
        assert set(request) == {"tip_id", "routed_at", "status", "case_id"}, "nothing about the reporter"

        # Served: from the tip, eligible, referred, accepted, completed, service received.
        served = await client(cs, ward, "Lan", ELIGIBLE, source="tip", source_tip_id=tip)
        rid = await refer(cs, ward, served)
        for action in ("accept", "complete"):
            assert (
                await cs.post(f"/v1/referrals/{rid}/{action}", json={}, headers=worker(ward))
            ).status_code == 200
        service = {"service_kind": "hiv_sti_prevention", "provider_id": "ttyt-le-chan", "referral_id": rid}
        service["received_on"] = today()
        r = await cs.post(f"/v1/cases/{served}/services", json=service, headers=worker(ward))
        assert r.status_code == 200, r.text
        # Not eligible: needs reintegration support without wishing it.
        await client(cs, ward, "Mai", NOT_ELIGIBLE)
        # Eligible, referral declined: counted, not served.
        declined = await client(cs, ward, "Hue", ELIGIBLE)
        rid = await refer(cs, ward, declined)
        r = await cs.post(
            f"/v1/referrals/{rid}/decline", json={"outcome": "client_declined"}, headers=worker(ward)
        )
        assert r.status_code == 200 and r.json()["status"] == "declined"
        r = await cs.post(f"/v1/referrals/{rid}/complete", json={}, headers=worker(ward))
        assert r.status_code == 409 and r.json()["allowed_steps"] == []
        # Eligible, consent to health referrals withdrawn: no referral can be made.
        withdrawn = await client(cs, ward, "Thu", ELIGIBLE)
        withdraw = {"purpose": "referral_health", "method": "verbal"}
        r = await cs.post(f"/v1/cases/{withdrawn}/consents/withdraw", json=withdraw, headers=worker(ward))
        assert r.status_code == 200
        body = {"service_kind": "hiv_sti_prevention", "provider_id": "ttyt-le-chan"}
        r = await cs.post(f"/v1/cases/{withdrawn}/referrals", json=body, headers=worker(ward))
        assert r.status_code == 409 and r.json()["missing_consent"] == "referral_health"

        async def closed() -> dict[str, Any] | None:
            t = (await intake.get(f"/v1/tips/{tip}", headers=auth_headers(ward))).json()
            return t if t["status"] == "handled" else None

        handled = await eventually(closed, timeout=30)
        assert handled["outcome"] == "support_provided"

        async def hr_access() -> tuple[int, int] | None:
            result = await this_month(reporting, ward, "HR_ACCESS")
            return result if result == (1, 3) else None

        assert await eventually(hr_access, timeout=30) == (1, 3)
        # Erasure does not change the figures: reporting's facts are keyed by the pseudonym received.
        assert (await cs.post(f"/v1/cases/{served}/erase", headers=worker(ward))).status_code == 200
        assert await hr_access() == (1, 3)
    finally:
        await reporting.stop()
