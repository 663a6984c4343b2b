"""Unit of work: one transaction for the state change and the outbox rows of the events it caused.

A service's unit of work owns its repositories. Repositories tell it which aggregates they loaded or
added (``track``); at ``commit()`` it lets the repositories write what changed, collects every new
domain event of every tracked aggregate, turns them into contract messages with the service's
``events`` module and writes them to the outbox, all in one transaction. A use case never emits an
event by hand, so it cannot commit a change and forget its event.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from types import TracebackType
from typing import Any, Protocol, Self

import asyncpg
from google.protobuf.message import Message
from sqlalchemy import insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared.audit import AuditLog
from shared.db import OUTBOX
from shared.idempotency import IdempotencyStore, StoredResponse
from shared.messaging.envelope import envelope
from shared.messaging.wake import outbox_written

log = logging.getLogger(__name__)


class EventSource(Protocol):
    """An aggregate: it records what happened to it until the unit of work collects it."""

    def collect_events(self) -> list[Any]:
        """The domain events recorded since the last call (then forgotten)."""
        ...


class Aggregate:
    """Mixin for aggregates whose events are plain objects recorded as they change.

    Works on dataclasses and on SQLAlchemy rows alike: the list lives in the instance's ``__dict__``.
    """

    def record(self, *events: Any) -> None:
        self.__dict__.setdefault("_pending_events", []).extend(events)

    def collect_events(self) -> list[Any]:
        events: list[Any] = self.__dict__.pop("_pending_events", [])
        return events


# (aggregate, domain event) -> the contract messages that announce it.
ToMessages = Callable[[Any, Any], Iterable[Message]]


class UnmappedEvent(LookupError):
    """A domain event with no contract message: a programming error, so the commit fails."""


def no_messages(aggregate: Any, event: Any) -> Iterable[Message]:
    raise UnmappedEvent(f"{type(aggregate).__name__} recorded {type(event).__name__}, which maps to nothing")


class UnitOfWork:
    """``async with uow:`` opens a transaction; ``commit()`` writes the collected events, then commits.

    Leaving the block without ``commit()`` rolls everything back, events included. A service
    subclasses it to add its repositories in ``_open`` and to write pending changes in ``_flush``.
    """

    idempotency: IdempotencyStore
    audit: AuditLog

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        service: str,
        ward: str,
        to_messages: ToMessages = no_messages,
    ) -> None:
        self._session_factory = session_factory
        self.service = service
        self.ward = ward
        self._to_messages = to_messages
        self._session: AsyncSession | None = None
        self._seen: dict[int, EventSource] = {}

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("unit of work used outside 'async with'")
        return self._session

    async def __aenter__(self) -> Self:
        self._session = self._session_factory()
        await self._session.begin()
        self._seen = {}
        self.idempotency = IdempotencyStore(self._session)
        self.audit = AuditLog(self._session)
        self._open(self._session)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        session, self._session = self.session, None
        self._seen = {}
        try:
            if session.in_transaction():
                await session.rollback()
        finally:
            await session.close()

    @contextlib.asynccontextmanager
    async def on_driver(self) -> AsyncIterator[asyncpg.Connection]:
        """A transaction on a pooled connection's asyncpg connection itself, outside ``async with uow``,
        for a hot path whose statements cost more through SQLAlchemy than in the database (reporting's
        batch of events: half its CPU per batch). It has no session and tracks nothing, so it records no
        events. Its statements name the tables the session would: a schema the session's engine
        translates to (the rebuild's fresh tables) is the transaction's search path.

        A connection found lost (or left inside a transaction) is dropped from the pool; the caller's
        retry (a consumer's batch goes one by one) runs on another."""
        engine: AsyncEngine = self._session_factory.kw["bind"]
        schema = (engine.get_execution_options().get("schema_translate_map") or {}).get(None)
        async with engine.connect() as conn:
            db: asyncpg.Connection = (await conn.get_raw_connection()).driver_connection
            try:
                async with db.transaction():
                    if schema:
                        await db.execute(f'SET LOCAL search_path TO "{schema}"')
                    yield db
            except BaseException:
                if db.is_closed() or db.is_in_transaction():
                    await conn.invalidate()
                raise

    def _open(self, session: AsyncSession) -> None:
        """Build the service's repositories on this transaction's session."""

    async def _flush(self) -> None:
        """Write what the repositories' tracked aggregates changed (before the events are collected)."""

    def track(self, aggregate: EventSource) -> None:
        """Repositories call this for every aggregate they add or load; its events go out at commit."""
        self._seen.setdefault(id(aggregate), aggregate)

    def collect_messages(self) -> list[Message]:
        """Every tracked aggregate's new events as contract messages, in the order they were recorded."""
        return [
            message
            for aggregate in self._seen.values()
            for event in aggregate.collect_events()
            for message in self._to_messages(aggregate, event)
        ]

    async def create_once(
        self,
        *,
        caller: str,
        key: str | None,
        fingerprint: str,
        create: Callable[[], Awaitable[dict[str, Any]]],
        status_code: int = 201,
    ) -> tuple[StoredResponse, bool]:
        """One transaction: ``create``, its events and its Idempotency-Key; or, for a key already
        used by ``caller``, the first answer replayed (``True``) and nothing created. ``status_code`` is
        the answer's (200 for a step on an existing record).

        A transaction that failed because PostgreSQL dropped its connection (found by its first
        statement, as connections are not pinged at checkout) rolled back whole: it runs once more on
        a new connection, so a restarted database does not fail the requests that meet it first.
        """
        for attempt in (1, 2):
            try:
                async with self:
                    result = await self.idempotency.run_once(
                        principal=caller, key=key, fingerprint=fingerprint, create=create,
                        status_code=status_code,
                    )  # fmt: skip
                    await self.commit()
                return result
            except DBAPIError as exc:
                if not exc.connection_invalidated or attempt == 2:
                    raise
                log.warning("database connection lost; the transaction runs again on a new one")
        raise AssertionError("unreachable")

    def outbox_rows(self) -> list[dict[str, Any]]:
        """The outbox rows of every tracked aggregate's new events (collected, so only once)."""
        rows = []
        for message in self.collect_messages():
            out = envelope(message, service=self.service, ward=self.ward)
            rows.append(
                {
                    "event_id": out.event_id,
                    "subject": out.subject,
                    "event_type": out.event_type,
                    "payload": out.payload,
                    "headers": out.headers,
                }
            )
        return rows

    async def commit(self) -> None:
        session = self.session
        await self._flush()
        rows = self.outbox_rows()
        if rows:  # a plain INSERT (executemany): the ORM's unit of work costs more than the write
            await session.execute(insert(OUTBOX), rows)
        await session.commit()
        if rows:
            outbox_written(session.bind)  # this process's relay, if it runs one on this engine
