"""Request and response bases every service's API uses."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """A request body: unknown fields are refused (a typo is an error, not a silently ignored field)."""

    model_config = ConfigDict(extra="forbid")
