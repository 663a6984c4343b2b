"""Reporting: the programme's own records (back-dated, the API takes their dates), then the monthly
snapshots, prepared by the office and approved by the ward's leadership."""

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


def records(api: Api, log: DemoLog, rng: random.Random, today: dt.date, staff: int) -> None:
    year = today.year
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
    skipped = 1 + rng.randrange(today.month - 1) if today.month > 2 else 0  # one quiet month
    for month in range(1, today.month + 1):
        if month == skipped:
            continue
        for k in range(1 + rng.randrange(2)):
            day = min(dt.date(year, month, 3 + rng.randrange(20)), today)
            held = dt.datetime(day.year, day.month, day.day, 8 + k, tzinfo=VN)
            made = api.call(
                "reporting",
                "POST",
                "/v1/activities",
                OFFICE,
                json_body={
                    "kind": FORMS[(month + k) % len(FORMS)],
                    "held_at": held.isoformat(),
                    "title": f"Tuyên truyền phòng, chống mại dâm tháng {month}",
                    "channel": "loa phát thanh, nhóm Zalo",
                    "audience": "Nhân dân các tổ dân phố",
                    "reach": 50 + rng.randrange(500),
                    "unit_code": "ttdv",
                },
            )
            log.write("activity_held", id=made["activity_id"], held_at=held, category="communication")
    codes = [f"CB-{i:03d}" for i in range(staff)]
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
    trained = codes[:-1]  # one newcomer has not been trained yet
    for t, (topic, month) in enumerate((("law_and_policy", 3), ("tip_handling", 6), ("case_support", 9))):
        held = dt.datetime(year, month, 12, 8, tzinfo=VN)
        if held.date() > today:
            continue  # not held yet this year
        part = trained[t::3]
        made = api.call(
            "reporting",
            "POST",
            "/v1/trainings",
            OFFICE,
            json_body={
                "topic": topic,
                "title": f"Tập huấn nghiệp vụ {month}/{year}",
                "held_at": held.isoformat(),
                "unit_code": "vhxh",
                "participants": {"vhxh": len(part)},
                "trained_staff_codes": part,
            },
        )
        log.write("training_held", id=made["training_id"], held_at=held, staff_codes=part)
    for i, (due, late_days) in enumerate(
        (
            (dt.date(year, 2, 15), 0),
            (dt.date(year, 5, 10), 6),
            (dt.date(year, 8, 20), 0),
            (dt.date(year, 11, 5), 0),
        )
    ):
        if due > today:
            continue
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
        issued = min(due + dt.timedelta(days=late_days) - dt.timedelta(days=3 if not late_days else 0), today)
        api.call(
            "reporting",
            "POST",
            f"/v1/directives/{made['directive_id']}/issue",
            OFFICE,
            json_body={"document_code": f"{20 + i}/CT-UBND", "issued_on": issued.isoformat()},
        )
        log.write("directive_issued", id=made["directive_id"], due_on=due, issued_on=issued)


def reports(api: Api, log: DemoLog, today: dt.date, snapshot_of: dict[str, str]) -> None:
    """Quarterly reports to the city, each from its approved snapshot; Q2's went out late."""
    year = today.year
    for q, (period, late) in enumerate(((f"{year}-Q1", False), (f"{year}-Q2", True), (f"{year}-Q3", False))):
        end = dt.date(year, 3 * q + 4, 1)
        sent_day = end + dt.timedelta(days=20 if late else 10)
        if sent_day > today or period not in snapshot_of:
            continue
        sent = dt.datetime(sent_day.year, sent_day.month, sent_day.day, 9, tzinfo=VN)
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
                "snapshot_id": snapshot_of[period],
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
