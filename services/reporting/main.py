"""Reporting composition root."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from fastapi import FastAPI
from opentelemetry.sdk.trace import SpanProcessor

from services.reporting import api, consumers
from services.reporting.handlers import scope, snapshots
from services.reporting.handlers.deps import ReportingDeps
from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from services.reporting.settings import ReportingSettings
from shared.app import ServiceDefinition, create_app
from shared.runtime import Runtime, periodically

MIGRATIONS = Path(__file__).parent / "migrations"
log = logging.getLogger(__name__)
ReportingRuntime = Runtime[ReportingSettings, ReportingDeps, ReportingUnitOfWork]


def load_settings() -> ReportingSettings:
    return ReportingSettings()


def unit_of_work(rt: ReportingRuntime) -> ReportingUnitOfWork:
    s = rt.settings
    return ReportingUnitOfWork(rt.session_factory, ward=s.ward, small_cell_threshold=s.small_cell_threshold)


def build_deps(rt: ReportingRuntime) -> ReportingDeps:
    s = rt.settings
    return ReportingDeps(schedule=s.schedule(), small_cell_threshold=s.small_cell_threshold)


async def on_start(rt: ReportingRuntime) -> None:
    """The org-unit hierarchy in place before the consumers and background tasks start."""
    await scope.seed_units(rt.uow(), rt.settings.org_units, rt.settings.ward)


async def period_closer(rt: ReportingRuntime, stop: asyncio.Event) -> None:
    """Prepare the snapshot of each period that has closed, for approval, every few minutes."""
    s = rt.settings

    async def prepare() -> None:
        prepared = await snapshots.prepare_closed_periods(rt.uow(), rt.deps, s.auto_scopes())
        if prepared:
            log.info("snapshots prepared for closed periods", extra={"snapshots": prepared})

    failure = "preparing snapshots of closed periods failed; retrying at the next tick"
    await periodically(stop, s.auto_snapshot_seconds, prepare, failure=failure)


def build_app(
    settings: ReportingSettings | None = None, span_processor: SpanProcessor | None = None
) -> FastAPI:
    return create_app(
        ServiceDefinition(
            settings=settings or load_settings(),
            extra_span_processor=span_processor,
            title="PCMD Reporting / Báo cáo",
            description=(
                "Mô hình đọc, chỉ số, bản chốt số liệu, báo cáo và bảng điều khiển / "
                "Read models, indicators, snapshots, reports and the dashboard."
            ),
            routers=list(api.ROUTERS),
            permissions=api.PERMISSIONS,
            errors=api.ERRORS,
            unit_of_work=unit_of_work,
            build_deps=build_deps,
            subscriptions=consumers.subscriptions,
            background=[period_closer],
            on_start=on_start,
        )
    )
