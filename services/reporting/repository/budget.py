"""The programme's budget: estimate lines, allocations, spending and closed years (added and changed
through the unit of work's ``records``, which tracks them), and the sums execution is computed from."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from services.reporting.repository.base import Base
from services.reporting.repository.facts import InspectionFact
from services.reporting.repository.programme import Activity, Training
from shared.uow import Aggregate


class BudgetLine(Base, Aggregate):
    """A year's estimate (dự toán) for a unit, an activity kind and a funding source."""

    __tablename__ = "budget_line"
    __table_args__ = (CheckConstraint("estimate > 0", name="estimate_positive"),)
    line_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32), index=True)
    year: Mapped[int] = mapped_column(Integer)
    unit_code: Mapped[str] = mapped_column(String(32))
    activity_kind: Mapped[str] = mapped_column(String(30))
    source: Mapped[str] = mapped_column(String(20))
    programme: Mapped[str | None] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    estimate: Mapped[int] = mapped_column(BigInteger)
    document_code: Mapped[str] = mapped_column(String(60))
    recorded_at: Mapped[dt.datetime]
    recorded_by: Mapped[str] = mapped_column(String(200))


class BudgetAllocation(Base, Aggregate):
    """Funds allocated to a line (cấp kinh phí), by a document."""

    __tablename__ = "budget_allocation"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)
    allocation_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32))
    line_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("budget_line.line_id"), index=True)
    year: Mapped[int] = mapped_column(Integer)  # the line's year and source, as its events carry them
    source: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(BigInteger)
    allocated_at: Mapped[dt.datetime]
    document_code: Mapped[str] = mapped_column(String(60))
    recorded_by: Mapped[str] = mapped_column(String(200))


class BudgetSpending(Base, Aggregate):
    """Money spent on a line, by a voucher; over allocation only with a leader's approval and reason."""

    __tablename__ = "budget_spending"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)
    spending_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32))
    line_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("budget_line.line_id"), index=True)
    year: Mapped[int] = mapped_column(Integer)  # the line's year and source, as its events carry them
    source: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(BigInteger)
    spent_at: Mapped[dt.datetime]
    document_code: Mapped[str] = mapped_column(String(60))
    spent_on: Mapped[str | None] = mapped_column(String(20))  # activity | training | inspection
    spent_on_id: Mapped[str | None] = mapped_column(String(64))
    over_allocation: Mapped[bool] = mapped_column(Boolean)
    approved_by: Mapped[str | None] = mapped_column(String(200))
    approval_reason: Mapped[str | None] = mapped_column(String(500))
    recorded_by: Mapped[str] = mapped_column(String(200))


class BudgetYear(Base, Aggregate):
    """A closed budget year (khóa sổ) of a ward, with its totals at closing."""

    __tablename__ = "budget_year_closure"
    __table_args__ = (UniqueConstraint("ward", "year"),)
    closure_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)
    estimate: Mapped[int] = mapped_column(BigInteger)
    allocated: Mapped[int] = mapped_column(BigInteger)
    spent: Mapped[int] = mapped_column(BigInteger)
    closed_at: Mapped[dt.datetime]
    closed_by: Mapped[str] = mapped_column(String(200))


BUDGET_TABLES = (BudgetLine, BudgetAllocation, BudgetSpending, BudgetYear)
LINKABLE: dict[str, Any] = {"activity": Activity, "training": Training}


class Budget:
    """Reads of the budget on the unit of work's transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def line(self, ward: str, line_id: uuid.UUID, *, for_update: bool = False) -> BudgetLine | None:
        """A line of the ward; ``for_update`` locks it, so checks against its sums see no concurrent
        allocation or spend (every allocation and spend of a line locks it first)."""
        query = select(BudgetLine).where(BudgetLine.line_id == line_id, BudgetLine.ward == ward)
        if for_update:
            query = query.with_for_update()
        found: BudgetLine | None = (await self._session.execute(query)).scalar_one_or_none()
        return found

    async def lines(self, ward: str, years: Sequence[int]) -> list[BudgetLine]:
        query = (
            select(BudgetLine)
            .where(BudgetLine.ward == ward, BudgetLine.year.in_(years))
            .order_by(BudgetLine.year, BudgetLine.unit_code, BudgetLine.activity_kind, BudgetLine.recorded_at)
        )
        return list((await self._session.execute(query)).scalars())

    async def sums(self, model: Any, ward: str, line_ids: Sequence[uuid.UUID]) -> dict[str, int]:
        """Allocated (``BudgetAllocation``) or spent (``BudgetSpending``) per line id."""
        if not line_ids:
            return {}
        query = (
            select(model.line_id, func.sum(model.amount))
            .where(model.ward == ward, model.line_id.in_(line_ids))
            .group_by(model.line_id)
        )
        return {str(line_id): int(amount) for line_id, amount in (await self._session.execute(query)).all()}

    async def line_sums(self, ward: str, line_id: uuid.UUID) -> tuple[int, int]:
        """(allocated, spent) of one line."""
        allocated = await self.sums(BudgetAllocation, ward, [line_id])
        spent = await self.sums(BudgetSpending, ward, [line_id])
        return allocated.get(str(line_id), 0), spent.get(str(line_id), 0)

    async def closed_years(self, ward: str) -> list[int]:
        query = select(BudgetYear.year).where(BudgetYear.ward == ward).order_by(BudgetYear.year)
        return list((await self._session.execute(query)).scalars())

    async def list(self, model: Any, ward: str, year: int | None, limit: int = 1000) -> list[Any]:
        """A ward's allocations or spending (of a year), newest first."""
        order = model.allocated_at if model is BudgetAllocation else model.spent_at
        query = select(model).where(model.ward == ward)
        if year is not None:
            query = query.where(model.year == year)
        query = query.order_by(order.desc()).limit(limit)
        return list((await self._session.execute(query)).scalars())

    async def record_exists(self, kind: str, ward: str, record_id: str) -> bool:
        """Whether the activity, training or inspection a spend names is the ward's (an inspection as
        reporting has heard of it)."""
        if kind == "inspection":
            query: Any = select(InspectionFact.inspection_id).where(
                InspectionFact.inspection_id == record_id, InspectionFact.ward == ward
            )
        else:
            model = LINKABLE[kind]
            try:
                key = uuid.UUID(record_id)
            except ValueError:
                return False
            query = select(model.ward).where(model.__table__.primary_key.columns.values()[0] == key)
            query = query.where(model.ward == ward)
        return (await self._session.execute(query.limit(1))).first() is not None
