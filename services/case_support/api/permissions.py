"""Who may do what (unit × role per permission), and how domain errors become problems.

Case workers of the Culture–Society Office (``vhxh`` officer or case worker) manage the ward's
clients; collaborators and peer educators (role ``collaborator``, of any unit of the ward) work only with the
clients assigned to them (checked on every case: another's client is "not found"); leaders (``vhxh``
and ``ubnd``) see counts, not people, and may open one record only by breaking the glass with a
stated reason, which the audit flags.
"""

from __future__ import annotations

from services.case_support.domain.case import CaseRefused, ConsentRequired, StepNotAllowed
from services.case_support.domain.consent import ConsentError
from services.case_support.domain.plan import PlanRefused
from services.case_support.domain.pseudonym import InvalidFacts
from services.case_support.domain.referral import (
    ConsentMissing,
    OutcomeNotAllowed,
    ReferralRefused,
    ServiceNotOffered,
)
from services.case_support.domain.referral import StepNotAllowed as ReferralStepNotAllowed
from services.case_support.handlers.access import DuplicateClient, NotFound, ReasonRequired
from shared.auth import UNITS, Grant, PermissionTable

CASE_WORKERS = (Grant("vhxh", "officer"), Grant("vhxh", "case_worker"))
# The ward's own units only: the city's staff never see a client of the ward.
COLLABORATORS = tuple(Grant(u, "collaborator") for u in UNITS if u != "city")
LEADERS = (Grant("vhxh", "leader"), Grant("ubnd", "leader"))
PERMISSIONS: PermissionTable = {
    "cases:enrol": (*CASE_WORKERS, *COLLABORATORS),
    "cases:read": (*CASE_WORKERS, *COLLABORATORS),
    "cases:write": (*CASE_WORKERS, *COLLABORATORS),
    "cases:read_personal": (*CASE_WORKERS, *COLLABORATORS),
    "cases:manage": CASE_WORKERS,  # close, reopen, erase, assign collaborators, enrolment requests
    "cases:count": (*CASE_WORKERS, *LEADERS),
    "cases:break_glass": LEADERS,
    "providers:read": (*CASE_WORKERS, *COLLABORATORS, *LEADERS),
    "providers:write": CASE_WORKERS,
}
INVALID = "Dữ liệu không hợp lệ / Invalid data"
REFUSED = "Không thực hiện được / Refused"
# Domain errors → problem details (status, type, title); the one table for this service.
ERRORS: dict[type[Exception], tuple[int, str, str]] = {
    NotFound: (404, "not-found", "Không tìm thấy / Not found"),
    DuplicateClient: (409, "duplicate-client", "Thân chủ đã có hồ sơ đang mở / Client already enrolled"),
    StepNotAllowed: (409, "step-not-allowed", "Không được chuyển trạng thái / Step not allowed"),
    ReferralStepNotAllowed: (409, "step-not-allowed", "Không được chuyển trạng thái / Step not allowed"),
    OutcomeNotAllowed: (422, "outcome-not-allowed", INVALID),
    ConsentRequired: (409, "consent-required", "Thiếu đồng ý của thân chủ / Consent required"),
    ConsentMissing: (409, "consent-required", "Thiếu đồng ý của thân chủ / Consent required"),
    ConsentError: (409, "consent-refused", REFUSED),
    ServiceNotOffered: (422, "service-not-offered", "Đơn vị không cung cấp dịch vụ / Service not offered"),
    ReferralRefused: (422, "referral-refused", REFUSED),
    CaseRefused: (422, "case-refused", REFUSED),
    PlanRefused: (422, "plan-refused", INVALID),
    InvalidFacts: (422, "invalid-facts", INVALID),
    ReasonRequired: (422, "reason-required", "Cần nêu lý do / A reason is required"),
}
