"""online_monitoring composition root: settings, dependencies, unit of work, routers, consumers and the
takedown reminder task."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from pathlib import Path

from fastapi import FastAPI
from opentelemetry.sdk.trace import SpanProcessor

from services.online_monitoring import api, consumers
from services.online_monitoring.api.evidence import MAX_UPLOAD_BYTES, UPLOAD_PATH
from services.online_monitoring.api.items import MAX_BATCH_BYTES
from services.online_monitoring.handlers import takedowns
from services.online_monitoring.handlers.deps import OnlineMonitoringDeps, Policy
from services.online_monitoring.repository import OnlineMonitoringUnitOfWork
from services.online_monitoring.settings import OnlineMonitoringSettings
from shared.app import ServiceDefinition, create_app
from shared.runtime import Runtime, periodically

MIGRATIONS = Path(__file__).parent / "migrations"
log = logging.getLogger(__name__)
OnlineMonitoringRuntime = Runtime[OnlineMonitoringSettings, OnlineMonitoringDeps, OnlineMonitoringUnitOfWork]


def load_settings() -> OnlineMonitoringSettings:
    return OnlineMonitoringSettings()


def unit_of_work(rt: OnlineMonitoringRuntime) -> OnlineMonitoringUnitOfWork:
    return OnlineMonitoringUnitOfWork(rt.session_factory, ward=rt.settings.ward, cipher=rt.cipher)


def build_deps(rt: OnlineMonitoringRuntime) -> OnlineMonitoringDeps:
    """The use cases' dependencies, built once from settings."""
    s = rt.settings
    return OnlineMonitoringDeps(
        handling=dt.timedelta(hours=s.handling_hours),
        policies={platform: Policy(**p.model_dump()) for platform, p in s.takedown_policies.items()},
        reminder=dt.timedelta(hours=s.reminder_hours),
        bulk_max_items=s.bulk_max_items,
        ward_name=s.ward_name,
        place_name=s.place_name,
    )


async def takedown_reminders(rt: OnlineMonitoringRuntime, stop: asyncio.Event) -> None:
    """Every ``reminder_scan_seconds``, log how many requests are nearing or past the platform's
    deadline (the list itself is ``GET /v1/takedowns/due``); counts only, never a URL."""

    async def remind() -> None:
        due = await takedowns.reminders(rt.uow(), rt.deps, rt.settings.ward)
        if due:
            log.warning("takedown requests nearing or past their deadline", extra={"requests": due})

    failure = "takedown reminder scan failed; retrying at the next tick"
    await periodically(stop, rt.settings.reminder_scan_seconds, remind, failure=failure, at_start=False)


def build_app(
    settings: OnlineMonitoringSettings | None = None, span_processor: SpanProcessor | None = None
) -> FastAPI:
    return create_app(
        ServiceDefinition(
            settings=settings or load_settings(),
            extra_span_processor=span_processor,
            title="PCMD Online monitoring / Giám sát môi trường mạng",
            description=(
                "Tiếp nhận, loại trùng, phân loại nội dung trên mạng, yêu cầu gỡ bỏ qua cơ quan có thẩm "
                "quyền, phát hiện tái xuất hiện, số liệu minh bạch / Reports of online content, "
                "deduplication, classification, takedown requests through the competent body, "
                "reappearance, transparency figures."
            ),
            routers=api.ROUTERS,
            permissions=api.PERMISSIONS,
            errors=api.ERRORS,
            unit_of_work=unit_of_work,
            build_deps=build_deps,
            subscriptions=consumers.subscriptions,
            background=(takedown_reminders,),
            large_bodies={"/v1/items/import": MAX_BATCH_BYTES, UPLOAD_PATH: MAX_UPLOAD_BYTES},
        )
    )
