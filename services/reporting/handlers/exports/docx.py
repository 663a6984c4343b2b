"""DOCX export: the ward's report (báo cáo) to the city, laid out after Decree 30/2020/ND-CP."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt

from services.reporting.domain.indicators import BY_CODE, CATALOGUE, IndicatorValue, Kind
from services.reporting.domain.periods import PLAN_CODE
from services.reporting.domain.snapshot import SnapshotContent
from services.reporting.handlers.exports import labels
from shared.docx_form import (
    CENTER,
    JUSTIFY,
    LEFT,
    RIGHT,
    TEXT_WIDTH,
    date_line,
    letterhead,
    page_setup,
)
from shared.docx_form import para as _para
from shared.docx_form import rule as _rule
from shared.docx_form import table as _table

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from services.reporting.handlers.exports import ExportMeta

TABLE_HEADER = ("STT", "Chỉ số", "Tử số", "Mẫu số", "Kết quả", "Mục tiêu", "Đánh giá")
TABLE_WIDTHS = (1.2, 5.1, 1.8, 1.8, 2.0, 2.1, 2.5)
WARD_RECIPIENTS = (
    "- Sở Y tế thành phố;",
    "- UBND thành phố;",
    "- TT Đảng ủy, HĐND phường (để b/c);",
    "- Lưu: VT, VHXH.",
)
CITY_RECIPIENTS = ("- Bộ Y tế;", "- TT Thành ủy, HĐND thành phố (để b/c);", "- Lưu: VT.")


def number_line(document_number: str) -> str:
    """``Số: 125/BC-UBND``, or a blank for the clerk to fill in when the number is not known yet."""
    return f"Số: {document_number or '     /BC-UBND'}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _setup(doc: DocxDocument, meta: ExportMeta, content: SnapshotContent) -> None:
    page_setup(doc)
    properties = doc.core_properties
    properties.title = f"{labels.REPORT_TITLE.vi} — {content.period.label_vi}"
    properties.author = properties.last_modified_by = f"UBND {meta.scope_name_vi}"
    # python-docx writes the wall-clock time with a "Z", so hand it UTC.
    prepared = meta.prepared_at
    properties.created = properties.modified = prepared.astimezone(dt.UTC) if prepared.tzinfo else prepared
    properties.comments = f"snapshot {meta.snapshot_id}, sha256 {meta.content_hash}"


def _letterhead(doc: DocxDocument, meta: ExportMeta) -> None:
    if meta.status == "prepared":
        _para(doc, "DỰ THẢO (chưa phê duyệt)", size=12, bold=True, align=RIGHT, after=6)
    letterhead(
        doc,
        ("ỦY BAN NHÂN DÂN", meta.scope_name_vi),
        number_line(meta.document_number),
        date_line(meta.place, meta.issued_on),
    )


def _title(doc: DocxDocument, content: SnapshotContent) -> None:
    _para(doc, "BÁO CÁO", bold=True, align=CENTER).paragraph_format.space_before = Pt(18)
    _para(doc, f"{labels.REPORT_TITLE.vi} — {content.period.label_vi}", bold=True, align=CENTER)
    _rule(doc, TEXT_WIDTH, 4, after=12)  # an official document: Vietnamese only


def basis_line(meta: ExportMeta, scope: str) -> str:
    """What the report carries out: the ward's yearly plan on record, or the programme itself."""
    if meta.plan_document:
        issued = f" ngày {meta.plan_issued_on:%d/%m/%Y}" if meta.plan_issued_on else ""
        return (
            f"Thực hiện Kế hoạch số {meta.plan_document}{issued} của Ủy ban nhân dân {scope} "
            f"về phòng, chống mại dâm (Chương trình phòng, chống mại dâm giai đoạn {PLAN_CODE})"
        )
    return f"Thực hiện Chương trình phòng, chống mại dâm giai đoạn {PLAN_CODE} trên địa bàn {scope}"


def _intro(doc: DocxDocument, content: SnapshotContent, meta: ExportMeta) -> None:
    scope, period = _lower_first(meta.scope_name_vi), _lower_first(content.period.label_vi)
    text = (
        f"{basis_line(meta, scope)}, Ủy ban nhân dân {scope} báo cáo kết quả thực hiện các chỉ tiêu "
        f"{period} như sau. Số liệu được tổng hợp từ hệ thống theo dõi, thống kê."
    )
    if content.as_of is not None:
        text += (
            f" Kỳ báo cáo chưa kết thúc: số liệu tính đến {labels.local_time(content.as_of)}; "
            "việc chưa đến hạn chưa được tính."
        )
    if labels.withheld(content):
        t = meta.suppression_threshold
        text += f" Để bảo đảm bí mật thông tin, số liệu về người dưới {t} người được ghi là “<{t}”"
        if any(v.complement for v in content.indicators) or any(r.complement for r in content.breakdown):
            text += "; số liệu có thể làm lộ số liệu nhỏ được ghi là “không công bố”"
        text += "."
    _para(doc, text, align=JUSTIFY, indent=True, after=6)


def _heading(doc: DocxDocument, text: str, *, italic: bool = False) -> None:
    p = _para(doc, text, bold=True, italic=italic, align=JUSTIFY, indent=True, after=4)
    # A heading never ends a page alone, away from the lines it introduces.
    p.paragraph_format.space_before, p.paragraph_format.keep_with_next = Pt(6), True


def _result_line(doc: DocxDocument, v: IndicatorValue, threshold: int) -> None:
    """``- name: 87,5% (7/8), mục tiêu ≥ 80%, Đạt.`` then what the two figures count, smaller."""
    indicator = BY_CODE[v.code]
    numerator, denominator = labels.figures(v)
    value = labels.value_text(v, threshold, "report")
    if v.no_data or v.complement:
        value = _lower_first(value)  # mid-sentence
    if v.suppressed and not v.complement:
        value += f" (số liệu dưới {threshold} người, không công bố)"
    elif v.complement:
        value += " (để không suy ra được số liệu nhỏ đã ẩn)"
    elif denominator is not None:
        value += f" ({numerator}/{denominator})"
    p = _para(doc, f"- {indicator.name_vi}: {value}, mục tiêu {labels.target_text(v, 'report')}, ")
    p.add_run(labels.met_text(v, "report")).bold = True
    counted = indicator.numerator_vi
    if indicator.kind is not Kind.COUNT:
        counted += f"; mẫu số: {_lower_first(indicator.denominator_vi)}"
    note = p.add_run(f". (Tử số: {_lower_first(counted)}.)")
    note.italic, note.font.size = True, Pt(12)
    p.alignment, p.paragraph_format.first_line_indent = JUSTIFY, Cm(1)
    p.paragraph_format.space_after = Pt(4)


def _results(doc: DocxDocument, content: SnapshotContent, threshold: int) -> list[IndicatorValue]:
    """Section I, grouped under the plan's headings; returns the values in catalogue order."""
    _heading(doc, "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
    by_code = {v.code: v for v in content.indicators}
    ordered = [i for i in CATALOGUE if i.code in by_code]
    sections = list(dict.fromkeys(i.section_vi for i in ordered))
    for n, section in enumerate(sections, start=1):
        members = [i for i in ordered if i.section_vi == section]
        _heading(doc, f"{n}. {section} (mục {members[0].clause} của Kế hoạch)", italic=True)
        for indicator in members:
            _result_line(doc, by_code[indicator.code], threshold)
    if not ordered:
        _para(doc, "Không có số liệu chỉ tiêu trong kỳ.", align=JUSTIFY, indent=True)
    return [by_code[i.code] for i in ordered]


def _summary_row(n: int, v: IndicatorValue, threshold: int) -> tuple[str, ...]:
    numerator, denominator = (labels.NOT_SHOWN if f is None else str(f) for f in labels.figures(v))
    value, target = labels.value_text(v, threshold, "report"), labels.target_text(v, "report")
    met = labels.met_text(v, "report")
    return str(n), BY_CODE[v.code].name_vi, numerator, denominator, value, target, met


def _summary(doc: DocxDocument, values: Sequence[IndicatorValue], threshold: int) -> None:
    _heading(doc, "II. BẢNG TỔNG HỢP CÁC CHỈ TIÊU")
    texts = [TABLE_HEADER, *(_summary_row(n, v, threshold) for n, v in enumerate(values, start=1))]
    table = _table(doc, len(texts), TABLE_WIDTHS, grid=True)
    for row, line in zip(table.rows, texts, strict=True):
        header = line is TABLE_HEADER
        for column, (cell, text) in enumerate(zip(row.cells, line, strict=True)):
            _para(cell, text, size=12, bold=header, align=LEFT if column == 1 and not header else CENTER)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        # A row never splits across pages; the header row repeats on each page the table runs over.
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    _para(doc, after=6)


def _breakdown(doc: DocxDocument, content: SnapshotContent, threshold: int) -> None:
    """Section III: one line per breakdown dimension, e.g. ``- Theo loại tin: Tin tố giác: 12; ...``."""
    _heading(doc, "III. SỐ LIỆU CHI TIẾT THEO LĨNH VỰC")
    for n, source in enumerate(labels.sources_of(content), start=1):
        _heading(doc, f"{n}. {labels.source_label(source).label.vi}", italic=True)
        rows = labels.rows_of(content, source)
        dimensions = list(dict.fromkeys(r.dimension for r in rows))
        for dimension in dimensions:
            items = "; ".join(
                f"{labels.key_label(r.dimension, r.key).vi}: {labels.count_text(r, threshold)}"
                for r in rows
                if r.dimension == dimension
            )
            _para(doc, f"- {labels.dimension_label(dimension).vi}: {items}.", align=JUSTIFY, indent=True)
        if not rows:
            _para(doc, "- Không có số liệu trong kỳ.", align=JUSTIFY, indent=True)


def _closing(doc: DocxDocument, content: SnapshotContent, meta: ExportMeta) -> None:
    scope, period = _lower_first(meta.scope_name_vi), _lower_first(content.period.label_vi)
    text = (
        f"Trên đây là báo cáo kết quả thực hiện Kế hoạch phòng, chống mại dâm {period} "
        f"của Ủy ban nhân dân {scope}./."
    )
    _para(doc, text, align=JUSTIFY, indent=True, after=12).paragraph_format.space_before = Pt(6)


def _signature(doc: DocxDocument, meta: ExportMeta) -> None:
    table = _table(doc, 1, (8.0, 8.5), grid=False)
    recipients = table.cell(0, 0)
    _para(recipients, "Nơi nhận:", size=12, bold=True, italic=True)
    city_scope = meta.scope_name_vi == meta.parent_name_vi
    for line in CITY_RECIPIENTS if city_scope else WARD_RECIPIENTS:
        _para(recipients, line, size=11)
    signer = table.cell(0, 1)
    _para(signer, "TM. ỦY BAN NHÂN DÂN", size=13, bold=True, align=CENTER)
    for line in meta.signer_title_vi.split("/"):
        _para(signer, line.strip(), size=13, bold=True, align=CENTER)
    # The space between the title and the name is where the signature and the seal go.
    name = _para(signer, meta.signer_name, bold=True, align=CENTER)
    name.paragraph_format.space_before = Pt(72)


def _provenance(doc: DocxDocument, content: SnapshotContent, meta: ExportMeta) -> None:
    note = labels.suppression_note(content, meta.suppression_threshold).vi
    approved = (
        f"; phê duyệt: {meta.approved_by}, {labels.local_time(meta.approved_at)}" if meta.approved_by else ""
    )
    text = (
        f"Lập từ bản chốt số liệu {meta.snapshot_id}, mã băm {meta.content_hash[:16]}…, "
        f"trạng thái: {_lower_first(labels.status_label(meta.status).vi)}. "
        f"Người lập: {meta.prepared_by}, {labels.local_time(meta.prepared_at)}{approved}. {note}."
    )
    _para(doc, text, size=9, italic=True).paragraph_format.space_before = Pt(18)


def to_docx(content: SnapshotContent, meta: ExportMeta) -> bytes:
    """The snapshot as the ward People's Committee's report to the city."""
    doc = Document()
    threshold = meta.suppression_threshold
    _setup(doc, meta, content)
    _letterhead(doc, meta)
    _title(doc, content)
    _intro(doc, content, meta)
    values = _results(doc, content, threshold)
    _summary(doc, values, threshold)
    _breakdown(doc, content, threshold)
    _closing(doc, content, meta)
    _signature(doc, meta)
    _provenance(doc, content, meta)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
