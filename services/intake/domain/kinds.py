"""The vocabulary of a tip: kinds, channels, statuses, steps, outcomes (the API and events use the values)."""

from __future__ import annotations

import enum


class TipKind(enum.StrEnum):
    DENUNCIATION = "denunciation"
    REPORT = "report"
    COMPLAINT = "complaint"
    RECOMMENDATION_TO_PROSECUTE = "recommendation_to_prosecute"


class Channel(enum.StrEnum):
    HOTLINE = "hotline"
    IN_PERSON = "in_person"
    WEB_FORM = "web_form"
    RESIDENTIAL_GROUP = "residential_group"
    TRANSFERRED = "transferred"
    ONLINE_MONITORING = "online_monitoring"
    INSPECTION = "inspection"


class SubjectType(enum.StrEnum):
    BUSINESS = "business"
    ONLINE = "online"
    PLACE = "place"
    PERSON_IN_NEED = "person_in_need"


class TipStatus(enum.StrEnum):
    RECEIVED = "received"
    VERIFYING = "verifying"
    VERIFIED = "verified"
    UNFOUNDED = "unfounded"
    CLASSIFIED = "classified"
    ROUTED = "routed"
    HANDLED = "handled"
    TRANSFERRED = "transferred"
    MERGED = "merged"


class Action(enum.StrEnum):
    RECEIVE = "receive"
    START_VERIFICATION = "start_verification"
    CONFIRM = "confirm"  # verification found it founded (fully or partly)
    REJECT = "reject"  # verification found it unfounded
    CLASSIFY = "classify"
    ROUTE = "route"
    HANDLE = "handle"
    TRANSFER = "transfer"
    MERGE = "merge"
    REOPEN = "reopen"
    EXTEND = "extend"  # changes the deadline, not the status


class VerificationOutcome(enum.StrEnum):
    FOUNDED = "founded"
    PARTLY_FOUNDED = "partly_founded"
    UNFOUNDED = "unfounded"
    INSUFFICIENT_INFORMATION = "insufficient_information"


class Category(enum.StrEnum):
    SOLICITATION = "solicitation"
    BROKERING = "brokering"
    HARBOURING = "harbouring"
    ORGANISING = "organising"
    ONLINE_SOLICITATION = "online_solicitation"
    ESTABLISHMENT_VIOLATION = "establishment_violation"
    TRAFFICKING = "trafficking"
    HOTSPOT = "hotspot"
    SUPPORT_NEEDED = "support_needed"
    HANDLING_COMPLAINT = "handling_complaint"
    OUT_OF_SCOPE = "out_of_scope"
    OTHER = "other"


class Severity(enum.StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    URGENT = "urgent"


class RoutingTarget(enum.StrEnum):
    POLICE_INVESTIGATION = "police_investigation"
    INSPECTION = "inspection"
    ONLINE_MONITORING = "online_monitoring"
    CASE_SUPPORT = "case_support"
    OTHER_AGENCY = "other_agency"


class Outcome(enum.StrEnum):
    ADMINISTRATIVE_SANCTION = "administrative_sanction"
    CRIMINAL_PROCEEDINGS = "criminal_proceedings"
    NO_PROCEEDINGS = "no_proceedings"
    NO_VIOLATION = "no_violation"
    SUPPORT_PROVIDED = "support_provided"
    ONLINE_CONTENT_HANDLED = "online_content_handled"
    COMPLAINT_UPHELD = "complaint_upheld"
    COMPLAINT_PARTLY_UPHELD = "complaint_partly_upheld"
    COMPLAINT_REJECTED = "complaint_rejected"
    UNFOUNDED = "unfounded"
    WITHDRAWN = "withdrawn"
    OTHER = "other"


class TransferDestination(enum.StrEnum):
    INVESTIGATING_BODY = "investigating_body"
    PROCURACY = "procuracy"
    OTHER_WARD = "other_ward"
    CITY_AGENCY = "city_agency"
    OTHER = "other"


# Vietnamese names, for messages an official reads (the API values stay the codes above).
STATUS_VI: dict[TipStatus, str] = {
    TipStatus.RECEIVED: "mới tiếp nhận",
    TipStatus.VERIFYING: "đang xác minh",
    TipStatus.VERIFIED: "đã xác minh",
    TipStatus.UNFOUNDED: "không có căn cứ",
    TipStatus.CLASSIFIED: "đã phân loại",
    TipStatus.ROUTED: "đã chuyển xử lý",
    TipStatus.HANDLED: "đã xử lý",
    TipStatus.TRANSFERRED: "đã chuyển cơ quan khác",
    TipStatus.MERGED: "đã gộp",
}
ACTION_VI: dict[Action, str] = {
    Action.RECEIVE: "tiếp nhận",
    Action.START_VERIFICATION: "bắt đầu xác minh",
    Action.CONFIRM: "xác nhận có căn cứ",
    Action.REJECT: "kết luận không có căn cứ",
    Action.CLASSIFY: "phân loại",
    Action.ROUTE: "chuyển xử lý",
    Action.HANDLE: "ghi kết quả xử lý",
    Action.TRANSFER: "chuyển cơ quan khác",
    Action.MERGE: "gộp tin",
    Action.REOPEN: "mở lại",
    Action.EXTEND: "gia hạn",
}
KIND_VI: dict[TipKind, str] = {
    TipKind.DENUNCIATION: "Tố giác",
    TipKind.REPORT: "Tin báo",
    TipKind.COMPLAINT: "Khiếu nại",
    TipKind.RECOMMENDATION_TO_PROSECUTE: "Kiến nghị khởi tố",
}
CHANNEL_VI: dict[Channel, str] = {
    Channel.HOTLINE: "Đường dây nóng",
    Channel.IN_PERSON: "Trực tiếp",
    Channel.WEB_FORM: "Trang web (ẩn danh)",
    Channel.RESIDENTIAL_GROUP: "Tổ dân phố",
    Channel.TRANSFERRED: "Cơ quan khác chuyển đến",
    Channel.ONLINE_MONITORING: "Giám sát trên mạng",
    Channel.INSPECTION: "Kiểm tra cơ sở",
}
CATEGORY_VI: dict[Category, str] = {
    Category.SOLICITATION: "Mua bán dâm",
    Category.BROKERING: "Môi giới mại dâm",
    Category.HARBOURING: "Chứa mại dâm",
    Category.ORGANISING: "Tổ chức hoạt động mại dâm",
    Category.ONLINE_SOLICITATION: "Mại dâm trên mạng",
    Category.ESTABLISHMENT_VIOLATION: "Vi phạm của cơ sở kinh doanh",
    Category.TRAFFICKING: "Mua bán người",
    Category.HOTSPOT: "Tụ điểm",
    Category.SUPPORT_NEEDED: "Cần hỗ trợ",
    Category.HANDLING_COMPLAINT: "Khiếu nại việc giải quyết",
    Category.OUT_OF_SCOPE: "Ngoài phạm vi",
    Category.OTHER: "Khác",
}
SEVERITY_VI: dict[Severity, str] = {
    Severity.LOW: "Thấp",
    Severity.MEDIUM: "Trung bình",
    Severity.HIGH: "Cao",
    Severity.URGENT: "Khẩn cấp",
}
TARGET_VI: dict[RoutingTarget, str] = {
    RoutingTarget.POLICE_INVESTIGATION: "Công an điều tra",
    RoutingTarget.INSPECTION: "Đoàn kiểm tra liên ngành",
    RoutingTarget.ONLINE_MONITORING: "Giám sát trên mạng",
    RoutingTarget.CASE_SUPPORT: "Hỗ trợ người bán dâm",
    RoutingTarget.OTHER_AGENCY: "Cơ quan khác",
}
OUTCOME_VI: dict[Outcome, str] = {
    Outcome.ADMINISTRATIVE_SANCTION: "Xử phạt hành chính",
    Outcome.CRIMINAL_PROCEEDINGS: "Khởi tố hình sự",
    Outcome.NO_PROCEEDINGS: "Không khởi tố",
    Outcome.NO_VIOLATION: "Không vi phạm",
    Outcome.SUPPORT_PROVIDED: "Đã hỗ trợ",
    Outcome.ONLINE_CONTENT_HANDLED: "Đã xử lý nội dung trên mạng",
    Outcome.COMPLAINT_UPHELD: "Khiếu nại đúng",
    Outcome.COMPLAINT_PARTLY_UPHELD: "Khiếu nại đúng một phần",
    Outcome.COMPLAINT_REJECTED: "Khiếu nại sai",
    Outcome.UNFOUNDED: "Không có căn cứ",
    Outcome.WITHDRAWN: "Rút đơn",
    Outcome.OTHER: "Khác",
}
