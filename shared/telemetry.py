"""OpenTelemetry tracing and JSON logs carrying trace ids; one trace from HTTP to the consumer."""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import MutableMapping
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.context import Context
from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, Span, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF, ALWAYS_ON, ParentBased
from opentelemetry.trace import INVALID_SPAN_CONTEXT, NonRecordingSpan, SpanContext
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
    # A line names neither its source line nor its thread or process (the format has none of them):
    # not looked up for every record (the logging HOWTO's "Optimization").
    logging._srcfile = None
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("uvicorn.access", "nats", "faststream.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


# Span attributes that could say who called or what they sent: dropped in the process, before any
# exporter sees them (the collector's own scrub is a second line, not the first).
DROPPED_ATTRIBUTES = frozenset(
    {
        "net.peer.ip", "net.peer.port", "net.sock.peer.addr", "net.sock.peer.port", "client.address",
        "client.port", "http.client_ip", "http.user_agent", "user_agent.original", "http.url", "url.full",
        "url.query", "http.target", "enduser.id",
    }
)  # fmt: skip
DROPPED_PREFIXES = ("http.request.header.", "http.response.header.")


def _kept(key: str) -> bool:
    return key not in DROPPED_ATTRIBUTES and not key.startswith(DROPPED_PREFIXES)


def scrubbed(span: ReadableSpan) -> ReadableSpan:
    """A copy of a finished span without the attributes that could identify a caller."""
    attributes = span.attributes or {}
    if all(_kept(k) for k in attributes):
        return span
    return ReadableSpan(
        name=span.name,
        context=span.context,
        parent=span.parent,
        resource=span.resource,
        attributes={k: v for k, v in attributes.items() if _kept(k)},
        events=span.events,
        links=span.links,
        kind=span.kind,
        status=span.status,
        start_time=span.start_time,
        end_time=span.end_time,
        instrumentation_scope=span.instrumentation_scope,
    )


class Scrubbing(SpanProcessor):
    """Hands the wrapped processor (and so its exporter) only scrubbed copies of finished spans."""

    def __init__(self, inner: SpanProcessor) -> None:
        self._inner = inner

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        self._inner.on_start(span, parent_context)

    def on_end(self, span: ReadableSpan) -> None:
        self._inner.on_end(scrubbed(span))

    def shutdown(self) -> None:
        self._inner.shutdown()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return self._inner.force_flush(timeout_millis)


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

        provider.add_span_processor(Scrubbing(BatchSpanProcessor(OTLPSpanExporter())))
    if extra_processor is not None:
        provider.add_span_processor(Scrubbing(extra_processor))
    trace.set_tracer_provider(provider)
    if recording:
        AsyncPGInstrumentor().instrument(tracer_provider=provider)  # type: ignore[no-untyped-call]
    return provider


# What is never traced (regular expressions searched in the URL, as the ASGI instrumentation takes them).
UNTRACED = ("healthz", "readyz", "v1/public")  # the public's calls are not traced at all


class TraceContext:
    """The trace context of a request when spans are not recorded (``setup_tracing``: nowhere to send
    them). The ASGI instrumentation would cost a tenth of a request's CPU to build a span nobody
    records; this gives the request what it would have given it for less: a non-recording server span,
    child of the caller's ``traceparent`` when one is sent (new ids from the provider's generator, as the
    SDK would make), current while the request runs, so its events and log lines carry its trace."""

    def __init__(self, provider: TracerProvider, untraced: tuple[str, ...] = UNTRACED) -> None:
        self._ids = provider.id_generator
        self._untraced = re.compile("|".join(untraced))

    def enter(self, scope: MutableMapping[str, Any], traceparent: bytes | None) -> object | None:
        """Make the request's span current; the token to give :meth:`exit`, None for an untraced path."""
        if self._untraced.search(scope["path"]):
            return None
        parent = INVALID_SPAN_CONTEXT
        if traceparent is not None:
            carrier = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            parent = trace.get_current_span(propagate.extract(carrier)).get_span_context()
        trace_id = parent.trace_id if parent.is_valid else self._ids.generate_trace_id()
        context = SpanContext(trace_id, self._ids.generate_span_id(), False, trace_state=parent.trace_state)
        span = NonRecordingSpan(context)
        return otel_context.attach(trace.set_span_in_context(span))

    @staticmethod
    def exit(token: object | None) -> None:
        if token is not None:
            otel_context.detach(token)  # type: ignore[arg-type]
