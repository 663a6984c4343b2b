"""A per-key sliding-window limit, kept in this process (each replica limits on its own)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from shared.errors import Problem


class TooManyRequests(Problem):
    status, type_slug, title = 429, "rate-limited", "Quá nhiều yêu cầu / Too many requests"

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.extra["retry_after"])}


class RateLimiter:
    def __init__(
        self,
        limit: int,
        window_s: float,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._max_keys = max_keys

    def check(self, key: str) -> None:
        """Count a hit for ``key``; raise 429 (with the wait in seconds) past the limit."""
        now = self._clock()
        hits = self._hits.setdefault(key, deque())
        while hits and now - hits[0] >= self.window_s:
            hits.popleft()
        if len(hits) >= self.limit:
            retry = int(self.window_s - (now - hits[0])) + 1
            raise TooManyRequests(f"try again in {retry} s", retry_after=retry)
        hits.append(now)
        if len(self._hits) > self._max_keys:
            self._forget_idle(now)

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, h in self._hits.items() if not h or now - h[-1] >= self.window_s]:
            del self._hits[key]
