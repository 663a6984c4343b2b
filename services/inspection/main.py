"""Inspection composition root: settings, dependencies, unit of work, routers, consumers."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from fastapi import FastAPI
from opentelemetry.sdk.trace import SpanProcessor

from services.inspection import api, consumers
from services.inspection.handlers import hotspots
from services.inspection.handlers.deps import InspectionDeps
from services.inspection.handlers.register_format import MAX_FILE_BYTES
from services.inspection.repository import InspectionUnitOfWork
from services.inspection.settings import InspectionSettings
from shared.app import ServiceDefinition, create_app
from shared.runtime import Runtime, periodically

MIGRATIONS = Path(__file__).parent / "migrations"
log = logging.getLogger(__name__)
InspectionRuntime = Runtime[InspectionSettings, InspectionDeps, InspectionUnitOfWork]


def load_settings() -> InspectionSettings:
    return InspectionSettings()


def unit_of_work(rt: InspectionRuntime) -> InspectionUnitOfWork:
    return InspectionUnitOfWork(rt.session_factory, ward=rt.settings.ward, cipher=rt.cipher)


def build_deps(rt: InspectionRuntime) -> InspectionDeps:
    """The use cases' dependencies, built once from settings."""
    s = rt.settings
    return InspectionDeps(
        residential_groups=dict(s.residential_groups),
        export_max_rows=s.export_max_rows,
        legal_bases={k.value: v for k, v in s.legal_bases.items()},
        ward_name=s.ward_name,
        place_name=s.place_name,
    )


async def hotspot_detector(rt: InspectionRuntime, stop: asyncio.Event) -> None:
    """Suggest hotspots from the latest signals every ``hotspot_scan_seconds`` (a person decides)."""

    async def detect() -> None:
        found = await hotspots.detect(rt.uow(), rt.deps, rt.settings.ward)
        if found:
            log.info("hotspots suggested", extra={"suggested": len(found)})

    failure = "hotspot detection failed; retrying at the next tick"
    await periodically(stop, rt.settings.hotspot_scan_seconds, detect, failure=failure, at_start=False)


def build_app(
    settings: InspectionSettings | None = None, span_processor: SpanProcessor | None = None
) -> FastAPI:
    return create_app(
        ServiceDefinition(
            settings=settings or load_settings(),
            extra_span_processor=span_processor,
            title="PCMD Inspection / Kiểm tra cơ sở",
            description=(
                "Sổ theo dõi cơ sở kinh doanh dịch vụ dễ bị lợi dụng, rà soát, phân loại rủi ro, kiểm "
                "tra, vi phạm, xử phạt, tụ điểm / Register of at-risk businesses, risk review, inspections, "
                "violations, sanctions, hotspots."
            ),
            routers=api.ROUTERS,
            permissions=api.PERMISSIONS,
            errors=api.ERRORS,
            unit_of_work=unit_of_work,
            build_deps=build_deps,
            subscriptions=consumers.subscriptions,
            background=(hotspot_detector,),
            large_bodies={"/v1/establishments/import": MAX_FILE_BYTES + 64 * 1024},  # the register's file
        )
    )
