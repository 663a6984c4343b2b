"""``make bench`` is not part of the tests, but it runs here once on a tiny load, so it cannot rot."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = (
    "baseline (a) bare FastAPI + asyncpg insert: req/s",
    "baseline (b) raw JetStream publish, PubAck awaited: msg/s",
    "baseline (c) raw JetStream pull consume with ack: msg/s",
    "tip pipeline: sustained tips/s (c=8)",
    "tip pipeline ÷ bare insert (a), same repetition",
    "tip pipeline: end-to-end p99 at half load",
    "tip pipeline: machine busy at half load",
    "tip pipeline: CPU per tip at half load, intake",
    "outbox relay: events/s",
    "rebuild over 300 events: events/s",
    "snapshot over 3,000 facts, plan period",
)


def test_the_benchmark_runs_end_to_end_on_a_tiny_load(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench", "--quick", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    record = json.loads(out.read_text())
    assert record["machine"]["cores"] >= 1 and record["versions"]["nats-py"]
    figures = record["figures"]
    missing = [name for name in EXPECTED if name not in figures]
    assert not missing, f"figures missing: {missing}"
    for name, figure in figures.items():
        assert figure["min"] <= figure["median"] <= figure["max"], name
        assert figure["median"] >= 0, name
        if "baseline" in figure:
            assert figure["baseline"] in figures, f"{name} compares with an unmeasured baseline"
            assert figure["ratio"] is not None and figure["ratio"] > 0, name
