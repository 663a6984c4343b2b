"""Case support's settings: the small-cell threshold of leaders' counts cannot be lowered in production."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.case_support.settings import CaseSupportSettings

KEY = "k1:cmVhbC1rZXktMDEyMzQ1Njc4OS0wMTIzNDU2Nzg5YWI="


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv("PCMD_ENV", "production")
    for name, value in {
        "PCMD_JWKS_URL": "https://idp.example/realms/pcmd/certs",
        "PCMD_JWT_ISSUER": "https://idp.example/realms/pcmd",
        "PCMD_JWT_AUDIENCE": "pcmd",
        "PCMD_CASE_SUPPORT_FIELD_KEYS": KEY,
        "PCMD_CASE_SUPPORT_FIELD_KEY_ID": "k1",
        "PCMD_CASE_SUPPORT_CODE_KEYS": KEY,
        "PCMD_CASE_SUPPORT_CODE_KEY_ID": "k1",
    }.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def test_production_counts_withhold_at_least_below_five(production: pytest.MonkeyPatch) -> None:
    assert CaseSupportSettings().small_cell_threshold == 5
    production.setenv("PCMD_CASE_SUPPORT_SMALL_CELL_THRESHOLD", "10")
    assert CaseSupportSettings().small_cell_threshold == 10
    for low in ("4", "0"):
        production.setenv("PCMD_CASE_SUPPORT_SMALL_CELL_THRESHOLD", low)
        with pytest.raises(ValidationError, match="SMALL_CELL_THRESHOLD must be at least 5"):
            CaseSupportSettings()


def test_outside_production_suppression_may_be_turned_off() -> None:
    assert CaseSupportSettings(small_cell_threshold=0).small_cell_threshold == 0
    with pytest.raises(ValidationError):
        CaseSupportSettings(small_cell_threshold=-1)
