"""inspection consumers: built from the subscription table once their handlers exist (none yet, so
this service binds no durable consumer and nothing is delivered to it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from services.inspection.repository import InspectionUnitOfWork
from shared.messaging.consumer import Subscription

if TYPE_CHECKING:
    from services.inspection.main import InspectionRuntime


def subscriptions(_rt: InspectionRuntime) -> Sequence[Subscription[InspectionUnitOfWork]]:
    return ()
