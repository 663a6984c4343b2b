"""Reading the register's import file (XLSX or CSV): decode, stream rows, check every row (see
``register_format`` for the columns and the rules)."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Generator, Sequence
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped]  # no type hints

# ---- The columns, the rows and the cell readers ----
from services.inspection.handlers.register_format import (
    _HEADERS,
    _VI_MARKS,
    _VI_PUNCT,
    COLUMNS,
    FILE_LINE,
    HEADER_LINE,
    MAX_FILE_BYTES,
    MAX_ROWS,
    PROGRESS_EVERY,
    REQUIRED,
    SAMPLE_KEY,
    Column,
    ParsedRegister,
    RegisterRow,
    RowError,
    _Refused,
    _row,
    _text,
    fold,
)


def _vietnamese(c: str) -> bool:
    decomposed = unicodedata.normalize("NFD", c)
    base, marks = decomposed[0], set(decomposed[1:])
    return c in _VI_PUNCT or (((base.isascii() and base.isalpha()) or base in "đĐ") and marks <= _VI_MARKS)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
        if all(c.isascii() or _vietnamese(c) for c in set(text)):
            return text
    except UnicodeDecodeError:
        pass
    raise _Refused(
        FILE_LINE,
        "Mã hoá ký tự lẫn lộn hoặc không hỗ trợ; lưu lại dạng CSV UTF-8",
        "Mixed or unsupported encoding; save the file as CSV UTF-8",
    )


def _csv_lines(data: bytes) -> Generator[Sequence[Any], None, None]:
    text = _decode(data)
    delimiter = max(",;\t", key=text.split("\n", 1)[0].count)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as exc:
        raise _Refused(FILE_LINE, "Tệp CSV hỏng", f"Malformed CSV: {exc}") from None


def _xlsx_lines(data: bytes) -> Generator[Sequence[Any], None, None]:
    unreadable = _Refused(FILE_LINE, "Không đọc được tệp XLSX", "Not a readable XLSX file")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise unreadable from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers record a wrong size; read what is there
        yield from sheet.iter_rows(values_only=True)
    except Exception:
        raise unreadable from None
    finally:
        workbook.close()


def _lines(data: bytes, filename: str, content_type: str) -> Generator[Sequence[Any], None, None]:
    name, kind = filename.lower(), content_type.lower()
    if len(data) > MAX_FILE_BYTES:
        mb = MAX_FILE_BYTES // 2**20
        raise _Refused(FILE_LINE, f"Tệp lớn hơn {mb} MB", f"The file is larger than {mb} MB")
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_lines(data)
    if name.endswith((".csv", ".txt")) or kind.startswith("text/"):
        return _csv_lines(data)
    raise _Refused(FILE_LINE, "Chỉ nhận tệp .xlsx hoặc .csv", "Only .xlsx or .csv files are accepted")


def _header(cells: Sequence[Any], warnings: list[RowError]) -> dict[int, Column]:
    columns: dict[int, Column] = {}
    for index, cell in enumerate(cells):
        if not (text := _text(cell)):
            continue
        col = _HEADERS.get(fold(text)) or _HEADERS.get(fold(text.split(" / ")[0]))
        if col is None:
            warnings.append(
                RowError(HEADER_LINE, "", f"Cột lạ '{text}', bỏ qua", f"Unknown column '{text}' ignored")
            )
        elif col in columns.values():
            raise _Refused(
                HEADER_LINE,
                f"Sai tiêu đề: cột '{col.header}' hai lần",
                f"Wrong headers: '{col.header}' twice",
            )
        else:
            columns[index] = col
    if missing := ", ".join(c.header for c in COLUMNS if c.field in REQUIRED and c not in columns.values()):
        raise _Refused(HEADER_LINE, f"Sai tiêu đề: thiếu cột {missing}", f"Wrong headers: missing {missing}")
    return columns


def parse_register(
    data: bytes,
    filename: str = "",
    content_type: str = "",
    *,
    on_progress: Callable[[int], None] | None = None,
    max_rows: int = MAX_ROWS,
) -> ParsedRegister:
    """The rows of an uploaded register with every problem found; nothing is stored here.

    An XLSX is recognised by its content; anything else is read as CSV when its name ends in .csv or
    .txt or its declared type is text/*. Dates are day first (dd/mm/yyyy) or ISO, never month first.
    """
    result, found, by_key, count = ParsedRegister(), dict[int, RegisterRow](), dict[str, list[int]](), 0
    try:
        lines = _lines(data, filename, content_type)
        try:
            columns = _header(next(lines, ()), result.warnings)
            for number, cells in enumerate(lines, start=2):
                raw = {c.field: cells[i] for i, c in columns.items() if i < len(cells)}
                if not any(_text(v) for v in raw.values()):
                    continue
                if (count := count + 1) > max_rows:
                    raise _Refused(
                        FILE_LINE,
                        f"Quá {max_rows} dòng: chia nhỏ tệp",
                        f"More than {max_rows} rows: split it",
                    )
                if on_progress and count % PROGRESS_EVERY == 0:
                    on_progress(count)
                if (key := _text(raw.get("registration_number")).upper().replace(" ", "")) == SAMPLE_KEY:
                    result.warnings.append(
                        RowError(number, "", "Bỏ qua dòng mẫu", "The sample row was skipped")
                    )
                    continue
                if key:
                    by_key.setdefault(key, []).append(number)
                if row := _row(number, raw, result.errors, result.warnings):
                    found[number] = row
        finally:
            lines.close()
    except _Refused as refused:
        return ParsedRegister(errors=[refused.error], warnings=result.warnings)
    for key, where in by_key.items():
        for number in where if len(where) > 1 else ():
            found.pop(number, None)
            at = ", ".join(map(str, where))
            result.errors.append(
                RowError(
                    number,
                    "registration_number",
                    f"Số ĐKKD {key} trùng ở các dòng {at}",
                    f"Registration no. {key} repeated on lines {at}",
                )
            )
    result.errors.sort(key=lambda e: e.line)
    result.rows = list(found.values())
    if on_progress:
        on_progress(count)
    return result
