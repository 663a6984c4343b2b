"""Reporting HTTP API (v1) and the dashboard page."""

from __future__ import annotations

from services.reporting.api import (
    budget,
    dashboard,
    difficulties,
    evaluation,
    forecast,
    indicators,
    programme,
    read_models,
    reviews,
    snapshots,
)
from services.reporting.api.permissions import ERRORS, PERMISSIONS

ROUTERS = (
    read_models.router,
    indicators.router,
    forecast.router,
    snapshots.router,
    programme.router,
    budget.router,
    difficulties.router,
    evaluation.router,
    reviews.router,
    dashboard.router,
)

__all__ = ["ERRORS", "PERMISSIONS", "ROUTERS"]
