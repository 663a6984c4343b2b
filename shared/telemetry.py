"""OpenTelemetry tracing and JSON logs carrying trace ids; one trace from HTTP to the consumer."""

from __future__ import annotations

import logging
import os
import sys

from opentelemetry import trace
from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF, ALWAYS_ON, ParentBased
from pythonjsonlogger.json import JsonFormatter


class _TraceIds(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        ctx = trace.get_current_span().get_span_context()
        record.trace_id = format(ctx.trace_id, "032x") if ctx.is_valid else ""
        record.span_id = format(ctx.span_id, "016x") if ctx.is_valid else ""
        return True


def setup_logging(service: str, level: str = "INFO") -> None:
    """JSON lines on stderr. Callers log ids and counts, never personal data."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(trace_id)s %(span_id)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            static_fields={"service": service},
        )
    )
    handler.addFilter(_TraceIds())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("uvicorn.access", "nats", "faststream.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def setup_tracing(service: str, extra_processor: SpanProcessor | None = None) -> TracerProvider:
    """A provider for this process; OTLP over HTTP when ``OTEL_EXPORTER_OTLP_ENDPOINT`` is set.

    With nowhere to send spans, none are recorded (a span costs CPU on every request and query),
    but trace context is still created and propagated into events, so a later hop can record.
    """
    exporting = bool(os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"))
    recording = exporting or extra_processor is not None
    provider = TracerProvider(
        resource=Resource.create({"service.name": f"pcmd-{service}"}),
        sampler=ParentBased(ALWAYS_ON) if recording else ALWAYS_OFF,
    )
    if exporting:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    if extra_processor is not None:
        provider.add_span_processor(extra_processor)
    trace.set_tracer_provider(provider)
    if recording:
        AsyncPGInstrumentor().instrument(tracer_provider=provider)  # type: ignore[no-untyped-call]
    return provider
