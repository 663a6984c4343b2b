"""Helpers of the consumer: the batch fetch loop, consumer spans of a batch, and the heartbeat that keeps
deliveries from being redelivered while they are applied."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Any

from nats.aio.msg import Msg
from nats.errors import Error as NatsError
from opentelemetry import propagate, trace
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF

log = logging.getLogger(__name__)


def pull_batches(subscriber: Any, size: int, linger: float) -> Callable[[], Awaitable[None]]:
    """Wait for a first message, take what else has arrived, then (``linger`` > 0) wait that long for
    the batch to fill. (FastStream's own loop
    polls every ``linger`` when idle, and loses what it fetched when nats-py times out with asyncio's
    TimeoutError, not its own: those messages came again only after ack_wait.)"""

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
            await subscriber.consume(msgs)

    return loop


@contextlib.contextmanager
def traced(provider: trace.TracerProvider | None, raws: Sequence[Msg]) -> Iterator[None]:
    """A consumer span for each event of a batch, in its producer's trace, when spans are recorded."""
    on = provider is not None and getattr(provider, "sampler", None) is not ALWAYS_OFF
    tracer, kind = trace.get_tracer(__name__, tracer_provider=provider), trace.SpanKind.CONSUMER
    spans = [
        tracer.start_span(f"{r.subject} process", context=propagate.extract(r.headers or {}), kind=kind)
        for r in (raws if on else ())
    ]
    try:
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
