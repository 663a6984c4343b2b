"""How a figure is written: one rounding for every channel (dashboard, API, XLSX, CSV, DOCX).

A ratio is kept in basis points (``10000`` = 100 %, the quotient floored, so a value never reads above
what was counted at that precision) and shown **half up to one decimal**: ``6666`` (2/3) is 66.7 %,
``1225`` is 12.3 %, ``9995`` is 100.0 %. Flooring to basis points first cannot move a figure across a
half: every half of a tenth of a percent is a whole number of basis points. Vietnamese writes the
decimal comma (``66,7%``), English the point (``66.7%``).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from services.reporting.domain.indicators import IndicatorValue, Kind

Language = Literal["vi", "en"]


def tenths_of_percent(basis_points: int) -> int:
    """The value in tenths of a percent, half up: ``6666`` -> ``667``, ``1225`` -> ``123``."""
    return int((Decimal(basis_points) / 10).quantize(Decimal(1), ROUND_HALF_UP))


def percent(basis_points: int, language: Language, *, trim: bool = False) -> str:
    """``6666`` -> ``66,7%`` (vi) or ``66.7%`` (en); ``trim`` drops a ``,0`` (for targets: ``80%``)."""
    tenths = tenths_of_percent(basis_points)
    whole, tenth = divmod(abs(tenths), 10)
    sign = "-" if tenths < 0 else ""
    if trim and tenth == 0:
        return f"{sign}{whole}%"
    return f"{sign}{whole}{',' if language == 'vi' else '.'}{tenth}%"


def fraction(basis_points: int) -> float:
    """The rounded value as a fraction of one, for a spreadsheet cell formatted ``0.0%``: ``0.667``."""
    return tenths_of_percent(basis_points) / 1000


YES_NO = {"vi": ("Có", "Chưa"), "en": ("Yes", "No")}
NO_DATA = {"vi": "Không có dữ liệu", "en": "No data"}


def value_text(v: IndicatorValue, threshold: int, language: Language) -> str:
    """An indicator's value as every channel writes it: ``66,7%``, ``Có``, ``2``, ``<5`` or no data."""
    if v.suppressed:
        return f"<{threshold}"
    if v.no_data:
        return NO_DATA[language]
    if v.kind is Kind.RATIO:
        return percent(v.value, language)
    if v.kind is Kind.YES_NO:
        return YES_NO[language][0 if v.value else 1]
    return str(v.value)
