"""Who sees which client. A case worker (``vhxh`` officer or case worker) sees the ward's clients; a
collaborator only the clients assigned to them; leaders see counts, and open one record only by
breaking the glass with a stated reason (flagged in the audit). Every read of a record is audited,
and so is a refused one. A client out of the caller's scope is "not found" (its existence is not
confirmed)."""

from __future__ import annotations

import uuid

from services.case_support.domain.case import Case
from services.case_support.repository import CaseSupportUnitOfWork
from shared.auth import Principal

CASE_WORKER_ROLES = frozenset({"officer", "case_worker"})


class NotFound(LookupError):
    def __init__(self, what: str, ident: object) -> None:
        super().__init__(f"Không tìm thấy {what} {ident} / {what} {ident} not found")


class ReasonRequired(ValueError):
    def __init__(self) -> None:
        super().__init__("Cần nêu lý do (ít nhất 5 ký tự) / A reason of at least 5 characters is required")


class DuplicateClient(ValueError):
    """A client with this code already has an open case (its id only for a caller who may see it)."""

    def __init__(self, case_id: uuid.UUID | None) -> None:
        self.case_id = case_id
        super().__init__("Thân chủ đã có hồ sơ đang mở / The client already has an open case")

    def problem_extras(self) -> dict[str, object]:
        return {"existing_case_id": str(self.case_id)} if self.case_id else {}


def is_case_worker(p: Principal) -> bool:
    return p.unit == "vhxh" and bool(p.roles & CASE_WORKER_ROLES)


def checked_reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if len(text) < 5:
        raise ReasonRequired()
    return text


async def may_see(uow: CaseSupportUnitOfWork, p: Principal, case_id: uuid.UUID) -> bool:
    if is_case_worker(p):
        return True
    return "collaborator" in p.roles and await uow.cases.assigned(case_id, p.id)


async def visible_case(
    uow: CaseSupportUnitOfWork,
    p: Principal,
    case_id: uuid.UUID,
    action: str,
    *,
    reason: str = "",
    fields: tuple[str, ...] = (),
    for_update: bool = False,
) -> Case:
    """The case, if ``p`` may see it; the access (or the refusal) is audited either way. A refusal is
    committed before it is raised, so the audit keeps it."""
    case = await uow.cases.get(case_id, uow.ward, for_update=for_update)
    if case is None or not await may_see(uow, p, case_id):
        if case is not None:
            await uow.audit.record(p, f"{action}_refused", "case", str(case_id), reason=reason)
            await uow.session.commit()
        raise NotFound("hồ sơ / case", case_id)
    await uow.audit.record(p, action, "case", str(case_id), fields=fields, reason=reason)
    return case
