"""inspection composition root. The service's own API and consumers are built in its own issue;
until then it runs the platform parts (health, readiness, outbox relay, dead letters)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from opentelemetry.sdk.trace import SpanProcessor

from services.inspection.settings import InspectionSettings
from shared.app import ServiceDefinition, create_app

MIGRATIONS = Path(__file__).parent / "migrations"


def load_settings() -> InspectionSettings:
    return InspectionSettings()


def build_app(
    settings: InspectionSettings | None = None, span_processor: SpanProcessor | None = None
) -> FastAPI:
    return create_app(
        ServiceDefinition(
            settings=settings or load_settings(),
            extra_span_processor=span_processor,
            title="PCMD Inspection / Kiểm tra cơ sở",
            description=(
                "Sổ theo dõi cơ sở kinh doanh dịch vụ dễ bị lợi dụng, kiểm tra, vi phạm, xử phạt / "
                "Register of at-risk businesses, inspections, violations, sanctions."
            ),
            routers=[],
            permissions={},
        )
    )
