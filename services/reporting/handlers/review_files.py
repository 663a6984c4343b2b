"""A review as files: the report in the Vietnamese administrative form (DOCX, after Decree 30/2020/ND-CP,
Vietnamese only as an official document) and its annexes as a workbook (indicators, difficulties and
proposals, then the budget's execution sheets). Both are written from the frozen content alone."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import Any

import docx
from docx.shared import Pt
from openpyxl import load_workbook  # type: ignore[import-untyped]  # openpyxl ships no type hints

from services.reporting.domain.indicators import BY_CODE
from services.reporting.domain.periods import PLAN_CODE, VN
from services.reporting.handlers.budget_views import execution_xlsx
from services.reporting.handlers.exports.docx import WARD_RECIPIENTS, number_line
from services.reporting.handlers.exports.xlsx import _cell, _fit_columns, _write_header, _write_row
from services.reporting.handlers.people import unit_name
from shared.docx_form import CENTER, JUSTIFY, TEXT_WIDTH, date_line, letterhead, page_setup, para, rule, table

MET = {True: "Đạt", False: "Chưa đạt"}
COMMENDATION = {"commendation": "Khen thưởng", "accountability": "Xem xét trách nhiệm"}


def _vnd(amount: int) -> str:
    """``12345678`` -> ``12.345.678`` (Vietnamese groups thousands with dots)."""
    return f"{amount:,}".replace(",", ".")


def _grid(doc: Any, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> None:
    grid = table(doc, len(rows) + 1, widths, grid=True)
    for column, name in enumerate(header):
        para(grid.cell(0, column), name, size=12, bold=True, align=CENTER)
    for r, values in enumerate(rows, start=1):
        for column, value in enumerate(values):
            para(grid.cell(r, column), value, size=12)


def _heading(doc: Any, text: str) -> None:
    para(doc, text, bold=True, after=6).paragraph_format.space_before = Pt(12)


def _indicators(doc: Any, content: Mapping[str, Any]) -> None:
    _heading(doc, "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
    rows = [
        (str(n), BY_CODE[v["code"]].name_vi, v["value_vi"], MET[bool(v["met"])] if not v["no_data"] else "—")
        for n, v in enumerate(content["indicators"]["indicators"], start=1)
    ]
    _grid(doc, ("STT", "Chỉ tiêu", "Kết quả", "Đánh giá"), rows, (1.2, 9.3, 3.0, 3.0))
    if len(content["trend"]) > 1:
        para(doc, "Diễn biến qua các năm:", italic=True).paragraph_format.space_before = Pt(6)
        years = [t["year"] for t in content["trend"]]
        by_year = [{v["code"]: v["value_vi"] for v in t["indicators"]} for t in content["trend"]]
        rows = [(BY_CODE[c].name_vi, *(y.get(c, "—") for y in by_year)) for c in by_year[-1]]
        width = (TEXT_WIDTH - 6.5) / len(years)
        _grid(doc, ("Chỉ tiêu", *(str(y) for y in years)), rows, (6.5, *([width] * len(years))))


def _budget(doc: Any, budget: Mapping[str, Any]) -> None:
    _heading(doc, "III. KINH PHÍ THỰC HIỆN")
    rows = [
        (
            g["label_vi"],
            _vnd(g["estimate"]),
            _vnd(g["allocated"]),
            _vnd(g["spent"]),
            g["spent_of_estimate_vi"],
        )
        for g in budget["by_source"]
    ]
    t = budget["total"]
    rows.append(
        ("Tổng cộng", _vnd(t["estimate"]), _vnd(t["allocated"]), _vnd(t["spent"]), t["spent_of_estimate_vi"])
    )
    header = ("Nguồn", "Dự toán (đồng)", "Đã cấp (đồng)", "Đã chi (đồng)", "Chi / dự toán")
    _grid(doc, header, rows, (5.3, 3.0, 3.0, 3.0, 2.2))


def _listed(doc: Any, heading: str, lines: Sequence[str], empty: str) -> None:
    _heading(doc, heading)
    for line in lines or [empty]:
        para(doc, f"- {line}", align=JUSTIFY, indent=True)


def review_docx(content: Mapping[str, Any], meta: Mapping[str, Any]) -> bytes:
    """The review as the ward sends it: letterhead, title, results, assessment, budget, difficulties and
    proposals, surveys, commendations, recipients and signature; marked as a draft until approved."""
    doc = docx.Document()
    page_setup(doc)
    scope = meta["scope_name_vi"]
    doc.core_properties.title = f"{content['kind_vi']} — {content['period']['label_vi']}"
    doc.core_properties.comments = f"review {meta['review_id']}, sha256 {meta['content_hash']}"
    if meta["status"] != "approved":
        para(doc, "DỰ THẢO (chưa phê duyệt)", size=12, bold=True, align=CENTER, after=6)
    issued = (meta["approved_at"] or meta["prepared_at"]).astimezone(VN).date()
    letterhead(
        doc, ("ỦY BAN NHÂN DÂN", scope), number_line(meta["document_number"]), date_line("Hải Phòng", issued)
    )
    para(doc, "BÁO CÁO", bold=True, align=CENTER).paragraph_format.space_before = Pt(18)
    para(
        doc,
        f"{content['kind_vi']} thực hiện Kế hoạch phòng, chống mại dâm giai đoạn {PLAN_CODE} — "
        f"{content['period']['label_vi']}",
        bold=True,
        align=CENTER,
    )
    rule(doc, TEXT_WIDTH, 4, after=12)
    _indicators(doc, content)
    _heading(doc, "II. ĐÁNH GIÁ CHUNG")
    for line in str(content["assessment"]).splitlines() or [""]:
        if line.strip():
            para(doc, line.strip(), align=JUSTIFY, indent=True)
    _budget(doc, content["budget"])
    difficulties = [
        f"{unit_name(d['unit_code']) or d['unit_code']}: {d['title']}"
        f" ({d['kind_vi'].lower()}; {d['status_vi'].lower()})"
        for d in content["difficulties"]
    ]
    _listed(doc, "IV. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ", difficulties, "Không có.")
    surveys = [f"{s['topic']} (kỳ {s['period_code']}, cỡ mẫu {s['sample_size']})" for s in content["surveys"]]
    _listed(doc, "V. KHẢO SÁT, ĐÁNH GIÁ TÌNH HÌNH", surveys, "Không có.")
    honours = [
        f"{COMMENDATION[c['kind']]}: "
        f"{unit_name(c['unit_code']) if c['unit_code'] else 'cán bộ mã ' + str(c['staff_code'])} — "
        f"{c['reason']} (Quyết định số {c['document_code']})"
        for c in content["commendations"]
    ]
    _listed(doc, "VI. KHEN THƯỞNG VÀ XEM XÉT TRÁCH NHIỆM", honours, "Không có.")
    _signature(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _signature(doc: Any) -> None:
    layout = table(doc, 1, (8.0, 8.5), grid=False)
    para(layout.cell(0, 0), "Nơi nhận:", size=12, bold=True, italic=True)
    for line in WARD_RECIPIENTS:
        para(layout.cell(0, 0), line, size=11)
    para(layout.cell(0, 1), "TM. ỦY BAN NHÂN DÂN", size=13, bold=True, align=CENTER)
    para(layout.cell(0, 1), "CHỦ TỊCH", size=13, bold=True, align=CENTER)


def review_xlsx(content: Mapping[str, Any], scope_vi: str) -> bytes:
    """The annexes: the budget's execution sheets, then the indicators and the difficulties."""
    book = load_workbook(io.BytesIO(execution_xlsx(content["budget"], scope_vi)))
    sheet = book.create_sheet("Chỉ tiêu", 0)
    _write_header(sheet, 1, ("Mã / Code", "Chỉ tiêu", "Kết quả / Value", "Đánh giá / Met"))
    for r, v in enumerate(content["indicators"]["indicators"], start=2):
        met = "—" if v["no_data"] else MET[bool(v["met"])]
        _write_row(sheet, r, (v["code"], BY_CODE[v["code"]].name_vi, v["value_vi"], met), figures={3})
    _fit_columns(sheet, 1, {2: 60})
    notes = book.create_sheet("Khó khăn, đề xuất")
    _write_header(notes, 1, ("Đơn vị / Unit", "Loại / Kind", "Nội dung / Summary", "Trạng thái / Status"))
    for r, d in enumerate(content["difficulties"], start=2):
        _write_row(notes, r, (d["unit_code"], d["kind_vi"], d["title"], d["status_vi"]), figures=set())
    if not content["difficulties"]:
        _cell(notes, 2, 1, "Không có / None")
    _fit_columns(notes, 1, {3: 60})
    book.properties.title = f"Phụ lục — {content['kind_vi']} {content['period']['label_vi']}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def meta_of(view: Mapping[str, Any], scope_vi: str, document_number: str) -> dict[str, Any]:
    """What the document says beyond the content: its id, hash, status, dates and number."""
    approved = view["approved_at"]
    return {
        "review_id": view["review_id"], "content_hash": view["content_hash"], "status": view["status"],
        "prepared_at": dt.datetime.fromisoformat(view["prepared_at"]),
        "approved_at": dt.datetime.fromisoformat(approved) if approved else None,
        "scope_name_vi": scope_vi, "document_number": document_number,
    }  # fmt: skip
