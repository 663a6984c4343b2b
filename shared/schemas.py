"""Request and response bases every service's API uses."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator


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
