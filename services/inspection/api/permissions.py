"""Who may do what (unit × role per permission), and how domain errors become problems.

The Culture–Society Office (``vhxh``) keeps the register and leads the interdisciplinary team; the
Police (``ca``), the Military Command (``qs``) and the Economic–Infrastructure Office (``ktht``)
are team members; the ward leaders (``ubnd``) oversee. The owners' personal details are for the
units that need them (``vhxh``, ``ca``), read through an audited endpoint with a reason.
"""

from __future__ import annotations

from services.inspection.domain.establishment import InvalidEstablishment, StepNotAllowed
from services.inspection.domain.hotspots import HotspotRefused, QuietPeriodNotOver
from services.inspection.domain.hotspots import StepNotAllowed as HotspotStepNotAllowed
from services.inspection.domain.inspection import InvalidRecord, RecordFinal
from services.inspection.domain.schedule import ScheduleRefused
from services.inspection.handlers.establishments import (
    DuplicateRegistration,
    NotFound,
    ReasonRequired,
    UnknownResidentialGroup,
)
from services.inspection.handlers.inspections import EstablishmentClosed
from services.inspection.handlers.register import UnreadableFile
from shared.auth import Grant, PermissionTable


def _staff(*units: str) -> tuple[Grant, ...]:
    return tuple(Grant(u, role) for u in units for role in ("officer", "leader"))


TEAM = _staff("vhxh", "ca", "qs", "ktht")
OVERSIGHT = (Grant("ubnd", "leader"),)
PERMISSIONS: PermissionTable = {
    "register:read": (*TEAM, *OVERSIGHT),
    "register:write": _staff("vhxh", "ca"),
    "register:read_private": _staff("vhxh", "ca"),
    "register:review": _staff("vhxh", "ca"),
    "register:import": _staff("vhxh"),
    "register:export": (*_staff("vhxh"), Grant("ca", "leader"), *OVERSIGHT),
    "inspections:read": (*TEAM, *OVERSIGHT),
    "inspections:plan": _staff("vhxh"),
    "inspections:record": TEAM,
    "inspections:sign": (Grant("vhxh", "leader"),),
    "hotspots:read": (*_staff("vhxh", "ca"), *OVERSIGHT),
    "hotspots:decide": (Grant("vhxh", "leader"), Grant("ca", "leader")),
}
INVALID = "Dữ liệu không hợp lệ / Invalid data"
# Domain errors → problem details (status, type, title); the one table for this service.
ERRORS: dict[type[Exception], tuple[int, str, str]] = {
    NotFound: (404, "not-found", "Không tìm thấy / Not found"),
    DuplicateRegistration: (409, "duplicate-registration", "Cơ sở đã có trong sổ / Already registered"),
    StepNotAllowed: (409, "step-not-allowed", "Không được chuyển trạng thái / Step not allowed"),
    RecordFinal: (409, "record-final", "Biên bản đã ký / The record is signed"),
    EstablishmentClosed: (409, "establishment-closed", "Cơ sở đã đóng / Establishment closed"),
    InvalidEstablishment: (422, "invalid-establishment", INVALID),
    InvalidRecord: (422, "invalid-record", INVALID),
    UnknownResidentialGroup: (422, "unknown-residential-group", INVALID),
    UnreadableFile: (422, "unreadable-file", "Tệp không dùng được / The file cannot be used"),
    ReasonRequired: (422, "reason-required", "Cần nêu lý do / A reason is required"),
    ScheduleRefused: (422, "schedule-refused", "Không lập được lịch / No schedule for this request"),
    HotspotStepNotAllowed: (409, "step-not-allowed", "Không được chuyển trạng thái / Step not allowed"),
    QuietPeriodNotOver: (409, "quiet-period-not-over", "Chưa đủ thời gian yên ổn / Quiet period not over"),
    HotspotRefused: (422, "hotspot-refused", INVALID),
}
