"""The launcher's children: five services on one machine cannot share one metrics port."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.infra import child_env
from shared.launcher import System


def test_no_service_the_launcher_starts_takes_the_operators_metrics_port(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PCMD_METRICS_PORT", "9464")
    system = System(tmp_path, ports={})
    system.env = child_env({"PCMD_NATS_URL": "nats://127.0.0.1:4222"})
    assert system.env["PCMD_METRICS_PORT"] == "9464"  # the operator's environment reaches the children
    for service in system.services:
        env = system.service_env(service)
        assert "PCMD_METRICS_PORT" not in env
        assert env["PCMD_NATS_URL"] == "nats://127.0.0.1:4222"
