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

from services.reporting.domain.disclosure import disclose, people_cells, small_ratio
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
