"""The referee: the plan's ten indicators computed from the demo's log alone, for each snapshot the
demo approved, from what the log says had been done before it.

Written from the definitions (numerator / denominator of each indicator), not from reporting's code.
A period is a month, quarter or year in Vietnam's time (UTC+7), [start, end). A period still under way
when its snapshot was prepared (``as_of``) is counted as of that moment: a thing counts once it is done
or its deadline has passed; a month once it has ended or had its activity; a report once due or sent;
establishments and staff as they stood at that moment."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

VN = dt.timezone(dt.timedelta(hours=7))
PLAN_START = dt.datetime(2026, 1, 1, tzinfo=VN)
REPORT_DUE_DAYS = 15
RISK_CLASSES = ("high", "medium", "low")
Pair = tuple[int, int]


def when(value: Any) -> dt.datetime:
    """A logged instant, or a logged day at midnight in Vietnam."""
    text = str(value)
    if len(text) == 10:
        return dt.datetime.fromisoformat(text).replace(tzinfo=VN)
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def bounds(code: str) -> tuple[dt.datetime, dt.datetime]:
    """``2026-03``, ``2026-Q1`` or ``2026`` → [start, end) in Vietnam's time."""
    if "-Q" in code:
        year, first, months = int(code[:4]), 3 * int(code[-1]) - 2, 3
    elif "-" in code:
        year, first, months = int(code[:4]), int(code[5:7]), 1
    else:
        year, first, months = int(code), 1, 12
    index = year * 12 + first - 1 + months
    return dt.datetime(year, first, 1, tzinfo=VN), dt.datetime(index // 12, index % 12 + 1, 1, tzinfo=VN)


def months_of(start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    out, m = [], start
    while m < end:
        nxt = dt.datetime(m.year + m.month // 12, m.month % 12 + 1, 1, tzinfo=VN)
        out.append((m, nxt))
        m = nxt
    return out


def latest(
    entries: Iterable[dict[str, Any]], actions: tuple[str, ...], key: str
) -> dict[str, dict[str, Any]]:
    """The last logged state of each thing (by ``key``) among ``actions``, merged over its entries."""
    out: dict[str, dict[str, Any]] = {}
    for e in entries:
        if e["action"] in actions:
            out.setdefault(str(e[key]), {}).update({k: v for k, v in e.items() if v is not None})
    return out


class Referee:
    def __init__(self, entries: list[dict[str, Any]], period: str, as_of: dt.datetime | None) -> None:
        self.log = entries
        self.start, self.end = bounds(period)
        self.as_of = as_of if as_of is not None and as_of < self.end else None
        self.cut = self.as_of or self.end

    def inside(self, t: dt.datetime) -> bool:
        return self.start <= t < self.end

    def counts_yet(self, done: bool, due: dt.datetime) -> bool:
        return self.as_of is None or done or due < self.as_of

    def of(self, action: str) -> list[dict[str, Any]]:
        return [e for e in self.log if e["action"] == action]

    def plan_yearly(self) -> Pair:
        last_year = (self.end - dt.timedelta(microseconds=1)).year
        years = [
            y for y in range(self.start.year, last_year + 1) if dt.datetime(y, 1, 1, tzinfo=VN) < self.cut
        ]
        have = {
            p["year"]
            for p in self.of("yearly_plan_issued")
            if p["year"] in years and when(p["issued_on"]) < self.cut
        }
        return len(have), len(years)

    def comm_regular(self) -> Pair:
        held = {
            when(a["held_at"]).astimezone(VN).strftime("%Y-%m")
            for a in self.of("activity_held")
            if a["category"] == "communication" and self.inside(when(a["held_at"]))
        }
        months = months_of(self.start, self.end)
        if self.as_of is None:
            return len(held), len(months)
        ended = sum(1 for _, e in months if e <= self.as_of)
        current = self.as_of.astimezone(VN).strftime("%Y-%m")
        return len(held), ended + (current in held)

    def hr_access(self) -> Pair:
        cases = latest(self.log, ("case_enrolled", "case_assessed"), "case_id")
        served = {s["case_id"] for s in self.of("service_received") if self.inside(when(s["received_on"]))}
        counted = [
            c
            for c, f in cases.items()
            if when(f["enrolled_at"]) < self.end and f.get("eligible") and f.get("has_needs")
        ]
        return sum(c in served for c in counted), len(counted)

    def tips_timely(self) -> Pair:
        num = den = 0
        for t in latest(self.log, ("tip_received", "tip_handled", "tip_state"), "id").values():
            due, closed = when(t["due_at"]), t.get("closed_at")
            if (
                not self.inside(due)
                or t.get("status") == "merged"
                or not self.counts_yet(closed is not None, due)
            ):
                continue
            den += 1
            num += closed is not None and when(closed) <= due
        return num, den

    def online_handled(self) -> Pair:
        num = den = 0
        items = latest(self.log, ("online_item_reported", "online_item_classified"), "item_id")
        # A tip routed to online monitoring is an item from its routing on (the tip's deadline), even
        # before an officer reports the tip's URL into it.
        reported_tips = {f.get("source_tip_id") for f in items.values()}
        for r in self.of("tip_routed"):
            if r["target"] == "online_monitoring" and r["id"] not in reported_tips:
                items[f"tip:{r['id']}"] = {"reported_at": r["routed_at"], "due_at": r["due_at"]}
        handled: dict[str, dict[str, Any]] = {}
        for h in self.of("online_item_handled"):  # the first handling is the one that counts
            handled.setdefault(h["item_id"], h)
        for iid, f in items.items():
            reported, due = when(f["reported_at"]), when(f["due_at"])
            first = handled.get(iid)
            if not self.inside(reported) or not self.counts_yet(first is not None, due):
                continue
            den += 1
            num += first is not None and "category" in f and when(first["handled_at"]) <= due
        return num, den

    def it_reporting(self) -> Pair:
        due: dict[str, dt.datetime] = {}
        for year in range(2026, 2032):
            for code in [f"{year}-Q{q}" for q in range(1, 5)] + [str(year)]:
                d = bounds(code)[1] + dt.timedelta(days=REPORT_DUE_DAYS)
                if self.inside(d):
                    due[code] = d
        done = {
            r["period"]
            for r in self.of("report_sent")
            if r["period"] in due and r["produced_by_system"] and when(r["submitted_at"]) <= due[r["period"]]
        }
        if self.as_of is None:
            return len(done), len(due)
        passed = {c for c, d in due.items() if d < self.as_of}
        return len(done), len(passed) + len(done - passed)

    def directives_timely(self) -> Pair:
        num = den = 0
        issued = {d.get("id") for d in self.of("directive_issued")}
        waiting = [d for d in self.of("directive_asked") if d["id"] not in issued]  # not issued yet
        for d in self.of("directive_issued") + waiting:
            due, done = when(d["due_on"]), "issued_on" in d
            if self.inside(due) and self.counts_yet(done, due):
                den += 1
                num += done and when(d["issued_on"]) <= due
        return num, den

    def estab_managed(self) -> Pair:
        est = latest(self.log, ("establishment_registered", "establishment_reviewed"), "establishment_id")
        last: dict[str, dt.datetime] = {}
        for i in self.of("inspection_signed"):
            t = when(i["inspected_on"])
            if t < self.cut and i["result"] != "not_carried_out":
                last[i["establishment_id"]] = max(t, last.get(i["establishment_id"], t))
        num = den = 0
        for eid, f in est.items():
            if when(f["registered_at"]) >= self.cut:
                continue
            den += 1
            reviewed = when(f["reviewed_on"]) if "reviewed_on" in f else None
            num += bool(
                f.get("risk_class") in RISK_CLASSES
                and reviewed is not None
                and self.cut - dt.timedelta(days=365) <= reviewed < self.cut
                and eid in last
                and last[eid] >= self.cut - dt.timedelta(days=int(f["interval_days"]))
            )
        return num, den

    def staff_trained(self) -> Pair:
        staff = {s["staff_code"] for s in self.of("staff_assigned") if when(s["effective_on"]) < self.cut}
        trained = {
            c
            for t in self.of("training_held")
            if PLAN_START <= when(t["held_at"]) < self.cut
            for c in t["staff_codes"]
        }
        return len(staff & trained), len(staff)

    def hotspots(self) -> Pair:
        return sum(self.inside(when(h["flagged_at"])) for h in self.of("hotspot_confirmed")), 0

    def indicators(self) -> dict[str, Pair]:
        return {
            "PLAN_YEARLY": self.plan_yearly(),
            "COMM_REGULAR": self.comm_regular(),
            "HR_ACCESS": self.hr_access(),
            "TIPS_TIMELY": self.tips_timely(),
            "ONLINE_HANDLED": self.online_handled(),
            "IT_REPORTING": self.it_reporting(),
            "DIRECTIVES_TIMELY": self.directives_timely(),
            "ESTAB_MANAGED": self.estab_managed(),
            "STAFF_TRAINED": self.staff_trained(),
            "HOTSPOTS": self.hotspots(),
        }


def read_log(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def judge(entries: list[dict[str, Any]]) -> dict[str, dict[str, Pair]]:
    """For every approved snapshot in the log (by its id): the indicators from what came before it."""
    out = {}
    for s in (e for e in entries if e["action"] == "snapshot_approved"):
        before = [e for e in entries if e["seq"] < s["seq"]]
        as_of = when(s["as_of"]) if s.get("as_of") else None
        out[s["id"]] = Referee(before, s["period"], as_of).indicators()
    return out
