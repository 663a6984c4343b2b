"""Plans and campaigns: the yearly plan and thematic campaigns (Tết, 30/4–1/5, 2/9, the summer), a
risk-based schedule proposal for a window, and the leader's approved schedule as planned inspections."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from typing import Any

import holidays
from sqlalchemy import select

from services.inspection.domain.establishment import S as Status
from services.inspection.domain.inspection import Inspection, InvalidRecord, Team
from services.inspection.domain.kinds import InspectionKind
from services.inspection.domain.schedule import Establishment as Candidate
from services.inspection.domain.schedule import WorkingDays, propose
from services.inspection.handlers.deps import InspectionDeps
from services.inspection.handlers.establishments import NotFound
from services.inspection.handlers.views import inspection_view
from services.inspection.repository import CampaignRow, InspectionUnitOfWork
from shared.auth import Principal
from shared.idempotency import StoredResponse, request_fingerprint

MAX_CAMPAIGN_DAYS = 366


def campaign_view(r: CampaignRow) -> dict[str, Any]:
    return {
        "id": str(r.id),
        "kind": r.kind,
        "name": r.name,
        "starts_on": r.starts_on.isoformat(),
        "ends_on": r.ends_on.isoformat(),
        "team": {"lead_unit": r.lead_unit, "units": list(r.units), "members": list(r.members)},
    }


async def create(
    uow: InspectionUnitOfWork,
    principal: Principal,
    *,
    kind: InspectionKind,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    team: Team,
    idempotency_key: str | None,
) -> tuple[StoredResponse, bool]:
    """A yearly plan (kind ``planned``) or a thematic campaign with its window and its team."""
    if kind is InspectionKind.SURPRISE:
        raise InvalidRecord(
            "kind", "Kiểm tra đột xuất không theo đợt", "A surprise inspection has no campaign"
        )
    if ends_on < starts_on or (ends_on - starts_on).days >= MAX_CAMPAIGN_DAYS:
        raise InvalidRecord("ends_on", "Thời gian của đợt không hợp lệ", "The window must be 1 to 366 days")

    async def make() -> dict[str, Any]:
        row = CampaignRow(
            id=uuid.uuid4(),
            ward=principal.ward,
            kind=kind.value,
            name=name,
            starts_on=starts_on,
            ends_on=ends_on,
            lead_unit=team.lead_unit,
            units=list(team.units),
            members=list(team.members),
            created_by=principal.id,
        )
        uow.add_row(row)
        return campaign_view(row)

    fingerprint = request_fingerprint(
        {
            "kind": kind.value,
            "name": name,
            "from": starts_on.isoformat(),
            "to": ends_on.isoformat(),
            "team": repr(team),
        }
    )
    return await uow.create_once(
        caller=principal.key, key=idempotency_key, fingerprint=fingerprint, create=make
    )


async def _campaign(uow: InspectionUnitOfWork, campaign_id: uuid.UUID, principal: Principal) -> CampaignRow:
    row = await uow.session.get(CampaignRow, campaign_id)
    if row is None or row.ward != principal.ward:
        raise NotFound(f"no campaign {campaign_id} in ward {principal.ward}")
    return row


async def listed(uow: InspectionUnitOfWork, principal: Principal) -> list[dict[str, Any]]:
    async with uow:
        rows = await uow.scalar_rows(
            select(CampaignRow).where(CampaignRow.ward == principal.ward).order_by(CampaignRow.starts_on)
        )
        return [campaign_view(r) for r in rows]


def days_off(first: dt.date, last: dt.date, extra: set[dt.date]) -> frozenset[dt.date]:
    """Vietnam's public holidays in the window (Tết included), and the ward's own days off."""
    public = holidays.country_holidays("VN", years=range(first.year, last.year + 1))
    return frozenset({d for d in public if first <= d <= last} | extra)


async def proposal(
    uow: InspectionUnitOfWork,
    deps: InspectionDeps,
    campaign_id: uuid.UUID,
    principal: Principal,
    *,
    capacity: int,
    extra_days_off: set[dt.date],
    working_days: set[dt.date],
) -> dict[str, Any]:
    """A suggested schedule over the campaign's window: overdue and high-risk first, each one's interval
    respected; every visit says why, and what did not fit says so. Nothing is stored."""
    async with uow:  # the campaign's window read inside: leaving the unit of work expires its row
        c = await _campaign(uow, campaign_id, principal)
        first, last = c.starts_on, c.ends_on
        register = await uow.establishments.active(principal.ward)
    candidates = [
        Candidate(str(e.id), e.risk_class, e.inspection_interval_days, e.last_inspected_on)
        for e in register
        if e.risk_class is not None and e.inspection_interval_days and e.status is not Status.SUSPENDED
    ]
    unclassified = [str(e.id) for e in register if e.risk_class is None]
    off = days_off(first, last, extra_days_off)
    schedule = propose(
        candidates,
        first=first,
        last=last,
        today=deps.today(),
        capacity=capacity,
        working=WorkingDays(off, frozenset(working_days)),
    )
    return {
        "campaign_id": str(campaign_id),
        "first": schedule.first.isoformat(),
        "last": schedule.last.isoformat(),
        "capacity": capacity,
        "days_off": sorted(d.isoformat() for d in off),
        "visits": [
            {
                "day": v.day.isoformat(),
                "establishment_id": v.establishment_id,
                "reason": v.reason.value,
                "early": v.early,
                "why_vi": v.text_vi,
                "why_en": v.text_en,
            }
            for v in schedule.visits
        ],
        "left_out": [
            {
                "establishment_id": x.establishment_id,
                "reason": x.reason.value,
                "why_vi": x.text_vi,
                "why_en": x.text_en,
            }
            for x in schedule.left_out
        ],
        "unclassified": unclassified,
    }


async def approve(
    uow: InspectionUnitOfWork,
    deps: InspectionDeps,
    campaign_id: uuid.UUID,
    principal: Principal,
    visits: list[tuple[uuid.UUID, dt.date]],
    *,
    idempotency_key: str | None,
) -> tuple[StoredResponse, bool]:
    """The schedule the leader approved (edited or not): one planned inspection per day, by the
    campaign's team, in one transaction."""

    async def make() -> dict[str, Any]:
        c = await _campaign(uow, campaign_id, principal)
        by_day: dict[dt.date, list[uuid.UUID]] = defaultdict(list)
        for establishment_id, day in visits:
            if not c.starts_on <= day <= c.ends_on:
                raise InvalidRecord(
                    "visits.day", "Ngày ngoài thời gian của đợt", "A day is outside the campaign"
                )
            by_day[day].append(establishment_id)
        ids = [e for e, _ in visits]
        if len(set(ids)) != len(ids):
            raise InvalidRecord("visits", "Một cơ sở hai lần trong lịch", "An establishment is listed twice")
        found = await uow.establishments.many(principal.ward, ids)
        missing = sorted(str(x) for x in ids if x not in found or found[x].status is Status.CLOSED)
        if missing:
            raise NotFound(f"no open establishments {', '.join(missing)} in ward {principal.ward}")
        team = Team(c.lead_unit, tuple(c.units), tuple(c.members))
        planned = []
        for day in sorted(by_day):
            i = Inspection.plan(
                uuid.uuid4(),
                principal.ward,
                deps.clock(),
                kind=InspectionKind(c.kind),
                establishment_ids=tuple(by_day[day]),
                planned_for=day,
                team=team,
                campaign_id=c.id,
            )
            uow.inspections.add(i)
            planned.append(inspection_view(i))
        return {"campaign_id": str(c.id), "inspections": planned}

    fingerprint = request_fingerprint(
        {"campaign": str(campaign_id), "visits": [(str(e), d.isoformat()) for e, d in visits]}
    )
    return await uow.create_once(
        caller=principal.key, key=idempotency_key, fingerprint=fingerprint, create=make
    )
