"""The register's files: the template, the import of the ward's list (XLSX, CSV) and the exports.

Every expected value is written out by hand; files are built in memory with openpyxl and the csv module.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import unicodedata
import zipfile
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]

from services.inspection.domain.kinds import BUSINESS_TYPE_VI, BusinessType, EstablishmentStatus, RiskClass
from services.inspection.handlers.register_export import (
    register_geojson,
    register_xlsx,
    template_csv,
    template_xlsx,
)
from services.inspection.handlers.register_format import (
    COLUMNS,
    GUIDE_SHEET,
    MAX_ROWS,
    ExportRow,
    ParsedRegister,
    PersonalFields,
    RegisterRow,
)
from services.inspection.handlers.register_import import parse_register

HEADERS = [c.header for c in COLUMNS]
B = BusinessType


def xlsx(rows: list[list[Any]], header: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS if header is None else header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list[Any]], header: list[str] | None = HEADERS, *, delimiter: str = ",") -> bytes:
    """CSV lines (UTF-8, no BOM) with the header first unless it is None."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([header, *rows] if header is not None else rows)
    return buffer.getvalue().encode()


def line(**cells: Any) -> list[Any]:
    """A data line with the given cells (by field), the rest empty; name and number filled in."""
    values = {"name": "Karaoke Hoa Mai", "registration_number": "0201234567", **cells}
    return [values.get(c.field) for c in COLUMNS]


def parse_csv(*rows: list[Any]) -> ParsedRegister:
    return parse_register(csv_bytes(list(rows)), "so-theo-doi.csv", "text/csv")


def errors(parsed: ParsedRegister) -> list[tuple[int, str]]:
    return [(e.line, e.field) for e in parsed.errors]


FULL = RegisterRow(
    line=3,
    registration_number="0201234567",
    name="Khách sạn Hoa Mai",
    business_types=(B.LODGING, B.KARAOKE),
    licence_number="15/GCN-ANTT",
    licence_issuer="Công an thành phố Hải Phòng",
    licence_issued_on=dt.date(2023, 5, 15),
    licence_expires_on=dt.date(2028, 5, 15),
    opens_at=dt.time(8, 0),
    closes_at=dt.time(23, 30),
    residential_group="tdp-12",
    address="25 Phố Cầu Đất",
    latitude=20.8561,
    longitude=106.6822,
    personal=PersonalFields("Trần Thị Bình", "+84912345678", "031190001234"),
)
ALL_DAY = RegisterRow(
    line=4,
    registration_number="01A8000123",
    name="Massage Thanh Xuân",
    business_types=(B.MASSAGE,),
    open_all_day=True,
    residential_group="tdp-3",
    personal=PersonalFields(phone_e164="+842253123456"),
)


def test_the_xlsx_template_filled_in_reads_back_the_same_values() -> None:
    workbook = load_workbook(io.BytesIO(template_xlsx()))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == HEADERS
    sheet.append(
        [
            "Khách sạn Hoa Mai",
            "0201234567",
            "Cơ sở lưu trú; karaoke",
            "15/GCN-ANTT",
            "Công an thành phố Hải Phòng",
            dt.date(2023, 5, 15),  # a real date cell
            "15/05/2028",
            dt.datetime(1899, 12, 30, 8, 0),  # a time cell as some programs write it
            dt.time(23, 30),  # a real time cell
            "TDP 12",
            "25 Phố Cầu Đất",
            20.8561,
            106.6822,
            "Trần Thị Bình",
            "0912 345 678",
            "031190001234",
        ]
    )
    sheet.append(
        line(
            name="Massage Thanh Xuân",
            registration_number="01a8000123",
            business_types="massage",
            opens_at="24/24",
            residential_group="Tổ 3",
            phone_e164="0225 3123456",
        )
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = parse_register(buffer.getvalue(), "so-theo-doi.xlsx")
    assert parsed.errors == []
    assert parsed.rows == [FULL, ALL_DAY]
    assert [(w.line, w.message_en) for w in parsed.warnings] == [(2, "The sample row was skipped")]


def test_the_csv_template_filled_in_reads_back_the_same_values() -> None:
    template = template_csv()
    assert template.startswith(b"\xef\xbb\xbf")  # the BOM: Excel opens it as UTF-8
    filled = template + csv_bytes(
        [
            [
                "Khách sạn Hoa Mai",
                "0201234567",
                "Cơ sở lưu trú, Karaoke",
                "15/GCN-ANTT",
                "Công an thành phố Hải Phòng",
                "15/05/2023",
                "2028-05-15",
                "8h",
                "23h30",
                "tdp-12",
                "25 Phố Cầu Đất",
                "20,8561",
                "106.6822",
                "Trần Thị Bình",
                "+84 912 345 678",
                "0311 9000 1234",
            ],
            line(
                name="Massage Thanh Xuân",
                registration_number="01A8000123",
                business_types="Massage",
                opens_at="24/24",
                closes_at="24/24",
                residential_group="TDP 03",
                phone_e164="02253123456",
            ),
        ],
        header=None,
    )
    assert parse_register(filled, "so-theo-doi.csv").rows == [FULL, ALL_DAY]


def test_the_template_has_a_guide_sheet_with_every_business_type_and_sized_columns() -> None:
    workbook = load_workbook(io.BytesIO(template_xlsx()))
    assert workbook.sheetnames == ["Sổ theo dõi", GUIDE_SHEET]
    guide = [tuple(row) for row in workbook[GUIDE_SHEET].iter_rows(values_only=True)]
    for kind, label in BUSINESS_TYPE_VI.items():
        assert (label, kind.value, None) in [row[:3] for row in guide]
    assert (
        "Số CCCD / ID number",
        None,
        "12 số (CCCD) hoặc 9 số (CMND) / 12 digits (CCCD) or 9 (CMND)",
        "x",
    ) in guide
    sheet = workbook.worksheets[0]
    assert sheet.column_dimensions["A"].width == 30
    assert sheet.column_dimensions["B"].width == 16
    assert sheet.column_dimensions["B"].number_format == "@"  # typed numbers keep their leading zeros
    assert sheet.column_dimensions["F"].width == 16
    assert sheet.freeze_panes == "A2"


def test_headers_are_matched_without_case_diacritics_or_spaces_and_extra_columns_are_ignored() -> None:
    header = ["  TEN CO SO ", "so dkkd", "Ghi chú", "loai hinh", "SĐT", "Tổ dân phố"]
    parsed = parse_register(
        csv_bytes([["Bar Sao Đêm", "0202000001", "x", "quan bar", "0912345678", "tdp-7"]], header), "a.csv"
    )
    assert parsed.errors == []
    assert [(r.name, r.business_types, r.personal.phone_e164, r.residential_group) for r in parsed.rows] == [
        ("Bar Sao Đêm", (B.BAR,), "+84912345678", "tdp-7")
    ]
    assert [(w.line, w.message_en) for w in parsed.warnings] == [(1, "Unknown column 'Ghi chú' ignored")]


def test_a_missing_required_column_refuses_the_file_and_names_it() -> None:
    parsed = parse_register(csv_bytes([["A", "karaoke"]], ["Tên cơ sở", "Loại hình"]), "a.csv")
    assert parsed.refused and parsed.rows == []
    assert [(e.line, e.message_vi, e.message_en) for e in parsed.errors] == [
        (1, "Sai tiêu đề: thiếu cột Số ĐKKD", "Wrong headers: missing Số ĐKKD")
    ]
    twice = parse_register(csv_bytes([], ["Tên cơ sở", "Số ĐKKD", "so dkkd"]), "a.csv")
    assert [e.message_en for e in twice.errors] == ["Wrong headers: 'Số ĐKKD' twice"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Xoa bóp, xông hơi", (B.MASSAGE,)),  # a label with a comma in it
        ("XOA BOP, XONG HOI; vu truong", (B.MASSAGE, B.DANCE_HALL)),
        ("quán rượu, beer club, dance_hall", (B.PUB, B.DANCE_HALL)),
        ("short_term_rental;other", (B.SHORT_TERM_RENTAL, B.OTHER)),
        ("Karaoke; karaoke", (B.KARAOKE,)),
        ("Căn hộ cho thuê ngắn ngày", (B.SHORT_TERM_RENTAL,)),
    ],
)
def test_business_types_are_labels_or_codes_separated_by_semicolons_or_commas(
    text: str, expected: tuple[BusinessType, ...]
) -> None:
    assert parse_csv(line(business_types=text)).rows[0].business_types == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tdp-12", "tdp-12"),
        ("TDP 12", "tdp-12"),
        ("Tổ 12", "tdp-12"),
        ("Tổ dân phố số 12", "tdp-12"),
        ("12", "tdp-12"),
        ("TDP-05", "tdp-5"),
        ("tdp-hang-kenh", "tdp-hang-kenh"),
    ],
)
def test_the_residential_group_is_normalised_to_its_code(text: str, expected: str) -> None:
    assert parse_csv(line(residential_group=text)).rows[0].residential_group == expected


def test_every_bad_row_is_reported_with_its_line_and_a_bilingual_reason() -> None:
    parsed = parse_csv(
        line(name=""),  # 2: required
        line(registration_number="0202000003", business_types="karaoke; casino"),  # 3: unknown type
        line(
            registration_number="0202000004", licence_issued_on="01/06/2024", licence_expires_on="31/05/2024"
        ),
        line(registration_number="0202000005", licence_issued_on="31/02/2024"),  # 5: no such day
        line(registration_number="0202000006", latitude="91", longitude="106.7"),  # 6: out of range
        line(registration_number="0202000007", latitude="20.8"),  # 7: longitude missing
        line(registration_number="0202000008", phone_e164="0912 34"),  # 8: too short
        line(registration_number="0202000009", id_number="0311900012"),  # 9: 10 digits
        line(registration_number="0202000010", name="K" * 201),  # 10: over-long
        line(registration_number="0202000011", opens_at="25:00"),  # 11: no such hour
        line(registration_number="0202000012", residential_group="Tổ dân phố Hàng Kênh"),  # 12
        line(registration_number="0202000013", opens_at="24/24", closes_at="22:00"),  # 13
        line(registration_number="0202000014"),  # 14: valid
        line(registration_number="ĐK 01"),  # 15: not a registration number
    )
    assert errors(parsed) == [
        (2, "name"),
        (3, "business_types"),
        (4, "licence_expires_on"),
        (5, "licence_issued_on"),
        (6, "latitude"),
        (7, "longitude"),
        (8, "phone_e164"),
        (9, "id_number"),
        (10, "name"),
        (11, "opens_at"),
        (12, "residential_group"),
        (13, "closes_at"),
        (15, "registration_number"),
    ]
    assert [r.line for r in parsed.rows] == [14]
    by_line = {e.line: e for e in parsed.errors}
    assert by_line[3].message_vi == "Loại hình: cần mã hoặc tên loại hình, cách nhau ; (casino)"
    assert (
        by_line[3].message_en
        == "Loại hình (Business types): expected type codes or names, separated by ; (casino)"
    )
    assert by_line[4].message_en == "Ngày hết hạn (Expires): before the licence was issued"
    assert by_line[10].message_en == "Tên cơ sở (Name): longer than 200 characters"
    # a personal value is never repeated in a message
    assert by_line[8].message_en == "Điện thoại (Phone): expected a Vietnamese phone number"
    assert "0311900012" not in by_line[9].message_vi + by_line[9].message_en


def test_a_registration_number_twice_in_the_file_reports_both_lines_and_keeps_neither() -> None:
    parsed = parse_csv(
        line(registration_number="0202000001"),
        line(registration_number="0202000002"),
        line(registration_number="0202 000 001", name="Karaoke Hoa Mai 2"),  # the same number once normalised
    )
    assert [r.registration_number for r in parsed.rows] == ["0202000002"]
    assert [(e.line, e.field, e.message_en) for e in parsed.errors] == [
        (2, "registration_number", "Registration no. 0202000001 repeated on lines 2, 4"),
        (4, "registration_number", "Registration no. 0202000001 repeated on lines 2, 4"),
    ]
    assert parsed.errors[0].message_vi == "Số ĐKKD 0202000001 trùng ở các dòng 2, 4"


def test_coordinates_far_from_vietnam_are_a_warning_and_a_decimal_comma_is_read() -> None:
    parsed = parse_csv(line(latitude="106,68", longitude="20,85"))  # swapped: latitude out of range
    assert errors(parsed) == [(2, "latitude")]
    parsed = parse_csv(line(latitude="-20.85", longitude="-106.68"))
    assert (parsed.rows[0].latitude, parsed.rows[0].longitude) == (-20.85, -106.68)
    assert [w.message_en for w in parsed.warnings] == ["Vĩ độ (Latitude): outside Vietnam (swapped?)"]


def test_excel_numbers_in_text_columns_keep_their_meaning() -> None:
    parsed = parse_register(
        xlsx([line(registration_number=201234567, phone_e164=912345678, id_number=31190001234)]), "a.xlsx"
    )
    (row,) = parsed.rows
    assert row.registration_number == "201234567"
    assert row.personal == PersonalFields("", "+84912345678", "031190001234")  # CCCD gets its leading 0 back
    assert [w.field for w in parsed.warnings] == ["registration_number"]  # its zero cannot be guessed


def test_a_utf8_file_with_or_without_bom_and_semicolons_is_read() -> None:
    rows = [line(name="Vũ trường Đêm Hồng", business_types="Vũ trường")]
    with_bom = b"\xef\xbb\xbf" + csv_bytes(rows, delimiter=";")
    nfd = unicodedata.normalize("NFD", csv_bytes(rows).decode()).encode()  # as a Mac may save it
    for data in (with_bom, nfd):
        parsed = parse_register(data, "a.csv")
        assert [(r.name, r.business_types) for r in parsed.rows] == [("Vũ trường Đêm Hồng", (B.DANCE_HALL,))]


def cp1258(text: str) -> bytes:
    """Windows-1258 as Excel writes it: the base letter precomposed, the tone mark combining."""
    tones, out = set("\u0300\u0301\u0303\u0309\u0323"), bytearray()
    for ch in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out += (base + "".join(c for c in decomposed if c in tones)).encode("cp1258")
    return bytes(out)


def test_a_windows_1258_file_is_decoded_when_unambiguous() -> None:
    text = csv_bytes([line(name="Nhà nghỉ Phượng Hoàng", address="Ngõ 5, phố Lạch Tray")]).decode()
    parsed = parse_register(cp1258(text), "cu.csv")
    assert parsed.errors == []
    assert [(r.name, r.address) for r in parsed.rows] == [("Nhà nghỉ Phượng Hoàng", "Ngõ 5, phố Lạch Tray")]


@pytest.mark.parametrize(
    "data",
    [
        csv_bytes([line(name="Bierstube Müller")]).decode().encode("cp1252", "replace"),  # ü: not Vietnamese
        csv_bytes([line(name="Šumava")]).decode().encode("cp1252", "replace"),  # a byte cp1258 does not have
        # mixed: a UTF-8 file with a line pasted from a Windows-1258 one
        csv_bytes([line(registration_number="0202000002")]) + cp1258("Nhà nghỉ Hồng,0202000001\r\n"),
    ],
)
def test_a_file_in_another_or_a_mixed_encoding_is_refused(data: bytes) -> None:
    parsed = parse_register(data, "a.csv")
    assert [(e.line, e.message_en) for e in parsed.errors] == [
        (0, "Mixed or unsupported encoding; save the file as CSV UTF-8")
    ]
    assert parsed.refused


def test_a_100000_row_csv_is_refused_without_reading_it_all() -> None:
    body = "".join(f"Cơ sở {n},R{n}\r\n" for n in range(100_000))
    data = ("Tên cơ sở,Số ĐKKD\r\n" + body).encode()
    seen: list[int] = []
    parsed = parse_register(data, "lon.csv", on_progress=seen.append)
    assert [(e.line, e.message_en) for e in parsed.errors] == [(0, "More than 20000 rows: split it")]
    assert parsed.rows == [] and parsed.refused
    assert max(seen) == seen[-1] == MAX_ROWS  # it stopped at the limit, not after the 100,000th row


def test_an_xlsx_past_the_row_limit_is_refused() -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["Tên cơ sở", "Số ĐKKD"])
    for n in range(MAX_ROWS + 1):
        sheet.append([f"Cơ sở {n}", f"R{n}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = parse_register(buffer.getvalue(), "lon.xlsx")
    assert [(e.line, e.message_en) for e in parsed.errors] == [(0, "More than 20000 rows: split it")]
    assert parsed.rows == []


def test_the_row_limit_can_be_lowered_and_progress_is_reported() -> None:
    data = xlsx([line(registration_number=f"R{n}") for n in range(60)])
    assert parse_register(data, "a.xlsx", max_rows=59).errors[0].message_en == "More than 59 rows: split it"
    seen: list[int] = []
    parsed = parse_register(data, "a.xlsx", on_progress=seen.append, max_rows=60)
    assert len(parsed.rows) == 60 and seen == [60]
    big = csv_bytes([line(registration_number=f"R{n}") for n in range(2500)])
    seen.clear()
    parse_register(big, "a.csv", on_progress=seen.append)
    assert seen == [1000, 2000, 2500]


def test_blank_lines_are_skipped_and_keep_the_line_numbers() -> None:
    parsed = parse_register(xlsx([line(), [None] * 3, line(registration_number="X", name="")]), "a.xlsx")
    assert [r.line for r in parsed.rows] == [2]
    assert errors(parsed) == [(4, "name")]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"x" * (10 * 2**20 + 1), "a.csv", "The file is larger than 10 MB"),
        (b"%PDF-1.7", "a.pdf", "Only .xlsx or .csv files are accepted"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old.xls", "Only .xlsx or .csv files are accepted"),
        (b"PK\x03\x04broken", "a.xlsx", "Not a readable XLSX file"),
        (b"", "a.csv", "Wrong headers: missing Tên cơ sở, Số ĐKKD"),
    ],
)
def test_a_file_that_is_not_a_register_is_refused(data: bytes, name: str, message: str) -> None:
    assert [e.message_en for e in parse_register(data, name).errors] == [message]


def test_a_register_row_does_not_show_its_personal_fields_in_its_repr() -> None:
    assert "Trần Thị Bình" not in repr(FULL) and "0912345678" not in repr(FULL)


EXPORTED = ExportRow(
    establishment_id="est-1",
    registration_number="0201234567",
    name='=HYPERLINK("http://x","Bấm")',
    business_types=(B.LODGING, B.KARAOKE),
    licence_number="+15/GCN",
    licence_issuer="@Công an",
    licence_expires_on=dt.date(2028, 5, 15),
    opens_at=dt.time(8, 0),
    closes_at=dt.time(23, 30),
    residential_group="tdp-12",
    address="-25 Phố Cầu Đất",
    latitude=20.8561,
    longitude=106.6822,
    status=EstablishmentStatus.ACTIVE,
    risk_class=RiskClass.HIGH,
    last_inspected_at=dt.datetime(2026, 3, 31, 18, 30, tzinfo=dt.UTC),  # 1 April in Hà Nội
)


def test_the_register_export_keeps_formula_starts_as_text_and_has_no_personal_fields() -> None:
    data = register_xlsx([EXPORTED, ExportRow(registration_number="X2", name="\tTab", open_all_day=True)])
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["Tên cơ sở / Name", "Số ĐKKD / Registration no."]
    assert header[-3:] == [
        "Trạng thái / Status",
        "Mức nguy cơ / Risk class",
        "Kiểm tra gần nhất / Last inspection (giờ VN)",
    ]
    assert not {"Chủ cơ sở", "Điện thoại", "Số CCCD"} & {h.split(" / ")[0] for h in header}
    row = {h: c for h, c in zip(header, sheet[2], strict=True)}
    for name in (
        "Tên cơ sở / Name",
        "Số giấy phép / GCN ANTT / Licence no.",
        "Cơ quan cấp / Issuer",
        "Địa chỉ / Address",
    ):
        assert row[name].data_type == "s" and row[name].quotePrefix
    assert row["Tên cơ sở / Name"].value == '=HYPERLINK("http://x","Bấm")'
    assert sheet["A3"].value == "\tTab" and sheet["A3"].data_type == "s" and sheet["A3"].quotePrefix
    assert row["Loại hình / Business types"].value == "Cơ sở lưu trú; Karaoke"
    assert row["Ngày hết hạn / Expires"].value == dt.datetime(2028, 5, 15)  # a real date cell
    assert row["Kiểm tra gần nhất / Last inspection (giờ VN)"].value == dt.datetime(2026, 4, 1)
    assert (row["Trạng thái / Status"].value, row["Mức nguy cơ / Risk class"].value) == (
        "đang hoạt động",
        "cao",
    )
    assert [c.value for c in sheet[3]][7:9] == ["24/24", "24/24"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_an_export_reads_back_as_an_import_without_its_extra_columns() -> None:
    plain = ExportRow(
        registration_number="0201234567",
        name="Karaoke Hoa Mai",
        business_types=(B.KARAOKE,),
        licence_expires_on=dt.date(2028, 5, 15),
        latitude=20.8561,
        longitude=106.6822,
    )
    parsed = parse_register(register_xlsx([plain]), "export.xlsx")
    assert parsed.errors == [] and len(parsed.warnings) == 3  # status, risk, last inspection: ignored
    (row,) = parsed.rows
    assert (row.name, row.business_types, row.licence_expires_on, row.latitude) == (
        "Karaoke Hoa Mai",
        (B.KARAOKE,),
        dt.date(2028, 5, 15),
        20.8561,
    )


def test_the_geojson_is_longitude_first_and_without_personal_data() -> None:
    collection = register_geojson([EXPORTED, ExportRow(registration_number="X2", name="No map")])
    assert collection["type"] == "FeatureCollection"
    (feature,) = collection["features"]  # the premises without coordinates are left out
    assert feature["id"] == "est-1"
    assert feature["geometry"] == {"type": "Point", "coordinates": [106.6822, 20.8561]}  # [lon, lat]
    properties = feature["properties"]
    assert properties["business_types"] == ["lodging", "karaoke"]
    assert properties["last_inspected_on"] == "2026-04-01"
    assert (properties["status"], properties["risk_class"]) == ("active", "high")
    assert not {"owner_name", "phone_e164", "id_number", "personal"} & set(properties)
    assert json.loads(json.dumps(collection)) == collection
