"""Alembic environment for reporting: the platform's async runner over reporting's metadata."""

from services.reporting.repository import (  # noqa: F401 - registers the tables
    budget,
    difficulties,
    evaluation,
    facts,
    programme,
    reviews,
    snapshots,
)
from services.reporting.repository.base import Base
from shared.migrations import run_env

run_env(Base.metadata)
