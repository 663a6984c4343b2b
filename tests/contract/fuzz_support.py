"""Support for the OpenAPI fuzz: a service running in-process, reached by schemathesis, and the checks.

The service runs on an event loop of its own (an anyio blocking portal in a thread) with its lifespan
entered exactly as in production, so its database pool, NATS connection, relay, consumers and
background tasks are live while schemathesis' synchronous test body sends requests. Schemathesis'
in-process ASGI transport calls :class:`LoopBridge`, which reads the request on schemathesis' loop and
replays it to the real application on the service's loop: nothing leaves the process, no socket opens.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import anyio.to_thread
from anyio.from_thread import BlockingPortal, start_blocking_portal
from fastapi import FastAPI
from schemathesis import Case, CheckContext, Response
from schemathesis.core.failures import AcceptedNegativeData
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
)

from shared.errors import PROBLEM
from tests.integration.harness import eventually

Message = MutableMapping[str, Any]


@dataclass
class LoopBridge:
    """An ASGI app for schemathesis that hands each HTTP request to ``app`` on the portal's loop.

    Lifespan messages are not answered (the portal owner has already started the real lifespan), which
    ASGI servers, schemathesis included, read as "no lifespan support". Starlette re-raises an unhandled
    error after it has sent its 500 response; the bridge keeps that response, so the checks report the
    server error like any other (the traceback is in the captured log). An error without a 5xx response
    is raised.
    """

    app: FastAPI
    portal: BlockingPortal

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = bytearray()
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        messages = await anyio.to_thread.run_sync(self.portal.call, self._call, dict(scope), bytes(body))
        for message in messages:
            await send(message)

    async def _call(self, scope: dict[str, Any], body: bytes) -> list[Message]:
        messages: list[Message] = []
        done = anyio.Event()
        delivered = False

        async def receive() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            await done.wait()
            return {"type": "http.disconnect"}

        async def send(message: Message) -> None:
            messages.append(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                done.set()

        try:
            await self.app(scope, receive, send)
        except Exception:
            started = [m for m in messages if m["type"] == "http.response.start"]
            if not started or started[0]["status"] < 500:
                raise
        finally:
            done.set()
        return messages


@contextmanager
def running(
    make_app: Callable[[BlockingPortal], FastAPI],
) -> Iterator[tuple[BlockingPortal, FastAPI, LoopBridge]]:
    """An app from ``make_app``, its lifespan entered on a loop of its own, once it is ready.

    ``make_app`` runs with the portal already up, so it can prepare what the app needs on that loop
    (e.g. ``portal.call(service_db, "intake")``).
    """
    with start_blocking_portal() as portal:
        app = make_app(portal)
        with portal.wrap_async_context_manager(app.router.lifespan_context(app)):

            async def ready() -> bool:
                return all((await app.state.runtime.readiness()).values())

            portal.call(eventually, ready, 30.0)
            yield portal, app, LoopBridge(app, portal)


# ----------------------------------------------------------------------------------------------- checks


def problem_details(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """Every error is RFC 9457 problem+json: ``type``, ``title`` and the response's own ``status``."""
    if response.status_code < 400:
        return None
    content_type = (response.headers.get("content-type") or [""])[0]
    assert content_type.split(";")[0].strip() == PROBLEM, f"error {response.status_code} as {content_type!r}"
    try:
        problem = json.loads(response.content)
    except ValueError:
        raise AssertionError(f"error {response.status_code}: the body is not JSON") from None
    assert isinstance(problem, dict), "a problem is a JSON object"
    assert isinstance(problem.get("type"), str) and problem["type"], "problem without a type"
    assert isinstance(problem.get("title"), str), "problem without a title"
    assert problem.get("status") == response.status_code, (
        f"problem status {problem.get('status')!r} in a {response.status_code} response"
    )
    return None


def documented_success(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """Successful responses have the documented content type and match the documented schema.

    Errors are left to :func:`problem_details`: FastAPI documents its default 422 body
    (``application/json``, ``HTTPValidationError``) while the platform answers every error as
    problem+json, so schemathesis' conformance checks would flag every rejected input.
    """
    if response.status_code >= 400:
        return None
    content_type_conformance(ctx, response, case)
    response_schema_conformance(ctx, response, case)
    return None


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return False
        return True
    return False


def _numeric_date_times(case: Case[Any]) -> bool:
    """Whether a date-time query parameter holds a number, which pydantic reads as a Unix time."""
    for parameter in case.operation.definition.raw.get("parameters", []):
        if parameter.get("in") != "query" or '"date-time"' not in json.dumps(parameter.get("schema", {})):
            continue
        if _is_number(case.query.get(parameter["name"])):
            return True
    return False


def invalid_data_refused(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """Schema-violating data is refused with a 4xx (schemathesis' ``negative_data_rejection``).

    One exception, a documented pydantic leniency rather than a defect: a date-time query parameter
    given as a number is read as a Unix timestamp (``?since=0.5`` is 1970-01-01T00:00:00.5Z), so a
    case whose only violation is in the query and whose query has such a number is not reported.
    """
    try:
        negative_data_rejection(ctx, response, case)
    except AcceptedNegativeData:
        meta = case.meta
        negative = {loc for loc, info in (meta.components if meta else {}).items() if info.mode.is_negative}
        if negative == {ParameterLocation.QUERY} and _numeric_date_times(case):
            return None
        raise
    return None
