"""One trace runs from the HTTP request through the outbox and NATS into the consumer."""

from __future__ import annotations

from typing import Any

import httpx
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from services.intake.main import build_app as build_intake
from services.intake.settings import IntakeSettings
from services.reporting.main import build_app as build_reporting
from services.reporting.settings import ReportingSettings
from shared.telemetry import DROPPED_ATTRIBUTES
from tests.helpers import auth_headers
from tests.integration.harness import eventually, settings_for


async def test_http_request_outbox_nats_and_consumer_share_one_trace(
    service_db: Any, nats_url: str, ward: str
) -> None:
    spans = InMemorySpanExporter()
    processor = SimpleSpanProcessor(spans)
    intake = build_intake(
        settings_for(IntakeSettings, database_url=await service_db("intake"), nats_url=nats_url, ward=ward),
        span_processor=processor,
    )
    reporting = build_reporting(
        settings_for(
            ReportingSettings, database_url=await service_db("reporting"), nats_url=nats_url, ward=ward
        ),
        span_processor=processor,
    )
    async with intake.router.lifespan_context(intake), reporting.router.lifespan_context(reporting):
        transport = httpx.ASGITransport(app=intake)
        async with httpx.AsyncClient(transport=transport, base_url="http://intake") as client:
            r = await client.post(
                "/v1/tips",
                json={
                    "kind": "report",
                    "channel": "hotline",
                    "residential_group": "tdp-1",
                    "subject": {"type": "place"},
                },
                headers=auth_headers(ward),
            )
            assert r.status_code == 201, r.text
            public = {"kind": "report", "residential_group": "tdp-1", "subject": {"type": "place"}}
            r = await client.post("/v1/public/tips", json={**public, "description": "x"})
            assert r.status_code == 201, r.text

        def caller_attributes() -> list[str]:
            return sorted(
                f"{s.name}: {key}"
                for s in spans.get_finished_spans()
                for key in (s.attributes or {})
                if key in DROPPED_ATTRIBUTES or key.startswith("http.request.header.")
            )

        def server_span() -> Any:
            return next(
                (
                    s
                    for s in spans.get_finished_spans()
                    if s.kind == SpanKind.SERVER and s.attributes.get("http.route") == "/v1/tips"
                ),
                None,
            )

        async def consumer_spans() -> list[Any]:
            request = server_span()
            if request is None:
                return []
            return [
                s
                for s in spans.get_finished_spans()
                if s.kind == SpanKind.CONSUMER and s.context.trace_id == request.context.trace_id
            ]

        found = await eventually(consumer_spans, timeout=20)
        assert found[0].resource.attributes["service.name"] == "pcmd-reporting"
        assert server_span().resource.attributes["service.name"] == "pcmd-intake"
        assert caller_attributes() == [], "no caller address, user agent or header leaves the process"
        public_spans = [s for s in spans.get_finished_spans() if "/v1/public" in s.name]
        assert public_spans == [], "the public's calls are not traced"
