"""What the API answers: plain values built from the stored rows and the domain's objects."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from services.reporting.domain.periods import Period
from services.reporting.domain.snapshot import SnapshotContent
from services.reporting.repository.snapshots import Snapshot


def row_view(row: Any) -> dict[str, Any]:
    """A programme record's columns, times in ISO 8601 and ids as text."""
    out = {}
    for column in row.__table__.columns:
        value = getattr(row, column.name)
        out[column.name] = value.isoformat() if isinstance(value, dt.datetime) else value
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


def content_view(content: SnapshotContent) -> dict[str, Any]:
    view = content.canonical()
    view["period"] = period_view(content.period)
    view["content_hash"] = content.content_hash
    return view


def snapshot_view(row: Snapshot) -> dict[str, Any]:
    content = SnapshotContent.from_canonical(row.content)
    return {
        "id": str(row.snapshot_id),
        "scope": row.scope,
        "ward_codes": list(row.ward_codes),
        "period": period_view(content.period),
        "status": row.status,
        "content_hash": row.content_hash,
        "positions": row.positions,
        "computed_at": row.computed_at.isoformat(),
        "prepared_by": row.prepared_by,
        "approved_by": row.approved_by,
        "approved_at": row.approved_at.isoformat() if row.approved_at else None,
        "published_at": row.published_at.isoformat() if row.published_at else None,
        "supersedes_snapshot_id": str(row.supersedes_snapshot_id) if row.supersedes_snapshot_id else None,
        "indicators": [v.as_dict() for v in content.indicators],
        "breakdown": [r.as_dict() for r in content.breakdown],
    }
