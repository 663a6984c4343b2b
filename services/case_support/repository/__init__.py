"""case_support persistence: its tables and the unit of work that owns its repositories.

The unit of work publishes a case's or a referral's events with the client's *reporting pseudonym*
(see ``events``): before the messages are built it looks up (or creates) the client's reporting key,
and after a case was wholly erased it destroys that key in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from google.protobuf.message import Message
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.case_support import events
from services.case_support.domain.case import Case
from services.case_support.domain.records import Erased
from services.case_support.repository.cases import CaseFilter, Cases
from services.case_support.repository.directory import (
    EnrolmentRequests,
    Providers,
    Referrals,
    ReportingKeys,
    provider_of,
)
from services.case_support.repository.tables import Base
from shared.crypto import FieldCipher
from shared.uow import UnitOfWork

__all__ = ["Base", "CaseFilter", "CaseSupportUnitOfWork", "provider_of"]


def _shreds(event: Any) -> bool:
    """A whole erasure (at the client's request, after retention, or without consent to keep records
    at all) destroys the reporting key; erasing the contact fields alone (their consent withdrawn)
    does not."""
    return isinstance(event, Erased) and event.whole


class CaseSupportUnitOfWork(UnitOfWork):
    cases: Cases
    referrals: Referrals
    providers: Providers
    keys: ReportingKeys
    requests: EnrolmentRequests

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], *, ward: str, cipher: FieldCipher
    ) -> None:
        super().__init__(session_factory, service="case_support", ward=ward, to_messages=self._messages)
        self._cipher = cipher
        self._pseudonyms: dict[str, str] = {}

    def _open(self, session: AsyncSession) -> None:
        self.cases = Cases(session, self.track, self._cipher)
        self.referrals = Referrals(session, self.track, self.ward)
        self.providers = Providers(session, self.ward)
        self.keys = ReportingKeys(session, self._cipher, self.ward)
        self.requests = EnrolmentRequests(session, self.ward)
        self._pseudonyms = {}

    def _messages(self, aggregate: Any, event: Any) -> Iterable[Message]:
        code = aggregate.client_code  # "" once the case was wholly erased: its events carry none
        return events.to_messages(aggregate, event, self._pseudonyms[code] if code else "", self.ward)

    async def _flush(self) -> None:
        erased: dict[str, set[Any]] = {}
        for aggregate in list(self._seen.values()):
            pending = aggregate.__dict__.get("_pending_events", [])
            if not pending:
                continue
            code = getattr(aggregate, "client_code", "")
            if code and code not in self._pseudonyms:
                self._pseudonyms[code] = await self.keys.pseudonym(code)
            if isinstance(aggregate, Case) and any(_shreds(e) for e in pending):
                erased.setdefault(code, set()).add(aggregate.id)
        await self.cases.flush()
        await self.referrals.flush()
        for case_id in {i for ids in erased.values() for i in ids}:
            await self.referrals.forget_code(case_id)
        for code in erased:  # crypto-shredding: what was published no longer leads to the client
            # ... once no case of the client still holds data: the key is the client's, shared by
            # their cases (an old case erased after retention must not re-key a current one)
            if not await self.cases.kept_with_code(self.ward, code):
                await self.keys.destroy(code)
