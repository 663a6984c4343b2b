"""Helpers every test layer shares (no I/O at import)."""

from __future__ import annotations

from shared.auth import mint_token
from shared.settings import DEV_JWT_SECRET


def auth_headers(ward: str, unit: str = "ca", *roles: str, sub: str | None = None) -> dict[str, str]:
    """A development bearer token of one caller (``officer`` unless roles are given), as headers."""
    token = mint_token(
        DEV_JWT_SECRET, sub=sub or f"{unit}-user", ward=ward, unit=unit, roles=list(roles or ("officer",))
    )
    return {"Authorization": f"Bearer {token}"}
