"""Intake's tables (its own metadata, with the platform tables) and the mapping of a tip to its rows."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from services.intake.domain import (
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
from services.intake.domain.receipts import LEGACY_KEY_ID
from shared.crypto import FieldCipher
from shared.db import TYPES, service_metadata
from shared.ratelimit import RATE_LIMIT as RATE_LIMIT_TABLE

# The steps whose reason is still stored in plain text (the service encrypts them in the background).
PLAIN_REASON = "reason_ciphertext IS NULL AND reason <> ''"


def reason_aad(tip_id: uuid.UUID, action: str, at: dt.datetime) -> str:
    """What binds a step's encrypted reason to its step: the tip, the action and its time (UTC, to the
    microsecond, as PostgreSQL keeps it), so a ciphertext copied to another step does not decrypt."""
    return f"intake:tip:{tip_id}:step:{action}:{at.astimezone(dt.UTC).isoformat()}:reason"


class Base(DeclarativeBase):
    """Intake's tables: its own metadata, with the platform tables in it."""

    metadata = service_metadata()
    type_annotation_map: ClassVar[dict[Any, Any]] = TYPES


class TipRow(Base):
    __tablename__ = "tip"
    __table_args__ = (
        Index("ix_tip_ward_received", "ward", "received_at"),
        Index(
            "ix_tip_open_due",
            "due_at",
            postgresql_where=text("status IN ('received','verifying','verified','classified','routed')"),
        ),
    )
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32))  # ix_tip_ward_received serves lookups by ward
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
    """A step of a tip. Its free-text reason is personal data, AES-GCM encrypted in ``reason_ciphertext``
    (none for an empty reason); ``reason`` holds a plain reason only until the service encrypts it
    (rows from before migration 0005, or written by the previous version during a rolling update)."""

    __tablename__ = "tip_transition"
    __table_args__ = (Index("ix_tip_transition_plain_reason", "id", postgresql_where=text(PLAIN_REASON)),)
    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    tip_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tip.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str | None] = mapped_column(String(40))
    to_status: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime]
    reason: Mapped[str] = mapped_column(Text)
    reason_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
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
    """Only the keyed hash of an anonymous reporter's receipt code, and the id of the key.

    ``key_id`` is ``argon2`` for receipts stored before keyed hashes (the column's default, so a
    replica of the previous version writing during a rolling update stores what it means)."""

    __tablename__ = "tip_receipt"
    code_hash: Mapped[str] = mapped_column(String(128), primary_key=True)
    tip_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tip.id"), unique=True)
    key_id: Mapped[str] = mapped_column(String(16), index=True, server_default=LEGACY_KEY_ID)


RATE_LIMIT = RATE_LIMIT_TABLE.to_metadata(Base.metadata)  # the public endpoints' shared counters


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


def transition_from_row(r: TransitionRow, reason: str) -> Transition:
    """The step of a history row, with its reason (decrypted by the repository)."""
    sub = r.actor.split(":", 1)[-1]
    return Transition(
        Action(r.action),
        _enum(TipStatus, r.from_status),
        TipStatus(r.to_status),
        Actor(sub, r.unit),
        r.at,
        reason,
        dict(r.details),
    )


def history_rows(tip: Tip, events: list[TipEvent], cipher: FieldCipher) -> list[dict[str, Any]]:
    """The steps among ``events`` as history rows (deadline notices are not steps), their reasons
    encrypted (an empty reason is stored as none)."""
    return [
        {
            "tip_id": tip.id,
            "action": step.action.value,
            "from_status": step.from_status.value if step.from_status else None,
            "to_status": step.to_status.value,
            "actor": step.actor.id,
            "unit": step.actor.unit,
            "at": step.at,
            "reason": "",
            "reason_ciphertext": (
                cipher.encrypt(step.reason, reason_aad(tip.id, step.action.value, step.at))
                if step.reason
                else None
            ),
            "details": step.details,
        }
        for step in events
        if isinstance(step, Transition)
    ]


def private_aad(tip_id: uuid.UUID, name: str) -> str:
    """What binds an encrypted private value to its tip and field."""
    return f"intake:tip:{tip_id}:{name}"


def private_rows(
    cipher: FieldCipher, tip_id: uuid.UUID, values: dict[str, str], source: str
) -> list[dict[str, Any]]:
    """The encrypted rows of a tip's private ``values`` (empty values are not stored)."""
    return [
        {
            "tip_id": tip_id,
            "field": name,
            "source": source,
            "ciphertext": cipher.encrypt(value, private_aad(tip_id, name)),
        }
        for name, value in values.items()
        if value
    ]
