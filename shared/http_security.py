"""Response headers every service sends for the browser's protection (added by ``shared.app.Edge``)."""

from __future__ import annotations

from typing import TypedDict


# FastAPI's Swagger UI and ReDoc pages load their scripts from a CDN: both are off, in every
# environment (no pinned package ships a Swagger UI that renders OpenAPI 3.1); /openapi.json stays.
class _Docs(TypedDict):
    docs_url: None
    redoc_url: None


NO_CDN_DOCS: _Docs = {"docs_url": None, "redoc_url": None}

# A year, subdomains included: production is served over HTTPS only (the ingress terminates TLS).
HSTS = b"max-age=31536000; includeSubDomains"
