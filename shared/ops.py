"""Operations endpoints every service has: status, dead letters and their replay.

Two dedicated roles, scoped explicitly: ``operator`` sees and replays the dead letters of its own
ward; ``platform_operator`` those of every ward the deployment serves. Every replay is audited.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request

from shared.auth import Grant, PermissionTable, Principal, requires
from shared.errors import Conflict, NotFound
from shared.messaging.consumer import PermanentEventError, replay_dead_letter
from shared.messaging.dlq import DeadLetter
from shared.runtime import Runtime

OPERATORS = (Grant("*", "operator"), Grant("*", "platform_operator"))
OPS_PERMISSIONS: PermissionTable = {"ops:read": OPERATORS, "ops:replay": OPERATORS}


async def get_runtime(request: Request) -> Runtime[Any, Any, Any]:  # async: a sync one costs a thread hop
    runtime: Runtime[Any, Any, Any] = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime[Any, Any, Any], Depends(get_runtime)]
StreamSeq = Annotated[int, Path(ge=1, le=2**63 - 1, description="sequence in the dead-letter stream")]
OpsReader = Annotated[Principal, Depends(requires(OPS_PERMISSIONS, "ops:read"))]
OpsReplayer = Annotated[Principal, Depends(requires(OPS_PERMISSIONS, "ops:replay"))]


def ward_of(letter: DeadLetter) -> str:
    """``pcmd.<ward>.<service>...``: the ward the dead event belongs to."""
    parts = letter.origin_subject.split(".")
    return parts[1] if len(parts) > 2 else ""


def may_see(principal: Principal, letter: DeadLetter) -> bool:
    return "platform_operator" in principal.roles or ward_of(letter) == principal.ward


def ops_router() -> APIRouter:
    router = APIRouter(prefix="/v1/ops", tags=["ops"])

    @router.get("/status", summary="Outbox backlog, dead letters, consumer lag (no personal data)")
    async def status(rt: RuntimeDep, _: OpsReader) -> dict[str, Any]:
        return await rt.status()

    @router.get("/dead-letters", summary="Events this service's consumers could not apply (operator's ward)")
    async def dead_letters(
        rt: RuntimeDep, principal: OpsReader, limit: int = 100, consumer: str | None = None
    ) -> list[dict[str, Any]]:
        letters = await rt.dead_letters.list(limit=min(max(limit, 1), 1000), consumer=consumer)
        return [d.public() for d in letters if may_see(principal, d)]

    @router.post("/dead-letters/{seq}/replay", summary="Apply a dead letter again (after a fix); audited")
    async def replay(rt: RuntimeDep, principal: OpsReplayer, seq: StreamSeq) -> dict[str, Any]:
        letter = await rt.dead_letters.get(seq)
        if letter is None or not may_see(principal, letter):
            raise NotFound(f"no dead letter {seq} in your scope")
        uow = rt.uow()
        async with uow:  # the replay is recorded whatever its outcome
            await uow.audit.record(
                principal, "replay_dead_letter", "dead_letter", str(seq), fields=[letter.event_type]
            )
            await uow.commit()
        try:
            applied = await replay_dead_letter(rt.consumer, rt.subscriptions, seq)
        except LookupError as exc:
            raise NotFound(str(exc)) from None
        except PermanentEventError as exc:
            raise Conflict(f"still cannot be applied: {exc}") from None  # the letter is kept
        return {"seq": seq, "applied": applied}

    return router
