"""case_support's tables (its own metadata, with the platform tables).

Nothing here names a client: a case is keyed by its id and the client's pseudonymous code; the only
identifying values (name, phone, contact) live in ``case_personal_field``, each encrypted with the
service's field cipher, bound to its case and field. ``reporting_key`` holds the random key each
client's reporting pseudonym is derived with (encrypted too); erasure deletes it (crypto-shredding).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, ClassVar

from sqlalchemy import Boolean, Date, ForeignKey, Index, LargeBinary, String, func, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.db import TYPES, service_metadata


class Base(DeclarativeBase):
    metadata = service_metadata()
    type_annotation_map: ClassVar[dict[Any, Any]] = {**TYPES, dt.date: Date}


class CaseRow(Base):
    """One client's case; one open case per client code in a ward."""

    __tablename__ = "support_case"
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32))
    client_code: Mapped[str] = mapped_column(String(20))
    code_key_id: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(30))
    source_tip_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    enrolled_by: Mapped[str] = mapped_column(String(200))
    enrolled_at: Mapped[dt.datetime]
    status: Mapped[str] = mapped_column(String(10))
    closure_reason: Mapped[str | None] = mapped_column(String(30))
    closed_at: Mapped[dt.datetime | None]
    erased_at: Mapped[dt.datetime | None]
    # Every identifying field erased and the reporting key destroyed: the case cannot be reopened.
    wholly_erased: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    # The case plan and follow-ups; their free-text notes are encrypted (bound to case and note).
    plan: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    updated_at: Mapped[dt.datetime] = mapped_column(server_default=func.clock_timestamp())
    __table_args__ = (
        Index(
            "uq_support_case_open_code",
            "ward",
            "client_code",
            unique=True,
            postgresql_where=text("status = 'open'"),
        ),
        Index("ix_support_case_ward_status", "ward", "status"),
    )


class ConsentRow(Base):
    """The consent ledger: one row per consent given (withdrawal fills the row's last columns)."""

    __tablename__ = "case_consent"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("support_case.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(40))
    method: Mapped[str] = mapped_column(String(10))
    taken_by: Mapped[str] = mapped_column(String(200))
    given_at: Mapped[dt.datetime]
    provider_id: Mapped[str] = mapped_column(String(64), default="")
    withdrawn_at: Mapped[dt.datetime | None]
    withdrawn_by: Mapped[str] = mapped_column(String(200), default="")
    withdrawal_method: Mapped[str | None] = mapped_column(String(10))


class PersonalFieldRow(Base):
    """A personal field (name, phone, contact): AES-GCM encrypted, bound to its case and field."""

    __tablename__ = "case_personal_field"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("support_case.id"), primary_key=True)
    field: Mapped[str] = mapped_column(String(20), primary_key=True)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)


class AssessmentRow(Base):
    """One needs assessment: the findings (need, eligible, rule, unmet) as JSON; nothing identifying."""

    __tablename__ = "case_assessment"
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("support_case.id"), index=True)
    at: Mapped[dt.datetime]
    by: Mapped[str] = mapped_column(String(200))
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)


class ServiceRow(Base):
    """A service the client received."""

    __tablename__ = "case_service"
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("support_case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    category: Mapped[str] = mapped_column(String(20))
    received_on: Mapped[dt.date]
    provider_id: Mapped[str] = mapped_column(String(64))
    provider_kind: Mapped[str] = mapped_column(String(30))
    source: Mapped[str] = mapped_column(String(20))
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime]
    referral_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))


class ProviderRow(Base):
    """The directory of providers of a ward and the service kinds each offers."""

    __tablename__ = "provider"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    offers: Mapped[list[str]] = mapped_column(ARRAY(String(30)))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")


class ReferralRow(Base):
    """A referral and its steps (who, when, outcome) as JSON."""

    __tablename__ = "referral"
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32))
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("support_case.id"), index=True)
    client_code: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(30))
    provider_id: Mapped[str] = mapped_column(String(64))
    provider_kind: Mapped[str] = mapped_column(String(30))
    made_by: Mapped[str] = mapped_column(String(200))
    made_at: Mapped[dt.datetime]
    shares_details: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str | None] = mapped_column(String(30))
    history: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)


class ReportingKeyRow(Base):
    """The random key a client's reporting pseudonym is derived with (encrypted). Deleting it is the
    erasure of the link between the events already published and the person (crypto-shredding)."""

    __tablename__ = "reporting_key"
    ward: Mapped[str] = mapped_column(String(32), primary_key=True)
    client_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)


class AssignmentRow(Base):
    """A collaborator (peer educator) working with a client: what a collaborator may see while the
    assignment has not ended (an ended one stays, with who ended it and when)."""

    __tablename__ = "case_assignment"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("support_case.id"), primary_key=True)
    collaborator: Mapped[str] = mapped_column(String(200), primary_key=True)
    assigned_by: Mapped[str] = mapped_column(String(200))
    assigned_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime | None]
    ended_by: Mapped[str | None] = mapped_column(String(200))


class EnrolmentRequestRow(Base):
    """A tip routed to case support (a person in need): the tip id only, never the reporter."""

    __tablename__ = "enrolment_request"
    tip_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32))
    routed_at: Mapped[dt.datetime]
    status: Mapped[str] = mapped_column(String(10))  # open, enrolled
    case_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
