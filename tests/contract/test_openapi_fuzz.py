"""Fuzz every service's OpenAPI document: no input, valid or not, gets a server error.

Each service runs in-process with its real lifespan (its own PostgreSQL database, the test NATS, relay,
consumers, background tasks) and schemathesis generates requests for every operation of the document
the service serves: the coverage phase (boundary values, schema violations, missing parameters,
undeclared methods and content types) and the fuzzing phase (valid and invalid data), deterministically
from a fixed seed. Each operation is a subtest. Checks on every response:

- ``not_a_server_error`` (schemathesis): no 5xx, whatever the input;
- ``problem_details``: every error is problem+json (RFC 9457) carrying its own status;
- ``documented_success``: a success has the documented content type and schema (schemathesis'
  ``content_type_conformance`` and ``response_schema_conformance``, applied to non-errors);
- ``invalid_data_refused``: schema-violating data gets a 4xx (schemathesis' ``negative_data_rejection``,
  less one pydantic leniency: a number in a date-time query parameter is read as a Unix time).

Left out, because here they report false positives or a known non-5xx defect:
``status_code_conformance`` (FastAPI documents 200/201/422 only, so every 401, 403, 404, 409 and 429
would be reported); schemathesis' content type and schema checks on errors (FastAPI documents its
default 422 body, ``application/json`` ``HTTPValidationError``, the platform answers problem+json,
checked instead by ``problem_details``); ``positive_data_acceptance`` (valid data is rightly refused
with 404/409 for an unknown tip or one in another state).

Staff runs carry a token with broad permissions for the service; anonymous runs show the public intake
endpoints hold up without a token and every other endpoint refuses it (a few examples each). Tips and
receipt codes made before the run are offered to the generator (``path.tip_id``, ``body.into``,
``body.code``), so part of the requests reach the tip lifecycle, not only "not found". The defects
the fuzz found (a 500 on replaying an impossible dead-letter sequence, 405s without ``Allow``) are
fixed and kept as regression tests at the end of this module.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import schemathesis
from anyio.from_thread import BlockingPortal
from fastapi import FastAPI
from schemathesis import Case, CheckFunction
from schemathesis.checks import not_a_server_error

from services.case_support.main import build_app as build_case_support
from services.case_support.settings import CaseSupportSettings
from services.inspection.main import build_app as build_inspection
from services.inspection.settings import InspectionSettings
from services.intake.main import build_app as build_intake
from services.intake.settings import IntakeSettings
from services.online_monitoring.main import build_app as build_online_monitoring
from services.online_monitoring.settings import OnlineMonitoringSettings
from services.reporting.main import build_app as build_reporting
from services.reporting.settings import ReportingSettings
from shared.errors import PROBLEM
from shared.settings import ServiceSettings
from tests.contract.fuzz_support import documented_success, invalid_data_refused, problem_details, running
from tests.helpers import auth_headers
from tests.integration.harness import settings_for

SEED = 20260301
MAX_EXAMPLES = 25  # per operation and generation mode (valid, invalid), on top of the coverage phase
CHECKS: list[CheckFunction] = [not_a_server_error, problem_details, documented_success, invalid_data_refused]
PUBLIC = "^/v1/public/"

BUILDERS: dict[str, tuple[type[ServiceSettings], Callable[..., FastAPI]]] = {
    "intake": (IntakeSettings, build_intake),
    "inspection": (InspectionSettings, build_inspection),
    "case_support": (CaseSupportSettings, build_case_support),
    "online_monitoring": (OnlineMonitoringSettings, build_online_monitoring),
    "reporting": (ReportingSettings, build_reporting),
}
# The public endpoints are limited per client address; the fuzz is one client and must reach the handlers.
OVERRIDES: dict[str, dict[str, Any]] = {
    "intake": {"public_submissions_per_hour": 1_000_000, "public_lookups_per_hour": 1_000_000},
}
TIPS = [
    {
        "kind": kind,
        "channel": "hotline",
        "residential_group": "tdp-2",
        "subject": {"type": "place", "place_address": "ngõ 12"},
        "description": "seed",
        "reporter": {"name": "A", "phone": "0912345678"},
    }
    for kind in ("denunciation", "report", "complaint", "recommendation_to_prosecute")
]
PUBLIC_TIP = {
    "kind": "denunciation",
    "residential_group": "tdp-3",
    "subject": {"type": "business", "text": "karaoke"},
    "description": "seed",
}


@dataclass(frozen=True)
class Target:
    """One fuzz run: a service, the caller's token (none when ``unit`` is None), which operations."""

    service: str
    unit: str | None = None
    roles: tuple[str, ...] = ()
    exclude_path: str | None = None
    # Operations (path regex) that only need to show they refuse the caller: a few examples each.
    refused_path: str | None = None

    @property
    def id(self) -> str:
        return f"{self.service}-{'+'.join(self.roles) if self.unit else 'anonymous'}"

    def headers(self, ward: str) -> dict[str, str]:
        if self.unit is None:
            return {}
        return auth_headers(ward, self.unit, *self.roles, sub="fuzz")


TARGETS = [
    # The public endpoints ignore tokens; the anonymous run covers them.
    Target("intake", "ca", ("officer", "leader", "platform_operator"), exclude_path=PUBLIC),
    Target("intake", refused_path="^/v1/(tips|ops)"),
    Target("reporting", "vhxh", ("leader",)),
    Target("reporting", refused_path="^/v1/"),
    # The budget's writers (the Economic-Infrastructure Office): its routes only, the rest run above.
    Target("reporting", "ktht", ("officer", "leader"), exclude_path="^/(?!v1/budget/)"),
    Target("inspection", "vhxh", ("officer", "leader", "platform_operator")),
    Target("inspection", refused_path="^/v1/"),
    Target("case_support", "vhxh", ("officer", "leader", "platform_operator")),
    Target("case_support", refused_path="^/v1/"),
    # A peer educator: their own clients only (others' are "not found"), managing refused.
    Target("case_support", "mttq", ("collaborator",)),
    # Items, classification, takedowns and figures, as the police's cyber officers (evidence below).
    Target(
        "online_monitoring",
        "ca",
        ("officer", "leader", "platform_operator"),
        exclude_path="^/v1/(evidence|items/[^/]+/evidence)",
    ),
    Target("online_monitoring", refused_path="^/v1/"),
    # Evidence, as the police's cyber officers who capture, read and hand it over.
    Target(
        "online_monitoring",
        "ca",
        ("officer", "leader"),
        exclude_path="^/(?!v1/evidence|v1/items/[^/]+/evidence)",
    ),
]


# ------------------------------------------------- inputs that once were server errors, now client errors

IMPOSSIBLE_SEQS = [0, -1, 2**64]


# --------------------------------------------------------------------------------------------- the run


async def seed_intake(app: FastAPI, headers: dict[str, str]) -> dict[str, list[str]]:
    """Real tips (staff runs) and receipt codes, so the fuzz reaches past "not found"."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as c:
        tips = []
        if headers:
            for tip in TIPS:
                r = await c.post("/v1/tips", json=tip, headers=headers)
                assert r.status_code == 201, r.text
                tips.append(r.json()["id"])
        codes = []
        if not headers:
            for group in ("tdp-3", "tdp-4"):
                r = await c.post("/v1/public/tips", json={**PUBLIC_TIP, "residential_group": group})
                assert r.status_code == 201, r.text
                codes.append(r.json()["receipt_code"])
    return {"tips": tips, "codes": codes}


def fuzz_config(target: Target, headers: dict[str, str], known: dict[str, list[str]]) -> schemathesis.Config:
    project: dict[str, Any] = {
        "seed": SEED,
        "headers": headers,
        "generation": {
            "mode": "all",
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",
        },
        "phases": {"stateful": {"enabled": False}},
        "operations": [],
    }
    if target.exclude_path:
        project["operations"].append({"include-path-regex": target.exclude_path, "enabled": False})
    if target.refused_path:
        project["operations"].append(
            {
                "include-path-regex": target.refused_path,
                "generation": {"max-examples": 5},
                "phases": {"coverage": {"enabled": False}},
            }
        )
    # Known ids and codes for part of the cases; the rest stay generated (unknown, malformed).
    dictionaries = {name: {"values": values} for name, values in known.items() if values}
    if dictionaries:
        parameters = {}
        if "tips" in dictionaries:
            parameters["path.tip_id"] = {"dictionary": "tips", "probability": 0.6}
            parameters["body.into"] = {"dictionary": "tips", "probability": 0.6}
        if "codes" in dictionaries:
            parameters["body.code"] = {"dictionary": "codes", "probability": 0.6}
        project["dictionaries"] = dictionaries
        project["parameters"] = parameters
    return schemathesis.Config.from_dict(project)


@pytest.fixture(params=TARGETS, ids=lambda t: t.id)
def service_schema(
    request: pytest.FixtureRequest, service_db: Any, nats_url: str, ward: str
) -> Iterator[schemathesis.BaseSchema]:
    """The target service, running with its lifespan, and its served OpenAPI document wired to it."""
    target: Target = request.param
    # schemathesis 4.32.5 reads and rewrites ``Function._nodeid`` to name each operation's subtest;
    # pytest 9.2 no longer has the attribute (the node id lives in ``_id``). Give it one to rewrite.
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid
    settings_cls, build = BUILDERS[target.service]
    headers = target.headers(ward)

    def make_app(portal: BlockingPortal) -> FastAPI:
        db = portal.call(service_db, target.service)
        overrides = OVERRIDES.get(target.service, {})
        return build(settings_for(settings_cls, database_url=db, nats_url=nats_url, ward=ward, **overrides))

    with running(make_app) as (portal, app, bridge):
        known = portal.call(seed_intake, app, headers) if target.service == "intake" else {}
        yield schemathesis.openapi.from_asgi(
            "/openapi.json", bridge, config=fuzz_config(target, headers, known)
        )


schema = schemathesis.pytest.from_fixture("service_schema")


@schema.parametrize()
@pytest.mark.filterwarnings("ignore:Do not use the `random` module inside strategies")
def test_no_input_gets_a_server_error(case: Case[Any]) -> None:
    case.call_and_validate(checks=CHECKS)


# ------------------------------------------------ regressions the fuzz found (fixed; kept as tests)


@pytest.fixture
async def inspection(service_db: Any, nats_url: str, ward: str) -> AsyncIterator[httpx.AsyncClient]:
    """The smallest service (the platform endpoints only), called as an admin; a 500 is a response."""
    db = await service_db("inspection")
    app = build_inspection(settings_for(InspectionSettings, database_url=db, nats_url=nats_url, ward=ward))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=transport,
            base_url="http://127.0.0.1",
            headers=auth_headers(ward, "ubnd", "platform_operator", sub="ops"),
        ) as client,
    ):
        yield client


async def test_replay_of_an_impossible_seq_is_a_client_error(inspection: httpx.AsyncClient) -> None:
    statuses = {}
    for seq in IMPOSSIBLE_SEQS:
        r = await inspection.post(f"/v1/ops/dead-letters/{seq}/replay")
        assert r.headers["content-type"] == PROBLEM
        statuses[seq] = r.status_code
    assert all(400 <= status < 500 for status in statuses.values()), statuses


async def test_method_not_allowed_names_the_allowed_methods(inspection: httpx.AsyncClient) -> None:
    r = await inspection.request("TRACE", "/v1/ops/status")
    assert r.status_code == 405 and r.headers["content-type"] == PROBLEM
    assert "GET" in r.headers.get("allow", ""), "405 without an Allow header naming GET"
