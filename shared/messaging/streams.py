"""JetStream stream declarations: each service declares its own streams, and only those."""

from __future__ import annotations

import asyncio
import logging
import time

from nats.js import JetStreamContext
from nats.js.api import RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError

from shared.contracts.catalog import stream_name, stream_subjects

log = logging.getLogger(__name__)

DUPLICATE_WINDOW_S = 2 * 3600.0  # covers a relay outage of up to two hours; the inbox covers the rest
EVENT_MAX_AGE_S = 0.0  # unlimited: reporting must be able to rebuild from the streams
DLQ_MAX_AGE_S = 365 * 24 * 3600.0


def dlq_stream_name(service: str) -> str:
    return f"{stream_name(service)}_DLQ"


def dlq_subject(service: str, consumer: str) -> str:
    return f"dlq.pcmd.{service}.{consumer}"


def event_stream_config(service: str, replicas: int = 1) -> StreamConfig:
    return StreamConfig(
        name=stream_name(service),
        description=f"PCMD {service} events",
        subjects=stream_subjects(service),
        retention=RetentionPolicy.LIMITS,
        storage=StorageType.FILE,
        num_replicas=replicas,
        max_age=EVENT_MAX_AGE_S,
        duplicate_window=DUPLICATE_WINDOW_S,
    )


def dlq_stream_config(service: str, replicas: int = 1) -> StreamConfig:
    return StreamConfig(
        name=dlq_stream_name(service),
        description=f"PCMD {service} dead letters",
        subjects=[f"dlq.pcmd.{service}.>"],
        retention=RetentionPolicy.LIMITS,
        storage=StorageType.FILE,
        num_replicas=replicas,
        max_age=DLQ_MAX_AGE_S,
        duplicate_window=DUPLICATE_WINDOW_S,
    )


async def ensure_stream(js: JetStreamContext, config: StreamConfig) -> None:
    """Create the stream, or bring an existing one to this configuration (the owner's)."""
    assert config.name is not None
    try:
        await js.stream_info(config.name)
    except NotFoundError:
        await js.add_stream(config)
        log.info("stream created", extra={"stream": config.name})
        return
    await js.update_stream(config)


async def declare_owned_streams(js: JetStreamContext, service: str, replicas: int = 1) -> None:
    await ensure_stream(js, event_stream_config(service, replicas))
    await ensure_stream(js, dlq_stream_config(service, replicas))


async def wait_for_stream(js: JetStreamContext, name: str, timeout: float) -> None:
    """Wait until another service has declared ``name``; consumers never declare others' streams."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            await js.stream_info(name)
            return
        except NotFoundError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"stream {name} was not declared within {timeout:.0f}s") from None
            await asyncio.sleep(0.2)
