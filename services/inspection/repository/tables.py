"""Inspection's tables (its own metadata, with the platform tables)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    Time,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.db import TYPES, service_metadata


class Base(DeclarativeBase):
    metadata = service_metadata()
    type_annotation_map: ClassVar[dict[Any, Any]] = {**TYPES, dt.date: Date, dt.time: Time}


class EstablishmentRow(Base):
    """The register: one row per establishment of a ward, keyed for import by its registration number."""

    __tablename__ = "establishment"
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    registration_number: Mapped[str] = mapped_column(String(40))
    business_types: Mapped[list[str]] = mapped_column(ARRAY(String(30)))
    residential_group: Mapped[str] = mapped_column(String(40))
    address: Mapped[str] = mapped_column(String(300))
    licence_number: Mapped[str | None] = mapped_column(String(60))
    licence_issuer: Mapped[str | None] = mapped_column(String(200))
    licence_issued_on: Mapped[dt.date | None]
    licence_expires_on: Mapped[dt.date | None]
    opens_at: Mapped[dt.time | None]
    closes_at: Mapped[dt.time | None]
    open_24h: Mapped[bool] = mapped_column(Boolean, default=False)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20))
    registered_at: Mapped[dt.datetime]
    risk_class: Mapped[str | None] = mapped_column(String(10))
    inspection_interval_days: Mapped[int | None] = mapped_column(Integer)
    last_reviewed_on: Mapped[dt.date | None]
    next_review_due: Mapped[dt.date | None]
    last_inspected_on: Mapped[dt.date | None]
    closure_reason: Mapped[str | None] = mapped_column(String(30))
    closed_at: Mapped[dt.datetime | None]
    updated_at: Mapped[dt.datetime] = mapped_column(server_default=func.clock_timestamp())
    __table_args__ = (
        UniqueConstraint("ward", "registration_number"),
        Index("ix_establishment_ward_status", "ward", "status"),
    )


class EstablishmentPrivateRow(Base):
    """The owner or manager's name, phone and ID number: AES-GCM encrypted, bound to record and field."""

    __tablename__ = "establishment_private_field"
    establishment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("establishment.id"), primary_key=True)
    field: Mapped[str] = mapped_column(String(40), primary_key=True)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[dt.datetime] = mapped_column(server_default=func.clock_timestamp())


class ReviewRow(Base):
    """Every review (rà soát, phân loại) with the components that gave its score."""

    __tablename__ = "review"
    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    establishment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("establishment.id"), index=True)
    ward: Mapped[str] = mapped_column(String(32))
    reviewed_on: Mapped[dt.date]
    risk_class: Mapped[str] = mapped_column(String(10))
    previous_risk_class: Mapped[str | None] = mapped_column(String(10))
    score: Mapped[int] = mapped_column(Integer)
    components: Mapped[list[dict[str, Any]]] = mapped_column(TYPES[dict[str, Any]])
    interval_days: Mapped[int] = mapped_column(Integer)
    next_review_due: Mapped[dt.date]
    unit: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime]


class SignalRow(Base):
    """Something that points at a place: a tip naming it, an online item linked to it, a violation.

    Fed by events (never by reading another service's database); the risk score and hotspot
    detection count them."""

    __tablename__ = "signal"
    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32))
    place_key: Mapped[str] = mapped_column(String(80))  # an establishment id, or a place code
    kind: Mapped[str] = mapped_column(String(20))  # tip | online_item | violation
    detail: Mapped[str] = mapped_column(String(40), default="")  # the violation kind
    source_id: Mapped[str] = mapped_column(String(80))
    inspection_id: Mapped[str] = mapped_column(String(64), default="")  # a violation's inspection
    at: Mapped[dt.datetime]
    __table_args__ = (
        UniqueConstraint("ward", "kind", "source_id", "place_key"),
        Index("ix_signal_place", "ward", "place_key", "at"),
    )


class CampaignRow(Base):
    """A yearly plan or a thematic campaign with its date window."""

    __tablename__ = "campaign"
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(20))  # planned | thematic
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date]
    lead_unit: Mapped[str] = mapped_column(String(32))
    units: Mapped[list[str]] = mapped_column(ARRAY(String(32)))
    members: Mapped[list[str]] = mapped_column(ARRAY(String(60)))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(server_default=func.clock_timestamp())


class InspectionRow(Base):
    __tablename__ = "inspection"
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(20))
    establishment_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(UUID(as_uuid=True)))
    planned_for: Mapped[dt.date]
    lead_unit: Mapped[str] = mapped_column(String(32))
    units: Mapped[list[str]] = mapped_column(ARRAY(String(32)))
    members: Mapped[list[str]] = mapped_column(ARRAY(String(60)))
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("campaign.id"))
    source_tip_id: Mapped[str] = mapped_column(String(64), default="")
    planned_at: Mapped[dt.datetime]
    completed: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (Index("ix_inspection_ward_planned", "ward", "planned_for"),)


class RecordRow(Base):
    """An inspection record (biên bản). Once signed, a trigger refuses any change or deletion."""

    __tablename__ = "inspection_record"
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    inspection_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("inspection.id"), index=True)
    establishment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("establishment.id"), index=True)
    ward: Mapped[str] = mapped_column(String(32))
    findings: Mapped[dict[str, Any]]
    drafted_by: Mapped[str] = mapped_column(String(200))
    drafted_at: Mapped[dt.datetime]
    supersedes: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("inspection_record.id"))
    amendment_reason: Mapped[str] = mapped_column(Text, default="")
    signed_by: Mapped[str] = mapped_column(String(200), default="")
    signed_at: Mapped[dt.datetime | None]


class SurpriseRequestRow(Base):
    """A tip routed to inspection (TipRouted): a request for a surprise inspection, visible to the team."""

    __tablename__ = "surprise_request"
    tip_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32))
    establishment_id: Mapped[str] = mapped_column(String(64), default="")
    residential_group: Mapped[str] = mapped_column(String(40), default="")
    category: Mapped[str] = mapped_column(String(40), default="")
    severity: Mapped[str] = mapped_column(String(20), default="")
    due_at: Mapped[dt.datetime | None]
    routed_at: Mapped[dt.datetime]
    inspection_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("inspection.id"))


class HotspotRow(Base):
    """A suggested, confirmed, dismissed or cleared hotspot (tụ điểm) with its evidence."""

    __tablename__ = "hotspot"
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32))
    place_key: Mapped[str] = mapped_column(String(120))
    place_kind: Mapped[str] = mapped_column(String(30))
    place_code: Mapped[str] = mapped_column(String(80))
    residential_group: Mapped[str] = mapped_column(String(40), default="")
    establishment_id: Mapped[str | None] = mapped_column(String(64))
    trigger: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20))
    formation: Mapped[str | None] = mapped_column(String(20))
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(TYPES[dict[str, Any]])
    suggested_at: Mapped[dt.datetime]
    decided_at: Mapped[dt.datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(200))
    dismissal_reason: Mapped[str | None] = mapped_column(Text)
    cleared_at: Mapped[dt.datetime | None]
    cleared_by: Mapped[str | None] = mapped_column(String(200))
    clearing_reason: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (Index("ix_hotspot_place", "ward", "place_key", "status"),)
