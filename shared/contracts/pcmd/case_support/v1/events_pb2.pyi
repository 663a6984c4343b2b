import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from shared.contracts.pcmd.options.v1 import options_pb2 as _options_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class EnrolmentSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ENROLMENT_SOURCE_UNSPECIFIED: _ClassVar[EnrolmentSource]
    ENROLMENT_SOURCE_OUTREACH: _ClassVar[EnrolmentSource]
    ENROLMENT_SOURCE_PEER_EDUCATOR: _ClassVar[EnrolmentSource]
    ENROLMENT_SOURCE_TIP: _ClassVar[EnrolmentSource]
    ENROLMENT_SOURCE_ENFORCEMENT: _ClassVar[EnrolmentSource]
    ENROLMENT_SOURCE_HEALTH_FACILITY: _ClassVar[EnrolmentSource]
    ENROLMENT_SOURCE_MASS_ORGANISATION: _ClassVar[EnrolmentSource]
    ENROLMENT_SOURCE_SELF: _ClassVar[EnrolmentSource]
    ENROLMENT_SOURCE_OTHER: _ClassVar[EnrolmentSource]

class NeedKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    NEED_KIND_UNSPECIFIED: _ClassVar[NeedKind]
    NEED_KIND_HIV_STI_PREVENTION: _ClassVar[NeedKind]
    NEED_KIND_MENTAL_HEALTH: _ClassVar[NeedKind]
    NEED_KIND_GBV_PROTECTION: _ClassVar[NeedKind]
    NEED_KIND_HEALTH_CARE: _ClassVar[NeedKind]
    NEED_KIND_LEGAL_AID: _ClassVar[NeedKind]
    NEED_KIND_VOCATIONAL_TRAINING: _ClassVar[NeedKind]
    NEED_KIND_EMPLOYMENT: _ClassVar[NeedKind]
    NEED_KIND_LIVELIHOOD: _ClassVar[NeedKind]
    NEED_KIND_LOAN: _ClassVar[NeedKind]
    NEED_KIND_HOUSING: _ClassVar[NeedKind]
    NEED_KIND_CIVIL_DOCUMENTS: _ClassVar[NeedKind]
    NEED_KIND_OTHER: _ClassVar[NeedKind]

class ServiceCategory(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SERVICE_CATEGORY_UNSPECIFIED: _ClassVar[ServiceCategory]
    SERVICE_CATEGORY_HARM_REDUCTION: _ClassVar[ServiceCategory]
    SERVICE_CATEGORY_REINTEGRATION: _ClassVar[ServiceCategory]

class ServiceKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SERVICE_KIND_UNSPECIFIED: _ClassVar[ServiceKind]
    SERVICE_KIND_HIV_STI_PREVENTION: _ClassVar[ServiceKind]
    SERVICE_KIND_MENTAL_HEALTH: _ClassVar[ServiceKind]
    SERVICE_KIND_GBV_PREVENTION: _ClassVar[ServiceKind]
    SERVICE_KIND_LEGAL_AID: _ClassVar[ServiceKind]
    SERVICE_KIND_VOCATIONAL_TRAINING: _ClassVar[ServiceKind]
    SERVICE_KIND_JOB_PLACEMENT: _ClassVar[ServiceKind]
    SERVICE_KIND_LIVELIHOOD: _ClassVar[ServiceKind]
    SERVICE_KIND_LOAN: _ClassVar[ServiceKind]
    SERVICE_KIND_OTHER_HARM_REDUCTION: _ClassVar[ServiceKind]
    SERVICE_KIND_OTHER_REINTEGRATION: _ClassVar[ServiceKind]

class ProviderKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PROVIDER_KIND_UNSPECIFIED: _ClassVar[ProviderKind]
    PROVIDER_KIND_HEALTH_FACILITY: _ClassVar[ProviderKind]
    PROVIDER_KIND_LEGAL_AID_CENTRE: _ClassVar[ProviderKind]
    PROVIDER_KIND_VOCATIONAL_SCHOOL: _ClassVar[ProviderKind]
    PROVIDER_KIND_EMPLOYER: _ClassVar[ProviderKind]
    PROVIDER_KIND_LENDER: _ClassVar[ProviderKind]
    PROVIDER_KIND_MASS_ORGANISATION: _ClassVar[ProviderKind]
    PROVIDER_KIND_NGO: _ClassVar[ProviderKind]
    PROVIDER_KIND_WARD: _ClassVar[ProviderKind]
    PROVIDER_KIND_OTHER: _ClassVar[ProviderKind]
    PROVIDER_KIND_SOCIAL_PROTECTION: _ClassVar[ProviderKind]
    PROVIDER_KIND_JOB_CENTRE: _ClassVar[ProviderKind]

class ReferralOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REFERRAL_OUTCOME_UNSPECIFIED: _ClassVar[ReferralOutcome]
    REFERRAL_OUTCOME_SERVICE_PROVIDED: _ClassVar[ReferralOutcome]
    REFERRAL_OUTCOME_CLIENT_DECLINED: _ClassVar[ReferralOutcome]
    REFERRAL_OUTCOME_CLIENT_NOT_REACHED: _ClassVar[ReferralOutcome]
    REFERRAL_OUTCOME_PROVIDER_UNABLE: _ClassVar[ReferralOutcome]
    REFERRAL_OUTCOME_OTHER: _ClassVar[ReferralOutcome]
    REFERRAL_OUTCOME_LOST_TO_FOLLOW_UP: _ClassVar[ReferralOutcome]

class ReferralCancelReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REFERRAL_CANCEL_REASON_UNSPECIFIED: _ClassVar[ReferralCancelReason]
    REFERRAL_CANCEL_REASON_CONSENT_WITHDRAWN: _ClassVar[ReferralCancelReason]
    REFERRAL_CANCEL_REASON_CASE_CLOSED: _ClassVar[ReferralCancelReason]
    REFERRAL_CANCEL_REASON_MADE_IN_ERROR: _ClassVar[ReferralCancelReason]

class ClosureReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CLOSURE_REASON_UNSPECIFIED: _ClassVar[ClosureReason]
    CLOSURE_REASON_GOALS_MET: _ClassVar[ClosureReason]
    CLOSURE_REASON_REINTEGRATED: _ClassVar[ClosureReason]
    CLOSURE_REASON_CLIENT_WITHDREW: _ClassVar[ClosureReason]
    CLOSURE_REASON_CONSENT_WITHDRAWN: _ClassVar[ClosureReason]
    CLOSURE_REASON_MOVED_AWAY: _ClassVar[ClosureReason]
    CLOSURE_REASON_LOST_CONTACT: _ClassVar[ClosureReason]
    CLOSURE_REASON_TRANSFERRED: _ClassVar[ClosureReason]
    CLOSURE_REASON_OTHER: _ClassVar[ClosureReason]

class ConsentPurpose(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONSENT_PURPOSE_UNSPECIFIED: _ClassVar[ConsentPurpose]
    CONSENT_PURPOSE_CASE_MANAGEMENT: _ClassVar[ConsentPurpose]
    CONSENT_PURPOSE_REFERRAL: _ClassVar[ConsentPurpose]
    CONSENT_PURPOSE_FOLLOW_UP_CONTACT: _ClassVar[ConsentPurpose]
    CONSENT_PURPOSE_RESEARCH: _ClassVar[ConsentPurpose]
    CONSENT_PURPOSE_REFERRAL_HEALTH: _ClassVar[ConsentPurpose]
    CONSENT_PURPOSE_REFERRAL_SOCIAL_PROTECTION: _ClassVar[ConsentPurpose]
    CONSENT_PURPOSE_PROVIDER_SHARING: _ClassVar[ConsentPurpose]

class ErasureScope(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ERASURE_SCOPE_UNSPECIFIED: _ClassVar[ErasureScope]
    ERASURE_SCOPE_WHOLE: _ClassVar[ErasureScope]
    ERASURE_SCOPE_PARTIAL: _ClassVar[ErasureScope]

class ErasureReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ERASURE_REASON_UNSPECIFIED: _ClassVar[ErasureReason]
    ERASURE_REASON_CLIENT_REQUEST: _ClassVar[ErasureReason]
    ERASURE_REASON_CONSENT_WITHDRAWN: _ClassVar[ErasureReason]
    ERASURE_REASON_RETENTION: _ClassVar[ErasureReason]
ENROLMENT_SOURCE_UNSPECIFIED: EnrolmentSource
ENROLMENT_SOURCE_OUTREACH: EnrolmentSource
ENROLMENT_SOURCE_PEER_EDUCATOR: EnrolmentSource
ENROLMENT_SOURCE_TIP: EnrolmentSource
ENROLMENT_SOURCE_ENFORCEMENT: EnrolmentSource
ENROLMENT_SOURCE_HEALTH_FACILITY: EnrolmentSource
ENROLMENT_SOURCE_MASS_ORGANISATION: EnrolmentSource
ENROLMENT_SOURCE_SELF: EnrolmentSource
ENROLMENT_SOURCE_OTHER: EnrolmentSource
NEED_KIND_UNSPECIFIED: NeedKind
NEED_KIND_HIV_STI_PREVENTION: NeedKind
NEED_KIND_MENTAL_HEALTH: NeedKind
NEED_KIND_GBV_PROTECTION: NeedKind
NEED_KIND_HEALTH_CARE: NeedKind
NEED_KIND_LEGAL_AID: NeedKind
NEED_KIND_VOCATIONAL_TRAINING: NeedKind
NEED_KIND_EMPLOYMENT: NeedKind
NEED_KIND_LIVELIHOOD: NeedKind
NEED_KIND_LOAN: NeedKind
NEED_KIND_HOUSING: NeedKind
NEED_KIND_CIVIL_DOCUMENTS: NeedKind
NEED_KIND_OTHER: NeedKind
SERVICE_CATEGORY_UNSPECIFIED: ServiceCategory
SERVICE_CATEGORY_HARM_REDUCTION: ServiceCategory
SERVICE_CATEGORY_REINTEGRATION: ServiceCategory
SERVICE_KIND_UNSPECIFIED: ServiceKind
SERVICE_KIND_HIV_STI_PREVENTION: ServiceKind
SERVICE_KIND_MENTAL_HEALTH: ServiceKind
SERVICE_KIND_GBV_PREVENTION: ServiceKind
SERVICE_KIND_LEGAL_AID: ServiceKind
SERVICE_KIND_VOCATIONAL_TRAINING: ServiceKind
SERVICE_KIND_JOB_PLACEMENT: ServiceKind
SERVICE_KIND_LIVELIHOOD: ServiceKind
SERVICE_KIND_LOAN: ServiceKind
SERVICE_KIND_OTHER_HARM_REDUCTION: ServiceKind
SERVICE_KIND_OTHER_REINTEGRATION: ServiceKind
PROVIDER_KIND_UNSPECIFIED: ProviderKind
PROVIDER_KIND_HEALTH_FACILITY: ProviderKind
PROVIDER_KIND_LEGAL_AID_CENTRE: ProviderKind
PROVIDER_KIND_VOCATIONAL_SCHOOL: ProviderKind
PROVIDER_KIND_EMPLOYER: ProviderKind
PROVIDER_KIND_LENDER: ProviderKind
PROVIDER_KIND_MASS_ORGANISATION: ProviderKind
PROVIDER_KIND_NGO: ProviderKind
PROVIDER_KIND_WARD: ProviderKind
PROVIDER_KIND_OTHER: ProviderKind
PROVIDER_KIND_SOCIAL_PROTECTION: ProviderKind
PROVIDER_KIND_JOB_CENTRE: ProviderKind
REFERRAL_OUTCOME_UNSPECIFIED: ReferralOutcome
REFERRAL_OUTCOME_SERVICE_PROVIDED: ReferralOutcome
REFERRAL_OUTCOME_CLIENT_DECLINED: ReferralOutcome
REFERRAL_OUTCOME_CLIENT_NOT_REACHED: ReferralOutcome
REFERRAL_OUTCOME_PROVIDER_UNABLE: ReferralOutcome
REFERRAL_OUTCOME_OTHER: ReferralOutcome
REFERRAL_OUTCOME_LOST_TO_FOLLOW_UP: ReferralOutcome
REFERRAL_CANCEL_REASON_UNSPECIFIED: ReferralCancelReason
REFERRAL_CANCEL_REASON_CONSENT_WITHDRAWN: ReferralCancelReason
REFERRAL_CANCEL_REASON_CASE_CLOSED: ReferralCancelReason
REFERRAL_CANCEL_REASON_MADE_IN_ERROR: ReferralCancelReason
CLOSURE_REASON_UNSPECIFIED: ClosureReason
CLOSURE_REASON_GOALS_MET: ClosureReason
CLOSURE_REASON_REINTEGRATED: ClosureReason
CLOSURE_REASON_CLIENT_WITHDREW: ClosureReason
CLOSURE_REASON_CONSENT_WITHDRAWN: ClosureReason
CLOSURE_REASON_MOVED_AWAY: ClosureReason
CLOSURE_REASON_LOST_CONTACT: ClosureReason
CLOSURE_REASON_TRANSFERRED: ClosureReason
CLOSURE_REASON_OTHER: ClosureReason
CONSENT_PURPOSE_UNSPECIFIED: ConsentPurpose
CONSENT_PURPOSE_CASE_MANAGEMENT: ConsentPurpose
CONSENT_PURPOSE_REFERRAL: ConsentPurpose
CONSENT_PURPOSE_FOLLOW_UP_CONTACT: ConsentPurpose
CONSENT_PURPOSE_RESEARCH: ConsentPurpose
CONSENT_PURPOSE_REFERRAL_HEALTH: ConsentPurpose
CONSENT_PURPOSE_REFERRAL_SOCIAL_PROTECTION: ConsentPurpose
CONSENT_PURPOSE_PROVIDER_SHARING: ConsentPurpose
ERASURE_SCOPE_UNSPECIFIED: ErasureScope
ERASURE_SCOPE_WHOLE: ErasureScope
ERASURE_SCOPE_PARTIAL: ErasureScope
ERASURE_REASON_UNSPECIFIED: ErasureReason
ERASURE_REASON_CLIENT_REQUEST: ErasureReason
ERASURE_REASON_CONSENT_WITHDRAWN: ErasureReason
ERASURE_REASON_RETENTION: ErasureReason

class ClientEnrolled(_message.Message):
    __slots__ = ("case_id", "ward", "occurred_at", "client_code", "eligible", "has_needs", "source", "source_tip_id")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    CLIENT_CODE_FIELD_NUMBER: _ClassVar[int]
    ELIGIBLE_FIELD_NUMBER: _ClassVar[int]
    HAS_NEEDS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_TIP_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    client_code: str
    eligible: bool
    has_needs: bool
    source: EnrolmentSource
    source_tip_id: str
    def __init__(self, case_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., client_code: _Optional[str] = ..., eligible: _Optional[bool] = ..., has_needs: _Optional[bool] = ..., source: _Optional[_Union[EnrolmentSource, str]] = ..., source_tip_id: _Optional[str] = ...) -> None: ...

class NeedsAssessed(_message.Message):
    __slots__ = ("case_id", "ward", "occurred_at", "client_code", "assessment_id", "needs", "eligible", "has_needs")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    CLIENT_CODE_FIELD_NUMBER: _ClassVar[int]
    ASSESSMENT_ID_FIELD_NUMBER: _ClassVar[int]
    NEEDS_FIELD_NUMBER: _ClassVar[int]
    ELIGIBLE_FIELD_NUMBER: _ClassVar[int]
    HAS_NEEDS_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    client_code: str
    assessment_id: str
    needs: _containers.RepeatedScalarFieldContainer[NeedKind]
    eligible: bool
    has_needs: bool
    def __init__(self, case_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., client_code: _Optional[str] = ..., assessment_id: _Optional[str] = ..., needs: _Optional[_Iterable[_Union[NeedKind, str]]] = ..., eligible: _Optional[bool] = ..., has_needs: _Optional[bool] = ...) -> None: ...

class ReferralMade(_message.Message):
    __slots__ = ("referral_id", "ward", "occurred_at", "case_id", "client_code", "service_kind", "service_category", "provider_id", "provider_kind")
    REFERRAL_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_CODE_FIELD_NUMBER: _ClassVar[int]
    SERVICE_KIND_FIELD_NUMBER: _ClassVar[int]
    SERVICE_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_KIND_FIELD_NUMBER: _ClassVar[int]
    referral_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    case_id: str
    client_code: str
    service_kind: ServiceKind
    service_category: ServiceCategory
    provider_id: str
    provider_kind: ProviderKind
    def __init__(self, referral_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., case_id: _Optional[str] = ..., client_code: _Optional[str] = ..., service_kind: _Optional[_Union[ServiceKind, str]] = ..., service_category: _Optional[_Union[ServiceCategory, str]] = ..., provider_id: _Optional[str] = ..., provider_kind: _Optional[_Union[ProviderKind, str]] = ...) -> None: ...

class ReferralAccepted(_message.Message):
    __slots__ = ("referral_id", "ward", "occurred_at", "case_id", "client_code", "service_kind", "provider_id")
    REFERRAL_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_CODE_FIELD_NUMBER: _ClassVar[int]
    SERVICE_KIND_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    referral_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    case_id: str
    client_code: str
    service_kind: ServiceKind
    provider_id: str
    def __init__(self, referral_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., case_id: _Optional[str] = ..., client_code: _Optional[str] = ..., service_kind: _Optional[_Union[ServiceKind, str]] = ..., provider_id: _Optional[str] = ...) -> None: ...

class ReferralCompleted(_message.Message):
    __slots__ = ("referral_id", "ward", "occurred_at", "case_id", "client_code", "service_kind", "provider_id", "outcome", "cancel_reason")
    REFERRAL_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_CODE_FIELD_NUMBER: _ClassVar[int]
    SERVICE_KIND_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    CANCEL_REASON_FIELD_NUMBER: _ClassVar[int]
    referral_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    case_id: str
    client_code: str
    service_kind: ServiceKind
    provider_id: str
    outcome: ReferralOutcome
    cancel_reason: ReferralCancelReason
    def __init__(self, referral_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., case_id: _Optional[str] = ..., client_code: _Optional[str] = ..., service_kind: _Optional[_Union[ServiceKind, str]] = ..., provider_id: _Optional[str] = ..., outcome: _Optional[_Union[ReferralOutcome, str]] = ..., cancel_reason: _Optional[_Union[ReferralCancelReason, str]] = ...) -> None: ...

class ServiceReceived(_message.Message):
    __slots__ = ("service_record_id", "ward", "occurred_at", "case_id", "client_code", "service_kind", "service_category", "provider_id", "provider_kind", "referral_id", "received_at", "source_tip_id")
    SERVICE_RECORD_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_CODE_FIELD_NUMBER: _ClassVar[int]
    SERVICE_KIND_FIELD_NUMBER: _ClassVar[int]
    SERVICE_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_KIND_FIELD_NUMBER: _ClassVar[int]
    REFERRAL_ID_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_TIP_ID_FIELD_NUMBER: _ClassVar[int]
    service_record_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    case_id: str
    client_code: str
    service_kind: ServiceKind
    service_category: ServiceCategory
    provider_id: str
    provider_kind: ProviderKind
    referral_id: str
    received_at: _timestamp_pb2.Timestamp
    source_tip_id: str
    def __init__(self, service_record_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., case_id: _Optional[str] = ..., client_code: _Optional[str] = ..., service_kind: _Optional[_Union[ServiceKind, str]] = ..., service_category: _Optional[_Union[ServiceCategory, str]] = ..., provider_id: _Optional[str] = ..., provider_kind: _Optional[_Union[ProviderKind, str]] = ..., referral_id: _Optional[str] = ..., received_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., source_tip_id: _Optional[str] = ...) -> None: ...

class CaseClosed(_message.Message):
    __slots__ = ("case_id", "ward", "occurred_at", "client_code", "reason")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    CLIENT_CODE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    client_code: str
    reason: ClosureReason
    def __init__(self, case_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., client_code: _Optional[str] = ..., reason: _Optional[_Union[ClosureReason, str]] = ...) -> None: ...

class CaseReopened(_message.Message):
    __slots__ = ("case_id", "ward", "occurred_at", "client_code")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    CLIENT_CODE_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    client_code: str
    def __init__(self, case_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., client_code: _Optional[str] = ...) -> None: ...

class ClientErased(_message.Message):
    __slots__ = ("case_id", "ward", "occurred_at", "client_code", "scope", "reason")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    CLIENT_CODE_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    client_code: str
    scope: ErasureScope
    reason: ErasureReason
    def __init__(self, case_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., client_code: _Optional[str] = ..., scope: _Optional[_Union[ErasureScope, str]] = ..., reason: _Optional[_Union[ErasureReason, str]] = ...) -> None: ...

class ConsentGranted(_message.Message):
    __slots__ = ("case_id", "ward", "occurred_at", "client_code", "purpose", "provider_id")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    CLIENT_CODE_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    client_code: str
    purpose: ConsentPurpose
    provider_id: str
    def __init__(self, case_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., client_code: _Optional[str] = ..., purpose: _Optional[_Union[ConsentPurpose, str]] = ..., provider_id: _Optional[str] = ...) -> None: ...

class ConsentWithdrawn(_message.Message):
    __slots__ = ("case_id", "ward", "occurred_at", "client_code", "purpose", "provider_id")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    CLIENT_CODE_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    client_code: str
    purpose: ConsentPurpose
    provider_id: str
    def __init__(self, case_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., client_code: _Optional[str] = ..., purpose: _Optional[_Union[ConsentPurpose, str]] = ..., provider_id: _Optional[str] = ...) -> None: ...

class TipSupported(_message.Message):
    __slots__ = ("source_tip_id", "ward", "occurred_at")
    SOURCE_TIP_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    source_tip_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    def __init__(self, source_tip_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ...) -> None: ...
