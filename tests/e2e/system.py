"""Drives the whole system through ``pcmd run``, the launcher behind ``make run``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.helpers import auth_headers


@dataclass
class RunningSystem:
    process: subprocess.Popen[bytes]
    state_dir: Path
    output: Path
    ready_seconds: float

    @property
    def state(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads((self.state_dir / "ports.json").read_text())
        return loaded

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.state['ports'][service]}"

    def pid(self, service: str) -> int:
        return int(self.state["pids"][service])

    def client(
        self, service: str, unit: str = "ca", roles: tuple[str, ...] = ("officer",), ward: str = "lechan"
    ) -> httpx.Client:
        headers = auth_headers(ward, unit, *roles, sub=f"e2e-{unit}")
        return httpx.Client(base_url=self.url(service), headers=headers, timeout=10)

    def stop(self, timeout: float = 60.0) -> int:
        """Ctrl-C, as an operator would; returns the launcher's exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout)


def start_system(state_dir: Path, timeout: float = 180.0, *, args: tuple[str, ...] = ()) -> RunningSystem:
    output = state_dir.parent / f"{state_dir.name}-launcher.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PCMD_")}
    if os.environ.get("PCMD_TEST_NATS_URL"):  # external mode: the launcher then starts no NATS of its own
        env["PCMD_NATS_URL"] = os.environ["PCMD_TEST_NATS_URL"]
    started = time.monotonic()
    with output.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "shared.cli", "run", "--state-dir", str(state_dir), "--free-ports", *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    while b"ready in" not in output.read_bytes():
        if process.poll() is not None:
            raise RuntimeError(f"launcher exited with {process.returncode}:\n{output.read_text()}")
        if time.monotonic() - started > timeout:
            process.send_signal(signal.SIGINT)  # the launcher stops what it started; a kill would orphan it
            process.wait(60)
            raise TimeoutError(f"system not ready in {timeout}s:\n{output.read_text()}")
        time.sleep(0.1)
    return RunningSystem(process, state_dir, output, time.monotonic() - started)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_until(check: Any, timeout: float = 30.0, interval: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    value = check()
    while not value:
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s (last value {value!r})")
        time.sleep(interval)
        value = check()
    return value
