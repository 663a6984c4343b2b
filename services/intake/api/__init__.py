"""Intake HTTP API (v1): staff endpoints under /v1/tips, anonymous ones under /v1/public."""

from services.intake.api.permissions import ERRORS, PERMISSIONS
from services.intake.api.public import public
from services.intake.api.tips import router

ROUTERS = (router, public)

__all__ = ["ERRORS", "PERMISSIONS", "ROUTERS"]
