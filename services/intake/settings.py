"""Intake settings: ``PCMD_INTAKE_DATABASE_URL`` plus the platform-wide ``PCMD_*`` variables."""

from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class IntakeSettings(ServiceSettings):
    service_name: ClassVar[str] = "intake"
    model_config = SettingsConfigDict(env_prefix="PCMD_INTAKE_", extra="ignore", populate_by_name=True)
