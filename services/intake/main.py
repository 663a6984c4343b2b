"""Intake composition root."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from opentelemetry.sdk.trace import SpanProcessor

from services.intake import api, consumers
from services.intake.settings import IntakeSettings
from shared.app import ServiceDefinition, create_app

MIGRATIONS = Path(__file__).parent / "migrations"


def load_settings() -> IntakeSettings:
    return IntakeSettings()


def build_app(settings: IntakeSettings | None = None, span_processor: SpanProcessor | None = None) -> FastAPI:
    return create_app(
        ServiceDefinition(
            settings=settings or load_settings(),
            extra_span_processor=span_processor,
            title="PCMD Intake / Tiếp nhận tin",
            description="Tố giác, tin báo, khiếu nại: tiếp nhận, xác minh, phân loại, xử lý / "
            "Denunciations, reports and complaints from receipt to handling.",
            routers=[api.router],
            permissions=api.PERMISSIONS,
            subscriptions=consumers.subscriptions,
        )
    )
