"""What a snapshot says: indicator values and per-source breakdowns, a canonical hash, suppression."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from typing import Any

from services.reporting.domain.indicators import BY_CODE, IndicatorValue
from services.reporting.domain.periods import Period, PeriodType, parse

SOURCES = ("intake", "inspection", "case_support", "online_monitoring", "programme")


@dataclass(frozen=True)
class BreakdownRow:
    """One count behind the indicators, e.g. (intake, tips_by_kind, denunciation) = 12."""

    source: str
    dimension: str
    key: str
    count: int
    counts_people: bool = False
    suppressed: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "dimension": self.dimension,
            "key": self.key,
            "count": self.count,
            "counts_people": self.counts_people,
            "suppressed": self.suppressed,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> BreakdownRow:
        return cls(
            str(d["source"]),
            str(d["dimension"]),
            str(d["key"]),
            int(d["count"]),
            bool(d["counts_people"]),
            bool(d.get("suppressed", False)),
        )


@dataclass(frozen=True)
class SnapshotContent:
    """The immutable part of a snapshot; its hash is over exactly this."""

    scope: str  # a ward code, or the code of a group of wards (a city)
    ward_codes: tuple[str, ...]
    period: Period
    indicators: tuple[IndicatorValue, ...]
    breakdown: tuple[BreakdownRow, ...] = ()

    def canonical(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "ward_codes": sorted(self.ward_codes),
            "period": {
                "type": self.period.type.value,
                "code": self.period.code,
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
            },
            "indicators": [v.as_dict() for v in sorted(self.indicators, key=lambda v: v.code)],
            "breakdown": [
                r.as_dict() for r in sorted(self.breakdown, key=lambda r: (r.source, r.dimension, r.key))
            ],
        }

    @property
    def content_hash(self) -> str:
        text = json.dumps(self.canonical(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    @classmethod
    def from_canonical(cls, d: dict[str, Any]) -> SnapshotContent:
        period = parse(d["period"]["code"])
        if period.type is not PeriodType(d["period"]["type"]):
            raise ValueError("period type does not match its code")
        return cls(
            scope=d["scope"],
            ward_codes=tuple(d["ward_codes"]),
            period=period,
            indicators=tuple(IndicatorValue.from_dict(v) for v in d["indicators"]),
            breakdown=tuple(BreakdownRow.from_dict(r) for r in d["breakdown"]),
        )

    def value(self, code: str) -> IndicatorValue:
        return next(v for v in self.indicators if v.code == code)


def _small(n: int, threshold: int) -> bool:
    return 0 < n < threshold


def suppress(content: SnapshotContent, threshold: int) -> SnapshotContent:
    """The copy that may leave the ward: counts of people from 1 to threshold-1 are withheld.

    A withheld indicator keeps its target and comparison but loses numerator, denominator, value and
    ``met`` (a met flag next to a tiny denominator would tell too much). ``threshold`` 0 disables it.
    """
    if threshold <= 0:
        return content
    indicators = tuple(
        replace(v, numerator=0, denominator=0, value=0, met=False, suppressed=True)
        if BY_CODE[v.code].counts_people
        and (_small(v.numerator, threshold) or _small(v.denominator - v.numerator, threshold)
             or _small(v.denominator, threshold))
        else v
        for v in content.indicators
    )  # fmt: skip
    breakdown = tuple(
        replace(r, count=0, suppressed=True) if r.counts_people and _small(r.count, threshold) else r
        for r in content.breakdown
    )
    return replace(content, indicators=indicators, breakdown=breakdown)


def shown(count: int, suppressed: bool, threshold: int) -> str:
    """How a count is written where suppression applies: ``<5`` for a withheld one."""
    return f"<{threshold}" if suppressed else str(count)
