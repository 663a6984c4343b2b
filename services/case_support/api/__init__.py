"""case_support HTTP API (v1): routers, the permission table and the error table.

Routers parse, authorize (one ``PERMISSIONS`` entry per endpoint) and call one use case.
"""

from __future__ import annotations

from fastapi import APIRouter

from services.case_support.api import cases, plans, referrals
from services.case_support.api.permissions import ERRORS, PERMISSIONS

ROUTERS: tuple[APIRouter, ...] = (cases.router, plans.router, referrals.router)
__all__ = ["ERRORS", "PERMISSIONS", "ROUTERS"]
