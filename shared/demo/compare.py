"""The approved snapshots (read back from reporting's API) beside the oracle, indicator by indicator."""

from __future__ import annotations

from typing import Any

from shared.demo.client import Api
from shared.demo.oracle import judge

Row = tuple[str, str, str, str, bool]  # period, code, snapshot's n/d, oracle's n/d, equal


def compare(api: Api, entries: list[dict[str, Any]]) -> list[Row]:
    expected = judge(entries)
    period_of = {e["id"]: e["period"] for e in entries if e["action"] == "snapshot_approved"}
    rows: list[Row] = []
    for sid, want in expected.items():
        snap = api.call("reporting", "GET", f"/v1/snapshots/{sid}", ("ubnd", "leader"))
        got = {i["code"]: i for i in snap["indicators"]}
        for code, (num, den) in want.items():
            g = got[code]
            if g.get("suppressed"):  # a count of people from 1 to 4 is not shown: nothing to compare
                rows.append((period_of[sid], code, "<5", f"{num}/{den}", True))
                continue
            rows.append(
                (
                    period_of[sid],
                    code,
                    f"{g['numerator']}/{g['denominator']}",
                    f"{num}/{den}",
                    (g["numerator"], g["denominator"]) == (num, den),
                )
            )
    return rows


def table(rows: list[Row]) -> str:
    lines = [f"{'kỳ/period':<10} {'chỉ số/indicator':<18} {'snapshot':>9} {'oracle':>9}  ok"]
    lines += [f"{p:<10} {c:<18} {s:>9} {o:>9}  {'✓' if ok else '✗ KHÁC/DIFFERS'}" for p, c, s, o, ok in rows]
    return "\n".join(lines)


def spread(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """How the log spread the year (the demo clock's point): the months tips were received in, tips
    closed on time and late, online items handled within and after 72 hours, the hotspot's end."""
    tips: dict[str, dict[str, Any]] = {}
    for e in entries:
        if e["action"] in ("tip_received", "tip_handled", "tip_state"):
            tips.setdefault(e["id"], {}).update({k: v for k, v in e.items() if v is not None})
    closed = [t for t in tips.values() if t.get("closed_at")]
    items = [e for e in entries if e["action"] == "online_item_handled"]
    cleared = [e for e in entries if e["action"] == "hotspot_clear_tried"]
    return {
        "tip_months": len({t["received_at"][:7] for t in tips.values()}),
        "tips_on_time": sum(t["closed_at"] <= t["due_at"] for t in closed),
        "tips_late": sum(t["closed_at"] > t["due_at"] for t in closed),
        "items_on_time": sum(e["handled_at"] <= e["due_at"] for e in items),
        "items_late": sum(e["handled_at"] > e["due_at"] for e in items),
        "hotspot_cleared": bool(cleared) and all(e["cleared"] for e in cleared),
    }
