"""``pcmd run``: the whole system on one machine, embedded infrastructure or external servers."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shared import clock
from shared.contracts.catalog import SERVICES
from shared.infra import EmbeddedNats, EmbeddedPostgres, child_env, free_port
from shared.settings import database_env_var, migration_database_env_var

log = logging.getLogger("pcmd.launcher")
BASE_PORT = 8001
VN = dt.timezone(dt.timedelta(hours=7))
SERVICE_PORT = {name: BASE_PORT + i for i, name in enumerate(SERVICES)}


@dataclass
class ServiceProcess:
    name: str
    port: int
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    restarts: list[float] = field(default_factory=list)

    def start(self) -> None:
        log_file = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "shared.cli",
                "serve",
                self.name,
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            env=self.env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def terminate(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)

    def wait(self, timeout: float) -> None:
        if self.process is None:
            return
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            log.warning("%s did not stop in %ss; killing it", self.name, timeout)
            self.process.kill()
            self.process.wait()


class System:
    """Starts infrastructure, migrations and services; stops them in reverse order."""

    def __init__(
        self,
        state_dir: Path,
        services: Sequence[str] = SERVICES,
        ports: dict[str, int] | None = None,
        extra_env: dict[str, str] | None = None,
        *,
        demo_clock: bool = False,
    ) -> None:
        self.state_dir = state_dir.resolve()
        self.services = list(services)
        self.requested_ports = SERVICE_PORT if ports is None else ports
        self.extra_env = extra_env or {}
        # A demo system: the services' domain time is the file the demo moves through the year.
        self.demo_clock = self.state_dir / clock.FILE_NAME if demo_clock else None
        self.nats: EmbeddedNats | None = None
        self.postgres: EmbeddedPostgres | None = None
        self.procs: dict[str, ServiceProcess] = {}
        self.env: dict[str, str] = {}
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._infra_restarts: dict[str, list[float]] = {}
        self._given_up: set[str] = set()

    # -- infrastructure -------------------------------------------------------------------------
    def start_infrastructure(self) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        env: dict[str, str] = {"PCMD_ENV": os.environ.get("PCMD_ENV", "development"), **self.extra_env}
        if self.demo_clock is not None:
            clock.check_allowed(env["PCMD_ENV"], str(self.demo_clock))
            if not self.demo_clock.exists():  # a new demo system starts on January 1 (Vietnam)
                clock.advance(self.demo_clock, year_start(clock.real_now()))
            env[clock.ENV_VAR] = str(self.demo_clock)
        if os.environ.get("PCMD_NATS_URL"):
            env["PCMD_NATS_URL"] = os.environ["PCMD_NATS_URL"]
        else:
            nats_dir = self.state_dir / "nats"
            self.nats = EmbeddedNats(nats_dir, port=self._saved_port("nats"), accounts=True).start()
            env["PCMD_NATS_URL"] = self.nats.url  # no user: each service gets its own (service_env)
        missing = [s for s in self.services if not os.environ.get(database_env_var(s))]
        if missing:
            self.postgres = EmbeddedPostgres(self.state_dir / "postgres").start()
            for service, url in self.postgres.ensure_databases(missing).items():
                # Migrations as the owner role; the service as its runtime role, as deployed.
                env[migration_database_env_var(service)] = url
                env[database_env_var(service)] = self.postgres.ensure_runtime_role(service)
        self.env = child_env(env)

    def service_env(self, service: str) -> dict[str, str]:
        """A service's environment: with the embedded NATS, its own user (as deploy/ gives it);
        with an operator's ``PCMD_NATS_URL``, that URL unchanged. Five services share this machine, so
        none takes ``PCMD_METRICS_PORT`` (one port for all): each keeps ``/metrics`` on its API port."""
        env = {k: v for k, v in self.env.items() if k != "PCMD_METRICS_PORT"}
        if self.nats is None:
            return env
        return {**env, "PCMD_NATS_URL": self.nats.url_for(service)}

    def _saved_port(self, name: str) -> int | None:
        saved = self._state().get("ports", {})
        port = saved.get(name)
        return int(port) if port else None

    def _state(self) -> dict[str, Any]:
        path = self.state_dir / "ports.json"
        loaded: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
        return loaded

    # -- migrations and services ----------------------------------------------------------------
    def migrate(self) -> None:
        """Every service's migrations, in parallel processes (each is its own database)."""
        procs = {
            s: subprocess.Popen(
                [sys.executable, "-m", "shared.cli", "migrate", s],
                env=self.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            for s in self.services
        }
        failed = []
        for s, p in procs.items():
            out, _ = p.communicate(timeout=300)
            if p.returncode != 0:
                failed.append(s)
                sys.stderr.write(out.decode(errors="replace"))
        if failed:
            raise RuntimeError(f"migrations failed: {', '.join(failed)}")

    def start_services(self) -> None:
        logs = self.state_dir / "logs"
        logs.mkdir(exist_ok=True)
        ports = {}
        for s in self.services:
            port = free_port(self._saved_port(s) or self.requested_ports.get(s))
            ports[s] = port
            proc = ServiceProcess(s, port, self.service_env(s), logs / f"{s}.log")
            proc.start()
            self.procs[s] = proc
        if self.nats is not None:
            ports["nats"] = self.nats.port
        self._write_state(ports)

    def _write_state(self, ports: dict[str, int]) -> None:
        """Ports (reused by the next run) and the process ids of this run, for operators and tests."""
        pids = {name: p.process.pid for name, p in self.procs.items() if p.process is not None}
        if self.nats is not None and self.nats.process is not None:
            pids["nats"] = self.nats.process.pid
        if self.postgres is not None and self.postgres.pid is not None:
            pids["postgres"] = self.postgres.pid
        state: dict[str, Any] = {"ports": ports, "pids": pids, "nats_url": self.env.get("PCMD_NATS_URL", "")}
        if self.demo_clock is not None:
            state["demo_clock"] = str(self.demo_clock)  # `pcmd demo` moves it through the year
        if self.nats is not None:
            state["nats_credentials"] = str(self.nats.credentials_path)  # the users' passwords (mode 0600)
        (self.state_dir / "ports.json").write_text(json.dumps(state, indent=2))

    def wait_ready(self, timeout: float = 180.0) -> float:
        """Seconds until every ``/readyz`` answered 200."""
        started = time.monotonic()
        pending = set(self.procs)
        while pending:
            for name in sorted(pending):
                proc = self.procs[name]
                if proc.process is not None and proc.process.poll() is not None:
                    raise RuntimeError(f"{name} exited with {proc.process.returncode}; see {proc.log_path}")
                if _is_ready(proc.url):
                    pending.discard(name)
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"not ready after {timeout}s: {', '.join(sorted(pending))}")
            time.sleep(0.2)
        return time.monotonic() - started

    def supervise(self) -> None:
        """Until asked to stop, restart what dies: the embedded NATS and PostgreSQL (same ports and data
        folders) and every service, each at most 5 times a minute."""
        while not self._stopping.wait(1.0):
            with self._lock:  # stop() takes it too: nothing is restarted while the system stops
                if self._stopping.is_set():
                    return
                self._supervise_infrastructure()
                self._supervise_services()

    def _supervise_infrastructure(self) -> None:
        for name, server in (("nats", self.nats), ("postgres", self.postgres)):
            if server is None or server.running or name in self._given_up:
                continue
            if not _allow_restart(self._infra_restarts.setdefault(name, [])):
                log.error("%s keeps stopping; not restarting it (see %s)", name, server.state_dir)
                self._given_up.add(name)
                continue
            try:
                server.restart()
                log.warning("%s restarted (same port and data folder)", name)
                self._write_state(self._state().get("ports", {}))
            except Exception:
                log.exception("restarting %s failed; trying again", name)

    def _supervise_services(self) -> None:
        for proc in self.procs.values():
            if proc.process is None or proc.process.poll() is None:
                continue
            if not _allow_restart(proc.restarts):
                log.error("%s keeps crashing; not restarting it (see %s)", proc.name, proc.log_path)
                proc.process = None
                continue
            log.warning("%s exited with %s; restarting", proc.name, proc.process.returncode)
            proc.start()
            self._write_state({**self._state().get("ports", {})})

    def stop(self) -> None:
        """Services first (they drain their consumers and outbox), then NATS, then PostgreSQL."""
        self._stopping.set()
        with self._lock:
            self._stop_all()

    def _stop_all(self) -> None:
        for proc in self.procs.values():
            proc.terminate()
        for proc in self.procs.values():
            proc.wait(30)
        if self.nats is not None:
            self.nats.stop()
        if self.postgres is not None:
            self.postgres.stop()

    def urls(self) -> dict[str, str]:
        return {name: proc.url for name, proc in self.procs.items()}


def year_start(now: dt.datetime) -> dt.datetime:
    """January 1, 00:00 in Vietnam, of the year under way there."""
    vn = now.astimezone(VN)
    return dt.datetime(vn.year, 1, 1, tzinfo=VN)


def _allow_restart(restarts: list[float]) -> bool:
    """Records a restart; false past 5 in the last minute."""
    now = time.monotonic()
    restarts[:] = [t for t in restarts if now - t < 60] + [now]
    return len(restarts) <= 5


def _is_ready(url: str) -> bool:
    """Every check passes (a 200 of ``taking_writes`` is not enough for the banner: NATS is ours here)."""
    try:
        with urllib.request.urlopen(f"{url}/readyz", timeout=2) as response:  # noqa: S310 - loopback only
            return bool(response.status == 200 and json.loads(response.read())["status"] == "ready")
    except (OSError, ValueError, KeyError):
        return False


def print_banner(system: System, seconds: float) -> None:
    print(f"\nPCMD đã sẵn sàng / ready in {seconds:.1f}s  (state: {system.state_dir})")
    for name, url in system.urls().items():
        print(f"  {name:<18} {url}/openapi.json")
    if "intake" in system.procs:
        print(f"  {'public form':<18} {system.procs['intake'].url}/v1/public  (tin ẩn danh / anonymous)")
    if "reporting" in system.procs:
        print(
            f"  {'dashboard':<18} {system.procs['reporting'].url}/dashboard#token=…"
            "  (bảng chỉ số; token: make token UNIT=vhxh)"
        )
    if system.demo_clock is not None:
        at = clock.read(system.demo_clock)
        shown = at.astimezone(VN).isoformat() if at else "live"
        print(f"  {'demo clock':<18} {system.demo_clock}  ({shown}; `pcmd demo` moves it / đồng hồ mô phỏng)")
    if system.nats is not None:
        where = system.nats.credentials_path
        print(f"  {'nats':<18} {system.nats.url}  (users as in deploy/nats; passwords in {where})")
    print(f"  {'logs':<18} {system.state_dir / 'logs'}  (một tệp mỗi dịch vụ / one file per service)")
    watched = ["dịch vụ / services"] + [
        n for n, s in (("NATS", system.nats), ("PostgreSQL", system.postgres)) if s
    ]
    print(
        f"  {'supervised':<18} {', '.join(watched)}: tự khởi động lại khi dừng / restarted when they stop"
        " (same ports and data folders)"
    )
    print("Ctrl-C để dừng / to stop\n", flush=True)


def run(
    state_dir: Path, services: Sequence[str] = SERVICES, *, free_ports: bool = False, demo_clock: bool = False
) -> int:
    """Foreground: start everything, print where it is, stop cleanly on Ctrl-C or SIGTERM."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("pgserver").setLevel(logging.ERROR)  # its "killing it instead" after a crash is noise
    system = System(state_dir, services, ports={} if free_ports else None, demo_clock=demo_clock)
    stop = threading.Event()

    def _on_signal(signum: int, _frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    try:
        started = time.monotonic()
        system.start_infrastructure()
        system.migrate()
        system.start_services()
        system.wait_ready()
        print_banner(system, time.monotonic() - started)
        supervisor = threading.Thread(target=system.supervise, daemon=True)
        supervisor.start()
        stop.wait()
        print("Đang dừng / stopping…", flush=True)
        return 0
    finally:
        system.stop()
