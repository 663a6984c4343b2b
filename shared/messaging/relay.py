"""The outbox relay: publishes committed outbox rows to JetStream and marks them published."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, cast

import asyncpg
from nats.js import JetStreamContext
from nats.js.errors import APIError, NoStreamResponseError
from sqlalchemy import delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from shared.contracts.catalog import stream_name
from shared.db import OutboxRecord
from shared.messaging.dlq import DeadLetters
from shared.messaging.envelope import MSG_ID
from shared.messaging.pubacks import PubAcks
from shared.messaging.wake import Listener, relay_of

log = logging.getLogger(__name__)

Hook = Callable[[], Awaitable[None]]
Claimed = asyncio.Future[int] | None  # gets a batch's claimed count once its messages are written

# A batch that met a dropped connection runs again on the next; at worst every pooled connection was
# dropped (10 + 10 overflow in shared.db.make_engine), and each is found at its first statement.
DROPPED_CONNECTION_RETRIES = 20
# Plain SQL for the driver (prepared once per connection). Arrays travel as text[] or literals, never
# as a bigint[] parameter, which would make asyncpg introspect the type on every new connection.
CLAIM = (
    "SELECT id, event_id, subject, payload, headers::text AS headers, attempts FROM outbox"
    " WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED"
)
# Pending rows minus those this transaction could claim: what another relay's open batch holds.
HELD_ELSEWHERE = (
    "SELECT (SELECT count(*) FROM outbox WHERE published_at IS NULL)"
    " - (SELECT count(*) FROM (SELECT 1 FROM outbox WHERE published_at IS NULL FOR UPDATE SKIP LOCKED) s)"
)
# A batch's commit does not wait for the disk: a mark lost in a PostgreSQL crash only publishes its
# rows again, and JetStream drops the copies by Nats-Msg-Id (as after a crash before the mark).
BEGIN = "BEGIN; SET LOCAL synchronous_commit TO off"
MARK_AND_COMMIT = (  # one round trip (a simple query): the arrays are integers formatted by the relay
    "UPDATE outbox SET published_at = clock_timestamp(), stream_seq = acked.seq, attempts = outbox.attempts"
    " + 1 FROM unnest('{{{ids}}}'::bigint[], '{{{seqs}}}'::bigint[]) AS acked(id, seq)"
    " WHERE outbox.id = acked.id; COMMIT"
)
COUNT_FAILURES = (
    "UPDATE outbox SET attempts = attempts + 1,"
    " published_at = CASE WHEN id = ANY($2::text[]::bigint[]) THEN clock_timestamp() END"
    " WHERE id = ANY($1::text[]::bigint[])"
)


class OutboxRelay:
    """Claims pending rows with ``FOR UPDATE SKIP LOCKED``, publishes them with ``Nats-Msg-Id`` = event id,
    waits for every PubAck, then marks the rows published in the same transaction. A crash before the
    mark leaves them pending: published again, JetStream's de-duplication window drops the copy.

    Woken by the writers of its own process (``outbox_written``), by NOTIFY from any other, and by its
    poll interval should both be missed; once woken, it lingers ``linger`` seconds before it claims."""

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        js: JetStreamContext,
        *,
        listen_dsn: str,
        batch_size: int = 200,
        poll_interval: float = 1.0,
        linger: float = 0.0,
        ack_timeout: float = 10.0,
        retention: dt.timedelta = dt.timedelta(hours=24),
        after_publish: Hook | None = None,
        dead_letters: DeadLetters | None = None,
        # A row at fault is tried again on the next turn (at the latest after the poll interval, 1 s),
        # and goes to the dead letters at its 5th failed turn.
        quarantine_after: int = 5,
    ) -> None:
        self._sf = session_factory
        engine = session_factory.kw.get("bind")
        if not isinstance(engine, AsyncEngine):
            raise TypeError("the relay needs a session factory bound to an engine")
        self._engine = engine
        self._js, self._acks = js, PubAcks(js)
        self.batch_size, self.poll_interval, self.ack_timeout = batch_size, poll_interval, ack_timeout
        self.linger = linger  # after a wake, before the claim (see ``run``)
        self.retention = retention
        self.after_publish = after_publish  # fault-injection point for tests
        self._wake = asyncio.Event()
        relay_of(engine, self._wake)
        self._listener = Listener(listen_dsn, self._wake)
        self.dead_letters = dead_letters  # where a row that can never be published goes
        self.quarantine_after = quarantine_after
        self.published_total, self.quarantined_total = 0, 0

    async def relay_batch(self, *, written: Claimed = None) -> int:
        """Publish up to one batch; returns how many rows were published. Three round trips to
        PostgreSQL (begin, claim, mark with the commit) on the pooled connection's driver; the acks are
        awaited together. ``written`` gets the count claimed once the messages are all written (0 if
        the batch ends before). A row failing by its own fault (no stream takes its subject, it is too
        large) while JetStream answers: its ``attempts`` grow; at ``quarantine_after`` it goes to the
        dead letters. When JetStream does not answer, or its stream does not answer a subject it takes,
        nothing is counted against the rows: they wait (see ``_own_fault``)."""
        try:
            for attempt in range(1, DROPPED_CONNECTION_RETRIES + 2):
                async with self._engine.connect() as conn:
                    db = await _driver(conn)
                    try:
                        published, failed = await self._relay_in_transaction(db, written)
                        break
                    except BaseException as exc:
                        # Lost, or left mid-transaction by a cancellation: never hand it back to the pool.
                        if db.is_closed() or db.is_in_transaction():
                            await conn.invalidate()
                        # Connections are not pinged at checkout: one PostgreSQL dropped (a restart) fails
                        # the batch, which runs again at once on another (a re-publish is de-duplicated).
                        if (
                            not (isinstance(exc, Exception) and db.is_closed())
                            or attempt > DROPPED_CONNECTION_RETRIES
                        ):
                            raise
                        log.info("outbox relay: database connection lost; the batch runs again on a new one")
        finally:
            _settle(written, 0)
        self.published_total += published
        if failed is not None:
            raise failed  # JetStream did not answer: the batch waits, with backoff
        return published

    async def relay_batches(self) -> tuple[int, bool]:
        """Batches until one is not full: the rows published, and whether the last batch was full.

        Two overlap: the next is claimed (``SKIP LOCKED`` passes over the rows the previous one holds)
        once the previous one's messages are all written, so JetStream gets them in outbox order on the
        one connection; each batch marks and commits its own rows. A failure stops the run (raised
        once the batch after it is done)."""
        total, in_flight = 0, list[asyncio.Task[int]]()
        try:
            while True:
                written: asyncio.Future[int] = asyncio.get_running_loop().create_future()
                in_flight.append(asyncio.create_task(self.relay_batch(written=written)))
                claimed = await asyncio.shield(written)
                if len(in_flight) > 1:
                    n = await in_flight.pop(0)
                    total += n
                    if n < self.batch_size:
                        break  # a row failed (it waits for the next turn) or the queue ran dry
                if claimed < self.batch_size:
                    break
            n = await in_flight.pop(0)
            return total + n, n == self.batch_size
        except BaseException as exc:  # a batch may still run: it ends first (cancelled with the run)
            _ = [task.cancel() for task in in_flight if isinstance(exc, asyncio.CancelledError)]
            await asyncio.gather(*in_flight, return_exceptions=True)
            raise

    async def _relay_in_transaction(self, db: asyncpg.Connection, written: Claimed) -> tuple[int, Any]:
        await db.execute(BEGIN)
        try:
            rows = await db.fetch(CLAIM, self.batch_size)
            outcomes = await self._publish_all(rows, written) if rows else []
            if self.after_publish is not None and rows:
                await self.after_publish()
            acked = [(r, o) for r, o in zip(rows, outcomes, strict=True) if not isinstance(o, BaseException)]
            failed = [(r, o) for r, o in zip(rows, outcomes, strict=True) if isinstance(o, BaseException)]
            if failed and (subjects := await self._jetstream_answers()) is not None:
                blamed, waiting = list[tuple[Any, Any]](), list[tuple[Any, Any]]()
                for r, o in failed:
                    (blamed if _own_fault(r["subject"], o, subjects) else waiting).append((r, o))
                if blamed:
                    await self._count_failures(db, blamed)
                failed = waiting  # not their fault: they wait, unblamed
            if acked:
                ids, seqs = ",".join(str(int(r["id"])) for r, _ in acked), ",".join(str(s) for _, s in acked)
                await db.execute(MARK_AND_COMMIT.format(ids=ids, seqs=seqs))
            else:
                await db.execute("COMMIT")
        except Exception:
            if not db.is_closed() and db.is_in_transaction():
                with contextlib.suppress(Exception):
                    await db.execute("ROLLBACK")
            raise
        return len(acked), (failed[0][1] if failed and not acked else None)

    async def _publish_all(self, rows: list[asyncpg.Record], written: Claimed) -> list[Any]:
        """Each row's stream sequence or the exception its publish raised (a bad subject raises at once).
        Every message is written, in the rows' order on one connection (JetStream stores a subject's
        events in outbox order), before the acks are awaited together."""
        batch = await self._acks.batch(len(rows))
        nc = self._acks.nc
        try:
            for i, r in enumerate(rows):
                headers = json.loads(r["headers"])
                headers.setdefault(MSG_ID, str(r["event_id"]))  # JetStream drops a re-published copy
                try:
                    await nc.publish(r["subject"], r["payload"], reply=f"{batch.reply}{i}", headers=headers)
                except Exception as exc:
                    batch.settle(i, exc)
            _settle(written, len(rows))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(batch.done), self.ack_timeout)
        finally:
            self._acks.forget(batch)
        return [TimeoutError("no PubAck in time") if o is None else o for o in batch.outcomes]

    async def _jetstream_answers(self) -> list[str] | None:
        """The subjects the service's event stream takes, if it and the dead-letter stream answer
        (in a cluster, a stream whose leader died with its node does not for a while: its rows wait for
        the new leader, unblamed); None if either does not."""
        if self.dead_letters is None:
            return None
        try:
            await self._js.stream_info(self.dead_letters.stream)
            info = await self._js.stream_info(stream_name(self.dead_letters.service))
        except Exception:
            return None
        return list(info.config.subjects or [])

    async def _count_failures(self, db: asyncpg.Connection, failed: list[Any]) -> None:
        """One more attempt for each failed row; those at the limit go to the dead-letter stream."""
        assert self.dead_letters is not None
        quarantined = []
        for row, exc in failed:
            if row["attempts"] + 1 < self.quarantine_after:
                continue
            reason = f"outbox row cannot be published: {type(exc).__name__}: {exc}"
            headers = json.loads(row["headers"])
            await self.dead_letters.quarantine(row["subject"], row["payload"], headers, reason)
            extra = {"event_id": str(row["event_id"]), "reason": reason}
            log.error("outbox row quarantined to the dead-letter stream", extra=extra)
            quarantined.append(str(row["id"]))
        # A quarantined row leaves the queue: published, without a stream sequence (it is a dead letter).
        await db.execute(COUNT_FAILURES, [str(row["id"]) for row, _ in failed], quarantined)
        self.quarantined_total += len(quarantined)

    async def purge(self) -> int:
        """Delete rows published longer ago than the retention."""
        cutoff = dt.datetime.now(dt.UTC) - self.retention
        async with self._sf() as session, session.begin():
            purged = delete(OutboxRecord).where(OutboxRecord.published_at < cutoff)
            return len((await session.execute(purged.returning(OutboxRecord.id))).all())

    async def backlog(self) -> int:
        pending = select(func.count()).select_from(OutboxRecord).where(OutboxRecord.published_at.is_(None))
        async with self._sf() as session:
            return int(await session.scalar(pending) or 0)

    async def drain(self, wait_for_others: float = 10.0) -> None:
        """Publish everything pending now (on shutdown, in tests). Rows another relay is publishing are
        skipped by the claim: the drain waits up to ``wait_for_others`` s for its batch to commit, so
        "drained" means nothing pending in flight. A row that failed is not retried in the drain."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait_for_others
        while True:
            while (await self.relay_batches())[1]:
                pass
            if not await self._held_elsewhere() or loop.time() >= deadline:
                return
            await asyncio.sleep(0.02)

    async def _held_elsewhere(self) -> bool:
        """Unpublished rows exist that another transaction holds (its batch is not committed yet)."""
        async with self._sf() as session, session.begin():
            return bool(await session.scalar(text(HELD_ELSEWHERE)))

    async def run(self, stop: asyncio.Event) -> None:
        """Relay until ``stop`` is set: woken by NOTIFY, polling as a fallback, retrying on failure.
        The LISTEN connection is watched on every turn (after a PostgreSQL restart the batches may
        succeed before it is back: re-listening only on failure would leave the relay polling)."""
        last_purge = 0.0
        failures = 0
        loop = asyncio.get_running_loop()
        try:
            while not stop.is_set():
                await self._listener.ensure(loop.time())
                self._wake.clear()  # clear before draining, so a NOTIFY during the drain is not lost
                try:
                    _, more = await self.relay_batches()
                    failures = 0
                except Exception:
                    failures += 1
                    log.exception("outbox relay batch failed", extra={"failures": failures})
                    more = False
                    await _sleep_or_stop(stop, min(0.2 * 2**failures, 10.0))
                if loop.time() - last_purge > 300:
                    last_purge = loop.time()
                    await self._purge_quietly()
                if not more:
                    await _wait_any(self._wake, stop, self.poll_interval)
                    if self.linger and self._wake.is_set() and not stop.is_set():
                        # Woken by a writer: the rows committed meanwhile join this batch. At 250 tips/s
                        # 3 ms took every process's CPU per tip from 6.4–6.7 to 5.9–6.1 ms (fewer relay
                        # turns, pull requests and consumer batches), the end-to-end time no worse.
                        await _sleep_or_stop(stop, self.linger)
        finally:
            await self._listener.close()

    @property
    def listening(self) -> bool:
        """Whether a LISTEN connection is open (else the relay is polling only)."""
        return self._listener.open

    async def _purge_quietly(self) -> None:
        try:
            await self.purge()
        except Exception:
            log.exception("outbox purge failed")


def _own_fault(subject: str, exc: BaseException, subjects: list[str]) -> bool:
    """Whether a row's failed publish is the row's own fault, to be counted against it. No answer
    (no responders, no PubAck in time, JetStream unavailable) for a subject the stream takes is the
    cluster's: after a node dies, its stream may answer ``STREAM.INFO`` through the new leader before
    publishes reach it. The same for a subject no stream takes is the row's, as is anything refused
    (too large, a bad subject)."""
    unanswered = isinstance(exc, NoStreamResponseError | TimeoutError) or (
        isinstance(exc, APIError) and exc.code == 503
    )
    return not unanswered or not any(_matches(subject, pattern) for pattern in subjects)


def _matches(subject: str, pattern: str) -> bool:
    """NATS subject matching: ``*`` is one token, a final ``>`` one or more."""
    tokens, wanted = subject.split("."), pattern.split(".")
    for i, want in enumerate(wanted):
        if want == ">":
            return len(tokens) > i
        if i >= len(tokens) or (want != "*" and want != tokens[i]):
            return False
    return len(tokens) == len(wanted)


def _settle(written: Claimed, claimed: int) -> None:
    if written is not None and not written.done():
        written.set_result(claimed)


async def _driver(conn: AsyncConnection) -> asyncpg.Connection:
    """The asyncpg connection under a pooled SQLAlchemy one (no SQLAlchemy transaction is begun on it)."""
    return cast(asyncpg.Connection, (await conn.get_raw_connection()).driver_connection)


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def _wait_any(wake: asyncio.Event, stop: asyncio.Event, timeout: float) -> None:
    waits = [asyncio.ensure_future(wake.wait()), asyncio.ensure_future(stop.wait())]
    try:
        await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        _ = [w.cancel() for w in waits]
