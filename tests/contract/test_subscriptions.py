"""Every service's consumers are built from the subscription table: the handlers are exactly its rows."""

from __future__ import annotations

import importlib
from types import SimpleNamespace
from typing import Any

import pytest

from shared.contracts.catalog import SERVICES
from shared.contracts.subscriptions import SUBSCRIPTIONS
from shared.messaging.consumer import Subscription, SubscriptionMismatch

# These consume every producer the table lists for them; the others bind theirs in their own issues.
COMPLETE = ("intake", "reporting")


def no_unit_of_work() -> None:
    return None


def built(service: str) -> list[Subscription[Any]]:
    """The service's subscriptions, built by its own code on a runtime that connects nothing."""
    main = importlib.import_module(f"services.{service}.main")
    consumers = importlib.import_module(f"services.{service}.consumers")
    runtime = SimpleNamespace(settings=main.load_settings(), uow=no_unit_of_work, deps=None)
    return list(consumers.subscriptions(runtime))


@pytest.mark.parametrize("service", SERVICES)
def test_the_handlers_of_every_subscription_are_its_row_of_the_table(service: str) -> None:
    subs = built(service)
    table = SUBSCRIPTIONS.get(service, {})
    for sub in subs:
        assert sub.consumer == service
        assert sub.producer in table, f"{service} consumes {sub.producer}, which the table does not list"
        assert sorted(sub.handlers) == sorted(table[sub.producer])
        assert sub.unit_of_work is no_unit_of_work, "each event runs in a unit of work of the runtime"
    assert len({sub.name for sub in subs}) == len(subs), "one durable consumer per producer"
    assert len({sub.producer for sub in subs}) == len(subs)


@pytest.mark.parametrize("service", COMPLETE)
def test_intake_and_reporting_consume_every_producer_the_table_lists_for_them(service: str) -> None:
    assert {sub.producer for sub in built(service)} == set(SUBSCRIPTIONS[service])


def test_a_subscription_whose_handlers_differ_from_the_table_is_refused() -> None:
    async def handler(*_args: Any) -> None:
        return None

    listed = SUBSCRIPTIONS["intake"]["online_monitoring"]

    def subscription(names: tuple[str, ...]) -> Subscription[Any]:
        return Subscription(
            name="intake-from-online_monitoring",
            consumer="intake",
            producer="online_monitoring",
            handlers=dict.fromkeys(names, handler),
            unit_of_work=no_unit_of_work,  # type: ignore[arg-type]
        )

    assert set(subscription(listed).handlers) == set(listed)
    with pytest.raises(
        SubscriptionMismatch, match=r"no handler for \['pcmd.online_monitoring.v1.ItemClosed'\]"
    ):
        subscription(listed[:-1])
    with pytest.raises(
        SubscriptionMismatch, match=r"not in the table: \['pcmd.online_monitoring.v1.ItemReported'\]"
    ):
        subscription((*listed, "pcmd.online_monitoring.v1.ItemReported"))
    with pytest.raises(SubscriptionMismatch):
        Subscription(
            name="x",
            consumer="inspection",
            producer="case_support",  # inspection does not consume case support at all
            handlers={"pcmd.case_support.v1.CaseClosed": handler},
            unit_of_work=no_unit_of_work,  # type: ignore[arg-type]
        )
