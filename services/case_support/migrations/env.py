"""Alembic environment for case_support: the platform's async runner over its metadata."""

from services.case_support.repository import Base
from shared.migrations import run_env

run_env(Base.metadata)
