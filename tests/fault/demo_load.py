"""The fault suite's workload: ``pcmd demo`` (shared/demo) playing its seeded year in a thread of the
suite against the launcher's system, and afterwards the referee: every indicator of every approved
snapshot, read back from reporting, beside the oracle computed from the demo's log alone."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shared.demo.client import Api, DemoLog
from shared.demo.compare import Row, compare
from shared.demo.oracle import read_log
from shared.demo.run import play

WARD = "lechan"  # the services' default ward


@dataclass
class DemoLoad:
    urls: dict[str, str]
    log_path: Path
    clock_path: Path  # the demo system's clock (pcmd run --demo-clock), moved through the year
    seed: int = 2026
    scale: float = 1.0
    patience: float = 240.0  # how long one call is retried through a fault before the demo fails
    api: Api = field(init=False)
    error: BaseException | None = None
    result: dict[str, Any] = field(default_factory=dict)
    _thread: threading.Thread | None = None
    _go: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.api = Api(self.urls, WARD, seed=self.seed, patience=self.patience)
        self._go.set()
        self.api.before_write = self._go.wait  # a paused demo waits before its next write

    def pause(self) -> None:
        self._go.clear()

    def resume(self) -> None:
        self._go.set()

    @property
    def writes(self) -> int:
        """The demo's logical POSTs so far (each with its Idempotency-Key): its progress. Its answered
        calls also count the status polls of its waits for reporting to catch up."""
        return self.api.posts

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._play, name="pcmd-demo", daemon=True)
        self._thread.start()

    def _play(self) -> None:
        try:
            with self.log_path.open("w", encoding="utf-8") as out:
                self.result = play(self.api, DemoLog(out), self.seed, self.scale, self.clock_path)
        except BaseException as exc:  # reported by finish()
            self.error = exc

    def wait_writes(self, n: int, timeout: float) -> bool:
        """Until the demo made its ``n``-th write (true) or ended (false)."""
        deadline = time.monotonic() + timeout
        while self.writes < n:
            if not self.running:
                return False
            if time.monotonic() > deadline:
                raise AssertionError(f"the demo made no progress to its write {n} within {timeout:.0f}s")
            time.sleep(0.05)
        return True

    def finish(self, timeout: float) -> None:
        assert self._thread is not None
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise AssertionError(f"the demo did not finish within {timeout:.0f}s")
        if self.error is not None:
            raise AssertionError(f"the demo failed: {self.error}") from self.error

    def entries(self) -> list[dict[str, Any]]:
        return read_log(self.log_path)

    def referee(self) -> list[Row]:
        """Every indicator of every approved snapshot beside the oracle (shared/demo/compare.py)."""
        return compare(self.api, self.entries())

    def close(self) -> None:
        self.api.close()
