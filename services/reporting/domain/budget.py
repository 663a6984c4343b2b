"""The programme's budget (section III of the plan): estimate lines, allocations, spending, execution.

A line is a year's estimate (dự toán) for one unit, one kind of activity and one funding source:

- ``state_budget``: the ward's state budget, in its regular spending estimate (dự toán chi thường xuyên);
- ``integrated``: funds integrated from another programme (lồng ghép), which one is named;
- ``socialized``: sponsorship, aid and other lawful contributions (xã hội hóa).

Funds are allocated (cấp kinh phí) against a line, never above its estimate, and spent against it. A
spend above what is allocated is refused unless a leader approves it with a reason. Once a year is
closed (khóa sổ), nothing more is allocated or spent on it. Amounts are whole VND.

Execution compares estimate, allocated and spent; a rate is kept in basis points of its base (the
quotient floored, as every ratio of this service) and written by ``figures`` with its one rounding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from services.reporting.domain.periods import PLAN_FIRST_YEAR, PLAN_LAST_YEAR, VN

# code -> (Vietnamese, English)
SOURCES: Mapping[str, tuple[str, str]] = {
    "state_budget": (
        "Ngân sách nhà nước (dự toán chi thường xuyên của UBND phường)",
        "Ward state budget (regular spending estimate)",
    ),
    "integrated": ("Nguồn lồng ghép từ các chương trình, đề án", "Funds integrated from other programmes"),
    "socialized": (
        "Tài trợ, viện trợ, xã hội hóa và nguồn hợp pháp khác",
        "Sponsorship, aid and other lawful contributions",
    ),
}
# The programmes an integrated line draws on (section III.2).
PROGRAMMES: Mapping[str, tuple[str, str]] = {
    "health": ("Y tế", "Health"),
    "gender_equality": ("Bình đẳng giới", "Gender equality"),
    "hiv_aids": ("Phòng, chống HIV/AIDS", "HIV/AIDS prevention"),
    "poverty_reduction": ("Giảm nghèo", "Poverty reduction"),
    "social_security": ("An sinh xã hội", "Social security"),
    "crime_and_social_evils": (
        "Phòng, chống tội phạm và tệ nạn xã hội",
        "Crime and social-evils prevention",
    ),
}
NAMES_A_PROGRAMME = frozenset({"integrated"})  # the sources whose line names the programme it draws on
# What a line pays for (the plan's tasks, section II, and the inspection team of IV.6).
ACTIVITY_KINDS: Mapping[str, tuple[str, str]] = {
    "communication": ("Truyền thông, tuyên truyền", "Communication and dissemination"),
    "training": ("Tập huấn, nâng cao năng lực", "Training and capacity building"),
    "inspection_team": ("Hoạt động Đội kiểm tra liên ngành", "Interdisciplinary inspection team"),
    "harm_reduction": ("Hỗ trợ can thiệp giảm hại, hòa nhập cộng đồng", "Harm reduction and reintegration"),
    "online_monitoring": ("Quản lý môi trường mạng", "Online monitoring"),
    "research": ("Khảo sát, nghiên cứu, cơ sở dữ liệu", "Surveys, research and data"),
    "review": ("Sơ kết, tổng kết", "Reviews"),
    "commendation": ("Khen thưởng", "Commendations"),
    "other": ("Khác", "Other"),
}
MAX_VND = 10**13  # ten thousand billion đồng: far above any ward's programme, far below int64


class BudgetRefused(ValueError):
    """A budget record the rules do not allow; the message says why."""


class InvalidAmount(BudgetRefused):
    """Not a whole, positive number of VND."""


class BadSource(BudgetRefused):
    """An unknown source or programme, or a programme named for a source that has none."""


class OutsideYear(BudgetRefused):
    """A date outside the line's budget year, or a year outside the plan period."""


class YearClosed(BudgetRefused):
    """The budget year is closed: nothing more is allocated to or spent on it."""


class AboveEstimate(BudgetRefused):
    """Allocations of a line would exceed its estimate."""


class OverAllocation(BudgetRefused):
    """A spend above what is allocated, without a leader's approval and reason."""

    def __init__(self, available: int, amount: int) -> None:
        super().__init__(
            f"chi {amount} đồng vượt số đã cấp còn lại {available} đồng; cần lãnh đạo phê duyệt kèm lý do"
            f" / spending {amount} VND exceeds the {available} VND allocated and unspent;"
            " a leader must approve it with a reason"
        )
        self.available = available
        self.amount = amount


def vnd(value: object) -> int:
    """``value`` as whole VND: an int (never a bool, a float or text), positive, at most ``MAX_VND``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidAmount(f"số tiền phải là số nguyên đồng / an amount is whole VND, not {value!r}")
    if not 0 < value <= MAX_VND:
        raise InvalidAmount(f"số tiền không hợp lệ / amount out of range: {value}")
    return value


def check_line(year: int, source: str, programme: str | None, activity_kind: str) -> None:
    """A line's year lies in the plan; an integrated line names its programme, no other line does."""
    if not PLAN_FIRST_YEAR <= year <= PLAN_LAST_YEAR:
        raise OutsideYear(f"năm {year} ngoài giai đoạn kế hoạch / year {year} is outside the plan period")
    if source not in SOURCES:
        raise BadSource(f"nguồn không hợp lệ / unknown source {source!r}")
    if activity_kind not in ACTIVITY_KINDS:
        raise BadSource(f"loại hoạt động không hợp lệ / unknown activity kind {activity_kind!r}")
    if programme is None:
        if source in NAMES_A_PROGRAMME:
            raise BadSource("dòng lồng ghép phải ghi chương trình / an integrated line names its programme")
    elif source not in NAMES_A_PROGRAMME:
        raise BadSource("chỉ nguồn lồng ghép ghi chương trình / only an integrated line names a programme")
    elif programme not in PROGRAMMES:
        raise BadSource(f"chương trình không hợp lệ / unknown programme {programme!r}")


def check_in_year(day: dt.date, year: int) -> None:
    """A date of an allocation or a spend falls in the line's budget year."""
    if day.year != year:
        raise OutsideYear(
            f"ngày {day.isoformat()} không thuộc năm ngân sách {year} / {day.isoformat()} is outside"
            f" budget year {year}"
        )


def check_open(year: int, closed_years: Iterable[int]) -> None:
    if year in set(closed_years):
        raise YearClosed(f"năm ngân sách {year} đã khóa sổ / budget year {year} is closed")


def check_allocation(estimate: int, allocated: int, amount: int) -> None:
    """``amount`` more may be allocated to a line of ``estimate`` that has ``allocated`` already."""
    vnd(amount)
    if allocated + amount > estimate:
        raise AboveEstimate(
            f"cấp {amount} đồng vượt dự toán còn lại {estimate - allocated} đồng / allocating {amount}"
            f" VND exceeds the {estimate - allocated} VND of the estimate not yet allocated"
        )


def check_spend(allocated: int, spent: int, amount: int, approval_reason: str | None) -> bool:
    """Whether spending ``amount`` goes over what is allocated (True), which only an approval allows.

    ``approval_reason`` is the leader's reason when a leader approves; a blank one is no approval.
    """
    vnd(amount)
    over = spent + amount > allocated
    if over and not (approval_reason or "").strip():
        raise OverAllocation(max(allocated - spent, 0), amount)
    return over


def closing_day(year: int) -> dt.datetime:
    """The first moment after a budget year, in the ward's time: a year closes only once it has ended."""
    return dt.datetime(year + 1, 1, 1, tzinfo=VN)


def check_closable(year: int, at: dt.datetime, closed_years: Iterable[int]) -> None:
    check_open(year, closed_years)
    if at < closing_day(year):
        raise OutsideYear(f"năm {year} chưa kết thúc / budget year {year} has not ended")


# execution -----------------------------------------------------------------------------------------


def basis_points(part: int, whole: int) -> int | None:
    """``part`` of ``whole`` in basis points, floored; None when there is no base to measure against."""
    if whole <= 0:
        return None
    return part * 10000 // whole


@dataclass(frozen=True, slots=True)
class Line:
    line_id: str
    year: int
    unit_code: str
    activity_kind: str
    source: str
    programme: str | None
    estimate: int


@dataclass(frozen=True, slots=True)
class Execution:
    """Estimate, allocated and spent of a line or of a group of lines."""

    estimate: int = 0
    allocated: int = 0
    spent: int = 0

    def __add__(self, other: Execution) -> Execution:
        return Execution(
            self.estimate + other.estimate, self.allocated + other.allocated, self.spent + other.spent
        )

    @property
    def unspent(self) -> int:
        """Allocated and not spent (negative after an approved spend above allocation)."""
        return self.allocated - self.spent

    @property
    def allocated_of_estimate(self) -> int | None:
        return basis_points(self.allocated, self.estimate)

    @property
    def spent_of_estimate(self) -> int | None:
        return basis_points(self.spent, self.estimate)

    @property
    def spent_of_allocated(self) -> int | None:
        return basis_points(self.spent, self.allocated)


def of_lines(
    lines: Iterable[Line], allocated: Mapping[str, int], spent: Mapping[str, int]
) -> list[tuple[Line, Execution]]:
    """Each line with its execution: what was allocated to it and spent on it (by line id)."""
    return [
        (line, Execution(line.estimate, allocated.get(line.line_id, 0), spent.get(line.line_id, 0)))
        for line in lines
    ]


K = TypeVar("K", bound=Hashable)


def roll_up(rows: Iterable[tuple[Line, Execution]], key: Callable[[Line], K]) -> dict[K, Execution]:
    """The executions summed by ``key`` (a source, a year, a unit, ...), keys in sorted order."""
    totals: dict[K, Execution] = {}
    for line, execution in rows:
        k = key(line)
        totals[k] = totals.get(k, Execution()) + execution
    return dict(sorted(totals.items(), key=lambda item: str(item[0])))


def total(rows: Iterable[tuple[Line, Execution]]) -> Execution:
    result = Execution()
    for _line, execution in rows:
        result = result + execution
    return result
