"""A handler marked ``only_when`` is not given the events its test refuses: alone or in a batch, such an
event opens no unit of work (no transaction, no inbox row) and counts as applied by nobody."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from services.case_support.consumers import HANDLERS
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake
from shared.messaging.consumer import EventConsumer, Subscription, one_transaction
from shared.messaging.envelope import IncomingEnvelope

ROUTED = "pcmd.intake.v1.TipRouted"


class Opened(Exception):
    """The unit of work was entered: a transaction would have begun."""


class NoTransaction:
    session: Any = None

    async def __aenter__(self) -> NoTransaction:
        raise Opened

    async def __aexit__(self, *_: object) -> None:
        return None


def env() -> IncomingEnvelope:
    return IncomingEnvelope.from_headers(
        {"ce-id": str(uuid.uuid4()), "ce-type": ROUTED},
        subject="s",
        stream="x",
        stream_seq=1,
        num_delivered=1,
    )


def routed(target: Any) -> intake.TipRouted:
    return intake.TipRouted(tip_id=str(uuid.uuid4()), ward="w", target=target)


def subscription() -> Subscription[Any]:
    return Subscription("d", "case_support", "intake", HANDLERS["intake"], NoTransaction)


async def test_an_event_alone_that_its_handler_refuses_opens_nothing() -> None:
    consumer = EventConsumer(None, service="case_support", ward="w")  # type: ignore[arg-type]
    elsewhere = routed(intake.ROUTING_TARGET_INSPECTION)
    assert await consumer.apply(subscription(), elsewhere, env()) is False
    with pytest.raises(Opened):  # its own: the handler's work begins with a transaction
        await consumer.apply(subscription(), routed(intake.ROUTING_TARGET_CASE_SUPPORT), env())


async def test_a_batch_of_refused_events_opens_nothing_and_one_taken_event_opens_it() -> None:
    apply: Any = one_transaction(HANDLERS["intake"])
    refused = [
        (env(), routed(t)) for t in (intake.ROUTING_TARGET_INSPECTION, intake.ROUTING_TARGET_UNSPECIFIED)
    ]
    assert await apply(NoTransaction(), "d", refused) == 0
    with pytest.raises(Opened):
        await apply(NoTransaction(), "d", [*refused, (env(), routed(intake.ROUTING_TARGET_CASE_SUPPORT))])
