"""One service process's running parts (database, NATS, relay, consumers), started and stopped together."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from faststream.nats import NatsBroker
from nats.aio.client import Client as NatsClient
from nats.js import JetStreamContext
from opentelemetry.sdk.trace import TracerProvider
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared.auth import Authenticator
from shared.contracts.catalog import stream_name
from shared.crypto import FieldCipher
from shared.db import asyncpg_dsn, make_engine, make_session_factory, runs_as_owner
from shared.idempotency import forget_expired
from shared.messaging.broker import inbox_prefix, make_broker
from shared.messaging.consumer import EventConsumer, Subscription
from shared.messaging.dlq import RELAY, DeadLetters
from shared.messaging.relay import OutboxRelay
from shared.messaging.streams import declare_owned_streams, wait_for_stream
from shared.settings import ServiceSettings, migration_database_env_var
from shared.uow import UnitOfWork

log = logging.getLogger(__name__)
FORGET_KEYS_SECONDS = 300.0  # how often expired Idempotency-Keys are deleted

SettingsT = TypeVar("SettingsT", bound=ServiceSettings)
DepsT = TypeVar("DepsT")
UowT = TypeVar("UowT", bound=UnitOfWork)


@dataclass
class Runtime(Generic[SettingsT, DepsT, UowT]):
    """Built by the composition root at start-up; the API and consumers reach their parts through it.

    Typed by the service: its settings, the dependencies its use cases need (built once at start by
    ``build_deps``) and its unit of work (built by ``unit_of_work`` for every use case and event).
    """

    settings: SettingsT
    unit_of_work: Callable[[Runtime[SettingsT, DepsT, UowT]], UowT]
    build_deps: Callable[[Runtime[SettingsT, DepsT, UowT]], DepsT]
    tracer_provider: TracerProvider | None = None
    # This process runs the outbox relay (``launch``): its writers wake it, and send no NOTIFY.
    relays: bool = True
    engine: AsyncEngine = field(init=False)
    session_factory: async_sessionmaker[AsyncSession] = field(init=False)
    nc: NatsClient = field(init=False)
    js: JetStreamContext = field(init=False)
    broker: NatsBroker = field(init=False)
    relay: OutboxRelay = field(init=False)
    consumer: EventConsumer = field(init=False)
    dead_letters: DeadLetters = field(init=False)
    cipher: FieldCipher = field(init=False)
    authenticator: Authenticator = field(init=False)
    deps: DepsT = field(init=False)
    subscriptions: dict[str, Subscription[Any]] = field(default_factory=dict)
    consumers_ready: bool = False
    # How long start-up waits for NATS before it goes on without it (the outbox keeps the events).
    nats_start_wait: float = 5.0
    _streams_declared: asyncio.Event = field(default_factory=asyncio.Event)
    _nats_failures: int = 0
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _tasks: list[asyncio.Task[Any]] = field(default_factory=list)

    @property
    def service(self) -> str:
        return self.settings.service_name

    def uow(self) -> UowT:
        """A new unit of work of this service (one per use case or delivered event)."""
        return self.unit_of_work(self)

    async def connect(self) -> None:
        """Connections, streams and the parts built on them; nothing runs yet.

        PostgreSQL is all a write needs (the outbox holds the events), so NATS is connected and the
        own streams declared in the background, with retries: start-up waits ``nats_start_wait``
        seconds for it, then goes on without it. The relay and the consumers start once it is there.
        """
        s = self.settings
        self.cipher = FieldCipher.from_config(s.field_keys, s.field_key_id)
        # From the settings (token age and leeway included); its JWKS client closes at shutdown.
        self.authenticator = Authenticator.from_settings(s)
        self.engine = make_engine(s.database_url, relay_in_process=self.relays)
        self.session_factory = make_session_factory(self.engine)
        if s.env == "production":
            await self._refuse_owner_role()
        self.nc = NatsClient()  # connected in the background: writes need only PostgreSQL
        self.js = self.nc.jetstream()
        self.dead_letters = DeadLetters(self.js, service=self.service)
        self.consumer = EventConsumer(
            self.dead_letters,
            service=self.service,
            ward=s.ward,
            max_deliver=s.consumer_max_deliver,
            ack_wait=s.consumer_ack_wait,
            tracer_provider=self.tracer_provider,
        )
        self.relay = OutboxRelay(
            self.session_factory,
            self.js,
            listen_dsn=asyncpg_dsn(s.database_url),
            batch_size=s.relay_batch_size,
            poll_interval=s.relay_poll_interval,
            linger=s.relay_linger,
            retention=dt.timedelta(hours=s.outbox_retention_hours),
            dead_letters=self.dead_letters,  # a row JetStream refuses is quarantined, never blocking
        )
        self.broker = make_broker(s.nats_url, service=self.service, tracer_provider=self.tracer_provider)
        self.deps = self.build_deps(self)
        self._spawn(self._connect_nats(), "nats")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._streams_declared.wait(), self.nats_start_wait)
        if not self._streams_declared.is_set():
            log.warning(
                "NATS unreachable at start-up: taking writes, the outbox keeps the events until it is back"
            )

    async def _refuse_owner_role(self) -> None:
        """Production runs as a runtime role: one that owns the tables could rewrite the audit log."""
        try:
            owner = await runs_as_owner(self.engine)
        except Exception:  # unreachable now: readiness says so; the check runs at the next start
            log.warning("could not check the database role at start-up", exc_info=True)
            return
        if owner:
            raise RuntimeError(
                f"production: {self.settings.database_env_var()} connects as the owner of the tables; "
                f"give it a runtime role and the owner to {migration_database_env_var(self.service)} "
                "(deploy/postgres/init-databases.sh makes both)"
            )

    @property
    def publishing(self) -> bool:
        """Connected to NATS with this service's streams declared: the relay can publish."""
        return self._streams_declared.is_set() and self.nc.is_connected

    async def _connect_nats(self) -> None:
        """Connect (retrying for ever, as the client reconnects later), then declare the own streams."""
        s = self.settings
        await self.nc.connect(
            s.nats_servers,
            name=f"pcmd-{self.service}-relay",
            inbox_prefix=inbox_prefix(self.service),
            max_reconnect_attempts=-1,
            error_cb=self._nats_error,
        )
        log.info("NATS connected", extra={"attempts": self._nats_failures + 1})
        self._nats_failures = 0
        delay = 0.5
        while True:
            try:
                await declare_owned_streams(self.js, self.service, s.stream_replicas)
                break
            except Exception:
                log.warning("declaring the streams failed; retrying", exc_info=True)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)
        self._streams_declared.set()

    async def _nats_error(self, exc: Exception) -> None:
        """The client reports every failed attempt; the first of a run and one in thirty are logged."""
        self._nats_failures += 1
        if self._nats_failures % 30 == 1:
            log.warning("NATS: %s", exc or type(exc).__name__, extra={"failures": self._nats_failures})

    def launch(
        self,
        subscriptions: Callable[[Runtime[SettingsT, DepsT, UowT]], Sequence[Subscription[UowT]]],
        background: Sequence[
            Callable[[Runtime[SettingsT, DepsT, UowT], asyncio.Event], Awaitable[None]]
        ] = (),
    ) -> None:
        """Start the relay (if ``relays``), the consumers (once their streams exist) and the background
        tasks."""
        self.subscriptions = {sub.name: sub for sub in subscriptions(self)}
        if self.relays:
            self._spawn(self._relay(), "relay")
        self._spawn(self._start_consumers(), "consumers")
        self._spawn(self._forget_keys(), "idempotency")
        for task in background:
            self._spawn(task(self, self._stop), getattr(task, "__name__", "background"))

    def _spawn(self, coro: Awaitable[Any], name: str) -> None:
        task: asyncio.Task[Any] = asyncio.ensure_future(coro)
        task.set_name(f"{self.service}:{name}")
        task.add_done_callback(_log_crash)
        self._tasks.append(task)

    async def _relay(self) -> None:
        """The outbox relay, once NATS is there (until then the outbox simply keeps the events)."""
        await _first_of(self._streams_declared, self._stop)
        if not self._stop.is_set():
            await self.relay.run(self._stop)

    async def _forget_keys(self) -> None:
        """Delete the Idempotency-Keys past their retention: at start, then every five minutes."""
        retention = self.settings.idempotency_retention_hours * 3600

        async def forget() -> None:
            forgotten = await forget_expired(self.session_factory, retention)
            if forgotten:
                log.info("expired idempotency keys deleted", extra={"deleted": forgotten})

        failure = "idempotency keys could not be purged; retrying at the next tick"
        await periodically(self._stop, FORGET_KEYS_SECONDS, forget, failure=failure)

    async def _start_consumers(self) -> None:
        """Wait for NATS and the producers' streams (declared by their owners), then bind the consumers."""
        await self._streams_declared.wait()
        for producer in sorted({sub.producer for sub in self.subscriptions.values()}):
            while True:
                try:
                    await wait_for_stream(self.js, stream_name(producer), self.settings.stream_wait_seconds)
                    break
                except TimeoutError:
                    log.warning("still waiting for %s to declare its stream; not ready yet", producer)
        for sub in self.subscriptions.values():
            await self.consumer.update_durable(self.js, sub)
            self.consumer.attach(self.broker, sub)
        await self.broker.start()
        self.consumers_ready = True
        log.info("consumers started", extra={"consumers": sorted(self.subscriptions)})

    async def stop(self) -> None:
        """Drain: stop taking messages, finish in-flight ones, flush the outbox, close connections."""
        self.consumers_ready = False
        starting = [t for t in self._tasks if t.get_name().endswith((":consumers", ":nats")) and not t.done()]
        for task in starting:
            task.cancel()  # still binding: stop it before the broker, or it could start after the stop
        await asyncio.gather(*starting, return_exceptions=True)
        with contextlib.suppress(Exception):
            await self.broker.stop()
        self._stop.set()
        if self._tasks:
            _, pending = await asyncio.wait(self._tasks, timeout=15)
            for task in pending:
                task.cancel()
        if self.publishing:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.relay.drain(), 10)
        with contextlib.suppress(Exception):
            await (self.nc.drain() if self.nc.is_connected else self.nc.close())
        await self.engine.dispose()

    async def readiness(self) -> dict[str, bool]:
        """``database``: the service takes writes; ``nats``/``publishing``: its events leave the outbox;
        ``consumers``: it applies the events it consumes."""
        checks = {
            "database": False,
            "nats": self.nc.is_connected,
            "publishing": self.publishing,
            "consumers": self.consumers_ready,
        }
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            checks["database"] = True
        except Exception:
            log.warning("readiness: database unreachable")
        return checks

    async def status(self) -> dict[str, Any]:
        """Operational figures: outbox backlog, dead letters, lag of every consumer."""
        lag: dict[str, int] = {}
        for sub in self.subscriptions.values():
            try:
                ci = await self.js.consumer_info(stream_name(sub.producer), sub.name)
                lag[sub.name] = int(ci.num_pending or 0) + int(ci.num_ack_pending or 0)
            except Exception:
                lag[sub.name] = -1
        return {
            "service": self.service,
            "outbox_backlog": await self.relay.backlog(),
            "published_since_start": self.relay.published_total,
            # Outbox rows JetStream refused and the relay moved to the dead letters (since start).
            "quarantined_since_start": self.relay.quarantined_total,
            "quarantined": await self.dead_letters.count(consumer=RELAY),
            "dead_letters": await self.dead_letters.count(),
            "consumer_lag": lag,
            "consumers_ready": self.consumers_ready,
            "publishing": self.publishing,
        }


async def periodically(
    stop: asyncio.Event,
    seconds: float,
    tick: Callable[[], Awaitable[object]],
    *,
    failure: str,
    at_start: bool = True,
) -> None:
    """``tick`` at start (unless ``at_start`` is false: after one interval), then every ``seconds`` until
    ``stop`` is set. A tick that raises is logged with ``failure`` and the next one comes at its time:
    one failing tick never ends a service's background task."""
    if not at_start and await _stopped_within(stop, seconds):
        return
    while not stop.is_set():
        try:
            await tick()
        except Exception:
            log.exception(failure)
        if await _stopped_within(stop, seconds):
            return


async def _stopped_within(stop: asyncio.Event, seconds: float) -> bool:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
    return stop.is_set()


async def _first_of(*events: asyncio.Event) -> None:
    waits = [asyncio.ensure_future(e.wait()) for e in events]
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for w in waits:
            w.cancel()


def _log_crash(task: asyncio.Task[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("background task crashed", exc_info=task.exception(), extra={"task": task.get_name()})
