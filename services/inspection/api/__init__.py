"""Inspection HTTP API (v1): the register, inspections, campaigns with their schedules, hotspots."""

from services.inspection.api.establishments import router as establishments
from services.inspection.api.inspections import router as inspections
from services.inspection.api.permissions import ERRORS, PERMISSIONS
from services.inspection.api.planning import campaign_router, hotspot_router

ROUTERS = (establishments, inspections, campaign_router, hotspot_router)

__all__ = ["ERRORS", "PERMISSIONS", "ROUTERS"]
