"""What every scenario gets: the launched system's addresses and the load sizes of this run."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from shared.auth import mint_token
from shared.settings import DEV_JWT_SECRET, database_env_var, migration_database_env_var
from tests.bench.procstat import Pids


def _snapshot_facts() -> tuple[int, ...]:
    """The snapshot's growth points; ``PCMD_BENCH_LARGE=1`` adds 10M facts (about 10 more minutes)."""
    large = os.environ.get("PCMD_BENCH_LARGE", "") not in ("", "0")
    return (10_000, 100_000, 1_000_000) + ((10_000_000,) if large else ())


def _no_processes() -> dict[str, tuple[int, bool]]:
    return {}


@dataclass(frozen=True)
class Sizes:
    concurrency: int = 32
    http_seconds: float = 5.0  # each baseline (a) repetition
    pipeline_seconds: float = 15.0  # each sustained tip-pipeline repetition
    messages: int = 20_000  # raw publish and consume baselines
    rebuild_events: int = 100_000
    snapshot_facts: tuple[int, ...] = field(default_factory=_snapshot_facts)
    trend_facts: int = 1_000_000  # the dashboard's calls
    relay_burst: int = 10_000
    register_rows: int = 10_000

    @classmethod
    def quick(cls) -> Sizes:
        return cls(
            concurrency=8, http_seconds=1.0, pipeline_seconds=1.5, messages=500, rebuild_events=300,
            snapshot_facts=(300, 3_000), trend_facts=3_000, relay_burst=200, register_rows=300,
        )  # fmt: skip


@dataclass(frozen=True)
class Context:
    state_dir: Path
    env: dict[str, str]
    urls: dict[str, str]
    sizes: Sizes
    reps: int
    ward: str = "lechan"
    pids: Pids = field(default=_no_processes)  # the system's processes, for CPU and memory per process

    @property
    def nats_url(self) -> str:
        return self.env["PCMD_NATS_URL"]

    def database_url(self, service: str) -> str:
        """The owner's URL where there is one: the bench makes its own tables, as an operator would."""
        return self.env.get(migration_database_env_var(service)) or self.env[database_env_var(service)]

    def dsn(self, service: str) -> str:
        """The same database for plain asyncpg."""
        return self.database_url(service).replace("postgresql+asyncpg://", "postgresql://")

    def token(self, unit: str = "ca", roles: tuple[str, ...] = ("officer",)) -> dict[str, str]:
        token = mint_token(DEV_JWT_SECRET, sub="bench", ward=self.ward, unit=unit, roles=list(roles))
        return {"Authorization": f"Bearer {token}"}
