"""online_monitoring composition root. The service's own API and consumers are built in its own issue;
until then it runs the platform parts (health, readiness, outbox relay, dead letters)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from opentelemetry.sdk.trace import SpanProcessor

from services.online_monitoring import api, consumers
from services.online_monitoring.repository import OnlineMonitoringUnitOfWork
from services.online_monitoring.settings import OnlineMonitoringSettings
from shared.app import ServiceDefinition, create_app, no_deps
from shared.runtime import Runtime

MIGRATIONS = Path(__file__).parent / "migrations"
OnlineMonitoringRuntime = Runtime[OnlineMonitoringSettings, None, OnlineMonitoringUnitOfWork]


def load_settings() -> OnlineMonitoringSettings:
    return OnlineMonitoringSettings()


def unit_of_work(rt: OnlineMonitoringRuntime) -> OnlineMonitoringUnitOfWork:
    return OnlineMonitoringUnitOfWork(rt.session_factory, ward=rt.settings.ward)


def build_app(
    settings: OnlineMonitoringSettings | None = None, span_processor: SpanProcessor | None = None
) -> FastAPI:
    return create_app(
        ServiceDefinition(
            settings=settings or load_settings(),
            extra_span_processor=span_processor,
            title="PCMD Online monitoring / Giám sát môi trường mạng",
            description=(
                "Tiếp nhận, phân loại, yêu cầu gỡ bỏ nội dung trên mạng / "
                "Reports of online content, classification, takedown requests."
            ),
            routers=api.ROUTERS,
            permissions=api.PERMISSIONS,
            errors=api.ERRORS,
            unit_of_work=unit_of_work,
            build_deps=no_deps,
            subscriptions=consumers.subscriptions,
        )
    )
