"""Settings base: every service subclasses it with its own env prefix for its database."""

from __future__ import annotations

import base64
import hashlib
from typing import Any, ClassVar, Literal, Self
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.clock import DemoClockRefused, check_allowed

DEV_JWT_SECRET = "dev-only-secret-change-me-0123456789abcdef"  # noqa: S105 - refused outside development
# A fixed development key (32 zero-ish bytes, base64) so local data stays readable across restarts.
DEV_FIELD_KEYS = "dev1:ZGV2LW9ubHkta2V5LWNoYW5nZS1tZS0wMTIzNDU2Nzg="
# A ward code as event subjects carry it (``pcmd.<ward>.…``): settings, token claims, request bodies.
WARD_PATTERN = r"^[a-z0-9_]{2,32}$"
DEFAULT_JWT_MAX_AGE = 8 * 3600.0  # seconds since a token's ``iat``: a working day
DEFAULT_JWT_LEEWAY = 30.0  # seconds of clock difference with the token's issuer
# Set only where tokens come from an OIDC provider: with any of them, PCMD_ENV must be said out loud.
PROVIDER_VARIABLES = {
    "jwks_url": "PCMD_JWKS_URL",
    "jwt_issuer": "PCMD_JWT_ISSUER",
    "jwt_audience": "PCMD_JWT_AUDIENCE",
}


def development_keys(service: str) -> str:
    """A development key of the service's own (derived from its name: public, refused in production),
    with the old shared development key after it, so local data written before still reads."""
    own = base64.b64encode(hashlib.sha256(f"pcmd-dev-field-key:{service}".encode()).digest()).decode()
    return f"dev-{service}:{own},{DEV_FIELD_KEYS}"


def database_env_var(service: str) -> str:
    """``PCMD_<SERVICE>_DATABASE_URL``: where a service's database is, for the service and the launcher."""
    return f"PCMD_{service.upper()}_DATABASE_URL"


def migration_database_env_var(service: str) -> str:
    """``PCMD_<SERVICE>_MIGRATION_DATABASE_URL``: the owner role's URL, for migrations and rebuilds."""
    return f"PCMD_{service.upper()}_MIGRATION_DATABASE_URL"


def nats_servers(url: str) -> list[str]:
    """``nats://a:4222,nats://b:4222`` as a list (nats-py and FastStream take a list, not that string):
    a client given every node of a cluster connects, and reconnects, to any that is up."""
    servers = [u.strip() for u in url.split(",") if u.strip()]
    if not servers:
        raise ValueError("PCMD_NATS_URL names no server")
    return servers


def _platform(name: str) -> AliasChoices:
    """Read a platform-wide variable (``PCMD_<NAME>``) whatever the service's prefix."""
    return AliasChoices(f"PCMD_{name.upper()}")


class ServiceSettings(BaseSettings):
    """Configuration shared by all services; ``database_url`` comes from ``PCMD_<SERVICE>_DATABASE_URL``."""

    service_name: ClassVar[str] = ""
    # hide_input_in_errors: a refused configuration is logged without the secrets it was given.
    model_config = SettingsConfigDict(
        env_prefix="PCMD_", extra="ignore", populate_by_name=True, hide_input_in_errors=True
    )

    env: Literal["development", "test", "production"] = Field(
        "development", validation_alias=_platform("env")
    )
    ward: str = Field("lechan", validation_alias=_platform("ward"), pattern=WARD_PATTERN)
    nats_url: str = Field("nats://127.0.0.1:4222", validation_alias=_platform("nats_url"))
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
    # The owner role's URL (PCMD_<SERVICE>_MIGRATION_DATABASE_URL): migrations and rebuilds run as it,
    # the service as the role of ``database_url``, which may not change the tables' shape nor the audit.
    migration_database_url: str = ""
    jwt_secret: str = Field(DEV_JWT_SECRET, validation_alias=_platform("jwt_secret"))
    jwks_url: str | None = Field(None, validation_alias=_platform("jwks_url"))
    jwt_issuer: str | None = Field(None, validation_alias=_platform("jwt_issuer"))
    jwt_audience: str | None = Field(None, validation_alias=_platform("jwt_audience"))
    jwt_max_age: float = Field(DEFAULT_JWT_MAX_AGE, validation_alias=_platform("jwt_max_age"), gt=0, le=86400)
    jwt_leeway: float = Field(DEFAULT_JWT_LEEWAY, validation_alias=_platform("jwt_leeway"), ge=0, le=300)
    # Each service's own field-encryption keys: PCMD_<SERVICE>_FIELD_KEYS ("id:base64,id:base64", old
    # keys kept for reading) and PCMD_<SERVICE>_FIELD_KEY_ID (the one that encrypts). Unset in
    # development: a key of the service's own, derived from its name (never valid in production).
    field_keys: str = ""
    field_key_id: str = ""
    cors_origins: str = Field("", validation_alias=_platform("cors_origins"))
    relay_poll_interval: float = Field(1.0, validation_alias=_platform("relay_poll_interval"), gt=0)
    relay_batch_size: int = Field(200, validation_alias=_platform("relay_batch_size"), gt=0)
    # Woken by a writer, the relay waits this long (seconds) before it claims: the rows committed
    # meanwhile go in the same batch, so the relay, NATS and every consumer make fewer rounds per event.
    relay_linger: float = Field(0.003, validation_alias=_platform("relay_linger"), ge=0, le=1)
    outbox_retention_hours: float = Field(24.0, validation_alias=_platform("outbox_retention_hours"), ge=0)
    # How long an Idempotency-Key and the answer kept for it last: a retry later than that is a new request.
    idempotency_retention_hours: float = Field(
        72.0, validation_alias=_platform("idempotency_retention_hours"), gt=0
    )
    consumer_max_deliver: int = Field(5, validation_alias=_platform("consumer_max_deliver"), ge=2)
    stream_wait_seconds: float = Field(60.0, validation_alias=_platform("stream_wait_seconds"), gt=0)
    log_level: str = Field("INFO", validation_alias=_platform("log_level"))
    # "*" consumes every ward's events; a ward code limits this deployment's consumers to that ward.
    consume_ward: str = Field(
        "*", validation_alias=_platform("consume_ward"), pattern=r"^(\*|[a-z0-9_]{2,32})$"
    )
    stream_replicas: int = Field(1, validation_alias=_platform("nats_stream_replicas"), ge=1, le=5)
    consumer_ack_wait: float = Field(15.0, validation_alias=_platform("consumer_ack_wait"), gt=0)
    # A demo system's simulated clock (shared/clock.py, `pcmd run --demo-clock`): refused in production.
    demo_clock: str = Field("", validation_alias=_platform("demo_clock"))

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """A service's own variables are ``PCMD_<SERVICE>_*``: the prefix comes from its name, here only."""
        super().__pydantic_init_subclass__(**kwargs)
        if cls.service_name:
            cls.model_config = {**cls.model_config, "env_prefix": f"PCMD_{cls.service_name.upper()}_"}

    @field_validator("jwks_url", "jwt_issuer", "jwt_audience", "jwt_secret", "field_keys", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: Any, info: ValidationInfo) -> Any:
        """``PCMD_JWKS_URL=""`` (a blanked ConfigMap entry) is unset, not a value that slips past a check."""
        if isinstance(value, str) and not value.strip():
            return cls.model_fields[str(info.field_name)].default
        return value

    @model_validator(mode="after")
    def _fail_closed(self) -> Self:
        """Refuse to start on a configuration that would accept tokens it should not; name the variable."""
        try:
            check_allowed(self.env, self.demo_clock.strip())
        except DemoClockRefused as exc:
            raise ValueError(str(exc)) from None
        given = [var for name, var in PROVIDER_VARIABLES.items() if getattr(self, name) is not None]
        missing = [var for name, var in PROVIDER_VARIABLES.items() if getattr(self, name) is None]
        if given and "env" not in self.model_fields_set:
            also = f" (it also needs {', '.join(missing)})" if missing else ""
            raise ValueError(
                f"PCMD_ENV is unset but {', '.join(given)} {'is' if len(given) == 1 else 'are'} set: "
                f"set PCMD_ENV=production{also}, or PCMD_ENV=development to use them in development"
            )
        if self.env == "production":
            if missing:
                raise ValueError(
                    f"production needs {', '.join(missing)} (tokens from an OIDC provider; "
                    "HS256 with PCMD_JWT_SECRET is refused in production)"
                )
            url = urlsplit(str(self.jwks_url))
            if url.scheme != "https" or not url.hostname:
                raise ValueError("production needs an https:// PCMD_JWKS_URL")
            if (
                not self.field_keys
                or DEV_FIELD_KEYS.split(":")[1] in self.field_keys
                or "dev-" in self.field_keys
            ):
                raise ValueError(
                    f"production needs this service's own PCMD_{self.service_name.upper()}_FIELD_KEYS "
                    "(and _FIELD_KEY_ID)"
                )
        if not self.field_keys:
            self.field_keys, self.field_key_id = (
                development_keys(self.service_name),
                f"dev-{self.service_name}",
            )
        if self.jwks_url is not None and missing:
            raise ValueError(
                f"PCMD_JWKS_URL needs {', '.join(missing)}: a provider's token is checked for both"
            )
        return self

    @property
    def migration_url(self) -> str:
        return self.migration_database_url or self.database_url

    @property
    def nats_servers(self) -> list[str]:
        """Every server of ``PCMD_NATS_URL`` (a comma-separated list: a cluster's nodes), in order."""
        return nats_servers(self.nats_url)

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]

    def consume_subject(self, producer: str) -> str:
        return f"pcmd.{self.consume_ward}.{producer}.>"

    def durable_name(self, producer: str) -> str:
        """One durable consumer per (consumer service, producer[, ward])."""
        suffix = "" if self.consume_ward == "*" else f"-{self.consume_ward}"
        return f"{self.service_name}-{producer}{suffix}"

    @classmethod
    def database_env_var(cls) -> str:
        return database_env_var(cls.service_name)
