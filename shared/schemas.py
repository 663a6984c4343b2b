"""Request and response bases every service's API uses."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, PlainSerializer, field_validator

from shared.contracts.values import WARD_TIME


def _in_ward_time(at: dt.datetime) -> dt.datetime:
    """The platform keeps instants in UTC; a naive one is taken as UTC."""
    return (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone(WARD_TIME)


def local_time(at: dt.datetime) -> str:
    """An instant as the ward reads it, on every channel: ISO 8601 in Asia/Ho_Chi_Minh time (+07:00)."""
    return _in_ward_time(at).isoformat()


def local_time_or_none(at: dt.datetime | None) -> str | None:
    return None if at is None else local_time(at)


# A response field holding an instant: answered in the ward's time (+07:00), as ``local_time`` writes it.
LocalDateTime = Annotated[
    dt.datetime, AfterValidator(_in_ward_time), PlainSerializer(local_time, return_type=str, when_used="json")
]


def storable(value: Any) -> Any:
    """Text PostgreSQL can store: no NUL character, no lone surrogate (refused at the edge as a 422)."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("text may not contain the NUL character (\\u0000)")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("text must be valid Unicode (no lone surrogates)") from None
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            storable(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            storable(key)
            storable(item)
    return value


class StrictModel(BaseModel):
    """A request body: unknown fields are refused (a typo is an error, not a silently ignored field),
    and every text in it is text PostgreSQL can store."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        return storable(value)
