"""One authorization matrix for every service, driven by the routes and the permission tables.

Every route of every service (its OpenAPI document, and the routes it leaves out of it) is either
public on purpose (listed here) or guarded by a ``requires(table, permission)`` dependency naming
an entry of the service's table; a new route without one fails. Then, on the running service, every
guarded route refuses a caller without a token (401) and answers every unit × role exactly as the
table says (403 when it forbids, anything but 401, 403 and 5xx when it allows).
"""

from __future__ import annotations

import importlib
import itertools
import re
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

from services.case_support.api import PERMISSIONS as CASE_SUPPORT_PERMISSIONS
from services.intake.api import PERMISSIONS as INTAKE_PERMISSIONS
from shared.auth import ROLES, UNITS, PermissionTable, Principal, allowed
from shared.contracts.catalog import SERVICES
from shared.ops import OPS_PERMISSIONS
from tests.helpers import auth_headers
from tests.integration.harness import settings_for

PRINCIPALS = list(itertools.product(UNITS, ROLES))
# Open to anyone, on purpose: health, readiness, the API documents, the anonymous public form, the
# dashboard page (its data needs a token). Anything else needs a permission.
OPEN_PATHS = {"/healthz", "/readyz", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}
PUBLIC_PREFIXES = {"intake": ("/v1/public",), "reporting": ("/dashboard",)}
# Settings a service needs for the matrix (many anonymous calls to the public form).
OVERRIDES: dict[str, dict[str, Any]] = {"intake": {"public_submissions_per_hour": 10_000}}


def service_main(service: str) -> Any:
    return importlib.import_module(f"services.{service}.main")


def permissions(service: str) -> PermissionTable:
    """The service's own table, plus the operations table every service serves."""
    table: PermissionTable = importlib.import_module(f"services.{service}.api").PERMISSIONS
    return {**OPS_PERMISSIONS, **table}


def is_public(service: str, path: str) -> bool:
    return path in OPEN_PATHS or path.startswith(PUBLIC_PREFIXES.get(service, ()))


def permission_of(route: APIRoute) -> str | None:
    """The permission a route's ``requires(...)`` dependency checks (None when it has none)."""
    stack = list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        permission = getattr(dep.call, "permission", None)
        if permission is not None:
            return str(permission)
        stack.extend(dep.dependencies)
    return None


def api_routes(app: FastAPI) -> list[APIRoute]:
    """Every APIRoute, including those of included routers (FastAPI nests them, unprefixed here)."""

    def walk(routes: list[Any]) -> list[Any]:
        out = []
        for r in routes:
            out.extend(walk(r.original_router.routes) if hasattr(r, "original_router") else [r])
        return out

    return [r for r in walk(list(app.routes)) if isinstance(r, APIRoute)]


def operations(app: FastAPI) -> set[tuple[str, str]]:
    """(METHOD, path) of every operation in the OpenAPI document."""
    return {(method.upper(), path) for path, item in app.openapi()["paths"].items() for method in item}


def unguarded(service: str, app: FastAPI) -> list[str]:
    """Routes that are neither public on purpose nor guarded by an entry of the service's table."""
    table = permissions(service)
    problems = []
    routes = {(m, r.path): r for r in api_routes(app) for m in r.methods - {"HEAD"}}
    for method, path in sorted(operations(app) - set(routes)):
        problems.append(f"{method} {path} is documented but is no route")
    for (method, path), route in sorted(routes.items()):
        permission = permission_of(route)
        if is_public(service, path):
            if permission is not None:
                problems.append(f"{method} {path} is listed as public but requires {permission}")
        elif permission is None:
            problems.append(f"{method} {path} requires no permission")
        elif permission not in table:
            problems.append(f"{method} {path} requires {permission}, not in the {service} table")
    return problems


def app_without_lifespan(service: str) -> FastAPI:
    """The service's app as its composition root builds it (nothing connects until the lifespan)."""
    main = service_main(service)
    app: FastAPI = main.build_app(main.load_settings())
    return app


@pytest.mark.parametrize("service", SERVICES)
def test_every_route_is_public_on_purpose_or_guarded_by_the_services_table(service: str) -> None:
    app = app_without_lifespan(service)
    assert unguarded(service, app) == []
    guarded = {permission_of(r) for r in api_routes(app)}
    assert set(permissions(service)) <= guarded, "every permission of the table guards a route"


def test_a_route_without_a_permission_is_found() -> None:
    app = app_without_lifespan("inspection")

    @app.get("/v1/forgotten")
    async def forgotten() -> dict[str, str]:
        return {}

    app.openapi_schema = None
    assert unguarded("inspection", app) == ["GET /v1/forgotten requires no permission"]


def concrete_path(path: str) -> str:
    """A path that reaches the handler: ids fresh UUIDs, other parameters a plausible value."""
    path = re.sub(r"\{\w+_id\}", lambda _m: str(uuid.uuid4()), path)
    values = {"{seq}": "1", "{code}": "TIPS_TIMELY", "{fmt}": "csv", "{name}": "dashboard.js"}
    for name, value in values.items():
        path = path.replace(name, value)
    assert "{" not in path, f"no value for a parameter of {path}"
    return path


async def matrix(service: str, app: FastAPI, ward: str) -> list[str]:
    """Mismatches between the table and what the running app answers."""
    table = permissions(service)
    problems = []
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        for route in api_routes(app):
            permission = permission_of(route)
            for method in sorted(route.methods - {"HEAD"}):
                path = concrete_path(route.path)
                anonymous = await client.request(method, path, json={})
                if permission is None:
                    if anonymous.status_code in (401, 403):
                        problems.append(f"{method} {route.path} is public but refused an anonymous caller")
                    continue
                if anonymous.status_code != 401:
                    problems.append(f"{method} {route.path} answered {anonymous.status_code} without a token")
                for unit, role in PRINCIPALS:
                    r = await client.request(
                        method, path, json={}, headers=auth_headers(ward, unit, role, sub="m")
                    )
                    expected = allowed(table, permission, Principal("m", ward, unit, frozenset({role})))
                    if expected == (r.status_code == 403) or r.status_code == 401 or r.status_code >= 500:
                        problems.append(
                            f"{method} {route.path} {unit}/{role}: {r.status_code}, "
                            f"table says {'allowed' if expected else 'forbidden'}"
                        )
    return problems


@pytest.mark.parametrize("service", SERVICES)
async def test_every_endpoint_answers_every_unit_and_role_as_its_table_says(
    service: str, service_db: Callable[[str], Any], nats_url: str, ward: str
) -> None:
    main = service_main(service)
    settings = settings_for(
        type(main.load_settings()),
        database_url=await service_db(service),
        nats_url=nats_url,
        ward=ward,
        **OVERRIDES.get(service, {}),
    )
    app = main.build_app(settings)
    async with app.router.lifespan_context(app):
        routes = [r for r in api_routes(app) if permission_of(r) is not None]
        assert len(routes) >= {"intake": 18, "reporting": 10}.get(service, 3), "the guarded routes are walked"
        assert await matrix(service, app, ward) == []


def test_the_intake_table_gives_least_privilege() -> None:
    def can(unit: str, role: str, permission: str) -> bool:
        return allowed(INTAKE_PERMISSIONS, permission, Principal("x", "w", unit, frozenset({role})))

    assert can("tdp", "viewer", "tips:create") and not can("tdp", "leader", "tips:read")
    assert can("ca", "officer", "tips:read_private") and not can("ubnd", "leader", "tips:read_private")
    assert can("ubnd", "leader", "tips:export") and not can("ca", "officer", "tips:export")
    assert not can("ca", "officer", "tips:reopen") and can("ca", "leader", "tips:reopen")
    assert not any(can(u, r, "tips:process") for u, r in PRINCIPALS if u not in ("ca", "vhxh"))


def test_the_online_monitoring_table_gives_least_privilege() -> None:
    table: PermissionTable = importlib.import_module("services.online_monitoring.api").PERMISSIONS

    def can(unit: str, role: str, permission: str) -> bool:
        return allowed(table, permission, Principal("x", "w", unit, frozenset({role})))

    assert can("ttdv", "officer", "items:report") and not can("ttdv", "officer", "items:classify")
    assert not can("ttdv", "leader", "items:read_text") and not can("ubnd", "leader", "items:read_text")
    assert can("ca", "officer", "takedowns:request") and not can("ca", "officer", "takedowns:escalate")
    assert can("vhxh", "leader", "takedowns:escalate") and can("ubnd", "leader", "transparency:read")
    assert not any(can(u, r, "items:read") for u, r in PRINCIPALS if u not in ("ca", "vhxh", "ttdv", "ubnd"))


def test_the_online_monitoring_evidence_table_gives_least_privilege() -> None:
    table: PermissionTable = importlib.import_module("services.online_monitoring.api").PERMISSIONS

    def can(unit: str, role: str, permission: str) -> bool:
        return allowed(table, permission, Principal("x", "w", unit, frozenset({role})))

    assert can("ttdv", "officer", "evidence:upload") and not can("ttdv", "leader", "evidence:read")
    assert can("ca", "officer", "evidence:download") and not can("ubnd", "leader", "evidence:download")
    assert can("ubnd", "leader", "evidence:custody") and not can("ubnd", "leader", "evidence:read")
    assert can("ca", "officer", "evidence:hand_over") and not can("vhxh", "officer", "evidence:hand_over")
    assert can("vhxh", "leader", "evidence:hand_over")
    readers = {(u, r) for u, r in PRINCIPALS if can(u, r, "evidence:read") or can(u, r, "evidence:download")}
    assert {u for u, _ in readers} == {"ca", "vhxh"}


def test_the_case_support_table_keeps_people_from_leaders_and_the_city() -> None:
    def can(unit: str, role: str, permission: str) -> bool:
        return allowed(CASE_SUPPORT_PERMISSIONS, permission, Principal("x", "w", unit, frozenset({role})))

    people = ("cases:read", "cases:read_personal", "cases:write", "cases:enrol")
    assert not any(can(u, "leader", p) for u in UNITS for p in people), "leaders see counts, not people"
    assert not any(can("city", r, p) for r in ROLES for p in (*people, "cases:count", "cases:manage"))
    assert can("ubnd", "leader", "cases:count") and can("ubnd", "leader", "cases:break_glass")
    assert can("mttq", "collaborator", "cases:read") and not can("mttq", "collaborator", "cases:manage")
    # only the ward's case workers list and end collaborators' assignments or see follow-up reminders
    assert {(u, r) for u, r in PRINCIPALS if can(u, r, "cases:manage")} == {
        ("vhxh", "officer"), ("vhxh", "case_worker")
    }  # fmt: skip


def test_the_reporting_budget_table_gives_least_privilege() -> None:
    from services.reporting.api import PERMISSIONS as REPORTING_PERMISSIONS

    def can(unit: str, role: str, permission: str) -> bool:
        return allowed(REPORTING_PERMISSIONS, permission, Principal("x", "w", unit, frozenset({role})))

    writers = {(u, r) for u, r in PRINCIPALS if can(u, r, "budget:write")}
    assert writers == {("ktht", "officer"), ("ktht", "leader")}, "the Economic-Infrastructure Office only"
    approvers = {(u, r) for u, r in PRINCIPALS if can(u, r, "budget:approve")}
    assert approvers == {("ktht", "leader"), ("ubnd", "leader")}, "spending above allocation: a leader"
    assert {(u, r) for u, r in PRINCIPALS if can(u, r, "budget:close")} == {("ktht", "leader")}
    assert can("vhxh", "viewer", "budget:read") and can("ubnd", "officer", "budget:read")
    assert not any(can(u, r, "budget:read") for u, r in PRINCIPALS if u not in ("ktht", "vhxh", "ubnd"))
    # difficulties and proposals: every unit of the ward records its own; the office and leadership answer
    assert can("tdp", "officer", "difficulties:write") and can("mttq", "leader", "difficulties:write")
    assert not can("city", "leader", "difficulties:read") and not can("ca", "viewer", "difficulties:write")
    responders = {(u, r) for u, r in PRINCIPALS if can(u, r, "difficulties:respond")}
    assert responders == {("vhxh", "leader"), ("vhxh", "officer"), ("ubnd", "leader")}
    # surveys are the office's to record; commendations and accountability: the office and leadership
    assert {u for u, r in PRINCIPALS if can(u, r, "surveys:write")} == {"vhxh"}
    assert not can("vhxh", "viewer", "surveys:write") and can("ca", "analyst", "surveys:read")
    assert {u for u, r in PRINCIPALS if can(u, r, "commendations:write")} == {"vhxh", "ubnd"}
    assert not can("ubnd", "officer", "commendations:write") and not can("ca", "leader", "commendations:read")
    # reviews: the office prepares, only a ward leader approves
    assert {u for u, r in PRINCIPALS if can(u, r, "reviews:prepare")} == {"vhxh"}
    assert {(u, r) for u, r in PRINCIPALS if can(u, r, "reviews:approve")} == {("ubnd", "leader")}


def test_the_forecasts_are_read_as_the_trend_is() -> None:
    permission = {r.path: permission_of(r) for r in api_routes(app_without_lifespan("reporting"))}
    forecasts = (permission["/v1/indicators/{code}/forecast"], permission["/v1/tips/forecast"])
    assert forecasts == (permission["/v1/indicators/trend"],) * 2 == ("indicators:read",) * 2
