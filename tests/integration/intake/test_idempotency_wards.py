"""An Idempotency-Key belongs to one caller in one ward: the same ``unit:sub`` in another ward is
someone else, and must never be answered with the first ward's tip."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from services.intake.main import build_app
from services.intake.settings import IntakeSettings
from tests.helpers import auth_headers
from tests.integration.harness import settings_for

TIP = {
    "kind": "denunciation",
    "channel": "hotline",
    "residential_group": "tdp-5",
    "subject": {"type": "place", "place_address": "hẻm 3"},
    "description": "Nhiều người ra vào lúc nửa đêm",
}


@pytest.fixture
async def client(service_db: Any, nats_url: str, ward: str) -> AsyncIterator[httpx.AsyncClient]:
    settings = settings_for(
        IntakeSettings, database_url=await service_db("intake"), nats_url=nats_url, ward=ward
    )
    app = build_app(settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c,
    ):
        yield c


async def test_the_same_key_from_the_same_user_id_in_another_ward_is_not_replayed(
    client: httpx.AsyncClient, ward: str
) -> None:
    key = {"Idempotency-Key": "same-key"}
    here = await client.post("/v1/tips", json=TIP, headers={**auth_headers(ward, "ca", sub="u1"), **key})
    there = await client.post(
        "/v1/tips", json=TIP, headers={**auth_headers(f"{ward}_b", "ca", sub="u1"), **key}
    )
    assert here.status_code == 201, here.text
    assert there.status_code == 201 and "Idempotent-Replayed" not in there.headers, there.text
    assert there.json()["id"] != here.json()["id"]
