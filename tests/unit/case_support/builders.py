"""Shared values of the case-support unit tests: instants in the ward's time, workers, providers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest

from services.case_support.domain.kinds import ProviderKind, ServiceKind
from services.case_support.domain.referral import Provider

VN = dt.timezone(dt.timedelta(hours=7))
DAY0 = dt.date(2026, 3, 2)
WORKER = "vhxh:tran.thi.b"
PEER = "collaborator:le.van.c"
CLINIC = Provider(
    "hiv-clinic-1",
    ProviderKind.HEALTH_FACILITY,
    frozenset({ServiceKind.HIV_STI_PREVENTION, ServiceKind.MENTAL_HEALTH}),
)
SCHOOL = Provider(
    "voc-school-2", ProviderKind.VOCATIONAL_SCHOOL, frozenset({ServiceKind.VOCATIONAL_TRAINING})
)


def on(n: int) -> dt.date:
    return DAY0 + dt.timedelta(days=n)


def at(n: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    """hour:minute in the ward on day n, as a UTC instant."""
    return dt.datetime.combine(on(n), dt.time(hour, minute), VN).astimezone(dt.UTC)


def uid(n: int) -> uuid.UUID:
    return uuid.UUID(int=n)


def assert_frozen(*objects: object) -> None:
    """Each value refuses assignment to its fields (values and events are never changed in place)."""
    for obj in objects:
        first = dataclasses.fields(obj)[0].name  # type: ignore[arg-type]
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(obj, first, getattr(obj, first))
