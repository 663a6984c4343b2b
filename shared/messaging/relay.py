"""The outbox relay: publishes committed outbox rows to JetStream and marks them published."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
from nats.js import JetStreamContext
from sqlalchemy import delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from shared.contracts.catalog import stream_name
from shared.db import OutboxRecord
from shared.messaging.dlq import DeadLetters
from shared.messaging.envelope import MSG_ID

log = logging.getLogger(__name__)
CHANNEL = "pcmd_outbox"

Hook = Callable[[], Awaitable[None]]

# A batch that met a dropped connection runs again on the next; at worst every pooled connection was
# dropped (10 + 10 overflow in shared.db.make_engine), and each is found at its first statement.
DROPPED_CONNECTION_RETRIES = 20
# The relay's statements, in plain SQL for the driver (each is prepared once per connection). Arrays
# travel as text[], which asyncpg knows without asking: a bigint[] parameter would make it run its
# type-introspection query on every new connection, slowing that connection's first batch.
CLAIM = (
    "SELECT id, event_id, subject, payload, headers::text AS headers, attempts FROM outbox"
    " WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED"
)
# Pending rows minus those this transaction could claim: what another relay's open batch holds.
HELD_ELSEWHERE = (
    "SELECT (SELECT count(*) FROM outbox WHERE published_at IS NULL)"
    " - (SELECT count(*) FROM (SELECT 1 FROM outbox WHERE published_at IS NULL FOR UPDATE SKIP LOCKED) s)"
)
MARK = (
    "UPDATE outbox SET published_at = clock_timestamp(), stream_seq = acked.seq,"
    " attempts = outbox.attempts + 1"
    " FROM unnest($1::text[]::bigint[], $2::text[]::bigint[]) AS acked(id, seq) WHERE outbox.id = acked.id"
)
COUNT_FAILURES = (
    "UPDATE outbox SET attempts = attempts + 1,"
    " published_at = CASE WHEN id = ANY($2::text[]::bigint[]) THEN clock_timestamp() END"
    " WHERE id = ANY($1::text[]::bigint[])"
)


class OutboxRelay:
    """Claims pending rows with ``FOR UPDATE SKIP LOCKED``, publishes them with ``Nats-Msg-Id`` = event id,
    waits for every PubAck, then marks the rows published in the same transaction.

    A crash before the mark leaves the rows pending: they are published again and JetStream's
    de-duplication window drops the copy (the consumers' inbox covers anything older).
    """

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        js: JetStreamContext,
        *,
        listen_dsn: str,
        batch_size: int = 200,
        poll_interval: float = 1.0,
        ack_timeout: float = 10.0,
        retention: dt.timedelta = dt.timedelta(hours=24),
        after_publish: Hook | None = None,
        dead_letters: DeadLetters | None = None,
        quarantine_after: int = 5,
    ) -> None:
        self._sf = session_factory
        engine = session_factory.kw.get("bind")
        if not isinstance(engine, AsyncEngine):
            raise TypeError("the relay needs a session factory bound to an engine")
        self._engine = engine
        self._js = js
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.ack_timeout = ack_timeout
        self.retention = retention
        self.after_publish = after_publish  # fault-injection point for tests
        self._wake = asyncio.Event()
        self._listener = _Listener(listen_dsn, self._wake)
        self.dead_letters = dead_letters  # where a row that can never be published goes
        self.quarantine_after = quarantine_after
        self.published_total = 0
        self.quarantined_total = 0

    async def relay_batch(self) -> int:
        """Publish up to one batch; returns how many rows were published.

        Four round trips to PostgreSQL whatever the batch size (begin, claim, mark, commit), on the
        pool's connection spoken to directly (statements prepared once per connection); the PubAcks
        of the whole batch are awaited together. A row that fails while JetStream answers is the
        row's own fault (a subject no stream takes, a payload over the limit): its ``attempts`` grow,
        and at ``quarantine_after`` it goes to the dead-letter stream with the reason and leaves the
        queue, so it never holds up the rows behind it. When JetStream does not answer, nothing is
        counted against the rows: they wait.
        """
        for attempt in range(1, DROPPED_CONNECTION_RETRIES + 2):
            async with self._engine.connect() as conn:
                db = await _driver(conn)
                try:
                    published, failed = await self._relay_in_transaction(db)
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
        self.published_total += published
        if failed is not None:
            raise failed  # JetStream did not answer: the batch waits, with backoff
        return published

    async def _relay_in_transaction(self, db: asyncpg.Connection) -> tuple[int, BaseException | None]:
        async with db.transaction():
            rows = await db.fetch(CLAIM, self.batch_size)
            if not rows:
                return 0, None
            outcomes = await self._publish_all(rows)
            if self.after_publish is not None:
                await self.after_publish()
            acked = [(r, o) for r, o in zip(rows, outcomes, strict=True) if not isinstance(o, BaseException)]
            failed = [(r, o) for r, o in zip(rows, outcomes, strict=True) if isinstance(o, BaseException)]
            if acked:
                await db.execute(MARK, [str(r["id"]) for r, _ in acked], [str(ack.seq) for _, ack in acked])
            if failed and await self._jetstream_answers():
                await self._count_failures(db, failed)
                failed = []
        return len(acked), (failed[0][1] if failed and not acked else None)

    async def _publish_all(self, rows: list[asyncpg.Record]) -> list[Any]:
        """Each row's PubAck, or the exception its publish raised (a bad subject raises at once).

        Every message is written before any PubAck is awaited, in the rows' order on one connection,
        so JetStream stores a subject's events in outbox order; the acks are then awaited together.
        """
        futures: list[asyncio.Future[Any]] = []
        for r in rows:
            headers = json.loads(r["headers"])
            headers.setdefault(MSG_ID, str(r["event_id"]))  # JetStream drops a re-published copy
            try:
                futures.append(await self._js.publish_async(r["subject"], r["payload"], headers=headers))
            except Exception as exc:
                failed: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
                failed.set_exception(exc)
                futures.append(failed)
        done, pending = await asyncio.wait(futures, timeout=self.ack_timeout) if futures else (set(), set())
        for f in pending:
            f.cancel()
        return [
            (f.exception() or f.result()) if f in done else TimeoutError("no PubAck in time") for f in futures
        ]

    async def _jetstream_answers(self) -> bool:
        """Whether JetStream is up for this service: its dead-letter stream answers, and so does its
        event stream (in a cluster, a stream whose leader was lost with a node does not, for a while:
        its rows wait for the new leader instead of being blamed and quarantined)."""
        if self.dead_letters is None:
            return False
        try:
            await self._js.stream_info(self.dead_letters.stream)
            await self._js.stream_info(stream_name(self.dead_letters.service))
        except Exception:
            return False
        return True

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
            log.error(
                "outbox row quarantined to the dead-letter stream",
                extra={"event_id": str(row["event_id"]), "reason": reason},
            )
            quarantined.append(str(row["id"]))
        # A quarantined row leaves the queue: published, without a stream sequence (it is a dead letter).
        await db.execute(COUNT_FAILURES, [str(row["id"]) for row, _ in failed], quarantined)
        self.quarantined_total += len(quarantined)

    async def purge(self) -> int:
        """Delete rows published longer ago than the retention."""
        cutoff = dt.datetime.now(dt.UTC) - self.retention
        async with self._sf() as session, session.begin():
            result = await session.execute(
                delete(OutboxRecord).where(OutboxRecord.published_at < cutoff).returning(OutboxRecord.id)
            )
            return len(result.all())

    async def backlog(self) -> int:
        async with self._sf() as session:
            count = await session.scalar(
                select(func.count()).select_from(OutboxRecord).where(OutboxRecord.published_at.is_(None))
            )
            return int(count or 0)

    async def drain(self, wait_for_others: float = 10.0) -> None:
        """Publish everything pending now (used on shutdown and by tests).

        Rows another relay of this service is publishing at this moment are skipped by the claim
        (``SKIP LOCKED``); the drain waits for that relay's batch to commit, up to ``wait_for_others``
        seconds, so "drained" means nothing pending is left in flight. Rows that failed in this drain
        are not retried here (their attempts count once per batch, as in the relay's loop).
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait_for_others
        while True:
            while await self.relay_batch() == self.batch_size:
                pass
            if not await self._held_elsewhere() or loop.time() >= deadline:
                return
            await asyncio.sleep(0.02)

    async def _held_elsewhere(self) -> bool:
        """Unpublished rows exist that another transaction holds (its batch is not committed yet)."""
        async with self._sf() as session, session.begin():
            pending = await session.scalar(text(HELD_ELSEWHERE))
            return bool(pending)

    async def run(self, stop: asyncio.Event) -> None:
        """Relay until ``stop`` is set: woken by NOTIFY, polling as a fallback, retrying on failure.

        The LISTEN connection is watched on every turn, not only when a batch fails: after a
        PostgreSQL restart (or a cut connection) the batches may succeed again before the listener
        is back, and a relay that only re-listened on failure would stay in polling mode for good.
        """
        last_purge = 0.0
        failures = 0
        loop = asyncio.get_running_loop()
        try:
            while not stop.is_set():
                await self._listener.ensure(loop.time())
                self._wake.clear()  # clear before draining, so a NOTIFY during the drain is not lost
                try:
                    n = await self.relay_batch()
                    failures = 0
                except Exception:
                    failures += 1
                    log.exception("outbox relay batch failed", extra={"failures": failures})
                    n = 0
                    await _sleep_or_stop(stop, min(0.2 * 2**failures, 10.0))
                if loop.time() - last_purge > 300:
                    last_purge = loop.time()
                    await self._purge_quietly()
                if n < self.batch_size:
                    await _wait_any(self._wake, stop, self.poll_interval)
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


async def _driver(conn: AsyncConnection) -> asyncpg.Connection:
    """The asyncpg connection under a pooled SQLAlchemy one (no SQLAlchemy transaction is begun on it)."""
    raw = await conn.get_raw_connection()
    driver: asyncpg.Connection = raw.driver_connection
    return driver


class _Listener:
    """The relay's LISTEN connection: opened, watched and opened again (with backoff) when lost.

    A lost connection sets ``wake``, so the relay turns at once: it re-listens and, by draining,
    catches up with any NOTIFY sent while nobody listened.
    """

    def __init__(self, dsn: str, wake: asyncio.Event) -> None:
        self._dsn = dsn
        self._wake = wake
        self._conn: asyncpg.Connection | None = None
        self._failures = 0
        self._next_attempt = 0.0
        self._ever_opened = False

    @property
    def open(self) -> bool:
        return self._conn is not None and not self._conn.is_closed()

    async def ensure(self, now: float) -> None:
        if self.open or now < self._next_attempt:
            return
        try:
            conn = await asyncpg.connect(self._dsn, timeout=5)
            await conn.add_listener(CHANNEL, lambda *_: self._wake.set())
            conn.add_termination_listener(lambda *_: self._wake.set())
        except Exception:
            self._failures += 1
            self._next_attempt = now + min(0.5 * 2**self._failures, 30.0)
            if self._failures == 1:
                log.warning("outbox LISTEN unavailable, polling only until it is back", exc_info=True)
            return
        if self._ever_opened:
            log.info("outbox LISTEN re-established", extra={"attempts": self._failures + 1})
        self._conn, self._failures, self._ever_opened = conn, 0, True

    async def close(self) -> None:
        if self._conn is not None and not self._conn.is_closed():
            await self._conn.close()
        self._conn = None


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def _wait_any(wake: asyncio.Event, stop: asyncio.Event, timeout: float) -> None:
    waits = [asyncio.ensure_future(wake.wait()), asyncio.ensure_future(stop.wait())]
    try:
        await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for w in waits:
            w.cancel()
