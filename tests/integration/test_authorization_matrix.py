"""Every endpoint × every unit and role: allowed exactly when the service's permission table says so."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

from services.intake.api import PERMISSIONS as INTAKE_PERMISSIONS
from services.intake.main import build_app as build_intake
from services.intake.settings import IntakeSettings
from services.reporting.api import PERMISSIONS as REPORTING_PERMISSIONS
from services.reporting.main import build_app as build_reporting
from services.reporting.settings import ReportingSettings
from shared.app import OPS_PERMISSIONS
from shared.auth import ROLES, UNITS, Principal, allowed, mint_token
from shared.settings import DEV_JWT_SECRET
from tests.integration.harness import settings_for

PRINCIPALS = [(unit, role) for unit, role in itertools.product(UNITS, ROLES)]
OPEN_ROUTES = {"/healthz", "/readyz", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}


def permission_of(route: APIRoute) -> str | None:
    """The permission a route's ``requires(...)`` dependency checks (None for public routes)."""
    stack = list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        permission = getattr(dep.call, "permission", None)
        if permission is not None:
            return str(permission)
        stack.extend(dep.dependencies)
    return None


def api_routes(app: FastAPI) -> list[APIRoute]:
    """Every APIRoute, including those of included routers (FastAPI nests them)."""

    def walk(routes: list[Any]) -> list[Any]:
        out = []
        for r in routes:
            out.extend(walk(r.original_router.routes) if hasattr(r, "original_router") else [r])
        return out

    return [r for r in walk(list(app.routes)) if isinstance(r, APIRoute)]


def concrete_path(path: str) -> str:
    """A path that reaches the handler: any ``{..._id}`` a fresh UUID."""
    for name in ("tip_id", "snapshot_id", "assignment_id", "directive_id"):
        path = path.replace("{" + name + "}", str(uuid.uuid4()))
    return path.replace("{seq}", "1").replace("{code}", "TIPS_TIMELY").replace("{fmt}", "csv")


async def matrix(app: FastAPI, table: dict[str, Any], ward: str) -> list[str]:
    """Mismatches between the table and what the running app does."""
    problems = []
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        for route in api_routes(app):
            permission = permission_of(route)
            for method in route.methods - {"HEAD"}:
                path = concrete_path(route.path)
                anonymous = await client.request(method, path, json={})
                if permission is None:
                    if anonymous.status_code in (401, 403):
                        problems.append(f"{method} {route.path} is public but refused an anonymous caller")
                    continue
                if anonymous.status_code != 401:
                    problems.append(f"{method} {route.path} answered {anonymous.status_code} without a token")
                for unit, role in PRINCIPALS:
                    token = mint_token(DEV_JWT_SECRET, sub="m", ward=ward, unit=unit, roles=[role])
                    r = await client.request(
                        method, path, json={}, headers={"Authorization": f"Bearer {token}"}
                    )
                    expected = allowed(
                        {**OPS_PERMISSIONS, **table},
                        permission,
                        Principal("m", ward, unit, frozenset({role})),
                    )
                    if expected == (r.status_code == 403) or r.status_code == 401 or r.status_code >= 500:
                        problems.append(
                            f"{method} {route.path} {unit}/{role}: {r.status_code}, "
                            f"table says {'allowed' if expected else 'forbidden'}"
                        )
    return problems


@pytest.fixture
async def intake_app(service_db: Any, nats_url: str, ward: str) -> AsyncIterator[FastAPI]:
    app = build_intake(
        settings_for(
            IntakeSettings,
            database_url=await service_db("intake"),
            nats_url=nats_url,
            ward=ward,
            public_submissions_per_hour=10_000,
        )
    )
    async with app.router.lifespan_context(app):
        yield app


async def test_intake_endpoints_follow_the_permission_table(intake_app: FastAPI, ward: str) -> None:
    routes = [r for r in api_routes(intake_app) if r.path not in OPEN_ROUTES]
    assert len(routes) >= 18
    assert {permission_of(r) for r in routes} >= set(INTAKE_PERMISSIONS), "every permission guards a route"
    assert await matrix(intake_app, dict(INTAKE_PERMISSIONS), ward) == []


async def test_reporting_endpoints_follow_the_permission_table(
    service_db: Any, nats_url: str, ward: str
) -> None:
    app = build_reporting(
        settings_for(
            ReportingSettings, database_url=await service_db("reporting"), nats_url=nats_url, ward=ward
        )
    )
    async with app.router.lifespan_context(app):
        assert await matrix(app, dict(REPORTING_PERMISSIONS), ward) == []


def test_the_intake_table_gives_least_privilege() -> None:
    def can(unit: str, role: str, permission: str) -> bool:
        return allowed(INTAKE_PERMISSIONS, permission, Principal("x", "w", unit, frozenset({role})))

    assert can("tdp", "viewer", "tips:create") and not can("tdp", "leader", "tips:read")
    assert can("ca", "officer", "tips:read_private") and not can("ubnd", "leader", "tips:read_private")
    assert can("ubnd", "leader", "tips:export") and not can("ca", "officer", "tips:export")
    assert not can("ca", "officer", "tips:reopen") and can("ca", "leader", "tips:reopen")
    assert not any(can(u, r, "tips:process") for u, r in PRINCIPALS if u not in ("ca", "vhxh"))
