"""Intake settings: ``PCMD_INTAKE_*`` plus the platform-wide ``PCMD_*`` variables."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Annotated, ClassVar, Self

from pydantic import AliasChoices, BaseModel, Field, model_validator

from services.intake.domain.deadlines import DeadlinePolicy, DeadlineRules, Span, Unit, WorkCalendar
from services.intake.domain.receipts import ReceiptKeys
from shared.ratelimit import parse_networks
from shared.settings import ServiceSettings

DEV_RECEIPT_SALT = "dev-only-receipt-salt"
# A fixed development HMAC key (base64 of 32 bytes), refused in production like the salt.
DEV_RECEIPT_KEY = "ZGV2LW9ubHktcmVjZWlwdC1rZXktY2hhbmdlLW1lLTE="
DEV_RECEIPT_KEYS = f"dev1:{DEV_RECEIPT_KEY}"
GroupCode = Annotated[str, Field(pattern=r"^[a-z0-9-]{1,40}$")]
WardCode = Annotated[str, Field(pattern=r"^[a-z0-9_]{2,32}$")]


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


class PublicWard(BaseModel):
    """A ward whose citizens this intake takes anonymous tips from: the host names its public form is
    served under (lower case, no port) and its residential groups, code -> name."""

    hosts: list[Annotated[str, Field(pattern=r"^[a-z0-9.-]{1,253}$")]] = []
    residential_groups: dict[GroupCode, str] = Field(min_length=1)


class IntakeSettings(ServiceSettings):
    service_name: ClassVar[str] = "intake"

    # Receipt codes are stored as HMAC-SHA256 under these keys (``kid:base64,kid2:base64``, at least
    # 32 bytes each); new receipts use ``receipt_key_id``, lookups try every key listed (rotation).
    receipt_keys: str = DEV_RECEIPT_KEYS
    receipt_key_id: str = "dev1"
    # Only for receipts issued before keyed hashes (stored as Argon2id with this salt).
    receipt_salt: str = Field(DEV_RECEIPT_SALT, min_length=16)
    deadlines: DeadlineSettings = DeadlineSettings()
    deadline_scan_seconds: float = Field(60.0, gt=0)
    public_submissions_per_hour: int = Field(10, ge=1)
    public_lookups_per_hour: int = Field(60, ge=1)
    export_max_rows: int = Field(50_000, ge=1)
    # The ward's residential groups, code -> name, as the public form offers them, e.g.
    # PCMD_INTAKE_RESIDENTIAL_GROUPS='{"tdp-1": "Tổ dân phố Hàng Kênh 1", ...}'. Tips name one of these.
    residential_groups: dict[GroupCode, str] = Field(default_factory=default_groups, min_length=1)
    # Further wards this intake takes anonymous tips for (several wards, one deployment), e.g.
    # PCMD_INTAKE_PUBLIC_WARDS='{"anduong": {"hosts": ["tinbao.anduong.example"], "residential_groups":
    # {"tdp-1": "Tổ dân phố 1"}}}'. The service's own ward (PCMD_WARD) is always served, with
    # ``residential_groups``. A tip's ward comes from its host name or its ``ward`` field.
    public_wards: dict[WardCode, PublicWard] = Field(default_factory=dict)
    # The proxies (CIDRs, comma-separated) whose X-Forwarded-For is believed; none by default.
    trusted_proxies: str = Field(
        "", validation_alias=AliasChoices("PCMD_TRUSTED_PROXIES", "PCMD_INTAKE_TRUSTED_PROXIES")
    )

    @model_validator(mode="after")
    def _refuse_development_receipt_secrets_in_production(self) -> Self:
        keys = self.receipt_key_set()  # a malformed key list fails at start, not at the first tip
        parse_networks(self.trusted_proxies)
        if self.env == "production":
            if self.receipt_salt == DEV_RECEIPT_SALT:
                raise ValueError("production needs a real PCMD_INTAKE_RECEIPT_SALT")
            if keys.has_key(base64.b64decode(DEV_RECEIPT_KEY)):
                raise ValueError(
                    "production needs real PCMD_INTAKE_RECEIPT_KEYS (the development key is set)"
                )
        return self

    def receipt_key_set(self) -> ReceiptKeys:
        return ReceiptKeys.from_config(self.receipt_keys, self.receipt_key_id)

    def wards_served(self) -> dict[str, PublicWard]:
        """Every ward taking anonymous tips here: the service's own first, then ``public_wards``."""
        own = self.public_wards.get(self.ward) or PublicWard(residential_groups=self.residential_groups)
        return {self.ward: own, **{code: w for code, w in self.public_wards.items() if code != self.ward}}
