"""Inspection's request and response bodies (the API's contract; Vietnamese first in descriptions)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from services.inspection.domain.establishment import Details, Licence
from services.inspection.domain.inspection import Findings, FollowUp, InvalidRecord, Sanction, Team, Violation
from services.inspection.domain.kinds import (
    BusinessType,
    ClosureReason,
    EstablishmentStatus,
    InspectionKind,
    InspectionResult,
    RiskClass,
    SanctionKind,
    ViolationKind,
)
from services.inspection.repository import EstablishmentFilter
from shared.schemas import LocalDateTime, StrictModel

GroupCode = Annotated[
    str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$", description="Mã tổ dân phố / residential group")
]
UnitCode = Annotated[str, Field(pattern=r"^[a-z0-9_]{2,32}$")]
StaffCode = Annotated[
    str, Field(pattern=r"^[A-Za-z0-9_.-]{1,60}$", description="Mã cán bộ / staff code, not a name")
]
Reason = Annotated[str, Field(max_length=2000)]
ShortText = Annotated[str, Field(max_length=300)]
# Opening hours as the ward writes them, local time (no time zone): "22:30".
Clock = Annotated[
    str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="HH:MM, giờ địa phương / local")
]


def clock(value: str | None) -> dt.time | None:
    return dt.time.fromisoformat(value) if value else None


class LicenceBody(StrictModel):
    """Giấy phép kinh doanh hoặc giấy chứng nhận đủ điều kiện ANTT / licence or security certificate."""

    number: Annotated[str, Field(min_length=1, max_length=60)]
    issuer: Annotated[str, Field(max_length=200)] = ""
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None


class Owner(StrictModel):
    """Chủ cơ sở hoặc người quản lý (dữ liệu cá nhân, mã hóa) / owner or manager (personal, encrypted)."""

    name: Annotated[str, Field(max_length=200)] = ""
    phone: Annotated[str, Field(max_length=30)] = ""
    id_number: Annotated[
        str, Field(pattern=r"^$|^(\d{9}|\d{12})$", description="CCCD 12 số hoặc CMND 9 số")
    ] = ""

    def fields(self) -> dict[str, str]:
        return {
            "owner_name": self.name.strip(),
            "owner_phone": self.phone.strip(),
            "owner_id_number": self.id_number,
        }


class EstablishmentBody(StrictModel):
    name: Annotated[str, Field(min_length=1, max_length=200, description="Tên cơ sở / business name")]
    registration_number: Annotated[
        str,
        Field(pattern=r"^[A-Za-z0-9./-]{3,40}$", description="Số đăng ký kinh doanh / registration number"),
    ]
    business_types: Annotated[list[BusinessType], Field(min_length=1, max_length=8)]
    residential_group: GroupCode
    address: Annotated[
        str, Field(min_length=1, max_length=300, description="Địa chỉ cơ sở / premises address")
    ]
    licence: LicenceBody | None = None
    opens_at: Clock | None = None
    closes_at: Clock | None = None
    open_24h: bool = False
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None

    def details(self) -> Details:
        lic = self.licence
        return Details(
            name=self.name.strip(),
            registration_number=self.registration_number.strip(),
            business_types=tuple(self.business_types),
            residential_group=self.residential_group,
            address=self.address.strip(),
            licence=Licence(lic.number, lic.issuer, lic.issued_on, lic.expires_on) if lic else None,
            opens_at=clock(self.opens_at),
            closes_at=clock(self.closes_at),
            open_24h=self.open_24h,
            latitude=self.latitude,
            longitude=self.longitude,
        )


class EstablishmentCreate(EstablishmentBody):
    owner: Owner | None = None


class StepBody(StrictModel):
    reason: Reason = ""


class CloseBody(StrictModel):
    reason: ClosureReason


class PrivateRead(StrictModel):
    reason: Annotated[str, Field(min_length=3, max_length=500, description="Lý do xem / why (audited)")]


class LicenceRead(BaseModel):
    number: str
    issuer: str
    issued_on: dt.date | None
    expires_on: dt.date | None
    valid_today: bool


class EstablishmentRead(BaseModel):
    id: uuid.UUID
    ward: str
    name: str
    registration_number: str
    business_types: list[BusinessType]
    business_types_vi: list[str]
    residential_group: str
    address: str
    licence: LicenceRead | None
    opens_at: Clock | None
    closes_at: Clock | None
    open_24h: bool
    latitude: float | None
    longitude: float | None
    status: EstablishmentStatus
    status_vi: str
    registered_at: LocalDateTime
    risk_class: RiskClass | None
    risk_class_vi: str | None
    inspection_interval_days: int | None
    last_reviewed_on: dt.date | None
    next_review_due: dt.date | None
    review_overdue: bool
    last_inspected_on: dt.date | None
    next_inspection_due: dt.date | None
    inspection_overdue: bool
    closure_reason: ClosureReason | None


class EstablishmentPage(BaseModel):
    items: list[EstablishmentRead]
    total: int
    page: int
    page_size: int


class PrivateFields(BaseModel):
    establishment_id: uuid.UUID
    fields: dict[str, str]


class ListQuery(StrictModel):
    """Bộ lọc / filters (all optional) and the page."""

    business_type: BusinessType | None = None
    risk_class: RiskClass | None = None
    residential_group: GroupCode | None = None
    status: EstablishmentStatus | None = None
    due_for_review: bool = False
    due_for_inspection: bool = False
    campaign_id: uuid.UUID | None = None
    page: Annotated[int, Field(ge=1, le=100_000)] = 1
    page_size: Annotated[int, Field(ge=1, le=200)] = 50

    def to_filter(self) -> EstablishmentFilter:
        return EstablishmentFilter(
            business_type=self.business_type.value if self.business_type else None,
            risk_class=self.risk_class.value if self.risk_class else None,
            residential_group=self.residential_group,
            status=self.status.value if self.status else None,
            due_for_review=self.due_for_review,
            due_for_inspection=self.due_for_inspection,
            campaign_id=self.campaign_id,
        )


# -- inspections ------------------------------------------------------------------------------


class TeamBody(StrictModel):
    """Đoàn kiểm tra liên ngành / the interdisciplinary team; led by vhxh."""

    lead_unit: Literal["vhxh"] = "vhxh"
    units: Annotated[list[UnitCode], Field(min_length=1, max_length=8)]
    members: Annotated[list[StaffCode], Field(max_length=30)] = Field(default_factory=list)

    def team(self) -> Team:
        return Team(self.lead_unit, tuple(dict.fromkeys([self.lead_unit, *self.units])), tuple(self.members))


class InspectionCreate(StrictModel):
    kind: InspectionKind
    establishment_ids: Annotated[list[uuid.UUID], Field(min_length=1, max_length=200)]
    planned_for: dt.date
    team: TeamBody
    campaign_id: uuid.UUID | None = None
    source_tip_id: Annotated[str, Field(pattern=r"^$|^[0-9a-f-]{36}$")] = ""


class ViolationBody(StrictModel):
    ref: Annotated[str, Field(pattern=r"^[a-z0-9_-]{1,20}$", description="Mã trong biên bản để gắn xử phạt")]
    kind: ViolationKind
    legal_basis: Annotated[
        str,
        Field(
            max_length=300,
            description="Điều, khoản của nghị định xử phạt đang áp dụng; bỏ trống: theo cấu hình của phường",
        ),
    ] = ""
    description: Annotated[str, Field(max_length=2000)] = ""


class SanctionBody(StrictModel):
    violation_ref: Annotated[str, Field(pattern=r"^[a-z0-9_-]{1,20}$")]
    kind: SanctionKind
    fine_vnd: Annotated[int, Field(ge=0)] = 0
    suspension_days: Annotated[int, Field(ge=0)] = 0
    description: Annotated[str, Field(max_length=2000)] = ""


class FollowUpBody(StrictModel):
    remedy_by: dt.date
    reinspect: bool = True


class FindingsBody(StrictModel):
    result: InspectionResult
    inspected_on: dt.date
    checklist: Annotated[list[ShortText], Field(max_length=100)] = Field(default_factory=list)
    violations: Annotated[list[ViolationBody], Field(max_length=50)] = Field(default_factory=list)
    sanctions: Annotated[list[SanctionBody], Field(max_length=50)] = Field(default_factory=list)
    follow_up: FollowUpBody | None = None
    not_carried_out_reason: Reason = ""

    def findings(self, legal_bases: Mapping[str, str] | None = None) -> Findings:
        """The domain's findings; a violation without a legal basis takes the ward's one for its kind."""
        bases = legal_bases or {}
        ids = {v.ref: uuid.uuid4() for v in self.violations}
        if len(ids) != len(self.violations):
            raise InvalidRecord("violations.ref", "Mã vi phạm bị lặp", "A violation ref is repeated")
        unknown = [s.violation_ref for s in self.sanctions if s.violation_ref not in ids]
        if unknown:
            raise InvalidRecord(
                "sanctions", "Hình thức xử phạt phải gắn với một vi phạm", f"No violation {unknown}"
            )
        return Findings(
            result=self.result,
            inspected_on=self.inspected_on,
            checklist=tuple(self.checklist),
            violations=tuple(
                Violation(
                    ids[v.ref], v.kind, v.legal_basis.strip() or bases.get(v.kind.value, ""), v.description
                )
                for v in self.violations
            ),
            sanctions=tuple(
                Sanction(
                    uuid.uuid4(), ids[s.violation_ref], s.kind, s.fine_vnd, s.suspension_days, s.description
                )
                for s in self.sanctions
            ),
            follow_up=FollowUp(self.follow_up.remedy_by, self.follow_up.reinspect)
            if self.follow_up
            else None,
            not_carried_out_reason=self.not_carried_out_reason.strip(),
        )


class RecordCreate(FindingsBody):
    establishment_id: uuid.UUID
    supersedes: uuid.UUID | None = Field(
        None, description="Biên bản đã ký được sửa đổi / the signed record amended"
    )
    amendment_reason: Reason = ""


class TeamRead(BaseModel):
    lead_unit: str
    units: list[str]
    members: list[str]


class RecordRead(BaseModel):
    id: uuid.UUID
    inspection_id: uuid.UUID
    establishment_id: uuid.UUID
    findings: dict[str, Any]
    drafted_by: str
    drafted_at: LocalDateTime
    supersedes: uuid.UUID | None
    amendment_reason: str
    signed_by: str
    signed_at: LocalDateTime | None
    final: bool


class InspectionRead(BaseModel):
    id: uuid.UUID
    ward: str
    kind: InspectionKind
    establishment_ids: list[uuid.UUID]
    planned_for: dt.date
    team: TeamRead
    campaign_id: uuid.UUID | None
    source_tip_id: str | None
    planned_at: LocalDateTime
    completed: bool
    records: list[RecordRead]
    record_id: uuid.UUID | None = None


class InspectionPage(BaseModel):
    items: list[InspectionRead]
    total: int
    page: int
    page_size: int


class SurpriseRequest(BaseModel):
    tip_id: str
    establishment_id: str | None
    residential_group: str
    category: str
    severity: str
    due_at: LocalDateTime | None
    routed_at: LocalDateTime
    inspection_id: uuid.UUID | None


class ReviewBody(StrictModel):
    reviewed_on: dt.date | None = Field(None, description="Ngày rà soát (mặc định hôm nay) / review day")


class ReviewComponent(BaseModel):
    component: str
    label_vi: str
    label_en: str
    points: int
    facts: list[str]
    capped: bool


class ReviewRead(BaseModel):
    establishment_id: uuid.UUID
    reviewed_on: dt.date
    risk_class: RiskClass
    risk_class_vi: str
    previous_risk_class: RiskClass | None
    score: int
    components: list[ReviewComponent]
    inspection_interval_days: int
    next_review_due: dt.date
    unit: str
    reviewed_by: str
    at: LocalDateTime


class ImportIssue(BaseModel):
    line: int = Field(
        description="Dòng trong tệp (1 là tiêu đề, 0 là cả tệp) / line in the file (1: header, 0: file)"
    )
    field: str
    message_vi: str
    message_en: str


class ImportReport(BaseModel):
    dry_run: bool
    rows: int
    errors: list[ImportIssue]
    warnings: list[ImportIssue]
    created: int
    updated: int
    unchanged: int
    applied: bool = Field(description="Đã ghi vào sổ / written to the register")
