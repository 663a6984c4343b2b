"""Small builders for the intake domain tests: fixed times, one officer, default rules. No I/O."""

from __future__ import annotations

import datetime as dt
import uuid

from services.intake import domain
from services.intake.domain import (
    Category,
    Channel,
    RoutingTarget,
    Severity,
    SubjectType,
    Tip,
    TipKind,
    VerificationOutcome,
)
from services.intake.domain.deadlines import VN_TZ, DeadlineRules

RULES = DeadlineRules()
OFFICER = domain.Actor("officer-1", "ca")
TIP_ID = uuid.UUID("00000000-0000-4000-8000-000000000001")
OTHER_TIP_ID = uuid.UUID("00000000-0000-4000-8000-000000000002")


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    """A wall-clock time in Vietnam (UTC+7)."""
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=VN_TZ)


def end_of_vn_day(year: int, month: int, day: int) -> dt.datetime:
    return vn(year, month, day, 23, 59, 59)


def new_tip(
    kind: TipKind = TipKind.DENUNCIATION,
    received_at: dt.datetime | None = None,
    rules: DeadlineRules = RULES,
) -> Tip:
    return domain.receive(
        tip_id=TIP_ID,
        ward="lechan",
        kind=kind,
        channel=Channel.HOTLINE,
        subject_type=SubjectType.PLACE,
        residential_group="tdp-07",
        received_at=received_at or vn(2026, 3, 10, 9, 30),
        actor=OFFICER,
        rules=rules,
    )


def verify(tip: Tip, at: dt.datetime, rules: DeadlineRules = RULES) -> Tip:
    tip.start_verification(OFFICER, at)
    tip.verify(OFFICER, at, VerificationOutcome.FOUNDED, rules)
    return tip


def classify(tip: Tip, at: dt.datetime, *, complex_matter: bool = False, rules: DeadlineRules = RULES) -> Tip:
    tip.classify(
        OFFICER,
        at,
        category=Category.BROKERING,
        severity=Severity.HIGH,
        competent_unit="ca",
        complex_matter=complex_matter,
        rules=rules,
    )
    return tip


def route(tip: Tip, at: dt.datetime, rules: DeadlineRules = RULES) -> Tip:
    """Takes a just-received tip to ROUTED, every step at ``at``."""
    verify(tip, at, rules)
    classify(tip, at, rules=rules)
    tip.route(OFFICER, at, RoutingTarget.POLICE_INVESTIGATION, "ca-doi-1")
    return tip
