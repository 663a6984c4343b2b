"""The register imported from the ward's file (dry run, then an idempotent upsert) and exported, over
HTTP on a real PostgreSQL."""

from __future__ import annotations

import io
import json
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped]
from sqlalchemy import func, select, text

from services.inspection.repository.tables import EstablishmentRow
from shared.db import OutboxRecord
from tests.helpers import auth_headers
from tests.integration.inspection.conftest import Client
from tests.integration.inspection.test_register_and_inspections import vhxh

HEADER = "Tên cơ sở,Số ĐKKD,Loại hình,Tổ dân phố,Địa chỉ,Vĩ độ,Kinh độ,Chủ cơ sở,Điện thoại,Số CCCD"
ROWS = [
    "Nhà nghỉ Hoa Mai,0200000001,Cơ sở lưu trú,TDP 3,5 Lạch Tray,20.86,106.68,"
    "Lê Thị Mai,0912345678,031234567890",
    "Karaoke Biển Xanh,0200000002,karaoke; bar,Tổ 7,9 Hàng Kênh,,,Phạm Văn An,,",
]


def csv_file(*rows: str) -> bytes:
    return ("\ufeff" + "\n".join([HEADER, *rows]) + "\n").encode()


async def upload(c: Any, ward: str, data: bytes, *, dry_run: bool, unit: str = "vhxh") -> Any:
    return await c.post(
        f"/v1/establishments/import?dry_run={str(dry_run).lower()}&filename=so.csv",
        content=data,
        headers={**auth_headers(ward, unit), "Content-Type": "text/csv"},
    )


async def count(app: Any, model: Any) -> int:
    async with app.state.runtime.session_factory() as s:
        return int(await s.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_dry_run_changes_nothing_then_the_same_file_twice_gives_the_same_rows(
    inspection: Client, ward: str
) -> None:
    app, c = inspection
    dry = await upload(c, ward, csv_file(*ROWS), dry_run=True)
    assert dry.status_code == 200, dry.text
    assert dry.json() | {"warnings": []} == {
        "dry_run": True,
        "rows": 2,
        "errors": [],
        "warnings": [],
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "applied": False,
    }
    assert await count(app, EstablishmentRow) == 0 and await count(app, OutboxRecord) == 0

    first = (await upload(c, ward, csv_file(*ROWS), dry_run=False)).json()
    assert (first["created"], first["applied"]) == (2, True)
    async with app.state.runtime.session_factory() as s:
        before = (await s.execute(text("SELECT * FROM establishment ORDER BY registration_number"))).all()
        private_before = (
            await s.execute(text("SELECT * FROM establishment_private_field ORDER BY 1, 2"))
        ).all()
    second = (await upload(c, ward, csv_file(*ROWS), dry_run=False)).json()
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, 2)
    async with app.state.runtime.session_factory() as s:
        after = (await s.execute(text("SELECT * FROM establishment ORDER BY registration_number"))).all()
        private_after = (
            await s.execute(text("SELECT * FROM establishment_private_field ORDER BY 1, 2"))
        ).all()
    assert after == before and private_after == private_before, "the same file twice changes nothing"
    assert [r.residential_group for r in after] == ["tdp-3", "tdp-7"]
    assert await count(app, OutboxRecord) == 2, "two EstablishmentRegistered, nothing more"

    changed = ROWS[1].replace("9 Hàng Kênh", "11 Hàng Kênh")
    third = (await upload(c, ward, csv_file(ROWS[0], changed), dry_run=False)).json()
    assert (third["created"], third["updated"], third["unchanged"]) == (0, 1, 1)


async def test_a_file_with_a_bad_row_is_reported_line_by_line_and_changes_nothing(
    inspection: Client, ward: str
) -> None:
    app, c = inspection
    bad = ROWS[1].replace("karaoke; bar", "casino")
    r = await upload(c, ward, csv_file(ROWS[0], bad, ROWS[0]), dry_run=False)
    report = r.json()
    assert r.status_code == 200 and report["applied"] is False
    lines = sorted({(e["line"], e["field"]) for e in report["errors"]})
    assert lines == [(2, "registration_number"), (3, "business_types"), (4, "registration_number")]
    assert await count(app, EstablishmentRow) == 0
    wrong = await upload(c, ward, "Tên,Địa chỉ\nA,B\n".encode(), dry_run=True)
    assert wrong.status_code == 422 and wrong.headers["content-type"] == "application/problem+json"
    issue = wrong.json()["issues"][0]
    assert issue["line"] == 1 and "Wrong headers" in issue["message_en"]
    denied = await upload(c, ward, csv_file(*ROWS), dry_run=True, unit="qs")
    assert denied.status_code == 403


async def test_the_exports_carry_no_personal_field_and_geojson_is_longitude_first(
    inspection: Client, ward: str
) -> None:
    _, c = inspection
    await upload(c, ward, csv_file(*ROWS), dry_run=False)
    r = await c.get("/v1/establishments/export.xlsx", headers=vhxh(ward))
    assert r.status_code == 200 and r.headers["content-disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(r.content)).active
    cells = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    assert "Nhà nghỉ Hoa Mai" in cells and not any("Lê Thị Mai" in v or "0912" in v for v in cells)
    geo = (
        await c.get("/v1/establishments/export.geojson", headers=auth_headers(ward, "ubnd", "leader"))
    ).json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 1
    assert geo["features"][0]["geometry"]["coordinates"] == [106.68, 20.86]
    template = await c.get("/v1/establishments/import-template.xlsx", headers=vhxh(ward))
    assert template.status_code == 200 and template.content[:2] == b"PK"


async def test_a_large_file_goes_through_while_other_bodies_keep_the_small_limit(
    inspection: Client, ward: str
) -> None:
    _, c = inspection
    rows = [f"Cơ sở số {n},RN{n:08d},karaoke,TDP {n % 20 + 1},{n} Lạch Tray,,,,," for n in range(2_000)]
    data = csv_file(*rows)
    assert len(data) > 64 * 1024
    r = await upload(c, ward, data, dry_run=True)
    assert r.status_code == 200, r.text[:500]
    report = r.json()
    assert (report["rows"], report["created"], report["errors"]) == (2_000, 2_000, [])
    big_json = await c.post(
        "/v1/establishments", content=b'{"name": "' + b"x" * 70_000 + b'"}', headers=vhxh(ward)
    )
    assert big_json.status_code == 413


async def test_a_large_import_streams_its_progress_then_the_report(inspection: Client, ward: str) -> None:
    _, c = inspection
    rows = [f"Cơ sở {n},RP{n:08d},karaoke,TDP 1,{n} Lạch Tray,,,,," for n in range(2_500)]
    r = await c.post(
        "/v1/establishments/import?dry_run=false&filename=so.csv",
        content=csv_file(*rows),
        headers={**auth_headers(ward, "vhxh"), "Content-Type": "text/csv", "Accept": "application/x-ndjson"},
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in r.text.splitlines()]
    assert [x["rows"] for x in lines if x.get("stage") == "read"] == [1000, 2000, 2500]
    assert [x["rows"] for x in lines if x.get("stage") == "written"] == [1000, 2000, 2500]
    assert lines[-1]["report"]["created"] == 2_500 and lines[-1]["report"]["applied"] is True
