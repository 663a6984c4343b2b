"""case_support consumers: built from the subscription table once their handlers exist (none yet, so
this service binds no durable consumer and nothing is delivered to it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from services.case_support.repository import CaseSupportUnitOfWork
from shared.messaging.consumer import Subscription

if TYPE_CHECKING:
    from services.case_support.main import CaseSupportRuntime


def subscriptions(_rt: CaseSupportRuntime) -> Sequence[Subscription[CaseSupportUnitOfWork]]:
    return ()
