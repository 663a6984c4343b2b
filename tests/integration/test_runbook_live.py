"""deploy/RUNBOOK.md's commands, read from the document, run against a live local system.

The system is ``shared/launcher.py``'s ``System`` (what ``pcmd run`` starts): an embedded PostgreSQL with a
database, an owner role and a runtime role per service, an embedded NATS with the accounts of deploy/nats,
and intake and reporting as processes on free loopback ports.

Run here, as the runbook writes them (only the host port and the example sequence number replaced):

- *Replay dead letters*: ``TOKEN=$(pcmd token ...)`` and the three ``curl`` lines against reporting (the
  runbook's port 8005). The dead letter is real: a tip event that can never apply, published on intake's
  stream as the NATS ``admin`` user; its replay answers that it still cannot be applied and it stays.
- *Back up and restore*: the ``pg_dump`` and ``pg_restore`` lines (pgserver's binaries, as the
  administrator through ``PGHOST``/``PGUSER``), intake stopped before the restore, then ``pcmd migrate
  intake``: every table holds exactly the rows of the dump, and intake, as its runtime role, serves the
  tips of the dump and not the one written after it.
- *Rotate a key* (the field-encryption row of its table): intake restarted with a new key listed first and
  its id active, the old one kept: a tip encrypted before reads, and one written after reads; restarted
  without the old key, the old tip's private fields no longer read (why the runbook says to keep it).

- *JetStream, the server-level alternative*: NATS stopped, its JetStream directory copied, later put back
  with NATS stopped: every stream has the messages and last sequence of the copy again.

Not run here: ``nats stream backup``/``restore`` (the ``nats`` CLI is not installed, nor in the image, nor
a pinned package of the project); every ``kubectl`` command but ``kubectl kustomize`` (scale, rollout,
exec, port-forward need a cluster; the deployment names are checked in tests/contract/test_runbook.py);
``docker compose`` (not installed here; the compose file is parsed there); the ``docker compose exec``
forms of the dumps; ``pcmd rebuild reporting`` (tests/integration/reporting covers the rebuild itself).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import nats
import pgserver
import pytest

from shared.contracts.catalog import SERVICES, stream_name
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake_ev
from shared.launcher import BASE_PORT, System
from shared.messaging.envelope import envelope
from shared.settings import development_keys
from tests.contract.test_runbook import commands, words
from tests.helpers import auth_headers
from tests.integration.harness import declare_streams

ROOT = Path(__file__).resolve().parents[2]
RUNBOOK_TEXT = (ROOT / "deploy" / "RUNBOOK.md").read_text(encoding="utf-8")
WARD = "lechan"  # the launcher's default ward, and `pcmd token`'s
PG_BIN = Path(pgserver.__file__).parent / "pginstall" / "bin"
TIP = {
    "kind": "denunciation",
    "channel": "hotline",
    "residential_group": "tdp-2",
    "subject": {"type": "place", "place_address": "ngõ 12"},
}

pytestmark = pytest.mark.timeout(600)  # the first test also starts the system (migrations, two services)


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    if os.environ.get("PCMD_TEST_POSTGRES_URL") or os.environ.get("PCMD_TEST_NATS_URL"):
        pytest.skip("the runbook is run against the launcher's embedded PostgreSQL and NATS only")
    running = System(tmp_path_factory.mktemp("runbook"), ["intake", "reporting"], ports={})
    try:
        running.start_infrastructure()
        running.migrate()
        assert running.nats is not None  # the other three services' streams, as if they ran
        asyncio.run(declare_streams(running.nats.url_for("admin")))
        running.start_services()
        running.wait_ready()
        yield running
    finally:
        running.stop()


def runbook(program: str, *, containing: str = "") -> list[str]:
    return [c for c in commands() if words(c)[0] == program and containing in c]


def on_this_machine(system: System, command: str) -> str:
    """The runbook's ``localhost:800N`` is the port the launcher gave that service here."""

    def port(m: re.Match[str]) -> str:
        return f"127.0.0.1:{system.procs[SERVICES[int(m.group(1)) - BASE_PORT]].port}"

    return re.sub(r"localhost:(\d{4})", port, command)


def sh(command: str, env: dict[str, str], cwd: Path | None = None) -> str:
    result = subprocess.run(
        ["bash", "-c", command], env=env, cwd=cwd, capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, (command, result.stdout, result.stderr)
    return result.stdout


def pcmd(system: System, *args: str) -> str:
    return sh(shlex.join([sys.executable, "-m", "shared.cli", *args]), {**system.env}, cwd=ROOT)


def client(system: System, service: str, unit: str = "ca", role: str = "officer") -> httpx.Client:
    url = system.procs[service].url
    return httpx.Client(base_url=url, headers=auth_headers(WARD, unit, role), timeout=10)


def wait_ready(system: System, service: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        proc = system.procs[service].process
        assert proc is not None and proc.poll() is None, (
            f"{service} exited; see {system.procs[service].log_path}"
        )
        try:
            if httpx.get(f"{system.procs[service].url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, f"{service} not ready in {timeout}s"
        time.sleep(0.2)


def stop(system: System, service: str) -> None:
    system.procs[service].terminate()
    system.procs[service].wait(60)


def start(system: System, service: str, **env: str) -> None:
    proc = system.procs[service]
    proc.env = {**proc.env, **env}
    proc.start()
    wait_ready(system, service)


# --- Replay dead letters ------------------------------------------------------------------------------


async def publish_poison(url: str) -> None:
    """A tip event whose tip id is not a UUID: reporting dead-letters it on its first delivery."""
    nc = await nats.connect(url)
    try:
        headers = envelope(intake_ev.TipReceived(ward=WARD), service="intake", ward=WARD).headers
        body = intake_ev.TipReceived(tip_id="not-a-uuid", ward=WARD).SerializeToString()
        await nc.jetstream().publish(f"pcmd.{WARD}.intake.tip.received", body, headers=headers)
    finally:
        await nc.close()


class DeadLetterCommands:
    """The runbook's token and three ``curl`` lines, run here with the token they mint."""

    def __init__(self, system: System) -> None:
        (mint,) = runbook("pcmd", containing="TOKEN=")
        self.env = {**os.environ, "TOKEN": pcmd(system, *words(mint)[1:]).strip()}
        listing, self.replay_line, status = runbook("curl", containing="/v1/ops/")
        self.listing, self.status_line = on_this_machine(system, listing), on_this_machine(system, status)
        self.system = system

    def letters(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = json.loads(sh(self.listing, self.env))
        return found

    def replay(self, seq: int | None = None) -> str:
        line = self.replay_line if seq is None else self.replay_line.replace("/42/", f"/{seq}/")
        return sh(on_this_machine(self.system, line), self.env)

    def status(self) -> dict[str, Any]:
        figures: dict[str, Any] = json.loads(sh(self.status_line, self.env))
        return figures


@pytest.fixture(scope="module")
def dead_letter(system: System) -> tuple[DeadLetterCommands, dict[str, Any]]:
    """A real dead letter at reporting, as the runbook's listing shows it."""
    assert system.nats is not None
    asyncio.run(publish_poison(system.nats.url_for("admin")))
    ops = DeadLetterCommands(system)
    deadline = time.monotonic() + 60
    while not ops.letters():
        assert time.monotonic() < deadline, "no dead letter at reporting"
        time.sleep(0.5)
    (letter,) = ops.letters()
    return ops, letter


def test_the_dead_letter_commands_list_and_report_a_real_dead_letter(
    dead_letter: tuple[DeadLetterCommands, dict[str, Any]],
) -> None:
    ops, letter = dead_letter
    assert "intake" in json.dumps(letter) and isinstance(letter["seq"], int)
    figures = ops.status()
    assert figures["service"] == "reporting" and figures["dead_letters"] == 1
    assert "no dead letter 42" in ops.replay()  # the runbook's example number: no such letter here


def test_replaying_a_letter_that_still_cannot_apply_says_so_and_keeps_it(
    dead_letter: tuple[DeadLetterCommands, dict[str, Any]],
) -> None:
    ops, letter = dead_letter
    answer = ops.replay(letter["seq"])
    assert [d["seq"] for d in ops.letters()] == [letter["seq"]]  # a replay that fails keeps the letter
    assert "still cannot be applied" in answer, answer
    assert json.loads(answer)["status"] == 409, answer  # a conflict with the event, not a bad request


# --- Back up and restore PostgreSQL ---------------------------------------------------------------------


def admin_env(system: System) -> dict[str, str]:
    assert system.postgres is not None
    return {
        **os.environ,
        "PATH": f"{PG_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PGHOST": system.postgres.socket_dir,
        "PGUSER": "postgres",
    }


def fingerprint(system: System, database: str) -> dict[str, str]:
    """Every table of the database: its row count and a digest of its rows."""
    env = admin_env(system)
    psql = f"psql -X -At -d {database} -c"
    listed = sh(f"{psql} \"SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1\"", env)
    tables = listed.split()
    assert "tip" in tables and "outbox" in tables, tables
    return {
        t: sh(f"{psql} 'SELECT count(*), md5(coalesce(string_agg(r::text, chr(10) ORDER BY r::text), $$$$))"
              f" FROM \"{t}\" r'", env).strip()
        for t in tables
    }  # fmt: skip


def unpublished(system: System) -> int:
    query = "SELECT count(*) FROM outbox WHERE published_at IS NULL"
    return int(sh(f'psql -X -At -d pcmd_intake -c "{query}"', admin_env(system)))


def wait_published(system: System) -> None:
    deadline = time.monotonic() + 60
    while unpublished(system):
        assert time.monotonic() < deadline, "intake's relay did not publish its outbox"
        time.sleep(0.2)


def new_tip(system: System) -> str:
    with client(system, "intake") as c:
        r = c.post("/v1/tips", json=TIP)
        assert r.status_code == 201, r.text
        return str(r.json()["id"])


def test_a_database_dumped_and_restored_as_the_runbook_says_has_the_rows_of_the_dump(
    system: System, tmp_path: Path
) -> None:
    dump_line = next(c for c in runbook("pg_dump") if "-f pcmd_intake.dump" in c)
    (restore_line,) = runbook("pg_restore")
    env = admin_env(system)
    kept = [new_tip(system) for _ in range(3)]
    for _ in range(50):  # a dump of a quiet database: the relay has published, nothing moves meanwhile
        time.sleep(0.2)
        before = fingerprint(system, "pcmd_intake")
        if unpublished(system) == 0:
            sh(dump_line, env, cwd=tmp_path)
            dumped = fingerprint(system, "pcmd_intake")
            if dumped == before:
                break
    else:
        raise AssertionError("intake's database never stood still for a dump")
    lost = new_tip(system)  # written after the dump: the restore takes it back
    assert fingerprint(system, "pcmd_intake") != dumped

    stop(system, "intake")  # the runbook: stop the service before restoring its database
    sh(restore_line, env, cwd=tmp_path)
    assert fingerprint(system, "pcmd_intake") == dumped
    pcmd(system, "migrate", "intake")  # the runbook: then run `pcmd migrate <service>`
    start(system, "intake")
    with client(system, "intake") as c:  # as the runtime role: the dump's grants came back with it
        assert all(c.get(f"/v1/tips/{tip}").status_code == 200 for tip in kept)
        assert c.get(f"/v1/tips/{lost}").status_code == 404


# --- Rotate a key ---------------------------------------------------------------------------------------


def place(system: System, tip: str) -> int | str:
    with client(system, "intake") as c:
        r = c.get(f"/v1/tips/{tip}/private", params={"part": "details"})
        if r.status_code != 200:
            return r.status_code
        return str(next(v["value"] for v in r.json() if v["field"] == "place_address"))


def test_a_field_key_rotated_with_the_old_one_kept_reads_old_and_new_values(system: System) -> None:
    table = next(line for line in RUNBOOK_TEXT.splitlines() if "field encryption" in line)
    assert "PCMD_<SERVICE>_FIELD_KEYS" in table and "**supported**" in table
    before = new_tip(system)
    assert place(system, before) == "ngõ 12"
    new_key = "k2:" + base64.b64encode(os.urandom(32)).decode()
    old_keys = system.procs["intake"].env.get("PCMD_INTAKE_FIELD_KEYS") or development_keys("intake")

    stop(system, "intake")
    start(system, "intake", PCMD_INTAKE_FIELD_KEYS=f"{new_key},{old_keys}", PCMD_INTAKE_FIELD_KEY_ID="k2")
    after = new_tip(system)
    assert place(system, before) == "ngõ 12" and place(system, after) == "ngõ 12"

    stop(system, "intake")  # the old key dropped too early: what it encrypted no longer reads
    start(system, "intake", PCMD_INTAKE_FIELD_KEYS=new_key, PCMD_INTAKE_FIELD_KEY_ID="k2")
    assert place(system, after) == "ngõ 12"
    assert place(system, before) != "ngõ 12"


# --- Back up and restore JetStream: the server-level alternative ---------------------------------------


async def stream_figures(url: str) -> dict[str, tuple[int, int]]:
    """Every stream's (messages, last sequence), once the server has recovered all it had."""
    nc = await nats.connect(url)
    try:
        streams = await nc.jetstream().streams_info()
        return {s.config.name or "": (s.state.messages, s.state.last_seq) for s in streams}
    finally:
        await nc.close()


def figures_when_recovered(system: System, expected: int) -> dict[str, tuple[int, int]]:
    assert system.nats is not None
    deadline = time.monotonic() + 60
    while True:
        try:
            figures = asyncio.run(stream_figures(system.nats.url_for("admin")))
            if len(figures) >= expected:
                return figures
        except Exception:  # the server is still starting
            pass
        assert time.monotonic() < deadline, "JetStream did not recover its streams"
        time.sleep(0.5)


def test_the_jetstream_directory_copied_while_nats_is_stopped_brings_the_streams_back(
    system: System, tmp_path: Path
) -> None:
    """The runbook's server-level alternative to ``nats stream backup`` (the nats CLI is not here)."""
    assert system.nats is not None and "Server-level alternative" in RUNBOOK_TEXT
    store, backup = system.nats.state_dir / "jetstream", tmp_path / "jetstream"
    new_tip(system)
    wait_published(system)
    streams = len(figures_when_recovered(system, 1))
    assert streams == 2 * len(SERVICES)  # every service's stream and its dead letters

    system.nats.stop()
    shutil.copytree(store, backup)
    system.nats.start()
    backed_up = figures_when_recovered(system, streams)
    assert backed_up[stream_name("intake")][0] >= 1
    wait_ready(system, "intake")
    new_tip(system)  # after the backup: the restore takes it back
    wait_published(system)
    assert figures_when_recovered(system, streams) != backed_up

    system.nats.stop()
    shutil.rmtree(store)
    shutil.copytree(backup, store)
    system.nats.start()
    assert figures_when_recovered(system, streams) == backed_up
    wait_ready(system, "intake")
    wait_ready(system, "reporting")
