"""deploy/RUNBOOK.md: every command in its ``sh`` blocks is read from the document and checked here.

What can run without a cluster runs: each overlay is built with ``kubectl kustomize``, each NATS
configuration is parsed by ``nats-server -t``, each ``pcmd`` subcommand answers ``--help``, the
codegen check runs, and each ``deployment/<name>`` exists in the rendered manifests. ``docker
compose config`` runs only if docker is installed; otherwise the compose file is parsed as YAML and
checked for its services (weaker: no interpolation or schema check), and the test's name says so.
Every other command needs a running cluster, database or NATS: its program must be in ``NOT_HERE``
with the reason, so a new kind of command cannot enter the runbook unclassified.

Those that need a running database or services run in tests/integration/test_runbook_live.py against the
launcher's local system: ``pcmd token`` and the dead-letter ``curl`` lines, ``pg_dump`` and ``pg_restore``
(the restored database has the dump's rows), a field-key rotation and the JetStream directory copy. Not
run anywhere: ``kubectl`` but ``kustomize`` (scale, rollout, exec, port-forward need a cluster), ``docker
compose`` but ``config``, and ``nats stream backup/restore`` (the nats CLI is not installed here, nor in
the image).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
import yaml

from shared.contracts.catalog import SERVICES
from shared.infra import nats_server_binary

ROOT = Path(__file__).resolve().parents[2]
RUNBOOK = ROOT / "deploy" / "RUNBOOK.md"
OVERLAYS = ROOT / "deploy" / "k8s" / "overlays"

# Programs whose commands need a live system; the runbook may use them, this test cannot run them.
NOT_HERE = {
    "docker": "a Docker host (only `docker compose config` is checked)",
    "kubectl": "a cluster (only `kubectl kustomize` runs; deployment names are checked)",
    "curl": "running services (run in tests/integration/test_runbook_live.py)",
    "pg_dump": "a PostgreSQL server (run in tests/integration/test_runbook_live.py)",
    "pg_restore": "a PostgreSQL server (run in tests/integration/test_runbook_live.py)",
    "nats": "a NATS server and the nats CLI (not installed here, not in the image)",
}


def commands() -> list[str]:
    """The commands of the runbook's ``sh`` blocks: continuation lines joined, comments dropped."""
    text = RUNBOOK.read_text(encoding="utf-8")
    found: list[str] = []
    for block in re.findall(r"^[ \t]*```sh\n(.*?)^[ \t]*```", text, flags=re.S | re.M):
        for raw in block.replace("\\\n", " ").splitlines():
            line = raw.split(" #", 1)[0].strip()
            if line and not line.startswith("#"):
                found.append(line)
    return found


def words(command: str) -> list[str]:
    """The command's words; ``VAR=$(inner)`` yields the inner command's words."""
    m = re.fullmatch(r"[A-Z_]+=\$\((.*)\)", command)
    return shlex.split(m.group(1) if m else command)


def pcmd_subcommands() -> set[str]:
    subs: set[str] = set()
    for command in commands():
        w = words(command)
        subs.update(w[i + 1] for i, x in enumerate(w[:-1]) if x == "pcmd" and w[i - 1 : i] != ["-n"])
    return subs


@cache
def rendered(overlay: str) -> list[dict[str, object]]:
    result = subprocess.run(
        ["kubectl", "kustomize", str(OVERLAYS / overlay)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return [d for d in yaml.safe_load_all(result.stdout) if d]


def test_the_runbook_has_commands_for_every_section() -> None:
    text = RUNBOOK.read_text(encoding="utf-8")
    for heading in (
        "## Start",
        "## Scale a service",
        "## Rotate a key",
        "## Replay dead letters",
        "## Rebuild reporting",
        "## Back up and restore",
        "## Upgrade with a contract change",
    ):
        assert heading in text
    assert len(commands()) >= 20


def test_every_command_is_checked_here_or_needs_a_named_live_system() -> None:
    for command in commands():
        w = words(command)
        checked = (
            w[:2] == ["kubectl", "kustomize"]
            or w[:3] == ["docker", "compose", "config"]
            or w[:2] == ["nats-server", "-t"]
            or w[0] == "pcmd"
            or w[:3] == ["python", "-m", "shared.contracts.codegen"]
        )
        assert checked or w[0] in NOT_HERE, f"unclassified runbook command: {command}"


def test_every_overlay_is_built_by_the_runbook_and_builds() -> None:
    built = [words(c)[2] for c in commands() if words(c)[:2] == ["kubectl", "kustomize"]]
    overlays = sorted(p.name for p in OVERLAYS.iterdir() if (p / "kustomization.yaml").exists())
    assert sorted(Path(b).name for b in built) == overlays
    for path in built:
        assert (ROOT / path).resolve().parent == OVERLAYS.resolve()
        assert any(d.get("kind") == "Deployment" for d in rendered(Path(path).name))


def test_the_deployments_and_namespaces_the_runbook_names_exist_in_the_city_overlay() -> None:
    docs = rendered("city")
    deployments = {
        d["metadata"]["name"]  # type: ignore[index]
        for d in docs
        if d.get("kind") == "Deployment"
    }
    namespaces = {d["metadata"]["namespace"] for d in docs if "namespace" in d["metadata"]}  # type: ignore[operator,index]
    named = 0
    for command in commands():
        w = words(command)
        if w[0] != "kubectl" or w[1] == "kustomize":
            continue
        if w[1] == "-n":
            assert w[2] in namespaces, command
        for name in re.findall(r"deployment/([a-z-]+)", command):
            assert name in deployments, command
            named += 1
    assert named >= 5


def has_docker_compose() -> bool:
    """The docker CLI may be installed without its compose plugin (as on the machine this was written on)."""
    if shutil.which("docker") is None:
        return False
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
    return probe.returncode == 0


@pytest.mark.skipif(not has_docker_compose(), reason="docker compose is not installed: YAML parse only")
def test_docker_compose_config_accepts_the_compose_file() -> None:
    assert any(words(c)[:3] == ["docker", "compose", "config"] for c in commands())
    result = subprocess.run(
        ["docker", "compose", "config", "-q"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_compose_file_parsed_as_yaml_only_since_docker_compose_config_cannot_run_without_docker() -> None:
    """Without docker compose, ``docker compose config`` cannot run: the YAML is parsed instead.

    Weaker than the real thing (no interpolation, no compose schema): it checks the services and the
    services the runbook's ``docker compose exec/up`` lines name. It always runs; the real ``docker
    compose config`` test above runs only where docker compose exists and is reported as skipped
    otherwise.
    """
    assert any(words(c)[:3] == ["docker", "compose", "config"] for c in commands())
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    for service in SERVICES:
        assert service in services and f"migrate-{service}" in services
    assert {"nats", "postgres"} <= set(services)
    for command in commands():
        w = words(command)
        if w[:2] == ["docker", "compose"] and w[2] in ("exec", "up"):
            named = [x for x in w[3:] if not x.startswith("-")]
            assert not named or named[0] in services, command


def test_the_nats_configurations_in_the_runbook_are_accepted_by_nats_server() -> None:
    env = {
        **os.environ,
        "POD_NAME": "nats-0",
        "NATS_MAX_MEMORY_STORE": "1G",
        "NATS_MAX_FILE_STORE": "10G",
        **{f"PCMD_{n}_NATS_PASSWORD": "x" for n in ("SYS", "ADMIN", "CITY", *(s.upper() for s in SERVICES))},
    }
    confs = [words(c)[3] for c in commands() if words(c)[:3] == ["nats-server", "-t", "-c"]]
    served = sorted(p.name for p in (ROOT / "deploy" / "nats").glob("*.conf") if p.name != "accounts.conf")
    assert sorted(Path(c).name for c in confs) == served
    for conf in confs:
        result = subprocess.run(
            [nats_server_binary(), "-t", "-c", str(ROOT / conf)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert result.returncode == 0 and "is valid" in result.stdout + result.stderr, result.stderr


def test_every_pcmd_subcommand_in_the_runbook_exists() -> None:
    subs = pcmd_subcommands()
    assert {"token", "rebuild"} <= subs
    for sub in sorted(subs):
        result = subprocess.run(
            [sys.executable, "-m", "shared.cli", sub, "--help"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, (sub, result.stderr)


def test_the_codegen_check_in_the_runbook_passes() -> None:
    (command,) = [c for c in commands() if words(c)[:3] == ["python", "-m", "shared.contracts.codegen"]]
    result = subprocess.run(
        [sys.executable, *words(command)[1:]], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
