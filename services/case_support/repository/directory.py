"""Referrals, the providers directory, the per-client reporting keys and enrolment requests."""

from __future__ import annotations

import base64
import datetime as dt
import os
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.case_support.domain.kinds import ProviderKind, ServiceKind
from services.case_support.domain.pseudonym import reporting_pseudonym
from services.case_support.domain.referral import Provider, Referral
from services.case_support.repository.mapping import referral_from_row, referral_values
from services.case_support.repository.tables import (
    EnrolmentRequestRow,
    ProviderRow,
    ReferralRow,
    ReportingKeyRow,
)
from shared.crypto import FieldCipher
from shared.uow import EventSource

Track = Callable[[EventSource], None]
KEY_BYTES = 32


class Referrals:
    def __init__(self, session: AsyncSession, track: Track, ward: str) -> None:
        self._session, self._track, self._ward = session, track, ward
        self._loaded: dict[uuid.UUID, tuple[Referral, dict[str, Any] | None]] = {}

    def add(self, r: Referral) -> None:
        self._loaded[r.id] = (r, None)
        self._track(r)

    async def forget_code(self, case_id: uuid.UUID) -> None:
        """A wholly erased case's referrals forget the client's code (written after ``flush``)."""
        await self._session.execute(
            update(ReferralRow).where(ReferralRow.case_id == case_id).values(client_code="")
        )

    async def get(self, referral_id: uuid.UUID, *, for_update: bool = False) -> Referral | None:
        known = self._loaded.get(referral_id)
        if known is not None:
            return known[0]
        query = select(ReferralRow).where(ReferralRow.id == referral_id, ReferralRow.ward == self._ward)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).scalar_one_or_none()
        if row is None:
            return None
        r = referral_from_row(row)
        self._loaded[r.id] = (r, referral_values(r, self._ward))
        self._track(r)
        return r

    async def of_case(self, case_id: uuid.UUID) -> list[Referral]:
        rows = (
            await self._session.execute(
                select(ReferralRow).where(ReferralRow.case_id == case_id).order_by(ReferralRow.made_at)
            )
        ).scalars()
        return [referral_from_row(r) for r in rows]

    async def open_ones(self) -> list[Referral]:
        rows = (
            await self._session.execute(
                select(ReferralRow).where(
                    ReferralRow.ward == self._ward, ReferralRow.status.in_(["made", "accepted"])
                )
            )
        ).scalars()
        return [referral_from_row(r) for r in rows]

    async def flush(self) -> None:
        for r, before in self._loaded.values():
            values = referral_values(r, self._ward)
            if before is None:
                await self._session.execute(insert(ReferralRow), [{"id": r.id, **values}])
            elif values != before:
                await self._session.execute(
                    update(ReferralRow).where(ReferralRow.id == r.id).values(**values)
                )
        self._loaded = {k: (r, referral_values(r, self._ward)) for k, (r, _) in self._loaded.items()}


def provider_of(row: ProviderRow) -> Provider:
    return Provider(row.id, ProviderKind(row.kind), frozenset(ServiceKind(k) for k in row.offers), row.active)


class Providers:
    def __init__(self, session: AsyncSession, ward: str) -> None:
        self._session, self._ward = session, ward

    async def get(self, provider_id: str) -> ProviderRow | None:
        query = select(ProviderRow).where(ProviderRow.id == provider_id, ProviderRow.ward == self._ward)
        return (await self._session.execute(query)).scalar_one_or_none()

    async def put(self, provider_id: str, values: dict[str, Any]) -> bool:
        """Create or replace; True when it was new."""
        existed = await self.get(provider_id) is not None
        stmt = pg_insert(ProviderRow).values(id=provider_id, ward=self._ward, **values)
        await self._session.execute(
            stmt.on_conflict_do_update(index_elements=["id", "ward"], set_=dict(values))
        )
        return not existed

    async def all(self, *, active_only: bool = False) -> list[ProviderRow]:
        query = select(ProviderRow).where(ProviderRow.ward == self._ward)
        if active_only:
            query = query.where(ProviderRow.active.is_(True))
        return list((await self._session.execute(query.order_by(ProviderRow.name, ProviderRow.id))).scalars())


class ReportingKeys:
    """Each client's random reporting key (encrypted at rest). The events carry
    ``HMAC(key, client code)``; destroying the key (erasure) leaves nothing that links them back."""

    def __init__(self, session: AsyncSession, cipher: FieldCipher, ward: str) -> None:
        self._session, self._cipher, self._ward = session, cipher, ward

    @staticmethod
    def _aad(ward: str, code: str) -> str:
        return f"case_support:reporting_key:{ward}:{code}"

    async def key(self, code: str) -> bytes | None:
        row = await self._session.get(ReportingKeyRow, (self._ward, code))
        if row is None:
            return None
        return base64.b64decode(self._cipher.decrypt(row.ciphertext, self._aad(self._ward, code)))

    async def pseudonym(self, code: str) -> str:
        """The client's reporting pseudonym; a new random key when the client has none (or it was
        destroyed: a client enrolled again after erasure is a new person to reporting)."""
        key = await self.key(code)
        if key is None:
            key = os.urandom(KEY_BYTES)
            blob = self._cipher.encrypt(base64.b64encode(key).decode(), self._aad(self._ward, code))
            await self._session.execute(
                pg_insert(ReportingKeyRow)
                .values(ward=self._ward, client_code=code, ciphertext=blob)
                .on_conflict_do_nothing()
            )
            key = await self.key(code)
            assert key is not None
        return reporting_pseudonym(code, key)

    async def destroy(self, code: str) -> None:
        await self._session.execute(
            delete(ReportingKeyRow).where(
                ReportingKeyRow.ward == self._ward, ReportingKeyRow.client_code == code
            )
        )


class EnrolmentRequests:
    """Tips routed to case support: the tip id and when, nothing about the reporter or the person."""

    def __init__(self, session: AsyncSession, ward: str) -> None:
        self._session, self._ward = session, ward

    async def add(self, tip_id: uuid.UUID, routed_at: dt.datetime) -> None:
        await self._session.execute(
            pg_insert(EnrolmentRequestRow)
            .values(tip_id=tip_id, ward=self._ward, routed_at=routed_at, status="open")
            .on_conflict_do_nothing()
        )

    async def get(self, tip_id: uuid.UUID) -> EnrolmentRequestRow | None:
        query = select(EnrolmentRequestRow).where(
            EnrolmentRequestRow.tip_id == tip_id, EnrolmentRequestRow.ward == self._ward
        )
        return (await self._session.execute(query)).scalar_one_or_none()

    async def enrolled(self, tip_id: uuid.UUID, case_id: uuid.UUID) -> None:
        await self._session.execute(
            update(EnrolmentRequestRow)
            .where(EnrolmentRequestRow.tip_id == tip_id, EnrolmentRequestRow.ward == self._ward)
            .values(status="enrolled", case_id=case_id)
        )

    async def page(
        self, status: str | None, *, page: int, size: int
    ) -> tuple[list[EnrolmentRequestRow], int]:
        query = select(EnrolmentRequestRow).where(EnrolmentRequestRow.ward == self._ward)
        if status:
            query = query.where(EnrolmentRequestRow.status == status)
        total = int(await self._session.scalar(select(func.count()).select_from(query.subquery())) or 0)
        rows = await self._session.execute(
            query.order_by(EnrolmentRequestRow.routed_at.desc()).offset((page - 1) * size).limit(size)
        )
        return list(rows.scalars()), total
