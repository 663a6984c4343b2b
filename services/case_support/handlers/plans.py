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
from services.case_support.handlers.access import visible_case
from services.case_support.handlers.cases import once, refused, step
from services.case_support.handlers.deps import CaseSupportDeps
from services.case_support.handlers.views import case_view
from services.case_support.repository import CaseSupportUnitOfWork
from shared.auth import Principal
from shared.idempotency import StoredResponse


async def set_plan(
    uow: CaseSupportUnitOfWork, d: CaseSupportDeps, p: Principal, case_id: uuid.UUID, *,
    goals: Iterable[NeedKind], review_on: dt.date | None, note: str,
) -> dict[str, Any]:  # fmt: skip
    plan = Plan(tuple(goals), p.id, d.clock(), review_on, note)
    return await step(uow, p, case_id, "set_plan", lambda c: c.set_plan(plan))


async def schedule(
    uow: CaseSupportUnitOfWork, d: CaseSupportDeps, p: Principal, case_id: uuid.UUID, *,
    due_on: dt.date, note: str, idempotency_key: str | None = None,
) -> tuple[StoredResponse, bool]:  # fmt: skip
    """Schedule a follow-up: once per Idempotency-Key (a retry replays the first answer)."""
    follow_up = FollowUp(uuid.uuid4(), due_on, p.id, note)

    async def create() -> dict[str, Any]:
        case = await visible_case(uow, p, case_id, "schedule_follow_up", for_update=True)
        try:
            case.schedule_follow_up(follow_up, d.clock())
        except ValueError:
            await refused(uow, p, case_id, "schedule_follow_up")
            raise
        return case_view(case)

    fingerprint = {"route": "schedule_follow_up", "case": str(case_id), "due_on": due_on, "note": note}
    return await once(uow, p, idempotency_key, fingerprint, create)


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
