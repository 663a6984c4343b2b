"""Who may do what (unit × role per permission), and how domain errors become problems.

The Police's cyber officers (``ca``) and the Culture–Society Office (``vhxh``) monitor, classify and
ask for takedowns; the Public Service Centre (``ttdv``) receives the public's reports and may enter
and read items, nothing more; the ward leaders (``ubnd``) oversee. The content's text (personal data
about third parties) is for ``ca`` and ``vhxh`` only, read through an audited endpoint with a reason;
escalating beyond the ward is a leader's decision.
"""

from __future__ import annotations

from services.online_monitoring.domain.custody import CustodyError
from services.online_monitoring.domain.evidence import EvidenceRejected
from services.online_monitoring.domain.item import ItemStepNotAllowed, TakedownNotFound
from services.online_monitoring.domain.takedown import InvalidTakedown, TakedownStepNotAllowed
from services.online_monitoring.domain.urls import InvalidUrl
from services.online_monitoring.handlers.bulk import UnreadableBatch
from services.online_monitoring.handlers.classification import NoText
from services.online_monitoring.handlers.items import AlreadyReported, NotFound, ReasonRequired, SameItem
from shared.auth import Grant, PermissionTable


def _staff(*units: str) -> tuple[Grant, ...]:
    return tuple(Grant(u, role) for u in units for role in ("officer", "leader"))


MONITORS = _staff("ca", "vhxh")
OVERSIGHT = (Grant("ubnd", "leader"),)
PERMISSIONS: PermissionTable = {
    "items:read": (*MONITORS, *_staff("ttdv"), *OVERSIGHT),
    "items:report": (*MONITORS, *_staff("ttdv")),
    "items:import": MONITORS,
    "items:read_text": MONITORS,
    "items:classify": MONITORS,
    "items:close": MONITORS,
    "takedowns:request": MONITORS,
    "takedowns:escalate": (Grant("ca", "leader"), Grant("vhxh", "leader")),
    "transparency:read": (*MONITORS, *OVERSIGHT),
    # Evidence (personal data about third parties): the public's desk may file what it received, only
    # the monitors see and download it, handing it to another body is the police's or a leader's act,
    # and the leaders may check a chain of custody without seeing the file.
    "evidence:upload": (*MONITORS, *_staff("ttdv")),
    "evidence:read": MONITORS,
    "evidence:download": MONITORS,
    "evidence:hand_over": (*_staff("ca"), Grant("vhxh", "leader")),
    "evidence:custody": (*MONITORS, *OVERSIGHT),
}
INVALID = "Dữ liệu không hợp lệ / Invalid data"
STEP = "Không được chuyển trạng thái / Step not allowed"
# Domain errors → problem details (status, type, title); the one table for this service.
ERRORS: dict[type[Exception], tuple[int, str, str]] = {
    NotFound: (404, "not-found", "Không tìm thấy / Not found"),
    TakedownNotFound: (404, "not-found", "Không tìm thấy / Not found"),
    InvalidUrl: (422, "invalid-url", "Đường dẫn không hợp lệ / Invalid URL"),
    InvalidTakedown: (422, "invalid-takedown", INVALID),
    SameItem: (422, "same-item", INVALID),
    ReasonRequired: (422, "reason-required", "Cần nêu lý do / A reason is required"),
    NoText: (422, "no-text", "Chưa có nội dung để phân loại / No text to classify"),
    UnreadableBatch: (422, "unreadable-batch", "Lô không đọc được / The batch cannot be read"),
    AlreadyReported: (409, "already-reported", "Nội dung đã được báo / Already reported"),
    ItemStepNotAllowed: (409, "step-not-allowed", STEP),
    TakedownStepNotAllowed: (409, "step-not-allowed", STEP),
    EvidenceRejected: (422, "evidence-rejected", "Chứng cứ không được nhận / Evidence refused"),
    CustodyError: (409, "custody-refused", "Không ghi được chuỗi lưu giữ / Custody entry refused"),
}
