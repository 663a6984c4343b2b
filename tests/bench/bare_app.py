"""Baseline (a): the least a service can do per request — FastAPI, one asyncpg INSERT, JSON back.

Run as ``python -m tests.bench.bare_app PORT DSN``, served by uvicorn like the real services.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import uvicorn
from fastapi import FastAPI, Request


def build(dsn: str) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.pool = await asyncpg.create_pool(dsn, min_size=4, max_size=10)
        await app.state.pool.execute("CREATE TABLE IF NOT EXISTS bare (id uuid PRIMARY KEY, body jsonb)")
        yield
        await app.state.pool.close()

    app = FastAPI(lifespan=lifespan)

    @app.post("/rows", status_code=201)
    async def insert(request: Request, body: dict[str, Any]) -> dict[str, str]:
        row_id = uuid.uuid4()
        await request.app.state.pool.execute("INSERT INTO bare VALUES ($1, $2::jsonb)", row_id, "{}")
        return {"id": str(row_id)}

    @app.get("/healthz")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


if __name__ == "__main__":
    port, dsn = int(sys.argv[1]), sys.argv[2]
    uvicorn.run(build(dsn), host="127.0.0.1", port=port, log_config=None, access_log=False)
