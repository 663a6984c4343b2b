"""Tips: the pure rules (no I/O). The full lifecycle and legal calendars come with the intake issue."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass


class TipKind(enum.StrEnum):
    DENUNCIATION = "denunciation"
    REPORT = "report"
    COMPLAINT = "complaint"
    RECOMMENDATION_TO_PROSECUTE = "recommendation_to_prosecute"


class Channel(enum.StrEnum):
    HOTLINE = "hotline"
    IN_PERSON = "in_person"
    WEB_FORM = "web_form"
    RESIDENTIAL_GROUP = "residential_group"
    TRANSFERRED = "transferred"
    ONLINE_MONITORING = "online_monitoring"
    INSPECTION = "inspection"


class TipStatus(enum.StrEnum):
    RECEIVED = "received"


# Days to verify and decide (Criminal Procedure Code 2015 art. 147: 20 days; Law on Complaints
# 2011 art. 28: 30 days to decide). Working-day calendars and extensions come with the intake issue.
DEFAULT_DAYS = {
    TipKind.DENUNCIATION: 20,
    TipKind.REPORT: 20,
    TipKind.RECOMMENDATION_TO_PROSECUTE: 20,
    TipKind.COMPLAINT: 30,
}


@dataclass
class Tip:
    id: uuid.UUID
    ward: str
    kind: TipKind
    channel: Channel
    residential_group: str
    received_at: dt.datetime
    due_at: dt.datetime
    status: TipStatus = TipStatus.RECEIVED


def receive_tip(
    *,
    tip_id: uuid.UUID,
    ward: str,
    kind: TipKind,
    channel: Channel,
    residential_group: str,
    received_at: dt.datetime,
) -> Tip:
    """A new tip, due by its kind's legal time limit."""
    if received_at.tzinfo is None:
        raise ValueError("received_at must be timezone-aware")
    due_at = received_at + dt.timedelta(days=DEFAULT_DAYS[kind])
    return Tip(tip_id, ward, kind, channel, residential_group, received_at, due_at)
