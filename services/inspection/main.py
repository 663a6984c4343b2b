"""inspection composition root. The service's own API and consumers are built in its own issue;
until then it runs the platform parts (health, readiness, outbox relay, dead letters)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from opentelemetry.sdk.trace import SpanProcessor

from services.inspection import api, consumers
from services.inspection.repository import InspectionUnitOfWork
from services.inspection.settings import InspectionSettings
from shared.app import ServiceDefinition, create_app, no_deps
from shared.runtime import Runtime

MIGRATIONS = Path(__file__).parent / "migrations"
InspectionRuntime = Runtime[InspectionSettings, None, InspectionUnitOfWork]


def load_settings() -> InspectionSettings:
    return InspectionSettings()


def unit_of_work(rt: InspectionRuntime) -> InspectionUnitOfWork:
    return InspectionUnitOfWork(rt.session_factory, ward=rt.settings.ward)


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
            routers=api.ROUTERS,
            permissions=api.PERMISSIONS,
            errors=api.ERRORS,
            unit_of_work=unit_of_work,
            build_deps=no_deps,
            subscriptions=consumers.subscriptions,
        )
    )
