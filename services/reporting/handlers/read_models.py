"""Counts straight from the read models, for staff who want the raw figures."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from services.reporting.repository.unit_of_work import ReportingUnitOfWork


async def tip_counts(
    uow: ReportingUnitOfWork,
    ward: str,
    since: dt.datetime | None,
    until: dt.datetime | None,
    now: dt.datetime,
) -> dict[str, Any]:
    """Tips of a ward received in the period, by kind; how many of them are closed, and closed on time;
    how many are open past their due time at ``now``."""
    async with uow:
        counts = await uow.read_models.tip_counts(ward, since, until, now=now)
    return {"ward": ward, **dataclasses.asdict(counts)}
