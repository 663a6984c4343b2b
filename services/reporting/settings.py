"""Reporting settings: ``PCMD_REPORTING_*`` plus the platform-wide ``PCMD_*`` variables."""

from __future__ import annotations

from typing import ClassVar, Literal, Self

from pydantic import BaseModel, Field, model_validator

from services.reporting.domain.periods import PeriodType
from services.reporting.repository.measures import ReportSchedule
from shared.settings import ServiceSettings


class OrgUnitSetting(BaseModel):
    code: str = Field(pattern=r"^[a-z0-9_]{2,32}$")
    name_vi: str = Field(min_length=1, max_length=120)
    name_en: str = Field(min_length=1, max_length=120)
    level: Literal["city", "ward"]
    parent: str | None = Field(None, pattern=r"^[a-z0-9_]{2,32}$")


PRODUCTION_MIN_THRESHOLD = 5  # no smaller threshold (nor 0, none at all) is accepted in production

DEFAULT_UNITS = (
    OrgUnitSetting(code="haiphong", name_vi="Thành phố Hải Phòng", name_en="Hai Phong city", level="city"),
    OrgUnitSetting(
        code="lechan", name_vi="Phường Lê Chân", name_en="Le Chan ward", level="ward", parent="haiphong"
    ),
)


class ReportingSettings(ServiceSettings):
    service_name: ClassVar[str] = "reporting"

    # Counts of people from 1 to threshold-1 leave the ward as "<threshold"; 0 turns it off.
    small_cell_threshold: int = Field(5, ge=0, le=100)
    # Periodic reports due upward, and the days after their period's end they are due by.
    report_period_types: tuple[PeriodType, ...] = (PeriodType.QUARTER, PeriodType.YEAR)
    report_due_days: int = Field(15, ge=0, le=28)
    # The org-unit hierarchy (city -> wards) snapshots roll up along; inserted at start if missing.
    org_units: tuple[OrgUnitSetting, ...] = DEFAULT_UNITS
    # Scopes a snapshot is prepared for automatically when a period closes (default: this ward).
    auto_snapshot_scopes: tuple[str, ...] = ()
    auto_snapshot_seconds: float = Field(300.0, gt=0)

    @model_validator(mode="after")
    def _refuse_a_low_threshold_in_production(self) -> Self:
        if self.env == "production" and self.small_cell_threshold < PRODUCTION_MIN_THRESHOLD:
            raise ValueError(
                f"PCMD_REPORTING_SMALL_CELL_THRESHOLD must be at least {PRODUCTION_MIN_THRESHOLD} "
                "in production "
                f"(got {self.small_cell_threshold}): smaller counts of people would leave the ward"
            )
        return self

    def schedule(self) -> ReportSchedule:
        return ReportSchedule(self.report_period_types, self.report_due_days)

    def auto_scopes(self) -> tuple[str, ...]:
        return self.auto_snapshot_scopes or (self.ward,)
