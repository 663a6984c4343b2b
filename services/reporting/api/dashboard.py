"""The indicator dashboard: one static page plus its script and stylesheet, served from this service.

The page holds no data and needs no login to load; it calls the bearer-protected ``/v1`` API itself
with a token the user supplies. Everything is local (no CDN, no fonts), because ward offices may be
offline, and the Content-Security-Policy allows nothing but this origin.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, Request, Response

from shared.errors import NotFound

STATIC = Path(__file__).resolve().parent.parent / "static"

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",  # the token form is handled by the script, never submitted
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@dataclass(frozen=True)
class Asset:
    body: bytes
    media_type: str

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'


def _load(name: str, media_type: str) -> Asset:
    # Read once at import: a missing file stops the service at start-up, not on a user's first visit.
    return Asset((STATIC / name).read_bytes(), media_type)


PAGE = _load("dashboard.html", "text/html; charset=utf-8")
# Only these two names are served: the path parameter never reaches the file system.
ASSETS = {
    "dashboard.js": _load("dashboard.js", "text/javascript; charset=utf-8"),
    "dashboard.css": _load("dashboard.css", "text/css; charset=utf-8"),
}

router = APIRouter(tags=["dashboard"])


@router.get("/dashboard", include_in_schema=False)
async def dashboard_page() -> Response:
    """Bảng điều khiển chỉ số / the indicator dashboard page (static; the data needs a token)."""
    headers = {**SECURITY_HEADERS, "Cache-Control": "no-store"}
    return Response(PAGE.body, media_type=PAGE.media_type, headers=headers)


@router.get("/dashboard/assets/{name}", include_in_schema=False)
async def dashboard_asset(name: str, request: Request) -> Response:
    """The page's script or stylesheet; revalidated on each load so an update is never stale."""
    asset = ASSETS.get(name)
    if asset is None:
        raise NotFound("no such dashboard asset")
    headers = {**SECURITY_HEADERS, "Cache-Control": "no-cache", "ETag": asset.etag}
    if request.headers.get("if-none-match") == asset.etag:
        return Response(status_code=304, headers=headers)
    return Response(asset.body, media_type=asset.media_type, headers=headers)
