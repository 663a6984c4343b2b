"""Reviews of the plan (sơ kết năm, tổng kết giai đoạn), prepared by the office from the system itself:
the indicators of the approved snapshot of the period (the city's copy, small counts withheld), the
approved yearly snapshots of the period as the trend against targets, budget execution, the difficulties
and proposals raised in the period, the surveys completed and the commendations and accountability
decisions made in it, and the office's assessment. Approved once by a ward leader; never changed after.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from typing import Any

from uuid6 import uuid7

from services.reporting.domain import review as rules
from services.reporting.domain.difficulties import KINDS as DIFFICULTY_KINDS
from services.reporting.domain.difficulties import STATUSES
from services.reporting.domain.periods import PLAN_FIRST_YEAR, Period, parse, year
from services.reporting.domain.records import Recorded
from services.reporting.handlers.budget import execution_in
from services.reporting.handlers.commands import Audience
from services.reporting.handlers.deps import ReportingDeps
from services.reporting.handlers.errors import AlreadyRecorded, RecordNotFound, SnapshotNotPrepared
from services.reporting.handlers.programme import Created
from services.reporting.handlers.review_files import meta_of, review_docx, review_xlsx
from services.reporting.handlers.snapshots import load, shown_snapshot_content
from services.reporting.handlers.views import content_view, period_view, row_view
from services.reporting.repository.evaluation import Commendation, Survey
from services.reporting.repository.reviews import Review
from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from shared.auth import Principal
from shared.idempotency import request_fingerprint
from shared.schemas import local_time

CITY: Audience = "city"  # the review's figures are the copy the city got


@dataclass(frozen=True)
class PrepareReview:
    kind: str  # yearly | final
    period: str
    assessment: str


@dataclass(frozen=True)
class ApproveReview:
    review_id: uuid.UUID


@dataclass(frozen=True)
class GetReview:
    review_id: uuid.UUID


async def _figures(
    uow: ReportingUnitOfWork, deps: ReportingDeps, principal: Principal, period: Period
) -> dict[str, Any] | None:
    """The city's copy of the approved snapshot of a period, or None when none is approved."""
    snapshot_id = await uow.snapshots.latest_published(principal.ward, period.code)
    if snapshot_id is None:
        return None
    row = await load(uow, principal, snapshot_id)
    content = shown_snapshot_content(row, principal, deps, CITY)
    return {"snapshot_id": str(snapshot_id), **content_view(content, deps.small_cell_threshold)}


def _trend_years(period: Period) -> list[int]:
    """The years whose approved snapshots show the trend: the year and the one before, or every year."""
    years = period.years()
    return [y for y in (years[0] - 1, *years) if y >= PLAN_FIRST_YEAR] if len(years) == 1 else years


async def _content(
    uow: ReportingUnitOfWork, deps: ReportingDeps, principal: Principal, kind: str, period: Period
) -> tuple[uuid.UUID, dict[str, Any]]:
    figures = await _figures(uow, deps, principal, period)
    if figures is None:
        raise SnapshotNotPrepared(
            f"chưa có bản chốt số liệu được phê duyệt cho {period.label_vi} / approve the snapshot of"
            f" {period.code} first: the review's figures are its figures"
        )
    trend = []
    for y in _trend_years(period):
        yearly = await _figures(uow, deps, principal, year(y))
        if yearly is not None:
            trend.append(
                {"year": y, "snapshot_id": yearly["snapshot_id"], "indicators": yearly["indicators"]}
            )
    difficulties = [
        {
            "unit_code": d.unit_code,
            "kind": d.kind,
            "kind_vi": DIFFICULTY_KINDS[d.kind][0],
            "area": d.area,
            "title": d.title,
            "status": d.status,
            "status_vi": STATUSES[d.status][0],
        }
        for d in reversed(await uow.difficulties.list(principal.ward, None, None, None))
        if rules.in_period(d.raised_at, period)
    ]
    surveys = [
        {
            "survey_id": str(s.survey_id),
            "kind": s.kind,
            "topic": s.topic,
            "period_code": s.period_code,
            "sample_size": s.sample_size,
            "attachment_hashes": list(s.attachment_hashes),
        }
        for s in await uow.evaluations.list(Survey, principal.ward)
        if rules.in_period(s.completed_at, period)
    ]
    commendations = [
        {
            "kind": c.kind,
            "unit_code": c.unit_code,
            "staff_code": c.staff_code,
            "reason": c.reason,
            "document_code": c.document_code,
            "decided_at": local_time(c.decided_at),
        }
        for c in await uow.evaluations.list(Commendation, principal.ward)
        if rules.in_period(c.decided_at, period)
    ]
    content = {
        "kind": kind, "kind_vi": rules.KINDS[kind][0], "kind_en": rules.KINDS[kind][1],
        "period": period_view(period), "indicators": figures, "trend": trend,
        "budget": await execution_in(uow, principal.ward, period), "difficulties": difficulties,
        "surveys": surveys, "commendations": commendations,
    }  # fmt: skip
    return uuid.UUID(figures["snapshot_id"]), content


async def prepare(
    uow: ReportingUnitOfWork,
    deps: ReportingDeps,
    cmd: PrepareReview,
    principal: Principal,
    key: str | None = None,
) -> Created:
    """A review of a period that has ended, from the approved snapshot of the period and the records;
    once per Idempotency-Key (a retry replays the first answer), each time without one."""
    period = parse(cmd.period)  # BadPeriod is a problem (ERRORS)
    now = deps.clock()
    rules.check_period(cmd.kind, period, now)

    async def create() -> dict[str, Any]:
        if await uow.reviews.approved_exists(principal.ward, period.code):
            raise AlreadyRecorded(f"đã có báo cáo được phê duyệt / {period.code} has an approved review")
        snapshot_id, content = await _content(uow, deps, principal, cmd.kind, period)
        content["assessment"] = cmd.assessment
        row = Review(
            review_id=uuid7(), ward=principal.ward, kind=cmd.kind, period_code=period.code, status="prepared",
            snapshot_id=snapshot_id, assessment=cmd.assessment, content=content,
            content_hash=rules.content_hash(content), prepared_by=principal.id, prepared_at=now,
            approved_by=None, approved_at=None,
        )  # fmt: skip
        row.record(Recorded())
        await uow.records.add(row)
        return row_view(row)

    fingerprint = request_fingerprint({"command": "prepare_review", **dataclasses.asdict(cmd)})
    return await uow.create_once(caller=principal.key, key=key, fingerprint=fingerprint, create=create)


async def approve(
    uow: ReportingUnitOfWork, deps: ReportingDeps, cmd: ApproveReview, principal: Principal
) -> dict[str, Any]:
    """A ward leader approves a prepared review, once; its content is final from then on."""
    async with uow:
        row = await uow.records.get_for_update(Review, cmd.review_id)
        if row is None or row.ward != principal.ward:
            raise RecordNotFound(f"không có báo cáo / no review {cmd.review_id}")
        status = rules.approve(row.status)
        if await uow.reviews.approved_exists(principal.ward, row.period_code):
            raise AlreadyRecorded(f"đã có báo cáo được phê duyệt / {row.period_code} has an approved review")
        row.status = status
        row.approved_by, row.approved_at = principal.id, deps.clock()
        row.record(rules.Approved())
        view = row_view(row)
        await uow.commit()
    return view


async def get(
    uow: ReportingUnitOfWork, deps: ReportingDeps, query: GetReview, principal: Principal
) -> dict[str, Any]:
    async with uow:
        row = await uow.reviews.get(principal.ward, query.review_id)
        if row is None:
            raise RecordNotFound(f"không có báo cáo / no review {query.review_id}")
        return row_view(row)


async def list_reviews(
    uow: ReportingUnitOfWork, deps: ReportingDeps, principal: Principal
) -> list[dict[str, Any]]:
    """The ward's reviews, newest first, without their content (``get`` gives it)."""
    async with uow:
        return [
            {k: v for k, v in row_view(row).items() if k != "content"}
            for row in await uow.reviews.list(principal.ward)
        ]


@dataclass(frozen=True)
class ExportReview:
    review_id: uuid.UUID
    fmt: str  # docx | xlsx
    document_number: str = ""


MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


async def export(
    uow: ReportingUnitOfWork, deps: ReportingDeps, cmd: ExportReview, principal: Principal
) -> tuple[bytes, str, str]:
    """The review as a DOCX report or its XLSX annexes: (content, media type, file name)."""
    async with uow:
        row = await uow.reviews.get(principal.ward, cmd.review_id)
        if row is None:
            raise RecordNotFound(f"không có báo cáo / no review {cmd.review_id}")
        view = row_view(row)
        unit = await uow.org_units.get(principal.ward)
        scope = unit.name_vi if unit else principal.ward
    content = view["content"]
    if cmd.fmt == "docx":
        data = review_docx(content, meta_of(view, scope, cmd.document_number))
    else:
        data = review_xlsx(content, scope)
    name = f"{'so-ket' if view['kind'] == 'yearly' else 'tong-ket'}-{principal.ward}-{view['period_code']}"
    return data, MEDIA[cmd.fmt], f"{name}.{cmd.fmt}"
