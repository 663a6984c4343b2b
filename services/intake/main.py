"""Intake composition root."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

from fastapi import FastAPI
from opentelemetry.sdk.trace import SpanProcessor

from services.intake import api, consumers, handlers
from services.intake.settings import IntakeSettings
from shared.app import ServiceDefinition, create_app
from shared.ratelimit import RateLimiter
from shared.runtime import Runtime

MIGRATIONS = Path(__file__).parent / "migrations"
log = logging.getLogger(__name__)


def load_settings() -> IntakeSettings:
    return IntakeSettings()


async def on_start(rt: Runtime) -> None:
    """Build the use cases' dependencies once, from settings."""
    s = rt.settings
    assert isinstance(s, IntakeSettings)
    rt.extras["deps"] = handlers.Deps(
        rules=s.deadlines.rules(), cipher=rt.cipher, receipt_salt=s.receipt_salt.encode()
    )
    rt.extras["submit_limit"] = RateLimiter(s.public_submissions_per_hour, 3600)
    rt.extras["lookup_limit"] = RateLimiter(s.public_lookups_per_hour, 3600)


async def deadline_scheduler(rt: Runtime, stop: asyncio.Event) -> None:
    """Announce approaching and passed deadlines, every ``deadline_scan_seconds``."""
    s = rt.settings
    assert isinstance(s, IntakeSettings)
    while not stop.is_set():
        try:
            await handlers.announce_deadlines(rt.uow(), rt.extras["deps"])
        except Exception:
            log.exception("deadline scan failed; retrying at the next tick")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), s.deadline_scan_seconds)


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
            routers=[api.router, api.public],
            permissions=api.PERMISSIONS,
            errors=api.ERRORS,
            subscriptions=consumers.subscriptions,
            background=[deadline_scheduler],
            on_start=on_start,
        )
    )
