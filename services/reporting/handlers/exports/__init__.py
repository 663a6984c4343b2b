"""Exports of a snapshot: an XLSX workbook, a CSV file and a DOCX report to the city.

The caller decides suppression (``handlers.disclosure``): it passes the exact content or the disclosed
copy; every exporter writes a figure whose ``suppressed`` flag is set as ``<threshold`` (or "not
published" for a complement), never the number.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from services.reporting.handlers.exports.csvfile import to_csv
from services.reporting.handlers.exports.docx import to_docx
from services.reporting.handlers.exports.xlsx import to_xlsx

__all__ = ["ExportMeta", "to_csv", "to_docx", "to_xlsx"]


@dataclass(frozen=True)
class ExportMeta:
    """What an export says about the snapshot beyond its content: who, when, which document."""

    snapshot_id: str
    content_hash: str
    status: str  # "prepared" | "approved" | "published"
    scope_name_vi: str  # e.g. "Phường Lê Chân"
    scope_name_en: str  # e.g. "Le Chan ward"
    parent_name_vi: str  # the city above the ward; for a city scope, the same city
    prepared_by: str  # a name and title, or the unit's name ("Phòng Văn hóa - Xã hội"); never an id
    prepared_at: datetime.datetime
    approved_by: str | None
    approved_at: datetime.datetime | None
    issued_on: datetime.date  # the date line of the report
    document_number: str = ""  # e.g. "125/BC-UBND"; empty leaves a blank to fill in by hand
    place: str = "Hải Phòng"
    suppression_threshold: int = 5  # a withheld count of people is written "<threshold"
    signer_title_vi: str = "CHỦ TỊCH"  # or "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    signer_name: str = ""
    plan_document: str = ""  # the ward's yearly plan on record, e.g. "45/KH-UBND"
    plan_issued_on: datetime.date | None = None
