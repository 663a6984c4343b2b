"""An establishment of the register (sổ theo dõi cơ sở) and its lifecycle (pure rules, no I/O).

registered → active → suspended → active …, any of them → closed (with a reason), and a closed
establishment re-opens as the same record. Reviews classify its risk; inspections date its last visit.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field, replace

from services.inspection.domain.kinds import (
    STATUS_VI,
    BusinessType,
    ClosureReason,
    EstablishmentStatus,
    RiskClass,
)
from shared.clock import now as domain_now
from shared.uow import Aggregate

S = EstablishmentStatus
GROUP_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
MAX_REVIEW_GAP_DAYS = 365  # reviews at most 12 months apart

# Where each lifecycle step may start from.
ACTIVATE_FROM = frozenset({S.REGISTERED, S.SUSPENDED})
SUSPEND_FROM = frozenset({S.REGISTERED, S.ACTIVE})
CLOSE_FROM = frozenset({S.REGISTERED, S.ACTIVE, S.SUSPENDED})
REOPEN_FROM = frozenset({S.CLOSED})


class InvalidEstablishment(ValueError):
    """Details that cannot be true (a licence that expired before it was issued, say)."""

    def __init__(self, field_name: str, message_vi: str, message_en: str) -> None:
        self.field_name = field_name
        super().__init__(f"{message_vi} / {message_en}")

    def problem_extras(self) -> dict[str, object]:
        return {"errors": [{"loc": ["body", self.field_name], "msg": str(self), "type": "invalid"}]}


class StepNotAllowed(Exception):
    """A lifecycle step the establishment's status does not allow."""

    def __init__(self, status: EstablishmentStatus, step: str) -> None:
        self.status = status
        self.step = step
        super().__init__(
            f"Cơ sở {STATUS_VI[status]} không thể thực hiện bước '{step}'. / "
            f"An establishment that is '{status}' cannot be '{step}'."
        )

    def problem_extras(self) -> dict[str, object]:
        return {"establishment_status": self.status.value, "step": self.step}


@dataclass(frozen=True, slots=True)
class Licence:
    """The business licence or security-and-order certificate (giấy chứng nhận đủ điều kiện ANTT)."""

    number: str
    issuer: str = ""
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None

    def __post_init__(self) -> None:
        if not self.number.strip():
            raise InvalidEstablishment(
                "licence.number", "Thiếu số giấy phép", "The licence number is missing"
            )
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            raise InvalidEstablishment(
                "licence.expires_on",
                f"Giấy phép hết hạn ({self.expires_on:%d/%m/%Y}) trước ngày cấp ({self.issued_on:%d/%m/%Y})",
                "The licence expires before it was issued",
            )

    def valid_on(self, day: dt.date) -> bool:
        return self.expires_on is None or day <= self.expires_on


@dataclass(frozen=True, slots=True)
class Details:
    """What the register says about the business and its premises (no personal data)."""

    name: str
    registration_number: str
    business_types: tuple[BusinessType, ...]
    residential_group: str
    address: str
    licence: Licence | None = None
    opens_at: dt.time | None = None
    closes_at: dt.time | None = None
    open_24h: bool = False
    latitude: float | None = None
    longitude: float | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidEstablishment("name", "Thiếu tên cơ sở", "The name is missing")
        if not self.registration_number.strip():
            raise InvalidEstablishment(
                "registration_number", "Thiếu số đăng ký kinh doanh", "The registration number is missing"
            )
        if not self.business_types:
            raise InvalidEstablishment("business_types", "Thiếu loại hình kinh doanh", "No business type")
        if len(set(self.business_types)) != len(self.business_types):
            raise InvalidEstablishment("business_types", "Loại hình bị lặp", "A business type is repeated")
        if not GROUP_CODE.match(self.residential_group):
            raise InvalidEstablishment(
                "residential_group", "Mã tổ dân phố không hợp lệ", "Not a residential group code"
            )
        if (self.latitude is None) != (self.longitude is None):
            raise InvalidEstablishment(
                "latitude", "Cần cả vĩ độ và kinh độ", "Give both latitude and longitude, or neither"
            )
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            raise InvalidEstablishment("latitude", "Vĩ độ ngoài khoảng", "Latitude out of range")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            raise InvalidEstablishment("longitude", "Kinh độ ngoài khoảng", "Longitude out of range")
        if self.open_24h and (self.opens_at or self.closes_at):
            raise InvalidEstablishment(
                "open_24h", "Mở cửa 24/24 thì không ghi giờ mở, đóng", "Open 24h has no opening hours"
            )

    @property
    def main_type(self) -> BusinessType:
        return self.business_types[0]

    @property
    def licensed(self) -> bool:
        return self.licence is not None


@dataclass(frozen=True, slots=True)
class Registered:
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class DetailsChanged:
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class StatusChanged:
    """activate or suspend: ward-internal steps (no contract event)."""

    at: dt.datetime
    from_status: EstablishmentStatus
    to_status: EstablishmentStatus
    reason: str


@dataclass(frozen=True, slots=True)
class Closed:
    at: dt.datetime
    reason: ClosureReason
    sanction_id: str = ""


@dataclass(frozen=True, slots=True)
class Reopened:
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class Reviewed:
    at: dt.datetime
    reviewed_on: dt.date
    risk_class: RiskClass
    previous: RiskClass | None
    interval_days: int
    next_review_due: dt.date
    unit: str


EstablishmentEvent = Registered | DetailsChanged | StatusChanged | Closed | Reopened | Reviewed


@dataclass(eq=False)
class Establishment(Aggregate):
    """The aggregate: its status, its latest classification and its last inspection."""

    id: uuid.UUID
    ward: str
    details: Details
    status: EstablishmentStatus = S.REGISTERED
    registered_at: dt.datetime = field(default_factory=domain_now)
    risk_class: RiskClass | None = None
    inspection_interval_days: int | None = None
    last_reviewed_on: dt.date | None = None
    next_review_due: dt.date | None = None
    last_inspected_on: dt.date | None = None
    closure_reason: ClosureReason | None = None
    closed_at: dt.datetime | None = None
    version: int = 0

    @classmethod
    def register(
        cls, establishment_id: uuid.UUID, ward: str, details: Details, at: dt.datetime
    ) -> Establishment:
        e = cls(establishment_id, ward, details, registered_at=at)
        e.record(Registered(at))
        return e

    def update(self, details: Details, at: dt.datetime) -> None:
        self._not_closed("update")
        if details != self.details:
            self.details = details
            self.record(DetailsChanged(at))

    def activate(self, at: dt.datetime, reason: str = "") -> None:
        self._step(ACTIVATE_FROM, S.ACTIVE, "activate", at, reason)

    def suspend(self, at: dt.datetime, reason: str) -> None:
        self._step(SUSPEND_FROM, S.SUSPENDED, "suspend", at, reason)

    def close(self, at: dt.datetime, reason: ClosureReason, sanction_id: str = "") -> None:
        if self.status not in CLOSE_FROM:
            raise StepNotAllowed(self.status, "close")
        self.status, self.closure_reason, self.closed_at = S.CLOSED, reason, at
        self.record(Closed(at, reason, sanction_id))

    def reopen(self, at: dt.datetime) -> None:
        """A closed establishment trading again is the same record, active again."""
        if self.status not in REOPEN_FROM:
            raise StepNotAllowed(self.status, "reopen")
        self.status, self.closure_reason, self.closed_at = S.ACTIVE, None, None
        self.record(Reopened(at))

    def review(
        self,
        at: dt.datetime,
        *,
        on: dt.date,
        risk_class: RiskClass,
        interval_days: int,
        next_due: dt.date,
        unit: str,
    ) -> Reviewed:
        """Classify after a review (rà soát, phân loại); the next review is at most 12 months later."""
        self._not_closed("review")
        if interval_days < 1:
            raise InvalidEstablishment(
                "interval_days", "Chu kỳ kiểm tra không hợp lệ", "Bad inspection interval"
            )
        next_due = min(next_due, on + dt.timedelta(days=MAX_REVIEW_GAP_DAYS))
        event = Reviewed(at, on, risk_class, self.risk_class, interval_days, next_due, unit)
        self.risk_class, self.inspection_interval_days = risk_class, interval_days
        self.last_reviewed_on, self.next_review_due = on, next_due
        self.record(event)
        return event

    def inspected(self, on: dt.date) -> None:
        """A signed inspection record dates the last visit (the latest wins)."""
        if self.last_inspected_on is None or on > self.last_inspected_on:
            self.last_inspected_on = on

    def inspection_due(self) -> dt.date | None:
        """When the next inspection is due by its risk class (None until classified)."""
        if self.inspection_interval_days is None:
            return None
        if self.last_inspected_on is None:
            return self.last_reviewed_on
        return self.last_inspected_on + dt.timedelta(days=self.inspection_interval_days)

    def review_overdue(self, today: dt.date) -> bool:
        return self.status is not S.CLOSED and (self.next_review_due is None or self.next_review_due < today)

    def _step(
        self,
        allowed: frozenset[EstablishmentStatus],
        to: EstablishmentStatus,
        name: str,
        at: dt.datetime,
        reason: str,
    ) -> None:
        if self.status not in allowed:
            raise StepNotAllowed(self.status, name)
        before, self.status = self.status, to
        self.record(StatusChanged(at, before, to, reason))

    def _not_closed(self, step: str) -> None:
        if self.status is S.CLOSED:
            raise StepNotAllowed(self.status, step)


def with_licence(details: Details, licence: Licence | None) -> Details:
    return replace(details, licence=licence)
