"""Cases of one unit of work: what it adds or loads is tracked and written back at commit. The
personal fields are encrypted per field, bound to their case and field (the AAD)."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.case_support.domain.case import Case
from services.case_support.domain.consent import PERSONAL_FIELDS
from services.case_support.domain.plan import CasePlan
from services.case_support.domain.records import Personal
from services.case_support.repository.mapping import (
    assessment_values,
    case_from_rows,
    case_values,
    consent_values,
    plan_from_values,
    plan_values,
    service_values,
)
from services.case_support.repository.tables import (
    AssessmentRow,
    AssignmentRow,
    CaseRow,
    ConsentRow,
    PersonalFieldRow,
    ServiceRow,
)
from shared.crypto import FieldCipher
from shared.uow import EventSource

Track = Callable[[EventSource], None]


def personal_aad(case_id: uuid.UUID, name: str) -> str:
    return f"case_support:case:{case_id}:{name}"


@dataclass(frozen=True)
class CaseFilter:
    status: str | None = None
    collaborator: str | None = None  # only the cases assigned to this collaborator


def _notes(values: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Each note of a plan's JSON with the name its encryption is bound to."""
    plan = [("plan_note", values["plan"])] if values.get("plan") else []
    return plan + [(f"follow_up:{f['id']}", f) for f in values.get("follow_ups", [])]


class Cases:
    def __init__(self, session: AsyncSession, track: Track, cipher: FieldCipher) -> None:
        self._session = session
        self._track = track
        self._cipher = cipher
        self._loaded: dict[uuid.UUID, tuple[Case, dict[str, Any] | None]] = {}
        self._key_ids: dict[uuid.UUID, str] = {}

    @property
    def loaded(self) -> list[Case]:
        return [c for c, _ in self._loaded.values()]

    def add(self, c: Case, code_key_id: str) -> None:
        self._loaded[c.id] = (c, None)
        self._key_ids[c.id] = code_key_id
        self._track(c)

    async def get(self, case_id: uuid.UUID, ward: str, *, for_update: bool = False) -> Case | None:
        known = self._loaded.get(case_id)
        if known is not None:
            return known[0]
        query = select(CaseRow).where(CaseRow.id == case_id, CaseRow.ward == ward)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).scalar_one_or_none()
        if row is None:
            return None
        s = self._session
        consents = list((await s.execute(select(ConsentRow).where(ConsentRow.case_id == row.id))).scalars())
        fields = (
            await s.execute(select(PersonalFieldRow).where(PersonalFieldRow.case_id == row.id))
        ).scalars()
        personal = Personal(
            **{f.field: self._cipher.decrypt(f.ciphertext, personal_aad(row.id, f.field)) for f in fields}
        )
        assessments = list(
            (await s.execute(select(AssessmentRow).where(AssessmentRow.case_id == row.id))).scalars()
        )
        services = list((await s.execute(select(ServiceRow).where(ServiceRow.case_id == row.id))).scalars())
        c = case_from_rows(
            row, plan=self._plan_in(row.id, row.plan), consents=consents, personal=personal,
            assessments=assessments, services=services,
        )  # fmt: skip
        self._loaded[c.id] = (c, self._snapshot(c))
        self._track(c)
        return c

    def _plan_in(self, case_id: uuid.UUID, stored: dict[str, Any]) -> CasePlan:
        values = copy.deepcopy(stored)
        for note in _notes(values):
            if note[1].get("note"):
                blob = base64.b64decode(note[1]["note"])
                note[1]["note"] = self._cipher.decrypt(blob, personal_aad(case_id, note[0]))
        return plan_from_values(values)

    def _plan_out(self, case_id: uuid.UUID, plain: dict[str, Any]) -> dict[str, Any]:
        values = copy.deepcopy(plain)
        for note in _notes(values):
            if note[1].get("note"):
                blob = self._cipher.encrypt(note[1]["note"], personal_aad(case_id, note[0]))
                note[1]["note"] = base64.b64encode(blob).decode()
        return values

    @staticmethod
    def _snapshot(c: Case) -> dict[str, Any]:
        return {
            "case": case_values(c),
            "plan": plan_values(c),
            "consents": consent_values(c),
            "personal": tuple(getattr(c.personal, n) for n in PERSONAL_FIELDS),
            "assessments": len(c.assessments),
            "services": len(c.services),
        }

    async def open_with_code(self, ward: str, codes: Sequence[str]) -> CaseRow | None:
        query = select(CaseRow).where(
            CaseRow.ward == ward, CaseRow.client_code.in_(list(codes)), CaseRow.status == "open"
        )
        return (await self._session.execute(query)).scalars().first()

    async def flush(self) -> None:
        s = self._session
        for c, before in self._loaded.values():
            now = self._snapshot(c)
            plan = self._plan_out(c.id, now["plan"])
            if before is None:
                row = {"id": c.id, "code_key_id": self._key_ids[c.id], "plan": plan, **now["case"]}
                await s.execute(insert(CaseRow), [row])
            elif now["case"] != before["case"] or now["plan"] != before["plan"]:
                await s.execute(
                    update(CaseRow)
                    .where(CaseRow.id == c.id)
                    .values(**now["case"], plan=plan, updated_at=func.clock_timestamp())
                )
            if before is None or now["consents"] != before["consents"]:
                await s.execute(delete(ConsentRow).where(ConsentRow.case_id == c.id))
                if now["consents"]:
                    await s.execute(insert(ConsentRow), now["consents"])
            if before is None or now["personal"] != before["personal"]:
                await s.execute(delete(PersonalFieldRow).where(PersonalFieldRow.case_id == c.id))
                rows = [
                    {
                        "case_id": c.id,
                        "field": n,
                        "ciphertext": self._cipher.encrypt(v, personal_aad(c.id, n)),
                    }
                    for n in PERSONAL_FIELDS
                    if (v := getattr(c.personal, n))
                ]
                if rows:
                    await s.execute(insert(PersonalFieldRow), rows)
            for a in c.assessments[(before or {}).get("assessments", 0) :]:
                await s.execute(
                    pg_insert(AssessmentRow).values(**assessment_values(c.id, a)).on_conflict_do_nothing()
                )
            for r in c.services[(before or {}).get("services", 0) :]:
                await s.execute(
                    pg_insert(ServiceRow).values(**service_values(c.id, r)).on_conflict_do_nothing()
                )
        self._loaded = {k: (c, self._snapshot(c)) for k, (c, _) in self._loaded.items()}

    def _filtered(self, ward: str, f: CaseFilter) -> Select[CaseRow]:
        query = select(CaseRow).where(CaseRow.ward == ward)
        if f.status:
            query = query.where(CaseRow.status == f.status)
        if f.collaborator is not None:
            query = query.where(
                CaseRow.id.in_(
                    select(AssignmentRow.case_id).where(
                        AssignmentRow.collaborator == f.collaborator, AssignmentRow.ended_at.is_(None)
                    )
                )
            )
        return query

    async def page(self, ward: str, f: CaseFilter, *, page: int, size: int) -> tuple[list[CaseRow], int]:
        query = self._filtered(ward, f)
        total = int(await self._session.scalar(select(func.count()).select_from(query.subquery())) or 0)
        rows = (
            await self._session.execute(
                query.order_by(CaseRow.enrolled_at.desc(), CaseRow.id).offset((page - 1) * size).limit(size)
            )
        ).scalars()
        return list(rows), total

    async def counts(self, ward: str) -> dict[str, int]:
        rows = await self._session.execute(
            select(CaseRow.status, func.count()).where(CaseRow.ward == ward).group_by(CaseRow.status)
        )
        return {str(status): int(n) for status, n in rows.all()}

    async def kept_with_code(self, ward: str, code: str) -> bool:
        """Does a case of this client code, not wholly erased, remain (as written so far)?"""
        found = await self._session.scalar(
            select(func.count()).where(
                CaseRow.ward == ward, CaseRow.client_code == code, CaseRow.wholly_erased.is_(False)
            )
        )
        return bool(found)

    async def due_for_erasure(self, ward: str, before: dt.datetime) -> list[uuid.UUID]:
        rows = await self._session.execute(
            select(CaseRow.id).where(
                CaseRow.ward == ward,
                CaseRow.status == "closed",
                CaseRow.closed_at <= before,
                or_(CaseRow.erased_at.is_(None), CaseRow.erased_at < CaseRow.closed_at),
            )
        )
        return list(rows.scalars())

    async def assign(self, case_id: uuid.UUID, collaborator: str, by: str, at: dt.datetime) -> None:
        """Assign (again, if an earlier assignment ended: it starts anew); a current one is kept."""
        stmt = pg_insert(AssignmentRow).values(
            case_id=case_id, collaborator=collaborator, assigned_by=by, assigned_at=at
        )
        await self._session.execute(
            stmt.on_conflict_do_update(
                index_elements=[AssignmentRow.case_id, AssignmentRow.collaborator],
                set_={"assigned_by": by, "assigned_at": at, "ended_at": None, "ended_by": None},
                where=AssignmentRow.ended_at.is_not(None),
            )
        )

    async def assigned(self, case_id: uuid.UUID, collaborator: str) -> bool:
        """Does the collaborator work with the client now (an assignment not ended)?"""
        found = await self._session.scalar(
            select(func.count()).where(
                AssignmentRow.case_id == case_id,
                AssignmentRow.collaborator == collaborator,
                AssignmentRow.ended_at.is_(None),
            )
        )
        return bool(found)

    async def assignments(self, case_id: uuid.UUID) -> list[AssignmentRow]:
        """Every assignment of the case, current and ended, oldest first."""
        rows = await self._session.execute(
            select(AssignmentRow)
            .where(AssignmentRow.case_id == case_id)
            .order_by(AssignmentRow.assigned_at, AssignmentRow.collaborator)
        )
        return list(rows.scalars())

    async def end_assignment(
        self, case_id: uuid.UUID, collaborator: str, by: str, at: dt.datetime
    ) -> AssignmentRow | None:
        """End the current assignment (kept, with who ended it and when); None if there is none."""
        row = await self._session.scalar(
            select(AssignmentRow)
            .where(
                AssignmentRow.case_id == case_id,
                AssignmentRow.collaborator == collaborator,
                AssignmentRow.ended_at.is_(None),
            )
            .with_for_update()
        )
        if row is not None:
            row.ended_at, row.ended_by = at, by
            await self._session.flush()
        return row
