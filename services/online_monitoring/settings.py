"""online_monitoring settings: ``PCMD_ONLINE_MONITORING_DATABASE_URL`` plus ``PCMD_*`` variables."""

from __future__ import annotations

from typing import ClassVar

from shared.settings import ServiceSettings


class OnlineMonitoringSettings(ServiceSettings):
    service_name: ClassVar[str] = "online_monitoring"
