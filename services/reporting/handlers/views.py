"""What the API answers: plain values built from the stored rows and the domain's objects."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from services.reporting.domain.figures import value_text
from services.reporting.domain.indicators import IndicatorValue
from services.reporting.domain.periods import Period
from services.reporting.domain.snapshot import SnapshotContent
from services.reporting.handlers.people import name_of
from services.reporting.repository.snapshots import Snapshot
from shared.schemas import local_time, local_time_or_none


def row_view(row: Any) -> dict[str, Any]:
    """A programme record's columns, instants in ISO 8601 in the ward's time and ids as text."""
    out = {}
    for column in row.__table__.columns:
        value = getattr(row, column.name)
        out[column.name] = local_time(value) if isinstance(value, dt.datetime) else value
        if isinstance(value, uuid.UUID):
            out[column.name] = str(value)
    return out


def period_view(period: Period) -> dict[str, Any]:
    return {
        "type": period.type.value,
        "code": period.code,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "label_vi": period.label_vi,
        "label_en": period.label_en,
    }


def indicator_view(v: IndicatorValue, threshold: int) -> dict[str, Any]:
    """A value with its text as every channel writes it (half up to one decimal; comma in Vietnamese)."""
    return {
        **v.as_dict(),
        "value_vi": value_text(v, threshold, "vi"),
        "value_en": value_text(v, threshold, "en"),
    }


def content_view(content: SnapshotContent, threshold: int) -> dict[str, Any]:
    """The figures of a copy (exact or disclosed) and the hash of that copy."""
    view = content.canonical()
    view["period"] = period_view(content.period)
    view["indicators"] = [indicator_view(v, threshold) for v in content.indicators]
    view["content_hash"] = content.content_hash
    view["as_of"] = local_time_or_none(content.as_of)
    return view


def snapshot_view(row: Snapshot, content: SnapshotContent, threshold: int) -> dict[str, Any]:
    """A stored snapshot, its figures as ``content`` (the copy its reader may see)."""
    return {
        "id": str(row.snapshot_id),
        "scope": row.scope,
        "ward_codes": list(row.ward_codes),
        "period": period_view(content.period),
        "as_of": local_time_or_none(content.as_of),
        "status": row.status,
        "content_hash": content.content_hash,  # of the copy shown: exact only for the ward's own staff
        "positions": row.positions,
        "computed_at": local_time(row.computed_at),
        "prepared_by": row.prepared_by,
        "prepared_by_name": name_of(row.prepared_by, row.prepared_by_name),
        "approved_by": row.approved_by,
        "approved_by_name": name_of(row.approved_by, row.approved_by_name),
        "approved_at": local_time_or_none(row.approved_at),
        "published_at": local_time_or_none(row.published_at),
        "supersedes_snapshot_id": str(row.supersedes_snapshot_id) if row.supersedes_snapshot_id else None,
        "indicators": [indicator_view(v, threshold) for v in content.indicators],
        "breakdown": [r.as_dict() for r in content.breakdown],
    }
