"""Surveys and assessments of the situation (plan II.6), commendations and accountability (II.7)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from uuid6 import uuid7

from services.reporting.domain import evaluation as rules
from services.reporting.domain.periods import parse
from services.reporting.handlers.deps import ReportingDeps
from services.reporting.handlers.difficulties import create_once
from services.reporting.handlers.programme import Created, local_midnight
from services.reporting.handlers.views import row_view
from services.reporting.repository.evaluation import Commendation, Survey
from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from shared.auth import Principal


@dataclass(frozen=True)
class RecordSurvey:
    kind: str
    subject: str
    topic: str
    period: str  # a period code: 2026-Q2, 2026, 2026-2030 ...
    unit_code: str
    method: str
    sample_size: int
    sample_description: str
    findings: str
    attachment_hashes: tuple[str, ...]
    completed_on: dt.date


@dataclass(frozen=True)
class RecordCommendation:
    kind: str
    unit_code: str | None
    staff_code: str | None
    reason: str
    document_code: str
    decided_on: dt.date


def survey_view(row: Survey) -> dict[str, Any]:
    view = row_view(row)
    view["kind_vi"], view["kind_en"] = rules.SURVEY_KINDS[row.kind]
    view["subject_vi"], view["subject_en"] = rules.SURVEY_SUBJECTS[row.subject]
    period = parse(row.period_code)
    view["period_vi"], view["period_en"] = period.label_vi, period.label_en
    return view


def commendation_view(row: Commendation) -> dict[str, Any]:
    view = row_view(row)
    view["kind_vi"], view["kind_en"] = rules.COMMENDATION_KINDS[row.kind]
    return view


async def record_survey(
    uow: ReportingUnitOfWork,
    deps: ReportingDeps,
    cmd: RecordSurvey,
    principal: Principal,
    key: str | None = None,
) -> Created:
    """A survey or assessment of a period, its files cited by content hash."""
    period = parse(cmd.period)  # BadPeriod is a problem (ERRORS)
    completed_at = local_midnight(cmd.completed_on)
    rules.check_survey(period.start, completed_at, cmd.sample_size)
    hashes = rules.attachments(cmd.attachment_hashes)

    async def new() -> Survey:
        return Survey(
            survey_id=uuid7(), ward=principal.ward, kind=cmd.kind, subject=cmd.subject, topic=cmd.topic,
            period_code=period.code, unit_code=cmd.unit_code, method=cmd.method, sample_size=cmd.sample_size,
            sample_description=cmd.sample_description, findings=cmd.findings, attachment_hashes=hashes,
            completed_at=completed_at, recorded_at=deps.clock(), recorded_by=principal.id,
        )  # fmt: skip

    return await create_once(uow, principal, key, cmd, new, view=survey_view)


async def record_commendation(
    uow: ReportingUnitOfWork,
    deps: ReportingDeps,
    cmd: RecordCommendation,
    principal: Principal,
    key: str | None = None,
) -> Created:
    """Who (a unit, or a person by staff code), for what, by which decision."""
    rules.check_recipient(cmd.kind, cmd.unit_code, cmd.staff_code)

    async def new() -> Commendation:
        return Commendation(
            commendation_id=uuid7(), ward=principal.ward, kind=cmd.kind, unit_code=cmd.unit_code,
            staff_code=cmd.staff_code, reason=cmd.reason, document_code=cmd.document_code,
            decided_at=local_midnight(cmd.decided_on), recorded_at=deps.clock(), recorded_by=principal.id,
        )  # fmt: skip

    return await create_once(uow, principal, key, cmd, new, view=commendation_view)


async def list_surveys(
    uow: ReportingUnitOfWork, deps: ReportingDeps, principal: Principal
) -> list[dict[str, Any]]:
    async with uow:
        return [survey_view(row) for row in await uow.evaluations.list(Survey, principal.ward)]


async def list_commendations(
    uow: ReportingUnitOfWork, deps: ReportingDeps, principal: Principal
) -> list[dict[str, Any]]:
    async with uow:
        return [commendation_view(row) for row in await uow.evaluations.list(Commendation, principal.ward)]
