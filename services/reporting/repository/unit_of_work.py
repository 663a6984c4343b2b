"""Reporting's unit of work: its repositories; the events of the records it tracked go out at commit."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.reporting.domain.periods import Period
from services.reporting.events import mapper
from services.reporting.repository.breakdowns import Breakdowns
from services.reporting.repository.budget import Budget
from services.reporting.repository.difficulties import Difficulties
from services.reporting.repository.evaluation import Evaluations
from services.reporting.repository.measures import ReportSchedule
from services.reporting.repository.monthly import MonthlyCounts
from services.reporting.repository.org_units import OrgUnits
from services.reporting.repository.programme import ProgrammeRecords
from services.reporting.repository.read_models import ReadModels
from services.reporting.repository.reviews import Reviews
from services.reporting.repository.snapshots import Snapshots
from services.reporting.repository.targets import Targets
from shared.db import spare_connections
from shared.uow import Aggregate, UnitOfWork

R = TypeVar("R", bound=Aggregate)
READING_SNAPSHOT = text("SELECT pg_current_snapshot()::text, current_database(), inet_server_port()")
EXPORT_SNAPSHOT = text("SELECT pg_export_snapshot()")
EXPORTED_SNAPSHOT = re.compile(r"[0-9A-F]+-[0-9A-F]+-[0-9]+")  # what pg_export_snapshot() returns
SPARE = 2  # connections a count leaves in the pool for the consumers and other requests


class Records:
    """The programme's records: what is added or loaded for change is tracked."""

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


class ReportingUnitOfWork(UnitOfWork):
    records: Records
    snapshots: Snapshots
    targets: Targets
    org_units: OrgUnits
    programme: ProgrammeRecords
    read_models: ReadModels
    budget: Budget
    difficulties: Difficulties
    evaluations: Evaluations
    reviews: Reviews

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], *, ward: str, small_cell_threshold: int
    ) -> None:
        super().__init__(
            session_factory, service="reporting", ward=ward, to_messages=mapper(small_cell_threshold)
        )
        self._one_snapshot = False  # REPEATABLE READ: a second transaction can read the same snapshot
        self._beside: AsyncSession | None = None

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        beside, self._beside, self._one_snapshot = self._beside, None, False
        try:
            if beside is not None:
                await beside.close()  # it only read: closing rolls it back
        finally:
            await super().__aexit__(exc_type, exc, tb)

    def _open(self, session: AsyncSession) -> None:
        self.records = Records(session, self)
        self.snapshots = Snapshots(session, self.track)
        self.targets = Targets(session)
        self.org_units = OrgUnits(session)
        self.programme = ProgrammeRecords(session)
        self.read_models = ReadModels(session)
        self.budget = Budget(session)
        self.difficulties = Difficulties(session)
        self.evaluations = Evaluations(session)
        self.reviews = Reviews(session)

    def measures(
        self, wards: Sequence[str], period: Period, as_of: dt.datetime | None = None, *, gather: bool = False
    ) -> Breakdowns:
        """The indicators' counts and breakdowns of some wards and a period (as of a moment, for a
        period that has not ended then), on this transaction; ``gather`` when the breakdowns follow."""
        alongside = self.alongside if self._one_snapshot else None
        return Breakdowns(self.session, wards, period, as_of, gather=gather, alongside=alongside)

    def monthly(self, schedule: ReportSchedule) -> MonthlyCounts:
        """Stored counts of ended months (the trend), on this transaction."""
        return MonthlyCounts(self.session, schedule)

    async def repeatable_read(self) -> None:
        """Read everything after this in one snapshot of the database (facts and stream positions agree).

        Call it first: the isolation level is set as the transaction takes its connection.
        """
        await self.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        self._one_snapshot = True

    async def alongside(self) -> AsyncSession | None:
        """A second transaction reading this REPEATABLE READ one's snapshot (``pg_export_snapshot``), for
        counts run side by side (``Measures``); opened once, closed with this unit of work. It sees what
        this one sees, but not what this one has written. None when the pool has no connection to spare
        now: a count that waited for a second connection while holding its first could, with enough
        of them at once, hold the whole pool and wait for ever; it counts alone instead."""
        if self._beside is None:
            if spare_connections(self._session_factory.kw["bind"]) <= SPARE:
                return None
            beside = self._session_factory()
            try:  # the connection first, taken at once (checked above, no await between)
                await beside.connection(execution_options={"isolation_level": "REPEATABLE READ"})
                exported = str((await self.session.execute(EXPORT_SNAPSHOT)).scalar_one())
                if not EXPORTED_SNAPSHOT.fullmatch(exported):
                    raise RuntimeError(f"unexpected snapshot id from PostgreSQL: {exported!r}")
                await beside.execute(text(f"SET TRANSACTION SNAPSHOT '{exported}'"))  # before any query
            except BaseException:
                await beside.close()
                raise
            self._beside = beside
        return self._beside

    async def reading_snapshot(self) -> str:
        """The snapshot this REPEATABLE READ transaction reads (taken by its first statement), with the
        database's name and port: a transaction with the same one sees exactly the same rows, and any
        write committed or begun since gives another (``handlers/live.py``)."""
        row = (await self.session.execute(READING_SNAPSHOT)).one()
        return f"{row[0]}@{row[1]}:{row[2]}"
