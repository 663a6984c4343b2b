"""What intake's use cases need besides the unit of work; built once by the composition root."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from services.intake.domain.deadlines import DeadlineRules
from shared.ratelimit import RateLimiter


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class IntakeDeps:
    rules: DeadlineRules
    receipt_salt: bytes
    submit_limit: RateLimiter = field(default_factory=lambda: RateLimiter(10, 3600))
    lookup_limit: RateLimiter = field(default_factory=lambda: RateLimiter(60, 3600))
    export_max_rows: int = 50_000
    residential_groups: Mapping[str, str] = field(default_factory=dict)  # code -> name; empty: any code
    clock: Callable[[], dt.datetime] = utc_now
