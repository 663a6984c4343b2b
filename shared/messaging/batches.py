"""Helpers of the consumer: the inbox claim of a batch, a batch applier made of per-event handlers, the
batch fetch loop, consumer spans of a batch, and the heartbeat that keeps deliveries from being
redelivered while they are applied."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import asyncpg
from nats.aio.msg import Msg
from nats.errors import Error as NatsError
from opentelemetry import propagate, trace
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db import INBOX
from shared.messaging.envelope import IncomingEnvelope
from shared.uow import UnitOfWork

log = logging.getLogger(__name__)

U = TypeVar("U", bound=UnitOfWork)
EventHandler = Callable[[U, Any, IncomingEnvelope], Awaitable[None]]
# Applies decoded events (each with a handler) in one transaction of the unit of work; returns how many.
BatchApplier = Callable[[U, str, Sequence[tuple[IncomingEnvelope, Any]]], Awaitable[int]]
# Built once; the row is its parameters. Core, not ORM: this runs for every delivered event.
INBOX_CLAIM = pg_insert(INBOX).on_conflict_do_nothing().returning(INBOX.c.event_id)
# The same on the driver (``UnitOfWork.on_driver``): one array per column, as text (cast here), so the
# driver introspects no type.
INBOX_CLAIM_ARRAYS = (
    f"INSERT INTO {INBOX.name} (consumer, event_id, stream, stream_seq) SELECT * FROM unnest("  # noqa: S608
    "$1::text[], $2::text[]::uuid[], $3::text[], $4::text[]::bigint[])"
    " ON CONFLICT DO NOTHING RETURNING event_id"
)
H = TypeVar("H", bound=Callable[..., Awaitable[None]])
_APPLIES_TO = "applies_to"


def only_when(test: Callable[[Any], bool]) -> Callable[[H], H]:
    """For a handler that has nothing to do with an event ``test`` refuses (a tip routed to another
    unit, a tip naming no establishment): such an event is acknowledged without a transaction or an
    inbox row, since applying it again would do nothing either. The handler itself is left as it is."""

    def mark(handler: H) -> H:
        setattr(handler, _APPLIES_TO, test)
        return handler

    return mark


def applies(handler: Callable[..., Any], body: Any) -> bool:
    """Whether ``handler`` has anything to do with ``body`` (see :func:`only_when`)."""
    test = getattr(handler, _APPLIES_TO, None)
    return test is None or bool(test(body))


async def claim(session: AsyncSession, consumer: str, envs: Sequence[IncomingEnvelope]) -> set[uuid.UUID]:
    """Claim the inbox rows of ``envs`` in one statement: the ids of the events not applied before."""
    rows = [
        {"consumer": consumer, "event_id": e.event_id, "stream": e.stream, "stream_seq": e.stream_seq}
        for e in envs
    ]
    return set((await session.execute(INBOX_CLAIM, rows)).scalars())


async def claim_on(db: asyncpg.Connection, consumer: str, envs: Sequence[IncomingEnvelope]) -> set[uuid.UUID]:
    """``claim`` on the driver, in the caller's transaction."""
    rows = await db.fetch(
        INBOX_CLAIM_ARRAYS,
        [consumer] * len(envs),
        [str(e.event_id) for e in envs],
        [e.stream for e in envs],
        [str(e.stream_seq) for e in envs],
    )
    return {row[0] for row in rows}


def one_transaction(handlers: Mapping[str, EventHandler[U]]) -> BatchApplier[U]:
    """A batch applier made of per-event handlers, for handlers that only write their own tables (an
    event a handler records would leave with no causal context of its own): the batch's inbox rows are
    claimed in one statement, each fresh event is handled once, in stream order, and one commit ends it.
    A batch whose handlers have nothing to do with any of its events (:func:`only_when`) opens none."""

    async def apply(uow: U, consumer: str, events: Sequence[tuple[IncomingEnvelope, Any]]) -> int:
        events = [(env, body) for env, body in events if applies(handlers[env.event_type], body)]
        if not events:
            return 0
        async with uow:
            fresh, applied = await claim(uow.session, consumer, [env for env, _ in events]), 0
            for env, body in events:
                if env.event_id in fresh:
                    fresh.discard(env.event_id)  # the same event twice in one batch: once
                    await handlers[env.event_type](uow, body, env)
                    applied += 1
            await uow.commit()
        return applied

    return apply


class OfBatch:  # one message of a fetched batch, acknowledged on its own
    def __init__(self, raw: Msg) -> None:
        self.raw_message = raw

    async def ack(self) -> None:
        await self.raw_message.ack()

    async def nack(self, delay: float | None = None) -> None:
        await self.raw_message.nak(delay=delay)

    async def reject(self) -> None:
        await self.raw_message.term()


class RawBatch:  # a batch subscriber's codec: the consumer decodes each message itself
    async def decode_batch(self, msg: Any) -> list[Any]:
        return list(msg.raw_message)

    async def encode_batch(self, msgs: Any, serializer: Any = None) -> list[tuple[bytes, str | None]]:
        raise NotImplementedError("a consumer's codec does not publish")


def pull_batches(
    subscriber: Any, size: int, linger: float, apply: Callable[[list[Msg]], Awaitable[None]]
) -> Callable[[], Awaitable[None]]:
    """Wait for a first message, take what else has arrived, then (``linger`` > 0) wait that long for
    the batch to fill, and ``apply`` it. (FastStream's own loop
    polls every ``linger`` when idle, and loses what it fetched when nats-py times out with asyncio's
    TimeoutError, not its own: those messages came again only after ack_wait.)

    ``apply`` is called here, not through FastStream's ``consume``: its dependency injection resolved
    the handler's two parameters in worker threads, two thread hand-offs for every batch. The
    subscriber's lock is held meanwhile, so a stopping subscriber still waits for the batch."""

    async def loop() -> None:
        while subscriber.running:
            try:
                msgs = await subscriber.subscription.fetch(batch=size, timeout=5.0)
            except TimeoutError:
                continue
            except NatsError:  # closed or JetStream unavailable: FastStream's loop goes on too
                await asyncio.sleep(0.5)
                continue
            until = time.monotonic() + linger
            while linger > 0 and len(msgs) < size and (left := until - time.monotonic()) > 0.005:
                try:
                    msgs += await subscriber.subscription.fetch(batch=size - len(msgs), timeout=left)
                except (TimeoutError, NatsError):
                    break
            if not subscriber.running:
                break
            with subscriber.lock:
                try:
                    await apply(msgs)
                except Exception:  # the consumer never raises; if it did, the messages come again
                    log.exception("a fetched batch was not applied", extra={"count": len(msgs)})

    return loop


@contextlib.contextmanager
def traced(provider: trace.TracerProvider | None, raws: Sequence[Msg]) -> Iterator[None]:
    """A consumer span for each event of a batch, in its producer's trace, when spans are recorded. An
    event applied alone has its span current, so the events its handler records continue the trace."""
    on = provider is not None and getattr(provider, "sampler", None) is not ALWAYS_OFF
    tracer, kind = trace.get_tracer(__name__, tracer_provider=provider), trace.SpanKind.CONSUMER
    spans = [
        tracer.start_span(f"{r.subject} process", context=propagate.extract(r.headers or {}), kind=kind)
        for r in (raws if on else ())
    ]
    try:
        with trace.use_span(spans[0], end_on_exit=False) if len(spans) == 1 else contextlib.nullcontext():
            yield
    finally:
        for span in spans:
            span.end()


@contextlib.asynccontextmanager
async def heartbeat(raws: Sequence[Msg], interval: float | None) -> AsyncIterator[None]:
    """While the block runs, tell JetStream every ``interval`` s that the deliveries not yet acknowledged
    are in progress (+WPI), so slow work is not redelivered when ack_wait runs out. One loop for all."""
    if not interval or not raws:
        yield
        return

    async def beat() -> None:
        while True:
            await asyncio.sleep(interval)
            for raw in raws:
                if raw._ackd:  # acked, nacked or terminated: nothing to keep alive
                    continue
                try:
                    await raw.in_progress()
                except Exception:  # the connection is down: the delivery comes again after ack_wait
                    log.debug("in-progress not sent", exc_info=True)

    task = asyncio.create_task(beat())
    try:
        yield
    finally:
        task.cancel()
        await asyncio.wait({task})
