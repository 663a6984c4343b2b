"""The audit log: who read or changed which record holding personal data, written in the same commit."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth import Principal
from shared.db import AUDIT

_INSERT = insert(AUDIT)  # built once


class AuditLog:
    """Append-only; a row is written in the transaction of the read it records."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(
        self, principal: Principal, action: str, resource: str, resource_id: str, fields: Sequence[str] = ()
    ) -> None:
        await self._session.execute(
            _INSERT,
            {
                "actor": principal.id,
                "unit": principal.unit,
                "action": action,
                "resource": resource,
                "resource_id": resource_id,
                "fields": sorted(fields),
            },
        )
