"""The FastAPI application every service builds: health, readiness, operations, errors, CORS, tracing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, Literal

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.sdk.trace import SpanProcessor
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF
from pydantic import BaseModel

from shared.auth import PermissionTable
from shared.errors import install_problem_handlers, problem_response
from shared.http_security import NO_CDN_DOCS, Edge
from shared.messaging.consumer import Subscription
from shared.metrics import METRICS_PATH, Metrics, ServiceGauge, metrics_endpoint
from shared.ops import RuntimeDep, ops_router
from shared.runtime import DepsT, Runtime, SettingsT, UowT
from shared.telemetry import UNTRACED, TraceContext, setup_tracing


def no_deps(_rt: Runtime[Any, Any, Any]) -> None:
    return None


@dataclass(frozen=True)
class ServiceDefinition(Generic[SettingsT, DepsT, UowT]):
    """What a service contributes; the platform builds the rest around it."""

    settings: SettingsT
    title: str
    description: str
    routers: Sequence[APIRouter]
    permissions: PermissionTable
    unit_of_work: Callable[[Runtime[SettingsT, DepsT, UowT]], UowT]
    build_deps: Callable[[Runtime[SettingsT, DepsT, UowT]], DepsT]
    subscriptions: Callable[[Runtime[SettingsT, DepsT, UowT]], Sequence[Subscription[UowT]]] = lambda _rt: ()
    background: Sequence[Callable[[Runtime[SettingsT, DepsT, UowT], asyncio.Event], Awaitable[None]]] = ()
    extra_span_processor: SpanProcessor | None = None
    on_start: Callable[[Runtime[SettingsT, DepsT, UowT]], Awaitable[None]] | None = None
    errors: Mapping[type[Exception], tuple[int, str, str]] = field(default_factory=dict)
    max_body_bytes: int = 64 * 1024
    # Paths (exact) that take larger bodies, e.g. a file upload: path -> its own limit.
    large_bodies: Mapping[str, int] = field(default_factory=dict)
    tags: list[dict[str, Any]] = field(default_factory=list)
    # Figures only this service knows, exported at /metrics beside the platform's (shared/metrics.py).
    gauges: Sequence[ServiceGauge] = ()


class Health(BaseModel):
    status: str
    service: str


class Readiness(BaseModel):
    """``ready``: everything works. ``taking_writes``: the database is reachable, so the service takes
    writes, but its events wait in the outbox (``nats``/``publishing`` false) or its consumers are not
    bound yet; it stays in service (200), the outbox absorbs a NATS outage."""

    status: Literal["ready", "taking_writes"]
    checks: dict[str, bool]
    detail: str = ""


READY_DETAIL = {
    "ready": "Mọi thành phần hoạt động / everything works",
    "taking_writes": (
        "Nhận ghi; sự kiện chờ trong outbox cho đến khi NATS trở lại / "
        "takes writes; events wait in the outbox until NATS is back (see checks)"
    ),
}


def _health_router() -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/healthz", summary="The process is alive")
    async def healthz(rt: RuntimeDep) -> Health:
        return Health(status="ok", service=rt.service)

    @router.get(
        "/readyz",
        summary="Takes writes (database reachable); checks say whether events are published",
        description=(
            "200 while the database is reachable: the service takes writes even with NATS down, its "
            "events wait in the outbox. `status` is `ready` when every check passes, `taking_writes` "
            "when `nats`, `publishing` or `consumers` is false. 503 when the database is unreachable."
        ),
        response_model=Readiness,
    )
    async def readyz(rt: RuntimeDep) -> Any:
        checks = await rt.readiness()
        if not checks["database"]:
            return problem_response(503, "not-ready", "Chưa sẵn sàng / Not ready", "", checks=checks)
        status = "ready" if all(checks.values()) else "taking_writes"
        return Readiness(status=status, checks=checks, detail=READY_DETAIL[status])

    return router


class ProblemDocument(BaseModel):
    """RFC 9457 problem details, as every error of every service is answered."""

    type: str
    title: str
    status: int
    detail: str = ""


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDocument"}}},
    }


# What any endpoint may answer besides its success; each route adds what applies to it.
COMMON_PROBLEMS: dict[int | str, dict[str, Any]] = {
    400: _problem("Yêu cầu không hợp lệ / Bad request"),
    413: _problem("Dữ liệu quá lớn / Payload too large"),
    422: _problem("Dữ liệu không hợp lệ / Invalid data (`errors` names each field)"),
    500: _problem("Lỗi hệ thống / Internal error"),
}
GUARDED_PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: _problem("Chưa xác thực / Missing or invalid bearer token"),
    403: _problem("Không có quyền / The caller's unit and role may not do this"),
}


def _document_openapi(app: FastAPI) -> None:
    """The OpenAPI document says what is really answered: problem+json errors, 429 with Retry-After
    on the public endpoints, and the bearer scheme on every guarded operation (for Swagger's
    "Authorize" and for generated clients)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes,
            tags=app.openapi_tags,
        )  # fmt: skip
        components = schema.setdefault("components", {})
        components.setdefault("schemas", {})["ProblemDocument"] = ProblemDocument.model_json_schema()
        components["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
        }
        guarded = {
            (method.lower(), route.path)
            for route in api_routes(app.routes)
            if _guarded(route)
            for method in route.methods or ()
        }
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                responses = operation.setdefault("responses", {})
                extra = dict(COMMON_PROBLEMS)
                if (method, path) in guarded:
                    operation["security"] = [{"bearer": []}]
                    extra.update(GUARDED_PROBLEMS)
                elif path.startswith("/v1/public"):
                    extra[429] = {
                        **_problem("Quá nhiều yêu cầu / Too many requests"),
                        "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "seconds"}},
                    }
                for status, response in extra.items():
                    responses[str(status)] = response
        schema["components"]["schemas"].pop("HTTPValidationError", None)
        schema["components"]["schemas"].pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def api_routes(routes: Sequence[Any]) -> list[APIRoute]:
    """Every API route, including those of included routers (FastAPI keeps them nested)."""
    found: list[APIRoute] = []
    for route in routes:
        if hasattr(route, "original_router"):
            found.extend(api_routes(route.original_router.routes))
        elif isinstance(route, APIRoute):
            found.append(route)
    return found


def _guarded(route: APIRoute) -> bool:
    return any(hasattr(d.call, "permission") for d in route.dependant.dependencies)


def create_app(definition: ServiceDefinition[SettingsT, DepsT, UowT]) -> FastAPI:
    """The composition root calls this; nothing connects until the lifespan starts."""
    settings = definition.settings
    tracer_provider = setup_tracing(settings.service_name, definition.extra_span_processor)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = Runtime(settings, definition.unit_of_work, definition.build_deps, tracer_provider)
        app.state.runtime = runtime
        await runtime.connect()
        app.state.authenticator = runtime.authenticator
        if definition.on_start is not None:
            await definition.on_start(runtime)  # before the consumers and background tasks start
        runtime.launch(definition.subscriptions, definition.background)
        try:
            yield
        finally:
            await runtime.stop()
            await runtime.authenticator.aclose()

    app = FastAPI(
        title=definition.title,
        description=definition.description,
        version="1.0.0",
        lifespan=lifespan,
        openapi_tags=definition.tags or None,
        # FastAPI's own OpenTelemetry spans, metrics and logs are off: the platform makes its own (Edge,
        # TraceContext, or the instrumentation when spans are recorded, which keeps the public untraced).
        telemetry={"tracing": False, "metrics": False, "logs": False},
        **NO_CDN_DOCS,
    )
    install_problem_handlers(app)
    for exc_type, (status, slug, title) in definition.errors.items():
        app.add_exception_handler(exc_type, _domain_handler(status, slug, title))
    app.include_router(_health_router())
    app.include_router(ops_router())
    app.state.metrics = metrics = Metrics(settings.service_name, definition.gauges)
    # Unauthenticated like /healthz (counts only) and kept off the public ingress: shared/metrics.py.
    app.add_route(METRICS_PATH, metrics_endpoint, include_in_schema=False)
    for router in definition.routers:
        app.include_router(router)
    _document_openapi(app)
    if settings.cors_origin_list:
        app.add_middleware(
            CORSMiddleware, allow_origins=settings.cors_origin_list, allow_methods=["*"], allow_headers=["*"]
        )
    recording = tracer_provider.sampler is not ALWAYS_OFF
    app.add_middleware(
        Edge,
        metrics=metrics,
        max_bytes=definition.max_body_bytes,
        large_bodies=definition.large_bodies,
        hsts=settings.env == "production",
        trace_context=None if recording else TraceContext(tracer_provider, UNTRACED),
    )
    if recording:  # spans go somewhere: the server span with its attributes, outside the edge
        FastAPIInstrumentor.instrument_app(
            app,
            tracer_provider=tracer_provider,
            excluded_urls=",".join(UNTRACED),  # the public's calls are not traced at all
            exclude_spans=["receive", "send"],
        )
    return app


def _domain_handler(
    status: int, slug: str, title: str
) -> Callable[[Request, Exception], Awaitable[Response]]:
    async def handler(_: Request, exc: Exception) -> Response:
        extras = getattr(exc, "problem_extras", None)  # fields a client can act on, e.g. the allowed steps
        return problem_response(status, slug, title, str(exc), **(extras() if callable(extras) else {}))

    return handler
