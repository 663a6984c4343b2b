"""Shared steps of the case-support tests: callers, a provider, an enrolled client, the outbox."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from shared.db import AuditRecord, OutboxRecord
from tests.helpers import auth_headers


def today() -> str:
    """The ward's calendar day (Asia/Ho_Chi_Minh), as services record it."""
    return dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date().isoformat()


PROBLEM = "application/problem+json"
FACTS = {"family_name": "Nguyễn", "given_name": "Thị Lan", "birth_year": 1995, "mother_given_name": "Hoa"}
NAME, PHONE, CONTACT = "Nguyễn Thị Lan", "0987654321", "Nhà trọ số 7 ngõ 12"
ALL_CONSENTS = ["case_management", "follow_up_contact", "referral_health", "referral_social_protection"]


def worker(ward: str, sub: str = "vhxh-user") -> dict[str, str]:
    return auth_headers(ward, "vhxh", "officer", sub=sub)


def collaborator(ward: str, sub: str) -> dict[str, str]:
    return auth_headers(ward, "mttq", "collaborator", sub=sub)


def leader(ward: str, unit: str = "ubnd") -> dict[str, str]:
    return auth_headers(ward, unit, "leader")


async def add_provider(c: httpx.AsyncClient, ward: str, pid: str = "ttyt-le-chan", **over: Any) -> None:
    body = {
        "name": "Trung tâm Y tế Lê Chân",
        "kind": "health_facility",
        "offers": ["hiv_sti_prevention", "mental_health"],
        **over,
    }
    r = await c.put(f"/v1/providers/{pid}", json=body, headers=worker(ward))
    assert r.status_code in (200, 201), r.text


async def enrol(
    c: httpx.AsyncClient,
    ward: str,
    facts: dict[str, Any] | None = None,
    consents: list[str] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> httpx.Response:
    body = {
        "facts": facts or FACTS,
        "source": "outreach",
        "consent_method": "verbal",
        "consents": consents or ALL_CONSENTS,
        **extra,
    }
    return await c.post("/v1/cases", json=body, headers=headers or worker(ward))


async def enrolled(c: httpx.AsyncClient, ward: str, **kw: Any) -> dict[str, Any]:
    r = await enrol(c, ward, **kw)
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


async def outbox(app: FastAPI) -> list[tuple[str, bytes]]:
    async with app.state.runtime.session_factory() as s:
        rows = await s.execute(
            select(OutboxRecord.event_type, OutboxRecord.payload).order_by(OutboxRecord.id)
        )
        return [(t.rsplit(".", 1)[-1], p) for t, p in rows.all()]


async def audit(app: FastAPI, resource_id: str) -> list[AuditRecord]:
    async with app.state.runtime.session_factory() as s:
        query = select(AuditRecord).where(AuditRecord.resource_id == resource_id).order_by(AuditRecord.id)
        return list((await s.execute(query)).scalars().all())
