"""Access around a client's record: leaders' counts through small-cell suppression, collaborators'
assignments listed and ended, referral follow-up reminders for case workers, a referral cancelled as
made in error, completing a declined one and reopening an erased case refused (audited)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from services.case_support.handlers import referrals as use
from services.case_support.main import build_app
from services.case_support.repository.tables import CaseRow, ReferralRow
from services.case_support.settings import CaseSupportSettings
from shared.auth import Principal
from shared.contracts.pcmd.case_support.v1 import events_pb2 as ev
from tests.integration.case_support.conftest import Client
from tests.integration.case_support.helpers import (
    FACTS,
    PROBLEM,
    add_provider,
    audit,
    collaborator,
    enrol,
    enrolled,
    leader,
    outbox,
    worker,
)
from tests.integration.harness import settings_for

REFER = {"service_kind": "hiv_sti_prevention", "provider_id": "ttyt-le-chan"}


@pytest.fixture
async def threshold_two(service_db: Any, nats_url: str, ward: str) -> AsyncIterator[Client]:
    """The service with a small-cell threshold of 2 (only a count of 1 is small), to count few cases."""
    settings = settings_for(
        CaseSupportSettings, database_url=await service_db("case_support"), nats_url=nats_url, ward=ward,
        small_cell_threshold=2,
    )  # fmt: skip
    app = build_app(settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c,
    ):
        yield app, c


async def test_leaders_counts_withhold_small_cells_and_what_would_give_them_away(
    threshold_two: Client, ward: str
) -> None:
    _app, c = threshold_two

    async def counts() -> dict[str, Any]:
        r = await c.get("/v1/cases/counts", headers=leader(ward, "vhxh"))
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        return body

    assert await counts() == {"open": 0, "closed": 0, "total": 0, "suppressed": False, "threshold": 2}
    first = await enrolled(c, ward)
    assert await counts() == {"open": None, "closed": None, "total": None, "suppressed": True, "threshold": 2}
    await enrolled(c, ward, facts={**FACTS, "given_name": "Thị Mai"})
    assert await counts() == {"open": 2, "closed": 0, "total": 2, "suppressed": False, "threshold": 2}
    r = await c.post(f"/v1/cases/{first['id']}/close", json={"reason": "moved_away"}, headers=worker(ward))
    assert r.status_code == 200, r.text
    # one open and one closed: each is a small cell, and either gives the other away from the total
    assert await counts() == {"open": None, "closed": None, "total": 2, "suppressed": True, "threshold": 2}
    assert (await c.get("/v1/cases/counts", headers=collaborator(ward, "peer-1"))).status_code == 403


async def test_a_clients_collaborators_are_listed_and_an_assignment_ends(
    case_support: Client, ward: str
) -> None:
    app, c = case_support
    cid = (await enrolled(c, ward))["id"]
    path = f"/v1/cases/{cid}/collaborators"
    for peer in ("mttq:peer-1", "mttq:peer-2"):
        r = await c.post(path, json={"collaborator": peer}, headers=worker(ward))
        assert r.status_code == 200, r.text
    listed = (await c.get(path, headers=worker(ward))).json()
    assert [(a["collaborator"], a["current"], a["assigned_by"]) for a in listed] == [
        ("mttq:peer-1", True, "vhxh:vhxh-user"),
        ("mttq:peer-2", True, "vhxh:vhxh-user"),
    ]
    assert (await c.get(f"/v1/cases/{cid}", headers=collaborator(ward, "peer-1"))).status_code == 200
    # A collaborator neither lists nor ends assignments.
    assert (await c.get(path, headers=collaborator(ward, "peer-1"))).status_code == 403
    assert (await c.delete(f"{path}/mttq:peer-2", headers=collaborator(ward, "peer-1"))).status_code == 403

    r = await c.delete(f"{path}/mttq:peer-1", headers=worker(ward))
    assert r.status_code == 200, r.text
    ended = r.json()
    assert (ended["current"], ended["ended_by"], ended["collaborator"]) == (
        False,
        "vhxh:vhxh-user",
        "mttq:peer-1",
    )
    assert ended["ended_at"] is not None
    # From now on the record is out of the ended collaborator's scope; the other keeps it.
    assert (await c.get(f"/v1/cases/{cid}", headers=collaborator(ward, "peer-1"))).status_code == 404
    assert (await c.get("/v1/cases", headers=collaborator(ward, "peer-1"))).json()["total"] == 0
    assert (await c.get(f"/v1/cases/{cid}", headers=collaborator(ward, "peer-2"))).status_code == 200
    listed = (await c.get(path, headers=worker(ward))).json()
    assert {a["collaborator"]: a["current"] for a in listed} == {"mttq:peer-1": False, "mttq:peer-2": True}
    # Ending it again: a clear problem, nothing changed, the attempt audited.
    r = await c.delete(f"{path}/mttq:peer-1", headers=worker(ward))
    assert r.status_code == 404 and r.headers["content-type"].startswith(PROBLEM)
    assert (await c.get(path, headers=worker(ward))).json() == listed
    actions = [a.action for a in await audit(app, cid)]
    assert {"read_collaborators", "end_assignment", "end_assignment_refused"} <= set(actions)
    # Assigned again, the collaborator works with the client again.
    await c.post(path, json={"collaborator": "mttq:peer-1"}, headers=worker(ward))
    assert (await c.get(f"/v1/cases/{cid}", headers=collaborator(ward, "peer-1"))).status_code == 200
    r = await c.delete(f"{path}/not-a-user", headers=worker(ward))
    assert r.status_code == 422 and r.headers["content-type"].startswith(PROBLEM)


async def test_case_workers_see_referrals_with_no_answer_after_the_configured_days(
    case_support: Client, ward: str
) -> None:
    app, c = case_support
    await add_provider(c, ward)
    cid = (await enrolled(c, ward))["id"]
    r = await c.post(f"/v1/cases/{cid}/referrals", json=REFER, headers=worker(ward))
    assert r.status_code == 201, r.text
    rid = r.json()["id"]
    assert (await c.get("/v1/referrals/follow-ups", headers=worker(ward))).json() == []
    assert (await c.get("/v1/referrals/follow-ups", headers=collaborator(ward, "p"))).status_code == 403
    rt = app.state.runtime
    days = rt.deps.follow_up.answer_days
    caller = Principal("vhxh-user", ward, "vhxh", frozenset({"officer"}))

    async def due(after: dt.timedelta) -> list[dict[str, str]]:
        later = dt.datetime.now(dt.UTC) + after
        return await use.due(rt.uow(), dataclasses.replace(rt.deps, clock=lambda: later), caller)

    assert await due(dt.timedelta(days=days - 1)) == []
    (reminder,) = await due(dt.timedelta(days=days, minutes=1))
    assert (reminder["referral_id"], reminder["case_id"], reminder["status"]) == (rid, cid, "made")
    assert (await c.post(f"/v1/referrals/{rid}/accept", json={}, headers=worker(ward))).status_code == 200
    assert await due(dt.timedelta(days=days, minutes=1)) == []  # answered: the outcome is due later
    outcome_days = rt.deps.follow_up.outcome_days
    (reminder,) = await due(dt.timedelta(days=outcome_days, minutes=1))
    assert reminder["status"] == "accepted"


async def test_a_referral_made_in_error_is_cancelled_and_a_declined_one_is_not_completed(
    case_support: Client, ward: str
) -> None:
    app, c = case_support
    await add_provider(c, ward)
    cid = (await enrolled(c, ward))["id"]
    first = (await c.post(f"/v1/cases/{cid}/referrals", json=REFER, headers=worker(ward))).json()["id"]
    r = await c.post(f"/v1/referrals/{first}/cancel", json={}, headers=worker(ward))
    assert r.status_code == 200 and r.json()["status"] == "cancelled", r.text
    completed = [ev.ReferralCompleted.FromString(p) for t, p in await outbox(app) if t == "ReferralCompleted"]
    assert [(m.outcome, m.cancel_reason) for m in completed] == [
        (ev.REFERRAL_OUTCOME_OTHER, ev.REFERRAL_CANCEL_REASON_MADE_IN_ERROR)
    ]
    second = (await c.post(f"/v1/cases/{cid}/referrals", json=REFER, headers=worker(ward))).json()["id"]
    r = await c.post(
        f"/v1/referrals/{second}/decline", json={"outcome": "provider_unable"}, headers=worker(ward)
    )
    assert r.status_code == 200, r.text
    r = await c.post(f"/v1/referrals/{second}/complete", json={}, headers=worker(ward))
    assert r.status_code == 409 and r.headers["content-type"].startswith(PROBLEM)
    assert r.json()["allowed_steps"] == [] and r.json()["referral_status"] == "declined"
    referrals = (await c.get(f"/v1/cases/{cid}/referrals", headers=worker(ward))).json()
    assert [x["status"] for x in referrals if x["id"] == second] == ["declined"]
    assert any(a.action == "referral_complete_refused" for a in await audit(app, cid))


async def test_an_erased_case_forgets_the_code_and_is_not_reopened(case_support: Client, ward: str) -> None:
    app, c = case_support
    await add_provider(c, ward)
    case = await enrolled(c, ward)
    cid, code = case["id"], case["client_code"]
    assert (await c.post(f"/v1/cases/{cid}/referrals", json=REFER, headers=worker(ward))).status_code == 201
    r = await c.post(f"/v1/cases/{cid}/erase", headers=worker(ward))
    assert r.status_code == 200 and r.json()["client_code"] == ""
    async with app.state.runtime.session_factory() as s:  # nothing leads from the case back to the code
        stored = [*(await s.execute(select(CaseRow.client_code).where(CaseRow.id == cid))).scalars()]
        stored += (
            await s.execute(select(ReferralRow.client_code).where(ReferralRow.case_id == cid))
        ).scalars()
    assert stored == ["", ""] and code
    r = await c.post(f"/v1/cases/{cid}/reopen", headers=worker(ward))
    assert r.status_code == 422 and r.headers["content-type"].startswith(PROBLEM)
    assert "cannot be reopened" in r.json()["detail"]
    assert (await c.get(f"/v1/cases/{cid}", headers=worker(ward))).json()["status"] == "closed"
    assert any(a.action == "reopen_refused" for a in await audit(app, cid))
    erased = [ev.ClientErased.FromString(p) for t, p in await outbox(app) if t == "ClientErased"]
    assert [(m.scope, m.reason) for m in erased] == [
        (ev.ERASURE_SCOPE_WHOLE, ev.ERASURE_REASON_CLIENT_REQUEST)
    ]
    # the client comes back: enrolled anew, a new case
    again = await enrolled(c, ward)
    assert again["id"] != cid and again["status"] == "open"


async def test_a_collaborator_who_enrols_a_client_works_with_them(case_support: Client, ward: str) -> None:
    _app, c = case_support
    r = await enrol(c, ward, headers=collaborator(ward, "peer-9"))
    assert r.status_code == 201, r.text
    cid = r.json()["id"]
    assert (await c.get(f"/v1/cases/{cid}", headers=collaborator(ward, "peer-9"))).status_code == 200
    assert (await c.get(f"/v1/cases/{cid}", headers=collaborator(ward, "peer-8"))).status_code == 404
    listed = (await c.get(f"/v1/cases/{cid}/collaborators", headers=worker(ward))).json()
    assert [(a["collaborator"], a["assigned_by"], a["current"]) for a in listed] == [
        ("mttq:peer-9", "mttq:peer-9", True)
    ]


async def test_erasing_an_old_case_keeps_the_key_while_another_case_of_the_client_holds_data(
    case_support: Client, ward: str
) -> None:
    app, c = case_support
    old = (await enrolled(c, ward))["id"]
    assert (
        await c.post(f"/v1/cases/{old}/close", json={"reason": "moved_away"}, headers=worker(ward))
    ).is_success
    new = (await enrolled(c, ward))["id"]  # the same person back: a new case under the same code
    assert new != old

    async def pseudonyms(case_id: str) -> list[str]:
        decoded = [
            ev.CaseClosed.FromString(p) if t == "CaseClosed" else ev.ClientEnrolled.FromString(p)
            for t, p in await outbox(app)
            if t in ("ClientEnrolled", "CaseClosed")
        ]
        return [m.client_code for m in decoded if m.case_id == case_id]

    assert (await c.post(f"/v1/cases/{old}/erase", headers=worker(ward))).status_code == 200
    r = await c.post(f"/v1/cases/{new}/close", json={"reason": "goals_met"}, headers=worker(ward))
    assert r.status_code == 200, r.text
    # the current case keeps the client's pseudonym: reporting still joins its services to it
    assert len(set(await pseudonyms(new)) | set(await pseudonyms(old))) == 1
    assert (await c.post(f"/v1/cases/{new}/erase", headers=worker(ward))).status_code == 200
    enrolled_again = (await enrolled(c, ward))["id"]  # after both erasures: a new person to reporting
    assert set(await pseudonyms(enrolled_again)).isdisjoint(await pseudonyms(old))
