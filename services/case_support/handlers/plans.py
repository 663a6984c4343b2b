"""The case plan and follow-ups: the needs the plan works on, a review day, days to check on the
client. Notes are free text about a person: encrypted, shown only with the personal fields (with a
reason), erased with them."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from services.case_support.domain.kinds import NeedKind
from services.case_support.domain.plan import FollowUp, Plan
from services.case_support.handlers.cases import step
from services.case_support.handlers.deps import CaseSupportDeps
from services.case_support.repository import CaseSupportUnitOfWork
from shared.auth import Principal


async def set_plan(
    uow: CaseSupportUnitOfWork, d: CaseSupportDeps, p: Principal, case_id: uuid.UUID, *,
    goals: Iterable[NeedKind], review_on: dt.date | None, note: str,
) -> dict[str, Any]:  # fmt: skip
    plan = Plan(tuple(goals), p.id, d.clock(), review_on, note)
    return await step(uow, p, case_id, "set_plan", lambda c: c.set_plan(plan))


async def schedule(
    uow: CaseSupportUnitOfWork, d: CaseSupportDeps, p: Principal, case_id: uuid.UUID, *,
    due_on: dt.date, note: str,
) -> dict[str, Any]:  # fmt: skip
    follow_up = FollowUp(uuid.uuid4(), due_on, p.id, note)
    return await step(
        uow, p, case_id, "schedule_follow_up", lambda c: c.schedule_follow_up(follow_up, d.clock())
    )


async def done(
    uow: CaseSupportUnitOfWork, d: CaseSupportDeps, p: Principal, case_id: uuid.UUID, follow_up_id: uuid.UUID
) -> dict[str, Any]:
    return await step(
        uow,
        p,
        case_id,
        "complete_follow_up",
        lambda c: c.complete_follow_up(follow_up_id, by=p.id, at=d.clock()),
    )
