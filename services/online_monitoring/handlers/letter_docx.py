"""The takedown request letter (văn bản đề nghị gỡ bỏ) as DOCX in the Vietnamese administrative form.

The ward writes to the competent body, never to the platform: the letter asks that body to require
the platform to remove the content within the platform's deadline. It cites the legal basis and the
content's address (the letter is personal data about third parties: its print is audited).
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.shared import Pt

from services.online_monitoring.domain.item import Item
from services.online_monitoring.domain.kinds import CATEGORY_VI, PLATFORM_VI
from services.online_monitoring.domain.takedown import BODY_VI, CHANNEL_VI, TakedownRequest
from services.online_monitoring.handlers.deps import LOCAL
from shared.docx_form import CENTER, JUSTIFY, date_line, letterhead, page_setup, para, table


def letter_docx(
    item: Item,
    t: TakedownRequest,
    *,
    legal_contact: str,
    ward_name: str,
    place: str,
    day: dt.date,
    signer: str = "",
) -> tuple[str, bytes]:
    """The file name and the bytes of the request letter of ``t`` about ``item``."""
    doc = Document()
    page_setup(doc)
    doc.core_properties.title = "Văn bản đề nghị gỡ bỏ nội dung vi phạm trên không gian mạng"
    doc.core_properties.comments = f"takedown {t.id}, item {item.id}"
    letterhead(doc, (f"UBND phường {ward_name}",), "Số:      /UBND-CA", date_line(place, day))
    para(doc, "V/v đề nghị yêu cầu gỡ bỏ nội dung vi phạm", size=12, after=6)
    heading = para(doc, f"Kính gửi: {BODY_VI[t.via]}", bold=True, align=CENTER, after=12)
    heading.paragraph_format.space_before = Pt(12)
    category = CATEGORY_VI[item.category] if item.category else "chưa phân loại"
    para(
        doc,
        f"Căn cứ {t.legal_basis}; qua công tác giám sát môi trường mạng, UBND phường {ward_name} phát "
        f"hiện nội dung có dấu hiệu vi phạm ({category.lower()}) trên nền tảng {PLATFORM_VI[item.platform]}, "
        "cụ thể như sau:",
        align=JUSTIFY,
        indent=True,
    )
    facts = table(doc, 5, (5.0, 11.5), grid=True)
    for row, (label, value) in enumerate(
        (
            ("Nền tảng", PLATFORM_VI[item.platform]),
            ("Địa chỉ nội dung", item.url),
            ("Mã tin", str(item.id)),
            ("Phát hiện lúc", item.reported_at.astimezone(LOCAL).strftime("%H:%M %d/%m/%Y")),
            ("Số lần được báo", str(len(item.reports))),
        )
    ):
        para(facts.cell(row, 0), label, size=12, bold=True)
        para(facts.cell(row, 1), value, size=12)
    contact = f" (đầu mối pháp lý: {legal_contact})" if legal_contact else ""
    para(
        doc,
        f"UBND phường {ward_name} đề nghị {BODY_VI[t.via]} yêu cầu nền tảng{contact} gỡ bỏ nội dung trên "
        f"qua {CHANNEL_VI[t.channel]} trong thời hạn {t.deadline_hours} giờ kể từ khi nhận được yêu cầu, "
        "và thông báo kết quả cho UBND phường để theo dõi.",
        align=JUSTIFY,
        indent=True,
    ).paragraph_format.space_before = Pt(6)
    para(doc, "Trân trọng./.", indent=True, after=12)
    signatures = table(doc, 3, (8.25, 8.25), grid=False)
    para(signatures.cell(0, 0), "Nơi nhận:", size=12, bold=True, italic=True)
    para(signatures.cell(1, 0), f"- Như trên;\n- Công an phường {ward_name};\n- Lưu: VT.", size=11)
    para(signatures.cell(0, 1), "TM. ỦY BAN NHÂN DÂN", bold=True, align=CENTER)
    para(signatures.cell(1, 1), "CHỦ TỊCH", bold=True, align=CENTER)
    para(signatures.cell(2, 1), signer or "(ký, ghi rõ họ tên)", italic=not signer, align=CENTER)
    out = io.BytesIO()
    doc.save(out)
    return f"de-nghi-go-bo-{str(item.id)[:8]}-{day.isoformat()}.docx", out.getvalue()
