"""Alembic environment for reporting: the platform's async runner over reporting's metadata."""

from services.reporting import repository  # noqa: F401 - registers reporting's tables
from shared.db import Base
from shared.migrations import run_env

run_env(Base.metadata)
