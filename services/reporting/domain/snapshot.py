"""What a snapshot says: indicator values and per-source breakdowns, a canonical hash, suppression."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from services.reporting.domain.indicators import IndicatorValue
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
    complement: bool = False  # withheld although not small itself (domain.disclosure)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "dimension": self.dimension,
            "key": self.key,
            "count": self.count,
            "counts_people": self.counts_people,
            "suppressed": self.suppressed,
        } | ({"complement": True} if self.complement else {})

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> BreakdownRow:
        return cls(
            str(d["source"]),
            str(d["dimension"]),
            str(d["key"]),
            int(d["count"]),
            bool(d["counts_people"]),
            bool(d.get("suppressed", False)),
            bool(d.get("complement", False)),
        )


@dataclass(frozen=True)
class SnapshotContent:
    """The immutable part of a snapshot; its hash is over exactly this."""

    scope: str  # a ward code, or the code of a group of wards (a city)
    ward_codes: tuple[str, ...]
    period: Period
    indicators: tuple[IndicatorValue, ...]
    breakdown: tuple[BreakdownRow, ...] = ()
    # for a period not yet ended: the moment it was counted as of (in the hash); None once it has ended
    as_of: dt.datetime | None = None

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
        } | ({"as_of": self.as_of.isoformat()} if self.as_of is not None else {})

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
            as_of=dt.datetime.fromisoformat(d["as_of"]) if d.get("as_of") else None,
        )

    def value(self, code: str) -> IndicatorValue:
        return next(v for v in self.indicators if v.code == code)


def suppress(content: SnapshotContent, threshold: int) -> SnapshotContent:
    """The copy that may leave the ward: counts of people from 1 to threshold-1 are withheld.

    The rule, with its linked figures and totals over several wards, is ``domain.disclosure``;
    this is its form for one ward's content. ``threshold`` 0 disables it.
    """
    from services.reporting.domain.disclosure import disclose  # it builds on this module's types

    return disclose(content, threshold)


def shown(count: int, suppressed: bool, threshold: int) -> str:
    """How a count is written where suppression applies: ``<5`` for a withheld one."""
    return f"<{threshold}" if suppressed else str(count)
