"""case_support composition root: settings, dependencies, unit of work, routers, consumers, and the
retention task that erases the identifying fields of cases closed for too long."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from pathlib import Path

from fastapi import FastAPI
from opentelemetry.sdk.trace import SpanProcessor

from services.case_support import api, consumers
from services.case_support.domain.referral import FollowUpRules
from services.case_support.handlers import cases
from services.case_support.handlers.deps import CaseSupportDeps, parse_keys
from services.case_support.repository import CaseSupportUnitOfWork
from services.case_support.settings import CaseSupportSettings
from shared.app import ServiceDefinition, create_app
from shared.runtime import Runtime, periodically

MIGRATIONS = Path(__file__).parent / "migrations"
log = logging.getLogger(__name__)
CaseSupportRuntime = Runtime[CaseSupportSettings, CaseSupportDeps, CaseSupportUnitOfWork]


def load_settings() -> CaseSupportSettings:
    return CaseSupportSettings()


def unit_of_work(rt: CaseSupportRuntime) -> CaseSupportUnitOfWork:
    return CaseSupportUnitOfWork(rt.session_factory, ward=rt.settings.ward, cipher=rt.cipher)


def build_deps(rt: CaseSupportRuntime) -> CaseSupportDeps:
    s = rt.settings
    return CaseSupportDeps(
        code_keys=parse_keys(s.code_keys),
        active_key_id=s.code_key_id,
        retention=dt.timedelta(days=s.retention_days),
        follow_up=FollowUpRules(s.referral_answer_days, s.referral_outcome_days),
        small_cell_threshold=s.small_cell_threshold,
    )


async def retention(rt: CaseSupportRuntime, stop: asyncio.Event) -> None:
    """Every ``retention_scan_seconds``: erase what the retention period says to erase."""

    async def erase() -> None:
        erased = await cases.erase_due(rt.uow(), rt.deps)
        if erased:
            log.info("cases erased after retention", extra={"erased": erased})

    failure = "retention erasure failed; retrying at the next tick"
    await periodically(stop, rt.settings.retention_scan_seconds, erase, failure=failure)


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
            build_deps=build_deps,
            subscriptions=consumers.subscriptions,
            background=(retention,),
        )
    )
