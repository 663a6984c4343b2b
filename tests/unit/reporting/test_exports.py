"""Exports of a snapshot: XLSX, CSV and DOCX carry the exact figures, or ``<5`` where suppressed.

The snapshot is built by hand; every expected figure below is written out, not recomputed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace

import docx
import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from services.reporting.domain.indicators import BY_CODE, CATALOGUE
from services.reporting.domain.periods import VN, quarter
from services.reporting.domain.snapshot import BreakdownRow, SnapshotContent, suppress
from services.reporting.handlers.exports import ExportMeta, to_csv, to_docx, to_xlsx
from services.reporting.handlers.exports.docx import date_line, number_line
from services.reporting.handlers.exports.labels import key_label, percent

# code -> (numerator, denominator)
FIGURES = {
    "PLAN_YEARLY": (1, 1),  # yes/no, met
    "COMM_REGULAR": (3, 3),  # 100%, met
    "HR_ACCESS": (7, 8),  # 87.5% >= 80%, met; counts people, 8 - 7 = 1 is withheld by suppress(5)
    "TIPS_TIMELY": (45, 50),  # 90% < 100%, not met
    "ONLINE_HANDLED": (0, 0),  # no data
    "IT_REPORTING": (2, 3),  # 66.7%, not met
    "DIRECTIVES_TIMELY": (4, 4),
    "ESTAB_MANAGED": (40, 42),  # 95.2% > 95%, met
    "STAFF_TRAINED": (12, 12),  # counts people, nothing small
    "HOTSPOTS": (2, 0),  # a count: 2 against <= 0, not met
}
ROWS = (
    BreakdownRow("intake", "tips_by_kind", "denunciation", 12),
    BreakdownRow("intake", "tips_by_kind", "complaint", 31),
    BreakdownRow("intake", "tips_by_kind", "anonymous_letter", 6),  # no label: the raw key
    BreakdownRow("inspection", "establishments_by_type", "karaoke", 17),
    BreakdownRow("case_support", "clients", "active", 3, counts_people=True),
    BreakdownRow("case_support", "clients", "served", 9, counts_people=True),
    BreakdownRow("online_monitoring", "items_by_platform", "zalo", 27),
    BreakdownRow("programme", "trainings", "staff_trained", 12, counts_people=True),
)
SHEETS = ["Chỉ số", "Tin báo", "Cơ sở & kiểm tra", "Hỗ trợ", "Môi trường mạng", "Hoạt động"]


def make_content() -> SnapshotContent:
    values = tuple(i.evaluate(*FIGURES[i.code]) for i in CATALOGUE)
    return SnapshotContent("le_chan", ("le_chan",), quarter(2026, 4), values, ROWS)


META = ExportMeta(
    snapshot_id="snap-2026-Q4-01",
    content_hash="ab12cd34ef56ab78" + "0" * 48,
    status="approved",
    scope_name_vi="Phường Lê Chân",
    scope_name_en="Le Chan ward",
    parent_name_vi="Thành phố Hải Phòng",
    prepared_by="vhxh:u1",
    prepared_at=dt.datetime(2027, 1, 4, 9, 30, tzinfo=VN),
    approved_by="ubnd:u2",
    approved_at=dt.datetime(2027, 1, 5, 8, 0, tzinfo=VN),
    issued_on=dt.date(2027, 1, 5),
    document_number="125/BC-UBND",
    signer_title_vi="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
    signer_name="Phạm Việt Anh",
)
CONTENT = make_content()
SUPPRESSED = suppress(CONTENT, 5)


def test_the_fixture_has_the_cases_the_exports_must_render() -> None:
    assert CONTENT.value("ONLINE_HANDLED").no_data
    assert CONTENT.value("HR_ACCESS").met and not CONTENT.value("TIPS_TIMELY").met
    assert SUPPRESSED.value("HR_ACCESS").suppressed and not SUPPRESSED.value("STAFF_TRAINED").suppressed
    # "served" (9) is HR_ACCESS's numerator again: withheld with it, or 9 of 8 + 1 would tell
    assert [r.key for r in SUPPRESSED.breakdown if r.suppressed] == ["active", "served"]


# --- XLSX -----------------------------------------------------------------------------------------


def indicator_rows(data: bytes) -> dict[str, list[object]]:
    """The indicator table of the first sheet, keyed by code."""
    sheet = load_workbook(io.BytesIO(data))["Chỉ số"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, row in enumerate(rows) if row[0] == "Mã / Code")
    return {str(row[0]): row for row in rows[header + 1 :] if row[0]}


def source_rows(data: bytes, sheet: str) -> list[list[object]]:
    rows = load_workbook(io.BytesIO(data))[sheet].iter_rows(min_row=5, values_only=True)
    return [list(row) for row in rows]


def test_xlsx_has_the_indicator_sheet_then_one_sheet_per_source() -> None:
    assert load_workbook(io.BytesIO(to_xlsx(CONTENT, META))).sheetnames == SHEETS


def test_xlsx_indicator_table_holds_exact_figures_and_ratios_as_numbers() -> None:
    data = to_xlsx(CONTENT, META)
    rows = indicator_rows(data)
    assert list(rows) == [i.code for i in CATALOGUE]
    _, name_vi, name_en, clause, num, den, value, target, met = rows["HR_ACCESS"]
    hr = BY_CODE["HR_ACCESS"]
    assert (name_vi, name_en, clause) == (hr.name_vi, hr.name_en, "I.3.1")
    assert (num, den, value, target, met) == (7, 8, 0.875, "≥ 80%", "Đạt / Met")
    assert rows["TIPS_TIMELY"][4:] == [45, 50, 0.9, "≥ 100%", "Chưa đạt / Not met"]
    assert rows["ESTAB_MANAGED"][4:] == [40, 42, 0.952, "> 95%", "Đạt / Met"]
    assert rows["PLAN_YEARLY"][4:] == [1, 1, "Có / Yes", "= Có / Yes", "Đạt / Met"]
    assert rows["HOTSPOTS"][4:] == [2, "—", 2, "≤ 0", "Chưa đạt / Not met"]
    assert rows["ONLINE_HANDLED"][6:] == [
        "Không có dữ liệu / No data",
        "≥ 100%",
        "Chưa đánh giá / Not assessed",
    ]
    sheet = load_workbook(io.BytesIO(data))["Chỉ số"]
    ratio_cell = next(row[6] for row in sheet.iter_rows() if row[0].value == "HR_ACCESS")
    assert ratio_cell.number_format == "0.0%"
    assert sheet.freeze_panes == f"A{ratio_cell.row - 2}"  # below the header, above the first row


def test_xlsx_title_block_names_the_snapshot() -> None:
    sheet = load_workbook(io.BytesIO(to_xlsx(CONTENT, META)))["Chỉ số"]
    block = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, max_row=9, values_only=True)}
    assert block["Kỳ / Period"] == "Quý 4/2026 / Q4 2026 (2026-Q4)"
    assert block["Bản chốt số liệu / Snapshot"] == "snap-2026-Q4-01"
    assert block["Mã băm / Hash"] == META.content_hash
    assert block["Trạng thái / Status"] == "Đã phê duyệt / Approved"


def test_xlsx_source_sheet_lists_labelled_counts_as_numbers() -> None:
    data = to_xlsx(CONTENT, META)
    assert source_rows(data, "Tin báo") == [
        ["Theo loại tin", "By kind", "Tin tố giác", "Denunciation", 12],
        ["Theo loại tin", "By kind", "Khiếu nại", "Complaint", 31],
        ["Theo loại tin", "By kind", "anonymous_letter", "anonymous_letter", 6],
    ]
    assert [row[2:] for row in source_rows(data, "Hỗ trợ")] == [
        ["Đang được quản lý", "Active", 3],
        ["Đã nhận ít nhất 1 dịch vụ", "Received at least one service", 9],
    ]


def test_xlsx_with_suppression_writes_less_than_five_and_never_the_figure() -> None:
    data = to_xlsx(SUPPRESSED, META)
    assert [row[2:] for row in source_rows(data, "Hỗ trợ")] == [
        ["Đang được quản lý", "Active", "<5"],
        # 9 is not small, but it is HR_ACCESS's numerator: withheld with it, and not written "<5"
        ["Đã nhận ít nhất 1 dịch vụ", "Received at least one service", "Không công bố / Withheld"],
    ]
    hr = indicator_rows(data)["HR_ACCESS"]
    assert hr[4:] == ["—", "—", "<5", "≥ 80%", "Không công bố / Withheld"]
    assert indicator_rows(data)["STAFF_TRAINED"][4:7] == [12, 12, 1.0]


# --- CSV ------------------------------------------------------------------------------------------


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def test_csv_has_one_row_per_indicator_then_the_breakdown() -> None:
    rows = read_csv(to_csv(CONTENT, META))
    assert list(rows[0]) == [
        "section", "code", "name_vi", "name_en", "numerator", "denominator",
        "value", "target", "comparison", "met", "no_data", "suppressed", "as_of",
    ]  # fmt: skip
    indicators = [r for r in rows if r["section"] == "indicator"]
    assert [r["code"] for r in indicators] == [i.code for i in CATALOGUE]
    hr = indicators[2]
    assert (hr["name_vi"], hr["numerator"], hr["denominator"], hr["value"]) == (
        BY_CODE["HR_ACCESS"].name_vi, "7", "8", "87.5%",
    )  # fmt: skip
    assert (hr["target"], hr["comparison"], hr["met"], hr["suppressed"]) == ("80%", "≥", "Đạt / Met", "false")
    assert indicators[4]["no_data"] == "true" and indicators[4]["met"] == ""
    assert indicators[5]["value"] == "66.7%"
    assert len(rows) == 10 + len(ROWS)
    karaoke = next(r for r in rows if r["name_en"] == "Karaoke")
    assert (karaoke["section"], karaoke["code"], karaoke["numerator"]) == (
        "inspection", "establishments_by_type", "17",
    )  # fmt: skip


def test_csv_with_suppression_writes_less_than_five_and_never_the_figure() -> None:
    rows = read_csv(to_csv(SUPPRESSED, META))
    active = next(r for r in rows if r["name_en"] == "Active")
    assert (active["numerator"], active["suppressed"]) == ("<5", "true")
    assert "3" not in active.values()
    hr = next(r for r in rows if r["code"] == "HR_ACCESS")
    assert (hr["numerator"], hr["denominator"], hr["value"], hr["met"]) == ("", "", "<5", "")
    assert not {"7", "8", "0"} & set(hr.values())


# --- DOCX -----------------------------------------------------------------------------------------


def docx_texts(data: bytes) -> tuple[list[str], list[list[str]]]:
    """Every paragraph's text (body and table cells), and the rows of every table."""
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    rows: list[list[str]] = []
    for table in document.tables:
        for row in table.rows:
            rows.append([cell.text for cell in row.cells])
            paragraphs += [p.text for cell in row.cells for p in cell.paragraphs]
    return paragraphs, rows


def test_docx_has_the_administrative_header_title_and_signature_blocks() -> None:
    paragraphs, _ = docx_texts(to_docx(CONTENT, META))
    for line in (
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG LÊ CHÂN",
        "Số: 125/BC-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hải Phòng, ngày 05 tháng 01 năm 2027",
        "BÁO CÁO",
        "Kết quả thực hiện Kế hoạch phòng, chống mại dâm giai đoạn 2026-2030 — Quý 4/2026",
        "Nơi nhận:",
        "- Lưu: VT, VHXH.",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Phạm Việt Anh",
    ):
        assert line in paragraphs, line
    assert "DỰ THẢO (chưa phê duyệt)" not in paragraphs
    assert any("bản chốt số liệu snap-2026-Q4-01, mã băm ab12cd34ef56ab78…" in p for p in paragraphs)


def test_docx_states_each_indicator_with_its_figures() -> None:
    paragraphs, rows = docx_texts(to_docx(CONTENT, META))
    for indicator in CATALOGUE:
        assert any(p.startswith(f"- {indicator.name_vi}: ") for p in paragraphs), indicator.code
    hr = BY_CODE["HR_ACCESS"].name_vi
    assert any(p.startswith(f"- {hr}: 87,5% (7/8), mục tiêu ≥ 80%, Đạt.") for p in paragraphs)
    table = {row[1]: row for row in rows if len(row) == 7}
    assert table[hr] == ["3", hr, "7", "8", "87,5%", "≥ 80%", "Đạt"]
    assert table[BY_CODE["TIPS_TIMELY"].name_vi][2:] == ["45", "50", "90,0%", "≥ 100%", "Chưa đạt"]
    assert table[BY_CODE["ESTAB_MANAGED"].name_vi][2:] == ["40", "42", "95,2%", "> 95%", "Đạt"]
    assert table[BY_CODE["PLAN_YEARLY"].name_vi][2:] == ["1", "1", "Có", "= Có", "Đạt"]
    assert table[BY_CODE["HOTSPOTS"].name_vi][2:] == ["2", "—", "2", "≤ 0", "Chưa đạt"]
    assert table[BY_CODE["ONLINE_HANDLED"].name_vi][4:] == ["Không có dữ liệu", "≥ 100%", "Chưa đánh giá"]
    assert table["Chỉ số"] == ["STT", "Chỉ số", "Tử số", "Mẫu số", "Kết quả", "Mục tiêu", "Đánh giá"]
    assert "- Theo loại tin: Tin tố giác: 12; Khiếu nại: 31; anonymous_letter: 6." in paragraphs
    assert "- Người bán dâm được quản lý trường hợp: Đang được quản lý: 3; Đã nhận ít nhất 1 dịch vụ: 9." in (
        paragraphs
    )


def test_docx_with_suppression_writes_less_than_five_and_never_the_figure() -> None:
    paragraphs, rows = docx_texts(to_docx(SUPPRESSED, META))
    clients = next(p for p in paragraphs if p.startswith("- Người bán dâm được quản lý trường hợp:"))
    assert (
        clients == "- Người bán dâm được quản lý trường hợp: Đang được quản lý: <5; "
        "Đã nhận ít nhất 1 dịch vụ: không công bố."
    )
    hr = BY_CODE["HR_ACCESS"].name_vi
    assert next(row for row in rows if row[1] == hr)[2:] == ["—", "—", "<5", "≥ 80%", "Không công bố"]
    line = next(p for p in paragraphs if p.startswith(f"- {hr}:"))
    assert line.startswith(
        f"- {hr}: <5 (số liệu dưới 5 người, không công bố), mục tiêu ≥ 80%, Không công bố."
    )
    assert "7/8" not in line and "87,5" not in line
    assert any("Đã ẩn 3 số liệu về người: số dưới 5 ghi là <5" in p for p in paragraphs)


def test_docx_leaves_a_blank_number_and_marks_an_unapproved_draft() -> None:
    meta = replace(META, document_number="", status="prepared", approved_by=None, approved_at=None)
    paragraphs, _ = docx_texts(to_docx(CONTENT, meta))
    assert "Số:      /BC-UBND" in paragraphs
    assert "DỰ THẢO (chưa phê duyệt)" in paragraphs


@pytest.mark.parametrize(
    ("day", "line"),
    [
        (dt.date(2027, 1, 5), "Hải Phòng, ngày 05 tháng 01 năm 2027"),
        (dt.date(2027, 2, 28), "Hải Phòng, ngày 28 tháng 02 năm 2027"),
        (dt.date(2026, 3, 9), "Hải Phòng, ngày 09 tháng 3 năm 2026"),
        (dt.date(2026, 12, 31), "Hải Phòng, ngày 31 tháng 12 năm 2026"),
    ],
)
def test_date_line_pads_days_below_ten_and_months_one_and_two(day: dt.date, line: str) -> None:
    assert date_line("Hải Phòng", day) == line


def test_number_line_and_labels() -> None:
    assert number_line("7/BC-UBND") == "Số: 7/BC-UBND"
    assert percent(6666, "report") == "66,7%" and percent(10_000, "table", trim=True) == "100%"
    assert key_label("items_by_platform", "dating_app").vi == "Ứng dụng hẹn hò"
    assert key_label("clients", "unknown_key").en == "unknown_key"


def test_xlsx_writes_every_text_as_text_never_as_a_formula() -> None:
    """'= Có / Yes' was stored as a formula and Excel called the file broken."""
    book = load_workbook(io.BytesIO(to_xlsx(CONTENT, META)))
    kinds = {(c.data_type, c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value}
    assert ("s", "= Có / Yes") in kinds
    assert not [value for kind, value in kinds if kind == "f"]
