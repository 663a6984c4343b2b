"""case_support composition root. The service's own API and consumers are built in its own issue;
until then it runs the platform parts (health, readiness, outbox relay, dead letters)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from opentelemetry.sdk.trace import SpanProcessor

from services.case_support import api, consumers
from services.case_support.repository import CaseSupportUnitOfWork
from services.case_support.settings import CaseSupportSettings
from shared.app import ServiceDefinition, create_app, no_deps
from shared.runtime import Runtime

MIGRATIONS = Path(__file__).parent / "migrations"
CaseSupportRuntime = Runtime[CaseSupportSettings, None, CaseSupportUnitOfWork]


def load_settings() -> CaseSupportSettings:
    return CaseSupportSettings()


def unit_of_work(rt: CaseSupportRuntime) -> CaseSupportUnitOfWork:
    return CaseSupportUnitOfWork(rt.session_factory, ward=rt.settings.ward)


def build_app(
    settings: CaseSupportSettings | None = None, span_processor: SpanProcessor | None = None
) -> FastAPI:
    return create_app(
        ServiceDefinition(
            settings=settings or load_settings(),
            extra_span_processor=span_processor,
            title="PCMD Case support / Hỗ trợ người bán dâm",
            description=(
                "Can thiệp giảm hại và hòa nhập cộng đồng, quản lý trường hợp, chuyển gửi / "
                "Harm reduction, reintegration, case management, referrals."
            ),
            routers=api.ROUTERS,
            permissions=api.PERMISSIONS,
            errors=api.ERRORS,
            unit_of_work=unit_of_work,
            build_deps=no_deps,
            subscriptions=consumers.subscriptions,
        )
    )
