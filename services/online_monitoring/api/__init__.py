"""online_monitoring HTTP API (v1): routers, the permission table and the error table (none yet).

Routers parse, authorize (one ``PERMISSIONS`` entry per endpoint) and call one use case.
"""

from __future__ import annotations

from fastapi import APIRouter

from shared.auth import PermissionTable

ROUTERS: tuple[APIRouter, ...] = ()
PERMISSIONS: PermissionTable = {}
# Domain errors → problem details (status, type, title); the one table for this service.
ERRORS: dict[type[Exception], tuple[int, str, str]] = {}
