"""Alembic environment for online_monitoring: the platform's async runner over its metadata."""

from services.online_monitoring.repository import Base
from shared.migrations import run_env

run_env(Base.metadata)
