"""OpenTelemetry metrics every service exports for Prometheus at ``GET /metrics``.

Two kinds of figures:

- **Requests**: a counter and a latency histogram per HTTP method, route *template* (``/v1/tips/{tip_id}``,
  never the raw path: no ids in labels) and status, recorded by ``shared.http_security.Edge``.
- **Operations**: observable instruments read at scrape time from the same sources as
  ``/v1/ops/status`` (:meth:`Runtime.status`: outbox backlog, consumer lag per durable, dead letters,
  the relay's publish counter), plus the age of the oldest unpublished outbox row and, for intake,
  the open tips past their due time. Nothing is counted twice: a scrape asks the runtime, then the
  callbacks hand its answer to the OpenTelemetry SDK, which the Prometheus reader renders.

``/metrics`` is unauthenticated, like ``/healthz``: it carries counts, ages and route templates only,
never personal data, ids or paths. Without a metrics port (tests, ``pcmd run``) it is served on the
API's port. With one (``pcmd serve --metrics-port``, as deployed) :class:`MetricsPort` routes by the port
a request arrived on: the metrics port answers only ``/metrics``, the API port everything but it
(``deploy/prometheus/README.md``); the public ingress routes neither.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import Request, Response
from opentelemetry.exporter.prometheus import PrometheusMetricReader
from opentelemetry.metrics import CallbackOptions, Observation
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.view import ExplicitBucketHistogramAggregation, View
from opentelemetry.sdk.resources import Resource
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import ASGIApp, Receive, Scope, Send

from shared.db import OutboxRecord

log = logging.getLogger(__name__)

METRICS_PATH = "/metrics"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass(frozen=True)
class ServiceGauge:
    """A figure only one service knows (e.g. intake's overdue tips), read from its own tables by its
    own repository at each scrape: the platform exports it without knowing the service's rules."""

    name: str  # OpenTelemetry name, e.g. "pcmd.tips.overdue" (Prometheus: pcmd_tips_overdue)
    description: str
    read: Callable[[AsyncSession], Awaitable[float]]


# The Prometheus names of every exported metric (the dashboard and alert rules use only these).
NAMES = (
    "pcmd_http_requests_total",
    "pcmd_http_request_duration_seconds",
    "pcmd_outbox_backlog",
    "pcmd_outbox_oldest_age_seconds",
    "pcmd_consumer_lag",
    "pcmd_dead_letters",
    "pcmd_relay_quarantined",
    "pcmd_relay_published_total",
    "pcmd_publishing",
    "pcmd_consumers_ready",
    "pcmd_tips_overdue",
)


class Metrics:
    """The instruments of one service (its own registry, so several apps in a process stay apart)."""

    def __init__(self, service: str, gauges: Sequence[ServiceGauge] = ()) -> None:
        self.service = service
        self.gauges = tuple(gauges)
        self.registry = CollectorRegistry(auto_describe=False)
        reader = PrometheusMetricReader(registry=self.registry)
        self.provider = MeterProvider(
            metric_readers=[reader],
            resource=Resource.create({"service.name": f"pcmd-{service}"}),
            views=[
                View(
                    instrument_name="pcmd.http.request.duration",
                    aggregation=ExplicitBucketHistogramAggregation(LATENCY_BUCKETS),
                )
            ],
        )
        meter = self.provider.get_meter("pcmd")
        self._figures: dict[str, Any] = {}
        # Counted here and handed to the SDK at scrape time: a plain increment per request, where the
        # SDK's counter checked and hashed the labels on every call (the histogram still does, once).
        self._requests: Counter[tuple[str, str, int]] = Counter()
        meter.create_observable_counter(
            "pcmd.http.requests", [self._observe_requests],
            description="HTTP requests answered, by method, route template and status",
        )  # fmt: skip
        self.latency = meter.create_histogram(
            "pcmd.http.request.duration", unit="s", description="HTTP request latency by route template"
        )
        status_gauges = {
            "pcmd.outbox.backlog": ("outbox_backlog", "Outbox rows not yet published", ""),
            "pcmd.outbox.oldest.age": ("outbox_oldest_age", "Age of the oldest unpublished outbox row", "s"),
            "pcmd.dead.letters": ("dead_letters", "Dead letters of this service (relay's included)", ""),
            "pcmd.relay.quarantined": ("quarantined", "Outbox rows JetStream refused, now dead letters", ""),
            "pcmd.publishing": ("publishing", "1 when the relay can publish (NATS up, streams declared)", ""),
            "pcmd.consumers.ready": ("consumers_ready", "1 when every consumer is bound", ""),
        }
        for name, (key, description, unit) in status_gauges.items():
            meter.create_observable_gauge(name, [self._figure(key)], unit=unit, description=description)
        meter.create_observable_gauge(
            "pcmd.consumer.lag",
            [self._lag],
            description="Messages pending or unacknowledged per durable consumer",
        )
        meter.create_observable_counter(
            "pcmd.relay.published", [self._figure("published_since_start")],
            description="Outbox events the relay published since the process started",
        )  # fmt: skip
        for gauge in self.gauges:
            observe = self._figure(gauge.name)
            meter.create_observable_gauge(gauge.name, [observe], description=gauge.description)

    def _figure(self, key: str) -> Any:
        def observe(_: CallbackOptions) -> Iterable[Observation]:
            value = self._figures.get(key)
            if value is None:
                return []
            return [Observation(float(value), {"service": self.service})]

        return observe

    def _lag(self, _: CallbackOptions) -> Iterable[Observation]:
        lag: dict[str, int] = self._figures.get("consumer_lag") or {}
        return [
            Observation(float(n), {"service": self.service, "consumer": name})
            for name, n in sorted(lag.items())
            if n >= 0  # -1: the consumer's info could not be read; no figure rather than a false one
        ]

    def _observe_requests(self, _: CallbackOptions) -> Iterable[Observation]:
        return [
            Observation(n, {"service": self.service, "method": method, "route": route, "status": str(status)})
            for (method, route, status), n in list(self._requests.items())
        ]

    def record_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self._requests[method, route, status] += 1
        self.latency.record(seconds, {"service": self.service, "method": method, "route": route})

    async def refresh(self, rt: Any) -> None:
        """Ask the runtime what ``/v1/ops/status`` answers, plus the two figures it does not carry."""
        figures: dict[str, Any] = {
            "published_since_start": rt.relay.published_total,
            "publishing": rt.publishing,
            "consumers_ready": rt.consumers_ready,
        }
        try:
            if rt.nc.is_connected:
                figures.update(await rt.status())
            else:  # NATS down: its figures (dead letters, lag) are absent, the outbox's are not
                figures["outbox_backlog"] = await rt.relay.backlog()
        except Exception:
            log.warning("metrics: the operational status could not be read", exc_info=True)
        try:
            async with rt.session_factory() as session:
                oldest = await session.scalar(
                    select(func.min(OutboxRecord.created_at)).where(OutboxRecord.published_at.is_(None))
                )
                if oldest is not None:
                    age = (dt.datetime.now(dt.UTC) - _aware(oldest)).total_seconds()
                    figures["outbox_oldest_age"] = max(age, 0.0)
                else:
                    figures["outbox_oldest_age"] = 0.0
                for gauge in self.gauges:
                    figures[gauge.name] = await gauge.read(session)
        except Exception:
            log.warning("metrics: the database could not be read", exc_info=True)
        self._figures = figures

    def render(self) -> bytes:
        return generate_latest(self.registry)

    def shutdown(self) -> None:
        self.provider.shutdown()


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def not_found() -> Response:
    return Response("Not Found", status_code=404, media_type="text/plain")


def arrived_on(scope: Scope) -> int | None:
    """The local port a request arrived on (the ASGI scope's ``server``), None when unknown."""
    server = scope.get("server")
    return server[1] if server and len(server) > 1 else None


async def metrics_endpoint(request: Request) -> Response:
    """``GET /metrics``: the Prometheus text format (unauthenticated: counts only, see the module).
    With ``app.state.metrics_port`` set, only on that port (a second guard behind :class:`MetricsPort`)."""
    port = getattr(request.app.state, "metrics_port", None)
    if port is not None and arrived_on(request.scope) != port:
        return not_found()
    metrics: Metrics = request.app.state.metrics
    runtime = getattr(request.app.state, "runtime", None)
    if runtime is not None:
        await metrics.refresh(runtime)
    return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)


class MetricsPort:
    """Around a service's app when it serves ``/metrics`` on a port of its own: a request on
    ``metrics_port`` reaches only ``/metrics``, a request on any other port everything but ``/metrics``;
    the rest answer 404 before the app sees them. Lifespan events pass through."""

    def __init__(self, app: ASGIApp, metrics_port: int) -> None:
        self.app = app
        self.metrics_port = metrics_port

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            on_metrics_port = arrived_on(scope) == self.metrics_port
            if on_metrics_port != (scope["path"].rstrip("/") == METRICS_PATH):
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": 1008})
                else:
                    await not_found()(scope, receive, send)
                return
        await self.app(scope, receive, send)
