"""The shapes of a case's values and of the events it records (no rules: see ``case``).

The personal fields (``Personal``) are the only identifying values; the others are pseudonymous:
codes, kinds, dates, who acted (a worker's id, never the client's).
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass, field

from services.case_support.domain.kinds import (
    ClosureReason,
    ProviderKind,
    ServiceCategory,
    ServiceKind,
    ServiceSource,
)
from services.case_support.domain.needs import Assessment


class CaseStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class ErasureReason(enum.StrEnum):
    CLIENT_REQUEST = "client_request"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    RETENTION = "retention"  # closed for longer than the retention period


STATUS_VI = {CaseStatus.OPEN: "đang mở", CaseStatus.CLOSED: "đã đóng"}
ERASURE_VI = {
    ErasureReason.CLIENT_REQUEST: "theo yêu cầu của thân chủ",
    ErasureReason.CONSENT_WITHDRAWN: "thân chủ rút đồng ý",
    ErasureReason.RETENTION: "hết thời hạn lưu giữ",
}


@dataclass(frozen=True, slots=True)
class Personal:
    """The optional personal fields (the repository encrypts each); never printed."""

    name: str | None = field(default=None, repr=False)
    phone: str | None = field(default=None, repr=False)
    contact: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class ServiceRecord:
    """A service the client received (reported by the case worker or confirmed by the provider)."""

    id: uuid.UUID
    kind: ServiceKind
    category: ServiceCategory
    received_on: dt.date
    provider_id: str
    provider_kind: ProviderKind
    source: ServiceSource
    by: str
    at: dt.datetime
    referral_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the indicators know of a case: pseudonymous only, unchanged by erasure."""

    client_code: str
    enrolled_at: dt.datetime
    closed_at: dt.datetime | None
    eligible: bool
    has_needs: bool
    services: tuple[tuple[ServiceKind, ServiceCategory, dt.date], ...]


# Events. Enrolled, NeedsAssessed, ServiceRecorded, Closed, Reopened and Erased have contract
# messages (CaseReopened, ClientErased: without the fields' names); PersonalChanged is ward-internal.
@dataclass(frozen=True, slots=True)
class Enrolled:
    by: str
    at: dt.datetime
    eligible: bool
    has_needs: bool


@dataclass(frozen=True, slots=True)
class NeedsAssessed:
    assessment: Assessment


@dataclass(frozen=True, slots=True)
class ServiceRecorded:
    record: ServiceRecord


@dataclass(frozen=True, slots=True)
class PersonalChanged:
    by: str
    at: dt.datetime
    fields: tuple[str, ...]  # the names of the fields set or cleared, never their values


@dataclass(frozen=True, slots=True)
class Closed:
    by: str
    at: dt.datetime
    reason: ClosureReason


@dataclass(frozen=True, slots=True)
class Reopened:
    by: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class Erased:
    by: str
    at: dt.datetime
    reason: ErasureReason
    fields: tuple[str, ...]  # which identifying fields held something and were cleared
    # Whole: every identifying field (the client's reporting key is destroyed with it); partial: only
    # the fields kept under a withdrawn consent (the pseudonym stays).
    whole: bool
