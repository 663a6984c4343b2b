"""Services talk only through events: they never import each other, and shared never imports them."""

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


def test_every_service_has_the_same_rooms() -> None:
    for service in SERVICES:
        folder = ROOT / "services" / service
        assert {"main.py", "settings.py"} <= {p.name for p in folder.iterdir()}, service
        assert (folder / "migrations" / "env.py").exists(), service
