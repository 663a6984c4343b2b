"""Each ward's tips, online items and inspections counted per month, kept by the database as they change.

A snapshot or the values of a long period (a year, the plan period) read a ward's whole history of tips,
online items and inspections: the scans that grouped them for the breakdowns were most of their cost. A
row here holds, for one ward, month (Vietnam time) and group (a tip's kind and status; an item's
platform, category and outcome; an inspection's result), the counts the measures sum. Statement
triggers on the facts (migration 0015), with each statement's old and new rows, add its net change in
the writer's own transaction, so a snapshot reads the counts and the facts in one state; a statement
that changes no count (a tip's ``state_at``, its outcome) touches no row here. The rebuild's switch
counts them again from the new facts (``REFILL``).

What is counted in the month a time falls in is exact for any run of whole months. What counts only
once it is done or due is exact for the months that have ended by the moment counted as of: the
measures count the month under way and the ones after it from the facts (``Measures._settled``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, Column, Date, Index, String, Table, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.reporting.repository.base import Base
from services.reporting.repository.facts import OnlineItemFact


@dataclass(frozen=True)
class Counted:
    """A source's monthly counts: its fact table, its group columns, and per time column the counters
    of the month that time falls in (counter: the condition a fact meets to add one)."""

    table: str
    source: str
    groups: dict[str, int]  # column: length
    by_time: dict[str, dict[str, str]]

    @property
    def counters(self) -> list[str]:
        return [c for counters in self.by_time.values() for c in counters]


TIPS = Counted(
    "tip_month",
    "tip_fact",
    {"kind": 40, "status": 40},
    {
        "received_at": {"received": "TRUE"},  # received in the month (the breakdown)
        "due_at": {"due": "TRUE", "due_on_time": "r.closed_at IS NOT NULL AND r.on_time IS TRUE"},
    },
)
ITEMS = Counted(
    "item_month",
    "online_item_fact",
    {"platform": 30, "category": 40, "outcome": 20},
    {
        "reported_at": {
            "reported": "TRUE",
            "handled": "r.classified_at IS NOT NULL AND r.handled_on_time IS TRUE",
        }
    },
)
INSPECTIONS = Counted(
    "inspection_month", "inspection_fact", {"result": 30}, {"inspected_at": {"inspections": "TRUE"}}
)
SOURCES = (TIPS, ITEMS, INSPECTIONS)


def _table(c: Counted) -> Table:
    table = Table(
        c.table,
        Base.metadata,
        Column("ward", String(32), nullable=False),
        Column("month", Date, nullable=False),  # the first day of the month, Vietnam time
        *(Column(name, String(n)) for name, n in c.groups.items()),
        *(Column(name, BigInteger, nullable=False) for name in c.counters),
    )
    # one row per ward, month and group, a missing value being one value of its own
    keys = ["ward", "month", *c.groups]
    Index(f"ux_{c.table}_group", *(table.c[k] for k in keys), unique=True, postgresql_nulls_not_distinct=True)
    return table


TIP_MONTH, ITEM_MONTH, INSPECTION_MONTH = _table(TIPS), _table(ITEMS), _table(INSPECTIONS)
# The online items not handled yet: an open period's values take those not due yet off the stored months.
# On the model's table, so the rebuild's fresh tables have it too (``indexes.INDEXES`` holds 0013-0014's).
PENDING_ITEMS = Index(
    "ix_online_item_fact_pending",
    OnlineItemFact.ward,
    OnlineItemFact.reported_at,
    postgresql_where=OnlineItemFact.handled_at.is_(None),
)

# The month of a time in Vietnam (UTC+7 all year, as ``domain/periods.py`` counts).
MONTH_OF = "date_trunc('month', ({ts} AT TIME ZONE 'UTC') + interval '7 hours')::date"


def deltas(c: Counted, rows: str, sign: int) -> str:
    """Each fact of ``rows`` counted ``sign`` times in the month of each of its times."""
    groups = ", ".join(f"r.{g}" for g in c.groups)
    parts = []
    for time, counters in c.by_time.items():
        values = ", ".join(
            f"CASE WHEN {counters[n]} THEN {sign} ELSE 0 END AS {n}" if n in counters else f"0 AS {n}"
            for n in c.counters
        )
        month = MONTH_OF.format(ts="r." + time)
        sql = f"SELECT r.ward, {month} AS month, {groups}, {values} FROM {rows} r WHERE r.{time} IS NOT NULL"  # noqa: S608
        parts.append(sql)
    return "\n  UNION ALL ".join(parts)


def add(c: Counted, *parts: str) -> str:
    """Add the summed changes of ``parts`` to the stored counts, in key order (two writers lock rows in
    one order), leaving out the groups whose counts do not change."""
    keys = ", ".join(["ward", "month", *c.groups])
    counters = ", ".join(c.counters)
    sums = ", ".join(f"sum({n})" for n in c.counters)
    changed = " OR ".join(f"sum({n}) <> 0" for n in c.counters)
    update = ", ".join(f"{n} = t.{n} + excluded.{n}" for n in c.counters)
    union = "\n  UNION ALL ".join(parts)
    sql = f"INSERT INTO {c.table} AS t ({keys}, {counters})\nSELECT {keys}, {sums} FROM ({union}) d"
    return (
        f"{sql} GROUP BY {keys} HAVING {changed} ORDER BY {keys}\nON CONFLICT ({keys}) DO UPDATE SET {update}"
    )


# every fact counted again (the rebuild's switch, after the new tables came in)
REFILL = tuple(s for c in SOURCES for s in (f"DELETE FROM {c.table}", add(c, deltas(c, c.source, 1))))  # noqa: S608


async def monthly(
    session: AsyncSession,
    c: Counted,
    wards: Sequence[str],
    start: dt.datetime,
    end: dt.datetime,
    *sums: Any,
) -> list[Any]:
    """Per group, the ``sums`` over the months from ``start`` to ``end`` (month starts) of these wards."""
    table = Base.metadata.tables[c.table]
    groups = [table.c[name] for name in c.groups]
    where = and_(table.c.ward.in_(wards), table.c.month >= start.date(), table.c.month < end.date())
    return list((await session.execute(select(*groups, *sums).where(where).group_by(*groups))).all())


def total(counter: Any, where: Any = None) -> Any:
    """A counter summed over the months read (those meeting ``where``), 0 for none."""
    summed = func.sum(counter) if where is None else func.sum(counter).filter(where)
    return func.coalesce(summed, 0)
