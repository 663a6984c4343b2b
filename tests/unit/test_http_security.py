"""HSTS on every answer in production; no documentation page that loads scripts from a CDN."""

from __future__ import annotations

import httpx
import pytest

from services.intake.main import build_app
from services.intake.settings import IntakeSettings


@pytest.mark.parametrize("env", ["production", "development"])
async def test_hsts_in_production_only_and_no_cdn_docs_anywhere(env: str) -> None:
    settings = IntakeSettings.model_construct(env=env)  # the platform's production checks are tested apart
    app = build_app(settings)  # not started: these answers need no database
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        answers = [await c.get(path) for path in ("/openapi.json", "/docs", "/redoc", "/nowhere")]
    assert [a.status_code for a in answers] == [200, 404, 404, 404]
    hsts = {a.headers.get("strict-transport-security") for a in answers}
    assert hsts == ({"max-age=31536000; includeSubDomains"} if env == "production" else {None})
    assert all("cdn" not in a.text for a in answers)
