"""The NATS accounts in deploy/ grant each service exactly the streams SUBSCRIPTIONS says it consumes,
through its own durable consumers and its own inbox only, and give the city its snapshots only."""

from __future__ import annotations

import asyncio
import importlib
import os
import re
import stat
import subprocess
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import nats
import pytest
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeout
from nats.js.api import AckPolicy, ConsumerConfig

from shared.contracts.catalog import SERVICES, spec_by_type, specs_of_service, stream_name, subject_template
from shared.contracts.subscriptions import SUBSCRIPTIONS
from shared.infra import nats_server_binary
from shared.launcher import System
from shared.messaging.broker import inbox_prefix, make_broker
from shared.messaging.consumer import EventConsumer, Subscription
from shared.messaging.dlq import DeadLetters
from shared.messaging.streams import declare_owned_streams
from shared.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[2]
ACCOUNTS = (ROOT / "deploy" / "nats" / "accounts.conf").read_text()
SNAPSHOT = spec_by_type("pcmd.reporting.v1.SnapshotPublished")
# What the city may receive: reporting's published snapshots, of any ward.
SNAPSHOTS = subject_template("reporting", SNAPSHOT.aggregate, SNAPSHOT.action).format(ward="*")


def user_block(service: str) -> str:
    start = ACCOUNTS.index(f"user: {service}\n")
    return ACCOUNTS[start : ACCOUNTS.index("\n      }", start)]  # the user's block closes at its indentation


def granted(service: str, kind: str) -> list[str]:
    """The quoted subjects of a user's ``publish`` or ``subscribe`` allow list (comments left out)."""
    block = user_block(service)
    section = (
        block[block.index("publish:") : block.index("subscribe:")]
        if kind == "publish"
        else (block[block.index("subscribe:") :])
    )
    lines = (line.split("#", 1)[0] for line in section.splitlines())
    return [s for line in lines for s in re.findall(r'"([^"]+)"', line)]


def subscribed_producers(service: str) -> set[str]:
    return {
        m.group(1) for s in granted(service, "subscribe") if (m := re.fullmatch(r"pcmd\.\*\.([a-z_]+)\.>", s))
    }


def durable_name(service: str, producer: str) -> str:
    """The durable consumer's name, as the service's own settings make it (every ward consumed)."""
    module = importlib.import_module(f"services.{service}.settings")
    settings_class = next(
        c for c in vars(module).values()
        if isinstance(c, type) and issubclass(c, ServiceSettings) and c.service_name == service
    )  # fmt: skip
    name: str = settings_class(consume_ward="*").durable_name(producer)
    return name


def consumer_grants(service: str, producer: str) -> set[str]:
    """Exactly the JetStream API subjects FastStream's pull subscriber (nats-py) sends for one durable:
    look it up, create it with its filter (the filter in the subject when it is the producer-wide one,
    none when it is narrowed to the events taken, as filter_subjects), fetch, and ack/nak/term its
    deliveries."""
    stream, durable = stream_name(producer), durable_name(service, producer)
    wide = f"pcmd.*.{producer}.>"
    narrowed = own_subscription(service, producer).subjects != (wide,)
    return {
        f"$JS.API.STREAM.INFO.{stream}",
        f"$JS.API.CONSUMER.INFO.{stream}.{durable}",
        f"$JS.API.CONSUMER.CREATE.{stream}.{durable}" + ("" if narrowed else f".{wide}"),
        f"$JS.API.CONSUMER.MSG.NEXT.{stream}.{durable}",
        f"$JS.ACK.{stream}.{durable}.>",
    }


def own_subscription(service: str, producer: str) -> Subscription[Any]:
    """The service's durable on ``producer``'s stream, as its consumers build it (every ward)."""
    return Subscription(
        name=durable_name(service, producer),
        consumer=service,
        producer=producer,
        handlers=dict.fromkeys(SUBSCRIPTIONS[service][producer], _unused),
        unit_of_work=lambda: None,
    )


def test_each_service_may_subscribe_to_exactly_what_it_consumes() -> None:
    for service in SERVICES:
        assert subscribed_producers(service) == set(SUBSCRIPTIONS.get(service, {})), service


def test_each_service_may_subscribe_to_its_own_inbox_prefix_only() -> None:
    for service in SERVICES:
        inboxes = {s for s in granted(service, "subscribe") if s.startswith("_INBOX")}
        assert inboxes == {f"{inbox_prefix(service)}.>"}, service
        assert "_INBOX.>" not in granted(service, "publish") + granted(service, "subscribe"), service


def test_each_service_may_publish_its_own_and_use_only_its_own_durables_on_consumed_streams() -> None:
    for service in SERVICES:
        own, dlq = stream_name(service), f"{stream_name(service)}_DLQ"
        expected = {
            f"pcmd.*.{service}.>",
            f"dlq.pcmd.{service}.>",
            "$JS.API.INFO",
            "$JS.API.STREAM.NAMES",
            *(f"$JS.API.STREAM.{op}.{s}" for op in ("CREATE", "UPDATE", "INFO") for s in (own, dlq)),
            f"$JS.API.STREAM.MSG.GET.{dlq}",
            f"$JS.API.DIRECT.GET.{dlq}",
            f"$JS.API.STREAM.MSG.DELETE.{dlq}",
        }
        for producer in SUBSCRIPTIONS.get(service, {}):
            expected |= consumer_grants(service, producer)
        publish = granted(service, "publish")
        assert len(publish) == len(set(publish)), f"{service}: a grant is listed twice"
        assert set(publish) == expected, service


def test_no_service_user_names_a_consumer_by_wildcard_or_may_delete_one() -> None:
    for service in SERVICES:
        for grant in granted(service, "publish"):
            consumer = re.fullmatch(
                r"\$JS\.(?:API\.CONSUMER\.[A-Z.]+|ACK)\.PCMD_[A-Z_]+\.([^.]+)(\..*)?", grant
            )
            if grant.startswith(("$JS.API.CONSUMER.", "$JS.ACK.")):
                assert consumer and consumer.group(1).startswith(f"{service}-"), grant
            assert not grant.startswith(("$JS.API.CONSUMER.DELETE", "$JS.API.CONSUMER.DURABLE", "$JS.FC")), (
                grant
            )


def test_only_reporting_s_published_snapshots_are_exported_to_the_city() -> None:
    pcmd = ACCOUNTS[ACCOUNTS.index("  PCMD: {") : ACCOUNTS.index("  CITY: {")]
    city = ACCOUNTS[ACCOUNTS.index("  CITY: {") :]
    exports = re.findall(r'\{ stream: "([^"]+)" \}', pcmd)
    imports = re.findall(r'\{ stream: \{ account: PCMD, subject: "([^"]+)" \} \}', city)
    assert exports == [SNAPSHOTS] == imports
    assert SNAPSHOTS == "pcmd.*.reporting.snapshot.published"


def test_the_server_accepts_both_configurations() -> None:
    env = {
        **os.environ,
        "POD_NAME": "nats-0",
        "NATS_MAX_MEMORY_STORE": "1G",
        "NATS_MAX_FILE_STORE": "10G",
        **{f"PCMD_{n}_NATS_PASSWORD": "x" for n in ("SYS", "ADMIN", "CITY", *(s.upper() for s in SERVICES))},
    }
    for conf in ("nats-single.conf", "nats.conf"):
        result = subprocess.run(
            [nats_server_binary(), "-t", "-c", str(ROOT / "deploy" / "nats" / conf)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert result.returncode == 0 and "is valid" in (result.stdout + result.stderr), result.stderr


# --- the embedded NATS of ``make run`` runs with the same accounts ---------------------------------


@pytest.fixture
def launched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[System]:
    """The launcher's own NATS, as ``make run`` starts it (no services, no PostgreSQL)."""
    monkeypatch.delenv("PCMD_NATS_URL", raising=False)
    system = System(tmp_path / "state", services=[], ports={})
    system.start_infrastructure()
    try:
        yield system
    finally:
        system.stop()


def test_make_run_nats_refuses_a_connection_without_credentials(launched: System) -> None:
    assert launched.nats is not None
    with pytest.raises(Exception, match=r"(?i)authorization"):
        asyncio.run(_connect(launched.nats.url))


def test_make_run_gives_each_service_its_own_user_kept_to_its_own_subjects(launched: System) -> None:
    urls = {s: launched.service_env(s)["PCMD_NATS_URL"] for s in SERVICES}
    assert len(set(urls.values())) == len(SERVICES), "one user each"
    assert all(urlsplit(url).username == s and urlsplit(url).password for s, url in urls.items())
    denied = asyncio.run(_publish_as(urls["intake"]))
    assert denied == {
        "pcmd.lechan.reporting.snapshot.published",
        "pcmd.lechan.inspection.inspection.completed",
    }


def test_make_run_keeps_the_generated_passwords_private_and_stable(launched: System, tmp_path: Path) -> None:
    assert launched.nats is not None
    path = launched.nats.credentials_path
    assert path.is_relative_to(tmp_path / "state") and stat.S_IMODE(path.stat().st_mode) == 0o600
    password = urlsplit(launched.service_env("intake")["PCMD_NATS_URL"]).password
    launched.stop()
    again = System(tmp_path / "state", services=[], ports={})
    again.start_infrastructure()
    try:
        url = again.service_env("intake")["PCMD_NATS_URL"]
        assert urlsplit(url).password == password, "a second run keeps the passwords"
    finally:
        again.stop()


async def _connect(url: str) -> None:
    nc = await nats.connect(url, allow_reconnect=False, connect_timeout=2)
    await nc.close()


async def _publish_as(url: str) -> set[str]:
    """Publishes on its own subject and on two others' subjects; returns the subjects refused."""
    errors: list[str] = []

    async def on_error(exc: Exception) -> None:
        errors.append(str(exc))

    nc = await nats.connect(
        url, allow_reconnect=False, error_cb=on_error, inbox_prefix=inbox_prefix("intake")
    )
    try:
        js = nc.jetstream()
        await declare_owned_streams(js, "intake")
        ack = await js.publish("pcmd.lechan.intake.tip.received", b"x", headers={"Nats-Msg-Id": "own-1"})
        assert ack.stream == "PCMD_INTAKE"
        for subject in (
            "pcmd.lechan.reporting.snapshot.published",
            "pcmd.lechan.inspection.inspection.completed",
        ):
            await nc.publish(subject, b"forged")
        await nc.flush()
        await asyncio.sleep(0.5)
    finally:
        await nc.close()
    return {m.group(1) for e in errors if (m := re.search(r'(?i)publish to "([^"]+)"', e))}


# --- each service keeps to its own inbox and its own durables, on a real server ----------------------


def refused(errors: list[str], operation: str) -> set[str]:
    """The subjects the server refused (nats-py reports a permissions violation to the error callback,
    lower-cased; subscribe and publish themselves do not raise)."""
    pattern = rf'(?i)permissions violation for {operation} to "([^"]+)"'
    return {m.group(1) for e in errors if (m := re.search(pattern, e))}


async def refusals(nc: Client, errors: list[str], operation: str, expected: set[str]) -> set[str]:
    """What the server refused, once ``expected`` has all come (or after 5 s). Its -ERR lines can come
    after the answer to a flush, so a flush alone is not enough to see them."""
    wanted = {s.lower() for s in expected}
    for _ in range(100):
        await nc.flush()
        if refused(errors, operation) >= wanted:
            break
        await asyncio.sleep(0.05)
    return refused(errors, operation)


@asynccontextmanager
async def connected(
    system: System, user: str, *, own_inbox: bool = True
) -> AsyncIterator[tuple[Client, list[str]]]:
    """A connection as ``user`` (a service with its own inbox prefix, as the services connect), and the
    errors the server reported on it (see ``refusals``)."""
    assert system.nats is not None
    errors: list[str] = []

    async def on_error(exc: Exception) -> None:
        errors.append(str(exc))

    options: dict[str, Any] = {"inbox_prefix": inbox_prefix(user)} if own_inbox else {}
    nc = await nats.connect(system.nats.url_for(user), allow_reconnect=False, error_cb=on_error, **options)
    try:
        yield nc, errors
    finally:
        await nc.close()


async def publish_one_event(
    system: System, producer: str, n: int = 1, subjects: tuple[str, ...] = ("test.published",)
) -> None:
    """The producer declares its streams and publishes ``n`` events on each of its own ``subjects``
    (``<aggregate>.<action>``)."""
    async with connected(system, producer) as (nc, errors):
        js = nc.jetstream(timeout=5)
        await declare_owned_streams(js, producer)
        for tail in subjects:
            for i in range(n):
                await js.publish(
                    f"pcmd.lechan.{producer}.{tail}", b"x", headers={"Nats-Msg-Id": f"{producer}-{tail}-{i}"}
                )
        assert not errors


def consumed_subjects(producer: str) -> tuple[str, ...]:
    """``<aggregate>.<action>`` of every event of ``producer`` a service other than reporting takes."""
    taken = {e for service, p in SUBSCRIPTIONS.items() if service != "reporting" for e in p.get(producer, ())}
    return tuple(sorted(f"{spec.aggregate}.{spec.action}" for spec in map(spec_by_type, taken)))


def test_a_service_may_not_subscribe_to_the_shared_inbox_or_another_service_s(launched: System) -> None:
    async def check(service: str) -> None:
        async with connected(launched, service) as (nc, errors):
            others = {"_INBOX.>", *(f"{inbox_prefix(o)}.>" for o in SERVICES if o != service)}
            own = f"{inbox_prefix(service)}.>"
            for subject in [own, *sorted(others)]:  # its own first: were it refused, that would come first
                await nc.subscribe(subject)
            assert await refusals(nc, errors, "subscription", others) == {s.lower() for s in others}, service
            # Its own inbox works: a JetStream API request gets its reply there.
            assert (await nc.jetstream(timeout=5).account_info()) is not None

    asyncio.run(_each(check))


async def _each(check: Any) -> None:
    for service in SERVICES:
        await check(service)


def test_a_service_cannot_create_delete_read_or_ack_another_service_s_durable(launched: System) -> None:
    asyncio.run(_another_services_durable(launched))


async def _another_services_durable(system: System) -> None:
    await publish_one_event(system, "intake")
    stream, theirs = stream_name("intake"), durable_name("reporting", "intake")
    assert theirs == "reporting-intake"
    async with connected(system, "reporting") as (reporting, _):
        rjs = reporting.jetstream(timeout=5)
        await rjs.pull_subscribe("pcmd.*.intake.>", durable=theirs, stream=stream)  # reporting's own: allowed
        async with connected(system, "inspection") as (nc, errors):
            sniffed: list[str] = []

            async def sniff(msg: Msg) -> None:
                sniffed.append(msg.subject)

            # Even where the server refuses these, nats-py keeps them: nothing may ever arrive on them.
            for inbox in ("_INBOX.>", f"{inbox_prefix('reporting')}.>"):
                await nc.subscribe(inbox, cb=sniff)
            js = nc.jetstream(timeout=1)
            with pytest.raises(NatsTimeout):
                await js.delete_consumer(stream, theirs)
            with pytest.raises(NatsTimeout):
                await js.consumer_info(stream, theirs)
            with pytest.raises(NatsTimeout):  # created afresh or taken over with another filter
                await js.add_consumer(
                    stream,
                    ConsumerConfig(
                        name=theirs,
                        durable_name=theirs,
                        filter_subject="pcmd.*.intake.>",
                        ack_policy=AckPolicy.EXPLICIT,
                    ),
                )
            # Binding is local (a subscription to its own inbox); the fetch request is what is refused.
            bound = await js.pull_subscribe_bind(theirs, stream=stream)
            with pytest.raises(NatsTimeout):
                await bound.fetch(1, timeout=1)
            forged_ack = f"$JS.ACK.{stream}.{theirs}.1.1.1.0.0"
            await nc.publish(forged_ack, b"+ACK")
            with pytest.raises(NatsTimeout):  # a durable of its own on the stream, but not under its own name
                await js.add_consumer(
                    stream,
                    ConsumerConfig(
                        name="inspection-other",
                        durable_name="inspection-other",
                        filter_subject="pcmd.*.intake.>",
                    ),
                )
            denied = {
                f"$JS.API.CONSUMER.DELETE.{stream}.{theirs}",
                f"$JS.API.CONSUMER.INFO.{stream}.{theirs}",
                f"$JS.API.CONSUMER.CREATE.{stream}.{theirs}.pcmd.*.intake.>",
                f"$JS.API.CONSUMER.MSG.NEXT.{stream}.{theirs}",
                forged_ack,
                f"$JS.API.CONSUMER.CREATE.{stream}.inspection-other.pcmd.*.intake.>",
            }
            assert await refusals(nc, errors, "publish", denied) == {s.lower() for s in denied}
            inboxes = {"_INBOX.>", f"{inbox_prefix('reporting')}.>"}
            assert await refusals(nc, errors, "subscription", inboxes) == {s.lower() for s in inboxes}

            # Reporting's durable is untouched, and its replies and deliveries reach reporting alone.
            info = await rjs.consumer_info(stream, theirs)
            assert info.num_pending == 1 and info.delivered.consumer_seq == 0
            [msg] = await (await rjs.pull_subscribe("pcmd.*.intake.>", durable=theirs, stream=stream)).fetch(
                1, timeout=5
            )
            await msg.ack_sync()
            await reporting.flush()
            await nc.flush()
            assert sniffed == []
            assert (await rjs.consumer_info(stream, theirs)).ack_floor.consumer_seq == 1


class _Receiving(EventConsumer):
    """The service's real consumers (durable, filter, pull settings), acking whatever arrives."""

    received: dict[str, int]

    async def on_message(self, sub: Subscription[Any], body: Any, msg: Any) -> None:
        self.received[sub.producer] = self.received.get(sub.producer, 0) + 1
        await msg.ack()


def test_each_service_creates_and_fetches_its_own_durables_through_its_broker(launched: System) -> None:
    asyncio.run(_own_durables(launched))


async def _own_durables(system: System) -> None:
    assert system.nats is not None
    for producer in SERVICES:  # two of each event some service takes (reporting takes them all)
        await publish_one_event(system, producer, n=2, subjects=consumed_subjects(producer))
    # The broker's pull deliveries can only arrive under the service's own inbox prefix: `_INBOX.>`
    # is refused to every service user.
    for service, producers in SUBSCRIPTIONS.items():
        async with connected(system, service) as (nc, errors):
            js = nc.jetstream(timeout=5)
            consumer = _Receiving(DeadLetters(js, service=service), service=service, ward="lechan")
            consumer.received = {}
            broker = make_broker(system.nats.url_for(service), service=service)
            expected: dict[str, int] = {}
            for producer, events in producers.items():
                consumer.attach(broker, own_subscription(service, producer))
                # A durable narrowed to the events it takes gets those alone: two of each.
                taken = {f"{s.aggregate}.{s.action}" for s in map(spec_by_type, events)}
                expected[producer] = 2 * len(taken & set(consumed_subjects(producer)))
            await broker.start()
            try:
                for _ in range(200):
                    if consumer.received == expected:
                        break
                    await asyncio.sleep(0.05)
            finally:
                await broker.stop()
            assert consumer.received == expected, service
            for producer in producers:
                info = await js.consumer_info(stream_name(producer), durable_name(service, producer))
                seq = info.ack_floor.consumer_seq
                assert seq == expected[producer] and info.num_ack_pending == 0, (service, producer)
            await nc.flush()
            assert not errors, (service, errors)


async def _unused(*_args: Any) -> None:
    raise AssertionError("on_message acks without a handler")


def test_the_city_receives_published_snapshots_and_nothing_else(launched: System) -> None:
    asyncio.run(_city(launched))


async def _city(system: System) -> None:
    snapshot = SNAPSHOTS.replace("*", "lechan")
    async with connected(system, "city", own_inbox=False) as (city, errors):
        received: list[str] = []

        async def on_message(msg: Msg) -> None:
            received.append(msg.subject)

        await city.subscribe("pcmd.>", cb=on_message)
        await city.flush()
        # Every other event of every service first, each producer flushed: had the server passed one
        # on, it would reach the city before the snapshot published after them.
        for service in SERVICES:
            async with connected(system, service) as (nc, _):
                for spec in specs_of_service(service):
                    if spec is not SNAPSHOT:
                        await nc.publish(spec.subject("lechan"), b"not for the city")
                await nc.flush()
        async with connected(system, "reporting") as (nc, _):
            await nc.publish(f"{snapshot}.extra", b"not a snapshot subject")
            await nc.publish(snapshot, b"snapshot")
            await nc.flush()
        for _ in range(100):
            if received:
                break
            await asyncio.sleep(0.05)
        await city.flush()
        assert received == [snapshot]
        assert not errors
