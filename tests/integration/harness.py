"""Builds real service runtimes (real PostgreSQL, real NATS) for integration tests."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import importlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

import asyncpg
import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from services.intake.settings import IntakeSettings
from services.reporting.settings import ReportingSettings
from shared.contracts.catalog import stream_name
from shared.db import InboxRecord, asyncpg_dsn
from shared.runtime import Runtime
from shared.settings import ServiceSettings

S = TypeVar("S", bound=ServiceSettings)


def settings_for(cls: type[S], *, database_url: str, nats_url: str, ward: str, **overrides: Any) -> S:
    """Settings of one test: its ward, its databases, quick polls and redeliveries."""
    values: dict[str, Any] = {
        "env": "test",
        "database_url": database_url,
        "nats_url": nats_url,
        "ward": ward,
        "consume_ward": ward,
        "relay_poll_interval": 0.2,
        "consumer_ack_wait": 5.0,
        "stream_wait_seconds": 20.0,
    }
    values.update(overrides)
    return cls(**values)


Subscriptions = Callable[[Runtime[Any, Any, Any]], Sequence[Any]]
Background = Callable[[Runtime[Any, Any, Any], asyncio.Event], Awaitable[None]]


async def start_runtime(
    settings: ServiceSettings,
    subscriptions: Subscriptions = lambda _rt: (),
    *,
    run_relay: bool = True,
    ready: bool = True,
    on_start: Callable[[Runtime[Any, Any, Any]], Awaitable[None]] | None = None,
    background: Sequence[Background] = (),
) -> Runtime[Any, Any, Any]:
    """Like the service's lifespan: the service's own unit of work and dependencies (from its
    composition root), connect, its own start-up, then launch."""
    main = importlib.import_module(f"services.{settings.service_name}.main")
    rt: Runtime[Any, Any, Any] = Runtime(settings, main.unit_of_work, main.build_deps, relays=run_relay)
    await rt.connect()
    if on_start is not None:
        await on_start(rt)
    rt.launch(subscriptions, background)
    if ready and subscriptions(rt):
        await eventually(lambda: _consumers_ready(rt), timeout=30)
    return rt


async def _consumers_ready(rt: Runtime[Any, Any, Any]) -> bool:
    return rt.consumers_ready


async def intake_runtime(
    db: str, nats_url: str, ward: str, settings: dict[str, Any] | None = None, **kw: Any
) -> Runtime[Any, Any, Any]:
    """Intake with its dependencies; its own consumers and scheduler only when asked for."""
    s = settings_for(IntakeSettings, database_url=db, nats_url=nats_url, ward=ward, **(settings or {}))
    return await start_runtime(s, **kw)


async def reporting_runtime(
    db: str, nats_url: str, ward: str, subscriptions: Subscriptions | None = None, **overrides: Any
) -> Runtime[Any, Any, Any]:
    from services.reporting import consumers

    settings = settings_for(ReportingSettings, database_url=db, nats_url=nats_url, ward=ward, **overrides)
    return await start_runtime(settings, subscriptions or consumers.subscriptions)


T = TypeVar("T")


async def eventually(check: Callable[[], Awaitable[T]], timeout: float = 30.0, interval: float = 0.05) -> T:
    """Poll ``check`` until it returns a truthy value; fail with the last value after ``timeout``."""
    deadline = time.monotonic() + timeout
    value = await check()
    while not value:
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s (last value {value!r})")
        await asyncio.sleep(interval)
        value = await check()
    return value


async def drop_connections(url: str) -> int:
    """PostgreSQL ends every other session on ``url``'s database (as a restart does to a pool): how many."""
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        dropped = await conn.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return int(dropped)
    finally:
        await conn.close()


async def inbox_count(rt: Runtime[Any, Any, Any], consumer: str | None = None) -> int:
    async with rt.session_factory() as s:
        query = select(func.count()).select_from(InboxRecord)
        if consumer:
            query = query.where(InboxRecord.consumer == consumer)
        return int(await s.scalar(query) or 0)


async def stream_count(rt: Runtime[Any, Any, Any], producer: str, subject: str) -> int:
    """Messages stored in ``producer``'s stream on ``subject`` (JetStream, after de-duplication)."""
    info = await rt.js.stream_info(stream_name(producer), subjects_filter=subject)
    return int((info.state.subjects or {}).get(subject, 0))


async def declare_streams(nats_url: str) -> None:
    """Every service's streams, as when the whole system runs (each owner declares its own)."""
    import nats

    from shared.contracts.catalog import SERVICES
    from shared.messaging.streams import declare_owned_streams

    nc = await nats.connect(nats_url)
    try:
        for service in SERVICES:
            await declare_owned_streams(nc.jetstream(), service)
    finally:
        await nc.close()


@contextlib.asynccontextmanager
async def serving(apps: Mapping[str, FastAPI]) -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    """Several services' apps started as their lifespans start them, each with a client, once every
    one's consumers are bound; stopped in reverse order."""
    async with contextlib.AsyncExitStack() as stack:
        clients = {}
        for name, app in apps.items():
            await stack.enter_async_context(app.router.lifespan_context(app))
            transport = httpx.ASGITransport(app=app)
            clients[name] = await stack.enter_async_context(
                httpx.AsyncClient(transport=transport, base_url="http://t")
            )
        for app in apps.values():
            await eventually(lambda app=app: _consumers_ready(app.state.runtime), timeout=30)
        yield clients


async def ward_reporting(db: str, nats_url: str, ward: str) -> Runtime[Any, Any, Any]:
    """Reporting with its consumers, for one ward of a test city (its org units seeded at start)."""
    from services.reporting import consumers
    from services.reporting.main import on_start
    from services.reporting.settings import OrgUnitSetting

    city = f"c{ward}"[:32]
    units = (
        OrgUnitSetting(code=city, name_vi="Thành phố thử", name_en="Test city", level="city"),
        OrgUnitSetting(code=ward, name_vi="Phường thử", name_en="Test ward", level="ward", parent=city),
    )
    settings = settings_for(ReportingSettings, database_url=db, nats_url=nats_url, ward=ward, org_units=units)
    return await start_runtime(settings, consumers.subscriptions, on_start=on_start)


async def this_month(
    reporting: Runtime[Any, Any, Any], ward: str, code: str, at: dt.datetime | None = None
) -> tuple[int, int]:
    """A ward's (numerator, denominator) of one indicator for the current month (or the month of ``at``
    in Viet Nam), computed now."""
    from services.reporting.domain.periods import VN, PeriodType, containing
    from services.reporting.handlers import snapshots
    from services.reporting.handlers.scope import wards_of
    from shared.auth import Principal

    period = containing((at or dt.datetime.now(VN)).astimezone(VN), PeriodType.MONTH)
    uow = reporting.uow()
    async with uow:
        wards = await wards_of(uow, Principal("t", ward, "vhxh", frozenset({"officer"})), ward)
        content, _ = await snapshots.compute(uow, ward, wards, period, reporting.deps.schedule)
    value = content.value(code)
    return value.numerator, value.denominator
