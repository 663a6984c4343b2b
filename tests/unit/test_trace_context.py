"""Without an exporter, a request still runs in a trace: the caller's, or a new one; never the public's."""

from __future__ import annotations

import os

import httpx
from opentelemetry import trace
from opentelemetry.trace import SpanContext

from services.intake.main import build_app
from services.intake.settings import IntakeSettings

CALLER_TRACE, CALLER_SPAN = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"


async def test_a_request_continues_the_callers_trace_or_starts_one_and_the_public_gets_none() -> None:
    seen: list[tuple[SpanContext, bool]] = []

    async def probe() -> dict[str, str]:
        span = trace.get_current_span()
        seen.append((span.get_span_context(), span.is_recording()))
        return {}

    app = build_app(IntakeSettings.model_construct(env="development"))  # not started: no database needed
    assert "OTEL_EXPORTER_OTLP_ENDPOINT" not in os.environ, "spans would be recorded"
    app.add_api_route("/v1/probe", probe)
    app.add_api_route("/v1/public/probe", probe)
    caller = {"traceparent": f"00-{CALLER_TRACE}-{CALLER_SPAN}-01"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        answers = [
            await c.get("/v1/probe", headers=caller),
            await c.get("/v1/probe"),
            await c.get("/v1/probe"),
            await c.get("/v1/public/probe", headers=caller),
        ]
    assert [a.status_code for a in answers] == [200] * 4
    (child, r1), (new1, r2), (new2, r3), (public, r4) = seen
    assert format(child.trace_id, "032x") == CALLER_TRACE and format(child.span_id, "016x") != CALLER_SPAN
    assert new1.is_valid and new2.is_valid and new1.trace_id != new2.trace_id != child.trace_id
    assert not public.is_valid, "the public's calls are not traced"
    assert not any((r1, r2, r3, r4)), "nothing is recorded without an exporter"
    assert not trace.get_current_span().get_span_context().is_valid, "the request's context is left"
