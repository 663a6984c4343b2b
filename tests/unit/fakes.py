"""A unit of work without a database, for use-case tests.

Only the I/O is fake: ``commit()`` runs the service's ``_flush`` and the platform's own
``collect_messages`` (every tracked aggregate's events through the service's ``to_messages``), and
appends the messages to ``published`` instead of the outbox.

The "database" is ``tables``: a dict of in-memory tables. A transaction works on a shallow copy of
every table and replaces them at commit, so leaving the block without ``commit()`` discards its
writes, events and audit records, as a rollback does. Values put in a table are never changed in
place (repositories store snapshots), so a shallow copy is enough.
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable, Sequence
from types import TracebackType
from typing import Any, Self

from google.protobuf.message import Message

from shared.auth import Principal
from shared.idempotency import IdempotencyKeyReused, StoredResponse, validate_key
from shared.uow import ToMessages, UnitOfWork, no_messages

Tables = dict[str, Any]


def no_database() -> Any:
    raise AssertionError("a fake unit of work never opens a database session")


class FakeIdempotencyStore:
    """``IdempotencyStore.run_once`` over a dict: (principal, key) -> (fingerprint, first response)."""

    def __init__(self, rows: dict[tuple[str, str], tuple[str, StoredResponse]]) -> None:
        self.rows = rows

    async def run_once(
        self,
        *,
        principal: str,
        key: str | None,
        fingerprint: str,
        create: Callable[[], Awaitable[dict[str, Any]]],
        status_code: int = 201,
    ) -> tuple[StoredResponse, bool]:
        if key is None:
            return StoredResponse(status_code, await create()), False
        found = self.rows.get((principal, validate_key(key)))
        if found is not None:
            stored_fingerprint, stored = found
            if stored_fingerprint != fingerprint:
                raise IdempotencyKeyReused("this key was used for a request with a different body")
            return stored, True
        response = StoredResponse(status_code, await create())
        self.rows[(principal, key)] = (fingerprint, response)
        return response, False


class FakeAuditLog:
    """``AuditLog.record`` appending to a list (the rows the real one writes)."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = records

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
        self.records.append(
            {
                "actor": principal.id,
                "unit": principal.unit,
                "ward": principal.ward,
                "action": action,
                "resource": resource,
                "resource_id": resource_id,
                "fields": sorted(fields),
                "reason": reason,
            }
        )


class FakeUnitOfWork(UnitOfWork):
    """The platform unit of work with in-memory tables; a service's fake adds its repositories in ``_open``.

    One instance may run many transactions (as many use cases); ``published`` keeps every committed
    message in order, ``committed`` says whether the last transaction committed.
    """

    tables: Tables
    published: list[Message]
    committed: bool

    def __init__(
        self, *, service: str = "fake", ward: str = "w", to_messages: ToMessages = no_messages
    ) -> None:
        super().__init__(no_database, service=service, ward=ward, to_messages=to_messages)
        self._start_fake()

    def _start_fake(self, **tables: Any) -> None:
        """State of a fresh fake (a service's fake that skips ``__init__`` above calls this)."""
        self.tables = {"idempotency": {}, "audit": [], **tables}
        self.published = []
        self.committed = False
        self._tx: Tables | None = None
        self._bind(self.tables)

    @property
    def session(self) -> Any:
        raise AssertionError("a fake unit of work has no session")

    def _bind(self, tables: Tables) -> None:
        self.idempotency = FakeIdempotencyStore(tables["idempotency"])  # type: ignore[assignment]
        self.audit = FakeAuditLog(tables["audit"])  # type: ignore[assignment]
        self._open(tables)  # type: ignore[arg-type]

    async def __aenter__(self) -> Self:
        if self._tx is not None:
            raise AssertionError("the unit of work is already open")
        self._seen = {}
        self.committed = False
        self._tx = {name: copy.copy(table) for name, table in self.tables.items()}
        self._bind(self._tx)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._seen = {}
        self._tx = None  # uncommitted writes are dropped with it
        self._bind(self.tables)  # what is committed, for the test to look at

    async def commit(self) -> None:
        if self._tx is None:
            raise RuntimeError("unit of work used outside 'async with'")
        await self._flush()
        messages = self.collect_messages()  # the real mapping; raises before anything is kept
        self.tables = {name: copy.copy(table) for name, table in self._tx.items()}
        self.published.extend(messages)
        self.committed = True

    def names(self) -> list[str]:
        """The full names of the published messages, in order."""
        return [str(m.DESCRIPTOR.full_name) for m in self.published]
