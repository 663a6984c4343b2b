"""Broker factory: FastStream NATS broker with explicit acks, tracing and the protobuf codec."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from faststream import AckPolicy
from faststream.message import decode_message, encode_message
from faststream.nats import NatsBroker
from faststream.nats.opentelemetry import NatsTelemetryMiddleware
from google.protobuf.message import DecodeError, Message
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF
from opentelemetry.trace import TracerProvider

from shared.contracts.catalog import spec_by_type
from shared.messaging.envelope import CONTENT_TYPE
from shared.settings import nats_servers


@dataclass(frozen=True, slots=True)
class Undecodable:
    """What the codec hands a subscriber when a body cannot be decoded; the consumer dead-letters it."""

    reason: str


class ProtobufCodec:
    """Encodes protobuf messages; decodes a body by its ``ce-type`` header, never raising."""

    async def encode(self, msg: Any, serializer: Any = None) -> tuple[bytes, str | None]:
        if isinstance(msg, Message):
            return msg.SerializeToString(), CONTENT_TYPE
        result: tuple[bytes, str | None] = encode_message(msg, serializer)
        return result

    async def decode(self, msg: Any) -> Any:
        headers = msg.headers or {}
        if not (msg.content_type or headers.get("content-type", "")).startswith(CONTENT_TYPE):
            return decode_message(msg)
        return decode_event(headers.get("ce-type", ""), msg.body)


def decode_event(event_type: str, body: bytes) -> Message | Undecodable:
    try:
        cls = spec_by_type(event_type).message_class
    except KeyError:
        return Undecodable(f"unknown event type {event_type!r}")
    try:
        return cls.FromString(body)
    except DecodeError as exc:
        return Undecodable(f"body is not a valid {event_type}: {exc}")


class IdleFetchTimeouts(logging.Filter):
    """A pull consumer's fetch that finds nothing before its timeout is not an error: FastStream logs
    it as "raised an exception, retrying" with a TimeoutError; those records are dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not (isinstance(exc, TimeoutError) and "retrying" in record.getMessage())


def inbox_prefix(service: str) -> str:
    """The service's own reply and delivery subjects (``_INBOX_<service>.…``): its NATS user may
    subscribe to these only (deploy/nats/accounts.conf), so no other service reads its replies or its
    pull deliveries. Every connection of the service uses it."""
    return f"_INBOX_{service}"


class ServiceBroker(NatsBroker):
    """A NatsBroker whose pull subscriptions also receive under the service's inbox prefix.

    FastStream passes the connection's ``inbox_prefix`` to ``nats.connect`` (requests, replies), but
    hands every pull subscription an ``inbox_prefix`` argument of its own, ``_INBOX.`` unless given:
    without this, the deliveries of the service's durable consumers would travel on ``_INBOX.…``,
    which its NATS user may not subscribe to.
    """

    def __init__(self, *args: Any, pull_inbox_prefix: bytes, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pull_inbox_prefix = pull_inbox_prefix

    def subscriber(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("inbox_prefix", self.pull_inbox_prefix)
        return super().subscriber(*args, **kwargs)


def make_broker(nats_url: str, *, service: str, tracer_provider: TracerProvider | None = None) -> NatsBroker:
    """Built at start-up by the composition root, never at import time."""
    # Tracing middleware only where spans are recorded: without a sink it would cost every message.
    logger = logging.getLogger("pcmd.broker")
    if not any(isinstance(f, IdleFetchTimeouts) for f in logger.filters):
        logger.addFilter(IdleFetchTimeouts())
    recording = tracer_provider is not None and getattr(tracer_provider, "sampler", None) is not ALWAYS_OFF
    middlewares = [NatsTelemetryMiddleware(tracer_provider=tracer_provider)] if recording else []
    return ServiceBroker(
        nats_servers(nats_url),  # every node of a cluster: the connection moves to another when one dies
        name=f"pcmd-{service}",
        inbox_prefix=inbox_prefix(service),  # passed on to nats.connect
        pull_inbox_prefix=f"{inbox_prefix(service)}.".encode(),
        middlewares=middlewares,
        graceful_timeout=15.0,
        ack_policy=AckPolicy.MANUAL,  # every subscriber acks on purpose: never FastStream's REJECT_ON_ERROR
        codec=ProtobufCodec(),
        max_reconnect_attempts=-1,
        logger=logger,
        log_level=logging.DEBUG,  # per-message lines only at DEBUG; errors still at their level
    )
