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

class BusinessType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BUSINESS_TYPE_UNSPECIFIED: _ClassVar[BusinessType]
    BUSINESS_TYPE_LODGING: _ClassVar[BusinessType]
    BUSINESS_TYPE_KARAOKE: _ClassVar[BusinessType]
    BUSINESS_TYPE_MASSAGE: _ClassVar[BusinessType]
    BUSINESS_TYPE_BAR: _ClassVar[BusinessType]
    BUSINESS_TYPE_PUB: _ClassVar[BusinessType]
    BUSINESS_TYPE_DANCE_HALL: _ClassVar[BusinessType]
    BUSINESS_TYPE_SHORT_TERM_RENTAL: _ClassVar[BusinessType]
    BUSINESS_TYPE_OTHER: _ClassVar[BusinessType]

class RiskClass(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RISK_CLASS_UNSPECIFIED: _ClassVar[RiskClass]
    RISK_CLASS_LOW: _ClassVar[RiskClass]
    RISK_CLASS_MEDIUM: _ClassVar[RiskClass]
    RISK_CLASS_HIGH: _ClassVar[RiskClass]

class ClosureReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CLOSURE_REASON_UNSPECIFIED: _ClassVar[ClosureReason]
    CLOSURE_REASON_CEASED_TRADING: _ClassVar[ClosureReason]
    CLOSURE_REASON_LICENCE_REVOKED: _ClassVar[ClosureReason]
    CLOSURE_REASON_MOVED_OUT: _ClassVar[ClosureReason]
    CLOSURE_REASON_NO_LONGER_AT_RISK: _ClassVar[ClosureReason]
    CLOSURE_REASON_DUPLICATE: _ClassVar[ClosureReason]
    CLOSURE_REASON_OTHER: _ClassVar[ClosureReason]

class InspectionKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INSPECTION_KIND_UNSPECIFIED: _ClassVar[InspectionKind]
    INSPECTION_KIND_PLANNED: _ClassVar[InspectionKind]
    INSPECTION_KIND_THEMATIC: _ClassVar[InspectionKind]
    INSPECTION_KIND_SURPRISE: _ClassVar[InspectionKind]

class InspectionResult(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INSPECTION_RESULT_UNSPECIFIED: _ClassVar[InspectionResult]
    INSPECTION_RESULT_NO_VIOLATION: _ClassVar[InspectionResult]
    INSPECTION_RESULT_VIOLATIONS_FOUND: _ClassVar[InspectionResult]
    INSPECTION_RESULT_NOT_OPERATING: _ClassVar[InspectionResult]
    INSPECTION_RESULT_NOT_CARRIED_OUT: _ClassVar[InspectionResult]

class ViolationKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VIOLATION_KIND_UNSPECIFIED: _ClassVar[ViolationKind]
    VIOLATION_KIND_PROSTITUTION_ON_PREMISES: _ClassVar[ViolationKind]
    VIOLATION_KIND_HARBOURING_OR_BROKERING: _ClassVar[ViolationKind]
    VIOLATION_KIND_GUEST_REGISTRATION: _ClassVar[ViolationKind]
    VIOLATION_KIND_OPERATING_CONDITIONS: _ClassVar[ViolationKind]
    VIOLATION_KIND_NO_LICENCE: _ClassVar[ViolationKind]
    VIOLATION_KIND_PREMISES_RULES: _ClassVar[ViolationKind]
    VIOLATION_KIND_STAFF_RULES: _ClassVar[ViolationKind]
    VIOLATION_KIND_OTHER: _ClassVar[ViolationKind]

class SanctionKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SANCTION_KIND_UNSPECIFIED: _ClassVar[SanctionKind]
    SANCTION_KIND_WARNING: _ClassVar[SanctionKind]
    SANCTION_KIND_FINE: _ClassVar[SanctionKind]
    SANCTION_KIND_LICENCE_SUSPENSION: _ClassVar[SanctionKind]
    SANCTION_KIND_OPERATION_SUSPENSION: _ClassVar[SanctionKind]
    SANCTION_KIND_CONFISCATION: _ClassVar[SanctionKind]
    SANCTION_KIND_CRIMINAL_REFERRAL: _ClassVar[SanctionKind]

class PlaceKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PLACE_KIND_UNSPECIFIED: _ClassVar[PlaceKind]
    PLACE_KIND_ESTABLISHMENT: _ClassVar[PlaceKind]
    PLACE_KIND_STREET: _ClassVar[PlaceKind]
    PLACE_KIND_PUBLIC_SPACE: _ClassVar[PlaceKind]
    PLACE_KIND_RESIDENTIAL_BUILDING: _ClassVar[PlaceKind]
    PLACE_KIND_OTHER: _ClassVar[PlaceKind]

class HotspotFormation(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    HOTSPOT_FORMATION_UNSPECIFIED: _ClassVar[HotspotFormation]
    HOTSPOT_FORMATION_FORMED: _ClassVar[HotspotFormation]
    HOTSPOT_FORMATION_RE_FORMED: _ClassVar[HotspotFormation]
BUSINESS_TYPE_UNSPECIFIED: BusinessType
BUSINESS_TYPE_LODGING: BusinessType
BUSINESS_TYPE_KARAOKE: BusinessType
BUSINESS_TYPE_MASSAGE: BusinessType
BUSINESS_TYPE_BAR: BusinessType
BUSINESS_TYPE_PUB: BusinessType
BUSINESS_TYPE_DANCE_HALL: BusinessType
BUSINESS_TYPE_SHORT_TERM_RENTAL: BusinessType
BUSINESS_TYPE_OTHER: BusinessType
RISK_CLASS_UNSPECIFIED: RiskClass
RISK_CLASS_LOW: RiskClass
RISK_CLASS_MEDIUM: RiskClass
RISK_CLASS_HIGH: RiskClass
CLOSURE_REASON_UNSPECIFIED: ClosureReason
CLOSURE_REASON_CEASED_TRADING: ClosureReason
CLOSURE_REASON_LICENCE_REVOKED: ClosureReason
CLOSURE_REASON_MOVED_OUT: ClosureReason
CLOSURE_REASON_NO_LONGER_AT_RISK: ClosureReason
CLOSURE_REASON_DUPLICATE: ClosureReason
CLOSURE_REASON_OTHER: ClosureReason
INSPECTION_KIND_UNSPECIFIED: InspectionKind
INSPECTION_KIND_PLANNED: InspectionKind
INSPECTION_KIND_THEMATIC: InspectionKind
INSPECTION_KIND_SURPRISE: InspectionKind
INSPECTION_RESULT_UNSPECIFIED: InspectionResult
INSPECTION_RESULT_NO_VIOLATION: InspectionResult
INSPECTION_RESULT_VIOLATIONS_FOUND: InspectionResult
INSPECTION_RESULT_NOT_OPERATING: InspectionResult
INSPECTION_RESULT_NOT_CARRIED_OUT: InspectionResult
VIOLATION_KIND_UNSPECIFIED: ViolationKind
VIOLATION_KIND_PROSTITUTION_ON_PREMISES: ViolationKind
VIOLATION_KIND_HARBOURING_OR_BROKERING: ViolationKind
VIOLATION_KIND_GUEST_REGISTRATION: ViolationKind
VIOLATION_KIND_OPERATING_CONDITIONS: ViolationKind
VIOLATION_KIND_NO_LICENCE: ViolationKind
VIOLATION_KIND_PREMISES_RULES: ViolationKind
VIOLATION_KIND_STAFF_RULES: ViolationKind
VIOLATION_KIND_OTHER: ViolationKind
SANCTION_KIND_UNSPECIFIED: SanctionKind
SANCTION_KIND_WARNING: SanctionKind
SANCTION_KIND_FINE: SanctionKind
SANCTION_KIND_LICENCE_SUSPENSION: SanctionKind
SANCTION_KIND_OPERATION_SUSPENSION: SanctionKind
SANCTION_KIND_CONFISCATION: SanctionKind
SANCTION_KIND_CRIMINAL_REFERRAL: SanctionKind
PLACE_KIND_UNSPECIFIED: PlaceKind
PLACE_KIND_ESTABLISHMENT: PlaceKind
PLACE_KIND_STREET: PlaceKind
PLACE_KIND_PUBLIC_SPACE: PlaceKind
PLACE_KIND_RESIDENTIAL_BUILDING: PlaceKind
PLACE_KIND_OTHER: PlaceKind
HOTSPOT_FORMATION_UNSPECIFIED: HotspotFormation
HOTSPOT_FORMATION_FORMED: HotspotFormation
HOTSPOT_FORMATION_RE_FORMED: HotspotFormation

class EstablishmentRegistered(_message.Message):
    __slots__ = ("establishment_id", "ward", "occurred_at", "business_type", "residential_group", "licensed")
    ESTABLISHMENT_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_TYPE_FIELD_NUMBER: _ClassVar[int]
    RESIDENTIAL_GROUP_FIELD_NUMBER: _ClassVar[int]
    LICENSED_FIELD_NUMBER: _ClassVar[int]
    establishment_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    business_type: BusinessType
    residential_group: str
    licensed: bool
    def __init__(self, establishment_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., business_type: _Optional[_Union[BusinessType, str]] = ..., residential_group: _Optional[str] = ..., licensed: _Optional[bool] = ...) -> None: ...

class EstablishmentReviewed(_message.Message):
    __slots__ = ("establishment_id", "ward", "occurred_at", "risk_class", "reviewed_at", "previous_risk_class", "inspection_interval_days", "next_review_due_at", "business_type", "unit_code")
    ESTABLISHMENT_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    RISK_CLASS_FIELD_NUMBER: _ClassVar[int]
    REVIEWED_AT_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_RISK_CLASS_FIELD_NUMBER: _ClassVar[int]
    INSPECTION_INTERVAL_DAYS_FIELD_NUMBER: _ClassVar[int]
    NEXT_REVIEW_DUE_AT_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_TYPE_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    establishment_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    risk_class: RiskClass
    reviewed_at: _timestamp_pb2.Timestamp
    previous_risk_class: RiskClass
    inspection_interval_days: int
    next_review_due_at: _timestamp_pb2.Timestamp
    business_type: BusinessType
    unit_code: str
    def __init__(self, establishment_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., risk_class: _Optional[_Union[RiskClass, str]] = ..., reviewed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., previous_risk_class: _Optional[_Union[RiskClass, str]] = ..., inspection_interval_days: _Optional[int] = ..., next_review_due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., business_type: _Optional[_Union[BusinessType, str]] = ..., unit_code: _Optional[str] = ...) -> None: ...

class EstablishmentClosed(_message.Message):
    __slots__ = ("establishment_id", "ward", "occurred_at", "reason", "sanction_id")
    ESTABLISHMENT_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    SANCTION_ID_FIELD_NUMBER: _ClassVar[int]
    establishment_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    reason: ClosureReason
    sanction_id: str
    def __init__(self, establishment_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., reason: _Optional[_Union[ClosureReason, str]] = ..., sanction_id: _Optional[str] = ...) -> None: ...

class InspectionPlanned(_message.Message):
    __slots__ = ("inspection_id", "ward", "occurred_at", "kind", "establishment_ids", "source_tip_id", "planned_for", "lead_unit_code", "participating_unit_codes", "campaign_id")
    INSPECTION_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ESTABLISHMENT_IDS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_TIP_ID_FIELD_NUMBER: _ClassVar[int]
    PLANNED_FOR_FIELD_NUMBER: _ClassVar[int]
    LEAD_UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    PARTICIPATING_UNIT_CODES_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    inspection_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    kind: InspectionKind
    establishment_ids: _containers.RepeatedScalarFieldContainer[str]
    source_tip_id: str
    planned_for: _timestamp_pb2.Timestamp
    lead_unit_code: str
    participating_unit_codes: _containers.RepeatedScalarFieldContainer[str]
    campaign_id: str
    def __init__(self, inspection_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., kind: _Optional[_Union[InspectionKind, str]] = ..., establishment_ids: _Optional[_Iterable[str]] = ..., source_tip_id: _Optional[str] = ..., planned_for: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., lead_unit_code: _Optional[str] = ..., participating_unit_codes: _Optional[_Iterable[str]] = ..., campaign_id: _Optional[str] = ...) -> None: ...

class InspectionCompleted(_message.Message):
    __slots__ = ("inspection_id", "ward", "occurred_at", "establishment_id", "source_tip_id", "result", "kind", "inspected_at", "violation_count", "lead_unit_code", "risk_class")
    INSPECTION_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    ESTABLISHMENT_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_TIP_ID_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    INSPECTED_AT_FIELD_NUMBER: _ClassVar[int]
    VIOLATION_COUNT_FIELD_NUMBER: _ClassVar[int]
    LEAD_UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    RISK_CLASS_FIELD_NUMBER: _ClassVar[int]
    inspection_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    establishment_id: str
    source_tip_id: str
    result: InspectionResult
    kind: InspectionKind
    inspected_at: _timestamp_pb2.Timestamp
    violation_count: int
    lead_unit_code: str
    risk_class: RiskClass
    def __init__(self, inspection_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., establishment_id: _Optional[str] = ..., source_tip_id: _Optional[str] = ..., result: _Optional[_Union[InspectionResult, str]] = ..., kind: _Optional[_Union[InspectionKind, str]] = ..., inspected_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., violation_count: _Optional[int] = ..., lead_unit_code: _Optional[str] = ..., risk_class: _Optional[_Union[RiskClass, str]] = ...) -> None: ...

class ViolationRecorded(_message.Message):
    __slots__ = ("violation_id", "ward", "occurred_at", "inspection_id", "establishment_id", "kind", "source_tip_id")
    VIOLATION_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    INSPECTION_ID_FIELD_NUMBER: _ClassVar[int]
    ESTABLISHMENT_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SOURCE_TIP_ID_FIELD_NUMBER: _ClassVar[int]
    violation_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    inspection_id: str
    establishment_id: str
    kind: ViolationKind
    source_tip_id: str
    def __init__(self, violation_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., inspection_id: _Optional[str] = ..., establishment_id: _Optional[str] = ..., kind: _Optional[_Union[ViolationKind, str]] = ..., source_tip_id: _Optional[str] = ...) -> None: ...

class SanctionImposed(_message.Message):
    __slots__ = ("sanction_id", "ward", "occurred_at", "violation_id", "establishment_id", "inspection_id", "kind", "fine_amount_vnd", "suspension_days", "source_tip_id")
    SANCTION_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    VIOLATION_ID_FIELD_NUMBER: _ClassVar[int]
    ESTABLISHMENT_ID_FIELD_NUMBER: _ClassVar[int]
    INSPECTION_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    FINE_AMOUNT_VND_FIELD_NUMBER: _ClassVar[int]
    SUSPENSION_DAYS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_TIP_ID_FIELD_NUMBER: _ClassVar[int]
    sanction_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    violation_id: str
    establishment_id: str
    inspection_id: str
    kind: SanctionKind
    fine_amount_vnd: int
    suspension_days: int
    source_tip_id: str
    def __init__(self, sanction_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., violation_id: _Optional[str] = ..., establishment_id: _Optional[str] = ..., inspection_id: _Optional[str] = ..., kind: _Optional[_Union[SanctionKind, str]] = ..., fine_amount_vnd: _Optional[int] = ..., suspension_days: _Optional[int] = ..., source_tip_id: _Optional[str] = ...) -> None: ...

class HotspotFlagged(_message.Message):
    __slots__ = ("hotspot_id", "ward", "occurred_at", "formation", "place_kind", "residential_group", "establishment_id", "place_code", "source_tip_id", "source_inspection_id")
    HOTSPOT_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    FORMATION_FIELD_NUMBER: _ClassVar[int]
    PLACE_KIND_FIELD_NUMBER: _ClassVar[int]
    RESIDENTIAL_GROUP_FIELD_NUMBER: _ClassVar[int]
    ESTABLISHMENT_ID_FIELD_NUMBER: _ClassVar[int]
    PLACE_CODE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_TIP_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_INSPECTION_ID_FIELD_NUMBER: _ClassVar[int]
    hotspot_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    formation: HotspotFormation
    place_kind: PlaceKind
    residential_group: str
    establishment_id: str
    place_code: str
    source_tip_id: str
    source_inspection_id: str
    def __init__(self, hotspot_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., formation: _Optional[_Union[HotspotFormation, str]] = ..., place_kind: _Optional[_Union[PlaceKind, str]] = ..., residential_group: _Optional[str] = ..., establishment_id: _Optional[str] = ..., place_code: _Optional[str] = ..., source_tip_id: _Optional[str] = ..., source_inspection_id: _Optional[str] = ...) -> None: ...

class HotspotCleared(_message.Message):
    __slots__ = ("hotspot_id", "ward", "occurred_at", "place_code", "residential_group")
    HOTSPOT_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    PLACE_CODE_FIELD_NUMBER: _ClassVar[int]
    RESIDENTIAL_GROUP_FIELD_NUMBER: _ClassVar[int]
    hotspot_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    place_code: str
    residential_group: str
    def __init__(self, hotspot_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., place_code: _Optional[str] = ..., residential_group: _Optional[str] = ...) -> None: ...

class EstablishmentReopened(_message.Message):
    __slots__ = ("establishment_id", "ward", "occurred_at", "business_type", "residential_group", "licensed")
    ESTABLISHMENT_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_TYPE_FIELD_NUMBER: _ClassVar[int]
    RESIDENTIAL_GROUP_FIELD_NUMBER: _ClassVar[int]
    LICENSED_FIELD_NUMBER: _ClassVar[int]
    establishment_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    business_type: BusinessType
    residential_group: str
    licensed: bool
    def __init__(self, establishment_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., business_type: _Optional[_Union[BusinessType, str]] = ..., residential_group: _Optional[str] = ..., licensed: _Optional[bool] = ...) -> None: ...
