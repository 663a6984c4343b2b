"""Domain time: when a tip was received, a deadline passes, a month ends, a hotspot has been quiet.

By default :func:`now` is the real UTC clock. A demo system (``pcmd run --demo-clock``) sets
``PCMD_DEMO_CLOCK`` to a file holding a simulated instant that ``pcmd demo`` moves forward through the
year, so each month's work happens in its month. The file is written atomically (a rename); a service
reads it again only when its identity (inode, size, mtime) changed, so a read costs one ``stat``.

The simulated clock only ever moves forward (the writer refuses to go back; a reader never returns an
instant before one it returned) and never past the real now (an instant ahead of it reads as the real
now). The word ``live`` in the file hands the clock back to real time. Being a file, it survives a
service's restart. It is refused outside development and test (:class:`DemoClockRefused`), and only
domain time reads it: tokens, rate limits, the databases' own timestamps, the relay and tracing keep
the real clock.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

ENV_VAR = "PCMD_DEMO_CLOCK"
DEMO_ENVS = frozenset({"development", "test"})  # PCMD_ENV values where a simulated clock is honoured
LIVE = "live"
FILE_NAME = "demo-clock"  # in the launcher's state folder


class DemoClockRefused(RuntimeError):
    """A simulated clock asked for where it must never run (production)."""


def real_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def check_allowed(env: str, path: str) -> None:
    """Refuse a simulated clock outside a demo system, loudly, naming the variable."""
    if path and env not in DEMO_ENVS:
        raise DemoClockRefused(
            f"{ENV_VAR} chỉ dùng cho hệ thống demo (PCMD_ENV=development hoặc test), không dùng khi "
            f"PCMD_ENV={env} / {ENV_VAR} is for demo systems only (PCMD_ENV development or test), "
            f"refused with PCMD_ENV={env}: unset it"
        )


def parse(text: str) -> dt.datetime | None:
    """The file's content: an aware ISO instant, or ``live`` (None: the real clock)."""
    text = text.strip()
    if text == LIVE:
        return None
    at = dt.datetime.fromisoformat(text)
    if at.tzinfo is None:
        raise ValueError(f"the demo clock needs an instant with its offset, got {text!r}")
    return at.astimezone(dt.UTC)


def read(path: Path) -> dt.datetime | None:
    """What the file says now (None: live, or no file yet)."""
    try:
        return parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def advance(path: Path, to: dt.datetime | None, real: Callable[[], dt.datetime] = real_now) -> dt.datetime:
    """Move the simulated clock forward to ``to`` (None: back to real time), atomically; returns the
    instant the services now read. Refused backwards and past the real now."""
    if to is not None and to.tzinfo is None:
        raise ValueError("the demo clock needs an aware instant")
    now = real()
    current = read(path) if path.exists() else dt.datetime.min.replace(tzinfo=dt.UTC)
    floor = now if current is None else current  # live: the real clock, only a later instant follows it
    target = now if to is None else min(to.astimezone(dt.UTC), now)
    if target < floor:
        raise ValueError(
            f"đồng hồ demo chỉ tiến / the demo clock only moves forward: {target.isoformat()} is before "
            f"{floor.isoformat()}"
        )
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(LIVE if to is None else target.isoformat(), encoding="utf-8")
    os.replace(tmp, path)
    return target


class FileClock:
    """The simulated clock of a demo system, read from ``path``; callable like :func:`real_now`."""

    def __init__(self, path: Path, real: Callable[[], dt.datetime] = real_now) -> None:
        self.path, self._real = path, real
        self._stamp: tuple[int, int, int] | None = None
        self._at: dt.datetime | None = None
        self._last = dt.datetime.min.replace(tzinfo=dt.UTC)
        self._lock = threading.Lock()

    def __call__(self) -> dt.datetime:
        real = self._real()
        with self._lock:
            try:
                st = os.stat(self.path)
                stamp: tuple[int, int, int] | None = (st.st_ino, st.st_size, st.st_mtime_ns)
            except FileNotFoundError:
                stamp = None
            if stamp != self._stamp:
                self._at = read(self.path) if stamp is not None else None
                self._stamp = stamp
            value = real if self._at is None else min(self._at, real)
            self._last = max(self._last, value)  # never before an instant already handed out
            return self._last


_process: dict[str, Callable[[], dt.datetime]] = {}  # the process's clock, once configured


def configure(environ: Mapping[str, str] | None = None) -> Callable[[], dt.datetime]:
    """The process's domain clock from its environment (``PCMD_DEMO_CLOCK``, ``PCMD_ENV``)."""
    env = os.environ if environ is None else environ
    path = env.get(ENV_VAR, "").strip()
    check_allowed(env.get("PCMD_ENV", "development"), path)
    _process["clock"] = FileClock(Path(path)) if path else real_now
    return _process["clock"]


def now() -> dt.datetime:
    """Domain time now, aware UTC: the real clock, or a demo system's simulated one."""
    clock = _process.get("clock") or configure()
    return clock()
