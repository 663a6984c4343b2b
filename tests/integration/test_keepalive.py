"""An unexpected error is a problem+json 500 on a connection that stays usable (real uvicorn, raw socket)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator

import pytest
import uvicorn
from fastapi import APIRouter

from services.intake.settings import IntakeSettings
from shared.app import ServiceDefinition, create_app, no_deps

router = APIRouter()


@router.get("/boom")
async def boom() -> dict[str, str]:
    raise RuntimeError("a bug")


@router.get("/fine")
async def fine() -> dict[str, str]:
    return {"ok": "yes"}


@pytest.fixture
async def server() -> AsyncIterator[int]:
    app = create_app(
        ServiceDefinition(
            settings=IntakeSettings(env="test"),
            title="t",
            description="t",
            routers=[router],
            permissions={},
            unit_of_work=lambda _rt: None,  # type: ignore[arg-type,return-value]
            build_deps=no_deps,
        )
    )
    config = uvicorn.Config(app, host="127.0.0.1", port=0, lifespan="off", log_level="warning")
    srv = uvicorn.Server(config)
    task = asyncio.create_task(srv.serve())
    while not srv.started:  # noqa: ASYNC110 - uvicorn offers a flag, not an event
        await asyncio.sleep(0.01)
    port = srv.servers[0].sockets[0].getsockname()[1]
    try:
        yield port
    finally:
        srv.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def read_response(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)}
    body = await reader.readexactly(int(headers["content-length"]))
    return status, headers, body


async def test_after_an_unexpected_error_the_same_connection_answers_the_next_request(server: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", server)
    try:
        for path in ("/boom", "/fine"):
            writer.write(f"GET {path} HTTP/1.1\r\nHost: t\r\n\r\n".encode())
            await writer.drain()
        status, headers, body = await read_response(reader)
        assert status == 500 and headers["content-type"] == "application/problem+json"
        assert json.loads(body)["type"].endswith("/internal") and "a bug" not in body.decode()
        assert headers.get("connection", "").lower() != "close"
        status, _, body = await read_response(reader)  # the second request, on the same connection
        assert (status, json.loads(body)) == (200, {"ok": "yes"})
    finally:
        writer.close()
