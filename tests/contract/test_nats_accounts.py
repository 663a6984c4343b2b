"""The NATS accounts in deploy/ grant each service exactly the streams SUBSCRIPTIONS says it consumes."""

from __future__ import annotations

import asyncio
import os
import re
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import nats
import pytest

from shared.contracts.catalog import SERVICES, stream_name
from shared.contracts.subscriptions import SUBSCRIPTIONS
from shared.infra import nats_server_binary
from shared.launcher import System
from shared.messaging.streams import declare_owned_streams

ROOT = Path(__file__).resolve().parents[2]
ACCOUNTS = (ROOT / "deploy" / "nats" / "accounts.conf").read_text()


def user_block(service: str) -> str:
    start = ACCOUNTS.index(f"user: {service}\n")
    return ACCOUNTS[start : ACCOUNTS.index("\n      }", start)]  # the user's block closes at its indentation


def subscribed_producers(service: str) -> set[str]:
    block = user_block(service)
    subscribe = block[block.index("subscribe:") :]
    return set(re.findall(r'"pcmd\.\*\.([a-z_]+)\.>"', subscribe))


def test_each_service_may_subscribe_to_exactly_what_it_consumes() -> None:
    for service in SERVICES:
        assert subscribed_producers(service) == set(SUBSCRIPTIONS.get(service, {})), service


def test_each_service_may_create_consumers_only_on_consumed_streams_and_publish_only_its_own() -> None:
    for service in SERVICES:
        block = user_block(service)
        publish = block[block.index("publish:") : block.index("subscribe:")]
        consumer_streams = set(re.findall(r'"\$JS\.API\.CONSUMER\.DURABLE\.CREATE\.([A-Z_]+)\.\*"', publish))
        assert consumer_streams == {stream_name(p) for p in SUBSCRIPTIONS.get(service, {})}, service
        event_subjects = set(re.findall(r'"(pcmd\.[^"]+)"', publish))
        assert event_subjects == {f"pcmd.*.{service}.>"}, service
        assert "DELETE.PCMD" not in publish.replace(f"MSG.DELETE.{stream_name(service)}_DLQ", "")


def test_case_support_events_are_not_exported_to_the_city() -> None:
    exports = ACCOUNTS[ACCOUNTS.index("exports:") : ACCOUNTS.index("users:")]
    assert "case_support" not in exports and '"pcmd.>"' not in exports


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

    nc = await nats.connect(url, allow_reconnect=False, error_cb=on_error)
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
