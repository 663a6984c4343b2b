"""docs/permissions.md is what the permission tables say (regenerate with ``pcmd docs``)."""

from __future__ import annotations

from pathlib import Path

from shared.docs import PERMISSIONS_DOC, permissions_markdown

ROOT = Path(__file__).resolve().parents[2]


def test_the_who_may_do_what_page_is_current() -> None:
    committed = (ROOT / PERMISSIONS_DOC).read_text(encoding="utf-8")
    assert committed == permissions_markdown(), "docs/permissions.md is stale: run `pcmd docs`"


def test_the_page_names_each_unit_and_a_guarded_endpoint_of_every_service() -> None:
    page = permissions_markdown()
    assert "| `tips:export` |" in page and "`GET /v1/tips/export.csv`" in page
    assert "`tips:read_private`" in page and "`GET /v1/tips/{tip_id}/private`" in page
    assert "## reporting" in page and "`snapshots:approve`" in page
