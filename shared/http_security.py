"""The edge of every service's HTTP app (``shared.app.create_app`` adds it): the response headers every
service sends for the browser's protection, the body limit, request metrics, correlation ids and logs."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Mapping
from typing import TypedDict

from fastapi import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.errors import Problem, internal_error, problem_response
from shared.messaging.envelope import causal_context
from shared.metrics import Metrics
from shared.telemetry import TraceContext

log = logging.getLogger("pcmd.http")


# FastAPI's Swagger UI and ReDoc pages load their scripts from a CDN: both are off, in every
# environment (no pinned package ships a Swagger UI that renders OpenAPI 3.1); /openapi.json stays.
class _Docs(TypedDict):
    docs_url: None
    redoc_url: None


NO_CDN_DOCS: _Docs = {"docs_url": None, "redoc_url": None}

# A year, subdomains included: production is served over HTTPS only (the ingress terminates TLS).
HSTS = b"max-age=31536000; includeSubDomains"


class PayloadTooLarge(Problem):
    status, type_slug, title = 413, "too-large", "Dữ liệu quá lớn / Payload too large"


_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_QUIET = frozenset({"/healthz", "/readyz"})  # answered, counted and timed, never logged


class Edge:
    """One pure-ASGI layer around every HTTP request (one layer, not four: each costs a closure and a
    frame per message), in this order:

    - ``Strict-Transport-Security`` on every answer, errors included, when ``hsts`` (production);
    - bodies over ``max_bytes`` (or a path's own limit in ``large_bodies``) refused with 413, whether or
      not Content-Length is sent;
    - each request counted and timed by route template (``unmatched`` when no route matched);
    - a correlation id (a caller's well-formed ``X-Request-ID``, else a new one), echoed and given to the
      events the request emits, and one log line naming the route template, never the raw path or query;
    - an unexpected exception answered 500 here, not by Starlette's outermost handler, which re-raises to
      the server and so closes the keep-alive connection (the client's next request would fail too);
    - when spans are not recorded, the trace context (see ``shared.telemetry.TraceContext``).
    """

    def __init__(
        self, app: ASGIApp, *, metrics: Metrics, max_bytes: int, large_bodies: Mapping[str, int],
        hsts: bool, trace_context: TraceContext | None = None,
    ) -> None:  # fmt: skip
        self.app, self.metrics, self.max_bytes, self.hsts = app, metrics, max_bytes, hsts
        self.large_bodies = dict(large_bodies)
        self.trace_context = trace_context

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        hsts = self.hsts
        limit = self.large_bodies.get(scope["path"], self.max_bytes) if self.large_bodies else self.max_bytes
        declared, given, traceparent = _read_headers(scope)
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(limit)(scope, receive, _hsts_send(send) if hsts else send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise PayloadTooLarge(f"the body is larger than {limit} bytes")
            return message

        text = given.decode("latin-1")
        correlation = text if given and _REQUEST_ID.match(text) else str(uuid.uuid4())
        echoed = (b"x-request-id", correlation.encode())
        started = time.perf_counter()
        status = 0

        async def tracked(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = message.get("headers", [])
                message["headers"] = [*(_with_hsts(headers) if hsts else headers), echoed]
            await send(message)

        traced = self.trace_context.enter(scope, traceparent) if self.trace_context is not None else None
        try:  # the log line carries the trace's ids
            with causal_context(correlation):
                try:
                    try:
                        await self.app(scope, limited, tracked)
                    except Exception:
                        if status:  # the answer had begun: nothing else can be sent
                            raise
                        log.exception("unhandled error", extra={"route": _route(scope, "?")})
                        await internal_error()(scope, receive, tracked)
                finally:
                    seconds = time.perf_counter() - started
                    self.metrics.record_request(
                        scope["method"], _route(scope, "unmatched"), status or 500, seconds
                    )
            if scope["path"] not in _QUIET:
                extra = {
                    "method": scope["method"],
                    "route": _route(scope, "?"),
                    "status": status or 500,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                }
                log.info("request", extra=extra)
        finally:
            TraceContext.exit(traced)


def _read_headers(scope: Scope) -> tuple[bytes | None, bytes, bytes | None]:
    """The request's Content-Length, X-Request-ID and traceparent, in one pass over its headers."""
    declared, given, traceparent = None, b"", None
    for name, value in scope["headers"]:
        if name == b"content-length":
            declared = value
        elif name == b"x-request-id":
            given = value
        elif name == b"traceparent":
            traceparent = value
    return declared, given, traceparent


def _route(scope: Scope, default: str) -> str:
    return getattr(scope.get("route"), "path", None) or default


def _too_large(limit: int) -> Response:
    detail = f"the body is larger than {limit} bytes"
    return problem_response(413, PayloadTooLarge.type_slug, PayloadTooLarge.title, detail)


def _with_hsts(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """``headers`` with this service's Strict-Transport-Security in place of any other."""
    kept = [h for h in headers if h[0].lower() != b"strict-transport-security"]
    return [*kept, (b"strict-transport-security", HSTS)]


def _hsts_send(send: Send) -> Send:
    async def with_hsts(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = _with_hsts(message.get("headers", []))
        await send(message)

    return with_hsts
