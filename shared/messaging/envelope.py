"""The event envelope (CloudEvents attributes in NATS headers, DESIGN §3)."""

from __future__ import annotations

import contextvars
import datetime as dt
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

import uuid6
from google.protobuf.message import Message
from opentelemetry import propagate

from shared.contracts.catalog import aggregate_id, spec_for, subject_for

CONTENT_TYPE = "application/protobuf"
MSG_ID = "Nats-Msg-Id"

_correlation: contextvars.ContextVar[str | None] = contextvars.ContextVar("pcmd_correlation", default=None)
_causation: contextvars.ContextVar[str | None] = contextvars.ContextVar("pcmd_causation", default=None)


@contextmanager
def causal_context(correlation_id: str | None, causation_id: str | None = None) -> Iterator[None]:
    """Events emitted inside this block carry these correlation and causation ids."""
    t1 = _correlation.set(correlation_id)
    t2 = _causation.set(causation_id)
    try:
        yield
    finally:
        _correlation.reset(t1)
        _causation.reset(t2)


def current_correlation() -> str | None:
    """The request's (or the consumed event's) correlation id, inside ``causal_context``."""
    return _correlation.get()


def new_event_id() -> uuid.UUID:
    """UUIDv7: time-ordered, so ids sort by creation."""
    return uuid.UUID(int=uuid6.uuid7().int)


@dataclass(frozen=True, slots=True)
class OutgoingEvent:
    event_id: uuid.UUID
    subject: str
    event_type: str
    payload: bytes
    headers: dict[str, str]


def envelope(message: Message, *, service: str, ward: str) -> OutgoingEvent:
    """Serialise ``message`` with its headers; captures the current trace and causal context."""
    spec = spec_for(message)
    ward = getattr(message, "ward", "") or ward  # the event's own ward decides its subject
    if spec.service != service:
        raise ValueError(f"{service} may not publish {spec.full_name}")
    event_id = new_event_id()
    headers = {
        MSG_ID: str(event_id),
        "ce-specversion": "1.0",
        "ce-id": str(event_id),
        "ce-type": spec.full_name,
        "ce-source": f"/pcmd/{ward}/{service}",
        "ce-time": dt.datetime.now(dt.UTC).isoformat(),
        "ce-subject": aggregate_id(message),
        "content-type": CONTENT_TYPE,
        "correlation-id": _correlation.get() or str(event_id),
    }
    causation = _causation.get()
    if causation:
        headers["causation-id"] = causation
    propagate.inject(headers)
    return OutgoingEvent(
        event_id, subject_for(message, ward), spec.full_name, message.SerializeToString(), headers
    )


@dataclass(frozen=True, slots=True)
class IncomingEnvelope:
    """What a consumer knows about a delivered event besides its body."""

    event_id: uuid.UUID
    event_type: str
    subject: str
    source: str
    correlation_id: str
    stream: str
    stream_seq: int
    num_delivered: int

    @classmethod
    def from_headers(
        cls, headers: Mapping[str, str], *, subject: str, stream: str, stream_seq: int, num_delivered: int
    ) -> IncomingEnvelope:
        """Raises KeyError/ValueError when a required attribute is missing or malformed."""
        event_id = uuid.UUID(headers.get("ce-id") or headers[MSG_ID])
        return cls(
            event_id=event_id,
            event_type=headers["ce-type"],
            subject=subject,
            source=headers.get("ce-source", ""),
            correlation_id=headers.get("correlation-id", str(event_id)),
            stream=stream,
            stream_seq=stream_seq,
            num_delivered=num_delivered,
        )
