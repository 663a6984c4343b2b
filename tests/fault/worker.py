"""A process that dies for real at a chosen point (``os._exit``: no cleanup, no commit, no ack).

python -m tests.fault.worker relay-crash  <intake-db> <nats-url> <ward>
python -m tests.fault.worker consumer-crash <reporting-db> <nats-url> <ward>
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

from services.reporting.handlers.projections import handlers_for
from services.reporting.settings import ReportingSettings
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake_ev
from shared.messaging.consumer import Subscription
from shared.messaging.envelope import IncomingEnvelope
from shared.runtime import Runtime
from tests.integration.harness import intake_runtime, settings_for, start_runtime

CRASH = 137


async def relay_crash(db: str, nats_url: str, ward: str) -> None:
    rt = await intake_runtime(db, nats_url, ward, run_relay=False)

    async def die() -> None:
        os._exit(CRASH)  # after every PubAck, before the rows are marked and committed

    rt.relay.after_publish = die
    await rt.relay.relay_batch()
    raise SystemExit("the relay found nothing to publish")


async def consumer_crash(db: str, nats_url: str, ward: str) -> None:
    async def die_before_commit(uow: Any, event: Any, env: IncomingEnvelope) -> None:
        await handlers_for("intake")[intake_ev.TipReceived.DESCRIPTOR.full_name](uow, event, env)
        await uow.session.flush()  # the effect is written in the open transaction...
        os._exit(CRASH)  # ...and the process dies before COMMIT and before the ack

    def subscriptions(rt: Runtime[Any, Any, Any]) -> tuple[Subscription[Any], ...]:
        return (
            Subscription(
                rt.settings.durable_name("intake"),
                "reporting",
                "intake",
                {**handlers_for("intake"), intake_ev.TipReceived.DESCRIPTOR.full_name: die_before_commit},
                rt.uow,
                rt.settings.consume_subject("intake"),
            ),
        )

    settings = settings_for(
        ReportingSettings, database_url=db, nats_url=nats_url, ward=ward, consumer_ack_wait=2.0
    )
    await start_runtime(settings, subscriptions)
    await asyncio.sleep(60)
    raise SystemExit("no event arrived")


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    asyncio.run({"relay-crash": relay_crash, "consumer-crash": consumer_crash}[mode](*args))
