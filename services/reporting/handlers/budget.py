"""The programme's budget: estimate lines, allocations, spending, closed years and their execution.

Each record is stored and announced in one transaction (``programme.create_once``); the rules are the
domain's (``domain.budget``). An allocation or a spend locks its line first, so two at once cannot
both pass a check the pair of them breaks.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from uuid6 import uuid7

from services.reporting.domain import budget as rules
from services.reporting.domain.periods import PLAN, BadPeriod, Period, PeriodType
from services.reporting.domain.records import Recorded
from services.reporting.handlers.budget_views import execution_view, execution_xlsx
from services.reporting.handlers.deps import ReportingDeps
from services.reporting.handlers.errors import RecordNotFound
from services.reporting.handlers.programme import Created, create_once, local_midnight
from services.reporting.handlers.views import row_view
from services.reporting.repository.budget import (
    BudgetAllocation,
    BudgetLine,
    BudgetSpending,
    BudgetYear,
)
from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from shared.auth import Principal

# commands ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EstimateLine:
    year: int
    unit_code: str
    activity_kind: str
    source: str
    programme: str | None
    title: str
    estimate: int
    document_code: str


@dataclass(frozen=True)
class Allocate:
    line_id: uuid.UUID
    amount: int
    allocated_on: dt.date
    document_code: str


@dataclass(frozen=True)
class Spend:
    line_id: uuid.UUID
    amount: int
    spent_on: dt.date
    document_code: str
    record_kind: str | None = None  # activity | training | inspection
    record_id: str | None = None
    approval_reason: str | None = None  # a leader's, for a spend above allocation


@dataclass(frozen=True)
class CloseYear:
    year: int


@dataclass(frozen=True)
class ExecutionOf:
    period: Period  # a year, or the plan period


@dataclass(frozen=True)
class BudgetList:
    kind: str  # lines | allocations | spending
    year: int | None = None


# use cases ---------------------------------------------------------------------------------------


async def estimate_line(
    uow: ReportingUnitOfWork,
    deps: ReportingDeps,
    cmd: EstimateLine,
    principal: Principal,
    key: str | None = None,
) -> Created:
    """A year's estimate line for a unit, an activity kind and a source (an integrated one names its
    programme)."""

    async def new() -> BudgetLine:
        rules.check_line(cmd.year, cmd.source, cmd.programme, cmd.activity_kind)
        rules.vnd(cmd.estimate)
        rules.check_open(cmd.year, await uow.budget.closed_years(principal.ward))
        return BudgetLine(
            line_id=uuid7(), ward=principal.ward, year=cmd.year, unit_code=cmd.unit_code,
            activity_kind=cmd.activity_kind, source=cmd.source, programme=cmd.programme, title=cmd.title,
            estimate=cmd.estimate, document_code=cmd.document_code, recorded_at=deps.clock(),
            recorded_by=principal.id,
        )  # fmt: skip

    return await create_once(uow, principal, key, cmd, new)


async def _open_line(uow: ReportingUnitOfWork, principal: Principal, line_id: uuid.UUID) -> BudgetLine:
    """The ward's line, locked, in a year still open."""
    line = await uow.budget.line(principal.ward, line_id, for_update=True)
    if line is None:
        raise RecordNotFound(f"không có dòng dự toán / no budget line {line_id}")
    rules.check_open(line.year, await uow.budget.closed_years(principal.ward))
    return line


async def allocate(
    uow: ReportingUnitOfWork,
    deps: ReportingDeps,
    cmd: Allocate,
    principal: Principal,
    key: str | None = None,
) -> Created:
    """Funds allocated to a line, in its year, never above its estimate."""

    async def new() -> BudgetAllocation:
        line = await _open_line(uow, principal, cmd.line_id)
        rules.check_in_year(cmd.allocated_on, line.year)
        allocated, _spent = await uow.budget.line_sums(principal.ward, line.line_id)
        rules.check_allocation(line.estimate, allocated, cmd.amount)
        return BudgetAllocation(
            allocation_id=uuid7(), ward=principal.ward, line_id=line.line_id, year=line.year,
            source=line.source, amount=cmd.amount,
            allocated_at=local_midnight(cmd.allocated_on), document_code=cmd.document_code,
            recorded_by=principal.id,
        )  # fmt: skip

    return await create_once(uow, principal, key, cmd, new)


async def spend(
    uow: ReportingUnitOfWork,
    deps: ReportingDeps,
    cmd: Spend,
    principal: Principal,
    key: str | None = None,
) -> Created:
    """A spend on a line, in its year; above what is allocated only with a leader's approval (the
    route that passes ``approval_reason`` is a leader's)."""

    async def new() -> BudgetSpending:
        line = await _open_line(uow, principal, cmd.line_id)
        rules.check_in_year(cmd.spent_on, line.year)
        linked = cmd.record_kind is not None and cmd.record_id is not None
        if linked and not await uow.budget.record_exists(
            str(cmd.record_kind), principal.ward, str(cmd.record_id)
        ):
            raise RecordNotFound(f"không có bản ghi / no {cmd.record_kind} {cmd.record_id}")
        allocated, spent = await uow.budget.line_sums(principal.ward, line.line_id)
        over = rules.check_spend(allocated, spent, cmd.amount, cmd.approval_reason)
        approved = cmd.approval_reason is not None
        return BudgetSpending(
            spending_id=uuid7(), ward=principal.ward, line_id=line.line_id, year=line.year,
            source=line.source, amount=cmd.amount,
            spent_at=local_midnight(cmd.spent_on), document_code=cmd.document_code,
            spent_on=cmd.record_kind, spent_on_id=cmd.record_id, over_allocation=over,
            approved_by=principal.id if approved else None,
            approval_reason=cmd.approval_reason.strip() if cmd.approval_reason else None,
            recorded_by=principal.id,
        )  # fmt: skip

    return await create_once(uow, principal, key, cmd, new)


async def close_year(
    uow: ReportingUnitOfWork, deps: ReportingDeps, cmd: CloseYear, principal: Principal
) -> dict[str, Any]:
    """Close a budget year that has ended: its totals are final, nothing more is allocated or spent."""
    async with uow:
        rules.check_closable(cmd.year, deps.clock(), await uow.budget.closed_years(principal.ward))
        lines = await uow.budget.lines(principal.ward, [cmd.year])
        ids = [line.line_id for line in lines]
        allocated = await uow.budget.sums(BudgetAllocation, principal.ward, ids)
        spent = await uow.budget.sums(BudgetSpending, principal.ward, ids)
        totals = rules.total(rules.of_lines([_line(line) for line in lines], allocated, spent))
        row = BudgetYear(
            closure_id=uuid7(), ward=principal.ward, year=cmd.year, estimate=totals.estimate,
            allocated=totals.allocated, spent=totals.spent, closed_at=deps.clock(), closed_by=principal.id,
        )  # fmt: skip
        row.record(Recorded())
        await uow.records.add(row)
        view = row_view(row)
        await uow.commit()
    return view


def _line(row: BudgetLine) -> rules.Line:
    return rules.Line(
        str(row.line_id), row.year, row.unit_code, row.activity_kind, row.source, row.programme, row.estimate
    )


def budget_years(period: Period) -> list[int]:
    """The budget years a period covers: a year, or every year of the plan period."""
    if period.type not in (PeriodType.YEAR, PeriodType.PLAN_PERIOD):
        raise BadPeriod(
            f"{period.code}: kinh phí tính theo năm hoặc cả giai đoạn / the budget is by year or for"
            f" the plan period ({PLAN.code})"
        )
    return period.years()


async def execution(
    uow: ReportingUnitOfWork, deps: ReportingDeps, query: ExecutionOf, principal: Principal
) -> dict[str, Any]:
    """Estimate, allocated and spent per line, source, programme, unit and year, and in all."""
    budget_years(query.period)
    async with uow:
        return await execution_in(uow, principal.ward, query.period)


async def execution_in(uow: ReportingUnitOfWork, ward: str, period: Period) -> dict[str, Any]:
    """The execution view of a ward's year or plan period, read in an open unit of work."""
    years = budget_years(period)
    rows = await uow.budget.lines(ward, years)
    ids = [row.line_id for row in rows]
    allocated = await uow.budget.sums(BudgetAllocation, ward, ids)
    spent = await uow.budget.sums(BudgetSpending, ward, ids)
    closed = await uow.budget.closed_years(ward)
    titles = {str(row.line_id): row.title for row in rows}
    lines = rules.of_lines([_line(row) for row in rows], allocated, spent)
    return execution_view(period, years, closed, lines, titles)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def execution_file(
    uow: ReportingUnitOfWork, deps: ReportingDeps, query: ExecutionOf, principal: Principal
) -> tuple[bytes, str]:
    """Budget execution as an XLSX workbook, and its file name."""
    view = await execution(uow, deps, query, principal)
    async with uow:
        unit = await uow.org_units.get(principal.ward)
        name = unit.name_vi if unit else principal.ward
    content = execution_xlsx(view, name)
    return content, f"kinh-phi-{principal.ward}-{query.period.code}.xlsx"


async def list_budget(
    uow: ReportingUnitOfWork, deps: ReportingDeps, query: BudgetList, principal: Principal
) -> list[dict[str, Any]]:
    """The ward's lines (by year), allocations or spending (newest first), at most 1000."""
    async with uow:
        if query.kind == "lines":
            years = [query.year] if query.year is not None else PLAN.years()
            found: list[Any] = await uow.budget.lines(principal.ward, years)
        else:
            model = BudgetAllocation if query.kind == "allocations" else BudgetSpending
            found = await uow.budget.list(model, principal.ward, query.year)
        return [row_view(row) for row in found]
