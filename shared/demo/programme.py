"""Reporting: the programme's own records, each made on its day of the year's calendar, and the
snapshots of every ended month and quarter, prepared by the office and approved by the ward's
leadership."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from shared.demo.client import Api, DemoError, DemoLog

VN = dt.timezone(dt.timedelta(hours=7))
OFFICE = ("vhxh", "officer")
LEADER = ("ubnd", "leader")
FORMS = (
    "communication_meeting",
    "communication_broadcast",
    "communication_print",
    "communication_online",
    "communication_campaign",
    "legal_dissemination",
)


def yearly_plan(api: Api, log: DemoLog, year: int) -> None:
    """The year's plan, the demo's first write: a system that already holds it is not a fresh one."""
    plan = api.call(
        "reporting",
        "POST",
        "/v1/yearly-plans",
        OFFICE,
        ok=(201, 409),
        json_body={"year": year, "document_code": f"12/KH-UBND-{year}", "issued_on": f"{year}-01-20"},
    )
    if "plan_id" not in plan:
        raise DemoError(
            f"hệ thống đã có dữ liệu năm {year} (kế hoạch năm); bản demo cần một hệ thống mới "
            f"(`make clean`) / the system already holds {year}'s yearly plan: the demo fills a fresh "
            "system (`make clean` first)"
        )
    log.write("yearly_plan_issued", id=plan["plan_id"], year=year, issued_on=f"{year}-01-20")


def activity(api: Api, log: DemoLog, rng: random.Random, k: int, held: dt.datetime) -> None:
    """A communication activity of the month, recorded the day it was held."""
    made = api.call(
        "reporting",
        "POST",
        "/v1/activities",
        OFFICE,
        json_body={
            "kind": FORMS[(held.month + k) % len(FORMS)],
            "held_at": held.isoformat(),
            "title": f"Tuyên truyền phòng, chống mại dâm tháng {held.month}",
            "channel": "loa phát thanh, nhóm Zalo",
            "audience": "Nhân dân các tổ dân phố",
            "reach": 50 + rng.randrange(500),
            "unit_code": "ttdv",
        },
    )
    log.write("activity_held", id=made["activity_id"], held_at=held, category="communication")


def staff(api: Api, log: DemoLog, count: int, year: int) -> list[str]:
    """The programme's staff, assigned in early January."""
    codes = [f"CB-{i:03d}" for i in range(count)]
    for i, code in enumerate(codes):
        made = api.call(
            "reporting",
            "POST",
            "/v1/staff",
            OFFICE,
            json_body={
                "staff_code": code,
                "unit_code": ("vhxh", "ca", "ttdv", "qs")[i % 4],
                "effective_on": f"{year}-01-05",
            },
        )
        log.write("staff_assigned", id=made["assignment_id"], staff_code=code, effective_on=f"{year}-01-05")
    return codes


TRAININGS = (("law_and_policy", 3), ("tip_handling", 6), ("case_support", 9))  # topic, month (day 12)


def training(api: Api, log: DemoLog, t: int, codes: list[str], held: dt.datetime) -> None:
    """Training ``t`` of the year; one newcomer (the last code) is never trained."""
    topic, month = TRAININGS[t]
    part = codes[:-1][t::3]
    made = api.call(
        "reporting",
        "POST",
        "/v1/trainings",
        OFFICE,
        json_body={
            "topic": topic,
            "title": f"Tập huấn nghiệp vụ {month}/{held.year}",
            "held_at": held.isoformat(),
            "unit_code": "vhxh",
            "participants": {"vhxh": len(part)},
            "trained_staff_codes": part,
        },
    )
    log.write("training_held", id=made["training_id"], held_at=held, staff_codes=part)


DIRECTIVES = ((2, 15, 0), (5, 10, 6), (8, 20, 0), (11, 5, 0))  # due (month, day), days late


def directive(api: Api, log: DemoLog, i: int, due: dt.date) -> str:
    """Directive ``i`` is asked for, due on ``due``; issued later by :func:`issue`."""
    made = api.call(
        "reporting",
        "POST",
        "/v1/directives",
        OFFICE,
        json_body={
            "kind": ("directive", "decision", "official_letter", "plan")[i],
            "title": f"Văn bản chỉ đạo số {i + 1}",
            "unit_code": "vhxh",
            "due_on": due.isoformat(),
        },
    )
    log.write("directive_asked", id=made["directive_id"], due_on=due)
    return str(made["directive_id"])


def issue(api: Api, log: DemoLog, i: int, directive_id: str, *, due: dt.date, issued: dt.date) -> None:
    api.call(
        "reporting",
        "POST",
        f"/v1/directives/{directive_id}/issue",
        OFFICE,
        json_body={"document_code": f"{20 + i}/CT-UBND", "issued_on": issued.isoformat()},
    )
    log.write("directive_issued", id=directive_id, due_on=due, issued_on=issued)


def report(api: Api, log: DemoLog, q: int, period: str, *, sent: dt.datetime, snapshot_id: str) -> None:
    """A quarterly report to the city, from the quarter's approved snapshot, sent at ``sent``."""
    made = api.call(
        "reporting",
        "POST",
        "/v1/reports",
        OFFICE,
        json_body={
            "period": period,
            "recipient": "city_health_department",
            "document_code": f"{30 + q}/BC-UBND",
            "submitted_at": sent.isoformat(),
            "snapshot_id": snapshot_id,
        },
    )
    log.write(
        "report_sent",
        id=made["report_id"],
        period=period,
        submitted_at=sent,
        produced_by_system=bool(made.get("produced_by_system")),
    )


def snapshots(api: Api, log: DemoLog, periods: list[str]) -> list[dict[str, Any]]:
    out = []
    for period in periods:
        snap = api.call(
            "reporting", "POST", "/v1/snapshots", OFFICE, json_body={"scope": api.ward, "period": period}
        )
        api.call("reporting", "POST", f"/v1/snapshots/{snap['id']}/approve", LEADER)
        log.write(
            "snapshot_approved",
            id=snap["id"],
            period=period,
            as_of=snap["as_of"],
            start=snap["period"]["start"],
            end=snap["period"]["end"],
            computed_at=snap["computed_at"],
        )
        out.append(snap)
    return out


KTHT = ("ktht", "officer")
BUDGET = (
    ("ttdv", "communication", "state_budget", None, "Tuyên truyền phòng, chống mại dâm", 60_000_000),
    ("vhxh", "inspection_team", "state_budget", None, "Hoạt động Đoàn kiểm tra liên ngành", 40_000_000),
    ("vhxh", "harm_reduction", "integrated", "hiv_aids", "Can thiệp giảm hại, dự phòng HIV", 30_000_000),
    ("vhxh", "training", "socialized", None, "Tập huấn cán bộ, cộng tác viên", 15_000_000),
)


def budget(api: Api, log: DemoLog, rng: random.Random, today: dt.date) -> None:
    """The year's estimate lines (ktht), an allocation each, and spending by voucher through the year."""
    year = today.year
    for n, (unit, kind, source, programme, title, estimate) in enumerate(BUDGET):
        body = {"year": year, "unit_code": unit, "activity_kind": kind, "source": source, "title": title,
                "estimate": estimate, "document_code": f"{5 + n}/QĐ-UBND"}  # fmt: skip
        if programme:
            body["programme"] = programme
        line = api.call("reporting", "POST", "/v1/budget/lines", KTHT, json_body=body)
        allocated = estimate * 3 // 4
        api.call("reporting", "POST", "/v1/budget/allocations", KTHT, json_body={
            "line_id": line["line_id"], "amount": allocated, "allocated_on": f"{year}-02-01",
            "document_code": f"{15 + n}/QĐ-UBND"})  # fmt: skip
        spent = 0
        for v in range(1 + rng.randrange(4)):
            amount = rng.randrange(1_000_000, allocated // 4)
            day = min(dt.date(year, 2 + 2 * v, 10 + rng.randrange(15)), today)
            api.call("reporting", "POST", "/v1/budget/spending", KTHT, json_body={
                "line_id": line["line_id"], "amount": amount, "spent_on": day.isoformat(),
                "document_code": f"PC-{n:02d}{v:02d}"})  # fmt: skip
            spent += amount
        log.write("budget_line", line_id=line["line_id"], unit_code=unit, activity_kind=kind, source=source,
                  estimate=estimate, allocated=allocated, spent=spent)  # fmt: skip
