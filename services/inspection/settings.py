"""inspection settings: ``PCMD_INSPECTION_DATABASE_URL`` plus the platform-wide ``PCMD_*`` variables."""

from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class InspectionSettings(ServiceSettings):
    service_name: ClassVar[str] = "inspection"
    model_config = SettingsConfigDict(env_prefix="PCMD_INSPECTION_", extra="ignore", populate_by_name=True)
