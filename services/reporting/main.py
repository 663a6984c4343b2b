"""Reporting composition root."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from opentelemetry.sdk.trace import SpanProcessor

from services.reporting import api, consumers
from services.reporting.settings import ReportingSettings
from shared.app import ServiceDefinition, create_app

MIGRATIONS = Path(__file__).parent / "migrations"


def load_settings() -> ReportingSettings:
    return ReportingSettings()


def build_app(
    settings: ReportingSettings | None = None, span_processor: SpanProcessor | None = None
) -> FastAPI:
    return create_app(
        ServiceDefinition(
            settings=settings or load_settings(),
            extra_span_processor=span_processor,
            title="PCMD Reporting / Báo cáo",
            description="Mô hình đọc, chỉ số và báo cáo / Read models, indicators and reports.",
            routers=[api.router],
            permissions=api.PERMISSIONS,
            subscriptions=consumers.subscriptions,
        )
    )
