"""Settings base: every service subclasses it with its own env prefix for its database."""

from __future__ import annotations

from typing import Any, ClassVar, Literal, Self

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_JWT_SECRET = "dev-only-secret-change-me-0123456789abcdef"  # noqa: S105 - refused outside development
# A fixed development key (32 zero-ish bytes, base64) so local data stays readable across restarts.
DEV_FIELD_KEYS = "dev1:ZGV2LW9ubHkta2V5LWNoYW5nZS1tZS0wMTIzNDU2Nzg="


def database_env_var(service: str) -> str:
    """``PCMD_<SERVICE>_DATABASE_URL``: where a service's database is, for the service and the launcher."""
    return f"PCMD_{service.upper()}_DATABASE_URL"


def _platform(name: str) -> AliasChoices:
    """Read a platform-wide variable (``PCMD_<NAME>``) whatever the service's prefix."""
    return AliasChoices(f"PCMD_{name.upper()}")


class ServiceSettings(BaseSettings):
    """Configuration shared by all services; ``database_url`` comes from ``PCMD_<SERVICE>_DATABASE_URL``."""

    service_name: ClassVar[str] = ""
    model_config = SettingsConfigDict(env_prefix="PCMD_", extra="ignore", populate_by_name=True)

    env: Literal["development", "test", "production"] = Field(
        "development", validation_alias=_platform("env")
    )
    ward: str = Field("lechan", validation_alias=_platform("ward"), pattern=r"^[a-z0-9_]{2,32}$")
    nats_url: str = Field("nats://127.0.0.1:4222", validation_alias=_platform("nats_url"))
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
    jwt_secret: str = Field(DEV_JWT_SECRET, validation_alias=_platform("jwt_secret"))
    jwks_url: str | None = Field(None, validation_alias=_platform("jwks_url"))
    jwt_issuer: str | None = Field(None, validation_alias=_platform("jwt_issuer"))
    jwt_audience: str | None = Field(None, validation_alias=_platform("jwt_audience"))
    field_keys: str = Field(DEV_FIELD_KEYS, validation_alias=_platform("field_keys"))
    field_key_id: str = Field("dev1", validation_alias=_platform("field_key_id"))
    cors_origins: str = Field("", validation_alias=_platform("cors_origins"))
    relay_poll_interval: float = Field(1.0, validation_alias=_platform("relay_poll_interval"), gt=0)
    relay_batch_size: int = Field(200, validation_alias=_platform("relay_batch_size"), gt=0)
    outbox_retention_hours: float = Field(24.0, validation_alias=_platform("outbox_retention_hours"), ge=0)
    consumer_max_deliver: int = Field(5, validation_alias=_platform("consumer_max_deliver"), ge=2)
    stream_wait_seconds: float = Field(60.0, validation_alias=_platform("stream_wait_seconds"), gt=0)
    log_level: str = Field("INFO", validation_alias=_platform("log_level"))
    # "*" consumes every ward's events; a ward code limits this deployment's consumers to that ward.
    consume_ward: str = Field(
        "*", validation_alias=_platform("consume_ward"), pattern=r"^(\*|[a-z0-9_]{2,32})$"
    )
    stream_replicas: int = Field(1, validation_alias=_platform("nats_stream_replicas"), ge=1, le=5)
    consumer_ack_wait: float = Field(60.0, validation_alias=_platform("consumer_ack_wait"), gt=0)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """A service's own variables are ``PCMD_<SERVICE>_*``: the prefix comes from its name, here only."""
        super().__pydantic_init_subclass__(**kwargs)
        if cls.service_name:
            cls.model_config = {**cls.model_config, "env_prefix": f"PCMD_{cls.service_name.upper()}_"}

    @model_validator(mode="after")
    def _refuse_development_secrets_in_production(self) -> Self:
        if self.env == "production":
            if self.jwks_url is None and self.jwt_secret == DEV_JWT_SECRET:
                raise ValueError("production needs PCMD_JWKS_URL or a real PCMD_JWT_SECRET")
            if self.field_keys == DEV_FIELD_KEYS:
                raise ValueError("production needs real PCMD_FIELD_KEYS")
        return self

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
