"""CSV export: one row per indicator, then one per breakdown row; UTF-8 with a BOM for Excel."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from services.reporting.domain.indicators import BY_CODE, CATALOGUE, IndicatorValue
from services.reporting.domain.periods import VN
from services.reporting.domain.snapshot import BreakdownRow, SnapshotContent
from services.reporting.handlers.exports import labels
from shared.spreadsheet import csv_row

if TYPE_CHECKING:
    from services.reporting.handlers.exports import ExportMeta

COLUMNS = (
    "section",
    "code",
    "name_vi",
    "name_en",
    "numerator",
    "denominator",
    "value",
    "target",
    "comparison",
    "met",
    "no_data",
    "suppressed",
    "as_of",  # a period not yet ended: the local time it was counted as of; empty once it has ended
)
INDICATOR_SECTION = "indicator"  # the section of indicator rows; breakdown rows carry their source


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _figure(n: int | None) -> str:
    return "" if n is None else str(n)


def _indicator_row(v: IndicatorValue, threshold: int, as_of: str) -> dict[str, str]:
    indicator = BY_CODE[v.code]
    numerator, denominator = labels.figures(v)
    assessed = not (v.suppressed or v.no_data)
    return {
        "section": INDICATOR_SECTION,
        "code": v.code,
        "name_vi": indicator.name_vi,
        "name_en": indicator.name_en,
        "numerator": _figure(numerator),
        "denominator": _figure(denominator),
        "value": labels.value_text(v, threshold, "table"),
        "target": labels.target_text(v, "table", symbol=False),
        "comparison": v.comparison.symbol,
        "met": labels.met_text(v, "table") if assessed else "",
        "no_data": _flag(v.no_data),
        "suppressed": _flag(v.suppressed),
        "as_of": as_of,
    }


def _breakdown_row(row: BreakdownRow, threshold: int) -> dict[str, str]:
    label = labels.key_label(row.dimension, row.key)
    return {
        "section": row.source,
        "code": row.dimension,
        "name_vi": label.vi,
        "name_en": label.en,
        "numerator": labels.count_text(row, threshold, "table"),
        "suppressed": _flag(row.suppressed),
    }


def to_csv(content: SnapshotContent, meta: ExportMeta) -> bytes:
    """The snapshot as CSV bytes; indicators in catalogue order, breakdown rows by source."""
    threshold = meta.suppression_threshold
    as_of = content.as_of.astimezone(VN).isoformat(timespec="minutes") if content.as_of else ""
    by_code = {v.code: v for v in content.indicators}
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, restval="", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(
        csv_row(_indicator_row(by_code[i.code], threshold, as_of)) for i in CATALOGUE if i.code in by_code
    )
    for source in labels.sources_of(content):
        writer.writerows(csv_row(_breakdown_row(r, threshold)) for r in labels.rows_of(content, source))
    # The BOM is what makes Excel read the file as UTF-8 rather than the machine's code page.
    return buffer.getvalue().encode("utf-8-sig")
