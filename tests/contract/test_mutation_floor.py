"""Every pure domain module keeps a mutation score of at least 85% with its unit tests.

The score is read from the committed report (``tests/mutation/report.json``, written by ``make
mutate``). The report must be of the modules as they are now: a change to one of them needs a new run
and the new report in the same commit, so the floor cannot rot behind a stale report.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from typing import Any

import pytest

from tests.mutation.run import (
    EQUIVALENT,
    EXCLUDED_OPERATORS,
    FLOOR,
    MEASURED,
    MEASURED_ONLY,
    MODULES,
    REPORT,
    ROOT,
    UNMEASURED,
)

RERUN = "run `make mutate` and commit tests/mutation/report.json"


def report() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(REPORT.read_text())
    return data


def test_the_floor_is_85_percent_and_the_report_used_it() -> None:
    assert FLOOR == 85.0
    assert report()["floor"] == FLOOR
    assert report()["tool"].startswith("cosmic-ray ")


def test_every_domain_module_is_held_to_the_floor_measured_or_said_to_hold_no_rule() -> None:
    found = {str(p.relative_to(ROOT)) for p in ROOT.glob("services/*/domain/*.py") if p.name != "__init__.py"}
    named = set(MODULES) | set(MEASURED_ONLY) | set(UNMEASURED)
    assert found == named, "add the module to MODULES in tests/mutation/run.py (or say why not)"
    assert not set(MODULES) & set(MEASURED_ONLY)


def test_the_report_covers_every_measured_module_with_the_operators_of_the_runner() -> None:
    assert list(report()["modules"]) == list(MEASURED), RERUN
    assert report()["excluded_operators"] == EXCLUDED_OPERATORS, RERUN


@pytest.mark.parametrize("module", list(MEASURED))
def test_the_report_is_of_the_module_as_it_is_now(module: str) -> None:
    entry = report()["modules"][module]
    assert entry["sha256"] == hashlib.sha256((ROOT / module).read_bytes()).hexdigest(), (
        f"{module} changed since its mutation run: {RERUN}"
    )
    assert entry["tests"] == list(MEASURED[module]), RERUN


@pytest.mark.parametrize("module", list(MODULES))
def test_each_module_scores_at_least_the_floor(module: str) -> None:
    entry = report()["modules"][module]
    assert entry["mutants"] > 0
    assert entry["killed"] + entry["equivalent"] + entry["survived"] == entry["mutants"]
    assert (len(entry["survivors"]), len(entry["equivalents"])) == (entry["survived"], entry["equivalent"])
    score = 100.0 * entry["killed"] / (entry["mutants"] - entry["equivalent"])
    assert round(score, 1) == entry["score"]
    survivors = "\n".join(f"  line {s['line']}: {s['operator']}  {s['code']}" for s in entry["survivors"])
    assert score >= FLOOR, f"{module}: {score:.1f}% killed, under {FLOOR}%; survivors:\n{survivors}"


def test_every_equivalent_mutant_has_a_reason_and_is_still_in_the_report() -> None:
    listed = tomllib.loads(EQUIVALENT.read_text()).get("mutant", [])
    found = [(m, e) for m, entry in report()["modules"].items() for e in entry["equivalents"]]
    for item in listed:
        assert len(item["reason"].strip()) >= 20, f"say why this mutant cannot change behaviour: {item}"
        assert any(
            m == item["module"]
            and e["operator"] == item["operator"]
            and item["code"] in e["code"]
            and item.get("column", e["column"]) == e["column"]
            for m, e in found
        ), f"no mutant of the report matches this entry any more; remove it or {RERUN}: {item}"
    assert all(e["reason"] for _, e in found)
