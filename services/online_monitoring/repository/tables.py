"""online_monitoring's tables (its own metadata, with the platform tables)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, ClassVar

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text, func, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.db import TYPES, service_metadata


class Base(DeclarativeBase):
    metadata = service_metadata()
    type_annotation_map: ClassVar[dict[Any, Any]] = TYPES


class ItemRow(Base):
    """One piece of content of a ward: its canonical key is unique in the ward (a second report of it
    is a report of the same item). The reports, the classification, the takedown requests with their
    steps and the reappearances are in ``detail``; the columns are what lists filter and sort on."""

    __tablename__ = "item"
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32))
    platform: Mapped[str] = mapped_column(String(20))
    space: Mapped[str] = mapped_column(String(20))
    key: Mapped[str | None] = mapped_column(Text)  # None: a routed tip whose URL is not entered yet
    url: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20))
    category: Mapped[str | None] = mapped_column(String(30))
    reported_at: Mapped[dt.datetime]
    due_at: Mapped[dt.datetime]
    classified_at: Mapped[dt.datetime | None]
    handled_at: Mapped[dt.datetime | None]
    source_tip_id: Mapped[str] = mapped_column(String(64), default="")
    establishment_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    report_count: Mapped[int] = mapped_column(Integer)
    reappearance_count: Mapped[int] = mapped_column(Integer)
    # The takedown request under way: its status and the platform's deadline (overdue and reminders).
    takedown_status: Mapped[str | None] = mapped_column(String(20))
    takedown_deadline: Mapped[dt.datetime | None]
    detail: Mapped[dict[str, Any]]
    updated_at: Mapped[dt.datetime] = mapped_column(server_default=func.clock_timestamp())
    __table_args__ = (
        Index("uq_item_ward_key", "ward", "key", unique=True, postgresql_where=text("key IS NOT NULL")),
        Index("ix_item_ward_status_due", "ward", "status", "due_at"),
        Index("ix_item_ward_hash", "ward", "content_hash"),
        Index("ix_item_ward_tip", "ward", "source_tip_id"),
        Index("ix_item_takedown_deadline", "ward", "takedown_deadline"),
    )


class ItemTextRow(Base):
    """An excerpt of the content's text (personal data about third parties): AES-GCM encrypted, bound
    to its item; read only through the audited endpoint and by the classifier."""

    __tablename__ = "item_text"
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("item.id"), primary_key=True)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[dt.datetime] = mapped_column(server_default=func.clock_timestamp())
