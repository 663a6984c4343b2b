"""What intake's use cases need besides the unit of work; built once by the composition root."""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from services.intake.domain.deadlines import DeadlineRules
from services.intake.domain.receipts import ReceiptKeys
from shared.clock import now as domain_now
from shared.ratelimit import Limiter, Network, RateLimiter


def _random_keys() -> ReceiptKeys:
    """Keys of one process (tests): the composition root passes the configured ones."""
    return ReceiptKeys({"k1": secrets.token_bytes(32)}, "k1")


@dataclass(frozen=True)
class IntakeDeps:
    rules: DeadlineRules
    receipt_salt: bytes  # only for receipts stored as Argon2 before keyed hashes
    receipt_keys: ReceiptKeys = field(default_factory=_random_keys)
    submit_limit: Limiter = field(default_factory=lambda: RateLimiter(10, 3600))
    lookup_limit: Limiter = field(default_factory=lambda: RateLimiter(60, 3600))
    export_max_rows: int = 50_000
    residential_groups: Mapping[str, str] = field(default_factory=dict)  # code -> name; empty: any code
    # Anonymous tips: ward -> its residential groups, and host name -> ward. Empty: the service's own
    # ward only, with ``residential_groups``.
    public_wards: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    public_hosts: Mapping[str, str] = field(default_factory=dict)
    trusted_proxies: tuple[Network, ...] = ()
    # One legacy (Argon2, 64 MiB) evaluation at a time in this process, whatever the number of lookups.
    legacy_gate: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(1))
    clock: Callable[[], dt.datetime] = domain_now  # the real clock, or a demo system's
