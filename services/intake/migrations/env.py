"""Alembic environment for intake: the platform's async runner over intake's metadata."""

from services.intake import repository  # noqa: F401 - registers intake's tables
from shared.db import Base
from shared.migrations import run_env

run_env(Base.metadata)
