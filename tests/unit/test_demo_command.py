"""``pcmd demo`` refuses bad input before it does anything: a clear message, exit 2, no traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from shared.demo.client import DemoError
from shared.demo.run import sizes

ROOT = Path(__file__).resolve().parents[2]


def demo(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shared.cli", "demo", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def closed_port() -> int:
    """A port of 127.0.0.1 nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("scale", ["0", "-1", "nan", "5000"])
def test_a_scale_out_of_range_is_refused(scale: str, tmp_path: Path) -> None:
    done = demo("--scale", scale, "--log", str(tmp_path / "log.jsonl"), "--state-dir", str(tmp_path))
    assert done.returncode == 2
    assert "--scale" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "log.jsonl").exists()


def test_services_not_reachable(tmp_path: Path) -> None:
    port = closed_port()
    urls = [a for s in ("intake", "inspection", "case-support", "online-monitoring", "reporting")
            for a in (f"--{s}-url", f"http://127.0.0.1:{port}")]  # fmt: skip
    done = demo(*urls, "--log", str(tmp_path / "log.jsonl"), "--state-dir", str(tmp_path))
    assert done.returncode == 2
    assert "not reachable" in done.stderr and "make run" in done.stderr and "Traceback" not in done.stderr
    assert f"127.0.0.1:{port}" in done.stderr


def test_a_ward_code_that_cannot_be_one_is_refused(tmp_path: Path) -> None:
    done = demo("--ward", "Lê Chân", "--log", str(tmp_path / "log.jsonl"), "--state-dir", str(tmp_path))
    assert done.returncode == 2
    assert "ward" in done.stderr and "Traceback" not in done.stderr


def test_sizes_grow_with_the_scale_and_keep_a_minimum() -> None:
    assert sizes(1.0)["establishments"] == 20
    assert sizes(100)["tips"] == 2800
    assert sizes(0.01) == {"establishments": 4, "tips": 8, "items": 5, "cases": 5, "staff": 3}
    with pytest.raises(DemoError):
        sizes(0)
