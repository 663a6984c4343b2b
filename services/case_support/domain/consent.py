"""Consent per purpose (pure rules, no I/O): given by the client, taken by a worker, withdrawable at once.

A consent is recorded for one purpose with who took it, when and how (verbal or written); sharing with
a provider is consented to per named provider. It is in force from the moment it was given until the
moment it is withdrawn: ``granted(purpose, at)`` answers for any instant, so a referral made after a
withdrawal is refused even if the withdrawal was recorded a second earlier. A purpose withdrawn can be
given again later (a new record; the old one stays in the history).

Some personal fields are kept only under a purpose (``FIELDS_UNDER``): withdrawing that consent names
the fields the caller must erase now (``ConsentWithdrawn.erase_fields``). Without case management
nothing personal is kept at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from services.case_support.domain.kinds import (
    PURPOSE_VI,
    SERVICE_CATEGORY,
    ConsentMethod,
    ConsentPurpose,
    ServiceCategory,
    ServiceKind,
)

P = ConsentPurpose

# The personal fields of a case (all optional, each encrypted by the repository).
NAME, PHONE, CONTACT = "name", "phone", "contact"
PERSONAL_FIELDS = (NAME, PHONE, CONTACT)
# Which personal fields may be kept only while a purpose is consented to.
FIELDS_UNDER: dict[ConsentPurpose, tuple[str, ...]] = {
    P.CASE_MANAGEMENT: PERSONAL_FIELDS,
    P.FOLLOW_UP_CONTACT: (PHONE, CONTACT),
}
# The consent a referral needs, by the category of the service it asks for.
REFERRAL_PURPOSE: dict[ServiceCategory, ConsentPurpose] = {
    ServiceCategory.HARM_REDUCTION: P.REFERRAL_HEALTH,
    ServiceCategory.REINTEGRATION: P.REFERRAL_SOCIAL_PROTECTION,
}


def referral_purpose(kind: ServiceKind) -> ConsentPurpose:
    """Health services for harm reduction, social protection for reintegration."""
    return REFERRAL_PURPOSE[SERVICE_CATEGORY[kind]]


def present(personal: object) -> tuple[str, ...]:
    """The names of the personal fields that hold something in ``personal`` (a ``records.Personal``)."""
    return tuple(name for name in PERSONAL_FIELDS if getattr(personal, name))


def purpose_for_field(name: str) -> ConsentPurpose:
    """The consent that must be in force to keep a personal field (the narrowest that covers it)."""
    if name not in PERSONAL_FIELDS:
        raise ValueError(f"{name!r} is not a personal field of a case")
    return P.FOLLOW_UP_CONTACT if name in FIELDS_UNDER[P.FOLLOW_UP_CONTACT] else P.CASE_MANAGEMENT


class ConsentError(ValueError):
    """A consent step that makes no sense; the message says why in Vietnamese and English."""

    def __init__(self, purpose: ConsentPurpose, message_vi: str, message_en: str) -> None:
        self.purpose = purpose
        super().__init__(f"{message_vi} / {message_en}")

    def problem_extras(self) -> dict[str, object]:
        return {"purpose": self.purpose.value}


def _aware(at: dt.datetime) -> None:
    if at.tzinfo is None:
        raise ValueError("Thời điểm phải có múi giờ. / Times must be timezone-aware.")


@dataclass(frozen=True, slots=True)
class Consent:
    """One consent, from its giving to its withdrawal (if any)."""

    purpose: ConsentPurpose
    method: ConsentMethod
    taken_by: str
    given_at: dt.datetime
    provider_id: str = ""  # only for PROVIDER_SHARING: the provider named
    withdrawn_at: dt.datetime | None = None
    withdrawn_by: str = ""
    withdrawal_method: ConsentMethod | None = None

    def in_force(self, at: dt.datetime) -> bool:
        return self.given_at <= at and (self.withdrawn_at is None or at < self.withdrawn_at)


@dataclass(frozen=True, slots=True)
class ConsentGranted:
    purpose: ConsentPurpose
    method: ConsentMethod
    by: str
    at: dt.datetime
    provider_id: str = ""


@dataclass(frozen=True, slots=True)
class ConsentWithdrawn:
    purpose: ConsentPurpose
    method: ConsentMethod
    by: str
    at: dt.datetime
    provider_id: str = ""
    erase_fields: tuple[str, ...] = ()  # personal fields the caller erases now


@dataclass
class ConsentLedger:
    """Every consent of one client, in the order they were given."""

    records: list[Consent] = field(default_factory=list)

    def granted(self, purpose: ConsentPurpose, at: dt.datetime, provider_id: str = "") -> bool:
        """Is ``purpose`` (for ``provider_id`` when sharing) consented to at the instant ``at``?"""
        _aware(at)
        return any(
            c.purpose is purpose and c.provider_id == provider_id and c.in_force(at) for c in self.records
        )

    def in_force(self, at: dt.datetime) -> list[Consent]:
        return [c for c in self.records if c.in_force(at)]

    def latest(self, purpose: ConsentPurpose, provider_id: str = "") -> Consent | None:
        return next(
            (c for c in reversed(self.records) if c.purpose is purpose and c.provider_id == provider_id),
            None,
        )

    def grant(
        self,
        purpose: ConsentPurpose,
        *,
        by: str,
        at: dt.datetime,
        method: ConsentMethod,
        provider_id: str = "",
    ) -> ConsentGranted:
        """Record the client's consent for ``purpose``, taken by ``by`` at ``at`` in the way ``method``."""
        _aware(at)
        _check_provider(purpose, provider_id)
        last = self.latest(purpose, provider_id)
        if last is not None and last.withdrawn_at is None:
            raise ConsentError(
                purpose,
                f"Đã có đồng ý {PURPOSE_VI[purpose]} từ {last.given_at:%d/%m/%Y}",
                f"Consent for {purpose} is already given (since {last.given_at.date().isoformat()})",
            )
        if last is not None and last.withdrawn_at is not None and at < last.withdrawn_at:
            raise ConsentError(
                purpose,
                "Thời điểm đồng ý trước lần rút đồng ý gần nhất",
                f"Consent for {purpose} cannot be dated before its last withdrawal",
            )
        self.records.append(Consent(purpose, method, by, at, provider_id))
        return ConsentGranted(purpose, method, by, at, provider_id)

    def withdraw(
        self,
        purpose: ConsentPurpose,
        *,
        by: str,
        at: dt.datetime,
        method: ConsentMethod,
        provider_id: str = "",
    ) -> ConsentWithdrawn:
        """End the consent at ``at``; the event names the personal fields to erase now."""
        _aware(at)
        last = self.latest(purpose, provider_id)
        if last is None or last.withdrawn_at is not None:
            raise ConsentError(
                purpose,
                f"Không có đồng ý {PURPOSE_VI[purpose]} để rút",
                f"There is no consent for {purpose} to withdraw",
            )
        if at < last.given_at:
            raise ConsentError(
                purpose,
                "Thời điểm rút đồng ý trước khi đồng ý",
                f"Consent for {purpose} cannot be withdrawn before it was given",
            )
        index = len(self.records) - 1 - self.records[::-1].index(last)
        self.records[index] = replace(last, withdrawn_at=at, withdrawn_by=by, withdrawal_method=method)
        return ConsentWithdrawn(purpose, method, by, at, provider_id, FIELDS_UNDER.get(purpose, ()))


def _check_provider(purpose: ConsentPurpose, provider_id: str) -> None:
    if purpose is P.PROVIDER_SHARING and not provider_id.strip():
        raise ConsentError(
            purpose,
            "Đồng ý chia sẻ thông tin phải nêu tên đơn vị",
            "Consent to share details must name the provider",
        )
    if purpose is not P.PROVIDER_SHARING and provider_id:
        raise ConsentError(
            purpose,
            "Chỉ đồng ý chia sẻ thông tin mới gắn với một đơn vị",
            "Only consent to share details names a provider",
        )
