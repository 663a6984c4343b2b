"""Figures with repetitions, the machine and versions, a printed table and a JSON record."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PACKAGES = ("fastapi", "uvicorn", "sqlalchemy", "asyncpg", "nats-py", "faststream", "protobuf", "pgserver")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def timed(fn: Callable[[], Awaitable[Any]]) -> float:
    started = time.perf_counter()
    await fn()
    return time.perf_counter() - started


@dataclass
class Figure:
    name: str
    unit: str
    values: list[float] = field(default_factory=list)
    baseline: str | None = None  # name of the figure this one is compared with
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def as_dict(self, results: Results) -> dict[str, Any]:
        out: dict[str, Any] = {
            "unit": self.unit,
            "median": self.median,
            "min": min(self.values),
            "max": max(self.values),
            "values": self.values,
        }
        if self.baseline:
            out["baseline"] = self.baseline
            out["ratio"] = results.ratio(self.name)
        if self.note:
            out["note"] = self.note
        return out


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cores": os.cpu_count(), "cpu_model": model, "platform": platform.platform()}


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "absent"
    try:
        out["pcmd"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        out["pcmd"] = "unknown"
    return out


@dataclass
class Results:
    reps: int
    quick: bool
    figures: dict[str, Figure] = field(default_factory=dict)

    def add(self, name: str, unit: str, value: float, *, baseline: str | None = None, note: str = "") -> None:
        figure = self.figures.setdefault(name, Figure(name, unit, baseline=baseline, note=note))
        figure.values.append(value)

    def ratio(self, name: str) -> float | None:
        figure = self.figures[name]
        base = self.figures.get(figure.baseline or "")
        if base is None or base.median == 0:
            return None
        return figure.median / base.median

    def table(self) -> str:
        rows = [f"{'figure':<58} {'median':>11} {'min–max':>23} {'unit':<6} {'ratio':>6}"]
        for f in self.figures.values():
            ratio = self.ratio(f.name)
            places = 2 if f.unit == "×" else 1  # a ratio, as the ratio column shows it
            spread = f"{min(f.values):,.{places}f}–{max(f.values):,.{places}f}"
            shown = f"{ratio:6.2f}" if ratio is not None else ""
            rows.append(f"{f.name:<58} {f.median:>11,.{places}f} {spread:>23} {f.unit:<6} {shown}")
            if f.baseline:
                rows.append(f"{'':<4}↳ against {f.baseline}")
        return "\n".join(rows)

    def to_json(self) -> dict[str, Any]:
        return {
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "versions": versions(),
            "repetitions": self.reps,
            "quick": self.quick,
            "figures": {name: f.as_dict(self) for name, f in self.figures.items()},
        }

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n")
