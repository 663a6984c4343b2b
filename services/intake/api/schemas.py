"""Intake's request and response bodies (the API's contract; Vietnamese first in descriptions)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, HttpUrl

from services.intake.domain import (
    Category,
    Channel,
    Outcome,
    RoutingTarget,
    Severity,
    SubjectType,
    TipKind,
    TipStatus,
    TransferDestination,
    VerificationOutcome,
)
from services.intake.handlers.commands import PrivateDetails
from services.intake.repository import TipFilter
from shared.schemas import LocalDateTime, StrictModel

Code = Annotated[str, Field(min_length=4, max_length=40)]
Text = Annotated[str, Field(max_length=4000)]
Reason = Annotated[str, Field(max_length=2000)]
GroupCode = Annotated[
    str, Field(pattern=r"^[a-z0-9-]{1,40}$", description="Mã tổ dân phố / residential group")
]
UnitCode = Annotated[str, Field(pattern=r"^[a-z0-9_.-]{1,64}$")]


class Reporter(StrictModel):
    """Người báo tin (tùy chọn) / the reporter (optional): encrypted, never exported."""

    name: Annotated[str, Field(max_length=200)] = ""
    phone: Annotated[str, Field(max_length=30)] = ""
    email: Annotated[str, Field(max_length=254, pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")] = ""


class Subject(StrictModel):
    """Nội dung tin liên quan đến / what the tip is about."""

    type: SubjectType
    establishment_id: uuid.UUID | None = Field(None, description="cơ sở trong sổ theo dõi / register id")
    text: Text = Field("", description="tên cơ sở, mô tả địa điểm / business name, place description")
    urls: list[HttpUrl] = Field(default_factory=list, max_length=20)
    place_address: Annotated[str, Field(max_length=500)] = Field(
        "", description="địa chỉ nơi, không phải của người"
    )


class TipCreate(StrictModel):
    kind: TipKind
    channel: Channel
    residential_group: GroupCode
    subject: Subject
    description: Text = ""
    reporter: Reporter | None = None


class PublicTipCreate(StrictModel):
    kind: Literal[TipKind.DENUNCIATION, TipKind.REPORT, TipKind.COMPLAINT]
    # The ward, when the form's host name does not say it (several wards, one deployment).
    ward: Annotated[str, Field(pattern=r"^[a-z0-9_]{2,32}$")] | None = None
    residential_group: GroupCode
    subject: Subject
    description: Annotated[str, Field(min_length=1, max_length=4000)]


class ReceiptCode(StrictModel):
    code: Code


class ReceiptAddition(StrictModel):
    code: Code
    text: Annotated[str, Field(min_length=1, max_length=4000)]


class TipRead(BaseModel):
    id: uuid.UUID
    ward: str
    kind: TipKind
    channel: Channel
    subject_type: SubjectType
    residential_group: str
    status: TipStatus
    anonymous: bool
    establishment_id: uuid.UUID | None
    received_at: LocalDateTime
    due_at: LocalDateTime
    accept_by: LocalDateTime | None
    transfer_by: LocalDateTime | None
    overdue: bool
    category: Category | None
    severity: Severity | None
    competent_unit: str | None
    complex: bool
    routed_to: RoutingTarget | None
    target_unit: str | None
    outcome: Outcome | None
    closed_at: LocalDateTime | None
    on_time: bool | None
    merged_into: uuid.UUID | None
    extensions: int


class TipPage(BaseModel):
    items: list[TipRead]
    total: int
    page: int
    page_size: int


class StepRead(BaseModel):
    action: str
    from_status: str | None
    to_status: str
    actor: str
    unit: str
    at: LocalDateTime
    reason: str
    details: dict[str, Any]


class PrivateValue(BaseModel):
    field: str
    value: str
    source: str
    added_at: LocalDateTime


class Receipt(BaseModel):
    receipt_code: str | None = Field(description="Ghi lại mã này / write this code down; shown once")
    received_at: str
    message: str = (
        "Cảm ơn bạn. Hãy ghi lại mã biên nhận để theo dõi. / Thank you. Write the receipt code "
        "down to follow your report."
    )


class ResidentialGroup(BaseModel):
    code: str = Field(description="Mã gửi kèm tin / the code a tip carries")
    name: str = Field(description="Tên tổ dân phố / its name")


class PublicStatus(BaseModel):
    status: Literal["received", "in_progress", "handled", "closed", "transferred"]
    received_on: str
    updated_on: str


class VerifyBody(StrictModel):
    outcome: VerificationOutcome
    reason: Reason = ""


class ClassifyBody(StrictModel):
    category: Category
    severity: Severity
    competent_unit: UnitCode
    complex: bool = False
    reason: Reason = ""


class RouteBody(StrictModel):
    target: RoutingTarget
    target_unit: UnitCode
    reason: Reason = ""


class HandleBody(StrictModel):
    outcome: Outcome
    reason: Reason = ""


class TransferBody(StrictModel):
    destination: TransferDestination
    agency_code: UnitCode
    reason: Reason = ""


class MergeBody(StrictModel):
    into: uuid.UUID
    reason_code: Literal["duplicate", "related"] = "duplicate"
    reason: Reason = ""


class ReopenBody(StrictModel):
    reason_code: Literal["new_information", "complaint_upheld", "superior_decision", "recording_error"]
    reason: Reason = ""


class ExtendBody(StrictModel):
    new_due_at: dt.datetime
    reason_code: Literal["complex", "awaiting_information", "awaiting_other_agency", "other"] = "other"
    reason: Reason = ""


class StartBody(StrictModel):
    reason: Reason = ""


class ListQuery(BaseModel):
    kind: list[TipKind] = []
    status: list[TipStatus] = []
    channel: Channel | None = None
    category: Category | None = None
    residential_group: str | None = Field(None, pattern=r"^[a-z0-9-]{1,40}$")
    received_from: dt.datetime | None = None
    received_to: dt.datetime | None = None
    overdue: bool = False
    due_within_days: int | None = Field(None, ge=0, le=366)
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(50, ge=1, le=500)

    def to_filter(self, now: dt.datetime) -> TipFilter:
        return TipFilter(
            kinds=tuple(self.kind),
            statuses=tuple(self.status),
            channel=self.channel,
            category=self.category,
            residential_group=self.residential_group,
            received_from=self.received_from,
            received_to=self.received_to,
            overdue_at=now if self.overdue else None,
            due_before=now + dt.timedelta(days=self.due_within_days)
            if self.due_within_days is not None
            else None,
        )


def private_details(body: TipCreate | PublicTipCreate) -> PrivateDetails:
    """The encrypted part of a new tip: free text and, for staff-entered tips, the reporter."""
    reporter = getattr(body, "reporter", None) or Reporter()
    return PrivateDetails(
        description=body.description,
        subject_text=body.subject.text,
        urls=tuple(str(u) for u in body.subject.urls),
        place_address=body.subject.place_address,
        reporter_name=reporter.name,
        reporter_phone=reporter.phone,
        reporter_email=reporter.email,
    )
