"""The case-support service over HTTP on a real PostgreSQL: enrolment and duplicates, consent and its
withdrawal, referrals, services, audited reads, collaborators' scope, leaders' counts, erasure."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from services.case_support.repository.tables import CaseRow, ReportingKeyRow
from tests.integration.case_support.conftest import Client
from tests.integration.case_support.helpers import (
    CONTACT,
    FACTS,
    NAME,
    PHONE,
    PROBLEM,
    add_provider,
    audit,
    collaborator,
    enrol,
    enrolled,
    leader,
    outbox,
    today,
    worker,
)


async def test_enrolling_the_same_person_twice_is_caught_as_a_duplicate(
    case_support: Client, ward: str
) -> None:
    _app, c = case_support
    first = await enrolled(c, ward)
    assert first["status"] == "open" and first["client_code"].count("-") == 2
    again = {**FACTS, "family_name": "NGUYEN", "given_name": "Nguyen thi lan"}  # another worker's spelling
    r = await enrol(c, ward, facts=again, headers=worker(ward, "vhxh-other"))
    assert r.status_code == 409 and r.headers["content-type"].startswith(PROBLEM)
    assert r.json()["existing_case_id"] == first["id"]
    # A collaborator may not learn which case it is.
    r = await enrol(c, ward, facts=again, headers=collaborator(ward, "peer-1"))
    assert r.status_code == 409 and "existing_case_id" not in r.json()
    # Without consent to case management, nothing is opened.
    r = await enrol(c, ward, facts={**FACTS, "given_name": "Mai"}, consents=["follow_up_contact"])
    assert r.status_code == 409 and r.json()["missing_consent"] == "case_management"


async def test_idempotent_enrolment_replays_the_first_answer(case_support: Client, ward: str) -> None:
    _app, c = case_support
    headers = {**worker(ward), "Idempotency-Key": "enrol-1"}
    first = await enrol(c, ward, headers=headers)
    second = await enrol(c, ward, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.headers.get("Idempotent-Replayed") == "true" and second.json()["id"] == first.json()["id"]


async def test_withdrawn_consent_stops_referrals_and_erases_contact(case_support: Client, ward: str) -> None:
    app, c = case_support
    await add_provider(c, ward)
    case = await enrolled(c, ward)
    cid = case["id"]
    r = await c.put(f"/v1/cases/{cid}/personal", json={"name": NAME, "phone": PHONE, "contact": CONTACT},
                    headers=worker(ward))  # fmt: skip
    assert r.status_code == 200 and r.json()["personal_fields"] == ["name", "phone", "contact"]
    refer = {"service_kind": "hiv_sti_prevention", "provider_id": "ttyt-le-chan"}
    assert (await c.post(f"/v1/cases/{cid}/referrals", json=refer, headers=worker(ward))).status_code == 201
    for purpose in ("referral_health", "follow_up_contact"):
        r = await c.post(f"/v1/cases/{cid}/consents/withdraw", json={"purpose": purpose, "method": "verbal"},
                         headers=worker(ward))  # fmt: skip
        assert r.status_code == 200, r.text
    assert r.json()["personal_fields"] == ["name"]
    referrals = (await c.get(f"/v1/cases/{cid}/referrals", headers=worker(ward))).json()
    assert [x["status"] for x in referrals] == ["cancelled"], "the open referral ends with the consent"
    r = await c.post(f"/v1/cases/{cid}/referrals", json=refer, headers=worker(ward))
    assert r.status_code == 409 and r.headers["content-type"].startswith(PROBLEM)
    assert r.json()["missing_consent"] == "referral_health"
    assert any(a.action == "refer_refused" for a in await audit(app, cid))
    r = await c.get(f"/v1/cases/{cid}/personal", params={"reason": "gọi hẹn tái khám"}, headers=worker(ward))
    assert {k: r.json()[k] for k in ("name", "phone", "contact")} == {
        "name": NAME,
        "phone": None,
        "contact": None,
    }
    # A provider that does not offer the service, a future service date: clear problems.
    r = await c.post(
        f"/v1/cases/{cid}/referrals", json={**refer, "service_kind": "legal_aid"}, headers=worker(ward)
    )
    assert r.status_code in (409, 422)
    tomorrow = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).date().isoformat()
    service = {"service_kind": "mental_health", "received_on": tomorrow, "provider_id": "ttyt-le-chan"}
    r = await c.post(f"/v1/cases/{cid}/services", headers=worker(ward), json=service)
    assert r.status_code == 422 and r.json()["field"] == "received_on"


async def test_every_read_is_audited_and_collaborators_see_only_their_clients(
    case_support: Client, ward: str
) -> None:
    app, c = case_support
    cid = (await enrolled(c, ward))["id"]
    for _ in range(2):
        assert (
            await c.get(f"/v1/cases/{cid}", params={"reason": "theo dõi"}, headers=worker(ward))
        ).status_code == 200
    reads = [a for a in await audit(app, cid) if a.action == "read"]
    assert len(reads) == 2 and reads[0].actor == "vhxh:vhxh-user" and reads[0].reason == "theo dõi"
    # Personal fields need a reason.
    assert (await c.get(f"/v1/cases/{cid}/personal", headers=worker(ward))).status_code == 422
    # A collaborator sees the clients assigned to them only.
    r = await c.get(f"/v1/cases/{cid}", headers=collaborator(ward, "peer-2"))
    assert r.status_code == 404
    assert any(a.action == "read_refused" and a.actor == "mttq:peer-2" for a in await audit(app, cid))
    assert (await c.get("/v1/cases", headers=collaborator(ward, "peer-2"))).json()["total"] == 0
    r = await c.post(
        f"/v1/cases/{cid}/collaborators", json={"collaborator": "mttq:peer-2"}, headers=worker(ward)
    )
    assert r.status_code == 200, r.text
    assert (await c.get(f"/v1/cases/{cid}", headers=collaborator(ward, "peer-2"))).status_code == 200
    assert (await c.get(f"/v1/cases/{cid}", headers=collaborator(ward, "peer-3"))).status_code == 404
    # Leaders see counts, not people; breaking the glass needs a reason and is flagged.
    assert (await c.get(f"/v1/cases/{cid}", headers=leader(ward))).status_code == 403
    assert (await c.get("/v1/cases/counts", headers=leader(ward))).json() == {
        "open": None,
        "closed": None,
        "total": None,
        "suppressed": True,
        "threshold": 5,
    }  # one client: a small cell, withheld
    assert (await c.get(f"/v1/cases/{cid}/break-glass", headers=leader(ward))).status_code == 422
    r = await c.get(
        f"/v1/cases/{cid}/break-glass", params={"reason": "khiếu nại của thân chủ"}, headers=leader(ward)
    )
    assert r.status_code == 200
    assert any(a.action == "break_glass_read" and a.reason for a in await audit(app, cid))


async def test_erasure_clears_identifying_fields_and_destroys_the_reporting_key(
    case_support: Client, ward: str
) -> None:
    app, c = case_support
    await add_provider(c, ward)
    cid = (await enrolled(c, ward))["id"]
    await c.put(f"/v1/cases/{cid}/personal", json={"name": NAME, "phone": PHONE}, headers=worker(ward))
    service = {"service_kind": "hiv_sti_prevention", "received_on": today(), "provider_id": "ttyt-le-chan"}
    r = await c.post(f"/v1/cases/{cid}/services", headers=worker(ward), json=service)
    assert r.status_code == 200, r.text

    async def keys() -> int:
        async with app.state.runtime.session_factory() as s:
            return int(await s.scalar(select(func.count()).select_from(ReportingKeyRow)) or 0)

    assert await keys() == 1
    r = await c.post(f"/v1/cases/{cid}/erase", headers=worker(ward))
    assert r.status_code == 200 and r.json()["personal_fields"] == [] and r.json()["erased_at"]
    assert r.json()["status"] == "closed" and r.json()["closure_reason"] == "client_withdrew"
    assert r.json()["services"], "the pseudonymous facts stay"
    assert await keys() == 0
    r = await c.get(f"/v1/cases/{cid}/personal", params={"reason": "kiểm tra"}, headers=worker(ward))
    assert r.status_code == 422 and r.headers["content-type"].startswith(PROBLEM)
    assert [t for t, _ in await outbox(app)].count("ServiceReceived") == 1


async def test_plan_notes_are_encrypted_shown_with_a_reason_and_erased(
    case_support: Client, ward: str
) -> None:
    app, c = case_support
    cid = (await enrolled(c, ward))["id"]
    note = "Chị Lan muốn học nghề may, hẹn gặp ở nhà trọ"
    plan = {"goals": ["vocational_training"], "note": note}
    r = await c.put(f"/v1/cases/{cid}/plan", json=plan, headers=worker(ward))
    assert r.status_code == 200 and r.json()["plan"]["goals"] == ["vocational_training"], r.text
    assert note not in r.text and r.json()["notes"] == ["plan_note"]
    r = await c.post(
        f"/v1/cases/{cid}/follow-ups", json={"due_on": today(), "note": note}, headers=worker(ward)
    )
    fid = r.json()["follow_ups"][0]["id"]
    assert (await c.post(f"/v1/cases/{cid}/follow-ups/{fid}/done", headers=worker(ward))).status_code == 200
    async with app.state.runtime.session_factory() as s:
        stored = await s.scalar(select(CaseRow.plan).where(CaseRow.id == cid))
    assert "Lan" not in str(stored) and stored["plan"]["note"], "encrypted at rest"
    r = await c.get(f"/v1/cases/{cid}/personal", params={"reason": "chuẩn bị buổi gặp"}, headers=worker(ward))
    assert r.json()["plan_note"] == note and r.json()["follow_up_notes"] == {fid: note}
    r = await c.post(f"/v1/cases/{cid}/erase", headers=worker(ward))
    assert r.json()["notes"] == [] and r.json()["follow_ups"][0]["done_at"], "the days stay"


async def test_a_referral_retried_with_its_key_is_made_once(case_support: Client, ward: str) -> None:
    _app, c = case_support
    await add_provider(c, ward)
    cid = (await enrolled(c, ward))["id"]
    refer = {"service_kind": "mental_health", "provider_id": "ttyt-le-chan"}
    headers = {**worker(ward), "Idempotency-Key": "refer-1"}
    first = await c.post(f"/v1/cases/{cid}/referrals", json=refer, headers=headers)
    again = await c.post(f"/v1/cases/{cid}/referrals", json=refer, headers=headers)
    assert first.status_code == again.status_code == 201 and again.json()["id"] == first.json()["id"]
    assert len((await c.get(f"/v1/cases/{cid}/referrals", headers=worker(ward))).json()) == 1
