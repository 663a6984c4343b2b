"""online_monitoring HTTP API (v1): items and their reports, classification, takedown requests,
transparency figures; the permission table and the error table.

Routers parse, authorize (one ``PERMISSIONS`` entry per endpoint) and call one use case.
"""

from __future__ import annotations

from fastapi import APIRouter

from services.online_monitoring.api.evidence import router as evidence
from services.online_monitoring.api.items import router as items
from services.online_monitoring.api.permissions import ERRORS, PERMISSIONS
from services.online_monitoring.api.takedowns import router as takedowns

ROUTERS: tuple[APIRouter, ...] = (items, takedowns, evidence)

__all__ = ["ERRORS", "PERMISSIONS", "ROUTERS"]
