"""XLSX export: a sheet of indicators against targets, then one sheet of breakdown figures per source."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook  # type: ignore[import-untyped]  # openpyxl ships no type hints
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from services.reporting.domain import figures as rounding
from services.reporting.domain.indicators import BY_CODE, CATALOGUE, IndicatorValue, Kind
from services.reporting.domain.snapshot import SnapshotContent
from services.reporting.handlers.exports import labels

if TYPE_CHECKING:
    from services.reporting.handlers.exports import ExportMeta

INDICATOR_SHEET = "Chỉ số"
INDICATOR_HEADER = (
    "Mã / Code",
    "Chỉ số",
    "Indicator",
    "Điều khoản / Plan clause",
    "Tử số / Numerator",
    "Mẫu số / Denominator",
    "Giá trị / Value",
    "Mục tiêu / Target",
    "Đạt / Met",
)
SOURCE_HEADER = ("Nhóm số liệu", "Group", "Mục", "Item", "Số lượng / Count")
PERCENT_FORMAT = "0.0%"
# Widest a column may grow: names and the bilingual headers wrap instead of stretching the sheet.
INDICATOR_WIDTHS = {1: 25, 2: 50, 3: 45, 4: 14, 5: 14, 6: 14, 7: 14, 8: 16, 9: 26}
SOURCE_WIDTHS = {1: 40, 2: 35, 3: 40, 4: 35, 5: 16}

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_TEXT_ALIGN = Alignment(vertical="top", wrap_text=True)
_FIGURE_ALIGN = Alignment(horizontal="right", vertical="top")

Cell = str | int | float


def _write_header(ws: Any, row: int, names: Sequence[str]) -> None:
    for column, name in enumerate(names, start=1):
        cell = _cell(ws, row, column, name)
        cell.font, cell.fill, cell.alignment = _BOLD, _HEADER_FILL, _HEADER_ALIGN
    # Freeze below the header so it stays in view while scrolling the rows.
    ws.freeze_panes = ws.cell(row=row + 1, column=1)


def _write_row(ws: Any, row: int, values: Sequence[Cell], figures: set[int]) -> None:
    """One table row; columns in ``figures`` are right-aligned, also when they hold ``<5``."""
    for column, value in enumerate(values, start=1):
        cell = _cell(ws, row, column, value)
        cell.alignment = _FIGURE_ALIGN if column in figures else _TEXT_ALIGN


def _fit_columns(ws: Any, first_row: int, caps: dict[int, int]) -> None:
    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            if cell.value is not None:
                longest = max(len(line) for line in str(cell.value).splitlines() or [""])
                widths[cell.column] = max(widths.get(cell.column, 0), longest)
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = min(width + 2, caps.get(column, 30))


def _landscape(ws: Any) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _title_block(ws: Any, content: SnapshotContent, meta: ExportMeta) -> int:
    """The lines above the table; returns the first free row."""
    period = content.period
    approved = f"{meta.approved_by}, {labels.local_time(meta.approved_at)}" if meta.approved_by else "—"
    lines: tuple[tuple[str, str], ...] = (
        ("Đơn vị / Scope", f"{meta.scope_name_vi} / {meta.scope_name_en}"),
        ("Kỳ / Period", f"{period.label_vi} / {period.label_en} ({period.code})"),
        ("Bản chốt số liệu / Snapshot", meta.snapshot_id),
        ("Mã băm / Hash", meta.content_hash),
        ("Trạng thái / Status", labels.status_label(meta.status).both),
        ("Lập / Prepared", f"{meta.prepared_by}, {labels.local_time(meta.prepared_at)}"),
        ("Duyệt / Approved", approved),
        ("Ẩn số nhỏ / Suppression", labels.suppression_note(content, meta.suppression_threshold).both),
    )
    if content.as_of is not None:  # a period not yet ended: counted as of then, not yet due not counted
        lines += (
            ("Tính đến / As of", f"{labels.local_time(content.as_of)} (kỳ chưa kết thúc / period not ended)"),
        )
    _cell(ws, 1, 1, labels.REPORT_TITLE.both).font = _TITLE
    for row, (name, value) in enumerate(lines, start=2):
        _cell(ws, row, 1, name).font = _BOLD
        _cell(ws, row, 2, value)
    return len(lines) + 3


def _cell(ws: Any, row: int, column: int, value: Any) -> Any:
    """Write a cell; text is always stored as text, never read as a formula ("= Có / Yes")."""
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _value_cell(v: IndicatorValue, threshold: int) -> Cell:
    """A ratio stays a number (formatted as percent) so it can be summed and charted."""
    if v.suppressed or v.no_data or v.kind is Kind.YES_NO:
        return labels.value_text(v, threshold, "table")
    # the rounded value, so every reader (and Excel's own display) shows the one rounding
    return rounding.fraction(v.value) if v.kind is Kind.RATIO else v.value


def _indicator_values(v: IndicatorValue, threshold: int) -> tuple[Cell, ...]:
    indicator = BY_CODE[v.code]
    numerator, denominator = labels.figures(v)
    return (
        v.code,
        indicator.name_vi,
        indicator.name_en,
        indicator.clause,
        labels.NOT_SHOWN if numerator is None else numerator,
        labels.NOT_SHOWN if denominator is None else denominator,
        _value_cell(v, threshold),
        labels.target_text(v, "table"),
        labels.met_text(v, "table"),
    )


def _indicator_sheet(ws: Any, content: SnapshotContent, meta: ExportMeta) -> None:
    header_row = _title_block(ws, content, meta)
    _write_header(ws, header_row, INDICATOR_HEADER)
    by_code = {v.code: v for v in content.indicators}
    values = [by_code[i.code] for i in CATALOGUE if i.code in by_code]
    for row, v in enumerate(values, start=header_row + 1):
        _write_row(ws, row, _indicator_values(v, meta.suppression_threshold), figures={5, 6, 7})
        if v.kind is Kind.RATIO and not (v.suppressed or v.no_data):
            ws.cell(row=row, column=7).number_format = PERCENT_FORMAT
    _fit_columns(ws, 2, INDICATOR_WIDTHS)
    _landscape(ws)


def _source_sheet(ws: Any, content: SnapshotContent, source: str, meta: ExportMeta) -> None:
    period = content.period
    _cell(ws, 1, 1, labels.source_label(source).label.both).font = _TITLE
    _cell(ws, 2, 1, f"{meta.scope_name_vi} — {period.label_vi} / {period.label_en}")
    _write_header(ws, 4, SOURCE_HEADER)
    rows = labels.rows_of(content, source)
    for row, r in enumerate(rows, start=5):
        group, item = labels.dimension_label(r.dimension), labels.key_label(r.dimension, r.key)
        count: Cell = labels.count_text(r, meta.suppression_threshold, "table") if r.suppressed else r.count
        _write_row(ws, row, (group.vi, group.en, item.vi, item.en, count), figures={5})
    if not rows:
        _cell(ws, 5, 1, "Không có số liệu trong kỳ / No figures in the period")
    _fit_columns(ws, 4, SOURCE_WIDTHS)
    _landscape(ws)


def to_xlsx(content: SnapshotContent, meta: ExportMeta) -> bytes:
    """The snapshot as an XLSX workbook: indicators first, then one sheet per source."""
    workbook = Workbook()
    _indicator_sheet(workbook.active, content, meta)
    workbook.active.title = INDICATOR_SHEET
    for source in labels.sources_of(content):
        _source_sheet(workbook.create_sheet(labels.source_label(source).sheet), content, source, meta)
    workbook.properties.title = f"{labels.REPORT_TITLE.vi} — {content.period.label_vi}"
    workbook.properties.creator = meta.scope_name_vi
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
