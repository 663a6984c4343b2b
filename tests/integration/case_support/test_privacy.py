"""What case support publishes: in a whole scenario, no message carries a name, a phone, a contact, a
fact given for the code or the case workers' client code; only the reporting pseudonym. Retention
erases the identifying fields of a case closed for too long and destroys its reporting key, and
publishes nothing (the indicators, built from what was published, do not change)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from google.protobuf.json_format import MessageToDict
from sqlalchemy import func, select

from services.case_support.handlers import cases
from services.case_support.repository.tables import ReportingKeyRow
from shared.contracts.catalog import spec_by_type
from shared.contracts.pcmd.case_support.v1 import events_pb2 as ev
from tests.integration.case_support.conftest import Client
from tests.integration.case_support.helpers import (
    CONTACT,
    FACTS,
    NAME,
    PHONE,
    add_provider,
    enrolled,
    outbox,
    today,
    worker,
)


def strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [str(value)]


async def published(app: Any) -> list[dict[str, Any]]:
    return [
        {"type": t, **MessageToDict(spec_by_type(f"pcmd.case_support.v1.{t}").message_class.FromString(p))}
        for t, p in await outbox(app)
    ]


async def scenario(c: Any, ward: str) -> str:
    """Enrol, fill in everything, assess, refer, receive a service, withdraw a consent, close, reopen,
    close again."""
    await add_provider(c, ward)
    case = await enrolled(c, ward)
    cid, h = case["id"], worker(ward)
    personal = {"name": NAME, "phone": PHONE, "contact": CONTACT}
    assert (await c.put(f"/v1/cases/{cid}/personal", json=personal, headers=h)).status_code == 200
    assessment = {"needs": ["hiv_sti_prevention", "vocational_training"], "age": 29, "lives_in_ward": True}
    assert (await c.post(f"/v1/cases/{cid}/assessments", json=assessment, headers=h)).status_code == 200
    refer = {"service_kind": "hiv_sti_prevention", "provider_id": "ttyt-le-chan"}
    ref = (await c.post(f"/v1/cases/{cid}/referrals", json=refer, headers=h)).json()
    for step in ("accept", "complete"):
        assert (await c.post(f"/v1/referrals/{ref['id']}/{step}", json={}, headers=h)).status_code == 200
    service = {**refer, "received_on": today(), "referral_id": ref["id"]}
    assert (await c.post(f"/v1/cases/{cid}/services", json=service, headers=h)).status_code == 200
    withdraw = {"purpose": "follow_up_contact", "method": "written"}
    assert (await c.post(f"/v1/cases/{cid}/consents/withdraw", json=withdraw, headers=h)).status_code == 200
    for step, body in (("close", {"reason": "other"}), ("reopen", None), ("close", {"reason": "goals_met"})):
        r = await c.post(f"/v1/cases/{cid}/{step}", json=body, headers=h)
        assert r.status_code == 200, r.text
    code: str = case["client_code"]
    return code


async def test_no_message_carries_anything_that_names_the_client(case_support: Client, ward: str) -> None:
    app, c = case_support
    code = await scenario(c, ward)
    messages = await published(app)
    types = {m["type"] for m in messages}
    assert {"ClientEnrolled", "NeedsAssessed", "ReferralMade", "ReferralAccepted", "ReferralCompleted",
            "ServiceReceived", "ConsentGranted", "ConsentWithdrawn", "CaseClosed", "CaseReopened",
            "ClientErased"} <= types  # fmt: skip
    forbidden = [NAME, PHONE, CONTACT, "Nguy", "Lan", "Hoa", code, code.replace("-", "")]
    for m in messages:
        for value in strings(m):
            assert not any(f.lower() in value.lower() for f in forbidden), (m["type"], value)
            assert value != str(FACTS["birth_year"]), m["type"]
    pseudonyms = {m["clientCode"] for m in messages if "clientCode" in m}
    assert len(pseudonyms) == 1 and len(next(iter(pseudonyms))) == 32
    assert "TipSupported" not in types  # not a routed tip: intake hears nothing


async def test_retention_erases_closed_cases_and_destroys_their_keys(case_support: Client, ward: str) -> None:
    app, c = case_support
    await scenario(c, ward)
    before = await outbox(app)
    rt = app.state.runtime

    async def keys() -> int:
        async with rt.session_factory() as s:
            return int(await s.scalar(select(func.count()).select_from(ReportingKeyRow)) or 0)

    assert await cases.erase_due(rt.uow(), rt.deps) == 0  # closed today: kept
    later = dt.datetime.now(dt.UTC) + rt.deps.retention + dt.timedelta(days=1)
    assert await cases.erase_due(rt.uow(), dataclasses.replace(rt.deps, clock=lambda: later)) == 1
    assert await keys() == 0
    r = await c.get("/v1/cases", params={"status": "closed"}, headers=worker(ward))
    cid = r.json()["items"][0]["id"]
    case = (await c.get(f"/v1/cases/{cid}", headers=worker(ward))).json()
    assert case["personal_fields"] == [] and case["erased_at"]
    assert case["assessment"]["eligible"] and case["services"], "the pseudonymous facts stay"
    after = await outbox(app)
    assert after[: len(before)] == before and [t for t, _ in after[len(before) :]] == ["ClientErased"]
    erased = ev.ClientErased.FromString(after[-1][1])  # what reporting hears: scope and reason, no field
    assert (erased.scope, erased.reason) == (ev.ERASURE_SCOPE_WHOLE, ev.ERASURE_REASON_RETENTION)
