import pytest
from pydantic import ValidationError

from services.intake.settings import IntakeSettings


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
    with pytest.raises(ValidationError, match="PCMD_FIELD_KEYS"):
        IntakeSettings()


def test_consumer_names_follow_the_consume_ward() -> None:
    assert IntakeSettings().durable_name("inspection") == "intake-inspection"
    s = IntakeSettings(consume_ward="lechan")
    assert s.durable_name("inspection") == "intake-inspection-lechan"
    assert s.consume_subject("inspection") == "pcmd.lechan.inspection.>"
