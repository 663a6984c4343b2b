"""Per-platform takedown policies and the handling time limit come from settings (JSON in the
environment) into the use cases' dependencies; a platform not configured gets Decree 147's 24 hours."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace
from typing import Any

import pytest
from pydantic import ValidationError

from services.online_monitoring.domain.kinds import Platform
from services.online_monitoring.domain.takedown import Channel, CompetentBody
from services.online_monitoring.main import build_deps
from services.online_monitoring.settings import OnlineMonitoringSettings


def settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> OnlineMonitoringSettings:
    monkeypatch.setenv("PCMD_ONLINE_MONITORING_DATABASE_URL", "postgresql+asyncpg://u@h/om")
    for name, value in env.items():
        monkeypatch.setenv(f"PCMD_ONLINE_MONITORING_{name}", value)
    return OnlineMonitoringSettings()


def test_policies_per_platform_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    zalo = {
        "channel": "legal_contact",
        "via": "ministry",
        "legal_contact": "legal@zalo.example",
        "deadline_hours": 12,
    }
    s = settings(monkeypatch, TAKEDOWN_POLICIES=json.dumps({"zalo": zalo}), HANDLING_HOURS="48")
    deps = build_deps(SimpleNamespace(settings=s))  # type: ignore[arg-type]
    z = deps.policy(Platform.ZALO)
    assert (z.channel, z.via, z.legal_contact, z.deadline_hours) == (
        Channel.LEGAL_CONTACT, CompetentBody.MINISTRY, "legal@zalo.example", 12,
    )  # fmt: skip
    assert "147/2024/NĐ-CP" in z.legal_basis
    other = deps.policy(Platform.TIKTOK)
    assert (other.channel, other.via, other.deadline_hours) == (
        Channel.VIA_AUTHORITY, CompetentBody.PROVINCIAL_DEPARTMENT, 24,
    )  # fmt: skip
    assert deps.handling == dt.timedelta(hours=48) and deps.reminder == dt.timedelta(hours=6)
    assert deps.bulk_max_items == 10_000


@pytest.mark.parametrize(
    "policies",
    [
        {"myspace": {}},
        {"zalo": {"deadline_hours": 0}},
        {"zalo": {"via": "the ward itself"}},
        {"zalo": {"colour": "red"}},
    ],
)
def test_a_policy_that_cannot_be_refuses_to_start(monkeypatch: pytest.MonkeyPatch, policies: Any) -> None:
    with pytest.raises(ValidationError):
        settings(monkeypatch, TAKEDOWN_POLICIES=json.dumps(policies))
