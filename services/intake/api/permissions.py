"""Who may do what (unit × role per permission), and how domain errors become problems."""

from __future__ import annotations

from services.intake.domain import InvalidCommand, TransitionNotAllowed
from services.intake.domain.deadlines import ExtensionRefused
from services.intake.handlers.commands import InvalidPhone
from services.intake.handlers.public import UnknownWard
from services.intake.handlers.tips import ReasonRequired, TipNotFound, UnknownResidentialGroup
from shared.auth import Grant, PermissionTable

OFFICERS = (Grant("ca", "officer"), Grant("ca", "leader"), Grant("vhxh", "officer"), Grant("vhxh", "leader"))
LEADERS = (Grant("ca", "leader"), Grant("vhxh", "leader"))
PERMISSIONS: PermissionTable = {
    "tips:create": (*OFFICERS, Grant("tdp", "*"), Grant("mttq", "*")),
    "tips:read": (*OFFICERS, Grant("ubnd", "leader")),
    "tips:process": OFFICERS,
    "tips:reopen": LEADERS,
    "tips:read_private": OFFICERS,
    "tips:export": (*LEADERS, Grant("ubnd", "leader")),
}
# Domain errors → problem details (status, type, title); the one table for this service.
ERRORS: dict[type[Exception], tuple[int, str, str]] = {
    TransitionNotAllowed: (
        409,
        "transition-not-allowed",
        "Không được chuyển trạng thái / Transition not allowed",
    ),
    InvalidCommand: (409, "invalid-command", "Lệnh không hợp lệ với tin này / Invalid for this tip"),
    ExtensionRefused: (409, "extension-refused", "Không được gia hạn / Extension refused"),
    TipNotFound: (404, "not-found", "Không tìm thấy / Not found"),
    ReasonRequired: (422, "reason-required", "Cần nêu lý do / A reason is required"),
    UnknownResidentialGroup: (422, "unknown-residential-group", "Dữ liệu không hợp lệ / Invalid data"),
    UnknownWard: (422, "unknown-ward", "Dữ liệu không hợp lệ / Invalid data"),
    InvalidPhone: (422, "invalid-phone", "Số điện thoại không hợp lệ / Invalid phone number"),
}
