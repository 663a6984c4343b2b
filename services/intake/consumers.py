"""Intake's event subscriptions. The handled-loop consumers (inspection, online monitoring, case
support reporting a tip handled) arrive with the intake service issue."""

from __future__ import annotations

from collections.abc import Sequence

from shared.messaging.consumer import Subscription
from shared.runtime import Runtime


def subscriptions(_rt: Runtime) -> Sequence[Subscription]:
    return ()
