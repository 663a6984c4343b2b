"""Intake's commands: what a caller asks for, already parsed and typed (imperative names)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field, fields
from typing import Literal

import phonenumbers

from services.intake.domain import (
    Category,
    Channel,
    Outcome,
    RoutingTarget,
    Severity,
    SubjectType,
    TipKind,
    TransferDestination,
    VerificationOutcome,
)


class InvalidPhone(ValueError):
    pass


def normalise_phone(raw: str) -> str:
    """E.164, reading Vietnamese numbers without a country code."""
    try:
        number = phonenumbers.parse(raw, "VN")
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(f"not a phone number: {exc}") from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone("not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@dataclass(frozen=True)
class PrivateDetails:
    """Free text and personal data: encrypted per field, never in events, logs or exports."""

    description: str = ""
    subject_text: str = ""
    urls: tuple[str, ...] = ()
    place_address: str = ""
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""

    def as_fields(self) -> dict[str, str]:
        values = {name: getattr(self, name) for name in _TEXT_FIELDS}  # asdict's, without its deep copy
        values["urls"] = "\n".join(self.urls)
        if self.reporter_phone:
            values["reporter_phone"] = normalise_phone(self.reporter_phone)
        return values


_TEXT_FIELDS = tuple(f.name for f in fields(PrivateDetails) if f.name != "urls")


@dataclass(frozen=True)
class ReceiveTip:
    kind: TipKind
    channel: Channel
    subject_type: SubjectType
    residential_group: str
    establishment_id: uuid.UUID | None = None
    private: PrivateDetails = field(default_factory=PrivateDetails)


# One command per lifecycle step; ``take_step`` applies any of them.
@dataclass(frozen=True)
class StartVerification:
    tip_id: uuid.UUID
    reason: str = ""


@dataclass(frozen=True)
class VerifyTip:
    tip_id: uuid.UUID
    outcome: VerificationOutcome
    reason: str = ""


@dataclass(frozen=True)
class ClassifyTip:
    tip_id: uuid.UUID
    category: Category
    severity: Severity
    competent_unit: str
    complex: bool = False
    reason: str = ""


@dataclass(frozen=True)
class RouteTip:
    tip_id: uuid.UUID
    target: RoutingTarget
    target_unit: str
    reason: str = ""


@dataclass(frozen=True)
class HandleTip:
    tip_id: uuid.UUID
    outcome: Outcome
    reason: str = ""


@dataclass(frozen=True)
class TransferTip:
    tip_id: uuid.UUID
    destination: TransferDestination
    agency_code: str
    reason: str = ""


@dataclass(frozen=True)
class MergeTip:
    tip_id: uuid.UUID
    into: uuid.UUID
    reason_code: Literal["duplicate", "related"] = "duplicate"
    reason: str = ""


@dataclass(frozen=True)
class ReopenTip:
    tip_id: uuid.UUID
    reason_code: str = "new_information"
    reason: str = ""


@dataclass(frozen=True)
class ExtendDeadline:
    tip_id: uuid.UUID
    new_due_at: dt.datetime
    reason_code: str = "other"
    reason: str = ""


StepCommand = (
    StartVerification
    | VerifyTip
    | ClassifyTip
    | RouteTip
    | HandleTip
    | TransferTip
    | MergeTip
    | ReopenTip
    | ExtendDeadline
)


@dataclass(frozen=True)
class CloseByService:
    """Another service reports a routed matter handled (from its completion event)."""

    tip_id: str
    ward: str
    outcome: Outcome
    resolved_by: RoutingTarget
    at: dt.datetime
