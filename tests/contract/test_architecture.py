"""Services talk only through events: they never import each other, and shared never imports them.
Every service has the same rooms, its domain is plain Python, and no module grows past 400 lines."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from shared.contracts.catalog import SERVICES

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def violations(service: str) -> list[str]:
    others = [s for s in SERVICES if s != service]
    bad = []
    for path in (ROOT / "services" / service).rglob("*.py"):
        for module in imported_modules(path):
            if any(module == f"services.{o}" or module.startswith(f"services.{o}.") for o in others):
                bad.append(f"{path.relative_to(ROOT)} imports {module}")
    return bad


def test_no_service_imports_another() -> None:
    assert [v for s in SERVICES for v in violations(s)] == []


def test_the_scanner_sees_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text(
        "from services.reporting.handlers import on_tip_received\nimport services.case_support\n"
    )
    assert imported_modules(sample) == {"services.reporting.handlers", "services.case_support"}


def test_import_linter_contracts_are_kept() -> None:
    """The same rule, plus 'shared never imports services', checked by import-linter on the whole graph."""
    linter = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


ROOMS = ("api", "domain", "handlers", "repository", "events", "consumers", "settings", "main")
# Besides the rooms: the package marker, the migrations, data files, and Python's caches.
ALLOWED = {"__init__.py", "migrations", "static", "__pycache__"}
MAX_LINES = 400
# Frameworks that do I/O or validation at the edges; the domain is plain Python.
NOT_IN_DOMAIN = ("sqlalchemy", "fastapi", "faststream", "pydantic", "nats", "starlette", "asyncpg")


def room_problems(folder: Path) -> list[str]:
    """What breaks the template in one service folder (empty when it follows it)."""
    problems = []
    for room in ROOMS:
        module, package = folder / f"{room}.py", folder / room / "__init__.py"
        if module.exists() == package.exists():
            problems.append(f"{folder.name}: needs {room}.py or {room}/__init__.py (exactly one)")
    if not (folder / "migrations" / "env.py").exists():
        problems.append(f"{folder.name}: no migrations/env.py")
    expected = ALLOWED | set(ROOMS) | {f"{room}.py" for room in ROOMS}
    for entry in sorted(folder.iterdir()):
        if entry.name not in expected and (entry.is_dir() or entry.suffix == ".py"):
            problems.append(f"{folder.name}: {entry.name} is not one of the rooms")
    return problems


def test_every_service_has_the_same_rooms() -> None:
    """api, domain, handlers, repository, events, consumers, settings, main (module or package),
    migrations/env.py, static/ data, and nothing else."""
    assert [p for s in SERVICES for p in room_problems(ROOT / "services" / s)] == []


def test_the_room_check_sees_a_missing_a_doubled_and_an_extra_room(tmp_path: Path) -> None:
    for room in ROOMS:
        (tmp_path / f"{room}.py").write_text("")
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "env.py").write_text("")
    assert room_problems(tmp_path) == []
    (tmp_path / "events.py").unlink()
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "__init__.py").write_text("")
    (tmp_path / "rebuild.py").write_text("")
    name = tmp_path.name
    assert room_problems(tmp_path) == [
        f"{name}: needs api.py or api/__init__.py (exactly one)",
        f"{name}: needs events.py or events/__init__.py (exactly one)",
        f"{name}: rebuild.py is not one of the rooms",
    ]


def source_modules() -> list[Path]:
    """Hand-written modules of services and shared (not migrations, not generated protobuf code)."""
    paths = [*(ROOT / "services").rglob("*.py"), *(ROOT / "shared").rglob("*.py")]
    return sorted(p for p in paths if "migrations" not in p.parts and "_pb2" not in p.name)


def test_no_module_is_longer_than_400_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in source_modules()
        if (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def domain_modules(service: str) -> list[Path]:
    folder = ROOT / "services" / service
    return sorted(
        [folder / "domain.py"] if (folder / "domain.py").exists() else (folder / "domain").rglob("*.py")
    )


def framework_imports(path: Path, service: str) -> list[str]:
    """The frameworks and outer rooms of its service that a domain module imports."""
    outer = [f"services.{service}.{room}" for room in ROOMS if room != "domain"]
    return [
        module
        for module in sorted(imported_modules(path))
        if module.split(".")[0] in NOT_IN_DOMAIN
        or any(module == o or module.startswith(o + ".") for o in outer)
    ]


def test_the_domain_imports_no_framework_and_no_outer_room() -> None:
    assert all(domain_modules(s) for s in SERVICES)
    found = [
        f"{p.relative_to(ROOT)} imports {m}"
        for s in SERVICES
        for p in domain_modules(s)
        for m in framework_imports(p, s)
    ]
    assert found == []


def test_the_domain_check_sees_framework_and_outer_room_imports(tmp_path: Path) -> None:
    bad = tmp_path / "x.py"
    bad.write_text(
        "import sqlalchemy.orm\nfrom pydantic import BaseModel\nfrom services.intake.repository import Base\n"
        "from services.intake.domain.deadlines import Deadlines\nimport datetime\n"
    )
    assert framework_imports(bad, "intake") == ["pydantic", "services.intake.repository", "sqlalchemy.orm"]
