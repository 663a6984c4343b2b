"""Online monitoring: a 10,000-entry batch from a crawler (canonicalised, deduplicated against the
ward's items, written with one ItemReported each) against a raw COPY of the same rows in the same run."""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid

import asyncpg

from services.online_monitoring.handlers import bulk
from services.online_monitoring.settings import OnlineMonitoringSettings
from shared.auth import Principal
from tests.bench.context import Context
from tests.bench.core import Results
from tests.integration.harness import settings_for, start_runtime

COPY = "online batch: raw COPY of the same items (baseline)"
PLATFORMS = (
    "https://www.facebook.com/groups/{g}/posts/{n}/?utm_source=crawler",
    "https://t.me/hp_channel_{g}/{n}",
    "https://www.tiktok.com/@hp.user{g}/video/{n}",
    "https://example{g}.vn/rao-vat/{n}.html?fbclid=x",
)


def batch(entries: int, seed: int) -> bytes:
    """NDJSON as a crawler sends it: one URL per line, a short excerpt on every fourth, one in fifty
    a repeat of an earlier line (folded into a report) and one in a hundred broken."""
    lines = []
    for n in range(entries):
        if n % 100 == 99:
            lines.append(json.dumps({"url": f"ftp://broken/{n}"}))
            continue
        k = n - 1 if n % 50 == 49 else n
        line = {"url": PLATFORMS[k % 4].format(g=seed, n=7_000_000_000 + k), "space": "public_post"}
        if k % 4 == 0:
            line["text"] = "nhận đi khách, ib zalo"
        lines.append(json.dumps(line))
    return "\n".join(lines).encode()


async def copy_rows(ctx: Context, ward: str, rows: int) -> float:
    """Seconds for PostgreSQL's COPY of as many item rows (no parsing, no checks, no events): the floor."""
    now = dt.datetime.now(dt.UTC)
    records = [
        (uuid.uuid4(), ward, "facebook", "public_post", f"k{n}", f"https://x/{n}", f"{n:064d}", "open", now,
         now, "", 1, 0, "{}")
        for n in range(rows)
    ]  # fmt: skip
    conn = await asyncpg.connect(ctx.dsn("online_monitoring"))
    try:
        started = time.perf_counter()
        await conn.copy_records_to_table(
            "item",
            records=records,
            columns=["id", "ward", "platform", "space", "key", "url", "content_hash", "status", "reported_at",
                     "due_at", "source_tip_id", "report_count", "reappearance_count", "detail"],
        )  # fmt: skip
        return time.perf_counter() - started
    finally:
        await conn.close()


async def batch_intake(ctx: Context, results: Results) -> None:
    entries = ctx.sizes.register_rows
    settings = settings_for(
        OnlineMonitoringSettings,
        database_url=ctx.database_url("online_monitoring"),
        nats_url=ctx.nats_url,
        ward="benchonline",
    )
    rt = await start_runtime(settings, run_relay=False)
    try:
        for rep in range(ctx.reps):
            ward = f"benchom{rep}{uuid.uuid4().hex[:6]}"
            results.add(COPY, "items/s", entries / await copy_rows(ctx, f"{ward}c", entries))
            principal = Principal("bench", ward, "ca", frozenset({"officer"}))
            data = batch(entries, rep)
            started = time.perf_counter()
            parsed = bulk.parse(data, ndjson=True, limit=entries)
            stored, _ = await bulk.import_batch_once(rt.uow(), rt.deps, principal, parsed, dry_run=False)
            report = stored.body
            elapsed = time.perf_counter() - started
            assert report["rejected_count"] == entries // 100 and report["added"] > 0, report["rejected"][:3]
            results.add(
                "online batch: NDJSON entries checked, deduplicated, written with their events",
                "items/s",
                entries / elapsed,
                baseline=COPY,
                note=f"{report['created']} new, {report['added']} folded, {report['rejected_count']} refused",
            )
    finally:
        await rt.stop()
