"""Campaigns with a risk-based schedule proposal, approved as inspections; hotspots suggested from the
signals, confirmed, refused clearing before the quiet period. Over HTTP on a real PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from services.inspection.handlers.deps import InspectionDeps
from shared.contracts.pcmd.inspection.v1 import events_pb2 as ev
from shared.db import OutboxRecord
from tests.helpers import auth_headers
from tests.integration.inspection.conftest import Client
from tests.integration.inspection.test_register_and_inspections import karaoke, register, vhxh

TEAM = {"units": ["ca", "qs"], "members": ["CB-01"]}


async def classify(c: Any, ward: str, eid: str) -> None:
    r = await c.post(f"/v1/establishments/{eid}/reviews", json={}, headers=vhxh(ward))
    assert r.status_code == 201, r.text


async def test_a_proposal_puts_the_riskiest_first_within_capacity_and_the_approved_one_plans_inspections(
    inspection: Client, ward: str
) -> None:
    app, c = inspection
    risky = await register(
        c, ward, karaoke("R-1", licence=None, business_types=["massage"], closes_at="02:00")
    )
    calm = await register(c, ward, karaoke("R-2", business_types=["other"], closes_at="21:00"))
    unreviewed = await register(c, ward, karaoke("R-3"))
    for e in (risky, calm):
        await classify(c, ward, e["id"])
    today = dt.date.today()
    start, end = today + dt.timedelta(days=1), today + dt.timedelta(days=30)
    campaign = await c.post(
        "/v1/campaigns",
        json={
            "kind": "thematic",
            "name": "Đợt cao điểm hè",
            "starts_on": start.isoformat(),
            "ends_on": end.isoformat(),
            "team": TEAM,
        },
        headers=vhxh(ward, "leader"),
    )
    assert campaign.status_code == 201, campaign.text
    cid = campaign.json()["id"]
    r = await c.post(f"/v1/campaigns/{cid}/schedule-proposal", json={"capacity": 1}, headers=vhxh(ward))
    assert r.status_code == 200, r.text
    proposal = r.json()
    assert [v["establishment_id"] for v in proposal["visits"]][:1] == [risky["id"]], "high risk first"
    assert all(v["why_vi"] and v["why_en"] for v in proposal["visits"])
    days = [v["day"] for v in proposal["visits"]]
    assert len(days) == len(set(days)), "capacity 1: one visit a day"
    assert all(dt.date.fromisoformat(d).weekday() < 5 or d in proposal["days_off"] for d in days)
    assert proposal["unclassified"] == [unreviewed["id"]]

    past = await c.post(
        "/v1/campaigns",
        json={
            "kind": "thematic",
            "name": "Đợt Tết",
            "starts_on": "2020-01-01",
            "ends_on": "2020-02-01",
            "team": TEAM,
        },
        headers=vhxh(ward, "leader"),
    )
    stale = await c.post(
        f"/v1/campaigns/{past.json()['id']}/schedule-proposal", json={"capacity": 2}, headers=vhxh(ward)
    )
    assert stale.status_code == 422 and stale.json()["type"].endswith("schedule-refused")

    visits = [{"establishment_id": v["establishment_id"], "day": v["day"]} for v in proposal["visits"]]
    approved = await c.post(f"/v1/campaigns/{cid}/schedule", json={"visits": visits}, headers=vhxh(ward))
    assert approved.status_code == 201, approved.text
    planned = approved.json()["inspections"]
    assert len(planned) == len(visits) and all(
        i["kind"] == "thematic" and i["campaign_id"] == cid for i in planned
    )
    listed = (await c.get(f"/v1/inspections?campaign_id={cid}", headers=auth_headers(ward, "ktht"))).json()
    assert listed["total"] == len(visits)
    async with app.state.runtime.session_factory() as s:
        types = list((await s.execute(select(OutboxRecord.event_type))).scalars())
    assert sum(t.endswith("InspectionPlanned") for t in types) == len(visits)


async def test_a_serious_violation_suggests_a_hotspot_confirmed_then_not_cleared_before_the_quiet_period(
    inspection: Client, ward: str
) -> None:
    app, c = inspection
    e = await register(c, ward)
    planned = await c.post(
        "/v1/inspections",
        json={
            "kind": "surprise",
            "establishment_ids": [e["id"]],
            "planned_for": dt.date.today().isoformat(),
            "team": TEAM,
        },
        headers=vhxh(ward),
    )
    iid = planned.json()["id"]
    findings = {
        "result": "violations_found",
        "inspected_on": dt.date.today().isoformat(),
        "violations": [
            {"ref": "v1", "kind": "prostitution_on_premises", "legal_basis": "Điều 25 Nghị định 282/2025"}
        ],
        "establishment_id": e["id"],
    }
    drafted = await c.post(f"/v1/inspections/{iid}/records", json=findings, headers=auth_headers(ward, "ca"))
    await c.post(
        f"/v1/inspections/{iid}/records/{drafted.json()['record_id']}/sign", headers=vhxh(ward, "leader")
    )

    officer = await c.post("/v1/hotspots/detection", headers=vhxh(ward))
    assert officer.status_code == 403, "a person with authority decides"
    found = (await c.post("/v1/hotspots/detection", headers=vhxh(ward, "leader"))).json()
    assert (
        len(found) == 1 and found[0]["trigger"] == "serious_violation" and found[0]["status"] == "suggested"
    )
    assert found[0]["evidence"][0]["inspection_id"] == iid
    again = (await c.post("/v1/hotspots/detection", headers=vhxh(ward, "leader"))).json()
    assert again == [], "an open suggestion is not suggested twice"

    hid = found[0]["id"]
    confirmed = await c.post(f"/v1/hotspots/{hid}/confirm", headers=auth_headers(ward, "ca", "leader"))
    assert confirmed.status_code == 200 and confirmed.json()["formation"] == "formed"
    early = await c.post(
        f"/v1/hotspots/{hid}/clear", json={"reason": "Không còn hoạt động"}, headers=vhxh(ward, "leader")
    )
    assert early.status_code == 409 and early.json()["type"].endswith("quiet-period-not-over")

    async with app.state.runtime.session_factory() as s:
        rows = (await s.execute(select(OutboxRecord.event_type, OutboxRecord.payload))).all()
    flagged = [ev.HotspotFlagged.FromString(p) for t, p in rows if t.endswith("HotspotFlagged")]
    assert len(flagged) == 1 and flagged[0].formation == ev.HOTSPOT_FORMATION_FORMED
    assert flagged[0].establishment_id == e["id"] and flagged[0].source_inspection_id == iid


async def test_clearing_after_the_quiet_period_then_a_new_flag_is_a_re_formation(
    inspection: Client, ward: str
) -> None:
    app, c = inspection
    e = await register(c, ward)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=60)
    async with app.state.runtime.uow() as uow:
        for n in range(3):
            await uow.signals.add(
                ward, e["id"], kind="tip", source_id=f"old-{n}", at=long_ago + dt.timedelta(days=n)
            )
        await uow.commit()
    hid = (await c.post("/v1/hotspots/detection", headers=vhxh(ward, "leader"))).json()[0]["id"]
    await c.post(f"/v1/hotspots/{hid}/confirm", headers=vhxh(ward, "leader"))

    rt = app.state.runtime
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=100)
    rt.deps = InspectionDeps(clock=lambda: later)  # a hundred days on, the place has been quiet
    cleared = await c.post(
        f"/v1/hotspots/{hid}/clear", json={"reason": "Cơ sở đã chấm dứt"}, headers=vhxh(ward, "leader")
    )
    assert cleared.status_code == 200, cleared.text
    async with rt.uow() as uow:  # the place comes back in the days after the clearing
        for n in range(1, 4):
            at = later + dt.timedelta(days=n)
            await uow.signals.add(ward, e["id"], kind="tip", source_id=f"new-{n}", at=at)
        await uow.commit()
    rt.deps = InspectionDeps(clock=lambda: later + dt.timedelta(days=5))
    again = (await c.post("/v1/hotspots/detection", headers=vhxh(ward, "leader"))).json()
    assert [len(h["evidence"]) for h in again] == [3], "only the signals after the clearing count"
    confirmed = await c.post(f"/v1/hotspots/{again[0]['id']}/confirm", headers=vhxh(ward, "leader"))
    assert confirmed.json()["formation"] == "re_formed"
    listed = (await c.get("/v1/hotspots", headers=auth_headers(ward, "ubnd", "leader"))).json()
    assert sorted(h["status"] for h in listed) == ["cleared", "confirmed"]
