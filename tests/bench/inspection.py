"""Inspection: the register imported from a 10,000-row file (against a raw COPY of the same rows in
the same run) and a schedule proposal over 10,000 classified establishments."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from typing import Any

import asyncpg

from services.inspection.domain.kinds import BusinessType
from services.inspection.handlers import campaigns, register
from services.inspection.handlers.register_format import COLUMNS
from services.inspection.repository import CampaignRow
from services.inspection.settings import InspectionSettings
from shared.auth import Principal
from shared.runtime import Runtime
from tests.bench.context import Context
from tests.bench.core import Results
from tests.integration.harness import settings_for, start_runtime

TYPES = list(BusinessType)
COPY = "register: raw COPY of the same rows (baseline)"


def register_file(rows: int, seed: str) -> bytes:
    """A CSV as a ward would fill the template: Vietnamese headers, one establishment per line."""
    headers = {c.field: c.header for c in COLUMNS}
    fields = ("name", "registration_number", "business_types", "residential_group", "address")
    lines = [",".join(headers[f] for f in fields)]
    for n in range(rows):
        lines.append(f"Cơ sở {n},{seed}{n:07d},{TYPES[n % len(TYPES)].value},TDP {n % 30 + 1},{n} Lạch Tray")
    return ("\ufeff" + "\n".join(lines) + "\n").encode()


async def copy_rows(ctx: Context, ward: str, rows: int) -> float:
    """Seconds for PostgreSQL's COPY of the same register rows (no checks, no events): the floor."""
    now = dt.datetime.now(dt.UTC)
    records = [
        (uuid.uuid4(), ward, f"Cơ sở {n}", f"C{n:09d}", [TYPES[n % len(TYPES)].value], f"tdp-{n % 30 + 1}",
         f"{n} Lạch Tray", False, "registered", now)
        for n in range(rows)
    ]  # fmt: skip
    conn = await asyncpg.connect(ctx.dsn("inspection"))
    try:
        started = time.perf_counter()
        await conn.copy_records_to_table(
            "establishment",
            records=records,
            columns=["id", "ward", "name", "registration_number", "business_types", "residential_group",
                     "address", "open_24h", "status", "registered_at"],
        )  # fmt: skip
        return time.perf_counter() - started
    finally:
        await conn.close()


async def register_import(ctx: Context, results: Results) -> None:
    rows = ctx.sizes.register_rows
    settings = settings_for(
        InspectionSettings,
        database_url=ctx.database_url("inspection"),
        nats_url=ctx.nats_url,
        ward="benchinsp",
    )
    rt = await start_runtime(settings, run_relay=False)
    try:
        for rep in range(ctx.reps):
            ward = f"benchimp{rep}{uuid.uuid4().hex[:6]}"
            results.add(COPY, "rows/s", rows / await copy_rows(ctx, f"{ward}c", rows))
            principal = Principal("bench", ward, "vhxh", frozenset({"officer"}))
            data = register_file(rows, f"R{rep}")
            started = time.perf_counter()
            report = await register.import_register(
                rt.uow(), rt.deps, principal, data, filename="so.csv", content_type="text/csv", dry_run=False
            )
            elapsed = time.perf_counter() - started
            assert report["created"] == rows and not report["errors"], report["errors"][:3]
            results.add("register: import of the ward's file", "rows/s", rows / elapsed, baseline=COPY)
            await _classify(ctx, ward)
            await _proposal(rt, ward, rows, results)
    finally:
        await rt.stop()


CLASSIFY = """
UPDATE establishment
   SET risk_class = (ARRAY['low', 'medium', 'high'])[1 + abs(hashtext(name)) % 3],
       inspection_interval_days = (ARRAY[365, 180, 90])[1 + abs(hashtext(name)) % 3],
       last_inspected_on = CASE WHEN abs(hashtext(address)) % 3 = 0 THEN NULL
                                ELSE current_date - abs(hashtext(address)) % 400 END
 WHERE ward = $1
"""


async def _classify(ctx: Context, ward: str) -> None:
    """Risk classes spread over the register, and a third never inspected, as after a year of reviews."""
    conn = await asyncpg.connect(ctx.dsn("inspection"))
    try:
        await conn.execute(CLASSIFY, ward)
    finally:
        await conn.close()


async def _proposal(rt: Runtime[Any, Any, Any], ward: str, rows: int, results: Results) -> None:
    principal = Principal("bench", ward, "vhxh", frozenset({"leader"}))
    today = dt.date.today()
    campaign = CampaignRow(
        id=uuid.uuid4(), ward=ward, kind="planned", name="bench", starts_on=today,
        ends_on=today + dt.timedelta(days=90), lead_unit="vhxh", units=["vhxh", "ca"], members=[],
        created_by="bench",
    )  # fmt: skip
    uow = rt.uow()
    async with uow:
        uow.add_row(campaign)
        await uow.commit()
    started = time.perf_counter()
    proposal = await campaigns.proposal(
        rt.uow(), rt.deps, campaign.id, principal, capacity=40, extra_days_off=set(), working_days=set()
    )
    elapsed = time.perf_counter() - started
    assert len(proposal["visits"]) + len(proposal["left_out"]) + len(proposal["unclassified"]) == rows
    results.add(f"schedule proposal over {rows:,} establishments (load + propose)", "s", elapsed)
