"""case_support settings: ``PCMD_CASE_SUPPORT_DATABASE_URL`` plus the platform-wide ``PCMD_*`` variables."""

from __future__ import annotations

from typing import ClassVar

from shared.settings import ServiceSettings


class CaseSupportSettings(ServiceSettings):
    service_name: ClassVar[str] = "case_support"
