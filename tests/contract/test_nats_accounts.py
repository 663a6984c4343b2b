"""The NATS accounts in deploy/ grant each service exactly the streams SUBSCRIPTIONS says it consumes."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from shared.contracts.catalog import SERVICES, stream_name
from shared.contracts.subscriptions import SUBSCRIPTIONS
from shared.infra import nats_server_binary

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
