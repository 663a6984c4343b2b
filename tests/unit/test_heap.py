"""A served service moves what startup built out of the garbage collector's sight (``gc.freeze``) and
collects young objects less often: full collections no longer walk every module and class."""

from __future__ import annotations

import argparse
import subprocess
import sys
from typing import Any

import pytest

from shared import cli
from tests.unit.test_client_network import _FakeMain


def test_settle_heap_freezes_what_is_alive_and_raises_the_young_threshold() -> None:
    # In a process of its own: a frozen heap would stay frozen for the rest of this test session.
    code = (
        "import gc; from shared.cli import settle_heap, GC_THRESHOLDS; before = gc.get_freeze_count(); "
        "settle_heap(); print(before, gc.get_freeze_count(), gc.get_threshold() == GC_THRESHOLDS)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    before, after, thresholds = out.split()
    assert int(before) == 0 and int(after) > 10_000 and thresholds == "True"
    assert cli.GC_THRESHOLDS[0] > 700  # fewer young collections than Python's default


def test_pcmd_serve_settles_the_heap_after_building_the_app_before_serving(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import uvicorn

    order: list[str] = []

    class Main(_FakeMain):
        @staticmethod
        def build_app(_settings: Any) -> object:
            order.append("build")
            return object()

    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: order.append("serve"))
    monkeypatch.setattr(cli, "_service_main", lambda _name: Main)
    monkeypatch.setattr("shared.telemetry.setup_logging", lambda *_args: None)
    monkeypatch.setattr(cli, "settle_heap", lambda: order.append("settle"))
    cli.cmd_serve(argparse.Namespace(service="intake", host="127.0.0.1", port=0))
    assert order == ["build", "settle", "serve"]
