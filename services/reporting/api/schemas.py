"""Reporting's response bodies: the JSON the dashboard and the city read (Vietnamese first in descriptions).

Times are the ISO 8601 text the use cases write (with their offset), so they are typed as text with the
``date-time`` format rather than re-serialised.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")
Timestamp = Annotated[str, Field(json_schema_extra={"format": "date-time"})]


class Items(BaseModel, Generic[T]):
    items: list[T]


class OrgUnitRead(BaseModel):
    code: str
    name_vi: str
    name_en: str
    parent: str | None = Field(description="Đơn vị cấp trên / The city above a ward")
    level: str = Field(description="city | ward")


class IndicatorRead(BaseModel):
    """An indicator of the plan: what it counts and the target it must meet."""

    code: str
    clause: str
    section_vi: str
    name_vi: str
    name_en: str
    numerator_vi: str
    numerator_en: str
    denominator_vi: str
    denominator_en: str
    kind: str = Field(description="ratio | count | yes_no")
    target: int = Field(description="Đơn vị của giá trị / In the value's unit: basis points for a ratio")
    comparison: str = Field(description="at_least | greater_than | at_most | equal")
    period_types: list[str]
    counts_people: bool


class PeriodRead(BaseModel):
    type: str = Field(description="month | quarter | year | plan_period")
    code: str
    start: Timestamp
    end: Timestamp
    label_vi: str
    label_en: str


class IndicatorValueRead(BaseModel):
    code: str
    kind: str
    numerator: int
    denominator: int
    value: int = Field(description="Basis points for a ratio (10000 = 100%)")
    target: int
    comparison: str
    met: bool
    no_data: bool
    suppressed: bool = Field(
        description="Số liệu đã ẩn / Withheld (a small count of people, or its complement)"
    )
    complement: bool = Field(
        False, description="Ẩn vì làm lộ số nhỏ / Withheld because it would give a small count away"
    )
    value_vi: str = Field(
        description="Giá trị như hiển thị: làm tròn nửa lên, 1 chữ số thập phân / As shown, vi"
    )
    value_en: str = Field(description="The value as shown: half up to one decimal, decimal point")


class BreakdownRead(BaseModel):
    source: str
    dimension: str
    key: str
    count: int
    counts_people: bool
    suppressed: bool
    complement: bool = False


class IndicatorValues(BaseModel):
    """The indicators of an org unit and period as the read models stand now (not stored)."""

    scope: str
    ward_codes: list[str]
    period: PeriodRead
    indicators: list[IndicatorValueRead]
    breakdown: list[BreakdownRead]
    content_hash: str
    as_of: Timestamp | None = Field(
        description="Số liệu tính đến (kỳ chưa kết thúc) / Counted as of then; null once the period has ended"
    )
    computed_at: Timestamp


class TrendMonth(BaseModel):
    period: str
    label_vi: str
    label_en: str
    started: bool = Field(description="Tháng đã bắt đầu / The month has begun (none: no values)")
    as_of: Timestamp | None = Field(
        description="Số liệu tính đến (kỳ chưa kết thúc) / Counted as of then; null once the period has ended"
    )
    indicators: list[IndicatorValueRead]


class Trend(BaseModel):
    scope: str
    period: PeriodRead
    months: list[TrendMonth]


class TargetRead(BaseModel):
    code: str
    default_target: int
    target: int
    comparison: str
    set_by: str | None
    set_at: Timestamp | None


class TargetChangeRead(BaseModel):
    code: str
    year: int
    old_target: int | None
    new_target: int
    reason: str
    actor: str
    at: Timestamp


class TargetSetRead(BaseModel):
    code: str
    scope: str
    year: int
    target: int
    previous: int | None


class SnapshotRead(BaseModel):
    id: uuid.UUID
    scope: str
    ward_codes: list[str]
    period: PeriodRead
    as_of: Timestamp | None = Field(
        description="Số liệu tính đến (kỳ chưa kết thúc) / Counted as of then; null once the period has ended"
    )
    status: str = Field(description="prepared | published")
    content_hash: str
    positions: dict[str, int] = Field(description="Vị trí luồng sự kiện / Stream positions it reflects")
    computed_at: Timestamp
    prepared_by: str
    prepared_by_name: str = Field(description="Người lập / Who prepared it: name and title, or the unit")
    approved_by: str | None
    approved_by_name: str | None
    approved_at: Timestamp | None
    published_at: Timestamp | None
    supersedes_snapshot_id: uuid.UUID | None
    indicators: list[IndicatorValueRead]
    breakdown: list[BreakdownRead]


class TipCounts(BaseModel):
    ward: str
    received: int
    closed: int
    closed_on_time: int
    open_overdue: int
    by_kind: dict[str, int]


# The programme's own records --------------------------------------------------------------------


class ActivityRead(BaseModel):
    activity_id: uuid.UUID
    ward: str
    kind: str
    category: str = Field(description="communication | review | other")
    held_at: Timestamp
    title: str
    channel: str
    audience: str
    reach: int
    unit_code: str
    residential_group: str
    recorded_by: str


class TrainingRead(BaseModel):
    training_id: uuid.UUID
    ward: str
    topic: str
    title: str
    held_at: Timestamp
    unit_code: str
    participants: dict[str, int]
    trained_staff_codes: list[str]
    recorded_by: str


class StaffRead(BaseModel):
    assignment_id: uuid.UUID
    ward: str
    staff_code: str
    unit_code: str
    effective_at: Timestamp
    ended_at: Timestamp | None
    recorded_by: str


class DirectiveRead(BaseModel):
    directive_id: uuid.UUID
    ward: str
    kind: str
    title: str
    unit_code: str
    due_at: Timestamp
    document_code: str | None
    issued_at: Timestamp | None
    recorded_by: str


class YearlyPlanRead(BaseModel):
    plan_id: uuid.UUID
    ward: str
    year: int
    document_code: str
    issued_at: Timestamp
    recorded_by: str


class ReportRead(BaseModel):
    report_id: uuid.UUID
    ward: str
    period_code: str
    recipient: str
    snapshot_id: uuid.UUID | None
    produced_by_system: bool
    document_code: str
    submitted_at: Timestamp
    due_at: Timestamp
    recorded_by: str


# Each list of records the API serves, by its path.
RECORD_LISTS: dict[str, type[BaseModel]] = {
    "activities": Items[ActivityRead],
    "trainings": Items[TrainingRead],
    "staff": Items[StaffRead],
    "directives": Items[DirectiveRead],
    "yearly-plans": Items[YearlyPlanRead],
    "reports": Items[ReportRead],
}
