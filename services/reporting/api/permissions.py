"""Who may do what (unit × role per permission), and how domain errors become problems."""

from __future__ import annotations

from services.reporting.domain.budget import (
    AboveEstimate,
    BadSource,
    InvalidAmount,
    OutsideYear,
    OverAllocation,
    YearClosed,
)
from services.reporting.domain.difficulties import BadMove, ResponseMissing
from services.reporting.domain.evaluation import EvaluationRefused
from services.reporting.domain.periods import BadPeriod
from services.reporting.domain.review import NotApprovable, ReviewRefused
from services.reporting.handlers.errors import (
    AlreadyRecorded,
    RecordNotFound,
    ScopeForbidden,
    ScopeNotFound,
    SnapshotNotFound,
    SnapshotNotPrepared,
    TargetOutOfRange,
    UnknownIndicator,
)
from services.reporting.handlers.forecast import NotForecastable
from shared.auth import UNITS, Grant, PermissionTable
from shared.errors import Conflict, Forbidden, NotFound, Problem

ALL = "*"
WARD_UNITS = tuple(u for u in UNITS if u != "city")  # the ward's own units (the city is above it)
PERMISSIONS: PermissionTable = {
    # indicators, snapshots, org units and raw counts
    "indicators:read": (Grant("ubnd", ALL), Grant("vhxh", ALL), Grant("ca", ALL), Grant("city", ALL)),
    # the programme's own records: activities, trainings, roster, directives, plans, reports
    "programme:read": (Grant("ubnd", ALL), Grant("vhxh", ALL), Grant("ttdv", ALL), Grant("vp", ALL)),
    "programme:write": (Grant("vhxh", ALL), Grant("ttdv", ALL), Grant("vp", ALL)),
    "roster:write": (Grant("vhxh", "leader"), Grant("vhxh", "officer"), Grant("vhxh", "admin")),
    "reports:write": (Grant("vhxh", ALL),),
    "snapshots:prepare": (Grant("vhxh", ALL),),
    "snapshots:approve": (Grant("ubnd", "leader"),),
    "targets:write": (Grant("ubnd", "leader"), Grant("vhxh", "leader")),
    "exports:read": (Grant("ubnd", ALL), Grant("vhxh", ALL), Grant("city", ALL)),
    # the budget (plan III): the Economic-Infrastructure Office estimates, allocates and records spending;
    # spending above the allocation needs a leader (its own or the ward's); its leader closes a year
    "budget:read": (Grant("ubnd", ALL), Grant("ktht", ALL), Grant("vhxh", ALL)),
    "budget:write": (Grant("ktht", "officer"), Grant("ktht", "leader")),
    "budget:approve": (Grant("ktht", "leader"), Grant("ubnd", "leader")),
    "budget:close": (Grant("ktht", "leader"),),
    # difficulties and proposals (plan II.7, IV.1): every unit of the ward records its own and sees them;
    # the Culture-Society Office and the ward's leadership see every unit's and answer them
    "difficulties:read": tuple(Grant(u, r) for u in WARD_UNITS for r in ("leader", "officer", "viewer")),
    "difficulties:write": tuple(Grant(u, r) for u in WARD_UNITS for r in ("leader", "officer")),
    "difficulties:respond": (Grant("vhxh", "leader"), Grant("vhxh", "officer"), Grant("ubnd", "leader")),
    # surveys and assessments (II.6): the office records them, the police's analysts read them too;
    # commendations and accountability (II.7): the office prepares, the ward's leadership decides
    "surveys:read": (Grant("ubnd", ALL), Grant("vhxh", ALL), Grant("ca", "leader"), Grant("ca", "analyst")),
    "surveys:write": (Grant("vhxh", "leader"), Grant("vhxh", "officer"), Grant("vhxh", "analyst")),
    "commendations:read": (Grant("ubnd", ALL), Grant("vhxh", ALL)),
    "commendations:write": (Grant("ubnd", "leader"), Grant("vhxh", "leader"), Grant("vhxh", "officer")),
    # reviews (sơ kết, tổng kết): the office prepares them, a ward leader approves them, as snapshots
    "reviews:read": (Grant("ubnd", ALL), Grant("vhxh", ALL)),
    "reviews:prepare": (Grant("vhxh", "leader"), Grant("vhxh", "officer")),
    "reviews:approve": (Grant("ubnd", "leader"),),
}


def _as(problem: type[Problem]) -> tuple[int, str, str]:
    """The platform's own problem type, for a domain error that means the same."""
    return problem.status, problem.type_slug, problem.title


# Domain errors → problem details (status, type, title); the one table for this service.
ERRORS: dict[type[Exception], tuple[int, str, str]] = {
    BadPeriod: (422, "invalid-period", "Kỳ báo cáo không hợp lệ / Invalid period"),
    ScopeNotFound: _as(NotFound),
    ScopeForbidden: _as(Forbidden),
    SnapshotNotFound: _as(NotFound),
    SnapshotNotPrepared: _as(Conflict),
    RecordNotFound: _as(NotFound),
    AlreadyRecorded: _as(Conflict),
    UnknownIndicator: _as(NotFound),
    TargetOutOfRange: (422, "target-out-of-range", "Mục tiêu không hợp lệ / Target out of range"),
    InvalidAmount: (422, "invalid-amount", "Số tiền không hợp lệ / Invalid amount"),
    BadSource: (422, "invalid-budget-line", "Dòng dự toán không hợp lệ / Invalid budget line"),
    OutsideYear: (422, "outside-budget-year", "Ngoài năm ngân sách / Outside the budget year"),
    YearClosed: (409, "budget-year-closed", "Năm ngân sách đã khóa sổ / Budget year closed"),
    AboveEstimate: (409, "above-estimate", "Vượt dự toán / Above the estimate"),
    OverAllocation: (409, "over-allocation", "Chi vượt số đã cấp / Spending above the allocation"),
    BadMove: (409, "status-not-allowed", "Không chuyển được trạng thái / Status change not allowed"),
    ResponseMissing: (422, "response-missing", "Thiếu nội dung trả lời / The response is missing"),
    EvaluationRefused: (422, "invalid-record", "Bản ghi không hợp lệ / Invalid record"),
    ReviewRefused: (
        422,
        "review-not-allowed",
        "Chưa lập được báo cáo cho kỳ này / No review for this period",
    ),
    NotApprovable: _as(Conflict),
    NotForecastable: (422, "not-forecastable", "Chỉ dự báo chỉ số đếm / Only counts are forecast"),
}
