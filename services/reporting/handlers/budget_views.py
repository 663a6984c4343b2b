"""What the API and the XLSX workbook show of budget execution: amounts in whole VND, each rate in basis
points with its text as every channel writes it (``figures``: half up to one decimal, once)."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]  # openpyxl ships no type hints

from services.reporting.domain import budget as rules
from services.reporting.domain.figures import fraction, percent
from services.reporting.domain.periods import Period
from services.reporting.handlers.exports.xlsx import (
    _TITLE,
    PERCENT_FORMAT,
    _cell,
    _fit_columns,
    _landscape,
    _write_header,
    _write_row,
)
from services.reporting.handlers.people import unit_name
from services.reporting.handlers.views import period_view

NO_BASE = {"vi": "Không có dự toán", "en": "No estimate"}
NO_ALLOCATION = {"vi": "Chưa cấp", "en": "Nothing allocated"}
RATES: tuple[tuple[str, dict[str, str]], ...] = (
    ("allocated_of_estimate", NO_BASE),
    ("spent_of_estimate", NO_BASE),
    ("spent_of_allocated", NO_ALLOCATION),
)
Rows = list[tuple[rules.Line, rules.Execution]]


def amounts_view(e: rules.Execution) -> dict[str, Any]:
    """Estimate, allocated, spent and unspent in VND, and each rate in basis points and as text."""
    view: dict[str, Any] = {
        "estimate": e.estimate, "allocated": e.allocated, "spent": e.spent, "unspent": e.unspent,
    }  # fmt: skip
    for name, missing in RATES:
        bp = getattr(e, name)
        view[f"{name}_bp"] = bp
        view[f"{name}_vi"] = missing["vi"] if bp is None else percent(bp, "vi")
        view[f"{name}_en"] = missing["en"] if bp is None else percent(bp, "en")
    return view


def _label(table: Mapping[str, tuple[str, str]], code: str | None) -> dict[str, str]:
    vi, en = table.get(code or "", ("", ""))
    return {"label_vi": vi, "label_en": en}


GROUPS: dict[str, tuple[Callable[[rules.Line], Any], Callable[[Any], dict[str, str]]]] = {
    "by_source": (lambda line: line.source, lambda k: _label(rules.SOURCES, k)),
    "by_programme": (lambda line: line.programme or "", lambda k: _label(rules.PROGRAMMES, k)),
    "by_activity_kind": (lambda line: line.activity_kind, lambda k: _label(rules.ACTIVITY_KINDS, k)),
    "by_unit": (lambda line: line.unit_code, lambda k: {"label_vi": unit_name(k), "label_en": k}),
    "by_year": (lambda line: line.year, lambda k: {"label_vi": f"Năm {k}", "label_en": f"Year {k}"}),
}


def line_fields(line: rules.Line, titles: Mapping[str, str]) -> dict[str, Any]:
    return {
        "line_id": line.line_id, "year": line.year, "unit_code": line.unit_code,
        "activity_kind": line.activity_kind, "source": line.source, "programme": line.programme,
        "title": titles.get(line.line_id, ""),
    }  # fmt: skip


def execution_view(
    period: Period, years: Sequence[int], closed: Sequence[int], lines: Rows, titles: Mapping[str, str]
) -> dict[str, Any]:
    view: dict[str, Any] = {
        "period": period_view(period),
        "years": list(years),
        "closed_years": [y for y in closed if y in years],
        "lines": [{**line_fields(line, titles), **amounts_view(e)} for line, e in lines],
    }
    for name, (key, label) in GROUPS.items():
        rolled = rules.roll_up((row for row in lines if name != "by_programme" or row[0].programme), key)
        view[name] = [{"key": str(k), **label(k), **amounts_view(e)} for k, e in rolled.items()]
    view["total"] = amounts_view(rules.total(lines))
    return view


# XLSX ---------------------------------------------------------------------------------------------

HEADER = (
    "Nhóm / Group",
    "Mục",
    "Item",
    "Dự toán (đồng) / Estimate (VND)",
    "Đã cấp (đồng) / Allocated (VND)",
    "Đã chi (đồng) / Spent (VND)",
    "Còn lại (đồng) / Unspent (VND)",
    "Cấp / dự toán / Allocated of estimate",
    "Chi / dự toán / Spent of estimate",
    "Chi / đã cấp / Spent of allocated",
)
LINE_HEADER = (
    "Năm / Year",
    "Đơn vị / Unit",
    "Nội dung / Line",
    "Loại hoạt động / Activity",
    "Nguồn / Source",
    "Chương trình lồng ghép / Programme",
    *HEADER[3:],
)
GROUP_NAMES = {
    "by_source": "Theo nguồn / By source",
    "by_programme": "Nguồn lồng ghép theo chương trình / Integrated, by programme",
    "by_activity_kind": "Theo loại hoạt động / By activity",
    "by_unit": "Theo đơn vị / By unit",
    "by_year": "Theo năm / By year",
}
MONEY_FORMAT = "#,##0"
WIDTHS = {1: 30, 2: 45, 3: 40, 4: 45, 5: 40, 6: 40}


def _figures(ws: Any, row: int, first: int, amounts: Mapping[str, Any]) -> None:
    """The four amounts and three rates of a row, from column ``first``: numbers, so they can be summed."""
    for offset, name in enumerate(("estimate", "allocated", "spent", "unspent")):
        _cell(ws, row, first + offset, amounts[name]).number_format = MONEY_FORMAT
    for offset, (name, _missing) in enumerate(RATES, start=4):
        bp = amounts[f"{name}_bp"]
        cell = _cell(ws, row, first + offset, amounts[f"{name}_vi"] if bp is None else fraction(bp))
        if bp is not None:
            cell.number_format = PERCENT_FORMAT


def execution_xlsx(view: Mapping[str, Any], scope_vi: str) -> bytes:
    """Budget execution as a workbook: totals by group on the first sheet, every line on the second."""
    book = Workbook()
    summary = book.active
    summary.title = "Tổng hợp"
    period = view["period"]
    _cell(summary, 1, 1, "TÌNH HÌNH THỰC HIỆN KINH PHÍ / BUDGET EXECUTION").font = _TITLE
    _cell(summary, 2, 1, f"{scope_vi} — {period['label_vi']} / {period['label_en']}")
    closed = ", ".join(str(y) for y in view["closed_years"]) or "—"
    _cell(summary, 3, 1, f"Năm đã khóa sổ / Closed years: {closed}")
    _write_header(summary, 5, HEADER)
    row = 6
    for name, title in GROUP_NAMES.items():
        for item in view[name]:
            _write_row(summary, row, (title, item["label_vi"], item["label_en"]), figures=set())
            _figures(summary, row, 4, item)
            row += 1
    _write_row(summary, row, ("Tổng cộng / Total", "", ""), figures=set())
    _figures(summary, row, 4, view["total"])
    _fit_columns(summary, 5, WIDTHS)
    _landscape(summary)

    sheet = book.create_sheet("Dòng dự toán")
    _write_header(sheet, 1, LINE_HEADER)
    for r, line in enumerate(view["lines"], start=2):
        labels = (
            line["year"], unit_name(line["unit_code"]) or line["unit_code"], line["title"],
            rules.ACTIVITY_KINDS[line["activity_kind"]][0], rules.SOURCES[line["source"]][0],
            rules.PROGRAMMES[line["programme"]][0] if line["programme"] else "",
        )  # fmt: skip
        _write_row(sheet, r, labels, figures={1})
        _figures(sheet, r, 7, line)
    _fit_columns(sheet, 1, WIDTHS)
    _landscape(sheet)
    book.properties.title = f"Thực hiện kinh phí — {period['label_vi']}"
    book.properties.creator = scope_vi
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
