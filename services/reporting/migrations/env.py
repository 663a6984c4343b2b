"""Alembic environment for reporting: the platform's async runner over reporting's metadata."""

from services.reporting.repository import budget, facts, programme, snapshots  # noqa: F401 - registers the tables
from services.reporting.repository.base import Base
from shared.migrations import run_env

run_env(Base.metadata)
