"""inspection settings: ``PCMD_INSPECTION_DATABASE_URL`` plus the platform-wide ``PCMD_*`` variables."""

from __future__ import annotations

from typing import ClassVar

from shared.settings import ServiceSettings


class InspectionSettings(ServiceSettings):
    service_name: ClassVar[str] = "inspection"
