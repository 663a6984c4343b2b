"""Outbox → relay → JetStream → inbox → read model, against a real PostgreSQL and NATS server."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from services.intake.domain import Channel, SubjectType, TipKind
from services.intake.handlers import tips as intake_handlers
from services.intake.handlers.commands import ReceiveTip
from services.reporting.handlers import read_models
from services.reporting.handlers.projections import handlers_for
from services.reporting.repository.facts import TipFact
from shared.auth import Principal
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake_ev
from shared.db import OutboxRecord
from shared.messaging.consumer import PermanentEventError, Subscription, replay_dead_letter
from shared.messaging.envelope import IncomingEnvelope, envelope
from shared.runtime import Runtime
from shared.uow import UnitOfWork
from tests.integration.harness import (
    eventually,
    inbox_count,
    intake_runtime,
    reporting_runtime,
    stream_count,
)

TIP_RECEIVED = intake_ev.TipReceived.DESCRIPTOR.full_name


def officer(ward: str) -> Principal:
    return Principal(sub="officer-1", ward=ward, unit="ca", roles=frozenset({"officer"}))


async def receive_tips(rt: Runtime, ward: str, n: int, concurrency: int = 10) -> None:
    cmd = ReceiveTip(TipKind.DENUNCIATION, Channel.HOTLINE, SubjectType.PLACE, "tdp-1")
    sem = asyncio.Semaphore(concurrency)

    async def one() -> None:
        async with sem:
            await intake_handlers.receive_tip(rt.uow(), rt.deps, cmd, officer(ward), None)

    await asyncio.gather(*(one() for _ in range(n)))


async def fact_count(rt: Runtime, ward: str) -> int:
    async with rt.session_factory() as s:
        return int(await s.scalar(select(func.count()).select_from(TipFact).where(TipFact.ward == ward)) or 0)


async def dead_letter_count(rt: Runtime) -> int:
    return await rt.dead_letters.count(consumer=rt.settings.durable_name("intake"))


async def pending_outbox(rt: Runtime) -> int:
    return await rt.relay.backlog()


@contextlib.asynccontextmanager
async def running(*runtimes: Runtime) -> AsyncIterator[None]:
    try:
        yield
    finally:
        for rt in runtimes:
            await rt.stop()


async def test_tip_travels_from_outbox_to_reporting_read_model(
    service_db: Any, nats_url: str, ward: str
) -> None:
    intake = await intake_runtime(await service_db("intake"), nats_url, ward)
    reporting = await reporting_runtime(await service_db("reporting"), nats_url, ward)
    async with running(reporting, intake):
        await receive_tips(intake, ward, 3)
        assert await eventually(lambda: _equals(fact_count(reporting, ward), 3))
        counts = await read_models.tip_counts(reporting.uow(), ward, None, None, reporting.deps.clock())
        assert counts["by_kind"] == {"denunciation": 3} and counts["received"] == 3 and counts["closed"] == 0
        assert await pending_outbox(intake) == 0


async def _equals(awaitable: Any, expected: int) -> bool:
    return bool(await awaitable == expected)


async def test_relay_crash_after_publish_before_mark_is_not_duplicated(
    service_db: Any, nats_url: str, ward: str
) -> None:
    intake = await intake_runtime(await service_db("intake"), nats_url, ward, run_relay=False)
    reporting = await reporting_runtime(await service_db("reporting"), nats_url, ward)
    subject = f"pcmd.{ward}.intake.tip.received"
    async with running(reporting, intake):
        await receive_tips(intake, ward, 1)

        async def crash() -> None:
            raise RuntimeError("relay process died after the PubAck, before marking the row")

        intake.relay.after_publish = crash
        with pytest.raises(RuntimeError, match="relay process died"):
            await intake.relay.relay_batch()
        assert await pending_outbox(intake) == 1, "the row must still be pending after the crash"
        assert await stream_count(intake, "intake", subject) == 1, "the first publish did reach the stream"

        intake.relay.after_publish = None
        assert await intake.relay.relay_batch() == 1
        assert await pending_outbox(intake) == 0
        assert await stream_count(intake, "intake", subject) == 1, "JetStream dropped the second copy"
        await eventually(lambda: _equals(fact_count(reporting, ward), 1))
        await asyncio.sleep(1.0)  # time for a duplicate to arrive, if there were one
        assert await inbox_count(reporting) == 1


async def test_republished_event_outside_dedup_window_is_applied_once(
    service_db: Any, nats_url: str, ward: str
) -> None:
    """Same event id, a different Nats-Msg-Id (as after a relay outage longer than the window)."""
    intake = await intake_runtime(await service_db("intake"), nats_url, ward, run_relay=False)
    reporting = await reporting_runtime(await service_db("reporting"), nats_url, ward)
    async with running(reporting, intake):
        await receive_tips(intake, ward, 1)
        await intake.relay.relay_batch()
        async with intake.session_factory() as s:
            row = (await s.execute(select(OutboxRecord))).scalar_one()
        headers = {**row.headers, "Nats-Msg-Id": f"{row.event_id}-again"}
        await intake.js.publish(row.subject, row.payload, headers=headers)
        subject = f"pcmd.{ward}.intake.tip.received"
        assert await stream_count(intake, "intake", subject) == 2, "the stream holds both copies"
        await eventually(lambda: _equals(inbox_count(reporting), 1))
        await asyncio.sleep(1.0)
        assert await fact_count(reporting, ward) == 1
        assert await inbox_count(reporting) == 1


def flaky_subscriptions(
    failures: dict[str, int], fail_times: int
) -> Callable[[Runtime], tuple[Subscription, ...]]:
    """Reporting's tip consumer, failing ``fail_times`` times after writing its effect, before commit."""

    async def handler(uow: UnitOfWork, event: Any, env: IncomingEnvelope) -> None:
        await handlers_for("intake")[intake_ev.TipReceived.DESCRIPTOR.full_name](uow, event, env)
        if failures["n"] < fail_times:
            failures["n"] += 1
            raise ConnectionError("consumer crashed before commit")

    def subscriptions(rt: Runtime) -> tuple[Subscription, ...]:
        return (
            Subscription(
                rt.settings.durable_name("intake"),
                "reporting",
                "intake",
                {**handlers_for("intake"), TIP_RECEIVED: handler},
                rt.uow,
                rt.settings.consume_subject("intake"),
            ),
        )

    return subscriptions


async def test_consumer_crash_before_commit_is_redelivered_and_applied_once(
    service_db: Any, nats_url: str, ward: str
) -> None:
    failures = {"n": 0}
    intake = await intake_runtime(await service_db("intake"), nats_url, ward)
    reporting = await reporting_runtime(
        await service_db("reporting"), nats_url, ward, flaky_subscriptions(failures, fail_times=2)
    )
    async with running(reporting, intake):
        await receive_tips(intake, ward, 1)
        await eventually(lambda: _equals(fact_count(reporting, ward), 1), timeout=30)
        assert failures["n"] == 2, "the event was delivered three times"
        await asyncio.sleep(1.0)
        assert await inbox_count(reporting) == 1
        assert await dead_letter_count(reporting) == 0


async def test_poison_events_go_to_dead_letters_and_the_consumer_keeps_going(
    service_db: Any, nats_url: str, ward: str
) -> None:
    intake = await intake_runtime(await service_db("intake"), nats_url, ward)
    reporting = await reporting_runtime(await service_db("reporting"), nats_url, ward)
    subject = f"pcmd.{ward}.intake.tip.received"
    async with running(reporting, intake):
        good = envelope(
            intake_ev.TipReceived(tip_id=str(uuid.uuid4()), ward=ward), service="intake", ward=ward
        )
        await intake.js.publish(
            subject, b"\xff\xfe not protobuf", headers={**good.headers, "Nats-Msg-Id": "bad-1"}
        )
        await intake.js.publish(subject, b"", headers={"Nats-Msg-Id": "bad-2", "content-type": "text/plain"})
        await receive_tips(intake, ward, 2)
        await eventually(lambda: _equals(fact_count(reporting, ward), 2))
        await eventually(lambda: _equals(dead_letter_count(reporting), 2))
        letters = await reporting.dead_letters.list(consumer=reporting.settings.durable_name("intake"))
        reasons = sorted(d.reason for d in letters)
        assert any("not a valid pcmd.intake.v1.TipReceived" in r for r in reasons), reasons
        assert any("bad envelope" in r for r in reasons), reasons
        assert {d.consumer for d in letters} == {reporting.settings.durable_name("intake")}


async def test_failing_event_is_dead_lettered_after_max_deliveries_then_replayed(
    service_db: Any, nats_url: str, ward: str
) -> None:
    failures = {"n": 0}
    intake = await intake_runtime(await service_db("intake"), nats_url, ward)
    reporting = await reporting_runtime(
        await service_db("reporting"),
        nats_url,
        ward,
        flaky_subscriptions(failures, fail_times=10**6),
        consumer_max_deliver=2,
    )
    async with running(reporting, intake):
        await receive_tips(intake, ward, 1)
        await eventually(lambda: _equals(dead_letter_count(reporting), 1), timeout=30)
        assert failures["n"] == 2
        assert await fact_count(reporting, ward) == 0
        [letter] = await reporting.dead_letters.list(consumer=reporting.settings.durable_name("intake"))
        assert "max deliveries (2) reached" in letter.reason

        failures["n"] = 10**7  # the "fix": the handler no longer fails
        handler_fixed = flaky_subscriptions({"n": 1}, fail_times=0)(reporting)
        assert await replay_dead_letter(reporting.consumer, {s.name: s for s in handler_fixed}, letter.seq)
        assert await fact_count(reporting, ward) == 1
        assert await dead_letter_count(reporting) == 0


async def test_permanent_error_is_dead_lettered_at_once(service_db: Any, nats_url: str, ward: str) -> None:
    calls = {"n": 0}

    async def reject(uow: UnitOfWork, event: Any, env: IncomingEnvelope) -> None:
        calls["n"] += 1
        raise PermanentEventError("tip id is not a UUID")

    def subscriptions(rt: Runtime) -> tuple[Subscription, ...]:
        return (
            Subscription(
                rt.settings.durable_name("intake"),
                "reporting",
                "intake",
                {**handlers_for("intake"), TIP_RECEIVED: reject},
                rt.uow,
                rt.settings.consume_subject("intake"),
            ),
        )

    intake = await intake_runtime(await service_db("intake"), nats_url, ward)
    reporting = await reporting_runtime(await service_db("reporting"), nats_url, ward, subscriptions)
    async with running(reporting, intake):
        await receive_tips(intake, ward, 1)
        await eventually(lambda: _equals(dead_letter_count(reporting), 1))
        assert calls["n"] == 1
        [letter] = await reporting.dead_letters.list(consumer=reporting.settings.durable_name("intake"))
        assert letter.reason == "rejected: tip id is not a UUID"


async def test_burst_of_1000_events_arrives_complete_and_none_twice(
    service_db: Any, nats_url: str, ward: str
) -> None:
    """Two relays race over the same outbox (SKIP LOCKED); the read model ends with exactly 1,000."""
    intake_db = await service_db("intake")
    intake = await intake_runtime(intake_db, nats_url, ward)
    second_relay = await intake_runtime(intake_db, nats_url, ward)  # a second replica of intake
    reporting = await reporting_runtime(await service_db("reporting"), nats_url, ward)
    subject = f"pcmd.{ward}.intake.tip.received"
    async with running(reporting, second_relay, intake):
        await receive_tips(intake, ward, 1000, concurrency=20)
        await eventually(lambda: _equals(fact_count(reporting, ward), 1000), timeout=120)
        await asyncio.sleep(1.0)
        assert await inbox_count(reporting) == 1000
        assert await stream_count(intake, "intake", subject) == 1000
        assert await pending_outbox(intake) == 0
        assert intake.relay.published_total + second_relay.relay.published_total == 1000


async def test_events_that_can_never_apply_are_dead_lettered_on_their_first_delivery(
    service_db: Any, nats_url: str, ward: str
) -> None:
    """A tip id that is not a UUID, an empty body: no retries (a body of another type that happens to
    decode as this one cannot be told apart by protobuf; one that does not decode is Undecodable)."""
    intake = await intake_runtime(await service_db("intake"), nats_url, ward)
    reporting = await reporting_runtime(await service_db("reporting"), nats_url, ward)
    subject = f"pcmd.{ward}.intake.tip.received"
    bad = [
        intake_ev.TipReceived(tip_id="not-a-uuid", ward=ward).SerializeToString(),
        b"",
    ]
    async with running(reporting, intake):
        for body in bad:  # each with an envelope of its own (its own event id)
            headers = envelope(intake_ev.TipReceived(ward=ward), service="intake", ward=ward).headers
            await intake.js.publish(subject, body, headers=headers)
        await receive_tips(intake, ward, 1)
        await eventually(lambda: _equals(dead_letter_count(reporting), len(bad)))
        letters = await reporting.dead_letters.list(consumer=reporting.settings.durable_name("intake"))
        assert all("max deliveries" not in d.reason for d in letters), [d.reason for d in letters]
        await eventually(lambda: _equals(fact_count(reporting, ward), 1))  # the good tip behind them
