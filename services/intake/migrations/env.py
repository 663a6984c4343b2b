"""Alembic environment for intake: the platform's async runner over intake's metadata."""

from services.intake.repository import Base
from shared.migrations import run_env

run_env(Base.metadata)
