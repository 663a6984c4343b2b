"""``python -m tests.bench [--quick] [--reps N] [--out FILE]``: start the system, measure, report.

The system is started through the launcher (embedded NATS and PostgreSQL). HTTP scenarios run
with every service up; the relay, rebuild and snapshot scenarios run with the services stopped
(infrastructure kept), so each measures its own component and nothing else competes for the CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from shared.launcher import System
from tests.bench import baselines, inspection, online_batch, online_monitoring, pipeline, relay, reporting
from tests.bench.context import Context, Sizes
from tests.bench.core import Results
from tests.bench.procstat import system_pids

Scenario = Callable[[Context, Results], Awaitable[None]]
WITH_SERVICES: tuple[Scenario, ...] = (baselines.bare_http, baselines.jetstream, pipeline.tip_pipeline)
WITHOUT_SERVICES: tuple[Scenario, ...] = (
    relay.relay_burst,
    inspection.register_import,
    reporting.rebuild_rate,
    reporting.snapshot_growth,
    reporting.dashboard_trend,
    online_monitoring.classification_throughput,
    online_batch.batch_intake,
)
RESULTS = Path(__file__).parent / "results"


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    p.add_argument("--quick", action="store_true", help="a tiny load, once: proves the benchmark still runs")
    p.add_argument("--reps", type=int, default=None, help="repetitions of each figure (default 3, quick 1)")
    p.add_argument(
        "--out", type=Path, default=None, help="JSON file (default tests/bench/results/<time>.json)"
    )
    p.add_argument(
        "--only", nargs="*", default=None, help="scenario names to run, e.g. bare_http tip_pipeline"
    )
    return p.parse_args(argv)


def run(state: Path, sizes: Sizes, reps: int, results: Results, only: list[str] | None = None) -> None:
    system = System(state, ports={})
    try:
        system.start_infrastructure()
        system.migrate()
        system.start_services()
        system.wait_ready()
        # The embedded NATS signs every client in: the bench's own clients (baselines, publishers,
        # the relay and rebuild runs) as the operators' user, which may use every subject.
        env = {**system.env, "PCMD_NATS_URL": system.nats.url_for("admin")} if system.nats else system.env
        ctx = Context(state, env, system.urls(), sizes, reps, pids=system_pids(system))
        for scenario in [s for s in WITH_SERVICES if not only or s.__name__ in only]:
            print(f"… {scenario.__module__}.{scenario.__name__}", flush=True)
            asyncio.run(scenario(ctx, results))
        for proc in system.procs.values():
            proc.terminate()
        for proc in system.procs.values():
            proc.wait(30)
        for scenario in [s for s in WITHOUT_SERVICES if not only or s.__name__ in only]:
            print(f"… {scenario.__module__}.{scenario.__name__}", flush=True)
            asyncio.run(scenario(ctx, results))
    finally:
        system.stop()


def main(argv: list[str] | None = None) -> Results:
    args = arguments(argv)
    sizes = Sizes.quick() if args.quick else Sizes()
    reps = args.reps or (1 if args.quick else 3)
    results = Results(reps=reps, quick=args.quick)
    with tempfile.TemporaryDirectory(prefix="pcmd-bench-") as tmp:
        run(Path(tmp), sizes, reps, results, args.only)
    print(results.table())
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or RESULTS / f"{'quick-' if args.quick else ''}{stamp}.json"
    results.write(out)
    print(f"written: {out}")
    return results


if __name__ == "__main__":
    main()
