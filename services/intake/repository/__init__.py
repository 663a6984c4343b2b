"""Tip persistence: the tip, its history (reasons encrypted), its encrypted private fields and its
receipt; and the unit of work that owns these repositories and publishes what the tips recorded."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, Table, bindparam, func, insert, select, text, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.intake.domain import (
    OPEN,
    Category,
    Channel,
    Tip,
    TipKind,
    TipStatus,
    Transition,
)
from services.intake.domain.receipts import LEGACY_KEY_ID
from services.intake.events import to_messages
from services.intake.repository.lean import Claim, NewTip, write_new_tip
from services.intake.repository.tables import (
    PLAIN_REASON,
    Base,
    PrivateFieldRow,
    ReceiptRow,
    TipRow,
    TransitionRow,
    from_row,
    history_rows,
    private_aad,
    private_rows,
    reason_aad,
    row_values,
    transition_from_row,
)
from shared.clock import now as domain_now
from shared.crypto import FieldCipher
from shared.idempotency import StoredResponse, validate_key
from shared.schemas import local_time
from shared.uow import UnitOfWork

__all__ = ["Base", "IntakeUnitOfWork", "ReceiptRow", "TipFilter", "TipRepository", "TipRow"]


@dataclass(frozen=True)
class TipFilter:
    """List filters; every field optional."""

    kinds: tuple[TipKind, ...] = ()
    statuses: tuple[TipStatus, ...] = ()
    channel: Channel | None = None
    category: Category | None = None
    residential_group: str | None = None
    received_from: dt.datetime | None = None
    received_to: dt.datetime | None = None
    overdue_at: dt.datetime | None = None  # open and past due at this time
    due_before: dt.datetime | None = None  # open and due before this time


def _table(model: type[Base]) -> Table:
    return Base.metadata.tables[model.__tablename__]


TIP = _table(TipRow)
TRANSITION = _table(TransitionRow)
_INSERT_TIP = insert(TIP)  # statements built once: the hot path of every new tip
_INSERT_STEPS = insert(TRANSITION)
_UPDATE_TIP = update(TIP).where(TIP.c.id == bindparam("tip_id"))
_SEAL_REASON = (
    update(TRANSITION)
    .where(TRANSITION.c.id == bindparam("row_id"))
    .values(reason="", reason_ciphertext=bindparam("sealed"))
)


class TipRepository:
    """Tips of one unit of work: what it adds or loads is tracked, and written back at commit."""

    def __init__(self, session: AsyncSession, track: Callable[[Tip], None], cipher: FieldCipher) -> None:
        self._session = session
        self._track = track
        self._cipher = cipher
        self._written: dict[uuid.UUID, tuple[Tip, int]] = {}  # tip, how many of its events are stored

    async def add(self, tip: Tip) -> None:
        """A new tip and its first steps, as plain INSERTs, at once (its private fields refer to it)."""
        await self._session.execute(_INSERT_TIP, [{"id": tip.id, **row_values(tip)}])
        steps = history_rows(tip, tip.new, self._cipher)
        if steps:
            await self._session.execute(_INSERT_STEPS, steps)
        self._remember(tip, len(tip.new))

    async def get(self, tip_id: uuid.UUID, ward: str, *, for_update: bool = False) -> Tip | None:
        query = select(TipRow).where(TipRow.id == tip_id, TipRow.ward == ward)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).scalar_one_or_none()
        if row is None:
            return None
        tip = from_row(row, await self.history(tip_id))
        self._remember(tip, 0)
        return tip

    def _remember(self, tip: Tip, stored: int) -> None:
        self._written[tip.id] = (tip, stored)
        self._track(tip)

    async def flush(self) -> None:
        """Write every tracked tip that recorded something since it was added or loaded."""
        for tip_id, (tip, stored) in list(self._written.items()):
            pending = tip.new[stored:]
            if not pending:
                continue
            await self._session.execute(
                _UPDATE_TIP, [{"tip_id": tip.id, **row_values(tip), "updated_at": dt.datetime.now(dt.UTC)}]
            )
            steps = history_rows(tip, pending, self._cipher)
            if steps:
                await self._session.execute(_INSERT_STEPS, steps)
            self._written[tip_id] = (tip, len(tip.new))

    async def history(self, tip_id: uuid.UUID) -> list[Transition]:
        rows = (
            await self._session.execute(
                select(TransitionRow).where(TransitionRow.tip_id == tip_id).order_by(TransitionRow.id)
            )
        ).scalars()
        return [transition_from_row(r, self._reason(r)) for r in rows]

    def _reason(self, r: TransitionRow) -> str:
        """A step's reason: decrypted, or as the previous version stored it (plain, until sealed)."""
        if r.reason_ciphertext is None:
            return r.reason
        return self._cipher.decrypt(r.reason_ciphertext, reason_aad(r.tip_id, r.action, r.at))

    async def seal_plain_reasons(self, limit: int) -> int:
        """Encrypt up to ``limit`` reasons still stored in plain text (locked rows are left to another
        replica); how many were encrypted."""
        t = TRANSITION
        rows = (
            await self._session.execute(
                select(t.c.id, t.c.tip_id, t.c.action, t.c.at, t.c.reason)
                .where(text(PLAIN_REASON))  # as the partial index says it, so the index is used
                .order_by(t.c.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).all()
        if rows:
            sealed = [
                {
                    "row_id": r.id,
                    "sealed": self._cipher.encrypt(r.reason, reason_aad(r.tip_id, r.action, r.at)),
                }
                for r in rows
            ]
            await self._session.execute(_SEAL_REASON, sealed)
        return len(rows)

    def _filtered(self, ward: str, f: TipFilter) -> Select[Any]:
        q = select(TipRow).where(TipRow.ward == ward)
        open_values = [s.value for s in OPEN]
        if f.kinds:
            q = q.where(TipRow.kind.in_([k.value for k in f.kinds]))
        if f.statuses:
            q = q.where(TipRow.status.in_([s.value for s in f.statuses]))
        if f.channel:
            q = q.where(TipRow.channel == f.channel.value)
        if f.category:
            q = q.where(TipRow.category == f.category.value)
        if f.residential_group:
            q = q.where(TipRow.residential_group == f.residential_group)
        if f.received_from:
            q = q.where(TipRow.received_at >= f.received_from)
        if f.received_to:
            q = q.where(TipRow.received_at < f.received_to)
        if f.overdue_at:
            q = q.where(TipRow.status.in_(open_values), TipRow.due_at < f.overdue_at)
        if f.due_before:
            q = q.where(TipRow.status.in_(open_values), TipRow.due_at <= f.due_before)
        return q

    async def page(self, ward: str, f: TipFilter, *, offset: int, limit: int) -> tuple[list[Tip], int]:
        q = self._filtered(ward, f)
        total = await self._session.scalar(select(func.count()).select_from(q.subquery()))
        rows = (
            (
                await self._session.execute(
                    q.order_by(TipRow.received_at.desc(), TipRow.id).offset(offset).limit(limit)
                )
            )
            .scalars()
            .all()
        )
        return [from_row(r, []) for r in rows], int(total or 0)

    async def due_for_notice(
        self, ward: str, now: dt.datetime, approaching_from: dt.timedelta, limit: int = 500
    ) -> list[Tip]:
        """Open tips whose deadline approaches or has passed and has not been announced yet (locked)."""
        open_values = [s.value for s in OPEN]
        q = (
            select(TipRow)
            .where(TipRow.ward == ward, TipRow.status.in_(open_values))
            .where(TipRow.due_at <= now + approaching_from)
            .where(
                ((TipRow.due_at > now) & (TipRow.approaching_notified_due.is_distinct_from(TipRow.due_at)))
                | ((TipRow.due_at <= now) & (TipRow.overdue_notified_due.is_distinct_from(TipRow.due_at)))
            )
            .order_by(TipRow.due_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        tips = [from_row(row, []) for row in (await self._session.execute(q)).scalars()]
        for tip in tips:
            self._remember(tip, 0)
        return tips


class PrivateFields:
    """Encrypted personal and free-text fields; callers audit every read."""

    def __init__(self, session: AsyncSession, cipher: FieldCipher) -> None:
        self._session = session
        self._cipher = cipher

    @staticmethod
    def _aad(tip_id: uuid.UUID, name: str) -> str:
        return private_aad(tip_id, name)

    async def add(self, tip_id: uuid.UUID, values: dict[str, str], source: str) -> list[str]:
        rows = private_rows(self._cipher, tip_id, values, source)
        if rows:
            await self._session.execute(insert(_table(PrivateFieldRow)), rows)
        return [str(row["field"]) for row in rows]

    async def read(self, tip_id: uuid.UUID, names: frozenset[str]) -> list[dict[str, Any]]:
        rows = (
            await self._session.execute(
                select(PrivateFieldRow)
                .where(PrivateFieldRow.tip_id == tip_id, PrivateFieldRow.field.in_(sorted(names)))
                .order_by(PrivateFieldRow.id)
            )
        ).scalars()
        return [
            {
                "field": r.field,
                "value": self._cipher.decrypt(r.ciphertext, self._aad(tip_id, r.field)),
                "source": r.source,
                "added_at": local_time(r.added_at),
            }
            for r in rows
        ]


@dataclass(frozen=True)
class ReceiptView:
    """What a receipt code may reveal of its tip."""

    tip_id: uuid.UUID
    status: TipStatus
    received_at: dt.datetime
    updated_at: dt.datetime


class Receipts:
    """Receipt rows: ``(key id, keyed hash)`` of a code and its tip (see ``domain.receipts``)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, key_id: str, code_hash: str, tip_id: uuid.UUID) -> None:
        await self._session.execute(
            insert(_table(ReceiptRow)), [{"key_id": key_id, "code_hash": code_hash, "tip_id": tip_id}]
        )

    async def tip_for(self, candidates: list[tuple[str, str]]) -> ReceiptView | None:
        """The tip whose receipt is stored as one of ``candidates`` (key id, hash)."""
        row = (
            await self._session.execute(
                select(TipRow.id, TipRow.status, TipRow.received_at, TipRow.updated_at)
                .join(ReceiptRow, ReceiptRow.tip_id == TipRow.id)
                .where(tuple_(ReceiptRow.key_id, ReceiptRow.code_hash).in_(candidates))
            )
        ).one_or_none()
        if row is None:
            return None
        return ReceiptView(row.id, TipStatus(row.status), row.received_at, row.updated_at)

    async def has_legacy(self) -> bool:
        """Whether any receipt is still stored as an Argon2 hash."""
        found = select(ReceiptRow.code_hash).where(ReceiptRow.key_id == LEGACY_KEY_ID).limit(1)
        return (await self._session.execute(found)).first() is not None

    async def rehash(self, tip_id: uuid.UUID, key_id: str, code_hash: str) -> None:
        """Store a legacy receipt under a keyed hash (its code was just given, so it is known)."""
        await self._session.execute(
            update(ReceiptRow)
            .where(ReceiptRow.tip_id == tip_id, ReceiptRow.key_id == LEGACY_KEY_ID)
            .values(key_id=key_id, code_hash=code_hash)
        )


class IntakeUnitOfWork(UnitOfWork):
    """Intake's transaction: its repositories, and the tips' events published at commit."""

    tips: TipRepository
    private: PrivateFields
    receipts: Receipts

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], *, ward: str, cipher: FieldCipher
    ) -> None:
        super().__init__(session_factory, service="intake", ward=ward, to_messages=to_messages)
        self._cipher = cipher

    @property
    def cipher(self) -> FieldCipher:
        """The service's field cipher (what a use case seals outside a repository's rows)."""
        return self._cipher

    def _open(self, session: AsyncSession) -> None:
        self.tips = TipRepository(session, self.track, self._cipher)
        self.private = PrivateFields(session, self._cipher)
        self.receipts = Receipts(session)

    async def _flush(self) -> None:
        await self.tips.flush()

    async def add_new_once(
        self,
        tip: Tip,
        private: dict[str, str],
        source: str,
        *,
        caller: str,
        key: str | None,
        fingerprint: str,
        body: dict[str, Any],
        receipt: tuple[str, str] | None = None,
    ) -> tuple[StoredResponse, bool]:
        """A new tip, its private fields, its receipt (key id, hash) and its events, once per
        Idempotency-Key: the answer (``body``, 201) and ``False``, or the first answer and ``True``.

        On a database, one statement writes every row (``lean``); without one (the in-memory unit of
        work of the unit tests), the repositories do in a transaction."""
        engine = getattr(self._session_factory, "kw", {}).get("bind")
        if engine is None:

            async def create() -> dict[str, Any]:
                await self.tips.add(tip)
                await self.private.add(tip.id, private, source)
                if receipt is not None:
                    await self.receipts.add(*receipt, tip.id)
                return body

            return await self.create_once(caller=caller, key=key, fingerprint=fingerprint, create=create)
        response = StoredResponse(201, body)
        claim = None if key is None else Claim(caller, validate_key(key), fingerprint, response)
        steps = history_rows(tip, tip.new, self._cipher)  # before the events are collected
        self._seen = {}
        self.track(tip)
        events = self.outbox_rows()
        new = NewTip(
            {"id": tip.id, **row_values(tip)},
            steps,
            private_rows(self._cipher, tip.id, private, source),
            source,
            events,
            receipt,
        )
        stored, replayed = await write_new_tip(engine, new, claim)
        return stored or response, replayed


async def overdue_tips(session: AsyncSession) -> float:
    """Open tips past their due time, every ward this database holds (``pcmd_tips_overdue`` at
    ``/metrics``): the same open statuses and rule as the overdue filter of the tip list."""
    now = domain_now()
    query = (
        select(func.count())
        .select_from(TipRow)
        .where(TipRow.status.in_([s.value for s in OPEN]), TipRow.due_at < now)
    )
    return float(await session.scalar(query) or 0)
