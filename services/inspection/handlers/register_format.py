"""The register's files (columns, rows, cell readers; reading in ``register_import``, writing in
``register_export``): import of the ward's list (XLSX or CSV), its template, and the exports.

Import (``parse_register``): the first sheet of an XLSX, or a CSV (``,``, ``;`` or tab), with the
Vietnamese headers of ``COLUMNS`` on line 1, compared without case, diacritics, spaces or punctuation
(the part before `` / `` of a bilingual header also counts, so an export reads back). Rows stream
(openpyxl read-only, csv reader): past ``MAX_ROWS`` rows or ``MAX_FILE_BYTES`` the file is refused
before the rest is read. Every bad row is reported with its line as the spreadsheet shows it (header =
line 1; line 0 is the file as a whole); messages never repeat a personal value.

CSV encoding: UTF-8, with or without BOM. Other bytes are read as Windows-1258 (old Vietnamese Excel)
only when that is unambiguous: every byte decodes and every non-ASCII character is a Vietnamese
letter (tone marks composed, NFC) or common punctuation. A cp1252 file or a mix of UTF-8 and a legacy
code page ("Ã¡", "Æ°") is refused as "mixed or unsupported encoding": a wrong guess corrupts names.

Excel drops the leading zeros of a number typed in a number cell: an ID number of 8, 10 or 11 digits
gets them back (CMND 9, CCCD 12 digits, both start with 0 when short); a numeric registration number
only draws a warning. The exports hold no personal field; text cells stay text (a formula start of
``shared.spreadsheet`` gets Excel's quote prefix; the CSV template uses ``csv_text``); dates are
Asia/Ho_Chi_Minh local dates.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import phonenumbers

from services.inspection.domain.kinds import (
    BUSINESS_TYPE_VI,
    BusinessType,
    EstablishmentStatus,
    RiskClass,
)
from shared.spreadsheet import FORMULA_STARTS

# ---- The columns, the rows and the cell readers ----

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
PROGRESS_EVERY = 1_000  # on_progress is called after every this many rows, and once at the end
FILE_LINE, HEADER_LINE = 0, 1
ALL_DAY = "24/24"
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
REGISTER_SHEET, GUIDE_SHEET = "Sổ theo dõi", "Hướng dẫn"


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # Vietnamese, as in the ward's list
    en: str
    kind: str = "text"  # how a cell is read: a key of FORMATS
    max_len: int = 200
    aliases: tuple[str, ...] = ()


COLUMNS = (
    Column("name", "Tên cơ sở", "Name", aliases=("Tên",)),
    Column("registration_number", "Số ĐKKD", "Registration no.", "key", 30, ("Số đăng ký kinh doanh",)),
    Column("business_types", "Loại hình", "Business types", "types"),
    Column(
        "licence_number", "Số giấy phép / GCN ANTT", "Licence no.", "text", 50, ("Số giấy phép", "GCN ANTT")
    ),
    Column("licence_issuer", "Cơ quan cấp", "Issuer"),
    Column("licence_issued_on", "Ngày cấp", "Issued", "date"),
    Column("licence_expires_on", "Ngày hết hạn", "Expires", "date"),
    Column("opens_at", "Giờ mở cửa", "Opens", "hours"),
    Column("closes_at", "Giờ đóng cửa", "Closes", "hours"),
    Column("residential_group", "Tổ dân phố", "Residential group", "group", aliases=("TDP",)),
    Column("address", "Địa chỉ", "Address", max_len=300),
    Column("latitude", "Vĩ độ", "Latitude", "latitude"),
    Column("longitude", "Kinh độ", "Longitude", "longitude"),
    Column("owner_name", "Chủ cơ sở", "Owner / manager", "text", 100, ("Người quản lý",)),
    Column("phone_e164", "Điện thoại", "Phone", "phone", 30, ("Số điện thoại", "SĐT", "phone")),
    Column("id_number", "Số CCCD", "ID number", "id", 20, ("CCCD", "Số CMND", "CCCD/CMND")),
)
_BY_FIELD = {c.field: c for c in COLUMNS}
REQUIRED = ("name", "registration_number")
PERSONAL = ("owner_name", "phone_e164", "id_number")  # the fields of PersonalFields
SAMPLE_KEY = "VD-0000000000"  # the template's sample row: skipped with a warning if left in
SAMPLE = (
    "Karaoke Mẫu (dòng mẫu, xoá trước khi nhập)",
    SAMPLE_KEY,
    "Karaoke; Quán bar",
    "12/GCN-ANTT",
    "Công an phường",
    dt.date(2024, 3, 1),
    dt.date(2029, 3, 1),
    "09:00",
    "23:00",
    "TDP 12",
    "12 Phố Mẫu",
    20.8449,
    106.6881,
    "Nguyễn Văn A",
    "0912345678",
    "001085012345",
)


@dataclass(frozen=True)
class PersonalFields:
    """Personal data of the owner or manager: encrypt at rest; never in events, logs or exports."""

    owner_name: str = ""
    phone_e164: str = ""
    id_number: str = ""


@dataclass(frozen=True, kw_only=True)
class Premises:
    """What the register says of an establishment that is not personal."""

    registration_number: str
    name: str
    business_types: tuple[BusinessType, ...] = ()
    licence_number: str = ""
    licence_issuer: str = ""
    licence_issued_on: dt.date | None = None
    licence_expires_on: dt.date | None = None
    opens_at: dt.time | None = None
    closes_at: dt.time | None = None
    open_all_day: bool = False
    residential_group: str = ""
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True, kw_only=True)
class RegisterRow(Premises):
    line: int  # where it stands in the uploaded file
    personal: PersonalFields = field(default_factory=PersonalFields, repr=False)


@dataclass(frozen=True, kw_only=True)
class ExportRow(Premises):
    establishment_id: str = ""
    status: EstablishmentStatus = EstablishmentStatus.REGISTERED
    risk_class: RiskClass | None = None
    last_inspected_at: dt.datetime | None = None  # aware; naive is read as UTC


@dataclass(frozen=True)
class RowError:
    line: int  # 0: the file as a whole; 1: the header
    field: str  # a COLUMNS field, or "" for the whole line or file
    message_vi: str
    message_en: str


@dataclass
class ParsedRegister:
    rows: list[RegisterRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        """The file could not be read at all, or its headers are wrong."""
        return any(e.line <= HEADER_LINE for e in self.errors)


class _Refused(Exception):
    def __init__(self, line: int, vi: str, en: str) -> None:
        super().__init__(en)
        self.error = RowError(line, "", vi, en)


def fold(text: str) -> str:
    """Lower case letters and digits without diacritics (đ is d): how headers and labels compare."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).lower()


_HEADERS = {fold(n): c for c in COLUMNS for n in (c.header, c.field, c.en, *c.aliases)}
_TYPES = {fold(k): t for t in BusinessType for k in (t.value, BUSINESS_TYPE_VI[t])} | {
    fold(k): t
    for t, names in {
        BusinessType.LODGING: ("khách sạn", "nhà nghỉ", "nhà trọ", "homestay", "lưu trú"),
        BusinessType.MASSAGE: ("xoa bóp", "xông hơi", "spa", "sauna"),
        BusinessType.PUB: ("quán rượu", "beer club"),
        BusinessType.SHORT_TERM_RENTAL: ("căn hộ", "cho thuê ngắn ngày"),
    }.items()
    for k in names
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_VI_MARKS = set("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")
_VI_PUNCT = set("“”‘’–—…₫°§·\u00a0")


def _text(value: Any) -> str:
    """A cell as trimmed NFC text; our own escaped formula start ("'=…") loses its apostrophe."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(_CONTROL.sub("", unicodedata.normalize("NFC", str(value))).split())
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def _key(value: Any) -> str:
    """A registration number as the upsert key: upper case, no spaces."""
    if not re.fullmatch(r"[0-9A-Z][0-9A-Z./-]*", key := _text(value).upper().replace(" ", "")):
        raise ValueError(key)
    return key


def _date(value: Any) -> dt.date:
    text = _text(value)  # a date or datetime cell reads as its ISO form
    if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text):
        day, month, year = m.groups()
    elif m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[ T][\d:.]+)?", text):
        year, month, day = m.groups()
    else:
        raise ValueError(text)
    result = dt.date(int(year), int(month), int(day))
    if not 1900 <= result.year <= 2100:
        raise ValueError(text)
    return result


def _time(value: Any) -> dt.time | str:
    if isinstance(value, dt.time | dt.datetime):  # a time cell (some files carry a 1899/1900 date)
        return value if isinstance(value, dt.time) else value.time()
    text = _text(value).lower().replace(" ", "")
    if text in (ALL_DAY, "24/7", "24h"):
        return ALL_DAY
    if not (m := re.fullmatch(r"(\d{1,2})(?:[:h](\d{2}))?(?::00)?h?", text)):
        raise ValueError(text)
    hour, minute = int(m[1]), int(m[2] or 0)
    return dt.time(0 if (hour, minute) == (24, 0) else hour, minute)


def _group(value: Any) -> str:
    if m := re.fullmatch(r"(?:tdp|to|todanpho)?(?:so)?0*(\d{1,3})", fold(_text(value))):
        return f"tdp-{m[1]}"
    if re.fullmatch(r"[a-z0-9-]{1,40}", code := _text(value).lower()):
        return code
    raise ValueError(code)


def _coordinate(limit: float) -> Callable[[Any], float]:
    def convert(value: Any) -> float:
        text = _text(value)
        number = float(text.replace(",", ".") if text.count(",") == 1 and "." not in text else text)
        if not (math.isfinite(number) and -limit <= number <= limit):
            raise ValueError(text)
        return number

    return convert


def _phone(value: Any) -> str:
    try:
        number = phonenumbers.parse(_text(value), "VN")
    except phonenumbers.NumberParseException:
        raise ValueError("not a phone number") from None
    if number.country_code != 84 or not phonenumbers.is_valid_number(number):
        raise ValueError("not a Vietnamese phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _id_number(value: Any) -> str:
    digits = re.sub(r"[\s.-]", "", _text(value))
    if isinstance(value, int | float) and len(digits) in (8, 10, 11):  # Excel dropped the leading 0s
        digits = digits.zfill(9 if len(digits) == 8 else 12)
    if not re.fullmatch(r"[0-9]{9}|[0-9]{12}", digits):
        raise ValueError("not 9 or 12 digits")
    return digits


def _business_types(value: Any) -> tuple[BusinessType, ...]:
    """Labels separated by ; or , (a label may hold a comma itself: the longest match wins)."""
    parts, found, unknown, i = [p for p in re.split(r"[;,]", _text(value)) if p.strip()], [], [], 0
    while i < len(parts):
        j = next((j for j in range(len(parts), i, -1) if fold("".join(parts[i:j])) in _TYPES), i)
        if j > i:
            found.append(_TYPES[fold("".join(parts[i:j]))])
        else:
            unknown.append(parts[i].strip())
        i = max(j, i + 1)
    if unknown:
        raise ValueError("; ".join(unknown))
    return tuple(dict.fromkeys(found))


# kind -> (reader, the value of an empty cell, the expected format in Vietnamese, in English)
FORMATS: dict[str, tuple[Callable[[Any], Any], Any, str, str]] = {
    "text": (_text, "", "văn bản", "text"),
    "key": (_key, "", "chữ, số, . / - (không trùng)", "letters, digits, . / - (unique)"),
    "types": (
        _business_types,
        (),
        "mã hoặc tên loại hình, cách nhau ;",
        "type codes or names, separated by ;",
    ),
    "date": (_date, None, "dd/mm/yyyy hoặc yyyy-mm-dd", "dd/mm/yyyy or yyyy-mm-dd"),
    "hours": (_time, None, "HH:MM hoặc 24/24", "HH:MM or 24/24"),
    "group": (_group, "", "tdp-12, TDP 12, Tổ 12", "tdp-12, TDP 12, Tổ 12"),
    "latitude": (_coordinate(90), None, "số từ -90 đến 90", "a number from -90 to 90"),
    "longitude": (_coordinate(180), None, "số từ -180 đến 180", "a number from -180 to 180"),
    "phone": (_phone, "", "số điện thoại Việt Nam", "a Vietnamese phone number"),
    "id": (_id_number, "", "12 số (CCCD) hoặc 9 số (CMND)", "12 digits (CCCD) or 9 (CMND)"),
}


def _issue(line: int, name: str, vi: str, en: str) -> RowError:
    c = _BY_FIELD[name]
    return RowError(line, name, f"{c.header}: {vi}", f"{c.header} ({c.en}): {en}")


def _checked(line: int, raw: dict[str, Any], errors: list[RowError]) -> dict[str, Any]:
    """Every column read by its format; a problem is added to ``errors`` and the value left empty."""
    values: dict[str, Any] = {}
    for c in COLUMNS:
        read, empty, hint_vi, hint_en = FORMATS[c.kind]
        values[c.field], text = empty, _text(raw.get(c.field))
        if len(text) > c.max_len:
            errors.append(
                _issue(line, c.field, f"dài quá {c.max_len} ký tự", f"longer than {c.max_len} characters")
            )
        elif not text and c.field in REQUIRED:
            errors.append(_issue(line, c.field, "bắt buộc, đang để trống", "required, left empty"))
        elif text:
            try:
                values[c.field] = read(raw[c.field])
            except ValueError as exc:  # a personal value is not repeated in the message
                shown = "" if c.field in PERSONAL else f" ({exc})"
                errors.append(_issue(line, c.field, f"cần {hint_vi}{shown}", f"expected {hint_en}{shown}"))
    return values


def _row(
    line: int, raw: dict[str, Any], errors: list[RowError], warnings: list[RowError]
) -> RegisterRow | None:
    """One data line as a register row, or None when it has errors (all of them added to ``errors``)."""
    before = len(errors)
    v = _checked(line, raw, errors)
    if (
        v["licence_issued_on"]
        and v["licence_expires_on"]
        and v["licence_expires_on"] < v["licence_issued_on"]
    ):
        errors.append(_issue(line, "licence_expires_on", "trước ngày cấp", "before the licence was issued"))
    if all_day := ALL_DAY in (v["opens_at"], v["closes_at"]):
        if {v["opens_at"], v["closes_at"]} - {ALL_DAY, None}:
            errors.append(_issue(line, "closes_at", "24/24 đi cùng một giờ cụ thể", "24/24 with a time"))
        v["opens_at"] = v["closes_at"] = None
    lat, lon = v["latitude"], v["longitude"]
    if bool(_text(raw.get("latitude"))) != bool(_text(raw.get("longitude"))):
        errors.append(
            _issue(line, "longitude", "cần cả vĩ độ và kinh độ", "both latitude and longitude needed")
        )
    elif (
        lat is not None and lon is not None and not (6 <= lat <= 24 and 102 <= lon <= 118)
    ):  # mainland, islands
        warnings.append(_issue(line, "latitude", "ngoài Việt Nam (đảo ngược?)", "outside Vietnam (swapped?)"))
    if isinstance(raw.get("registration_number"), int | float):
        warnings.append(
            _issue(
                line,
                "registration_number",
                "nhập dạng số, có thể mất số 0 đầu",
                "typed as a number: leading zeros may be lost",
            )
        )
    if len(errors) > before:
        return None
    personal = PersonalFields(**{name: v.pop(name) for name in PERSONAL})
    return RegisterRow(line=line, open_all_day=all_day, personal=personal, **v)
