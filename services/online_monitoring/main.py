"""online_monitoring composition root. The service's own API and consumers are built in its own issue;
until then it runs the platform parts (health, readiness, outbox relay, dead letters)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from opentelemetry.sdk.trace import SpanProcessor

from services.online_monitoring.settings import OnlineMonitoringSettings
from shared.app import ServiceDefinition, create_app

MIGRATIONS = Path(__file__).parent / "migrations"


def load_settings() -> OnlineMonitoringSettings:
    return OnlineMonitoringSettings()


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
            routers=[],
            permissions={},
        )
    )
