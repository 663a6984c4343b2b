"""What happens to an item, as the domain events the unit of work collects (``events.py`` maps them
to contract messages)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.online_monitoring.domain.takedown import EscalationTarget, TakedownRequest

if TYPE_CHECKING:
    from services.online_monitoring.domain.item import ClosureReason, RemovedBy


@dataclass(frozen=True, slots=True)
class Reported:
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class ReportAdded:
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class Classified:
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class TakedownStepped:  # drafted, acknowledged, refused: kept in the ward
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class TakedownSent:
    at: dt.datetime
    takedown: TakedownRequest
    by: str


@dataclass(frozen=True, slots=True)
class Removed:
    at: dt.datetime
    takedown_id: uuid.UUID
    removed_by: RemovedBy
    on_time: bool


@dataclass(frozen=True, slots=True)
class Escalated:
    at: dt.datetime
    target: EscalationTarget
    agency: str
    on_time: bool


@dataclass(frozen=True, slots=True)
class Closed:
    at: dt.datetime
    reason: ClosureReason
    on_time: bool


@dataclass(frozen=True, slots=True)
class Reappeared:
    at: dt.datetime
    count: int
