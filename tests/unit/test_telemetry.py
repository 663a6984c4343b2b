"""Spans leave the process without what could say who called."""

from __future__ import annotations

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from shared.telemetry import DROPPED_ATTRIBUTES, Scrubbing


def test_caller_attributes_are_dropped_before_any_exporter_sees_them() -> None:
    exported = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(Scrubbing(SimpleSpanProcessor(exported)))
    with provider.get_tracer("t").start_as_current_span("POST /v1/tips") as span:
        span.set_attributes(
            {
                "net.peer.ip": "203.0.113.7",
                "client.address": "203.0.113.7",
                "http.user_agent": "Mozilla/5.0",
                "user_agent.original": "Mozilla/5.0",
                "http.request.header.authorization": "Bearer x",
                "url.query": "q=1",
                "http.route": "/v1/tips",
                "http.status_code": 201,
            }
        )
    (finished,) = exported.get_finished_spans()
    assert dict(finished.attributes or {}) == {"http.route": "/v1/tips", "http.status_code": 201}
    assert {"net.peer.ip", "client.address", "http.user_agent"} <= DROPPED_ATTRIBUTES
