import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from shared.contracts.pcmd.options.v1 import options_pb2 as _options_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TipKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TIP_KIND_UNSPECIFIED: _ClassVar[TipKind]
    TIP_KIND_DENUNCIATION: _ClassVar[TipKind]
    TIP_KIND_REPORT: _ClassVar[TipKind]
    TIP_KIND_COMPLAINT: _ClassVar[TipKind]
    TIP_KIND_RECOMMENDATION_TO_PROSECUTE: _ClassVar[TipKind]

class Channel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHANNEL_UNSPECIFIED: _ClassVar[Channel]
    CHANNEL_HOTLINE: _ClassVar[Channel]
    CHANNEL_IN_PERSON: _ClassVar[Channel]
    CHANNEL_WEB_FORM: _ClassVar[Channel]
    CHANNEL_RESIDENTIAL_GROUP: _ClassVar[Channel]
    CHANNEL_TRANSFERRED: _ClassVar[Channel]
    CHANNEL_ONLINE_MONITORING: _ClassVar[Channel]
    CHANNEL_INSPECTION: _ClassVar[Channel]

class DeadlineBasis(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DEADLINE_BASIS_UNSPECIFIED: _ClassVar[DeadlineBasis]
    DEADLINE_BASIS_CRIMINAL_PROCEDURE_CODE: _ClassVar[DeadlineBasis]
    DEADLINE_BASIS_LAW_ON_COMPLAINTS: _ClassVar[DeadlineBasis]
    DEADLINE_BASIS_LAW_ON_DENUNCIATIONS: _ClassVar[DeadlineBasis]
    DEADLINE_BASIS_TRANSFER_24_HOURS: _ClassVar[DeadlineBasis]
    DEADLINE_BASIS_WARD_RULE: _ClassVar[DeadlineBasis]

class TipStage(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TIP_STAGE_UNSPECIFIED: _ClassVar[TipStage]
    TIP_STAGE_VERIFICATION: _ClassVar[TipStage]
    TIP_STAGE_CLASSIFICATION: _ClassVar[TipStage]
    TIP_STAGE_HANDLING: _ClassVar[TipStage]
    TIP_STAGE_TRANSFER: _ClassVar[TipStage]

class VerificationOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VERIFICATION_OUTCOME_UNSPECIFIED: _ClassVar[VerificationOutcome]
    VERIFICATION_OUTCOME_FOUNDED: _ClassVar[VerificationOutcome]
    VERIFICATION_OUTCOME_PARTLY_FOUNDED: _ClassVar[VerificationOutcome]
    VERIFICATION_OUTCOME_UNFOUNDED: _ClassVar[VerificationOutcome]
    VERIFICATION_OUTCOME_INSUFFICIENT_INFORMATION: _ClassVar[VerificationOutcome]

class TipCategory(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TIP_CATEGORY_UNSPECIFIED: _ClassVar[TipCategory]
    TIP_CATEGORY_SOLICITATION: _ClassVar[TipCategory]
    TIP_CATEGORY_BROKERING: _ClassVar[TipCategory]
    TIP_CATEGORY_HARBOURING: _ClassVar[TipCategory]
    TIP_CATEGORY_ORGANISING: _ClassVar[TipCategory]
    TIP_CATEGORY_ONLINE_SOLICITATION: _ClassVar[TipCategory]
    TIP_CATEGORY_ESTABLISHMENT_VIOLATION: _ClassVar[TipCategory]
    TIP_CATEGORY_TRAFFICKING: _ClassVar[TipCategory]
    TIP_CATEGORY_HOTSPOT: _ClassVar[TipCategory]
    TIP_CATEGORY_SUPPORT_NEEDED: _ClassVar[TipCategory]
    TIP_CATEGORY_HANDLING_COMPLAINT: _ClassVar[TipCategory]
    TIP_CATEGORY_OUT_OF_SCOPE: _ClassVar[TipCategory]
    TIP_CATEGORY_OTHER: _ClassVar[TipCategory]

class Severity(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SEVERITY_UNSPECIFIED: _ClassVar[Severity]
    SEVERITY_LOW: _ClassVar[Severity]
    SEVERITY_MEDIUM: _ClassVar[Severity]
    SEVERITY_HIGH: _ClassVar[Severity]
    SEVERITY_URGENT: _ClassVar[Severity]

class RoutingTarget(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ROUTING_TARGET_UNSPECIFIED: _ClassVar[RoutingTarget]
    ROUTING_TARGET_POLICE_INVESTIGATION: _ClassVar[RoutingTarget]
    ROUTING_TARGET_INSPECTION: _ClassVar[RoutingTarget]
    ROUTING_TARGET_ONLINE_MONITORING: _ClassVar[RoutingTarget]
    ROUTING_TARGET_CASE_SUPPORT: _ClassVar[RoutingTarget]
    ROUTING_TARGET_OTHER_AGENCY: _ClassVar[RoutingTarget]

class HandlingOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    HANDLING_OUTCOME_UNSPECIFIED: _ClassVar[HandlingOutcome]
    HANDLING_OUTCOME_ADMINISTRATIVE_SANCTION: _ClassVar[HandlingOutcome]
    HANDLING_OUTCOME_CRIMINAL_PROCEEDINGS: _ClassVar[HandlingOutcome]
    HANDLING_OUTCOME_NO_PROCEEDINGS: _ClassVar[HandlingOutcome]
    HANDLING_OUTCOME_NO_VIOLATION: _ClassVar[HandlingOutcome]
    HANDLING_OUTCOME_SUPPORT_PROVIDED: _ClassVar[HandlingOutcome]
    HANDLING_OUTCOME_ONLINE_CONTENT_HANDLED: _ClassVar[HandlingOutcome]
    HANDLING_OUTCOME_COMPLAINT_UPHELD: _ClassVar[HandlingOutcome]
    HANDLING_OUTCOME_COMPLAINT_PARTLY_UPHELD: _ClassVar[HandlingOutcome]
    HANDLING_OUTCOME_COMPLAINT_REJECTED: _ClassVar[HandlingOutcome]
    HANDLING_OUTCOME_UNFOUNDED: _ClassVar[HandlingOutcome]
    HANDLING_OUTCOME_WITHDRAWN: _ClassVar[HandlingOutcome]
    HANDLING_OUTCOME_OTHER: _ClassVar[HandlingOutcome]

class ExtensionReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EXTENSION_REASON_UNSPECIFIED: _ClassVar[ExtensionReason]
    EXTENSION_REASON_COMPLEX: _ClassVar[ExtensionReason]
    EXTENSION_REASON_AWAITING_INFORMATION: _ClassVar[ExtensionReason]
    EXTENSION_REASON_AWAITING_OTHER_AGENCY: _ClassVar[ExtensionReason]
    EXTENSION_REASON_OTHER: _ClassVar[ExtensionReason]

class TransferDestination(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TRANSFER_DESTINATION_UNSPECIFIED: _ClassVar[TransferDestination]
    TRANSFER_DESTINATION_INVESTIGATING_BODY: _ClassVar[TransferDestination]
    TRANSFER_DESTINATION_PROCURACY: _ClassVar[TransferDestination]
    TRANSFER_DESTINATION_OTHER_WARD: _ClassVar[TransferDestination]
    TRANSFER_DESTINATION_CITY_AGENCY: _ClassVar[TransferDestination]
    TRANSFER_DESTINATION_OTHER: _ClassVar[TransferDestination]

class TransferReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TRANSFER_REASON_UNSPECIFIED: _ClassVar[TransferReason]
    TRANSFER_REASON_CRIMINAL_MATTER: _ClassVar[TransferReason]
    TRANSFER_REASON_OUTSIDE_COMPETENCE: _ClassVar[TransferReason]
    TRANSFER_REASON_OUTSIDE_WARD: _ClassVar[TransferReason]
    TRANSFER_REASON_OTHER: _ClassVar[TransferReason]

class MergeReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MERGE_REASON_UNSPECIFIED: _ClassVar[MergeReason]
    MERGE_REASON_DUPLICATE: _ClassVar[MergeReason]
    MERGE_REASON_RELATED: _ClassVar[MergeReason]

class ReopenReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REOPEN_REASON_UNSPECIFIED: _ClassVar[ReopenReason]
    REOPEN_REASON_NEW_INFORMATION: _ClassVar[ReopenReason]
    REOPEN_REASON_COMPLAINT_UPHELD: _ClassVar[ReopenReason]
    REOPEN_REASON_SUPERIOR_DECISION: _ClassVar[ReopenReason]
    REOPEN_REASON_RECORDING_ERROR: _ClassVar[ReopenReason]
TIP_KIND_UNSPECIFIED: TipKind
TIP_KIND_DENUNCIATION: TipKind
TIP_KIND_REPORT: TipKind
TIP_KIND_COMPLAINT: TipKind
TIP_KIND_RECOMMENDATION_TO_PROSECUTE: TipKind
CHANNEL_UNSPECIFIED: Channel
CHANNEL_HOTLINE: Channel
CHANNEL_IN_PERSON: Channel
CHANNEL_WEB_FORM: Channel
CHANNEL_RESIDENTIAL_GROUP: Channel
CHANNEL_TRANSFERRED: Channel
CHANNEL_ONLINE_MONITORING: Channel
CHANNEL_INSPECTION: Channel
DEADLINE_BASIS_UNSPECIFIED: DeadlineBasis
DEADLINE_BASIS_CRIMINAL_PROCEDURE_CODE: DeadlineBasis
DEADLINE_BASIS_LAW_ON_COMPLAINTS: DeadlineBasis
DEADLINE_BASIS_LAW_ON_DENUNCIATIONS: DeadlineBasis
DEADLINE_BASIS_TRANSFER_24_HOURS: DeadlineBasis
DEADLINE_BASIS_WARD_RULE: DeadlineBasis
TIP_STAGE_UNSPECIFIED: TipStage
TIP_STAGE_VERIFICATION: TipStage
TIP_STAGE_CLASSIFICATION: TipStage
TIP_STAGE_HANDLING: TipStage
TIP_STAGE_TRANSFER: TipStage
VERIFICATION_OUTCOME_UNSPECIFIED: VerificationOutcome
VERIFICATION_OUTCOME_FOUNDED: VerificationOutcome
VERIFICATION_OUTCOME_PARTLY_FOUNDED: VerificationOutcome
VERIFICATION_OUTCOME_UNFOUNDED: VerificationOutcome
VERIFICATION_OUTCOME_INSUFFICIENT_INFORMATION: VerificationOutcome
TIP_CATEGORY_UNSPECIFIED: TipCategory
TIP_CATEGORY_SOLICITATION: TipCategory
TIP_CATEGORY_BROKERING: TipCategory
TIP_CATEGORY_HARBOURING: TipCategory
TIP_CATEGORY_ORGANISING: TipCategory
TIP_CATEGORY_ONLINE_SOLICITATION: TipCategory
TIP_CATEGORY_ESTABLISHMENT_VIOLATION: TipCategory
TIP_CATEGORY_TRAFFICKING: TipCategory
TIP_CATEGORY_HOTSPOT: TipCategory
TIP_CATEGORY_SUPPORT_NEEDED: TipCategory
TIP_CATEGORY_HANDLING_COMPLAINT: TipCategory
TIP_CATEGORY_OUT_OF_SCOPE: TipCategory
TIP_CATEGORY_OTHER: TipCategory
SEVERITY_UNSPECIFIED: Severity
SEVERITY_LOW: Severity
SEVERITY_MEDIUM: Severity
SEVERITY_HIGH: Severity
SEVERITY_URGENT: Severity
ROUTING_TARGET_UNSPECIFIED: RoutingTarget
ROUTING_TARGET_POLICE_INVESTIGATION: RoutingTarget
ROUTING_TARGET_INSPECTION: RoutingTarget
ROUTING_TARGET_ONLINE_MONITORING: RoutingTarget
ROUTING_TARGET_CASE_SUPPORT: RoutingTarget
ROUTING_TARGET_OTHER_AGENCY: RoutingTarget
HANDLING_OUTCOME_UNSPECIFIED: HandlingOutcome
HANDLING_OUTCOME_ADMINISTRATIVE_SANCTION: HandlingOutcome
HANDLING_OUTCOME_CRIMINAL_PROCEEDINGS: HandlingOutcome
HANDLING_OUTCOME_NO_PROCEEDINGS: HandlingOutcome
HANDLING_OUTCOME_NO_VIOLATION: HandlingOutcome
HANDLING_OUTCOME_SUPPORT_PROVIDED: HandlingOutcome
HANDLING_OUTCOME_ONLINE_CONTENT_HANDLED: HandlingOutcome
HANDLING_OUTCOME_COMPLAINT_UPHELD: HandlingOutcome
HANDLING_OUTCOME_COMPLAINT_PARTLY_UPHELD: HandlingOutcome
HANDLING_OUTCOME_COMPLAINT_REJECTED: HandlingOutcome
HANDLING_OUTCOME_UNFOUNDED: HandlingOutcome
HANDLING_OUTCOME_WITHDRAWN: HandlingOutcome
HANDLING_OUTCOME_OTHER: HandlingOutcome
EXTENSION_REASON_UNSPECIFIED: ExtensionReason
EXTENSION_REASON_COMPLEX: ExtensionReason
EXTENSION_REASON_AWAITING_INFORMATION: ExtensionReason
EXTENSION_REASON_AWAITING_OTHER_AGENCY: ExtensionReason
EXTENSION_REASON_OTHER: ExtensionReason
TRANSFER_DESTINATION_UNSPECIFIED: TransferDestination
TRANSFER_DESTINATION_INVESTIGATING_BODY: TransferDestination
TRANSFER_DESTINATION_PROCURACY: TransferDestination
TRANSFER_DESTINATION_OTHER_WARD: TransferDestination
TRANSFER_DESTINATION_CITY_AGENCY: TransferDestination
TRANSFER_DESTINATION_OTHER: TransferDestination
TRANSFER_REASON_UNSPECIFIED: TransferReason
TRANSFER_REASON_CRIMINAL_MATTER: TransferReason
TRANSFER_REASON_OUTSIDE_COMPETENCE: TransferReason
TRANSFER_REASON_OUTSIDE_WARD: TransferReason
TRANSFER_REASON_OTHER: TransferReason
MERGE_REASON_UNSPECIFIED: MergeReason
MERGE_REASON_DUPLICATE: MergeReason
MERGE_REASON_RELATED: MergeReason
REOPEN_REASON_UNSPECIFIED: ReopenReason
REOPEN_REASON_NEW_INFORMATION: ReopenReason
REOPEN_REASON_COMPLAINT_UPHELD: ReopenReason
REOPEN_REASON_SUPERIOR_DECISION: ReopenReason
REOPEN_REASON_RECORDING_ERROR: ReopenReason

class TipReceived(_message.Message):
    __slots__ = ("tip_id", "ward", "occurred_at", "kind", "channel", "due_at", "residential_group", "deadline_basis", "anonymous", "receiving_unit_code", "establishment_id", "source_item_id", "source_inspection_id", "transferring_agency_code")
    TIP_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    RESIDENTIAL_GROUP_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_BASIS_FIELD_NUMBER: _ClassVar[int]
    ANONYMOUS_FIELD_NUMBER: _ClassVar[int]
    RECEIVING_UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    ESTABLISHMENT_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_INSPECTION_ID_FIELD_NUMBER: _ClassVar[int]
    TRANSFERRING_AGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    tip_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    kind: TipKind
    channel: Channel
    due_at: _timestamp_pb2.Timestamp
    residential_group: str
    deadline_basis: DeadlineBasis
    anonymous: bool
    receiving_unit_code: str
    establishment_id: str
    source_item_id: str
    source_inspection_id: str
    transferring_agency_code: str
    def __init__(self, tip_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., kind: _Optional[_Union[TipKind, str]] = ..., channel: _Optional[_Union[Channel, str]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., residential_group: _Optional[str] = ..., deadline_basis: _Optional[_Union[DeadlineBasis, str]] = ..., anonymous: _Optional[bool] = ..., receiving_unit_code: _Optional[str] = ..., establishment_id: _Optional[str] = ..., source_item_id: _Optional[str] = ..., source_inspection_id: _Optional[str] = ..., transferring_agency_code: _Optional[str] = ...) -> None: ...

class TipVerified(_message.Message):
    __slots__ = ("tip_id", "ward", "occurred_at", "outcome", "unit_code", "due_at", "kind")
    TIP_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    tip_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    outcome: VerificationOutcome
    unit_code: str
    due_at: _timestamp_pb2.Timestamp
    kind: TipKind
    def __init__(self, tip_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., outcome: _Optional[_Union[VerificationOutcome, str]] = ..., unit_code: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., kind: _Optional[_Union[TipKind, str]] = ...) -> None: ...

class TipClassified(_message.Message):
    __slots__ = ("tip_id", "ward", "occurred_at", "kind", "category", "severity", "competent_unit_code", "due_at", "deadline_basis", "complex")
    TIP_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    COMPETENT_UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_BASIS_FIELD_NUMBER: _ClassVar[int]
    COMPLEX_FIELD_NUMBER: _ClassVar[int]
    tip_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    kind: TipKind
    category: TipCategory
    severity: Severity
    competent_unit_code: str
    due_at: _timestamp_pb2.Timestamp
    deadline_basis: DeadlineBasis
    complex: bool
    def __init__(self, tip_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., kind: _Optional[_Union[TipKind, str]] = ..., category: _Optional[_Union[TipCategory, str]] = ..., severity: _Optional[_Union[Severity, str]] = ..., competent_unit_code: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., deadline_basis: _Optional[_Union[DeadlineBasis, str]] = ..., complex: _Optional[bool] = ...) -> None: ...

class TipRouted(_message.Message):
    __slots__ = ("tip_id", "ward", "occurred_at", "target", "target_unit_code", "due_at", "kind", "category", "severity", "residential_group", "establishment_id", "content_hash")
    TIP_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    TARGET_UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    RESIDENTIAL_GROUP_FIELD_NUMBER: _ClassVar[int]
    ESTABLISHMENT_ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_HASH_FIELD_NUMBER: _ClassVar[int]
    tip_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    target: RoutingTarget
    target_unit_code: str
    due_at: _timestamp_pb2.Timestamp
    kind: TipKind
    category: TipCategory
    severity: Severity
    residential_group: str
    establishment_id: str
    content_hash: str
    def __init__(self, tip_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., target: _Optional[_Union[RoutingTarget, str]] = ..., target_unit_code: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., kind: _Optional[_Union[TipKind, str]] = ..., category: _Optional[_Union[TipCategory, str]] = ..., severity: _Optional[_Union[Severity, str]] = ..., residential_group: _Optional[str] = ..., establishment_id: _Optional[str] = ..., content_hash: _Optional[str] = ...) -> None: ...

class TipDeadlineExtended(_message.Message):
    __slots__ = ("tip_id", "ward", "occurred_at", "stage", "previous_due_at", "due_at", "reason", "deadline_basis", "extension_number", "unit_code")
    TIP_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_DUE_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_BASIS_FIELD_NUMBER: _ClassVar[int]
    EXTENSION_NUMBER_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    tip_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    stage: TipStage
    previous_due_at: _timestamp_pb2.Timestamp
    due_at: _timestamp_pb2.Timestamp
    reason: ExtensionReason
    deadline_basis: DeadlineBasis
    extension_number: int
    unit_code: str
    def __init__(self, tip_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., stage: _Optional[_Union[TipStage, str]] = ..., previous_due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., reason: _Optional[_Union[ExtensionReason, str]] = ..., deadline_basis: _Optional[_Union[DeadlineBasis, str]] = ..., extension_number: _Optional[int] = ..., unit_code: _Optional[str] = ...) -> None: ...

class TipHandled(_message.Message):
    __slots__ = ("tip_id", "ward", "occurred_at", "outcome", "handled_at", "due_at", "on_time", "kind", "category", "unit_code", "resolved_by", "received_at")
    TIP_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    HANDLED_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    ON_TIME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_BY_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    tip_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    outcome: HandlingOutcome
    handled_at: _timestamp_pb2.Timestamp
    due_at: _timestamp_pb2.Timestamp
    on_time: bool
    kind: TipKind
    category: TipCategory
    unit_code: str
    resolved_by: RoutingTarget
    received_at: _timestamp_pb2.Timestamp
    def __init__(self, tip_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., outcome: _Optional[_Union[HandlingOutcome, str]] = ..., handled_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., on_time: _Optional[bool] = ..., kind: _Optional[_Union[TipKind, str]] = ..., category: _Optional[_Union[TipCategory, str]] = ..., unit_code: _Optional[str] = ..., resolved_by: _Optional[_Union[RoutingTarget, str]] = ..., received_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ...) -> None: ...

class TipOverdue(_message.Message):
    __slots__ = ("tip_id", "ward", "occurred_at", "stage", "due_at", "kind", "unit_code")
    TIP_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    tip_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    stage: TipStage
    due_at: _timestamp_pb2.Timestamp
    kind: TipKind
    unit_code: str
    def __init__(self, tip_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., stage: _Optional[_Union[TipStage, str]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., kind: _Optional[_Union[TipKind, str]] = ..., unit_code: _Optional[str] = ...) -> None: ...

class TipDeadlineApproaching(_message.Message):
    __slots__ = ("tip_id", "ward", "occurred_at", "stage", "due_at", "hours_remaining", "kind", "unit_code")
    TIP_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    HOURS_REMAINING_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    tip_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    stage: TipStage
    due_at: _timestamp_pb2.Timestamp
    hours_remaining: int
    kind: TipKind
    unit_code: str
    def __init__(self, tip_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., stage: _Optional[_Union[TipStage, str]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., hours_remaining: _Optional[int] = ..., kind: _Optional[_Union[TipKind, str]] = ..., unit_code: _Optional[str] = ...) -> None: ...

class TipTransferred(_message.Message):
    __slots__ = ("tip_id", "ward", "occurred_at", "destination", "destination_agency_code", "reason", "due_at", "on_time", "kind")
    TIP_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_AGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    ON_TIME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    tip_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    destination: TransferDestination
    destination_agency_code: str
    reason: TransferReason
    due_at: _timestamp_pb2.Timestamp
    on_time: bool
    kind: TipKind
    def __init__(self, tip_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., destination: _Optional[_Union[TransferDestination, str]] = ..., destination_agency_code: _Optional[str] = ..., reason: _Optional[_Union[TransferReason, str]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., on_time: _Optional[bool] = ..., kind: _Optional[_Union[TipKind, str]] = ...) -> None: ...

class TipMerged(_message.Message):
    __slots__ = ("tip_id", "ward", "occurred_at", "into_tip_id", "reason")
    TIP_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    INTO_TIP_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    tip_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    into_tip_id: str
    reason: MergeReason
    def __init__(self, tip_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., into_tip_id: _Optional[str] = ..., reason: _Optional[_Union[MergeReason, str]] = ...) -> None: ...

class TipReopened(_message.Message):
    __slots__ = ("tip_id", "ward", "occurred_at", "reason", "due_at", "previous_outcome", "unit_code")
    TIP_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_OUTCOME_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    tip_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    reason: ReopenReason
    due_at: _timestamp_pb2.Timestamp
    previous_outcome: HandlingOutcome
    unit_code: str
    def __init__(self, tip_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., reason: _Optional[_Union[ReopenReason, str]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., previous_outcome: _Optional[_Union[HandlingOutcome, str]] = ..., unit_code: _Optional[str] = ...) -> None: ...
