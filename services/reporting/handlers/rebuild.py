"""Rebuild the read models from the streams into fresh tables, then switch over.

``pcmd rebuild reporting`` reads every producer's stream from its first message into tables of a
new schema (same definitions, same consumer names in the inbox), shows its progress, swaps those
tables for the live ones in one transaction, and finally applies what arrived meanwhile. The
live service may keep running: its consumers' inbox moves with the tables, so nothing is applied
twice, and an event it applied to the old tables during the rebuild is applied again to the new.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import nats
from nats.aio.client import Client as NATS
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy, Header
from nats.js.errors import NotFoundError
from sqlalchemy import Table, delete, text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from services.reporting import consumers
from services.reporting.handlers.batch import Projected, apply_batch
from services.reporting.handlers.projections import Projection, projections_for
from services.reporting.repository import month_counts
from services.reporting.repository.base import Base
from services.reporting.repository.facts import FACT_TABLES
from services.reporting.repository.monthly import TrendMonth
from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from services.reporting.settings import ReportingSettings
from shared.contracts.catalog import stream_name
from shared.db import INBOX, make_engine
from shared.messaging.broker import Undecodable, decode_event
from shared.messaging.envelope import IncomingEnvelope

TABLES: tuple[Table, ...] = (*(Base.metadata.tables[m.__tablename__] for m in FACT_TABLES), INBOX)
Progress = Callable[[str], None]
_V1_TOKENS = 9  # $JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<time>.<pending>


@dataclass
class StreamReport:
    stream: str
    read: int = 0
    applied: int = 0
    last_seq: int = 0
    seconds: float = 0.0


@dataclass
class RebuildReport:
    schema: str
    streams: dict[str, StreamReport] = field(default_factory=dict)
    caught_up: int = 0

    @property
    def events(self) -> int:
        return sum(s.read for s in self.streams.values())

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.streams.values())


def _stream_seq(msg: Any) -> int:
    """The stream sequence from the reply subject, without building the whole ``msg.metadata``."""
    tokens = msg.reply.split(".")
    return int(tokens[5] if len(tokens) == _V1_TOKENS else tokens[Msg.Ack.StreamSeq])


class Applier:
    """Applies a batch of raw stream messages in one transaction, through the inbox."""

    def __init__(self, engine: AsyncEngine, schema: str | None, settings: ReportingSettings) -> None:
        bound = engine.execution_options(schema_translate_map={None: schema}) if schema else engine
        self._sf = async_sessionmaker(bound, expire_on_commit=False)
        self._settings = settings
        self.handlers: dict[str, tuple[str, Mapping[str, Projection]]] = {}

    def route(self, producer: str, durable: str) -> None:
        self.handlers[producer] = (durable, projections_for(producer))

    async def apply(self, producer: str, messages: list[Any]) -> int:
        durable, handlers = self.handlers[producer]
        stream, decoded = stream_name(producer), list[Projected]()
        for msg in messages:
            try:
                env = IncomingEnvelope.from_headers(
                    msg.headers or {}, subject=msg.subject, stream=stream, stream_seq=_stream_seq(msg),
                    num_delivered=1,
                )  # fmt: skip
            except (KeyError, ValueError):
                continue  # the live consumer dead-letters these: they never reach a read model
            handler = handlers.get(env.event_type)
            body = decode_event(env.event_type, msg.data) if handler else None
            if handler is not None and not isinstance(body, Undecodable):
                decoded.append((env, body, handler))
        if not decoded:
            return 0
        uow = ReportingUnitOfWork(
            self._sf, ward=self._settings.ward, small_cell_threshold=self._settings.small_cell_threshold
        )
        return await apply_batch(uow, durable, decoded)


class _Puller:
    """Pull batches over a plain subscription: one callback per message, where nats-py's ``fetch``
    awaits each message with its own timer task (most of the rebuild's fetching cost)."""

    def __init__(self, nc: NATS, api: str, total: int, batch: int, out: asyncio.Queue[list[Any] | None]):
        self._nc, self._api, self._left, self._batch, self._out = nc, api, total, batch, out
        self._inbox = nc.new_inbox()
        self._got: list[Any] = []
        self._asked = 0
        self.error: str | None = None
        self.done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    async def start(self) -> Any:
        sub = await self._nc.subscribe(self._inbox, cb=self._on_msg, pending_msgs_limit=-1)
        await self._ask()
        return sub

    async def _ask(self) -> None:
        if self._left <= 0:
            await self._finish()
            return
        self._asked = min(self._batch, self._left)
        request = {"batch": self._asked, "expires": 5_000_000_000}
        await self._nc.publish(self._api, json.dumps(request).encode(), reply=self._inbox)

    async def _finish(self) -> None:
        if not self.done.done():
            await self._out.put(None)
            self.done.set_result(None)

    async def _on_msg(self, msg: Any) -> None:
        if self.done.done():
            return
        headers = msg.headers
        if headers and not msg.data and headers.get(Header.STATUS):
            status = headers[Header.STATUS]
            if status == "100":
                return  # a heartbeat
            if status not in ("404", "408"):  # 404/408: fewer left than counted (expired or removed)
                self.error = f"pull request answered {status} {headers.get(Header.DESCRIPTION, '')}"
            if self._got:
                await self._deliver()
            await self._finish()
            return
        self._got.append(msg)
        if len(self._got) >= self._asked:
            await self._deliver()
            await self._ask()

    async def _deliver(self) -> None:
        got, self._got = self._got, []
        self._left -= len(got)
        await self._out.put(got)  # waits while two batches are queued: the writer sets the pace


async def _read(
    nc: NATS,
    js: JetStreamContext,
    applier: Applier,
    producer: str,
    subject: str,
    *,
    start_seq: int = 0,
    batch: int,
    progress: Progress,
) -> StreamReport:
    stream = stream_name(producer)
    report = StreamReport(stream)
    config = ConsumerConfig(
        ack_policy=AckPolicy.NONE,
        deliver_policy=DeliverPolicy.BY_START_SEQUENCE if start_seq else DeliverPolicy.ALL,
        opt_start_seq=start_seq or None,
        inactive_threshold=60.0,
        max_waiting=1,
        filter_subject=subject,
    )
    try:
        info = await js.add_consumer(stream, config)
    except NotFoundError:
        progress(f"{stream}: no such stream, nothing to read")
        return report
    total = info.num_pending or 0
    started, shown = time.perf_counter(), 0.0
    # the next batch is fetched (and its messages parsed) while this one is written
    batches: asyncio.Queue[list[Any] | None] = asyncio.Queue(maxsize=2)
    puller = _Puller(nc, f"$JS.API.CONSUMER.MSG.NEXT.{stream}.{info.name}", total, batch, batches)
    sub = await puller.start()
    try:
        while (messages := await batches.get()) is not None:
            report.read += len(messages)
            report.last_seq = max(report.last_seq, _stream_seq(messages[-1]))
            report.applied += await applier.apply(producer, messages)
            now = time.perf_counter()
            if now - shown > 1.0 or report.read >= total:
                shown = now
                rate = report.read / max(now - started, 1e-9)
                share = 100 * report.read // max(total, 1)
                progress(f"{stream}: {report.read:,}/{total:,} ({share}%), {rate:,.0f} ev/s")
        if puller.error:
            raise RuntimeError(f"{stream}: {puller.error}")
    finally:
        await sub.unsubscribe()
        with contextlib.suppress(NotFoundError):
            await js.delete_consumer(stream, info.name)
    report.seconds = time.perf_counter() - started
    return report


async def _create_schema(engine: AsyncEngine, schema: str) -> None:
    async with engine.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        translated = await conn.execution_options(schema_translate_map={None: schema})
        await translated.run_sync(lambda sync: Base.metadata.create_all(sync, tables=list(TABLES)))


async def _switch(engine: AsyncEngine, schema: str) -> None:
    """New tables in, old ones out, in one transaction: readers see one or the other, never a mix."""
    retired = f"{schema}_retired"
    names = [t.name for t in TABLES]
    async with engine.begin() as conn:
        await conn.execute(text(f"LOCK TABLE {', '.join(names)} IN ACCESS EXCLUSIVE MODE"))
        # the live tables' triggers (the trend's stored months go stale through them) go to the new ones
        triggers = (
            await conn.execute(
                text(
                    "SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t"
                    " JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE n.nspname = 'public' AND c.relname = ANY(:names) AND NOT t.tgisinternal"
                ),
                {"names": names},
            )
        ).all()
        await conn.execute(text(f'CREATE SCHEMA "{retired}"'))
        for name in names:
            await conn.execute(text(f'ALTER TABLE public."{name}" SET SCHEMA "{retired}"'))
            await conn.execute(text(f'ALTER TABLE "{schema}"."{name}" SET SCHEMA public'))
        for table, trigger, definition in triggers:
            await conn.execute(text(f'DROP TRIGGER "{trigger}" ON "{retired}"."{table}"'))
            await conn.execute(text(definition))
        await conn.execute(text(f'DROP SCHEMA "{schema}"'))
        await conn.execute(delete(TrendMonth))  # the stored months are counted again from the new tables
        for statement in month_counts.REFILL:  # the monthly counts too, from the new facts (their triggers
            await conn.execute(text(statement))  # were not on the tables the rebuild filled)
    async with engine.begin() as conn:
        await conn.execute(text(f'DROP SCHEMA "{retired}" CASCADE'))


async def rebuild(
    settings: ReportingSettings, *, progress: Progress = print, batch: int = 1000, switch: bool = True
) -> RebuildReport:
    """Rebuild every read model from the streams; returns what was read and applied."""
    schema = "rebuild_" + dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
    engine = make_engine(settings.database_url)
    nc = await nats.connect(settings.nats_servers, name="pcmd-reporting-rebuild")
    report = RebuildReport(schema)
    began = time.perf_counter()
    try:
        js = nc.jetstream()
        await _create_schema(engine, schema)
        shadow, live = Applier(engine, schema, settings), Applier(engine, None, settings)
        for producer in consumers.PRODUCERS:  # the live consumers' durable names, so their inbox rows match
            shadow.route(producer, settings.durable_name(producer))
            live.route(producer, settings.durable_name(producer))
        subjects = {producer: settings.consume_subject(producer) for producer in consumers.PRODUCERS}
        for producer in subjects:
            progress(f"{stream_name(producer)}: reading into {schema}")
        # the streams are read side by side: each writes its own tables, inbox rows and position
        read = await asyncio.gather(
            *(_read(nc, js, shadow, p, s, batch=batch, progress=progress) for p, s in subjects.items())
        )
        report.streams.update(zip(subjects, read, strict=True))
        if not switch:
            return report
        await _switch(engine, schema)
        progress("switched over to the rebuilt tables")
        for producer, subject in subjects.items():
            after = report.streams[producer].last_seq
            caught = (
                await _read(
                    nc, js, live, producer, subject, start_seq=after + 1, batch=batch, progress=progress
                )
                if after
                else None
            )
            report.caught_up += caught.applied if caught else 0
        progress(
            f"done: {report.events:,} events in {time.perf_counter() - began:.1f} s,"
            f" {report.caught_up} caught up after"
        )
        return report
    finally:
        await nc.close()
        await engine.dispose()
