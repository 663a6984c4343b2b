"""The inspection record (biên bản kiểm tra) printed as DOCX in the Vietnamese administrative form.

The owner's personal details are not printed (the representative signs the paper by hand); a record
not signed yet is marked as a draft; an amendment names the record it amends and why.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from docx import Document
from docx.shared import Pt

from services.inspection.domain.establishment import Establishment
from services.inspection.domain.inspection import Inspection, Record
from services.inspection.domain.kinds import (
    BUSINESS_TYPE_VI,
    INSPECTION_KIND_VI,
    RESULT_VI,
    SANCTION_VI,
    VIOLATION_VI,
    SanctionKind,
)
from services.inspection.handlers.deps import LOCAL
from shared.docx_form import (
    CENTER,
    JUSTIFY,
    RIGHT,
    TEXT_WIDTH,
    date_line,
    letterhead,
    page_setup,
    para,
    rule,
    table,
)

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

UNIT_VI = {
    "vhxh": "Phòng Văn hóa - Xã hội",
    "ca": "Công an phường",
    "qs": "Ban Chỉ huy Quân sự phường",
    "ktht": "Phòng Kinh tế - Hạ tầng - Đô thị",
    "ttdv": "Trung tâm Phục vụ hành chính công",
    "ubnd": "UBND phường",
}


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def _sanction_line(kind: SanctionKind, fine: int, days: int) -> str:
    text = SANCTION_VI[kind]
    if kind is SanctionKind.FINE:
        return f"{text}: {_vnd(fine)}"
    if days:
        return f"{text}: {days} ngày"
    return text


def _facts(doc: DocxDocument, e: Establishment) -> None:
    d, licence = e.details, e.details.licence
    held = "không có"
    if licence is not None:
        held = f"số {licence.number}"
        held += f", do {licence.issuer} cấp" if licence.issuer else ""
        held += f", hết hạn {licence.expires_on:%d/%m/%Y}" if licence.expires_on else ""
    for label, value in (
        ("Tên cơ sở", d.name),
        ("Số đăng ký kinh doanh", d.registration_number),
        ("Loại hình", ", ".join(BUSINESS_TYPE_VI[t] for t in d.business_types)),
        ("Địa chỉ", f"{d.address} ({d.residential_group})"),
        ("Giấy phép", held),
    ):
        para(doc, f"- {label}: {value}", indent=True)


def _team(doc: DocxDocument, i: Inspection) -> None:
    para(doc, "Thành phần đoàn kiểm tra:", bold=True)
    for unit in i.team.units:
        lead = " (trưởng đoàn)" if unit == i.team.lead_unit else ""
        para(doc, f"- {UNIT_VI.get(unit, unit)}{lead}", indent=True)
    if i.team.members:
        para(doc, f"- Cán bộ (mã): {', '.join(i.team.members)}", indent=True)
    para(
        doc,
        "Đại diện cơ sở: ............................................................",
        indent=True,
        after=6,
    )


def _findings(doc: DocxDocument, r: Record) -> None:
    f = r.findings
    para(doc, "Nội dung kiểm tra:", bold=True)
    for point in f.checklist or ("(không ghi)",):
        para(doc, f"- {point}", indent=True)
    para(doc, f"Kết quả: {RESULT_VI[f.result]}.", bold=True, after=6)
    if f.not_carried_out_reason:
        para(doc, f"Lý do: {f.not_carried_out_reason}", indent=True)
    if f.violations:
        grid = table(doc, len(f.violations) + 1, (1.2, 6.0, 4.3, 5.0), grid=True)
        for col, head in enumerate(("STT", "Hành vi vi phạm", "Căn cứ pháp lý", "Mô tả")):
            para(grid.cell(0, col), head, size=12, bold=True, align=CENTER)
        for n, v in enumerate(f.violations, start=1):
            row: tuple[Any, ...] = (str(n), VIOLATION_VI[v.kind], v.legal_basis, v.description)
            for col, text in enumerate(row):
                para(grid.cell(n, col), text, size=12, align=CENTER if col == 0 else None)
    if f.sanctions:
        para(doc, "Hình thức xử lý:", bold=True)
        for x in f.sanctions:
            para(doc, f"- {_sanction_line(x.kind, x.fine_vnd, x.suspension_days)}", indent=True)
    if f.follow_up:
        again = "; đoàn sẽ kiểm tra lại." if f.follow_up.reinspect else "."
        para(doc, f"Yêu cầu khắc phục trước ngày {f.follow_up.remedy_by:%d/%m/%Y}{again}", indent=True)


def _signatures(doc: DocxDocument, r: Record) -> None:
    para(
        doc,
        "Biên bản lập xong, đọc lại cho mọi người cùng nghe và ký tên.",
        italic=True,
        indent=True,
        after=12,
    )
    signatures = table(doc, 2, (8.25, 8.25), grid=False)
    para(signatures.cell(0, 0), "ĐẠI DIỆN CƠ SỞ", bold=True, align=CENTER)
    para(signatures.cell(0, 1), "TRƯỞNG ĐOÀN", bold=True, align=CENTER)
    signed = "(chưa ký)"
    if r.signed_at is not None:
        signed = f"(đã ký: {r.signed_by}, {r.signed_at.astimezone(LOCAL):%H:%M %d/%m/%Y})"
    para(signatures.cell(1, 1), signed, italic=True, size=12, align=CENTER)


def record_docx(
    i: Inspection, r: Record, e: Establishment, *, ward_name: str, place: str, number: str = ""
) -> tuple[str, bytes]:
    """The file name and the bytes of the record of ``e``'s visit."""
    doc = Document()
    page_setup(doc)
    doc.core_properties.title = f"Biên bản kiểm tra — {e.details.name}"
    doc.core_properties.comments = f"record {r.id}, inspection {i.id}"
    if not r.final:
        para(doc, "DỰ THẢO (chưa ký)", size=12, bold=True, align=RIGHT, after=6)
    day = r.findings.inspected_on
    issuer = (f"UBND phường {ward_name}", "Đoàn kiểm tra liên ngành")
    letterhead(doc, issuer, f"Số: {number or '     /BB-ĐKTLN'}", date_line(place, day))
    para(doc, "BIÊN BẢN KIỂM TRA", bold=True, align=CENTER).paragraph_format.space_before = Pt(18)
    para(doc, "Cơ sở kinh doanh dịch vụ dễ bị lợi dụng để hoạt động mại dâm", bold=True, align=CENTER)
    rule(doc, TEXT_WIDTH, 4, after=12)
    if r.supersedes:
        para(
            doc,
            f"Biên bản này sửa đổi biên bản {r.supersedes}. Lý do: {r.amendment_reason}",
            italic=True,
            after=6,
        )
    para(
        doc,
        f"Hôm nay, ngày {day:%d/%m/%Y}, Đoàn kiểm tra liên ngành phường {ward_name} tiến hành kiểm tra "
        f"{INSPECTION_KIND_VI[i.kind]} tại cơ sở:",
        align=JUSTIFY,
        indent=True,
    )
    _facts(doc, e)
    _team(doc, i)
    _findings(doc, r)
    _signatures(doc, r)
    out = io.BytesIO()
    doc.save(out)
    return f"bien-ban-kiem-tra-{e.details.registration_number}-{day.isoformat()}.docx", out.getvalue()
