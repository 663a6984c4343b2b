"""One disclosure policy: who gets exact figures, and a withheld figure cannot be recomputed.

The same snapshot is read through every output (GET one, the list, the NATS event, XLSX, CSV and DOCX)
by the ward's staff and by the city's; only the ward's own staff, asking for the ward, see 3 of 4.
Then the roll-up over wards: brute force over every value a withheld ward could have, given what is
shown, finds more than one for each.
"""

from __future__ import annotations

import csv
import io
import itertools
import random
from typing import Any

import docx
import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from services.reporting.domain.disclosure import (
    disclose,
    people_cells,
    small,
    small_ratio,
    total_reveals_indicator,
    total_reveals_row,
)
from services.reporting.domain.indicators import BY_CODE, CATALOGUE
from services.reporting.domain.periods import quarter
from services.reporting.domain.snapshot import BreakdownRow, SnapshotContent
from services.reporting.handlers import snapshot_files, snapshots
from services.reporting.handlers.commands import ApproveSnapshot, ExportSnapshot, GetSnapshot, SnapshotsOf
from services.reporting.handlers.disclosure import LEAVES_THE_WARD, exact_for
from services.reporting.settings import ReportingSettings
from shared.auth import Principal
from shared.contracts.pcmd.reporting.v1 import events_pb2 as pb
from tests.unit.reporting.fakes import FakeReportingUnitOfWork
from tests.unit.reporting.test_use_cases import (
    CITY,
    CITY_STAFF,
    DEPS,
    LEADER,
    OFFICER,
    WARD,
    prepared_snapshot,
    uow,  # noqa: F401  # the fixture
)

T = 5


def exact_hr(indicators: Any) -> bool:
    """Whether HR_ACCESS (3 of 4 clients: small) is shown as the figure, not withheld."""
    hr = next(
        v for v in indicators if (v["code"] if isinstance(v, dict) else v.indicator_code) == "HR_ACCESS"
    )
    if isinstance(hr, dict):
        return (hr["numerator"], hr["suppressed"]) == (3, False)
    return (hr.numerator, hr.suppressed) == (3, False)


def file_is_exact(fmt: str, data: bytes) -> bool:
    name = BY_CODE["HR_ACCESS"].name_vi
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        return next(r for r in rows if r["code"] == "HR_ACCESS")["numerator"] == "3"
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(data))["Chỉ số"]
        return any(r[0].value == "HR_ACCESS" and r[4].value == 3 for r in sheet.iter_rows())
    rows = [[c.text for c in row.cells] for t in docx.Document(io.BytesIO(data)).tables for row in t.rows]
    return next(r for r in rows if len(r) > 2 and r[1] == name)[2] == "3"


async def test_every_output_gives_the_same_copy_to_the_same_reader(uow: FakeReportingUnitOfWork) -> None:  # noqa: F811
    row = prepared_snapshot()
    uow.put(row)
    for reader, exact in ((OFFICER, True), (CITY_STAFF, False)):
        one = await snapshots.get_snapshot(uow, DEPS, GetSnapshot(row.snapshot_id), reader)
        [listed] = await snapshots.list_snapshots(uow, DEPS, SnapshotsOf(WARD), reader)
        assert exact_hr(one["indicators"]) is exact_hr(listed["indicators"]) is exact, reader
        for fmt in ("xlsx", "csv", "docx"):
            for audience in ("ward", "city"):
                cmd = ExportSnapshot(row.snapshot_id, fmt, audience)  # type: ignore[arg-type]
                file = await snapshot_files.export_snapshot(uow, DEPS, cmd, reader)
                # the DOCX honours audience=ward like the others; the city's staff never get exact
                assert file_is_exact(fmt, file.content) is (exact and audience == "ward"), (
                    reader,
                    fmt,
                    audience,
                )
    await snapshots.approve(uow, DEPS, ApproveSnapshot(row.snapshot_id), LEADER)
    event = uow.published[0]
    assert isinstance(event, pb.SnapshotPublished) and not exact_hr(event.indicators), "NATS: the city's copy"


def content(scope: str, wards: tuple[str, ...], n: int, d: int, served_rows: int) -> SnapshotContent:
    values = tuple(i.evaluate(*((n, d) if i.counts_people else (1, 1))) for i in CATALOGUE)
    rows = (BreakdownRow("case_support", "services_by_category", "harm_reduction", served_rows, True),)
    return SnapshotContent(scope, wards, quarter(2026, 4), values, rows)


def test_exact_only_for_the_wards_own_staff_on_their_ward_for_the_ward() -> None:
    ward = content(WARD, (WARD,), 3, 4, 3)
    city = content(CITY, (WARD, "ngoquyen"), 3, 4, 3)
    assert exact_for(ward, OFFICER) and not exact_for(ward, OFFICER, "city")
    assert not exact_for(ward, CITY_STAFF) and not exact_for(ward, LEAVES_THE_WARD)
    assert not exact_for(city, CITY_STAFF) and not exact_for(city, Principal("x", CITY, "vhxh", frozenset()))


def test_production_refuses_a_threshold_below_five() -> None:
    with pytest.raises(ValueError, match="at least 5"):
        ReportingSettings.model_construct(
            env="production", small_cell_threshold=4
        )._refuse_a_low_threshold_in_production()
    ReportingSettings.model_construct(
        env="production", small_cell_threshold=5
    )._refuse_a_low_threshold_in_production()
    ReportingSettings.model_construct(
        env="development", small_cell_threshold=0
    )._refuse_a_low_threshold_in_production()


# --- the roll-up: nothing withheld can be recomputed from the total and the wards shown -------------


def ward_copies(figures: list[tuple[int, int, int]]) -> tuple[list[SnapshotContent], SnapshotContent]:
    """Each ward's disclosed copy and the city's total over them (HR_ACCESS n/d and a people row)."""
    names = tuple(f"w{i}" for i in range(len(figures)))
    wards = [content(w, (w,), n, d, r) for w, (n, d, r) in zip(names, figures, strict=True)]
    total = content(CITY, names, *(sum(f[i] for f in figures) for i in range(3)))
    return [disclose(w, T) for w in wards], disclose(total, T, [people_cells(w) for w in wards])


def possible_rows(shown: list[int | None], total: int | None) -> list[set[int]]:
    """Every value each withheld ward's row could take (a withheld row is 1 to T-1)."""
    hidden = [i for i, v in enumerate(shown) if v is None]
    if total is None:
        return [set(range(1, T)) for _ in hidden]
    rest = total - sum(v for v in shown if v is not None)
    found: list[set[int]] = [set() for _ in hidden]
    for combo in itertools.product(range(1, T), repeat=len(hidden)):
        if sum(combo) == rest:
            for slot, value in enumerate(combo):
                found[slot].add(value)
    return found


def possible_ratios(shown: list[tuple[int, int] | None], total: tuple[int, int] | None) -> list[set[Any]]:
    """Every numerator and denominator each withheld ward could have, given the total and the others."""
    hidden = [i for i, v in enumerate(shown) if v is None]
    if total is None or not hidden:
        return [{"free"} for _ in hidden]
    rest_n = total[0] - sum(v[0] for v in shown if v is not None)
    rest_d = total[1] - sum(v[1] for v in shown if v is not None)
    options = [(n, d) for d in range(1, rest_d + 1) for n in range(d + 1) if small_ratio(n, d, T)]
    others: set[tuple[int, int]] = {(0, 0)}  # what the other withheld wards can add up to
    for _ in range(len(hidden) - 1):
        others = {
            (a + n, b + d) for a, b in others for n, d in options if a + n <= rest_n and b + d <= rest_d
        }
    values = {(n, d) for n, d in options if (rest_n - n, rest_d - d) in others}
    found = {("n", n) for n, _ in values} | {("d", d) for _, d in values}
    return [found for _ in hidden]  # every withheld ward could be any of them


def assert_nothing_recomputable(figures: list[tuple[int, int, int]]) -> None:
    copies, total = ward_copies(figures)
    rows = [None if c.breakdown[0].suppressed else c.breakdown[0].count for c in copies]
    row_total = None if total.breakdown[0].suppressed else total.breakdown[0].count
    for values in possible_rows(rows, row_total):
        assert len(values) > 1, f"{figures}: a withheld row is pinned to {values}"
    hr = [c.value("HR_ACCESS") for c in copies]
    ratios = [None if v.suppressed else (v.numerator, v.denominator) for v in hr]
    t = total.value("HR_ACCESS")
    for values in possible_ratios(ratios, None if t.suppressed else (t.numerator, t.denominator)):
        if values != {"free"}:
            assert len({v for v in values if v[0] == "n"}) > 1, f"{figures}: a withheld numerator is pinned"
            assert len({v for v in values if v[0] == "d"}) > 1, f"{figures}: a withheld denominator is pinned"


@pytest.mark.parametrize(
    "figures",
    [
        [(3, 4, 3), (20, 25, 12), (30, 40, 9)],  # one ward withheld: the total would give it away
        [(3, 4, 2), (2, 3, 2), (30, 40, 9)],  # two withheld, together fewer than 5 people served
        [(1, 1, 1), (1, 1, 1), (1, 1, 1), (1, 1, 1), (1, 1, 1), (10, 10, 10)],  # five wards of one
        [(4, 4, 4), (4, 4, 4), (9, 9, 9)],  # all at T-1
        [(3, 4, 3), (4, 9, 4), (20, 40, 10)],  # two withheld with room: the total may stay
        [(9, 10, 9), (8, 9, 8), (30, 40, 12)],  # withheld for the difference (1 not served)
    ],
)
def test_a_withheld_ward_cannot_be_recomputed_from_the_city_total(
    figures: list[tuple[int, int, int]],
) -> None:
    assert_nothing_recomputable(figures)


def test_the_total_stays_when_it_gives_nothing_away() -> None:
    _, total = ward_copies([(3, 4, 3), (4, 9, 4), (20, 40, 10)])
    assert not total.value("HR_ACCESS").suppressed and not total.breakdown[0].suppressed
    _, total = ward_copies([(3, 4, 3), (20, 25, 12), (30, 40, 9)])
    assert total.value("HR_ACCESS").suppressed and total.value("HR_ACCESS").complement
    assert total.breakdown[0].suppressed and total.breakdown[0].complement


def test_random_roll_ups_never_let_a_withheld_ward_be_recomputed() -> None:
    rng = random.Random(2026)
    for _ in range(150):
        figures = []
        for _ in range(rng.randint(2, 5)):
            d = rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 12])
            n = rng.randint(0, d)
            figures.append((n, d, rng.choice([0, 1, 2, 3, 4, 6, 8])))
        assert_nothing_recomputable(figures)


# --- the rules one by one, on each ward's cells (threshold 5 unless said) ----------------------------

HR, SERVED = "HR_ACCESS", "case_support/clients/served"  # SERVED is linked to HR_ACCESS's numerator
ROW = "case_support/services_by_category/harm_reduction"  # a people row linked to no indicator


def hr(n: int, d: int) -> dict[str, int]:
    return {f"{HR}:n": n, f"{HR}:d": d}


def rows(*counts: int) -> list[dict[str, int]]:
    return [{ROW: c} for c in counts]


@pytest.mark.parametrize(
    ("n", "is_small"), [(-1, False), (0, False), (1, True), (4, True), (5, False), (6, False)]
)
def test_a_small_count_is_one_to_threshold_minus_one(n: int, is_small: bool) -> None:
    assert small(n, T) is is_small
    assert small(n, 1) is False  # threshold 1: no count is small


@pytest.mark.parametrize(
    ("n", "d", "withheld"),
    [
        (0, 0, False),  # nobody: nothing to hide
        (5, 10, False),
        (4, 10, True),  # the numerator is small
        (0, 4, True),  # the denominator is small
        (0, 5, False),
        (6, 10, True),  # the difference (4 not served) is small
        (5, 5, False),  # a difference of 0 is not small
        (10, 15, False),
        (10, 14, True),
    ],
)
def test_an_indicator_is_withheld_for_a_small_numerator_denominator_or_difference(
    n: int, d: int, withheld: bool
) -> None:
    assert small_ratio(n, d, T) is withheld


@pytest.mark.parametrize(
    ("counts", "reveals"),
    [
        ((10, 7), False),  # no ward withheld
        ((0, 10), False),  # 0 is not small
        ((3, 10), True),  # exactly one ward withheld: total minus the others
        ((3, 10, 12), True),
        ((1, 2, 10), True),  # two withheld, together 3: below the threshold
        ((2, 2, 10), True),  # together 4 = t-1 (and not all at 1 nor all at 4)
        ((2, 3, 10), False),  # together 5 = t: 1+4, 2+3, 3+2 or 4+1
        ((3, 3, 10), False),  # together 6: 2+4, 3+3 or 4+2
        ((3, 4, 10), False),  # together 7
        ((4, 4, 10), True),  # together 8: both can only be 4 (all at t-1)
        ((1, 1, 1, 10), True),  # together 3
        ((2, 2, 2), False),  # together 6 over three: not pinned
        ((1, 2, 2), False),  # together 5
        ((4, 4, 4), True),  # all at t-1
        ((3, 4, 4), False),  # 11: one of them is 3, which one is not known
        ((1, 1, 1, 1, 1, 1), True),  # 6 over six wards: all at 1
        ((1, 1, 1, 1, 1, 2), False),  # 7 over six
    ],
)
def test_a_total_row_is_withheld_when_it_and_the_wards_shown_pin_a_withheld_ward(
    counts: tuple[int, ...], reveals: bool
) -> None:
    assert total_reveals_row(ROW, rows(*counts), T) is reveals


def test_a_total_row_counts_wards_and_sums_by_value_however_large() -> None:
    assert total_reveals_row(ROW, rows(*([1] * 300)), T)  # 300 wards all at 1
    assert not total_reveals_row(ROW, rows(*([1] * 299), 2), T)
    assert total_reveals_row(ROW, rows(199, 199, 500), 200)  # all at t-1 for a threshold of 200
    assert not total_reveals_row(ROW, rows(198, 199, 500), 200)


def test_a_row_withheld_only_through_its_indicator_counts_as_withheld_whatever_its_count() -> None:
    # HR_ACCESS 10 of 12 is withheld (2 not served), and with it the served row of 10
    alone = {**hr(10, 12), SERVED: 10}
    assert total_reveals_row(SERVED, [alone, {**hr(20, 30), SERVED: 20}], T)  # exactly one withheld
    # two such rows of 10: 20 over two wards neither is small, nor all at 1 or at t-1
    assert not total_reveals_row(SERVED, [alone, alone, {**hr(20, 30), SERVED: 20}], T)
    # six rows of 1 and a seventh withheld through HR_ACCESS (0 of 3) with no row: 6 over seven wards
    none_served = hr(0, 3)
    assert not total_reveals_row(SERVED, [*[{SERVED: 1}] * 6, none_served, {SERVED: 30}], T)
    # 4 + 1 + (no row: 0) = 5 over three wards: not below the threshold
    assert not total_reveals_row(SERVED, [{SERVED: 4}, {SERVED: 1}, none_served, {SERVED: 30}], T)
    assert total_reveals_row(SERVED, [{SERVED: 3}, {SERVED: 1}, none_served, {SERVED: 30}], T)


def test_a_ward_without_a_cell_has_none_of_those_people() -> None:
    assert not total_reveals_row(ROW, [{}, {ROW: 10}], T)
    assert not total_reveals_row(SERVED, [{}, {**hr(20, 30), SERVED: 20}], T)
    assert not total_reveals_indicator(HR, [{}, hr(10, 20)], T)
    # a ward that writes only its denominator served nobody: 0 of 1, withheld (1 eligible)
    assert not total_reveals_indicator(HR, [{f"{HR}:d": 1}, hr(10, 12), hr(10, 12), hr(30, 40)], T)
    assert total_reveals_indicator(HR, [{f"{HR}:d": 1}, hr(10, 12), hr(11, 12), hr(30, 40)], T)


@pytest.mark.parametrize(
    ("wards", "reveals"),
    [
        ([hr(10, 20), hr(30, 40)], False),  # none withheld
        ([hr(3, 4), hr(20, 25)], True),  # exactly one withheld
        ([hr(3, 4), hr(20, 25), hr(30, 40)], True),
        ([hr(3, 4), hr(4, 9), hr(20, 40)], False),  # 7 of 13: 6 not served, two wards
        ([hr(2, 10), hr(2, 10), hr(20, 40)], True),  # numerators together 4
        ([hr(2, 10), hr(3, 10), hr(20, 40)], False),  # numerators together 5
        ([hr(10, 12), hr(10, 12), hr(20, 40)], True),  # differences together 4
        ([hr(10, 12), hr(10, 13), hr(20, 40)], False),  # differences together 5
        ([hr(0, 3), hr(0, 4), hr(20, 40)], True),  # nobody served in any: every numerator is 0
        ([hr(1, 10)] * 6 + [hr(20, 40)], False),  # numerators 6 over six wards: not pinned to 1
        ([hr(1, 1)] * 5 + [hr(0, 1)] * 5 + [hr(20, 40)], True),  # denominators all at 1
        ([hr(1, 1)] * 5 + [hr(0, 1)] * 4 + [hr(0, 2), hr(20, 40)], False),  # 11 over ten
    ],
)
def test_a_total_indicator_is_withheld_when_it_and_the_wards_shown_pin_a_withheld_ward(
    wards: list[dict[str, int]], reveals: bool
) -> None:
    assert total_reveals_indicator(HR, wards, T) is reveals


def test_a_roll_up_of_two_wards_is_a_roll_up() -> None:
    _, total = ward_copies([(3, 4, 3), (20, 25, 12)])
    assert total.value(HR).suppressed and total.value(HR).complement
    assert total.breakdown[0].suppressed and total.breakdown[0].complement


def test_a_roll_up_with_no_ward_withheld_shows_its_totals() -> None:
    copies, total = ward_copies([(20, 25, 12), (30, 40, 9)])
    assert not any(c.value(HR).suppressed or c.breakdown[0].suppressed for c in copies)
    assert (total.value(HR).numerator, total.value(HR).suppressed) == (50, False)
    assert (total.breakdown[0].count, total.breakdown[0].suppressed) == (21, False)


def test_threshold_zero_withholds_nothing() -> None:
    ward = content(WARD, (WARD,), 3, 4, 3)
    assert disclose(ward, 0) == ward
    city = content(CITY, ("w0", "w1"), 23, 29, 15)
    assert disclose(city, 0, [people_cells(content("w0", ("w0",), 3, 4, 3))] * 2) == city


# --- brute force: every small roll-up, and every value a withheld ward could have given what is shown --


def test_no_total_row_shown_leaves_a_withheld_ward_one_possible_count() -> None:
    values = range(7)
    for k in (2, 3, 4):
        for counts in itertools.product(values, repeat=k):
            if total_reveals_row(ROW, rows(*counts), T):
                continue
            shown: list[int | None] = [None if small(c, T) else c for c in counts]
            hidden = [c for c in counts if small(c, T)]
            assert not hidden or sum(hidden) >= T, counts  # withheld together: at least t people
            for possible in possible_rows(shown, sum(counts)):
                assert len(possible) > 1, f"{counts}: a withheld row is pinned to {possible}"


def test_no_total_indicator_shown_leaves_a_withheld_ward_one_possible_figure() -> None:
    figures = [(n, d) for d in range(7) for n in range(d + 1)]
    for k in (2, 3):
        for wards in itertools.product(figures, repeat=k):
            if total_reveals_indicator(HR, [hr(*w) for w in wards], T):
                continue
            shown: list[tuple[int, int] | None] = [None if small_ratio(*w, T) else w for w in wards]
            total = (sum(n for n, _ in wards), sum(d for _, d in wards))
            for possible in possible_ratios(shown, total):
                if possible != {"free"}:
                    assert len({v for v in possible if v[0] == "n"}) > 1, f"{wards}: a numerator is pinned"
                    assert len({v for v in possible if v[0] == "d"}) > 1, f"{wards}: a denominator is pinned"
