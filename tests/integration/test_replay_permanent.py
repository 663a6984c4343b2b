"""Replaying a dead letter whose handler still fails: a failure that would fail again (a ValueError) is
answered as permanent, as on delivery; a transient one goes out as it is. The letter is kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from services.reporting.handlers.projections import handlers_for
from shared.messaging.consumer import PermanentEventError, Subscription, replay_dead_letter
from shared.messaging.envelope import IncomingEnvelope
from shared.runtime import Runtime
from shared.uow import UnitOfWork
from tests.integration.harness import eventually, intake_runtime, reporting_runtime
from tests.integration.test_event_path import TIP_RECEIVED, dead_letter_count, receive_tips, running


def failing(exc: Exception) -> Callable[[Runtime[Any, Any, Any]], tuple[Subscription[Any], ...]]:
    async def handler(uow: UnitOfWork, event: Any, env: IncomingEnvelope) -> None:
        raise exc

    def subscriptions(rt: Runtime[Any, Any, Any]) -> tuple[Subscription[Any], ...]:
        return (
            Subscription(
                rt.settings.durable_name("intake"), "reporting", "intake",
                {**handlers_for("intake"), TIP_RECEIVED: handler}, rt.uow,
                rt.settings.consume_subject("intake"),
            ),
        )  # fmt: skip

    return subscriptions


async def test_replay_that_still_cannot_apply_is_permanent_and_keeps_the_letter(
    service_db: Any, nats_url: str, ward: str
) -> None:
    intake = await intake_runtime(await service_db("intake"), nats_url, ward)
    reporting = await reporting_runtime(
        await service_db("reporting"), nats_url, ward, failing(ValueError("no such unit"))
    )
    async with running(reporting, intake):
        await receive_tips(intake, ward, 1)
        await eventually(lambda: _equals(dead_letter_count(reporting), 1))
        [letter] = await reporting.dead_letters.list(consumer=reporting.settings.durable_name("intake"))
        assert letter.reason == "cannot be applied: ValueError: no such unit"  # on delivery

        with pytest.raises(PermanentEventError, match=r"^cannot be applied: ValueError: no such unit$"):
            await replay_dead_letter(reporting.consumer, reporting.subscriptions, letter.seq)
        assert await dead_letter_count(reporting) == 1

        transient = {s.name: s for s in failing(ConnectionError("database gone"))(reporting)}
        with pytest.raises(ConnectionError):  # worth trying again later: not called permanent
            await replay_dead_letter(reporting.consumer, transient, letter.seq)
        assert await dead_letter_count(reporting) == 1


async def _equals(value: Any, expected: Any) -> bool:
    return bool(await value == expected)
