"""online_monitoring consumers: built from the subscription table once their handlers exist (none yet, so
this service binds no durable consumer and nothing is delivered to it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from services.online_monitoring.repository import OnlineMonitoringUnitOfWork
from shared.messaging.consumer import Subscription

if TYPE_CHECKING:
    from services.online_monitoring.main import OnlineMonitoringRuntime


def subscriptions(_rt: OnlineMonitoringRuntime) -> Sequence[Subscription[OnlineMonitoringUnitOfWork]]:
    return ()
