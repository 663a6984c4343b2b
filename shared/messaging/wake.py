"""What wakes an outbox relay besides its poll interval: the writers of its own process (``outbox_written``
after their commit) and, for a writer in any other process, the outbox trigger's NOTIFY on ``CHANNEL``
(its LISTEN connection, ``Listener``)."""

from __future__ import annotations

import asyncio
import logging
import weakref
from typing import cast

import asyncpg
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)
CHANNEL = "pcmd_outbox"

# The relay of each engine in this process: the writers on that engine wake it themselves.
_RELAYS: weakref.WeakKeyDictionary[Engine, asyncio.Event] = weakref.WeakKeyDictionary()


def outbox_written(engine: AsyncEngine | AsyncConnection | None) -> None:
    """A transaction on ``engine`` committed outbox rows: wake the relay of this process on that engine,
    if there is one (its next turn publishes them; NOTIFY is for writers in other processes)."""
    if engine is not None and (wake := _RELAYS.get(engine.sync_engine)) is not None:
        wake.set()


def relay_of(engine: AsyncEngine, wake: asyncio.Event) -> None:
    """``wake`` is set whenever a writer of this process on ``engine`` commits outbox rows."""
    _RELAYS[engine.sync_engine] = wake


class Listener:
    """The relay's LISTEN connection: opened, watched and opened again (with backoff) when lost. A lost
    one sets ``wake``: the relay turns at once, re-listens and catches up by draining."""

    def __init__(self, dsn: str, wake: asyncio.Event) -> None:
        self._dsn, self._wake, self._conn = dsn, wake, cast(asyncpg.Connection | None, None)
        self._failures, self._next_attempt, self._ever_opened = 0, 0.0, False

    @property
    def open(self) -> bool:
        return self._conn is not None and not self._conn.is_closed()

    async def ensure(self, now: float) -> None:
        if self.open or now < self._next_attempt:
            return
        try:
            conn = await asyncpg.connect(self._dsn, timeout=5)
            await conn.add_listener(CHANNEL, lambda *_: self._wake.set())
            conn.add_termination_listener(lambda *_: self._wake.set())
        except Exception:
            self._failures += 1
            self._next_attempt = now + min(0.5 * 2**self._failures, 30.0)
            if self._failures == 1:
                log.warning("outbox LISTEN unavailable, polling only until it is back", exc_info=True)
            return
        if self._ever_opened:
            log.info("outbox LISTEN re-established", extra={"attempts": self._failures + 1})
        self._conn, self._failures, self._ever_opened = conn, 0, True

    async def close(self) -> None:
        if self._conn is not None and not self._conn.is_closed():
            await self._conn.close()
        self._conn = None
