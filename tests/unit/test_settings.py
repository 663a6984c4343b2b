import pytest
from pydantic import ValidationError

from services.intake.settings import IntakeSettings
from shared.auth import Authenticator, mint_token
from shared.errors import Unauthorized
from shared.settings import DEV_JWT_SECRET, ServiceSettings


def test_database_url_is_read_from_the_service_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PCMD_INTAKE_DATABASE_URL", "postgresql+asyncpg://u@h/intake")
    monkeypatch.setenv("PCMD_REPORTING_DATABASE_URL", "postgresql+asyncpg://u@h/reporting")
    monkeypatch.setenv("PCMD_NATS_URL", "nats://n:4222")
    s = IntakeSettings()
    assert s.database_url.endswith("/intake")
    assert s.nats_url == "nats://n:4222"
    assert IntakeSettings.database_env_var() == "PCMD_INTAKE_DATABASE_URL"


def test_production_refuses_development_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PCMD_ENV", "production")
    with pytest.raises(ValidationError, match="PCMD_JWKS_URL"):
        IntakeSettings()
    monkeypatch.setenv("PCMD_JWKS_URL", "https://idp.example/jwks")
    monkeypatch.setenv("PCMD_JWT_ISSUER", "https://idp.example")
    monkeypatch.setenv("PCMD_JWT_AUDIENCE", "pcmd")
    with pytest.raises(ValidationError, match="PCMD_INTAKE_FIELD_KEYS"):
        IntakeSettings()


def test_each_service_has_its_own_field_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """One key per service: a leaked key of one service opens none of the others' fields."""
    from services.case_support.settings import CaseSupportSettings

    intake, case_support = IntakeSettings(), CaseSupportSettings()
    assert intake.field_key_id == "dev-intake" and case_support.field_key_id == "dev-case_support"
    assert intake.field_keys.split(",")[0] != case_support.field_keys.split(",")[0]
    monkeypatch.setenv("PCMD_CASE_SUPPORT_FIELD_KEYS", REAL_FIELD_KEYS)
    monkeypatch.setenv("PCMD_CASE_SUPPORT_FIELD_KEY_ID", "k1")
    assert (CaseSupportSettings().field_keys, CaseSupportSettings().field_key_id) == (REAL_FIELD_KEYS, "k1")
    assert IntakeSettings().field_keys != REAL_FIELD_KEYS, "another service's variable is not read"


def test_consumer_names_follow_the_consume_ward() -> None:
    assert IntakeSettings().durable_name("inspection") == "intake-inspection"
    s = IntakeSettings(consume_ward="lechan")
    assert s.durable_name("inspection") == "intake-inspection-lechan"
    assert s.consume_subject("inspection") == "pcmd.lechan.inspection.>"


class Settings(ServiceSettings):
    """The platform's own checks, apart from any service's (intake adds its receipt secrets)."""

    service_name = "demo"


PROVIDER = {
    "PCMD_JWKS_URL": "https://idp.example/realms/pcmd/certs",
    "PCMD_JWT_ISSUER": "https://idp.example/realms/pcmd",
    "PCMD_JWT_AUDIENCE": "pcmd",
}
REAL_FIELD_KEYS = "k1:cmVhbC1rZXktMDEyMzQ1Njc4OS0wMTIzNDU2Nzg5YWI="


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """A complete production configuration; each test takes one thing away."""
    monkeypatch.setenv("PCMD_ENV", "production")
    monkeypatch.setenv("PCMD_DEMO_FIELD_KEYS", REAL_FIELD_KEYS)
    monkeypatch.setenv("PCMD_DEMO_FIELD_KEY_ID", "k1")
    for name, value in PROVIDER.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def test_a_complete_production_configuration_starts(production: pytest.MonkeyPatch) -> None:
    s = Settings()
    assert (s.env, s.jwks_url, s.jwt_issuer, s.jwt_audience) == ("production", *PROVIDER.values())


@pytest.mark.parametrize("name", list(PROVIDER))
@pytest.mark.parametrize("blank", ["", "  "])
def test_production_treats_an_empty_provider_variable_as_unset_and_names_it(
    production: pytest.MonkeyPatch, name: str, blank: str
) -> None:
    production.setenv(name, blank)
    with pytest.raises(ValidationError, match=name) as refused:
        Settings()
    assert "HS256" in str(refused.value)


def test_production_refuses_hs256_even_with_a_real_secret(production: pytest.MonkeyPatch) -> None:
    production.setenv("PCMD_JWT_SECRET", "a-real-and-long-secret-0123456789-0123456789")
    for name in PROVIDER:
        production.delenv(name)
    with pytest.raises(ValidationError, match="PCMD_JWKS_URL, PCMD_JWT_ISSUER, PCMD_JWT_AUDIENCE"):
        Settings()


@pytest.mark.parametrize("url", ["http://idp.example/certs", "HTTPS:/certs", "idp.example/certs"])
def test_production_fetches_the_provider_keys_over_https_only(
    production: pytest.MonkeyPatch, url: str
) -> None:
    production.setenv("PCMD_JWKS_URL", url)
    with pytest.raises(ValidationError, match="https:// PCMD_JWKS_URL"):
        Settings()


@pytest.mark.parametrize(
    "given", [["PCMD_JWKS_URL"], ["PCMD_JWT_ISSUER", "PCMD_JWT_AUDIENCE"], list(PROVIDER)]
)
def test_provider_variables_without_pcmd_env_refuse_to_start_and_say_what_is_missing(
    monkeypatch: pytest.MonkeyPatch, given: list[str]
) -> None:
    monkeypatch.delenv("PCMD_ENV", raising=False)
    for name in given:
        monkeypatch.setenv(name, PROVIDER[name])
    with pytest.raises(ValidationError, match="PCMD_ENV is unset") as refused:
        Settings()
    message = str(refused.value)
    for name in PROVIDER:
        assert name in message  # what is set and what production would still need


def test_development_may_use_a_provider_when_it_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PCMD_ENV", "development")
    monkeypatch.setenv("PCMD_JWKS_URL", "http://127.0.0.1:8080/certs")
    with pytest.raises(ValidationError, match="PCMD_JWKS_URL needs PCMD_JWT_ISSUER, PCMD_JWT_AUDIENCE"):
        Settings()
    monkeypatch.setenv("PCMD_JWT_ISSUER", "http://127.0.0.1:8080")
    monkeypatch.setenv("PCMD_JWT_AUDIENCE", "pcmd")
    assert Settings().jwks_url == "http://127.0.0.1:8080/certs"


@pytest.mark.parametrize(("name", "value"), [("PCMD_JWT_MAX_AGE", "0"), ("PCMD_JWT_LEEWAY", "3600")])
def test_token_age_and_leeway_are_bounded_and_named(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=name):
        Settings()


def test_empty_secrets_mean_the_defaults_which_production_refuses(production: pytest.MonkeyPatch) -> None:
    production.setenv("PCMD_DEMO_FIELD_KEYS", "")
    with pytest.raises(ValidationError, match="PCMD_DEMO_FIELD_KEYS"):
        Settings()


def test_a_refused_configuration_does_not_repeat_its_secrets(production: pytest.MonkeyPatch) -> None:
    production.setenv("PCMD_JWKS_URL", "http://idp.example/certs")
    production.setenv("PCMD_JWT_SECRET", "a-real-and-long-secret-0123456789-0123456789")
    with pytest.raises(ValidationError) as refused:
        Settings()
    assert REAL_FIELD_KEYS not in str(refused.value) and "a-real-and-long" not in str(refused.value)


async def test_production_verifies_against_the_provider_only(production: pytest.MonkeyPatch) -> None:
    """The original hole: with the development secret still the default, its tokens are refused."""
    auth = Authenticator.from_settings(Settings())
    assert auth.jwks is not None and auth.jwks.url == PROVIDER["PCMD_JWKS_URL"]
    admin = mint_token(DEV_JWT_SECRET, sub="x", ward="lechan", unit="ubnd", roles=["admin"])
    with pytest.raises(Unauthorized):
        await auth.verify(admin)
    assert auth.jwks.fetches == 0  # refused before any fetch: the token names no provider key
