"""Response headers every service sends for the browser's protection (added by ``shared.app``)."""

from __future__ import annotations

from typing import TypedDict

from starlette.types import ASGIApp, Message, Receive, Scope, Send


# FastAPI's Swagger UI and ReDoc pages load their scripts from a CDN: both are off, in every
# environment (no pinned package ships a Swagger UI that renders OpenAPI 3.1); /openapi.json stays.
class _Docs(TypedDict):
    docs_url: None
    redoc_url: None


NO_CDN_DOCS: _Docs = {"docs_url": None, "redoc_url": None}

# A year, subdomains included: production is served over HTTPS only (the ingress terminates TLS).
HSTS = b"max-age=31536000; includeSubDomains"


class StrictTransportSecurity:
    """``Strict-Transport-Security`` on every HTTP response, errors included, when ``enabled``
    (production; ``create_app`` adds it outermost)."""

    def __init__(self, app: ASGIApp, enabled: bool = True) -> None:
        self.app = app
        self.enabled = enabled

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.enabled:
            await self.app(scope, receive, send)
            return

        async def with_hsts(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    h for h in message.get("headers", []) if h[0].lower() != b"strict-transport-security"
                ]
                message["headers"] = [*headers, (b"strict-transport-security", HSTS)]
            await send(message)

        await self.app(scope, receive, with_hsts)
