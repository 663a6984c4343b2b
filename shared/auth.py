"""Bearer JWT authentication and the per-endpoint permission tables (DESIGN §5)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx
import jwt
from fastapi import Request

from shared.errors import Forbidden, Unauthorized
from shared.settings import DEFAULT_JWT_LEEWAY as DEFAULT_LEEWAY
from shared.settings import DEFAULT_JWT_MAX_AGE as DEFAULT_MAX_AGE
from shared.settings import WARD_PATTERN

if TYPE_CHECKING:
    from shared.settings import ServiceSettings

log = logging.getLogger(__name__)

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
    "admin": "Quản trị của đơn vị / the unit's administrator",
    "operator": "Vận hành phường / operator of its ward (dead letters of that ward)",
    "platform_operator": "Vận hành hệ thống / operator of the whole deployment (every ward)",
}
UNITS = tuple(UNIT_NAMES)
ROLES = tuple(ROLE_NAMES)
DEV_ALGORITHM = "HS256"
PROD_ALGORITHMS = ["RS256", "ES256", "PS256"]
VERIFIED_TTL = 60.0  # seconds a verified token is trusted without checking its signature again
VERIFIED_MAX = 4096  # verified tokens kept at most (one per active caller)
WARD_CODE = re.compile(WARD_PATTERN.removeprefix("^").removesuffix("$"))


@dataclass(frozen=True, slots=True)
class Principal:
    sub: str
    ward: str
    unit: str
    roles: frozenset[str]
    name: str = ""  # the person's name and title, from the optional `name` and `title` claims:
    title: str = ""  # what documents print (never the technical id); empty when the token has none

    @property
    def id(self) -> str:
        """``unit:sub``: the actor named in audit rows, histories and records (within the ward)."""
        return f"{self.unit}:{self.sub}"

    @property
    def key(self) -> str:
        """``ward/unit:sub``: the caller across every ward, for what is kept per caller (idempotency)."""
        return f"{self.ward}/{self.id}"


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


class JwksKeys:
    """An OIDC provider's signing keys by ``kid``, fetched without blocking the event loop.

    An unknown ``kid`` refreshes the set at most once per ``refresh_interval`` seconds; concurrent
    requests share the one fetch in flight, and after it an unknown ``kid`` is refused without another
    fetch, so random ``kid`` values cannot make the service hammer the provider or stall.
    """

    def __init__(self, url: str, *, refresh_interval: float = 60.0, timeout: float = 5.0) -> None:
        self.url = url
        self.refresh_interval = refresh_interval
        self.fetches = 0
        self._timeout = timeout
        self._keys: dict[str, jwt.PyJWK] = {}
        self._attempted_at: float | None = None
        self._inflight: asyncio.Task[None] | None = None
        self._client: httpx.AsyncClient | None = None

    async def get(self, kid: str) -> jwt.PyJWK:
        if kid not in self._keys:
            await self._refresh()
        key = self._keys.get(kid)
        if key is None:
            raise jwt.PyJWKClientError("the token's kid is not one of the provider's signing keys")
        return key

    async def _refresh(self) -> None:
        task = self._inflight
        if task is None or task.get_loop() is not asyncio.get_running_loop():
            now = time.monotonic()
            if self._attempted_at is not None and now - self._attempted_at < self.refresh_interval:
                return
            self._attempted_at = now
            task = self._inflight = asyncio.create_task(self._fetch(), name="jwks-fetch")
        await asyncio.shield(task)  # a cancelled request does not cancel the fetch others wait for

    async def _fetch(self) -> None:
        try:
            self.fetches += 1
            if self._client is None:  # building its TLS context reads files: not on the event loop
                self._client = await asyncio.to_thread(httpx.AsyncClient, timeout=self._timeout)
            response = await self._client.get(self.url)
            response.raise_for_status()
            self._keys = _signing_keys(response.json())
        except (httpx.HTTPError, ValueError, TypeError, AttributeError, jwt.PyJWTError) as exc:
            log.warning(
                "JWKS fetch from the provider failed (%s); keeping %d known keys", exc, len(self._keys)
            )
        finally:
            self._inflight = None

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


def _signing_keys(document: Any) -> dict[str, jwt.PyJWK]:
    """The usable signature keys of a JWKS document (``use`` absent or ``sig``, a ``kid``, a production
    algorithm); the others are left out."""
    keys = jwt.PyJWKSet.from_dict(document).keys
    return {
        k.key_id: k
        for k in keys
        if k.key_id and k.public_key_use in (None, "sig") and k.algorithm_name in PROD_ALGORITHMS
    }


class Authenticator:
    """HS256 with a local secret in development; a JWKS (OIDC provider) in production.

    Every token needs ``sub``, ``ward``, ``unit``, ``exp`` and ``iat``; it is refused once older than
    ``max_age`` seconds, with ``leeway`` seconds of clock difference allowed.
    """

    def __init__(
        self,
        *,
        secret: str | None = None,
        jwks_url: str | None = None,
        issuer: str | None = None,
        audience: str | None = None,
        max_age: float = DEFAULT_MAX_AGE,
        leeway: float = DEFAULT_LEEWAY,
        refresh_interval: float = 60.0,
    ) -> None:
        if jwks_url and not (issuer and audience):
            raise ValueError("verifying against a JWKS needs an issuer and an audience")
        if not jwks_url and not secret:
            raise ValueError("an Authenticator needs a JWKS URL or a secret")
        self._secret = secret
        self.jwks = JwksKeys(jwks_url, refresh_interval=refresh_interval) if jwks_url else None
        self._issuer = issuer
        self._audience = audience
        self._max_age = max_age
        self._leeway = leeway
        # Tokens verified already (the raw token, the time it stops being valid, its caller): a caller
        # sends the same token with every request, and checking its signature is a tenth of a request.
        self._verified: dict[str, tuple[float, Principal]] = {}

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> Authenticator:
        """Production verifies against the provider's JWKS only (the settings refuse it without one)."""
        return cls(
            secret=None if settings.jwks_url or settings.env == "production" else settings.jwt_secret,
            jwks_url=settings.jwks_url,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            max_age=settings.jwt_max_age,
            leeway=settings.jwt_leeway,
        )

    async def verify(self, token: str) -> Principal:
        now = time.time()
        known = self._verified.get(token)
        if known is not None and now < known[0]:
            return known[1]
        try:
            claims = await self._decode(token)
            principal = Principal(
                sub=str(claims["sub"]),
                ward=_ward(claims["ward"]),
                unit=str(claims["unit"]),
                roles=_roles(claims.get("roles", [])),
                name=_text_claim(claims.get("name")),
                title=_text_claim(claims.get("title")),
            )
        except (jwt.PyJWTError, KeyError, TypeError) as exc:
            raise Unauthorized(f"invalid token: {type(exc).__name__}") from None
        self._remember(token, principal, claims, now)
        return principal

    def _remember(self, token: str, principal: Principal, claims: dict[str, Any], now: float) -> None:
        """Keep a verified token until the first moment a new verification could refuse it: its expiry
        or its maximum age (each with the leeway), and at most ``VERIFIED_TTL`` seconds, so a key the
        provider withdrew stops admitting its tokens soon (tokens are not revoked otherwise)."""
        until = min(
            float(claims["exp"]) + self._leeway,
            float(claims["iat"]) + self._max_age + self._leeway,
            now + VERIFIED_TTL,
        )
        if len(self._verified) >= VERIFIED_MAX:  # the oldest goes first (a dict keeps insertion order)
            self._verified = {t: v for t, v in self._verified.items() if now < v[0]}
            if len(self._verified) >= VERIFIED_MAX:
                self._verified = dict(list(self._verified.items())[VERIFIED_MAX // 2 :])
        self._verified[token] = (until, principal)

    async def _decode(self, token: str) -> dict[str, Any]:
        key: jwt.PyJWK | str
        if self.jwks is not None:
            kid = jwt.get_unverified_header(token).get("kid")
            if not isinstance(kid, str) or not kid:
                raise jwt.InvalidTokenError("the token names no kid")
            key, algorithms = await self.jwks.get(kid), PROD_ALGORITHMS
        else:
            assert self._secret is not None
            key, algorithms = self._secret, [DEV_ALGORITHM]
        claims = jwt.decode(
            token,
            key,
            algorithms=algorithms,
            issuer=self._issuer,
            audience=self._audience,
            leeway=self._leeway,
            options={"require": ["exp", "iat", "sub"]},
        )
        if time.time() - float(claims["iat"]) > self._max_age + self._leeway:
            raise jwt.ExpiredSignatureError("the token is older than its maximum age")
        return claims

    async def aclose(self) -> None:
        if self.jwks is not None:
            await self.jwks.aclose()


def _ward(value: Any) -> str:
    """A ward code an event subject can carry (``pcmd.<ward>.…``); anything else is a 401 that says so."""
    if not isinstance(value, str) or not WARD_CODE.fullmatch(value):
        raise Unauthorized(f"invalid token: the ward claim must match {WARD_PATTERN}")
    return value


def _roles(value: Any) -> frozenset[str]:
    if not isinstance(value, list):
        raise TypeError("roles must be a list")
    return frozenset(str(r) for r in value)


def _text_claim(value: Any) -> str:
    """An optional display claim: a string of at most 200 characters, else nothing."""
    return value.strip()[:200] if isinstance(value, str) else ""


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
    name: str = "",
    title: str = "",
) -> str:
    """A development token (``pcmd token``); production tokens come from the OIDC provider."""
    if not WARD_CODE.fullmatch(ward):
        raise ValueError(f"ward {ward!r} must match {WARD_PATTERN}")
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
    if name:
        claims["name"] = name
    if title:
        claims["title"] = title
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
        principal = await authenticator.verify(bearer(request))
        if not allowed(table, permission, principal):
            raise Forbidden(f"{principal.unit}/{','.join(sorted(principal.roles))} may not {permission}")
        return principal

    dependency.__name__ = f"requires_{permission.replace(':', '_')}"
    dependency.permission = permission  # type: ignore[attr-defined]  # read by the authorization matrix test
    return dependency
