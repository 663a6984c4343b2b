"""Reporting's declarative base: its own metadata, with the platform tables in it."""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy.orm import DeclarativeBase

from shared.db import TYPES, service_metadata


class Base(DeclarativeBase):
    metadata = service_metadata()
    type_annotation_map: ClassVar[dict[Any, Any]] = TYPES
