"""The vocabulary of the register and its inspections (the API and events use the values).

Each enumeration mirrors one of ``proto/pcmd/inspection/v1/events.proto``; the ``*_VI`` tables give
the Vietnamese label shown to users (English is the value itself, spelled out).
"""

from __future__ import annotations

import enum


class BusinessType(enum.StrEnum):
    LODGING = "lodging"  # cơ sở lưu trú: hotel, guest house, motel
    KARAOKE = "karaoke"
    MASSAGE = "massage"  # massage, sauna, spa
    BAR = "bar"
    PUB = "pub"
    DANCE_HALL = "dance_hall"
    SHORT_TERM_RENTAL = "short_term_rental"  # apartments let by the hour or day
    OTHER = "other"


class EstablishmentStatus(enum.StrEnum):
    REGISTERED = "registered"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class RiskClass(enum.StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class ClosureReason(enum.StrEnum):
    CEASED_TRADING = "ceased_trading"
    LICENCE_REVOKED = "licence_revoked"
    MOVED_OUT = "moved_out"
    NO_LONGER_AT_RISK = "no_longer_at_risk"
    DUPLICATE = "duplicate"
    OTHER = "other"


class InspectionKind(enum.StrEnum):
    PLANNED = "planned"  # theo kế hoạch
    THEMATIC = "thematic"  # chuyên đề (a campaign)
    SURPRISE = "surprise"  # đột xuất


class InspectionResult(enum.StrEnum):
    NO_VIOLATION = "no_violation"
    VIOLATIONS_FOUND = "violations_found"
    NOT_OPERATING = "not_operating"
    NOT_CARRIED_OUT = "not_carried_out"


class ViolationKind(enum.StrEnum):
    PROSTITUTION_ON_PREMISES = "prostitution_on_premises"
    HARBOURING_OR_BROKERING = "harbouring_or_brokering"
    GUEST_REGISTRATION = "guest_registration"
    OPERATING_CONDITIONS = "operating_conditions"
    NO_LICENCE = "no_licence"
    PREMISES_RULES = "premises_rules"
    STAFF_RULES = "staff_rules"
    OTHER = "other"


class SanctionKind(enum.StrEnum):
    WARNING = "warning"
    FINE = "fine"
    LICENCE_SUSPENSION = "licence_suspension"
    OPERATION_SUSPENSION = "operation_suspension"
    CONFISCATION = "confiscation"
    CRIMINAL_REFERRAL = "criminal_referral"


class PlaceKind(enum.StrEnum):
    ESTABLISHMENT = "establishment"
    STREET = "street"
    PUBLIC_SPACE = "public_space"
    RESIDENTIAL_BUILDING = "residential_building"
    OTHER = "other"


class HotspotFormation(enum.StrEnum):
    FORMED = "formed"  # hình thành
    RE_FORMED = "re_formed"  # tái hình thành


BUSINESS_TYPE_VI: dict[BusinessType, str] = {
    BusinessType.LODGING: "Cơ sở lưu trú",
    BusinessType.KARAOKE: "Karaoke",
    BusinessType.MASSAGE: "Xoa bóp, xông hơi",
    BusinessType.BAR: "Quán bar",
    BusinessType.PUB: "Quán rượu, beer club",
    BusinessType.DANCE_HALL: "Vũ trường",
    BusinessType.SHORT_TERM_RENTAL: "Căn hộ cho thuê ngắn ngày",
    BusinessType.OTHER: "Dịch vụ nhạy cảm khác",
}
STATUS_VI: dict[EstablishmentStatus, str] = {
    EstablishmentStatus.REGISTERED: "mới đăng ký theo dõi",
    EstablishmentStatus.ACTIVE: "đang hoạt động",
    EstablishmentStatus.SUSPENDED: "tạm ngừng",
    EstablishmentStatus.CLOSED: "đã đóng",
}
RISK_VI: dict[RiskClass, str] = {RiskClass.LOW: "thấp", RiskClass.MEDIUM: "trung bình", RiskClass.HIGH: "cao"}
CLOSURE_VI: dict[ClosureReason, str] = {
    ClosureReason.CEASED_TRADING: "ngừng kinh doanh",
    ClosureReason.LICENCE_REVOKED: "bị thu hồi giấy phép",
    ClosureReason.MOVED_OUT: "chuyển khỏi phường",
    ClosureReason.NO_LONGER_AT_RISK: "không còn kinh doanh dịch vụ dễ bị lợi dụng",
    ClosureReason.DUPLICATE: "trùng lặp",
    ClosureReason.OTHER: "lý do khác",
}
INSPECTION_KIND_VI: dict[InspectionKind, str] = {
    InspectionKind.PLANNED: "theo kế hoạch",
    InspectionKind.THEMATIC: "chuyên đề",
    InspectionKind.SURPRISE: "đột xuất",
}
RESULT_VI: dict[InspectionResult, str] = {
    InspectionResult.NO_VIOLATION: "không phát hiện vi phạm",
    InspectionResult.VIOLATIONS_FOUND: "phát hiện vi phạm",
    InspectionResult.NOT_OPERATING: "không hoạt động",
    InspectionResult.NOT_CARRIED_OUT: "không tiến hành được",
}
VIOLATION_VI: dict[ViolationKind, str] = {
    ViolationKind.PROSTITUTION_ON_PREMISES: "để xảy ra hoạt động mại dâm tại cơ sở",
    ViolationKind.HARBOURING_OR_BROKERING: "chứa chấp, môi giới mại dâm",
    ViolationKind.GUEST_REGISTRATION: "không thông báo lưu trú",
    ViolationKind.OPERATING_CONDITIONS: "không bảo đảm điều kiện kinh doanh, an ninh trật tự",
    ViolationKind.NO_LICENCE: "kinh doanh không có giấy phép",
    ViolationKind.PREMISES_RULES: "vi phạm quy định về giờ hoạt động, phòng, khóa cửa, ánh sáng",
    ViolationKind.STAFF_RULES: "vi phạm quy định về người lao động",
    ViolationKind.OTHER: "vi phạm khác",
}
SANCTION_VI: dict[SanctionKind, str] = {
    SanctionKind.WARNING: "cảnh cáo",
    SanctionKind.FINE: "phạt tiền",
    SanctionKind.LICENCE_SUSPENSION: "tước quyền sử dụng giấy phép có thời hạn",
    SanctionKind.OPERATION_SUSPENSION: "đình chỉ hoạt động có thời hạn",
    SanctionKind.CONFISCATION: "tịch thu tang vật, phương tiện",
    SanctionKind.CRIMINAL_REFERRAL: "chuyển cơ quan điều tra",
}
PLACE_VI: dict[PlaceKind, str] = {
    PlaceKind.ESTABLISHMENT: "cơ sở kinh doanh",
    PlaceKind.STREET: "tuyến phố",
    PlaceKind.PUBLIC_SPACE: "nơi công cộng",
    PlaceKind.RESIDENTIAL_BUILDING: "nhà ở, phòng cho thuê",
    PlaceKind.OTHER: "nơi khác",
}
