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
