"""Inspection: the register imported from a generated XLSX, reviews, the yearly plan and the Tết and
summer campaigns, inspections with signed records (violations and sanctions), a hotspot; each step at
its day of the year's calendar (shared/demo/year.py)."""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]  # no type hints

from shared.demo.client import Api, DemoError, DemoLog

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = (
    "Tên cơ sở",
    "Số ĐKKD",
    "Loại hình",
    "Số giấy phép / GCN ANTT",
    "Cơ quan cấp",
    "Ngày cấp",
    "Ngày hết hạn",
    "Giờ mở cửa",
    "Giờ đóng cửa",
    "Tổ dân phố",
    "Địa chỉ",
    "Vĩ độ",
    "Kinh độ",
    "Chủ cơ sở",
    "Điện thoại",
    "Số CCCD",
)
KINDS = (("Nhà nghỉ", "lodging"), ("Karaoke", "karaoke"), ("Massage", "massage"), ("Quán bar", "bar"))
STREETS = ("Tô Hiệu", "Lạch Tray", "Cát Cụt", "Hai Bà Trưng", "Nguyễn Đức Cảnh", "Trần Nguyên Hãn")
VHXH = ("vhxh", "officer,leader")
TEAM = {"lead_unit": "vhxh", "units": ["ca", "qs", "ktht"], "members": ["vhxh-01", "ca-02"]}


def register_workbook(rng: random.Random, ward: str, count: int) -> tuple[bytes, list[str]]:
    """The ward's register as the office keeps it: one row per establishment, Vietnamese headers."""
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    numbers = []
    for i in range(count):
        label, _ = KINDS[i % len(KINDS)]
        number = f"{ward[:2].upper()}-{0x2026_0000 + i:010d}"
        numbers.append(number)
        expired = i % 9 == 8  # a few licences have lapsed: the review counts it
        issued = dt.date(2020, 3, 1) if expired else dt.date(2023 + i % 3, 1 + i % 12, 1 + i % 27)
        ws.append(
            [
                f"{label} {STREETS[i % len(STREETS)]} {i + 1}",
                number,
                label,
                f"{i + 1}/GCN-ANTT",
                "Công an phường",
                issued.strftime("%d/%m/%Y"),
                (dt.date(2025, 6, 1) if expired else issued.replace(year=issued.year + 5)).strftime(
                    "%d/%m/%Y"
                ),
                "09:00",
                "02:00" if label == "Karaoke" else "23:00",
                f"TDP {1 + rng.randrange(12)}",
                f"{10 + i} {STREETS[i % len(STREETS)]}",
                round(20.84 + rng.random() / 100, 5),
                round(106.68 + rng.random() / 100, 5),
                "",
                "",
                "",
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), numbers


def import_register(api: Api, log: DemoLog, rng: random.Random, count: int) -> list[str]:
    """Import the register (checked first, as the import page does); returns the establishments' ids."""
    body, numbers = register_workbook(rng, api.ward, count)
    for dry_run in ("true", "false"):
        report = api.call(
            "inspection",
            "POST",
            "/v1/establishments/import",
            VHXH,
            content=body,
            content_type=XLSX,
            params={"dry_run": dry_run, "filename": "so-theo-doi.xlsx"},
        )
        if report.get("errors"):
            raise DemoError(f"sổ theo dõi bị từ chối / the register was refused: {report['errors'][:3]}")
    log.write("register_imported", rows=report.get("rows"), created=report.get("created"),
              updated=report.get("updated"), applied=report.get("applied"))  # fmt: skip
    listed: list[dict[str, Any]] = []
    while True:  # every page: the register may hold more than the demo's
        page = api.call("inspection", "GET", "/v1/establishments", VHXH,
                        params={"page_size": 100, "page": len(listed) // 100 + 1})  # fmt: skip
        listed += page["items"]
        if len(page["items"]) < 100:
            break
    by_number = {e["registration_number"]: e for e in listed}
    ids = []
    for n in numbers:
        if n not in by_number:
            raise DemoError(f"cơ sở {n} không có sau khi nhập / establishment {n} missing after the import")
        e = by_number[n]
        ids.append(e["id"])
        log.write(
            "establishment_registered",
            establishment_id=e["id"],
            registered_at=e["registered_at"],
            registration_number=n,
        )
    return ids


TET = ((2, 2), (3, 6))  # the Tết campaign's window (month, day)
SUMMER = ((6, 1), (8, 31))


def campaigns(api: Api, log: DemoLog, year: int) -> dict[str, str]:
    """The yearly plan's campaign and the Tết and summer ones, made in January."""
    return {
        "plan": _campaign(api, log, "planned", f"Kế hoạch kiểm tra năm {year}",
                          (dt.date(year, 1, 5), dt.date(year, 12, 31))),
        "tet": _campaign(api, log, "thematic", f"Cao điểm Tết {year}",
                         (dt.date(year, *TET[0]), dt.date(year, *TET[1]))),
        "summer": _campaign(api, log, "thematic", f"Cao điểm du lịch hè {year}",
                            (dt.date(year, *SUMMER[0]), dt.date(year, *SUMMER[1]))),
    }  # fmt: skip


def campaign_of(day: dt.date, made: dict[str, str]) -> tuple[str, str]:
    """The campaign a visit on ``day`` belongs to, and the inspection's kind."""
    for name, (first, last) in (("tet", TET), ("summer", SUMMER)):
        if dt.date(day.year, *first) <= day <= dt.date(day.year, *last):
            return made[name], "thematic"
    return made["plan"], "planned"


def review(api: Api, log: DemoLog, eid: str, day: dt.date) -> None:
    """The office reviews an establishment's risk on ``day`` (today or before)."""
    done = api.call(
        "inspection",
        "POST",
        f"/v1/establishments/{eid}/reviews",
        VHXH,
        json_body={"reviewed_on": day.isoformat()},
    )
    log.write(
        "establishment_reviewed",
        establishment_id=eid,
        reviewed_on=done["reviewed_on"],
        risk_class=done["risk_class"],
        interval_days=done["inspection_interval_days"],
    )


def schedule(api: Api, log: DemoLog, campaign: str) -> None:
    """The rest of the yearly plan: the proposal for a team of two visits a day, approved by the leader."""
    proposal = api.call("inspection", "POST", f"/v1/campaigns/{campaign}/schedule-proposal", VHXH,
                        json_body={"capacity": 2})  # fmt: skip
    visits = [{"establishment_id": v["establishment_id"], "day": v["day"]} for v in proposal["visits"]]
    if visits:
        api.call(
            "inspection", "POST", f"/v1/campaigns/{campaign}/schedule", VHXH, json_body={"visits": visits}
        )
    log.write("schedule_approved", campaign_id=campaign, visits=visits, left_out=len(proposal["left_out"]))


def _campaign(api: Api, log: DemoLog, kind: str, name: str, window: tuple[dt.date, dt.date]) -> str:
    start, end = window
    made = api.call(
        "inspection",
        "POST",
        "/v1/campaigns",
        VHXH,
        json_body={
            "kind": kind,
            "name": name,
            "starts_on": start.isoformat(),
            "ends_on": end.isoformat(),
            "team": TEAM,
        },
    )
    log.write("campaign_created", campaign_id=made["id"], kind=kind, starts_on=start, ends_on=end)
    return str(made["id"])


def inspect(
    api: Api,
    log: DemoLog,
    eid: str,
    kind: str,
    day: dt.date,
    *,
    campaign: str | None,
    violation: str | None,
    tip_id: str | None = None,
) -> str:
    """An inspection of one establishment on ``day``, its record and the team leader's signature."""
    body: dict[str, Any] = {
        "kind": kind,
        "establishment_ids": [eid],
        "planned_for": day.isoformat(),
        "team": TEAM,
    }
    if campaign:
        body["campaign_id"] = campaign
    if tip_id:
        body["source_tip_id"] = tip_id
    made = api.call(  # a tip's request reaches inspection by intake's event: not found until then
        "inspection", "POST", "/v1/inspections", VHXH, json_body=body, pending=(404,) if tip_id else ()
    )
    record: dict[str, Any] = {
        "establishment_id": eid,
        "inspected_on": day.isoformat(),
        "checklist": ["Giấy phép", "Sổ đăng ký khách lưu trú"],
    }
    if violation:
        record.update(
            result="violations_found",
            violations=[{"ref": "v1", "kind": violation, "description": "Biên bản vi phạm"}],
            sanctions=[{"violation_ref": "v1", "kind": "fine", "fine_vnd": 7_500_000}],
            follow_up={"remedy_by": (day + dt.timedelta(days=30)).isoformat()},
        )
    else:
        record["result"] = "no_violation"
    rec = api.call("inspection", "POST", f"/v1/inspections/{made['id']}/records", VHXH, json_body=record)
    api.call("inspection", "POST", f"/v1/inspections/{made['id']}/records/{rec['record_id']}/sign", VHXH)
    log.write(
        "inspection_signed",
        inspection_id=made["id"],
        establishment_id=eid,
        kind=kind,
        inspected_on=day,
        result=record["result"],
        violation=violation,
        source_tip_id=tip_id,
    )
    return str(made["id"])


def confirm_hotspot(api: Api, log: DemoLog) -> str | None:
    api.call("inspection", "POST", "/v1/hotspots/detection", VHXH)
    # read back: a retried detection after a lost answer suggests nothing new (one open suggestion a place)
    items = api.call("inspection", "GET", "/v1/hotspots", VHXH, params={"status": "suggested"})
    for h in items:
        if h.get("status") == "suggested":
            done = api.call("inspection", "POST", f"/v1/hotspots/{h['id']}/confirm", VHXH)
            if "status" not in done:  # confirmed by an attempt whose answer was lost: read it back
                listed = api.call("inspection", "GET", "/v1/hotspots", VHXH)
                done = next(x for x in listed if x["id"] == h["id"])
            log.write(
                "hotspot_confirmed",
                hotspot_id=h["id"],
                status=done.get("status"),
                flagged_at=done.get("decided_at"),
            )
            return str(h["id"])
    return None


def clear_hotspot(api: Api, log: DemoLog, hotspot_id: str) -> None:
    cleared = api.call(
        "inspection",
        "POST",
        f"/v1/hotspots/{hotspot_id}/clear",
        VHXH,
        json_body={"reason": "Đã yên 90 ngày"},
        ok=(200, 409, 422),
    )
    if cleared.get("status") != "cleared":  # refused, or cleared by an attempt whose answer was lost
        listed = api.call("inspection", "GET", "/v1/hotspots", VHXH)
        cleared = next(x for x in listed if x["id"] == hotspot_id)
    log.write(
        "hotspot_clear_tried",
        hotspot_id=hotspot_id,
        cleared=cleared.get("status") == "cleared",
        detail=cleared.get("detail"),
    )
