"""Evidence's tables: the bytes once per SHA-256 (encrypted), a record per item and file, and the
chain of custody (append-only: a trigger refuses to change or delete its rows, see migration 0004)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from services.online_monitoring.repository.tables import Base


class EvidenceBlobRow(Base):
    """The bytes of a file, stored once however many items it is evidence for (content-addressed);
    AES-GCM encrypted with the platform's field cipher, bound to its SHA-256."""

    __tablename__ = "evidence_blob"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(server_default=func.clock_timestamp())


class EvidenceRow(Base):
    """A file captured as evidence for an item: its facts and who captured it (the original file
    name may name a person: encrypted)."""

    __tablename__ = "evidence"
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32))
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("item.id"))
    sha256: Mapped[str] = mapped_column(ForeignKey("evidence_blob.sha256"))
    media_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    perceptual_hash: Mapped[str | None] = mapped_column(String(16))
    filename_ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    captured_by: Mapped[str] = mapped_column(String(200))
    captured_unit: Mapped[str] = mapped_column(String(32))
    captured_at: Mapped[dt.datetime]
    __table_args__ = (
        UniqueConstraint("item_id", "sha256", name="uq_evidence_item_sha256"),
        Index("ix_evidence_ward_item", "ward", "item_id"),
        Index("ix_evidence_ward_phash", "ward", "perceptual_hash"),
    )


class CustodyRow(Base):
    """One entry of an evidence's chain of custody (see ``domain.custody``)."""

    __tablename__ = "evidence_custody"
    evidence_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("evidence.id"), primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer, primary_key=True)
    evidence_sha256: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime]
    note: Mapped[str] = mapped_column(Text)
    previous_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))
