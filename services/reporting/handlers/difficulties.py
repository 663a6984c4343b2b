"""Difficulties and proposals: every unit records its own; the Culture–Society Office (and the ward's
leadership) sees them all, answers them or carries them to the city."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from uuid6 import uuid7

from services.reporting.domain import difficulties as rules
from services.reporting.domain.records import Recorded
from services.reporting.handlers.deps import ReportingDeps
from services.reporting.handlers.errors import RecordNotFound, ScopeForbidden
from services.reporting.handlers.programme import Created, local_midnight
from services.reporting.handlers.views import row_view
from services.reporting.repository.difficulties import Difficulty
from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from shared.auth import Principal
from shared.idempotency import request_fingerprint
from shared.schemas import local_time
from shared.uow import Aggregate


@dataclass(frozen=True)
class RaiseDifficulty:
    kind: str
    area: str
    title: str
    detail: str
    raised_on: dt.date
    unit_code: str | None = None  # the caller's own unit unless the office records it for another


@dataclass(frozen=True)
class Respond:
    difficulty_id: uuid.UUID
    status: str
    response: str
    document_code: str | None = None


@dataclass(frozen=True)
class DifficultiesOf:
    status: str | None = None
    kind: str | None = None
    unit_code: str | None = None


async def create_once(
    uow: ReportingUnitOfWork,
    principal: Principal,
    key: str | None,
    cmd: Any,
    new: Callable[[], Awaitable[Aggregate]],
    *,
    view: Callable[[Any], dict[str, Any]],
) -> Created:
    """As ``programme.create_once``, answering with ``view`` of the record (its labels included)."""

    async def create() -> dict[str, Any]:
        row = await new()
        row.record(Recorded())
        await uow.records.add(row)
        return view(row)

    fingerprint = request_fingerprint({"command": type(cmd).__name__, **dataclasses.asdict(cmd)})
    return await uow.create_once(caller=principal.key, key=key, fingerprint=fingerprint, create=create)


def difficulty_view(row: Difficulty) -> dict[str, Any]:
    view = row_view(row)
    view["kind_vi"], view["kind_en"] = rules.KINDS[row.kind]
    view["area_vi"], view["area_en"] = rules.AREAS[row.area]
    view["status_vi"], view["status_en"] = rules.STATUSES[row.status]
    return view


async def raise_difficulty(
    uow: ReportingUnitOfWork,
    deps: ReportingDeps,
    cmd: RaiseDifficulty,
    principal: Principal,
    key: str | None = None,
) -> Created:
    """A unit's difficulty or proposal, open; the office may record one for another unit."""
    unit = cmd.unit_code or principal.unit
    if not rules.may_see(principal.unit, unit):
        raise ScopeForbidden(f"{principal.unit} ghi nhận cho đơn vị mình / records its own unit's only")

    async def new() -> Difficulty:
        return Difficulty(
            difficulty_id=uuid7(), ward=principal.ward, unit_code=unit, kind=cmd.kind, area=cmd.area,
            title=cmd.title, detail=cmd.detail, raised_at=local_midnight(cmd.raised_on), status="open",
            responses=[], recorded_at=deps.clock(), recorded_by=principal.id,
        )  # fmt: skip

    return await create_once(uow, principal, key, cmd, new, view=difficulty_view)


async def respond(
    uow: ReportingUnitOfWork,
    deps: ReportingDeps,
    cmd: Respond,
    principal: Principal,
    key: str | None = None,
) -> Created:
    """Answer a record (addressed) or carry it to the city, saying what was done; once per
    Idempotency-Key (a retry replays the first 200 answer, not a refused move), each time without one."""

    async def create() -> dict[str, Any]:
        row = await uow.records.get_for_update(Difficulty, cmd.difficulty_id)
        if row is None or row.ward != principal.ward or not rules.may_see(principal.unit, row.unit_code):
            raise RecordNotFound(f"không có / no difficulty or proposal {cmd.difficulty_id}")
        row.status = rules.move(row.status, cmd.status, cmd.response)
        answer = {
            "status": cmd.status, "response": cmd.response.strip(), "document_code": cmd.document_code,
            "by": principal.id, "at": local_time(deps.clock()),
        }  # fmt: skip
        row.responses = [*row.responses, answer]
        row.record(rules.StatusChanged())
        return difficulty_view(row)

    fingerprint = request_fingerprint({"command": type(cmd).__name__, **dataclasses.asdict(cmd)})
    return await uow.create_once(
        caller=principal.key, key=key, fingerprint=fingerprint, create=create, status_code=200
    )


async def list_difficulties(
    uow: ReportingUnitOfWork, deps: ReportingDeps, query: DifficultiesOf, principal: Principal
) -> list[dict[str, Any]]:
    """The office and leadership see every unit's (or one unit's); any other unit its own."""
    if rules.sees_all(principal.unit):
        units = [query.unit_code] if query.unit_code else None
    elif query.unit_code not in (None, principal.unit):
        raise ScopeForbidden(f"{principal.unit} chỉ xem của đơn vị mình / sees its own unit's only")
    else:
        units = [principal.unit]
    async with uow:
        rows = await uow.difficulties.list(principal.ward, units, query.status, query.kind)
        return [difficulty_view(row) for row in rows]
