"""Reviews of the plan (sơ kết, tổng kết; plan II.7): a yearly review of a year and the final review of
the plan period, prepared by the Culture–Society Office from the system once the period has ended,
approved by a ward leader once, and never changed after (a later review of the same period is a new one,
until one is approved).

Its figures are those of the approved snapshot of the same period, as the city got them; the content is
frozen at preparation and named by the SHA-256 of its canonical JSON.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from services.reporting.domain.periods import Period, PeriodType

# kind -> (Vietnamese, English, the period type it reviews)
KINDS: Mapping[str, tuple[str, str, PeriodType]] = {
    "yearly": ("Sơ kết năm", "Yearly review", PeriodType.YEAR),
    "final": ("Tổng kết giai đoạn", "Final review of the plan period", PeriodType.PLAN_PERIOD),
}


class ReviewRefused(ValueError):
    """A review the rules do not allow now (wrong period for its kind, or a period not yet ended)."""


class NotApprovable(Exception):
    """Only a prepared review is approved, and only once."""


def check_period(kind: str, period: Period, now: dt.datetime) -> None:
    """A yearly review reviews a year, the final review the plan period; either once it has ended."""
    if kind not in KINDS:
        raise ReviewRefused(f"loại không hợp lệ / unknown kind of review {kind!r}")
    if period.type is not KINDS[kind][2]:
        raise ReviewRefused(
            f"{KINDS[kind][0]} không áp dụng cho kỳ {period.code}"
            f" / a {kind} review does not cover {period.code}"
        )
    if not period.closed_by(now):
        raise ReviewRefused(
            f"{period.label_vi} chưa kết thúc / {period.label_en} has not ended: review it once it has"
        )


def approve(status: str) -> str:
    """The status after approval; a review approved already (or unknown) is refused."""
    if status != "prepared":
        raise NotApprovable(f"báo cáo đã được phê duyệt / the review is {status}, not awaiting approval")
    return "approved"


def content_hash(content: Mapping[str, Any]) -> str:
    """SHA-256 of the content as canonical JSON: keys sorted, no whitespace, UTF-8."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def in_period(at: dt.datetime, period: Period) -> bool:
    return period.start <= at < period.end


class Approved:
    """A review was approved by a ward leader (its content is final)."""

    __slots__ = ()
