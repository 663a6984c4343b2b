"""Tip persistence: the tip row, its history, its encrypted private fields and its receipt; and the
unit of work that owns these repositories and publishes what the tips recorded."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Identity,
    Integer,
    LargeBinary,
    Select,
    String,
    Table,
    Text,
    bindparam,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from services.intake.domain import (
    OPEN,
    Action,
    Actor,
    Category,
    Channel,
    Outcome,
    RoutingTarget,
    Severity,
    SubjectType,
    Tip,
    TipEvent,
    TipKind,
    TipStatus,
    Transition,
    VerificationOutcome,
)
from services.intake.domain.deadlines import Deadlines
from services.intake.events import to_messages
from shared.crypto import FieldCipher
from shared.db import TYPES, service_metadata
from shared.uow import UnitOfWork


class Base(DeclarativeBase):
    """Intake's tables: its own metadata, with the platform tables in it."""

    metadata = service_metadata()
    type_annotation_map: ClassVar[dict[Any, Any]] = TYPES


class TipRow(Base):
    __tablename__ = "tip"
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(40))
    residential_group: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(40))
    anonymous: Mapped[bool] = mapped_column(Boolean)
    establishment_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    received_at: Mapped[dt.datetime]
    due_at: Mapped[dt.datetime]
    accept_by: Mapped[dt.datetime | None]
    transfer_by: Mapped[dt.datetime | None]
    accepted_at: Mapped[dt.datetime | None]
    verification: Mapped[str | None] = mapped_column(String(40))
    category: Mapped[str | None] = mapped_column(String(40))
    severity: Mapped[str | None] = mapped_column(String(20))
    competent_unit: Mapped[str | None] = mapped_column(String(32))
    complex: Mapped[bool] = mapped_column(Boolean)
    routed_to: Mapped[str | None] = mapped_column(String(40))
    target_unit: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str | None] = mapped_column(String(40))
    closed_at: Mapped[dt.datetime | None]
    merged_into: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    extensions: Mapped[int] = mapped_column(Integer)
    approaching_notified_due: Mapped[dt.datetime | None]
    overdue_notified_due: Mapped[dt.datetime | None]
    updated_at: Mapped[dt.datetime] = mapped_column(server_default=func.clock_timestamp())


class TransitionRow(Base):
    __tablename__ = "tip_transition"
    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    tip_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tip.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str | None] = mapped_column(String(40))
    to_status: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime]
    reason: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSONB)


class PrivateFieldRow(Base):
    """A personal or free-text value, AES-GCM encrypted, bound to its tip and field name."""

    __tablename__ = "tip_private_field"
    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    tip_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tip.id"), index=True)
    field: Mapped[str] = mapped_column(String(40))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    source: Mapped[str] = mapped_column(String(20))
    added_at: Mapped[dt.datetime] = mapped_column(server_default=func.clock_timestamp())


class ReceiptRow(Base):
    """Only the slow hash of an anonymous reporter's receipt code."""

    __tablename__ = "tip_receipt"
    code_hash: Mapped[str] = mapped_column(String(128), primary_key=True)
    tip_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tip.id"), unique=True)


def _enum(cls: Any, value: str | None) -> Any:
    return None if value is None else cls(value)


def row_values(tip: Tip) -> dict[str, Any]:
    """The tip's columns (all but its id and timestamps)."""
    return {
        "ward": tip.ward,
        "kind": tip.kind.value,
        "channel": tip.channel.value,
        "subject_type": tip.subject_type.value,
        "residential_group": tip.residential_group,
        "status": tip.status.value,
        "anonymous": tip.anonymous,
        "establishment_id": tip.establishment_id,
        "content_hash": tip.content_hash,
        "received_at": tip.received_at,
        "due_at": tip.deadlines.due_at,
        "accept_by": tip.deadlines.accept_by,
        "transfer_by": tip.deadlines.transfer_by,
        "accepted_at": tip.accepted_at,
        "verification": tip.verification and tip.verification.value,
        "category": tip.category and tip.category.value,
        "severity": tip.severity and tip.severity.value,
        "competent_unit": tip.competent_unit,
        "complex": tip.complex,
        "routed_to": tip.routed_to and tip.routed_to.value,
        "target_unit": tip.target_unit,
        "outcome": tip.outcome and tip.outcome.value,
        "closed_at": tip.closed_at,
        "merged_into": tip.merged_into,
        "extensions": tip.extensions,
        "approaching_notified_due": tip.approaching_notified_due,
        "overdue_notified_due": tip.overdue_notified_due,
    }


def from_row(row: TipRow, history: list[Transition]) -> Tip:
    return Tip(
        id=row.id,
        ward=row.ward,
        kind=TipKind(row.kind),
        channel=Channel(row.channel),
        subject_type=SubjectType(row.subject_type),
        residential_group=row.residential_group,
        received_at=row.received_at,
        deadlines=Deadlines(row.due_at, row.accept_by, row.transfer_by),
        status=TipStatus(row.status),
        anonymous=row.anonymous,
        establishment_id=row.establishment_id,
        content_hash=row.content_hash,
        accepted_at=row.accepted_at,
        verification=_enum(VerificationOutcome, row.verification),
        category=_enum(Category, row.category),
        severity=_enum(Severity, row.severity),
        competent_unit=row.competent_unit,
        complex=row.complex,
        routed_to=_enum(RoutingTarget, row.routed_to),
        target_unit=row.target_unit,
        outcome=_enum(Outcome, row.outcome),
        closed_at=row.closed_at,
        merged_into=row.merged_into,
        extensions=row.extensions,
        approaching_notified_due=row.approaching_notified_due,
        overdue_notified_due=row.overdue_notified_due,
        history=history,
    )


def transition_from_row(r: TransitionRow) -> Transition:
    sub = r.actor.split(":", 1)[-1]
    return Transition(
        Action(r.action),
        _enum(TipStatus, r.from_status),
        TipStatus(r.to_status),
        Actor(sub, r.unit),
        r.at,
        r.reason,
        dict(r.details),
    )


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


class TipRepository:
    """Tips of one unit of work: what it adds or loads is tracked, and written back at commit."""

    def __init__(self, session: AsyncSession, track: Callable[[Tip], None]) -> None:
        self._session = session
        self._track = track
        self._written: dict[uuid.UUID, tuple[Tip, int]] = {}  # tip, how many of its events are stored

    async def add(self, tip: Tip) -> None:
        """A new tip and its first steps, as plain INSERTs, at once (its private fields refer to it)."""
        await self._session.execute(_INSERT_TIP, [{"id": tip.id, **row_values(tip)}])
        steps = _history_rows(tip, tip.new)
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
            steps = _history_rows(tip, pending)
            if steps:
                await self._session.execute(_INSERT_STEPS, steps)
            self._written[tip_id] = (tip, len(tip.new))

    async def history(self, tip_id: uuid.UUID) -> list[Transition]:
        rows = (
            await self._session.execute(
                select(TransitionRow).where(TransitionRow.tip_id == tip_id).order_by(TransitionRow.id)
            )
        ).scalars()
        return [transition_from_row(r) for r in rows]

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
        self, now: dt.datetime, approaching_from: dt.timedelta, limit: int = 500
    ) -> list[Tip]:
        """Open tips whose deadline approaches or has passed and has not been announced yet (locked)."""
        open_values = [s.value for s in OPEN]
        q = (
            select(TipRow)
            .where(TipRow.status.in_(open_values), TipRow.due_at <= now + approaching_from)
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


def _history_rows(tip: Tip, events: list[TipEvent]) -> list[dict[str, Any]]:
    """The steps among ``events`` as history rows (deadline notices are not steps)."""
    return [
        {
            "tip_id": tip.id,
            "action": step.action.value,
            "from_status": step.from_status.value if step.from_status else None,
            "to_status": step.to_status.value,
            "actor": step.actor.id,
            "unit": step.actor.unit,
            "at": step.at,
            "reason": step.reason,
            "details": step.details,
        }
        for step in events
        if isinstance(step, Transition)
    ]


class PrivateFields:
    """Encrypted personal and free-text fields; callers audit every read."""

    def __init__(self, session: AsyncSession, cipher: FieldCipher) -> None:
        self._session = session
        self._cipher = cipher

    @staticmethod
    def _aad(tip_id: uuid.UUID, name: str) -> str:
        return f"intake:tip:{tip_id}:{name}"

    async def add(self, tip_id: uuid.UUID, values: dict[str, str], source: str) -> list[str]:
        rows = [
            {
                "tip_id": tip_id,
                "field": name,
                "source": source,
                "ciphertext": self._cipher.encrypt(value, self._aad(tip_id, name)),
            }
            for name, value in values.items()
            if value
        ]
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
                "added_at": r.added_at.isoformat(),
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
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, code_hash: str, tip_id: uuid.UUID) -> None:
        await self._session.execute(insert(_table(ReceiptRow)), [{"code_hash": code_hash, "tip_id": tip_id}])

    async def tip_for(self, code_hash: str) -> ReceiptView | None:
        row = (
            await self._session.execute(
                select(TipRow.id, TipRow.status, TipRow.received_at, TipRow.updated_at)
                .join(ReceiptRow, ReceiptRow.tip_id == TipRow.id)
                .where(ReceiptRow.code_hash == code_hash)
            )
        ).one_or_none()
        if row is None:
            return None
        return ReceiptView(row.id, TipStatus(row.status), row.received_at, row.updated_at)


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

    def _open(self, session: AsyncSession) -> None:
        self.tips = TipRepository(session, self.track)
        self.private = PrivateFields(session, self._cipher)
        self.receipts = Receipts(session)

    async def _flush(self) -> None:
        await self.tips.flush()
