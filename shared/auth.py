"""Bearer JWT authentication and the per-endpoint permission tables (DESIGN §5)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import jwt
from fastapi import Request
from jwt.types import Options

from shared.errors import Forbidden, Unauthorized

# The units of the plan (code: Vietnamese / English name) and the roles a token may carry.
UNIT_NAMES: Mapping[str, str] = {
    "ubnd": "Ủy ban nhân dân phường / Ward People's Committee (leadership)",
    "vhxh": "Phòng Văn hóa - Xã hội / Culture–Society Office",
    "ca": "Công an phường / Ward Police",
    "ttdv": "Trung tâm Dịch vụ sự nghiệp công / Public Service Centre",
    "qs": "Ban Chỉ huy Quân sự / Military Command",
    "vp": "Văn phòng HĐND và UBND / Office of the Council and Committee",
    "ktht": "Phòng Kinh tế, Hạ tầng và Đô thị / Economic–Infrastructure Office",
    "mttq": "Mặt trận Tổ quốc / Fatherland Front",
    "tdp": "Tổ dân phố / residential groups",
    "city": "Sở Y tế, UBND thành phố / city Health Department and People's Committee",
}
ROLE_NAMES: Mapping[str, str] = {
    "leader": "Lãnh đạo / leader",
    "officer": "Cán bộ / officer",
    "case_worker": "Cán bộ quản lý trường hợp / case worker",
    "collaborator": "Cộng tác viên, đồng đẳng viên / collaborator, peer educator",
    "analyst": "Phân tích / analyst",
    "viewer": "Xem / viewer",
    "admin": "Vận hành / operator",
}
UNITS = tuple(UNIT_NAMES)
ROLES = tuple(ROLE_NAMES)
DEV_ALGORITHM = "HS256"
PROD_ALGORITHMS = ["RS256", "ES256", "PS256"]


@dataclass(frozen=True, slots=True)
class Principal:
    sub: str
    ward: str
    unit: str
    roles: frozenset[str]

    @property
    def id(self) -> str:
        return f"{self.unit}:{self.sub}"


@dataclass(frozen=True, slots=True)
class Grant:
    """A unit (or ``*``) and a role (or ``*``) allowed to do something."""

    unit: str
    role: str

    def admits(self, p: Principal) -> bool:
        return (self.unit in ("*", p.unit)) and (self.role == "*" or self.role in p.roles)


PermissionTable = Mapping[str, tuple[Grant, ...]]


def allowed(table: PermissionTable, permission: str, principal: Principal) -> bool:
    return any(g.admits(principal) for g in table.get(permission, ()))


class Authenticator:
    """HS256 with a local secret in development; a JWKS (OIDC provider) in production."""

    def __init__(
        self,
        *,
        secret: str | None = None,
        jwks_url: str | None = None,
        issuer: str | None = None,
        audience: str | None = None,
    ) -> None:
        self._secret = secret
        self._jwks = jwt.PyJWKClient(jwks_url, cache_keys=True) if jwks_url else None
        self._issuer = issuer
        self._audience = audience

    def verify(self, token: str) -> Principal:
        try:
            claims = self._decode(token)
            return Principal(
                sub=str(claims["sub"]),
                ward=str(claims["ward"]),
                unit=str(claims["unit"]),
                roles=frozenset(str(r) for r in claims.get("roles", [])),
            )
        except (jwt.PyJWTError, KeyError, TypeError) as exc:
            raise Unauthorized(f"invalid token: {type(exc).__name__}") from None

    def _decode(self, token: str) -> dict[str, Any]:
        options: Options = {"require": ["exp", "sub"]}
        if self._jwks is not None:
            key = self._jwks.get_signing_key_from_jwt(token).key
            return jwt.decode(
                token,
                key,
                algorithms=PROD_ALGORITHMS,
                issuer=self._issuer,
                audience=self._audience,
                options=options,
            )
        assert self._secret is not None
        return jwt.decode(
            token,
            self._secret,
            algorithms=[DEV_ALGORITHM],
            issuer=self._issuer,
            audience=self._audience,
            options=options,
        )


def mint_token(
    secret: str,
    *,
    sub: str,
    ward: str,
    unit: str,
    roles: list[str],
    ttl: dt.timedelta = dt.timedelta(hours=8),
    issuer: str | None = None,
    audience: str | None = None,
) -> str:
    """A development token (``pcmd token``); production tokens come from the OIDC provider."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; one of {', '.join(UNITS)}")
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}; use {', '.join(ROLES)}")
    now = dt.datetime.now(dt.UTC)
    claims: dict[str, Any] = {
        "sub": sub,
        "ward": ward,
        "unit": unit,
        "roles": roles,
        "iat": now,
        "exp": now + ttl,
    }
    if issuer:
        claims["iss"] = issuer
    if audience:
        claims["aud"] = audience
    return jwt.encode(claims, secret, algorithm=DEV_ALGORITHM)


def bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("a bearer token is required")
    return token


def requires(table: PermissionTable, permission: str) -> Callable[[Request], Awaitable[Principal]]:
    """A FastAPI dependency: the caller, if the table grants ``permission`` to their unit and role."""
    if permission not in table:
        raise KeyError(f"permission {permission!r} is not in the table")

    async def dependency(request: Request) -> Principal:
        authenticator: Authenticator = request.app.state.authenticator
        principal = authenticator.verify(bearer(request))
        if not allowed(table, permission, principal):
            raise Forbidden(f"{principal.unit}/{','.join(sorted(principal.roles))} may not {permission}")
        return principal

    dependency.__name__ = f"requires_{permission.replace(':', '_')}"
    dependency.permission = permission  # type: ignore[attr-defined]  # read by the authorization matrix test
    return dependency
