"""Idempotent creates: the ``Idempotency-Key`` row is claimed in the same transaction as the create."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Header
from fastapi.responses import JSONResponse
from sqlalchemy import bindparam, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.db import IDEMPOTENCY as _TABLE
from shared.db import IdempotencyRecord
from shared.errors import Problem

MAX_KEY_LENGTH = 200
# Built once (Core, not ORM): they run on every create that carries a key.
CLAIM = pg_insert(_TABLE).on_conflict_do_nothing().returning(_TABLE.c.key)
REMEMBER = (
    update(_TABLE)
    .where(_TABLE.c.principal == bindparam("p"), _TABLE.c.key == bindparam("k"))
    .values(status_code=bindparam("sc"), body=bindparam("b"))
)


# Keys older than the retention, a bounded number per statement (short transactions, short locks). The
# database's own clock decides, as it stamped ``created_at``.
FORGET = text(
    f"DELETE FROM {_TABLE.name} WHERE ctid = ANY(ARRAY(SELECT ctid FROM {_TABLE.name}"  # noqa: S608
    " WHERE created_at < clock_timestamp() - make_interval(secs => :seconds) LIMIT :batch))"
)


class IdempotencyKeyReused(Problem):
    status, type_slug = 422, "idempotency-key-reused"
    title = "Khóa Idempotency đã dùng cho yêu cầu khác / Idempotency-Key reused for a different request"


# The request header every idempotent create takes.
IdempotencyKey = Annotated[str | None, Header(max_length=MAX_KEY_LENGTH)]


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status_code: int
    body: dict[str, Any]

    def response(self, replayed: bool) -> JSONResponse:
        """The answer, marked when it is the stored one of an earlier request with the same key."""
        headers = {"Idempotent-Replayed": "true"} if replayed else {}
        return JSONResponse(self.body, status_code=self.status_code, headers=headers)


def request_fingerprint(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def validate_key(key: str) -> str:
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise Problem(f"Idempotency-Key must be 1..{MAX_KEY_LENGTH} printable characters")
    return key


class IdempotencyStore:
    """The unit of work's record of first answers to create requests (one row per caller and key).

    ``principal`` is the caller across wards, ``Principal.key`` (``ward/unit:sub``): ``Principal.id``
    alone would let the same ``unit:sub`` in two wards replay each other's answers.
    """

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim(self, principal: str, key: str, fingerprint: str) -> StoredResponse | None:
        """Claim ``key`` for this request, or return the response of the request that claimed it first.

        A concurrent request with the same key waits on the row lock until the first one commits.
        """
        inserted = await self._session.execute(
            CLAIM,
            {"principal": principal, "key": key, "request_hash": fingerprint, "status_code": 0, "body": {}},
        )
        if inserted.first() is not None:
            return None
        row = (
            await self._session.execute(
                select(IdempotencyRecord).where(
                    IdempotencyRecord.principal == principal, IdempotencyRecord.key == key
                )
            )
        ).scalar_one()
        if row.request_hash != fingerprint:
            raise IdempotencyKeyReused("this key was used for a request with a different body")
        return StoredResponse(row.status_code, row.body)

    async def remember(self, principal: str, key: str, status_code: int, body: dict[str, Any]) -> None:
        await self._session.execute(REMEMBER, {"p": principal, "k": key, "sc": status_code, "b": body})

    async def run_once(
        self,
        *,
        principal: str,
        key: str | None,
        fingerprint: str,
        create: Callable[[], Awaitable[dict[str, Any]]],
        status_code: int = 201,
    ) -> tuple[StoredResponse, bool]:
        """Run ``create`` unless this key already has a response; returns it and whether it was replayed.

        Runs inside the unit of work's transaction, so the key, the create and its events commit together.
        """
        if key is None:
            return StoredResponse(status_code, await create()), False
        stored = await self.claim(principal, validate_key(key), fingerprint)
        if stored is not None:
            return stored, True
        body = await create()
        await self.remember(principal, key, status_code, body)
        return StoredResponse(status_code, body), False


async def forget_expired(
    session_factory: async_sessionmaker[AsyncSession], retention_seconds: float, batch: int = 5000
) -> int:
    """Delete the keys (and the answers kept with them) older than the retention; returns how many.
    Without it the table grew with every create for ever, and kept each answer as long."""
    forgotten = 0
    while True:
        async with session_factory() as session, session.begin():
            result = await session.execute(FORGET, {"seconds": retention_seconds, "batch": batch})
        deleted = int(getattr(result, "rowcount", 0) or 0)
        forgotten += deleted
        if deleted < batch:
            return forgotten
