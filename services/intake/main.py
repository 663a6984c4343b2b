"""Intake composition root: settings, dependencies, unit of work, routers, consumers, background tasks."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from fastapi import FastAPI
from opentelemetry.sdk.trace import SpanProcessor

from services.intake import api, consumers
from services.intake.handlers import tips
from services.intake.handlers.deps import IntakeDeps
from services.intake.repository import IntakeUnitOfWork, overdue_tips
from services.intake.settings import IntakeSettings
from shared.app import ServiceDefinition, create_app
from shared.metrics import ServiceGauge
from shared.ratelimit import PostgresRateLimiter, parse_networks
from shared.runtime import Runtime, periodically

PURGE_SECONDS = 600.0
MIGRATIONS = Path(__file__).parent / "migrations"
log = logging.getLogger(__name__)
IntakeRuntime = Runtime[IntakeSettings, IntakeDeps, IntakeUnitOfWork]


def load_settings() -> IntakeSettings:
    return IntakeSettings()


def unit_of_work(rt: IntakeRuntime) -> IntakeUnitOfWork:
    return IntakeUnitOfWork(rt.session_factory, ward=rt.settings.ward, cipher=rt.cipher)


def build_deps(rt: IntakeRuntime) -> IntakeDeps:
    """The use cases' dependencies, built once from settings."""
    s = rt.settings
    wards = s.wards_served()
    return IntakeDeps(
        rules=s.deadlines.rules(),
        receipt_salt=s.receipt_salt.encode(),
        receipt_keys=s.receipt_key_set(),
        submit_limit=PostgresRateLimiter(
            rt.session_factory, "public-submit", s.public_submissions_per_hour, 3600
        ),
        lookup_limit=PostgresRateLimiter(
            rt.session_factory, "public-lookup", s.public_lookups_per_hour, 3600
        ),
        export_max_rows=s.export_max_rows,
        residential_groups=dict(s.residential_groups),
        public_wards={code: dict(w.residential_groups) for code, w in wards.items()},
        public_hosts={host: code for code, w in wards.items() for host in w.hosts},
        trusted_proxies=parse_networks(s.trusted_proxies),
    )


async def rate_limit_purger(rt: IntakeRuntime, stop: asyncio.Event) -> None:
    """Delete the public endpoints' counters once their window has passed (every ten minutes)."""

    async def purge() -> None:
        for limiter in (rt.deps.submit_limit, rt.deps.lookup_limit):
            if isinstance(limiter, PostgresRateLimiter):
                await limiter.purge()

    await periodically(
        stop, PURGE_SECONDS, purge, failure="rate-limit purge failed; retrying at the next tick"
    )


async def reason_sealer(rt: IntakeRuntime, stop: asyncio.Event) -> None:
    """Encrypt step reasons stored in plain text (from before migration 0005, or written by the previous
    version during a rolling update): at start, then every ten minutes."""

    async def seal() -> None:
        sealed = await tips.seal_plain_reasons(rt.uow())
        if sealed:
            log.info("step reasons encrypted", extra={"sealed": sealed})

    failure = "encrypting plain step reasons failed; retrying at the next tick"
    await periodically(stop, PURGE_SECONDS, seal, failure=failure)


async def deadline_scheduler(rt: IntakeRuntime, stop: asyncio.Event) -> None:
    """Announce approaching and passed deadlines, every ``deadline_scan_seconds``."""

    async def announce() -> None:
        await tips.announce_deadlines(rt.uow(), rt.deps)

    failure = "deadline scan failed; retrying at the next tick"
    await periodically(stop, rt.settings.deadline_scan_seconds, announce, failure=failure)


def build_app(settings: IntakeSettings | None = None, span_processor: SpanProcessor | None = None) -> FastAPI:
    return create_app(
        ServiceDefinition(
            settings=settings or load_settings(),
            extra_span_processor=span_processor,
            title="PCMD Intake / Tiếp nhận tin",
            description=(
                "Tố giác, tin báo, khiếu nại: tiếp nhận, xác minh, phân loại, xử lý đúng hạn / "
                "Denunciations, reports and complaints from receipt to handling, on legal deadlines."
            ),
            routers=api.ROUTERS,
            permissions=api.PERMISSIONS,
            errors=api.ERRORS,
            unit_of_work=unit_of_work,
            build_deps=build_deps,
            subscriptions=consumers.subscriptions,
            background=[deadline_scheduler, rate_limit_purger, reason_sealer],
            gauges=(ServiceGauge("pcmd.tips.overdue", "Open tips past their due time", overdue_tips),),
        )
    )
