"""deploy/prometheus/alerts.yml and deploy/grafana/pcmd-dashboard.json use only metrics /metrics exports."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from shared.metrics import NAMES

ROOT = Path(__file__).resolve().parents[2]
METRIC = re.compile(r"\bpcmd_[a-z_]+\b")
SUFFIXES = ("_bucket", "_count", "_sum")


def _exported(name: str) -> bool:
    base = next((name.removesuffix(s) for s in SUFFIXES if name.endswith(s)), name)
    return base in NAMES


def test_the_alert_rules_are_well_formed_and_cover_the_four_alerts() -> None:
    doc: dict[str, Any] = yaml.safe_load((ROOT / "deploy/prometheus/alerts.yml").read_text(encoding="utf-8"))
    rules = [rule for group in doc["groups"] for rule in group["rules"]]
    assert all(isinstance(g["name"], str) and g["rules"] for g in doc["groups"])
    for rule in rules:
        assert set(rule) <= {"alert", "expr", "for", "labels", "annotations"}, rule
        assert rule["alert"] and rule["expr"] and rule["annotations"]["summary"]
        assert rule["labels"]["severity"] in {"warning", "critical"}
        assert re.fullmatch(r"\d+[smh]", rule["for"])
        used = METRIC.findall(rule["expr"])
        assert used and all(_exported(n) for n in used), (rule["alert"], used)
    exprs = " ".join(r["expr"] for r in rules)
    for needed in ("pcmd_outbox_backlog", "pcmd_consumer_lag", "pcmd_dead_letters", "pcmd_tips_overdue"):
        assert needed in exprs
    assert len({r["alert"] for r in rules}) == len(rules)


def test_the_scrape_configuration_loads_the_rules() -> None:
    doc = yaml.safe_load((ROOT / "deploy/prometheus/scrape.yml").read_text(encoding="utf-8"))
    assert doc["rule_files"] == ["alerts.yml"]
    assert doc["scrape_configs"][0]["metrics_path"] == "/metrics"


def test_the_dashboard_queries_only_exported_metrics() -> None:
    dash = json.loads((ROOT / "deploy/grafana/pcmd-dashboard.json").read_text(encoding="utf-8"))
    exprs = [t["expr"] for p in dash["panels"] for t in p["targets"]]
    used = {n for e in exprs for n in METRIC.findall(e)}
    assert used and all(_exported(n) for n in used), sorted(n for n in used if not _exported(n))
    bases = {next((n.removesuffix(s) for s in SUFFIXES if n.endswith(s)), n) for n in used}
    assert bases == set(NAMES), "every exported metric has a panel"
    assert len({p["id"] for p in dash["panels"]}) == len(dash["panels"])
