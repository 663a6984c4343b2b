"""Dead letters: events a consumer can never apply, kept with the reason, listable and replayable."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from nats.aio.msg import Msg
from nats.errors import MaxPayloadError
from nats.js import JetStreamContext
from nats.js.errors import BadRequestError, NotFoundError

from shared.messaging.streams import dlq_stream_name, dlq_subject

REASON = "pcmd-dlq-reason"
CONSUMER = "pcmd-dlq-consumer"
ORIGIN_STREAM = "pcmd-dlq-stream"
ORIGIN_SEQ = "pcmd-dlq-stream-seq"
ORIGIN_SUBJECT = "pcmd-dlq-subject"
# The outbox relay's own "consumer" name: rows it could never publish are quarantined under it.
RELAY = "outbox-relay"
_DLQ_HEADERS = (REASON, CONSUMER, ORIGIN_STREAM, ORIGIN_SEQ, ORIGIN_SUBJECT, "Nats-Msg-Id")


@dataclass(frozen=True, slots=True)
class DeadLetter:
    seq: int
    consumer: str
    reason: str
    event_type: str
    event_id: str
    origin_subject: str
    origin_stream: str
    origin_seq: int
    at: dt.datetime | None
    headers: dict[str, str]
    data: bytes

    def public(self) -> dict[str, Any]:
        """What an operator sees: no payload bytes."""
        return {
            "seq": self.seq,
            "consumer": self.consumer,
            "reason": self.reason,
            "event_type": self.event_type,
            "event_id": self.event_id,
            "origin_subject": self.origin_subject,
            "origin_stream": self.origin_stream,
            "origin_seq": self.origin_seq,
            "at": self.at.isoformat() if self.at else None,
        }


class DeadLetters:
    def __init__(self, js: JetStreamContext, *, service: str) -> None:
        self._js = js
        self.service = service
        self.stream = dlq_stream_name(service)

    async def send(self, consumer: str, msg: Msg, reason: str) -> None:
        """Copy the delivery to the dead-letter stream, then the caller terminates it."""
        md = msg.metadata
        headers = {k: v for k, v in (msg.headers or {}).items() if k != "Nats-Expected-Stream"}
        original_id = headers.get("ce-id") or f"{md.stream}:{md.sequence.stream}"
        headers.update(
            {
                REASON: reason[:1000],
                CONSUMER: consumer,
                ORIGIN_STREAM: md.stream,
                ORIGIN_SEQ: str(md.sequence.stream),
                ORIGIN_SUBJECT: msg.subject,
                "Nats-Msg-Id": f"{consumer}:{original_id}",
            }
        )
        await self._js.publish(dlq_subject(self.service, consumer), msg.data, headers=headers, timeout=10)

    async def quarantine(self, subject: str, data: bytes, headers: dict[str, Any], reason: str) -> None:
        """Keep an outbox row JetStream refused (with the reason), so the relay can go past it."""
        clean = {str(k): _header_value(v) for k, v in headers.items()}
        clean.update(
            {
                REASON: _header_value(reason)[:1000],
                CONSUMER: RELAY,
                ORIGIN_STREAM: "",
                ORIGIN_SEQ: "0",
                ORIGIN_SUBJECT: _header_value(subject)[:1000],
                "Nats-Msg-Id": f"{RELAY}:{clean.get('ce-id', '')}",
            }
        )
        try:
            await self._js.publish(dlq_subject(self.service, RELAY), data, headers=clean, timeout=10)
        except MaxPayloadError:  # the reason the row failed: keep the letter without its body
            clean[REASON] = f"{clean[REASON]} (body of {len(data)} bytes not kept)"[:1000]
            await self._js.publish(dlq_subject(self.service, RELAY), b"", headers=clean, timeout=10)

    async def republish(self, letter: DeadLetter) -> None:
        """Publish a quarantined outbox row to its own subject again (after the cause was fixed)."""
        headers = {k: v for k, v in letter.headers.items() if k not in _DLQ_HEADERS}
        if letter.event_id:
            headers["Nats-Msg-Id"] = letter.event_id
        await self._js.publish(letter.origin_subject, letter.data, headers=headers, timeout=10)

    async def list(self, limit: int = 100, consumer: str | None = None) -> list[DeadLetter]:
        """Oldest first; ``consumer`` narrows to one consumer's dead letters."""
        info = await self._js.stream_info(self.stream)
        out: list[DeadLetter] = []
        seq = info.state.first_seq
        while info.state.messages and seq <= info.state.last_seq and len(out) < limit:
            letter = await self.get(seq)
            if letter is not None and consumer in (None, letter.consumer):
                out.append(letter)
            seq += 1
        return out

    async def get(self, seq: int) -> DeadLetter | None:
        try:
            raw = await self._js.get_msg(self.stream, seq)
        except (NotFoundError, BadRequestError):  # no such sequence, or one JetStream cannot hold
            return None
        h = dict(raw.headers or {})
        return DeadLetter(
            seq=seq,
            consumer=h.get(CONSUMER, ""),
            reason=h.get(REASON, ""),
            event_type=h.get("ce-type", ""),
            event_id=h.get("ce-id", ""),
            origin_subject=h.get(ORIGIN_SUBJECT, ""),
            origin_stream=h.get(ORIGIN_STREAM, ""),
            origin_seq=int(h.get(ORIGIN_SEQ, "0") or 0),
            at=None,
            headers=h,
            data=raw.data or b"",
        )

    async def remove(self, seq: int) -> None:
        await self._js.delete_msg(self.stream, seq)

    async def count(self, consumer: str | None = None) -> int:
        if consumer is None:
            return int((await self._js.stream_info(self.stream)).state.messages)
        subject = dlq_subject(self.service, consumer)
        info = await self._js.stream_info(self.stream, subjects_filter=subject)
        return int((info.state.subjects or {}).get(subject, 0))


def _header_value(value: Any) -> str:
    """A header value NATS can carry: a string on one line."""
    return " ".join(str(value).splitlines())
