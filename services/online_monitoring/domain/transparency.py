"""Transparency figures (after the EU's DSA transparency database): per month of the ward's calendar
and per platform, how many items were reported and classified, how many takedowns were requested,
how many removals came within the platform's deadline, the median hours from request to removal, and
how many items reappeared. Pure: it counts what the items say, each fact in the month it happened.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

from services.online_monitoring.domain.item import Item
from services.online_monitoring.domain.kinds import Platform
from services.online_monitoring.domain.takedown import Status

WARD_TIME = dt.timezone(dt.timedelta(hours=7), "ICT")  # Asia/Ho_Chi_Minh, no daylight saving


def month_of(at: dt.datetime) -> str:
    """``YYYY-MM`` of the ward's calendar."""
    return at.astimezone(WARD_TIME).strftime("%Y-%m")


@dataclass
class Figures:
    month: str
    platform: Platform
    reported: int = 0
    classified: int = 0
    takedowns_requested: int = 0
    removed: int = 0
    removed_within_deadline: int = 0
    reappearances: int = 0
    hours_to_removal: list[float] = field(default_factory=list)

    @property
    def median_hours_to_removal(self) -> float | None:
        return round(statistics.median(self.hours_to_removal), 1) if self.hours_to_removal else None


def figures(items: Iterable[Item], months: frozenset[str] | None = None) -> list[Figures]:
    """One row per month and platform that has anything, ordered by month then platform; only the
    given months when ``months`` is set."""
    rows: dict[tuple[str, Platform], Figures] = {}

    def row(at: dt.datetime, platform: Platform) -> Figures | None:
        month = month_of(at)
        if months is not None and month not in months:
            return None
        return rows.setdefault((month, platform), Figures(month, platform))

    for item in items:
        if (r := row(item.reported_at, item.platform)) is not None:
            r.reported += 1
        if item.classification and (r := row(item.classification.at, item.platform)) is not None:
            r.classified += 1
        for t in item.takedowns:
            sent, removed = t.at(Status.SENT), t.at(Status.REMOVED)
            if sent is not None and (r := row(sent, item.platform)) is not None:
                r.takedowns_requested += 1
            if removed is not None and (r := row(removed, item.platform)) is not None:
                r.removed += 1
                r.removed_within_deadline += t.within_deadline(removed)
                hours = t.hours_to_removal()
                if hours is not None:
                    r.hours_to_removal.append(hours)
        for at in item.reappearances:
            if (r := row(at, item.platform)) is not None:
                r.reappearances += 1
    return [rows[k] for k in sorted(rows, key=lambda k: (k[0], k[1].value))]
