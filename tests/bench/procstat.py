"""CPU time and resident memory per process of the running system, read from ``/proc``.

Each service process, NATS and PostgreSQL (the postmaster and every backend) are sampled before and
after a measured run: the difference of ``utime + stime`` is the CPU the run cost each of them.
PostgreSQL's backends come and go with connections, so its CPU also counts the children that exited
(``cutime + cstime`` of the postmaster). Memory is ``VmRSS`` after the run; for PostgreSQL it is the
sum of every process's private (anonymous) memory plus the largest file-backed and shared part once
(the binary and the shared buffers every backend maps would otherwise be counted once per backend).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from shared.launcher import System

TICK = os.sysconf("SC_CLK_TCK")
POSTGRES = "postgresql"
NATS = "nats"

# name -> (main pid, whether its children count too)
Pids = Callable[[], dict[str, tuple[int, bool]]]


@dataclass(frozen=True)
class Sample:
    cpu_seconds: float
    rss_mb: float


def _stat(pid: int) -> list[str]:
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2 :].split()  # fields from the 3rd (state) on; the name may hold spaces


def _status_kb(pid: int) -> dict[str, int]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if value.strip().endswith("kB"):
            out[key] = int(value.split()[0])
    return out


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int(_stat(int(entry.name))[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue  # gone meanwhile
    return found


def sample(pid: int, with_children: bool) -> Sample | None:
    """CPU seconds used so far and resident MB now; ``None`` when the process is gone."""
    try:
        fields = _stat(pid)
        ticks = int(fields[11]) + int(fields[12])  # utime, stime
        if not with_children:
            return Sample(ticks / TICK, _status_kb(pid).get("VmRSS", 0) / 1024)
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime: children already waited for
        private, shared = 0, 0
        for p in [pid, *_children(pid)]:
            try:
                if p != pid:
                    child = _stat(p)
                    ticks += int(child[11]) + int(child[12])
                kb = _status_kb(p)
            except (OSError, ValueError, IndexError):
                continue
            private += kb.get("RssAnon", 0)
            shared = max(shared, kb.get("RssFile", 0) + kb.get("RssShmem", 0))
        return Sample(ticks / TICK, (private + shared) / 1024)
    except (OSError, ValueError, IndexError):
        return None


def system_pids(system: System) -> Pids:
    """The launched system's processes, looked up at each sample (a restarted one has a new pid)."""

    def pids() -> dict[str, tuple[int, bool]]:
        out: dict[str, tuple[int, bool]] = {}
        for name, proc in system.procs.items():
            if proc.process is not None and proc.process.poll() is None:
                out[name] = (proc.process.pid, False)
        if system.nats is not None and system.nats.process is not None:
            out[NATS] = (system.nats.process.pid, False)
        if system.postgres is not None and (pid := system.postgres.pid) is not None:
            out[POSTGRES] = (pid, True)
        return out

    return pids


def snapshot(pids: Pids) -> dict[str, Sample]:
    """Every process's sample now (the bench's own process as ``bench client``)."""
    out = {name: s for name, (pid, kids) in pids().items() if (s := sample(pid, kids)) is not None}
    if (own := sample(os.getpid(), False)) is not None:
        out["bench client"] = own
    return out
