"""online_monitoring persistence: its tables (its own metadata, with the platform tables) and its
unit of work."""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import DeclarativeBase

from services.online_monitoring.events import to_messages
from shared.db import TYPES, service_metadata
from shared.uow import UnitOfWork


class Base(DeclarativeBase):
    metadata = service_metadata()
    type_annotation_map: ClassVar[dict[Any, Any]] = TYPES


class OnlineMonitoringUnitOfWork(UnitOfWork):
    """The service's transaction; its repositories are added in ``_open`` as they are built."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], *, ward: str) -> None:
        super().__init__(session_factory, service="online_monitoring", ward=ward, to_messages=to_messages)
