"""Alembic environment for inspection: the platform's async runner over its metadata."""

from services.inspection.repository import Base
from shared.migrations import run_env

run_env(Base.metadata)
