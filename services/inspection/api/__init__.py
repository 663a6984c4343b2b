"""Inspection HTTP API (v1): the register under /v1/establishments, inspections under /v1/inspections."""

from services.inspection.api.establishments import router as establishments
from services.inspection.api.inspections import router as inspections
from services.inspection.api.permissions import ERRORS, PERMISSIONS

ROUTERS = (establishments, inspections)

__all__ = ["ERRORS", "PERMISSIONS", "ROUTERS"]
