"""Counts of the read models kept for reuse while the database has not changed (the dashboard's values
and the trend's month under way).

A count is keyed by the reading transaction's snapshot (``ReportingUnitOfWork.reading_snapshot``): two
REPEATABLE READ transactions with the same snapshot see the same rows, and any write committed or begun
since gives a new one, so a reused count is the count the database would give now. Time moves on
without a write, though: a period not yet ended is counted as of a moment (what is not due yet does
not count as failed), so such a count is reused for at most ``ttl`` of the clock, and it keeps the
moment it was counted as of (``as_of``, which the view shows). A period already ended is counted whole,
the same at any later moment.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")
TTL = dt.timedelta(seconds=30)
SIZE = 256  # counts kept (the least recently used go first): a few scopes and periods, their wards


@dataclass
class LiveCounts:
    ttl: dt.timedelta = TTL
    size: int = SIZE
    hits: int = 0
    misses: int = 0
    _kept: OrderedDict[Hashable, tuple[dt.datetime, Any]] = field(default_factory=OrderedDict, repr=False)

    async def reuse(
        self,
        snapshot: str,
        key: Hashable,
        now: dt.datetime,
        ends: dt.datetime,
        count: Callable[[], Awaitable[T]],
    ) -> tuple[T, dt.datetime]:
        """``count()`` as of ``now``, or the same count kept from an earlier call in the same snapshot of
        the database (no more than ``ttl`` earlier, for a period that ``ends`` after ``now``); with the
        moment it was counted as of."""
        full = (snapshot, now >= ends, key)  # an ended period is counted whole, an open one as of a moment
        kept = self._kept.get(full)
        if kept is not None and (now >= ends or dt.timedelta(0) <= now - kept[0] < self.ttl):
            self._kept.move_to_end(full)
            self.hits += 1
            counted_at, value = kept
            return value, counted_at
        self.misses += 1
        value = await count()
        self._kept[full] = (now, value)
        self._kept.move_to_end(full)
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)
        return value, now
