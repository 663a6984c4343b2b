"""The transparency figures' use case: the items of the months asked, counted by the pure rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

from services.online_monitoring.domain.kinds import PLATFORM_VI
from services.online_monitoring.domain.transparency import WARD_TIME, figures
from services.online_monitoring.handlers.deps import OnlineMonitoringDeps
from services.online_monitoring.repository import OnlineMonitoringUnitOfWork
from shared.auth import Principal


def _months(first: dt.date, last: dt.date) -> list[str]:
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


async def transparency(
    uow: OnlineMonitoringUnitOfWork,
    deps: OnlineMonitoringDeps,
    principal: Principal,
    first: dt.date,
    last: dt.date,
) -> dict[str, Any]:
    """Per month (the ward's calendar, ``first`` to ``last`` months inclusive) and platform."""
    months = _months(first, last)
    since = dt.datetime.combine(first.replace(day=1), dt.time(), WARD_TIME)
    async with uow:
        items = await uow.items.active_since(principal.ward, since)
    rows = figures(items, frozenset(months))
    return {
        "months": months,
        "rows": [
            {
                "month": r.month,
                "platform": r.platform.value,
                "platform_vi": PLATFORM_VI[r.platform],
                "reported": r.reported,
                "classified": r.classified,
                "takedowns_requested": r.takedowns_requested,
                "removed": r.removed,
                "removed_within_deadline": r.removed_within_deadline,
                "median_hours_to_removal": r.median_hours_to_removal,
                "reappearances": r.reappearances,
            }
            for r in rows
        ],
    }
