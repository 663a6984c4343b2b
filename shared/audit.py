"""The audit log: who read or changed which record holding personal data, written in the same commit."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth import Principal
from shared.db import AUDIT
from shared.messaging.envelope import current_correlation

_INSERT = insert(AUDIT)  # built once


class AuditLog:
    """Append-only; a row is written in the transaction of the read it records."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(
        self,
        principal: Principal,
        action: str,
        resource: str,
        resource_id: str,
        *,
        fields: Sequence[str] = (),
        reason: str = "",
    ) -> None:
        """One row: who (and their ward), what, which record, which fields, why, in which request."""
        await self._session.execute(
            _INSERT,
            {
                "actor": principal.id,
                "unit": principal.unit,
                "ward": principal.ward,
                "action": action,
                "resource": resource,
                "resource_id": resource_id,
                "fields": sorted(fields),
                "reason": reason[:500],
                "request_id": current_correlation() or "",
            },
        )
