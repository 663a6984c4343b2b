"""Which figures may be shown outside the ward: small-cell suppression, with its complements.

The rule, for a threshold ``t`` (5 by default; 0 turns it off outside production):

1. **Small counts.** A count of people from 1 to ``t``-1 is withheld. An indicator that counts people is
   withheld whole (numerator, denominator, value and ``met``) when its numerator, its denominator or
   their difference is such a count.
2. **Linked figures.** A breakdown row that repeats a withheld indicator's numerator or denominator is
   withheld with it, and the other way round (HR_ACCESS: the ``case_support/clients`` rows ``served``
   and ``eligible_with_needs``), so the difference cannot be taken from the rows instead.
3. **Totals over several wards** (a city's roll-up, given each ward's figures). The wards are shown
   through their own copies, each withheld by rules 1-2 on the ward's figures alone. A total is withheld
   when it and the wards shown would pin down a withheld ward: when exactly one ward is withheld in it
   (total minus the others), when the withheld wards together count fewer than ``t`` (or, for an
   indicator, none at all in its numerator or in the difference), or when their sum leaves each of them
   one possible value (all at 1, or all at ``t``-1). Withholding the total, not a second ward, keeps
   every ward's copy a function of that ward's figures alone, the same in every channel and at any time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from services.reporting.domain.indicators import BY_CODE
from services.reporting.domain.snapshot import BreakdownRow, SnapshotContent
from shared.disclosure import small, small_ratio  # the general rule, shared with case support

__all__ = [
    "LINKED", "Cells", "disclose", "people_cells", "row_key", "small", "small_ratio",
    "total_reveals_indicator", "total_reveals_row",
]  # fmt: skip

Cells = Mapping[str, int]  # a ward's people counts: "CODE:n", "CODE:d" and "source/dimension/key"

LINKED: dict[str, tuple[str, ...]] = {
    "HR_ACCESS": ("case_support/clients/served", "case_support/clients/eligible_with_needs"),
}


def row_key(row: BreakdownRow) -> str:
    return f"{row.source}/{row.dimension}/{row.key}"


def people_cells(content: SnapshotContent) -> dict[str, int]:
    """The counts of people in a ward's content: what a roll-up over wards needs to know of it."""
    cells: dict[str, int] = {}
    for v in content.indicators:
        if BY_CODE[v.code].counts_people:
            cells[f"{v.code}:n"], cells[f"{v.code}:d"] = v.numerator, v.denominator
    cells.update({row_key(r): r.count for r in content.breakdown if r.counts_people})
    return cells


def _ward_withholds_indicator(cells: Cells, code: str, threshold: int) -> bool:
    return small_ratio(cells.get(f"{code}:n", 0), cells.get(f"{code}:d", 0), threshold)


def _ward_withholds_row(cells: Cells, key: str, threshold: int) -> bool:
    linked = [code for code, keys in LINKED.items() if key in keys]
    return small(cells.get(key, 0), threshold) or any(
        _ward_withholds_indicator(cells, code, threshold) for code in linked
    )


def _pinned(sums: Sequence[int], k: int, threshold: int, *, lowest: int) -> bool:
    """Whether ``k`` withheld wards whose figures add up to ``sums`` could be told apart from a total."""
    if k == 0:
        return False
    return k == 1 or any(s < threshold or s == k * lowest for s in sums)


def total_reveals_indicator(code: str, parts: Sequence[Cells], threshold: int) -> bool:
    withheld = [p for p in parts if _ward_withholds_indicator(p, code, threshold)]
    n = sum(p.get(f"{code}:n", 0) for p in withheld)
    d = sum(p.get(f"{code}:d", 0) for p in withheld)
    k = len(withheld)
    # numerator and difference may be 0 in a withheld ward: a sum of 0 pins every one of them to 0
    return _pinned((n, d - n), k, threshold, lowest=0) or _pinned((d,), k, threshold, lowest=1)


def total_reveals_row(key: str, parts: Sequence[Cells], threshold: int) -> bool:
    withheld = [p.get(key, 0) for p in parts if _ward_withholds_row(p, key, threshold)]
    k, s = len(withheld), sum(withheld)
    return _pinned((s,), k, threshold, lowest=1) or (k > 0 and s == k * (threshold - 1))


def disclose(content: SnapshotContent, threshold: int, parts: Sequence[Cells] = ()) -> SnapshotContent:
    """The copy of ``content`` that may be shown outside its ward; ``parts``: each ward's cells when
    ``content`` is a total over several wards. A withheld indicator keeps its target and comparison but
    loses numerator, denominator, value and ``met``; a withheld row loses its count. ``threshold`` 0:
    nothing is withheld."""
    if threshold <= 0:
        return content
    people = {v.code for v in content.indicators if BY_CODE[v.code].counts_people}
    small_codes = {
        v.code for v in content.indicators
        if v.code in people and small_ratio(v.numerator, v.denominator, threshold)
    }  # fmt: skip
    small_rows = {row_key(r) for r in content.breakdown if r.counts_people and small(r.count, threshold)}
    rolled_up = len(parts) > 1
    codes = small_codes | {
        code for code in people if rolled_up and total_reveals_indicator(code, parts, threshold)
    }
    rows = small_rows | {
        row_key(r)
        for r in content.breakdown
        if r.counts_people and rolled_up and total_reveals_row(row_key(r), parts, threshold)
    }
    codes |= {code for code, keys in LINKED.items() if code in people and rows & set(keys)}
    rows |= {key for code in codes for key in LINKED.get(code, ())}
    indicators = tuple(
        replace(v, numerator=0, denominator=0, value=0, met=False, suppressed=True,
                complement=v.code not in small_codes)
        if v.code in codes else v
        for v in content.indicators
    )  # fmt: skip
    breakdown = tuple(
        replace(r, count=0, suppressed=True, complement=row_key(r) not in small_rows)
        if r.counts_people and row_key(r) in rows
        else r
        for r in content.breakdown
    )
    return replace(content, indicators=indicators, breakdown=breakdown)
