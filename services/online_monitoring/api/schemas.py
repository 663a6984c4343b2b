"""Request and response models of online monitoring's API (request bodies are strict: unknown
fields are refused)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from services.online_monitoring.domain.item import ClosureReason, ItemStatus, RemovedBy, ReportSource
from services.online_monitoring.domain.kinds import ContentSpace, ItemCategory, Platform
from services.online_monitoring.domain.takedown import Channel, CompetentBody, EscalationTarget
from services.online_monitoring.handlers.items import Classify, ReportItem
from services.online_monitoring.handlers.takedowns import DraftTakedown
from services.online_monitoring.repository import ItemFilter
from shared.schemas import StrictModel

Url = Annotated[str, Field(min_length=1, max_length=2048, description="Đường dẫn / URL (http, https)")]
TipId = Annotated[str, Field(pattern=r"^[0-9a-f-]{36}$")]
Agency = Annotated[str, Field(max_length=40, pattern=r"^[A-Za-z0-9._-]*$")]


class ReportBody(StrictModel):
    """Báo một nội dung / report a URL. Không truy cập đường dẫn / the URL is never fetched."""

    url: Url
    source: ReportSource = ReportSource.PROACTIVE_MONITORING
    space: ContentSpace = ContentSpace.OTHER
    platform: Platform | None = Field(None, description="Bỏ trống: nhận từ đường dẫn / from the URL")
    text: Annotated[str, Field(max_length=5000)] = Field("", description="Trích nội dung (mã hóa) / excerpt")
    establishment_id: uuid.UUID | None = Field(None, description="Cơ sở trong sổ theo dõi / register id")
    source_tip_id: TipId | None = None

    def command(self) -> ReportItem:
        return ReportItem(
            self.url, ReportSource.TIP if self.source_tip_id else self.source, self.space, self.platform,
            self.text, self.establishment_id, self.source_tip_id or "",
        )  # fmt: skip


class ListQuery(StrictModel):
    """Bộ lọc / filters (all optional) and the page."""

    platform: Platform | None = None
    status: ItemStatus | None = None
    category: ItemCategory | None = None
    establishment_id: uuid.UUID | None = None
    overdue: bool = Field(False, description="Quá hạn xử lý / past the handling time limit")
    takedown_overdue: bool = Field(False, description="Nền tảng quá hạn gỡ / platform past its deadline")
    page: Annotated[int, Field(ge=1, le=100_000)] = 1
    page_size: Annotated[int, Field(ge=1, le=200)] = 50

    def to_filter(self) -> ItemFilter:
        return ItemFilter(
            platform=self.platform.value if self.platform else None,
            status=self.status.value if self.status else None,
            category=self.category.value if self.category else None,
            establishment_id=self.establishment_id,
            overdue=self.overdue,
            takedown_overdue=self.takedown_overdue,
        )


class ReasonBody(StrictModel):
    reason: Annotated[str, Field(min_length=1, max_length=500)]


class ClassifyBody(StrictModel):
    """Quyết định của cán bộ / the officer's decision (the proposal they saw, if any)."""

    category: ItemCategory
    within_competence: bool = True
    proposed_category: ItemCategory | None = None
    proposal_score: Annotated[float, Field(ge=0, le=1)] | None = None
    model_version: Annotated[str, Field(max_length=60, pattern=r"^[A-Za-z0-9._-]*$")] = ""

    def command(self) -> Classify:
        return Classify(
            self.category, self.within_competence, self.proposed_category, self.proposal_score,
            self.model_version,
        )  # fmt: skip


class EscalateBody(StrictModel):
    target: EscalationTarget = EscalationTarget.CITY_CYBER_POLICE
    agency_code: Agency = ""


class DuplicateBody(StrictModel):
    """Tin đã biết mà tin này trùng / the known item this one duplicates."""

    item_id: uuid.UUID


class CloseBody(StrictModel):
    reason: ClosureReason


class TakedownBody(StrictModel):
    """Bỏ trống: theo quy định của nền tảng trong cấu hình / empty: the platform's configured policy."""

    channel: Channel | None = None
    via: CompetentBody | None = None
    legal_basis: Annotated[str, Field(max_length=400)] = ""
    deadline_hours: Annotated[int, Field(ge=1, le=720)] | None = None

    def command(self) -> DraftTakedown:
        return DraftTakedown(self.channel, self.via, self.legal_basis, self.deadline_hours)


class StepBody(StrictModel):
    action: Literal["send", "acknowledge", "remove", "refuse"]
    note: Annotated[str, Field(max_length=500)] = ""
    removed_by: RemovedBy = RemovedBy.PLATFORM


class TakedownEscalateBody(StrictModel):
    target: EscalationTarget = EscalationTarget.CITY_CYBER_POLICE
    agency_code: Agency = ""


class ItemRead(BaseModel):
    id: uuid.UUID
    ward: str
    platform: Platform
    platform_vi: str
    space: ContentSpace
    url: str | None
    content_hash: str
    status: ItemStatus
    status_vi: str
    reported_at: str
    due_at: str
    overdue: bool
    handled_at: str | None
    source_tip_id: str | None
    establishment_id: str | None
    has_text: bool
    reports: list[dict[str, Any]]
    classification: dict[str, Any] | None
    takedowns: list[dict[str, Any]]
    closure_reason: ClosureReason | None
    escalated_to: EscalationTarget | None
    reappearance_count: int
    outcome: Literal["created", "added", "reappeared", "attached"] | None = None


class ItemPage(BaseModel):
    items: list[ItemRead]
    total: int
    page: int
    page_size: int


class TextRead(BaseModel):
    item_id: uuid.UUID
    text: str | None


class ProposalRead(BaseModel):
    item_id: uuid.UUID
    category: ItemCategory
    category_vi: str
    score: float
    reasons: list[dict[str, Any]]
    model_version: str


class BatchReport(BaseModel):
    dry_run: bool
    lines: int
    accepted: int
    rejected_count: int
    items: int
    created: int
    added: int
    reappeared: int
    rejected: list[dict[str, Any]]


class DueRead(BaseModel):
    overdue: list[dict[str, Any]]
    nearing: list[dict[str, Any]]
    reminder_hours: float
    at: str


class TransparencyRead(BaseModel):
    months: list[str]
    rows: list[dict[str, Any]]
