"""Reporting's unit of work: the records it owns are tracked, and their events published at commit."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.reporting.events import mapper
from shared.uow import Aggregate, UnitOfWork

R = TypeVar("R", bound=Aggregate)


class Records:
    """The programme's records and snapshots: what is added or loaded for change is tracked."""

    def __init__(self, session: AsyncSession, uow: UnitOfWork) -> None:
        self._session = session
        self._uow = uow

    async def add(self, record: Aggregate) -> None:
        self._session.add(record)
        await self._session.flush()  # a constraint violation surfaces here, inside the use case
        self._uow.track(record)

    async def get_for_update(self, model: type[R], key: uuid.UUID | Any) -> R | None:
        record = await self._session.get(model, key, with_for_update=True)
        if record is not None:
            self._uow.track(record)
        return record

    def track(self, record: Aggregate) -> None:
        """A record loaded by a query of its own (for change)."""
        self._uow.track(record)


class ReportingUnitOfWork(UnitOfWork):
    records: Records

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], *, ward: str, small_cell_threshold: int
    ) -> None:
        super().__init__(
            session_factory, service="reporting", ward=ward, to_messages=mapper(small_cell_threshold)
        )

    def _open(self, session: AsyncSession) -> None:
        self.records = Records(session, self)
