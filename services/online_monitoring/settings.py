"""online_monitoring settings: ``PCMD_ONLINE_MONITORING_*`` plus the platform-wide ``PCMD_*`` variables."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from services.online_monitoring.domain.kinds import Platform
from services.online_monitoring.domain.takedown import (
    DEFAULT_DEADLINE_HOURS,
    DEFAULT_LEGAL_BASIS,
    Channel,
    CompetentBody,
)
from shared.settings import ServiceSettings


class TakedownPolicy(BaseModel):
    """How a platform is asked to remove content, and how long it has (Decree 147/2024/NĐ-CP: 24 hours
    after the competent ministry's or provincial department's request)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    channel: Channel = Channel.VIA_AUTHORITY
    via: CompetentBody = CompetentBody.PROVINCIAL_DEPARTMENT
    legal_contact: Annotated[str, Field(max_length=200)] = ""  # e.g. the platform's legal e-mail
    deadline_hours: Annotated[int, Field(ge=1, le=720)] = DEFAULT_DEADLINE_HOURS
    legal_basis: Annotated[str, Field(min_length=3, max_length=400)] = DEFAULT_LEGAL_BASIS


class OnlineMonitoringSettings(ServiceSettings):
    service_name: ClassVar[str] = "online_monitoring"

    # The time limit to handle a reported item (remove, escalate or close it), from its report:
    # 72 hours = a working day to verify, classify and send the request through the competent body,
    # the platform's 24 hours, and a day to confirm the removal or escalate (see ARCHITECTURE.md).
    handling_hours: int = Field(72, ge=1, le=24 * 60)
    # Per platform (PCMD_ONLINE_MONITORING_TAKEDOWN_POLICIES, JSON): channel, competent body, legal
    # contact, deadline and legal basis; a platform not listed gets the defaults.
    takedown_policies: dict[Platform, TakedownPolicy] = Field(default_factory=dict)
    # A reminder is listed this long before a platform's deadline; the reminder task looks this often.
    reminder_hours: float = Field(6.0, gt=0, le=72)
    reminder_scan_seconds: float = Field(900.0, gt=0)
    bulk_max_items: int = Field(10_000, ge=1, le=100_000)
    # How letters name the ward and the place of the date line.
    ward_name: str = Field("Lê Chân", min_length=1, max_length=100)
    place_name: str = Field("Hải Phòng", min_length=1, max_length=100)
