"""``GET /metrics`` of all five services running together (real PostgreSQL and NATS, the services' own
lifespans), parsed by the Prometheus client; and every metric the Grafana dashboard and the alert rules
query is one some service's scrape has (a dashboard pointing at nothing fails here).
"""

from __future__ import annotations

import importlib
import json
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import nats
import pytest
import yaml
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import update

from services.intake.main import build_app
from services.intake.repository.tables import TipRow
from services.intake.settings import IntakeSettings
from shared.contracts.catalog import SERVICES, stream_name
from tests.conftest import Postgres
from tests.helpers import auth_headers
from tests.integration.harness import eventually, serving, settings_for

ROOT = Path(__file__).resolve().parents[2]
TIP = {
    "kind": "denunciation",
    "channel": "hotline",
    "residential_group": "tdp-2",
    "subject": {"type": "place", "place_address": "ngõ 12"},
}
SEQ = "918273645"  # a dead letter id no service has: its route is counted by template, never by this id
REPLAY = "/v1/ops/dead-letters/{seq}/replay"
Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def scrape(client: httpx.AsyncClient) -> Samples:
    r = await client.get("/metrics")  # no bearer token: counts only, see shared/metrics.py
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(r.text)
        for s in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float | None:
    for (n, lbls), v in samples.items():
        if n == name and set(labels.items()) <= lbls:
            return v
    return None


def label_values(samples: Samples, name: str, label: str) -> set[str]:
    return {dict(lbls)[label] for n, lbls in samples if n == name and label in dict(lbls)}


@dataclass
class Running:
    ward: str
    apps: dict[str, FastAPI]
    clients: dict[str, httpx.AsyncClient]
    durables: dict[str, set[str]]  # per service, its durable consumers as JetStream lists them
    scrapes: dict[str, Samples]
    # per service, its dead-letter stream's count right after the scrape: the test NATS lives for the
    # whole session, so other tests' letters (poison events on purpose) are there too
    dead_letters: dict[str, int]


async def durables_on_the_broker(nats_url: str, ward: str) -> dict[str, set[str]]:
    """Each service's durable consumers of this ward, read from JetStream (not from the services)."""
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        found: dict[str, set[str]] = {s: set() for s in SERVICES}
        for producer in SERVICES:
            for info in await js.consumers_info(stream_name(producer)):
                name = info.config.durable_name or ""
                for service in SERVICES:
                    if name == f"{service}-{producer}-{ward}":
                        found[service].add(name)
        return found
    finally:
        await nc.close()


pytestmark = pytest.mark.timeout(400)  # the first test also starts the five services and waits for them


@pytest.fixture(scope="module")
async def five(postgres: Postgres, templates: dict[str, str], nats_url: str) -> AsyncIterator[Running]:
    """The five services, each after a request to one of its routes; intake after a tip (published,
    consumed, then made overdue); each scraped once everything is drained."""
    ward = f"t{uuid.uuid4().hex[:12]}"
    apps = {}
    for service in SERVICES:
        main = importlib.import_module(f"services.{service}.main")
        db = await postgres.create(f"t_{service}_{uuid.uuid4().hex[:10]}", template=templates[service])
        cls = type(main.load_settings())
        apps[service] = main.build_app(settings_for(cls, database_url=db, nats_url=nats_url, ward=ward))
    async with serving(apps) as clients:
        operator = auth_headers(ward, "ubnd", "operator")
        for client in clients.values():
            assert (await client.get("/v1/ops/status", headers=operator)).status_code == 200
            replay = await client.post(REPLAY.format(seq=SEQ), headers=operator)
            assert replay.status_code == 404, replay.text
        intake = clients["intake"]
        r = await intake.post("/v1/tips", json=TIP, headers=auth_headers(ward))
        assert r.status_code == 201, r.text
        tip_id = r.json()["id"]
        assert (await intake.get(f"/v1/tips/{tip_id}", headers=auth_headers(ward))).status_code == 200
        async with apps["intake"].state.runtime.session_factory() as session:
            overdue = update(TipRow).where(TipRow.id == uuid.UUID(tip_id)).values(due_at=TipRow.received_at)
            await session.execute(overdue)
            await session.commit()
        durables = await durables_on_the_broker(nats_url, ward)

        waiting: dict[str, float] = {}

        async def drained() -> dict[str, Samples] | None:
            scrapes = {s: await scrape(c) for s, c in clients.items()}
            waiting.clear()
            waiting["intake published"] = 1 - min(
                value(scrapes["intake"], "pcmd_relay_published_total") or 0, 1
            )
            for service, samples in scrapes.items():
                for (n, lbls), v in samples.items():
                    if n in ("pcmd_consumer_lag", "pcmd_outbox_backlog") and v:
                        waiting[f"{service} {n} {dict(lbls).get('consumer', '')}"] = v
            return scrapes if not any(waiting.values()) else None

        try:  # a loaded machine: generous, and says what it still waited for
            scrapes = await eventually(drained, timeout=120)
        except AssertionError as exc:
            raise AssertionError(f"not drained: {waiting}") from exc
        assert scrapes is not None
        letters = {s: await app.state.runtime.dead_letters.count() for s, app in apps.items()}
        yield Running(ward, apps, clients, durables, scrapes, letters)


@pytest.mark.parametrize("service", SERVICES)
async def test_requests_are_counted_and_timed_by_route_template(five: Running, service: str) -> None:
    samples = five.scrapes[service]
    assert value(samples, "pcmd_http_requests_total", route=REPLAY, status="404", method="POST") == 1
    assert value(samples, "pcmd_http_requests_total", route="/v1/ops/status", status="200") == 1
    assert value(samples, "pcmd_http_request_duration_seconds_count", route=REPLAY, method="POST") == 1
    buckets = label_values(samples, "pcmd_http_request_duration_seconds_bucket", "le")
    assert {"0.005", "10.0", "+Inf"} <= buckets
    assert not [v for _, lbls in samples for _, v in lbls if SEQ in v]
    assert {dict(lbls)["service"] for (n, lbls) in samples if "service" in dict(lbls)} == {service}


def test_intake_counts_the_tip_routes_by_template_never_by_id(five: Running) -> None:
    samples = five.scrapes["intake"]
    routes = label_values(samples, "pcmd_http_requests_total", "route")
    assert {"/v1/tips", "/v1/tips/{tip_id}"} <= routes
    assert all(re.fullmatch(r"[/a-z0-9_{}.-]+|unmatched", r) for r in routes), routes
    assert not any(re.search(r"[0-9a-f]{8}-[0-9a-f]{4}", r) for r in routes), routes
    assert value(samples, "pcmd_http_requests_total", method="POST", route="/v1/tips", status="201") == 1


@pytest.mark.parametrize("service", SERVICES)
def test_the_outbox_dead_letters_and_relay_of_every_service_are_exported(five: Running, service: str) -> None:
    samples = five.scrapes[service]
    assert value(samples, "pcmd_outbox_backlog", service=service) == 0
    assert value(samples, "pcmd_outbox_oldest_age_seconds", service=service) == 0
    assert value(samples, "pcmd_dead_letters", service=service) == five.dead_letters[service]
    assert value(samples, "pcmd_relay_quarantined", service=service) == 0
    published = value(samples, "pcmd_relay_published_total", service=service)
    assert published is not None and published >= (1 if service == "intake" else 0)
    assert value(samples, "pcmd_publishing", service=service) == 1
    assert value(samples, "pcmd_consumers_ready", service=service) == 1


@pytest.mark.parametrize("service", SERVICES)
def test_the_lag_of_every_durable_consumer_is_exported(five: Running, service: str) -> None:
    durables = five.durables[service]
    assert durables, f"{service} has durable consumers on the broker"
    samples = five.scrapes[service]
    assert label_values(samples, "pcmd_consumer_lag", "consumer") == durables
    assert all(value(samples, "pcmd_consumer_lag", consumer=d) == 0 for d in durables)


def test_intake_exports_its_overdue_tips_and_no_other_service_does(five: Running) -> None:
    assert value(five.scrapes["intake"], "pcmd_tips_overdue", service="intake") == 1
    assert all(value(five.scrapes[s], "pcmd_tips_overdue") is None for s in SERVICES if s != "intake")


# --- the dashboard and the alert rules query only what the services export ---------------------------

PROMQL_WORDS = {
    "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool",
    "offset", "inf", "nan",
}  # fmt: skip


def promql_metric_names(expr: str) -> set[str]:
    """The metric names of a PromQL expression: every identifier that is not a function, a keyword,
    a label (in ``{...}`` matchers or ``by (...)`` lists) or a duration."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # label values
    text = re.sub(r"\{[^}]*\}", " ", text)  # label matchers
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    text = re.sub(r"\[[^\]]*\]", " ", text)  # range selectors and subqueries
    names = set()
    for m in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", text):
        following = text[m.end() :].lstrip()
        if following.startswith("(") or m.group().lower() in PROMQL_WORDS:
            continue
        if m.start() > 0 and (text[m.start() - 1].isdigit() or text[m.start() - 1] == "."):
            continue  # the unit of a duration or an exponent
        names.add(m.group())
    return names


def dashboard_exprs() -> list[str]:
    dash = json.loads((ROOT / "deploy/grafana/pcmd-dashboard.json").read_text(encoding="utf-8"))
    return [t["expr"] for p in dash["panels"] for t in p.get("targets", [])]


def alert_exprs() -> list[str]:
    doc = yaml.safe_load((ROOT / "deploy/prometheus/alerts.yml").read_text(encoding="utf-8"))
    return [rule["expr"] for group in doc["groups"] for rule in group["rules"]]


def test_the_promql_parser_finds_names_and_skips_labels_functions_and_durations() -> None:
    expr = (
        'histogram_quantile(0.95, sum by (service, le) (rate(pcmd_a_bucket{status=~"5.."}[5m]))) '
        "/ on(service) group_left pcmd_b > 0 and deriv(other_metric[10m:1m]) > 1e3 unless pcmd_c offset 1h"
    )
    assert promql_metric_names(expr) == {"pcmd_a_bucket", "pcmd_b", "other_metric", "pcmd_c"}


@pytest.mark.parametrize(("where", "exprs"), [("dashboard", dashboard_exprs), ("alerts", alert_exprs)])
def test_every_metric_the_dashboard_and_the_alerts_query_is_scraped(
    five: Running, where: str, exprs: Any
) -> None:
    scraped = {n for samples in five.scrapes.values() for n, _ in samples}
    used = {n for e in exprs() for n in promql_metric_names(e)}
    assert len(used) >= 5, used
    assert used <= scraped, f"{where} queries metrics no service exports: {sorted(used - scraped)}"


# --- a stopped relay ----------------------------------------------------------------------------------


@pytest.fixture
async def intake_without_nats(service_db: Any, ward: str) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """NATS unreachable: the relay never starts, so the outbox keeps every event (a stopped relay)."""
    db = await service_db("intake")
    settings = settings_for(IntakeSettings, database_url=db, nats_url="nats://127.0.0.1:1", ward=ward)
    app = build_app(settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c,
    ):
        yield app, c


async def test_the_backlog_of_a_stopped_relay_is_exported(
    intake_without_nats: tuple[FastAPI, httpx.AsyncClient], ward: str
) -> None:
    app, client = intake_without_nats
    before = await scrape(client)
    assert value(before, "pcmd_outbox_backlog") == 0
    r = await client.post("/v1/tips", json=TIP, headers=auth_headers(ward))
    assert r.status_code == 201, r.text
    waiting = await app.state.runtime.relay.backlog()
    assert waiting >= 1
    after = await scrape(client)
    assert value(after, "pcmd_outbox_backlog") == waiting
    assert (value(after, "pcmd_outbox_oldest_age_seconds") or 0) > 0
    assert value(after, "pcmd_publishing") == 0
    assert value(after, "pcmd_relay_published_total") == 0
