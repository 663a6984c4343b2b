"""Intake's unit of work with in-memory repositories: the real event collection and mapping, no database.

Tables (see ``tests.unit.fakes``): ``tips`` id -> a snapshot of the tip as stored; ``private`` a list
of field rows; ``receipts`` (key id, code hash) -> tip id.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import uuid
from collections.abc import Callable
from typing import Any

from services.intake.domain import OPEN, Tip, Transition
from services.intake.domain.receipts import LEGACY_KEY_ID
from services.intake.repository import IntakeUnitOfWork, ReceiptView, TipFilter
from shared.crypto import FieldCipher
from tests.unit.fakes import FakeUnitOfWork, Tables, no_database


def snapshot(tip: Tip) -> Tip:
    """What the database keeps of a tip: its state and history, not its uncollected events."""
    stored = copy.deepcopy(tip)
    stored.new = []
    return stored


class FakeTipRepository:
    """``TipRepository`` over a dict; what it adds or loads is tracked, changed tips are written at flush."""

    def __init__(self, rows: dict[uuid.UUID, Tip], track: Callable[[Tip], None]) -> None:
        self._rows = rows
        self._track = track
        self._loaded: list[Tip] = []

    def _remember(self, tip: Tip) -> Tip:
        self._loaded.append(tip)
        self._track(tip)
        return tip

    async def add(self, tip: Tip) -> None:
        if tip.id in self._rows:
            raise AssertionError(f"duplicate tip id {tip.id}")
        self._rows[tip.id] = snapshot(tip)
        self._remember(tip)

    async def get(self, tip_id: uuid.UUID, ward: str, *, for_update: bool = False) -> Tip | None:
        row = self._rows.get(tip_id)
        if row is None or row.ward != ward:
            return None
        return self._remember(copy.deepcopy(row))

    async def flush(self) -> None:
        for tip in self._loaded:
            if tip.new:
                self._rows[tip.id] = snapshot(tip)

    async def history(self, tip_id: uuid.UUID) -> list[Transition]:
        row = self._rows.get(tip_id)
        return list(row.history) if row else []

    async def page(self, ward: str, f: TipFilter, *, offset: int, limit: int) -> tuple[list[Tip], int]:
        found = [t for t in self._rows.values() if t.ward == ward and _matches(t, f)]
        found.sort(key=lambda t: (-t.received_at.timestamp(), t.id))
        return [copy.deepcopy(t) for t in found[offset : offset + limit]], len(found)

    async def due_for_notice(
        self, ward: str, now: dt.datetime, approaching_from: dt.timedelta, limit: int = 500
    ) -> list[Tip]:
        def due(t: Tip) -> bool:
            if t.ward != ward or t.status not in OPEN or t.due_at > now + approaching_from:
                return False
            if t.due_at > now:
                return t.approaching_notified_due != t.due_at
            return t.overdue_notified_due != t.due_at

        found = sorted((t for t in self._rows.values() if due(t)), key=lambda t: t.due_at)[:limit]
        return [self._remember(copy.deepcopy(t)) for t in found]


def _matches(t: Tip, f: TipFilter) -> bool:
    checks = [
        not f.kinds or t.kind in f.kinds,
        not f.statuses or t.status in f.statuses,
        f.channel is None or t.channel is f.channel,
        f.category is None or t.category is f.category,
        f.residential_group is None or t.residential_group == f.residential_group,
        f.received_from is None or t.received_at >= f.received_from,
        f.received_to is None or t.received_at < f.received_to,
        f.overdue_at is None or (t.status in OPEN and t.due_at < f.overdue_at),
        f.due_before is None or (t.status in OPEN and t.due_at <= f.due_before),
    ]
    return all(checks)


class FakePrivateFields:
    """Private fields in clear text (the cipher is tested on its own)."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows

    async def add(self, tip_id: uuid.UUID, values: dict[str, str], source: str) -> list[str]:
        added = [
            {"tip_id": tip_id, "field": name, "value": value, "source": source}
            for name, value in values.items()
            if value
        ]
        self.rows.extend(added)
        return [row["field"] for row in added]

    async def read(self, tip_id: uuid.UUID, names: frozenset[str]) -> list[dict[str, Any]]:
        return [
            {"field": r["field"], "value": r["value"], "source": r["source"]}
            for r in self.rows
            if r["tip_id"] == tip_id and r["field"] in names
        ]


class FakeReceipts:
    """Receipt rows as ``(key id, hash) -> tip id``."""

    def __init__(self, rows: dict[tuple[str, str], uuid.UUID], tips: dict[uuid.UUID, Tip]) -> None:
        self.rows = rows
        self._tips = tips

    async def add(self, key_id: str, code_hash: str, tip_id: uuid.UUID) -> None:
        if any(h == code_hash for _, h in self.rows) or tip_id in self.rows.values():
            raise AssertionError("a receipt code and a tip have one receipt each")
        self.rows[(key_id, code_hash)] = tip_id

    async def tip_for(self, candidates: list[tuple[str, str]]) -> ReceiptView | None:
        tip_id = next((self.rows[c] for c in candidates if c in self.rows), None)
        if tip_id is None:
            return None
        tip = self._tips[tip_id]
        updated = max([tip.received_at, *(s.at for s in tip.history)])
        return ReceiptView(tip.id, tip.status, tip.received_at, updated)

    async def has_legacy(self) -> bool:
        return any(kid == LEGACY_KEY_ID for kid, _ in self.rows)

    async def rehash(self, tip_id: uuid.UUID, key_id: str, code_hash: str) -> None:
        for kid, old in [k for k, v in self.rows.items() if v == tip_id and k[0] == LEGACY_KEY_ID]:
            del self.rows[(kid, old)]
            self.rows[(key_id, code_hash)] = tip_id


class FakeIntakeUnitOfWork(FakeUnitOfWork, IntakeUnitOfWork):
    """``IntakeUnitOfWork`` with in-memory repositories; its event collection and mapping are real."""

    def __init__(self, ward: str = "lechan") -> None:
        IntakeUnitOfWork.__init__(
            self, no_database, ward=ward, cipher=FieldCipher({"t1": os.urandom(32)}, "t1")
        )
        self._start_fake(tips={}, private=[], receipts={})

    def _open(self, tables: Tables) -> None:  # type: ignore[override]
        self.tips = FakeTipRepository(tables["tips"], self.track)  # type: ignore[assignment]
        self.private = FakePrivateFields(tables["private"])  # type: ignore[assignment]
        self.receipts = FakeReceipts(tables["receipts"], tables["tips"])  # type: ignore[assignment]

    async def _flush(self) -> None:
        await self.tips.flush()
