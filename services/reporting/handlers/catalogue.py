"""The indicator catalogue, as the API and the dashboard show it."""

from __future__ import annotations

from typing import Any

from services.reporting.domain.indicators import CATALOGUE


def catalogue() -> list[dict[str, Any]]:
    return [
        {
            "code": i.code, "clause": i.clause, "section_vi": i.section_vi, "name_vi": i.name_vi,
            "name_en": i.name_en, "numerator_vi": i.numerator_vi, "numerator_en": i.numerator_en,
            "denominator_vi": i.denominator_vi, "denominator_en": i.denominator_en, "kind": i.kind.value,
            "target": i.target, "comparison": i.comparison.value,
            "period_types": [p.value for p in i.period_types], "counts_people": i.counts_people,
        }
        for i in CATALOGUE
    ]  # fmt: skip
