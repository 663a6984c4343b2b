"""Writing the register's files: the import template (XLSX, CSV) and the exports (XLSX without
personal fields, GeoJSON of the premises with coordinates)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]  # no type hints
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.styles import Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from services.inspection.domain.kinds import (
    BUSINESS_TYPE_VI,
    RISK_VI,
    STATUS_VI,
)

# ---- The columns, the rows and the cell readers ----
from services.inspection.handlers.register_format import (
    ALL_DAY,
    COLUMNS,
    FORMATS,
    GUIDE_SHEET,
    LOCAL,
    MAX_FILE_BYTES,
    MAX_ROWS,
    PERSONAL,
    REGISTER_SHEET,
    REQUIRED,
    SAMPLE,
    Column,
    ExportRow,
    Premises,
)
from shared.spreadsheet import FORMULA_STARTS, csv_text


def _cell(ws: Any, value: Any, **style: Any) -> Any:
    """A write-only cell; text always stays text, never a formula, also when edited in Excel."""
    cell = WriteOnlyCell(ws, ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value)
    if isinstance(value, str):
        cell.data_type, cell.quotePrefix = "s", value.startswith(FORMULA_STARTS)
    elif isinstance(value, dt.date):
        cell.number_format = "DD/MM/YYYY"
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _table(ws: Any, header: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[int]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    ws.append([_cell(ws, name, font=bold, fill=fill) for name in header])
    for values in rows:
        ws.append([_cell(ws, value) for value in values])


def _width(c: Column) -> int:
    return 30 if c.kind in ("text", "types") and c.max_len >= 200 else 16


def _save(workbook: Any) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_xlsx() -> bytes:
    """The form to fill in: headers, one sample row, and the guide sheet with the business types."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(REGISTER_SHEET)
    for index, col in enumerate(COLUMNS, start=1):
        if col.kind in ("key", "phone", "id"):  # numbers typed there keep their leading zeros
            sheet.column_dimensions[get_column_letter(index)].number_format = "@"
    _table(sheet, [c.header for c in COLUMNS], [SAMPLE], [_width(c) for c in COLUMNS])
    guide = workbook.create_sheet(GUIDE_SHEET)
    notes = [
        ("Dòng 1 là tiêu đề: giữ nguyên tên cột. Mỗi cơ sở một dòng; xoá dòng mẫu.", "", ""),
        ("Line 1 holds the headers: keep them. One establishment per line; delete the sample line.", "", ""),
        (
            f"Tối đa / at most {MAX_ROWS} dòng / lines, {MAX_FILE_BYTES // 2**20} MB; .xlsx, .csv UTF-8",
            "",
            "",
        ),
        ("", "", ""),
    ]
    columns = [
        (
            f"{c.header} / {c.en}",
            "x" * (c.field in REQUIRED),
            " / ".join(FORMATS[c.kind][2:]),
            "x" * (c.field in PERSONAL),
        )
        for c in COLUMNS
    ]
    types = [("", "", ""), ("Loại hình / Business type", "Mã / Code", "")]
    types += [(label, kind.value, "") for kind, label in BUSINESS_TYPE_VI.items()]
    header = ("Cột / Column", "Bắt buộc / Required", "Định dạng / Format", "Cá nhân / Personal")
    _table(guide, header, [*columns, *notes, *types], (34, 20, 50, 18))
    return _save(workbook)


def template_csv() -> bytes:
    """The same headers and sample row as CSV, UTF-8 with a BOM so Excel reads it as UTF-8."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.header for c in COLUMNS])
    writer.writerow([csv_text(v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v) for v in SAMPLE])
    return buffer.getvalue().encode("utf-8-sig")


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).astimezone(LOCAL).date()


def _shown(row: Premises, name: str) -> Any:
    value = getattr(row, name)
    if name in ("opens_at", "closes_at") and row.open_all_day:
        return ALL_DAY
    if name == "business_types":
        return "; ".join(BUSINESS_TYPE_VI[t] for t in value)
    return value.strftime("%H:%M") if isinstance(value, dt.time) else value


EXPORT_COLUMNS = [c for c in COLUMNS if c.field not in PERSONAL]
EXPORT_HEADER = [f"{c.header} / {c.en}" for c in EXPORT_COLUMNS] + [
    "Trạng thái / Status",
    "Mức nguy cơ / Risk class",
    "Kiểm tra gần nhất / Last inspection (giờ VN)",
]


def register_xlsx(rows: Iterable[ExportRow]) -> bytes:
    """The register as one sheet, without personal fields; bilingual headers, one row each."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(REGISTER_SHEET)
    values = (
        [_shown(r, c.field) for c in EXPORT_COLUMNS]
        + [
            STATUS_VI[r.status],
            RISK_VI[r.risk_class] if r.risk_class else "",
            _local_date(r.last_inspected_at),
        ]
        for r in rows
    )
    _table(sheet, EXPORT_HEADER, values, [_width(c) for c in EXPORT_COLUMNS] + [18, 14, 18])
    return _save(workbook)


def register_geojson(rows: Iterable[ExportRow]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (RFC 7946: [longitude, latitude]) of the premises placed on a map."""
    features = [
        {
            "type": "Feature",
            "id": r.establishment_id or r.registration_number,
            "geometry": {"type": "Point", "coordinates": [round(r.longitude, 6), round(r.latitude, 6)]},
            "properties": {
                "registration_number": r.registration_number,
                "name": r.name,
                "business_types": [t.value for t in r.business_types],
                "business_types_vi": [BUSINESS_TYPE_VI[t] for t in r.business_types],
                "address": r.address,
                "residential_group": r.residential_group,
                "status": r.status.value,
                "risk_class": r.risk_class.value if r.risk_class else None,
                "last_inspected_on": (d := _local_date(r.last_inspected_at)) and d.isoformat(),
            },
        }
        for r in rows
        if r.latitude is not None and r.longitude is not None
    ]
    return {"type": "FeatureCollection", "features": features}
