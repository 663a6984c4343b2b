"""case_support settings: ``PCMD_CASE_SUPPORT_DATABASE_URL`` plus the platform-wide ``PCMD_*`` variables."""

from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class CaseSupportSettings(ServiceSettings):
    service_name: ClassVar[str] = "case_support"
    model_config = SettingsConfigDict(env_prefix="PCMD_CASE_SUPPORT_", extra="ignore", populate_by_name=True)
