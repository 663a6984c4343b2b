"""Intake settings: ``PCMD_INTAKE_*`` plus the platform-wide ``PCMD_*`` variables."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Self

from pydantic import BaseModel, Field, model_validator

from services.intake.domain.deadlines import DeadlinePolicy, DeadlineRules, Span, Unit, WorkCalendar
from shared.settings import ServiceSettings

DEV_RECEIPT_SALT = "dev-only-receipt-salt"


class SpanSetting(BaseModel):
    amount: int = Field(ge=0)
    unit: Unit

    def span(self) -> Span:
        return Span(self.amount, self.unit)


class DeadlineSettings(BaseModel):
    """Overrides of the legal defaults, e.g. ``PCMD_INTAKE_DEADLINES='{"crime_decide": {"amount": 20,
    "unit": "calendar_days"}}'``; extra days off and make-up working days as ISO dates."""

    crime_decide: SpanSetting | None = None
    crime_complex: SpanSetting | None = None
    crime_extension_max: SpanSetting | None = None
    crime_transfer: SpanSetting | None = None
    complaint_accept: SpanSetting | None = None
    complaint_decide: SpanSetting | None = None
    complaint_complex: SpanSetting | None = None
    crime_extension_notice_days: int | None = Field(None, ge=0)
    crime_max_extensions: int | None = Field(None, ge=0)
    approaching_days: int | None = Field(None, ge=0)
    extra_days_off: list[dt.date] = []
    extra_working_days: list[dt.date] = []

    def rules(self) -> DeadlineRules:
        overrides: dict[str, object] = {}
        for name in DeadlinePolicy.__dataclass_fields__:
            value = getattr(self, name, None)
            if value is not None:
                overrides[name] = value.span() if isinstance(value, SpanSetting) else value
        calendar = WorkCalendar(frozenset(self.extra_days_off), frozenset(self.extra_working_days))
        return DeadlineRules(DeadlinePolicy(**overrides), calendar)  # type: ignore[arg-type]


def default_groups() -> dict[str, str]:
    """Placeholder names until the ward configures its own (``PCMD_INTAKE_RESIDENTIAL_GROUPS``)."""
    return {f"tdp-{n}": f"Tổ dân phố số {n}" for n in range(1, 41)}


class IntakeSettings(ServiceSettings):
    service_name: ClassVar[str] = "intake"

    receipt_salt: str = Field(DEV_RECEIPT_SALT, min_length=16)
    deadlines: DeadlineSettings = DeadlineSettings()
    deadline_scan_seconds: float = Field(60.0, gt=0)
    public_submissions_per_hour: int = Field(10, ge=1)
    public_lookups_per_hour: int = Field(60, ge=1)
    export_max_rows: int = Field(50_000, ge=1)
    # The ward's residential groups, code -> name, as the public form offers them, e.g.
    # PCMD_INTAKE_RESIDENTIAL_GROUPS='{"tdp-1": "Tổ dân phố Hàng Kênh 1", ...}'. Tips name one of these.
    residential_groups: dict[Annotated[str, Field(pattern=r"^[a-z0-9-]{1,40}$")], str] = Field(
        default_factory=default_groups, min_length=1
    )

    @model_validator(mode="after")
    def _refuse_development_salt_in_production(self) -> Self:
        if self.env == "production" and self.receipt_salt == DEV_RECEIPT_SALT:
            raise ValueError("production needs a real PCMD_INTAKE_RECEIPT_SALT")
        return self
