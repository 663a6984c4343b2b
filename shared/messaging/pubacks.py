"""The relay's PubAcks: each message of a batch replies to ``<inbox>.<batch>.<index>`` on one
subscription, so a batch's acks are awaited together without a future, task or semaphore per message
(as ``publish_async`` has)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import Header
from nats.js.errors import APIError, NoStreamResponseError

STATUS, NO_RESPONDERS = Header.STATUS, "503"


class Batch:
    """The PubAcks of one batch: each row's stream sequence or exception, in the rows' order."""

    def __init__(self, key: str, reply: str, size: int) -> None:
        self.key, self.reply, self.left, self.outcomes = key, reply, size, [None] * size
        self.done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def settle(self, index: int, outcome: Any) -> None:
        if self.outcomes[index] is None:
            self.outcomes[index], self.left = outcome, self.left - 1
            if not self.left and not self.done.done():
                self.done.set_result(None)


class PubAcks:
    """The acks of the relay's batches, on one subscription; each ack parsed for its stream sequence."""

    def __init__(self, js: JetStreamContext) -> None:
        self.nc = js._nc  # the context's connection: its inbox prefix is the service's own
        self._prefix, self._next, self._batches = "", 0, dict[str, Batch]()

    async def batch(self, size: int) -> Batch:
        if not self._prefix:
            prefix = self.nc.new_inbox() + "."
            await self.nc.subscribe(prefix + "*.*", cb=self._on_ack)
            self._prefix = prefix
        self._next += 1
        key = str(self._next)
        self._batches[key] = batch = Batch(key, f"{self._prefix}{key}.", size)
        return batch

    def forget(self, batch: Batch) -> None:
        self._batches.pop(batch.key, None)

    async def _on_ack(self, msg: Msg) -> None:
        key, _, index = msg.subject[len(self._prefix) :].partition(".")
        if (batch := self._batches.get(key)) is None:
            return  # its batch gave up waiting
        if msg.headers and msg.headers.get(STATUS) == NO_RESPONDERS:
            return batch.settle(int(index), NoStreamResponseError())
        ack = json.loads(msg.data)
        error = ack.get("error")
        batch.settle(int(index), APIError.from_error(error) if error else int(ack["seq"]))
