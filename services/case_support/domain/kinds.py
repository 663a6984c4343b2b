"""The vocabulary of case support (the API and events use the values).

Each enumeration mirrors one of ``proto/pcmd/case_support/v1/events.proto`` (values are the proto's
names without the prefix, in lower case); the ``*_VI`` tables give the Vietnamese label shown to users.
"""

from __future__ import annotations

import enum


class EnrolmentSource(enum.StrEnum):
    OUTREACH = "outreach"
    PEER_EDUCATOR = "peer_educator"
    TIP = "tip"  # a tip routed by intake (the enrolment names it)
    ENFORCEMENT = "enforcement"  # after police action or an inspection
    HEALTH_FACILITY = "health_facility"
    MASS_ORGANISATION = "mass_organisation"
    SELF = "self"  # came on their own (walk-in)
    OTHER = "other"


class NeedKind(enum.StrEnum):
    HIV_STI_PREVENTION = "hiv_sti_prevention"
    MENTAL_HEALTH = "mental_health"
    GBV_PROTECTION = "gbv_protection"
    HEALTH_CARE = "health_care"
    LEGAL_AID = "legal_aid"
    VOCATIONAL_TRAINING = "vocational_training"
    EMPLOYMENT = "employment"
    LIVELIHOOD = "livelihood"
    LOAN = "loan"
    HOUSING = "housing"
    CIVIL_DOCUMENTS = "civil_documents"
    OTHER = "other"


class ServiceCategory(enum.StrEnum):
    HARM_REDUCTION = "harm_reduction"  # can thiệp giảm hại
    REINTEGRATION = "reintegration"  # hòa nhập cộng đồng


class ServiceKind(enum.StrEnum):
    HIV_STI_PREVENTION = "hiv_sti_prevention"
    MENTAL_HEALTH = "mental_health"
    GBV_PREVENTION = "gbv_prevention"
    LEGAL_AID = "legal_aid"
    VOCATIONAL_TRAINING = "vocational_training"
    JOB_PLACEMENT = "job_placement"
    LIVELIHOOD = "livelihood"
    LOAN = "loan"
    OTHER_HARM_REDUCTION = "other_harm_reduction"
    OTHER_REINTEGRATION = "other_reintegration"


class ProviderKind(enum.StrEnum):
    HEALTH_FACILITY = "health_facility"  # incl. HIV clinics
    LEGAL_AID_CENTRE = "legal_aid_centre"
    VOCATIONAL_SCHOOL = "vocational_school"
    EMPLOYER = "employer"
    LENDER = "lender"
    MASS_ORGANISATION = "mass_organisation"
    NGO = "ngo"
    WARD = "ward"  # the ward's own case workers
    OTHER = "other"
    SOCIAL_PROTECTION = "social_protection"  # social assistance centres, social work services
    JOB_CENTRE = "job_centre"  # public employment service centres


class ReferralOutcome(enum.StrEnum):
    SERVICE_PROVIDED = "service_provided"
    CLIENT_DECLINED = "client_declined"
    CLIENT_NOT_REACHED = "client_not_reached"
    PROVIDER_UNABLE = "provider_unable"
    LOST_TO_FOLLOW_UP = "lost_to_follow_up"
    OTHER = "other"


class ClosureReason(enum.StrEnum):
    GOALS_MET = "goals_met"
    REINTEGRATED = "reintegrated"
    CLIENT_WITHDREW = "client_withdrew"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    MOVED_AWAY = "moved_away"
    LOST_CONTACT = "lost_contact"
    TRANSFERRED = "transferred"
    OTHER = "other"


class ConsentPurpose(enum.StrEnum):
    """The purposes a client consents to, one by one (the issue's five, and the contract's research)."""

    CASE_MANAGEMENT = "case_management"  # keeping records: the minimum for a case
    FOLLOW_UP_CONTACT = "follow_up_contact"  # being contacted (phone, contact details kept)
    REFERRAL_HEALTH = "referral_health"  # referral to health services (harm reduction)
    REFERRAL_SOCIAL_PROTECTION = "referral_social_protection"  # referral for reintegration support
    PROVIDER_SHARING = "provider_sharing"  # sharing identifying details with one named provider
    RESEARCH = "research"  # research or evaluation beyond the indicators


class ConsentMethod(enum.StrEnum):
    VERBAL = "verbal"
    WRITTEN = "written"


class ServiceSource(enum.StrEnum):
    """Who says a service was received."""

    CASE_WORKER = "case_worker"
    PROVIDER = "provider"  # confirmed by the provider


# Every service kind belongs to one category (as the contract's comments say).
SERVICE_CATEGORY: dict[ServiceKind, ServiceCategory] = {
    ServiceKind.HIV_STI_PREVENTION: ServiceCategory.HARM_REDUCTION,
    ServiceKind.MENTAL_HEALTH: ServiceCategory.HARM_REDUCTION,
    ServiceKind.GBV_PREVENTION: ServiceCategory.HARM_REDUCTION,
    ServiceKind.OTHER_HARM_REDUCTION: ServiceCategory.HARM_REDUCTION,
    ServiceKind.LEGAL_AID: ServiceCategory.REINTEGRATION,
    ServiceKind.VOCATIONAL_TRAINING: ServiceCategory.REINTEGRATION,
    ServiceKind.JOB_PLACEMENT: ServiceCategory.REINTEGRATION,
    ServiceKind.LIVELIHOOD: ServiceCategory.REINTEGRATION,
    ServiceKind.LOAN: ServiceCategory.REINTEGRATION,
    ServiceKind.OTHER_REINTEGRATION: ServiceCategory.REINTEGRATION,
}

# The needs each service kind answers (every need is answered by at least one kind).
ANSWERS: dict[ServiceKind, frozenset[NeedKind]] = {
    ServiceKind.HIV_STI_PREVENTION: frozenset({NeedKind.HIV_STI_PREVENTION}),
    ServiceKind.MENTAL_HEALTH: frozenset({NeedKind.MENTAL_HEALTH}),
    ServiceKind.GBV_PREVENTION: frozenset({NeedKind.GBV_PROTECTION}),
    ServiceKind.OTHER_HARM_REDUCTION: frozenset({NeedKind.HEALTH_CARE, NeedKind.OTHER}),
    ServiceKind.LEGAL_AID: frozenset({NeedKind.LEGAL_AID, NeedKind.CIVIL_DOCUMENTS}),
    ServiceKind.VOCATIONAL_TRAINING: frozenset({NeedKind.VOCATIONAL_TRAINING}),
    ServiceKind.JOB_PLACEMENT: frozenset({NeedKind.EMPLOYMENT}),
    ServiceKind.LIVELIHOOD: frozenset({NeedKind.LIVELIHOOD}),
    ServiceKind.LOAN: frozenset({NeedKind.LOAN}),
    ServiceKind.OTHER_REINTEGRATION: frozenset({NeedKind.HOUSING, NeedKind.CIVIL_DOCUMENTS, NeedKind.OTHER}),
}

SOURCE_VI: dict[EnrolmentSource, str] = {
    EnrolmentSource.OUTREACH: "tiếp cận cộng đồng",
    EnrolmentSource.PEER_EDUCATOR: "giáo dục viên đồng đẳng giới thiệu",
    EnrolmentSource.TIP: "tin báo chuyển đến",
    EnrolmentSource.ENFORCEMENT: "sau xử lý, kiểm tra",
    EnrolmentSource.HEALTH_FACILITY: "cơ sở y tế giới thiệu",
    EnrolmentSource.MASS_ORGANISATION: "tổ chức đoàn thể giới thiệu",
    EnrolmentSource.SELF: "tự đến",
    EnrolmentSource.OTHER: "nguồn khác",
}
NEED_VI: dict[NeedKind, str] = {
    NeedKind.HIV_STI_PREVENTION: "dự phòng, xét nghiệm HIV/STI",
    NeedKind.MENTAL_HEALTH: "sức khỏe tâm thần",
    NeedKind.GBV_PROTECTION: "phòng, chống bạo lực trên cơ sở giới",
    NeedKind.HEALTH_CARE: "chăm sóc sức khỏe",
    NeedKind.LEGAL_AID: "trợ giúp pháp lý",
    NeedKind.VOCATIONAL_TRAINING: "học nghề",
    NeedKind.EMPLOYMENT: "việc làm",
    NeedKind.LIVELIHOOD: "sinh kế",
    NeedKind.LOAN: "vay vốn",
    NeedKind.HOUSING: "nhà ở",
    NeedKind.CIVIL_DOCUMENTS: "giấy tờ hộ tịch, cư trú",
    NeedKind.OTHER: "nhu cầu khác",
}
CATEGORY_VI: dict[ServiceCategory, str] = {
    ServiceCategory.HARM_REDUCTION: "can thiệp giảm hại",
    ServiceCategory.REINTEGRATION: "hòa nhập cộng đồng",
}
SERVICE_VI: dict[ServiceKind, str] = {
    ServiceKind.HIV_STI_PREVENTION: "dự phòng, xét nghiệm HIV/STI, bao cao su, PrEP",
    ServiceKind.MENTAL_HEALTH: "tư vấn, chăm sóc sức khỏe tâm thần",
    ServiceKind.GBV_PREVENTION: "phòng ngừa, ứng phó bạo lực trên cơ sở giới",
    ServiceKind.LEGAL_AID: "trợ giúp pháp lý",
    ServiceKind.VOCATIONAL_TRAINING: "đào tạo nghề",
    ServiceKind.JOB_PLACEMENT: "giới thiệu việc làm",
    ServiceKind.LIVELIHOOD: "hỗ trợ sinh kế",
    ServiceKind.LOAN: "vay vốn",
    ServiceKind.OTHER_HARM_REDUCTION: "chăm sóc sức khỏe khác",
    ServiceKind.OTHER_REINTEGRATION: "hỗ trợ hòa nhập khác",
}
PROVIDER_VI: dict[ProviderKind, str] = {
    ProviderKind.HEALTH_FACILITY: "cơ sở y tế",
    ProviderKind.LEGAL_AID_CENTRE: "trung tâm trợ giúp pháp lý",
    ProviderKind.VOCATIONAL_SCHOOL: "cơ sở giáo dục nghề nghiệp",
    ProviderKind.EMPLOYER: "doanh nghiệp, người sử dụng lao động",
    ProviderKind.LENDER: "ngân hàng, quỹ tín dụng",
    ProviderKind.MASS_ORGANISATION: "tổ chức đoàn thể",
    ProviderKind.NGO: "tổ chức phi chính phủ, cộng đồng",
    ProviderKind.WARD: "cán bộ phường",
    ProviderKind.OTHER: "đơn vị khác",
    ProviderKind.SOCIAL_PROTECTION: "cơ sở trợ giúp xã hội",
    ProviderKind.JOB_CENTRE: "trung tâm dịch vụ việc làm",
}
OUTCOME_VI: dict[ReferralOutcome, str] = {
    ReferralOutcome.SERVICE_PROVIDED: "đã được cung cấp dịch vụ",
    ReferralOutcome.CLIENT_DECLINED: "thân chủ từ chối",
    ReferralOutcome.CLIENT_NOT_REACHED: "không liên lạc được thân chủ",
    ReferralOutcome.PROVIDER_UNABLE: "đơn vị không cung cấp được",
    ReferralOutcome.LOST_TO_FOLLOW_UP: "mất dấu",
    ReferralOutcome.OTHER: "lý do khác",
}
CLOSURE_VI: dict[ClosureReason, str] = {
    ClosureReason.GOALS_MET: "đạt mục tiêu kế hoạch",
    ClosureReason.REINTEGRATED: "đã hòa nhập cộng đồng",
    ClosureReason.CLIENT_WITHDREW: "thân chủ dừng tham gia",
    ClosureReason.CONSENT_WITHDRAWN: "rút đồng ý quản lý hồ sơ",
    ClosureReason.MOVED_AWAY: "chuyển khỏi phường",
    ClosureReason.LOST_CONTACT: "mất liên lạc",
    ClosureReason.TRANSFERRED: "chuyển phường khác quản lý",
    ClosureReason.OTHER: "lý do khác",
}
PURPOSE_VI: dict[ConsentPurpose, str] = {
    ConsentPurpose.CASE_MANAGEMENT: "lưu giữ, quản lý hồ sơ",
    ConsentPurpose.FOLLOW_UP_CONTACT: "liên lạc theo dõi",
    ConsentPurpose.REFERRAL_HEALTH: "chuyển gửi dịch vụ y tế",
    ConsentPurpose.REFERRAL_SOCIAL_PROTECTION: "chuyển gửi trợ giúp xã hội",
    ConsentPurpose.PROVIDER_SHARING: "chia sẻ thông tin với đơn vị được nêu tên",
    ConsentPurpose.RESEARCH: "nghiên cứu, đánh giá",
}
METHOD_VI: dict[ConsentMethod, str] = {
    ConsentMethod.VERBAL: "bằng lời",
    ConsentMethod.WRITTEN: "bằng văn bản",
}
