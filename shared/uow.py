"""Unit of work: one transaction for the state change and the outbox rows of its events."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from google.protobuf.message import Message
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.db import Base, OutboxRecord
from shared.messaging.envelope import envelope

OUTBOX = Base.metadata.tables[OutboxRecord.__tablename__]


class UnitOfWork:
    """``async with uow:`` opens a transaction; ``commit()`` writes collected events, then commits.

    Leaving the block without ``commit()`` rolls everything back, events included.
    """

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], *, service: str, ward: str) -> None:
        self._session_factory = session_factory
        self.service = service
        self.ward = ward
        self._session: AsyncSession | None = None
        self._events: list[Message] = []

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("unit of work used outside 'async with'")
        return self._session

    async def __aenter__(self) -> Self:
        self._session = self._session_factory()
        await self._session.begin()
        self._events = []
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        session, self._session = self.session, None
        try:
            if session.in_transaction():
                await session.rollback()
        finally:
            await session.close()

    def emit(self, *events: Message) -> None:
        """Queue events; they reach the outbox only if the transaction commits."""
        self._events.extend(events)

    async def commit(self) -> None:
        session = self.session
        rows = []
        for message in self._events:
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
        self._events = []
        if rows:  # a plain INSERT (executemany): the ORM's unit of work costs more than the write
            await session.execute(insert(OUTBOX), rows)
        await session.commit()
