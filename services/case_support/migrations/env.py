"""Alembic environment for case_support: the platform's async runner."""

from shared.db import Base
from shared.migrations import run_env

run_env(Base.metadata)
