"""What people read: one rounding in every channel, one term, an official DOCX, an "as of" time.

2/3 (6666 basis points) and 12.25 % (1225, exactly on a half) read 66,7 % and 12,3 % in Vietnamese,
66.7 % and 12.3 % in English, in the API, the CSV, the XLSX and the DOCX alike.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from services.reporting.domain import figures
from services.reporting.domain.indicators import BY_CODE, CATALOGUE
from services.reporting.domain.periods import VN, quarter
from services.reporting.domain.snapshot import SnapshotContent
from services.reporting.handlers.exports import ExportMeta, to_csv, to_docx, to_xlsx
from services.reporting.handlers.people import display_name, name_of
from services.reporting.handlers.views import content_view
from shared.auth import Principal

SERVICE = Path(__file__).resolve().parents[3] / "services" / "reporting"
AS_OF = dt.datetime(2026, 11, 29, 10, 0, tzinfo=VN)


def content_with(
    it: tuple[int, int], directives: tuple[int, int], as_of: dt.datetime | None = None
) -> SnapshotContent:
    figures_ = {"IT_REPORTING": it, "DIRECTIVES_TIMELY": directives}
    values = tuple(i.evaluate(*figures_.get(i.code, (1, 1))) for i in CATALOGUE)
    return SnapshotContent("lechan", ("lechan",), quarter(2026, 4), values, (), as_of=as_of)


CONTENT = content_with((2, 3), (49, 400))  # 66.66...% and exactly 12.25%
META = ExportMeta(
    snapshot_id="s-1", content_hash="f" * 64, status="published", scope_name_vi="Phường Lê Chân",
    scope_name_en="Le Chan ward", parent_name_vi="Thành phố Hải Phòng", prepared_by="Phòng Văn hóa - Xã hội",
    prepared_at=dt.datetime(2027, 1, 4, 9, 30, tzinfo=VN), approved_by="Ủy ban nhân dân phường",
    approved_at=dt.datetime(2027, 1, 5, 8, 0, tzinfo=VN), issued_on=dt.date(2027, 1, 5),
    plan_document="45/KH-UBND", plan_issued_on=dt.date(2026, 1, 15),
)  # fmt: skip


@pytest.mark.parametrize(
    ("bp", "vi", "en"),
    [
        (6666, "66,7%", "66.7%"),
        (1225, "12,3%", "12.3%"),
        (1224, "12,2%", "12.2%"),
        (9995, "100,0%", "100.0%"),
    ],
)
def test_one_rounding_half_up_to_one_decimal(bp: int, vi: str, en: str) -> None:
    assert (figures.percent(bp, "vi"), figures.percent(bp, "en")) == (vi, en)


def test_the_same_figures_in_the_api_csv_xlsx_and_docx() -> None:
    api = {v["code"]: (v["value_vi"], v["value_en"]) for v in content_view(CONTENT, 5)["indicators"]}
    assert api["IT_REPORTING"] == ("66,7%", "66.7%") and api["DIRECTIVES_TIMELY"] == ("12,3%", "12.3%")
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(to_csv(CONTENT, META).decode("utf-8-sig")))}
    assert (rows["IT_REPORTING"]["value"], rows["DIRECTIVES_TIMELY"]["value"]) == ("66.7%", "12.3%")
    sheet = load_workbook(io.BytesIO(to_xlsx(CONTENT, META)))["Chỉ số"]
    cells = {
        r[0].value: r[6] for r in sheet.iter_rows() if r[0].value in ("IT_REPORTING", "DIRECTIVES_TIMELY")
    }
    assert (cells["IT_REPORTING"].value, cells["DIRECTIVES_TIMELY"].value) == (0.667, 0.123)
    assert cells["IT_REPORTING"].number_format == "0.0%"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(to_docx(CONTENT, META))).paragraphs)
    assert f"{BY_CODE['IT_REPORTING'].name_vi}: 66,7% (2/3)" in text
    assert f"{BY_CODE['DIRECTIVES_TIMELY'].name_vi}: 12,3% (49/400)" in text


def test_the_dashboard_rounds_the_same_way() -> None:
    script = (SERVICE / "static" / "dashboard.js").read_text(encoding="utf-8")
    assert "Math.floor((Math.max(bp, 0) + 5) / 10)" in script, "half up, in integers"
    assert "Math.floor(bp / 10) / 10" not in script, "no truncation left"


def test_one_term_for_a_snapshot_everywhere() -> None:
    for path in SERVICE.rglob("*"):
        if path.suffix in {".py", ".js", ".html"}:
            assert "Ảnh chụp" not in path.read_text(encoding="utf-8"), path
    sheet = load_workbook(io.BytesIO(to_xlsx(CONTENT, META)))["Chỉ số"]
    assert "Bản chốt số liệu / Snapshot" in [r[0].value for r in sheet.iter_rows()]


def docx_paragraphs(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    cells = [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return [p.text for p in document.paragraphs] + cells


def test_the_docx_cites_the_plan_in_vietnamese_only_and_names_people() -> None:
    paragraphs = docx_paragraphs(to_docx(CONTENT, META))
    text = "\n".join(paragraphs)
    assert "Thực hiện Kế hoạch thực hiện" not in text
    assert "Thực hiện Kế hoạch số 45/KH-UBND ngày 15/01/2026 của Ủy ban nhân dân phường Lê Chân" in text
    for english in ("Results of the", "Q4 2026", "Generated from", "snapshot", "hash", "status"):
        assert english not in text, english
    assert "Người lập: Phòng Văn hóa - Xã hội, 04/01/2027 09:30" in text
    assert "vhxh:" not in text and "ubnd:" not in text
    without_plan = "\n".join(docx_paragraphs(to_docx(CONTENT, replace(META, plan_document=""))))
    assert "Thực hiện Chương trình phòng, chống mại dâm giai đoạn 2026-2030 trên địa bàn phường Lê Chân" in (
        without_plan
    )


def test_a_person_is_named_by_claims_or_unit_never_by_id() -> None:
    officer = Principal("dev-user", "lechan", "vhxh", frozenset({"officer"}))
    assert display_name(officer) == "Phòng Văn hóa - Xã hội"
    assert name_of("vhxh:dev-user", None) == "Phòng Văn hóa - Xã hội"
    assert name_of("ubnd:l1", "") == "Ủy ban nhân dân phường"
    assert name_of("ubnd:l1", "Trần Văn Bình, Phó Chủ tịch") == "Trần Văn Bình, Phó Chủ tịch"
    assert name_of(None, None) is None and "system" not in str(name_of("system:reporting", None))


def test_an_open_period_says_as_of_when_and_a_closed_one_hashes_as_before() -> None:
    closed = content_with((2, 3), (49, 400))
    assert "as_of" not in closed.canonical(), "a closed period's content, and hash, are what they were"
    open_ = content_with((0, 1), (1, 1), as_of=AS_OF)
    assert open_.canonical()["as_of"] == "2026-11-29T10:00:00+07:00"
    assert SnapshotContent.from_canonical(open_.canonical()).as_of == AS_OF
    assert open_.content_hash == SnapshotContent.from_canonical(open_.canonical()).content_hash
    assert open_.content_hash != replace(open_, as_of=AS_OF + dt.timedelta(minutes=1)).content_hash
    assert content_view(open_, 5)["as_of"] == "2026-11-29T10:00:00+07:00"
    text = "\n".join(docx_paragraphs(to_docx(open_, META)))
    assert "Kỳ báo cáo chưa kết thúc: số liệu tính đến 29/11/2026 10:00" in text
    sheet = load_workbook(io.BytesIO(to_xlsx(open_, META)))["Chỉ số"]
    block = {r[0].value: r[1].value for r in sheet.iter_rows(max_row=12)}
    assert block["Tính đến / As of"].startswith("29/11/2026 10:00")
    rows = list(csv.DictReader(io.StringIO(to_csv(open_, META).decode("utf-8-sig"))))
    assert rows[0]["as_of"] == "2026-11-29T10:00+07:00"
