"""Rate limits for anonymous endpoints: who the caller is behind proxies, and counters replicas share.

**Who.** ``client_network`` believes ``X-Forwarded-For`` only from configured proxy networks
(``PCMD_TRUSTED_PROXIES``, none by default) and keys on the right-most address no trusted proxy
vouches for, so a caller cannot pick its own bucket by sending the header, and citizens behind the
ingress do not share one. An IPv6 caller is counted by its /64 (one subscriber's prefix).

**Where.** ``PostgresRateLimiter`` keeps fixed-window counters in the service's own database (one
UPSERT per hit), so every replica sees the same counts and a restart forgets nothing. A row holds
the bucket, a keyed hash of the network (never the address) and the window; rows are deleted once
their window has passed (``purge``), so nothing is kept for more than the window and a purge
interval. (The ``limits`` library has no PostgreSQL storage, hence this small table.)
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import re
import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.db import NAMING
from shared.errors import Problem

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
IPV6_PREFIX = 64
_BRACKETED = re.compile(r"^\[([0-9A-Fa-f:.]+)\](?::\d+)?$")
_V4_WITH_PORT = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){3}):\d+$")


class TooManyRequests(Problem):
    status, type_slug, title = 429, "rate-limited", "Quá nhiều yêu cầu / Too many requests"

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.extra["retry_after"])}


def parse_networks(spec: str) -> tuple[Network, ...]:
    """``10.0.0.0/8, fd00::/8``: the proxies whose forwarded headers are believed."""
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in spec.split(",") if part.strip())


def _address(text: str) -> Address | None:
    text = text.strip()
    for pattern in (_BRACKETED, _V4_WITH_PORT):
        if found := pattern.match(text):
            text = found.group(1)
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _bucket(ip: Address) -> str:
    if isinstance(ip, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((ip, IPV6_PREFIX), strict=False))
    return str(ip)


def client_network(peer: str | None, forwarded_for: Iterable[str], trusted: tuple[Network, ...]) -> str:
    """The address (IPv6: the /64) a request is counted under.

    Starting at the peer, each hop a trusted proxy sent is replaced by the one it names before it in
    ``X-Forwarded-For``; the first hop that is not a trusted proxy is the caller. An entry that is not
    an address stops the walk at the proxy that added it.
    """
    chosen = _address(peer or "")
    if chosen is None:
        return "unknown"
    entries = [e for header in forwarded_for for e in header.split(",")]
    for entry in reversed(entries):
        if not any(chosen in network for network in trusted):
            break
        hop = _address(entry)
        if hop is None:
            break
        chosen = hop
    return _bucket(chosen)


def keyed(network: str, key: bytes) -> str:
    """What a counter row holds instead of the address."""
    return hmac.new(key, network.encode(), hashlib.sha256).hexdigest()


class Limiter(Protocol):
    async def hit(self, key: str) -> None:
        """Count a hit for ``key``; raise ``TooManyRequests`` past the limit."""


class RateLimiter:
    """A sliding window in this process only (tests, tools); the service uses ``PostgresRateLimiter``."""

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

    async def hit(self, key: str) -> None:
        self.check(key)

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


TZ = sa.DateTime(timezone=True)
RATE_LIMIT = sa.Table(
    "rate_limit",
    sa.MetaData(naming_convention=NAMING),
    sa.Column("bucket", sa.String(40), primary_key=True),
    sa.Column("key_hash", sa.String(64), primary_key=True),
    sa.Column("window_start", TZ, primary_key=True),
    sa.Column("hits", sa.Integer, nullable=False),
    sa.Column("expires_at", TZ, nullable=False, index=True),
)
_HIT = (
    pg_insert(RATE_LIMIT)
    .values(
        bucket=sa.bindparam("bucket"),
        key_hash=sa.bindparam("key_hash"),
        window_start=sa.func.to_timestamp(sa.bindparam("start", type_=sa.Float)),
        hits=1,
        expires_at=sa.func.to_timestamp(sa.bindparam("end", type_=sa.Float)),
    )
    .on_conflict_do_update(
        index_elements=[RATE_LIMIT.c.bucket, RATE_LIMIT.c.key_hash, RATE_LIMIT.c.window_start],
        set_={"hits": RATE_LIMIT.c.hits + 1},
    )
    .returning(RATE_LIMIT.c.hits)
)
_PURGE = sa.delete(RATE_LIMIT).where(RATE_LIMIT.c.expires_at < sa.func.to_timestamp(sa.bindparam("now")))


class PostgresRateLimiter:
    """``limit`` hits per fixed window of ``window_s`` seconds per key, counted in PostgreSQL.

    Each hit is its own short transaction, committed whatever the request does next. A fixed window
    lets a caller spend up to twice the limit across a window boundary; for these limits that is
    fine, and it keeps one row per caller and window.
    """

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        bucket: str,
        limit: int,
        window_s: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._sessions = session_factory
        self.bucket = bucket
        self.limit = limit
        self.window_s = window_s
        self._clock = clock

    async def hit(self, key: str) -> None:
        now = self._clock()
        start = math.floor(now / self.window_s) * self.window_s
        end = start + self.window_s
        async with self._sessions() as session, session.begin():
            hits = (
                await session.execute(
                    _HIT, {"bucket": self.bucket, "key_hash": key, "start": start, "end": end}
                )
            ).scalar_one()
        if hits > self.limit:
            retry = max(1, math.ceil(end - now))
            raise TooManyRequests(f"try again in {retry} s", retry_after=retry)

    async def purge(self) -> int:
        """Delete every counter whose window has passed; returns how many."""
        async with self._sessions() as session, session.begin():
            result = await session.execute(_PURGE, {"now": self._clock()})
        return int(getattr(result, "rowcount", 0) or 0)
