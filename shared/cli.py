"""The ``pcmd`` command: run the system, serve, migrate or rebuild one service, mint development tokens."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib
import os
import socket
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from shared.clock import DemoClockRefused
from shared.contracts.catalog import SERVICES

if TYPE_CHECKING:
    from fastapi import FastAPI

DEFAULT_STATE_DIR = ".pcmd"


def _service_main(name: str) -> ModuleType:
    if name not in SERVICES:
        raise SystemExit(f"unknown service {name!r}; one of {', '.join(SERVICES)}")
    return importlib.import_module(f"services.{name}.main")


def cmd_run(args: argparse.Namespace) -> int:
    from shared.launcher import run

    services = args.services or SERVICES
    try:
        return run(Path(args.state_dir), services, free_ports=args.free_ports, demo_clock=args.demo_clock)
    except DemoClockRefused as exc:
        print(f"pcmd run: {exc}", file=sys.stderr)
        return 2


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port (IPv6 when the host is an IPv6 address)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


# How every `pcmd serve` runs uvicorn, with or without a metrics port.
UVICORN_OPTIONS: dict[str, Any] = {
    "log_config": None,
    "access_log": False,
    "timeout_graceful_shutdown": 20,
    "lifespan": "on",
    # The client address stays the peer's: X-Forwarded-For is read by the services that need it,
    # and only from PCMD_TRUSTED_PROXIES (uvicorn would otherwise believe it from 127.0.0.1).
    "proxy_headers": False,
    "forwarded_allow_ips": "",
}


def server_for(app: FastAPI, host: str, port: int, metrics_port: int) -> tuple[Any, list[socket.socket]]:
    """One uvicorn Server of a service on two sockets: the API port answers everything but /metrics,
    the metrics port only /metrics (shared/metrics.py MetricsPort and metrics_endpoint)."""
    import uvicorn

    from shared.metrics import MetricsPort

    if metrics_port == port:
        raise SystemExit("pcmd serve: --metrics-port must differ from --port")
    app.state.metrics_port = metrics_port
    config = uvicorn.Config(MetricsPort(app, metrics_port), host=host, port=port, **UVICORN_OPTIONS)
    sockets = [listen(host, port)]
    try:
        sockets.append(listen(host, metrics_port))
    except OSError:
        sockets[0].close()
        raise
    return uvicorn.Server(config), sockets


# Young objects collected every 10,000 allocations instead of 700: a collection costs what is alive at
# that moment (a few requests' objects), so ten times fewer collections cost about ten times less CPU.
GC_THRESHOLDS = (10_000, 10, 10)


def settle_heap() -> None:
    """After the imports and the app are built: collect once, then move every object alive (modules,
    classes, the app, its settings) out of the collector's sight (``gc.freeze``). Without it each full
    collection walked them all and held the service 100 to 250 ms (seen in the tip pipeline's tail);
    after it, under 10 ms. Objects created later are collected as before."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from shared.telemetry import setup_logging

    module = _service_main(args.service)
    settings = module.load_settings()
    setup_logging(args.service, settings.log_level)
    app = module.build_app(settings)
    settle_heap()
    metrics_port = getattr(args, "metrics_port", None)
    if metrics_port is None:  # /metrics on the API port, as in tests and `pcmd run`
        uvicorn.run(app, host=args.host, port=args.port, **UVICORN_OPTIONS)
        return 0
    server, sockets = server_for(app, args.host, args.port, metrics_port)
    try:
        server.run(sockets=sockets)
    finally:
        for sock in sockets:
            sock.close()
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from shared.migrations import upgrade

    module = _service_main(args.service)
    settings = module.load_settings()
    # As the owner role (PCMD_<SERVICE>_MIGRATION_DATABASE_URL when set); the runtime role is granted.
    upgrade(module.MIGRATIONS, settings.migration_url, args.revision, runtime_url=settings.database_url)
    return 0


def cmd_rebuild(args: argparse.Namespace) -> int:
    """Rebuild a service's read models from the streams (reporting is the one that has them)."""
    import asyncio

    module = _service_main(args.service)
    try:
        rebuilder = importlib.import_module(f"services.{args.service}.handlers.rebuild")
    except ModuleNotFoundError:
        raise SystemExit(f"{args.service} keeps no read models to rebuild") from None
    settings = module.load_settings()
    # The rebuild makes and swaps tables: it runs as the owner role, like a migration.
    owner = settings.model_copy(update={"database_url": settings.migration_url})
    report = asyncio.run(rebuilder.rebuild(owner, batch=args.batch, switch=not args.dry_run))
    print(f"{report.events} events read, {report.caught_up} applied after the switch")
    return 0


MAX_TOKEN_HOURS = 24.0


def cmd_token(args: argparse.Namespace) -> int:
    """A development token; refused in production, where tokens come from the identity provider."""
    from shared.auth import mint_token
    from shared.settings import DEV_JWT_SECRET

    if os.environ.get("PCMD_ENV", "development") == "production":
        raise SystemExit("pcmd token: refused in production (PCMD_ENV=production); use the identity provider")
    if not 0 < args.hours <= MAX_TOKEN_HOURS:
        raise SystemExit(f"pcmd token: --hours must be more than 0 and at most {MAX_TOKEN_HOURS:g}")
    secret = os.environ.get("PCMD_JWT_SECRET", DEV_JWT_SECRET)
    try:
        token = mint_token(
            secret,
            sub=args.sub or f"{args.unit}-user",
            ward=args.ward,
            unit=args.unit,
            roles=[r.strip() for r in args.roles.split(",") if r.strip()],
            ttl=dt.timedelta(hours=args.hours),
            name=args.name,
            title=args.title,
        )
    except ValueError as exc:
        raise SystemExit(f"pcmd token: {exc}") from None
    print(token)
    return 0


def _token_help() -> str:
    from shared.auth import ROLE_NAMES, UNIT_NAMES

    units = "\n".join(f"  {code:<6} {name}" for code, name in UNIT_NAMES.items())
    roles = "\n".join(f"  {code:<13} {name}" for code, name in ROLE_NAMES.items())
    return (
        f"units (--unit):\n{units}\n\nroles (--roles, comma-separated):\n{roles}\n\n"
        "A token sees one ward (--ward, default PCMD_WARD or lechan). The city's view is a token of\n"
        "the city: --ward haiphong --unit city --roles viewer (snapshots and indicators of its wards).\n"
        "Who may do what: docs/permissions.md."
    )


def cmd_docs(_args: argparse.Namespace) -> int:
    from shared.docs import write

    print(f"wrote {write(Path.cwd())}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pcmd", description="PCMD platform / Nền tảng PCMD")
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="the whole system (embedded NATS and PostgreSQL unless URLs are set)")
    run.add_argument("--state-dir", default=os.environ.get("PCMD_STATE_DIR", DEFAULT_STATE_DIR))
    run.add_argument("--services", nargs="*", choices=SERVICES)
    run.add_argument("--free-ports", action="store_true", help="any free ports instead of 8001-8005")
    run.add_argument(
        "--demo-clock",
        action="store_true",
        help="hệ thống demo: đồng hồ mô phỏng cho `pcmd demo` / a demo system whose domain time `pcmd demo` "
        "moves through the year from January 1 (development and test only)",
    )
    run.set_defaults(func=cmd_run)
    serve = sub.add_parser("serve", help="one service: HTTP API, outbox relay and consumers")
    serve.add_argument("service", choices=SERVICES)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    metrics_port = os.environ.get("PCMD_METRICS_PORT") or None
    serve.add_argument(
        "--metrics-port",
        type=int,
        default=int(metrics_port) if metrics_port else None,
        help="serve /metrics on this port only (and not on --port); default PCMD_METRICS_PORT, else --port",
    )
    serve.set_defaults(func=cmd_serve)
    migrate = sub.add_parser("migrate", help="run one service's database migrations")
    migrate.add_argument("service", choices=SERVICES)
    migrate.add_argument("--revision", default="head")
    migrate.set_defaults(func=cmd_migrate)
    rebuild = sub.add_parser("rebuild", help="rebuild read models from the streams, then switch over")
    rebuild.add_argument("service", choices=["reporting"])
    rebuild.add_argument("--batch", type=int, default=1000, help="messages per fetch and transaction")
    rebuild.add_argument("--dry-run", action="store_true", help="build the new tables but do not switch")
    rebuild.set_defaults(func=cmd_rebuild)
    token = sub.add_parser(
        "token",
        help="mint a development JWT (refused in production)",
        epilog=_token_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    token.add_argument("--sub", default="", help="the user's id (default: <unit>-user)")
    token.add_argument("--ward", default=os.environ.get("PCMD_WARD", "lechan"))
    token.add_argument("--unit", required=True, metavar="UNIT", help="one of the units listed below")
    token.add_argument("--roles", required=True, help="comma-separated, e.g. officer,leader")
    token.add_argument("--hours", type=float, default=8.0, help=f"lifetime, at most {MAX_TOKEN_HOURS:g}")
    token.add_argument("--name", default="", help="the person's name, as reports print it")
    token.add_argument("--title", default="", help="the person's title, e.g. Chuyên viên")
    token.set_defaults(func=cmd_token)
    docs = sub.add_parser(
        "docs", help="write docs/permissions.md (who may do what) from the permission tables"
    )
    docs.set_defaults(func=cmd_docs)
    from shared.demo.run import add_parser as add_demo

    add_demo(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
