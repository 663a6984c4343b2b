import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from shared.contracts.pcmd.options.v1 import options_pb2 as _options_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Platform(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PLATFORM_UNSPECIFIED: _ClassVar[Platform]
    PLATFORM_FACEBOOK: _ClassVar[Platform]
    PLATFORM_ZALO: _ClassVar[Platform]
    PLATFORM_TIKTOK: _ClassVar[Platform]
    PLATFORM_TELEGRAM: _ClassVar[Platform]
    PLATFORM_YOUTUBE: _ClassVar[Platform]
    PLATFORM_INSTAGRAM: _ClassVar[Platform]
    PLATFORM_X: _ClassVar[Platform]
    PLATFORM_DATING_APP: _ClassVar[Platform]
    PLATFORM_WEBSITE: _ClassVar[Platform]
    PLATFORM_OTHER: _ClassVar[Platform]

class ContentSpace(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONTENT_SPACE_UNSPECIFIED: _ClassVar[ContentSpace]
    CONTENT_SPACE_PUBLIC_POST: _ClassVar[ContentSpace]
    CONTENT_SPACE_PROFILE: _ClassVar[ContentSpace]
    CONTENT_SPACE_CLOSED_GROUP: _ClassVar[ContentSpace]
    CONTENT_SPACE_CHAT_GROUP: _ClassVar[ContentSpace]
    CONTENT_SPACE_LISTING: _ClassVar[ContentSpace]
    CONTENT_SPACE_OTHER: _ClassVar[ContentSpace]

class ReportSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPORT_SOURCE_UNSPECIFIED: _ClassVar[ReportSource]
    REPORT_SOURCE_TIP: _ClassVar[ReportSource]
    REPORT_SOURCE_PROACTIVE_MONITORING: _ClassVar[ReportSource]
    REPORT_SOURCE_CITY_AUTHORITY: _ClassVar[ReportSource]
    REPORT_SOURCE_OTHER: _ClassVar[ReportSource]
    REPORT_SOURCE_PUBLIC_REPORT: _ClassVar[ReportSource]
    REPORT_SOURCE_PLATFORM_NOTICE: _ClassVar[ReportSource]
    REPORT_SOURCE_EXTERNAL_CRAWLER: _ClassVar[ReportSource]

class ItemCategory(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ITEM_CATEGORY_UNSPECIFIED: _ClassVar[ItemCategory]
    ITEM_CATEGORY_SOLICITATION: _ClassVar[ItemCategory]
    ITEM_CATEGORY_BROKERING: _ClassVar[ItemCategory]
    ITEM_CATEGORY_DISGUISED_ADVERTISING: _ClassVar[ItemCategory]
    ITEM_CATEGORY_TRAFFICKING_RECRUITMENT: _ClassVar[ItemCategory]
    ITEM_CATEGORY_OBSCENE_CONTENT: _ClassVar[ItemCategory]
    ITEM_CATEGORY_NOT_VIOLATING: _ClassVar[ItemCategory]
    ITEM_CATEGORY_OTHER: _ClassVar[ItemCategory]

class TakedownChannel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TAKEDOWN_CHANNEL_UNSPECIFIED: _ClassVar[TakedownChannel]
    TAKEDOWN_CHANNEL_PLATFORM_TOOL: _ClassVar[TakedownChannel]
    TAKEDOWN_CHANNEL_OFFICIAL_REQUEST: _ClassVar[TakedownChannel]
    TAKEDOWN_CHANNEL_VIA_AUTHORITY: _ClassVar[TakedownChannel]
    TAKEDOWN_CHANNEL_OTHER: _ClassVar[TakedownChannel]

class CompetentBody(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COMPETENT_BODY_UNSPECIFIED: _ClassVar[CompetentBody]
    COMPETENT_BODY_MINISTRY: _ClassVar[CompetentBody]
    COMPETENT_BODY_PROVINCIAL_DEPARTMENT: _ClassVar[CompetentBody]
    COMPETENT_BODY_CITY_CYBER_POLICE: _ClassVar[CompetentBody]

class RemovedBy(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REMOVED_BY_UNSPECIFIED: _ClassVar[RemovedBy]
    REMOVED_BY_PLATFORM: _ClassVar[RemovedBy]
    REMOVED_BY_ACCOUNT_HOLDER: _ClassVar[RemovedBy]
    REMOVED_BY_UNKNOWN: _ClassVar[RemovedBy]

class EscalationTarget(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ESCALATION_TARGET_UNSPECIFIED: _ClassVar[EscalationTarget]
    ESCALATION_TARGET_CITY_CYBER_POLICE: _ClassVar[EscalationTarget]
    ESCALATION_TARGET_INVESTIGATING_BODY: _ClassVar[EscalationTarget]
    ESCALATION_TARGET_CITY_INFORMATION_AUTHORITY: _ClassVar[EscalationTarget]
    ESCALATION_TARGET_OTHER: _ClassVar[EscalationTarget]
    ESCALATION_TARGET_MINISTRY: _ClassVar[EscalationTarget]

class ItemClosureReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ITEM_CLOSURE_REASON_UNSPECIFIED: _ClassVar[ItemClosureReason]
    ITEM_CLOSURE_REASON_REMOVED: _ClassVar[ItemClosureReason]
    ITEM_CLOSURE_REASON_NOT_VIOLATING: _ClassVar[ItemClosureReason]
    ITEM_CLOSURE_REASON_OUTSIDE_COMPETENCE: _ClassVar[ItemClosureReason]
    ITEM_CLOSURE_REASON_CONTENT_UNAVAILABLE: _ClassVar[ItemClosureReason]
    ITEM_CLOSURE_REASON_ESCALATION_CONCLUDED: _ClassVar[ItemClosureReason]
    ITEM_CLOSURE_REASON_DUPLICATE: _ClassVar[ItemClosureReason]
    ITEM_CLOSURE_REASON_OTHER: _ClassVar[ItemClosureReason]
PLATFORM_UNSPECIFIED: Platform
PLATFORM_FACEBOOK: Platform
PLATFORM_ZALO: Platform
PLATFORM_TIKTOK: Platform
PLATFORM_TELEGRAM: Platform
PLATFORM_YOUTUBE: Platform
PLATFORM_INSTAGRAM: Platform
PLATFORM_X: Platform
PLATFORM_DATING_APP: Platform
PLATFORM_WEBSITE: Platform
PLATFORM_OTHER: Platform
CONTENT_SPACE_UNSPECIFIED: ContentSpace
CONTENT_SPACE_PUBLIC_POST: ContentSpace
CONTENT_SPACE_PROFILE: ContentSpace
CONTENT_SPACE_CLOSED_GROUP: ContentSpace
CONTENT_SPACE_CHAT_GROUP: ContentSpace
CONTENT_SPACE_LISTING: ContentSpace
CONTENT_SPACE_OTHER: ContentSpace
REPORT_SOURCE_UNSPECIFIED: ReportSource
REPORT_SOURCE_TIP: ReportSource
REPORT_SOURCE_PROACTIVE_MONITORING: ReportSource
REPORT_SOURCE_CITY_AUTHORITY: ReportSource
REPORT_SOURCE_OTHER: ReportSource
REPORT_SOURCE_PUBLIC_REPORT: ReportSource
REPORT_SOURCE_PLATFORM_NOTICE: ReportSource
REPORT_SOURCE_EXTERNAL_CRAWLER: ReportSource
ITEM_CATEGORY_UNSPECIFIED: ItemCategory
ITEM_CATEGORY_SOLICITATION: ItemCategory
ITEM_CATEGORY_BROKERING: ItemCategory
ITEM_CATEGORY_DISGUISED_ADVERTISING: ItemCategory
ITEM_CATEGORY_TRAFFICKING_RECRUITMENT: ItemCategory
ITEM_CATEGORY_OBSCENE_CONTENT: ItemCategory
ITEM_CATEGORY_NOT_VIOLATING: ItemCategory
ITEM_CATEGORY_OTHER: ItemCategory
TAKEDOWN_CHANNEL_UNSPECIFIED: TakedownChannel
TAKEDOWN_CHANNEL_PLATFORM_TOOL: TakedownChannel
TAKEDOWN_CHANNEL_OFFICIAL_REQUEST: TakedownChannel
TAKEDOWN_CHANNEL_VIA_AUTHORITY: TakedownChannel
TAKEDOWN_CHANNEL_OTHER: TakedownChannel
COMPETENT_BODY_UNSPECIFIED: CompetentBody
COMPETENT_BODY_MINISTRY: CompetentBody
COMPETENT_BODY_PROVINCIAL_DEPARTMENT: CompetentBody
COMPETENT_BODY_CITY_CYBER_POLICE: CompetentBody
REMOVED_BY_UNSPECIFIED: RemovedBy
REMOVED_BY_PLATFORM: RemovedBy
REMOVED_BY_ACCOUNT_HOLDER: RemovedBy
REMOVED_BY_UNKNOWN: RemovedBy
ESCALATION_TARGET_UNSPECIFIED: EscalationTarget
ESCALATION_TARGET_CITY_CYBER_POLICE: EscalationTarget
ESCALATION_TARGET_INVESTIGATING_BODY: EscalationTarget
ESCALATION_TARGET_CITY_INFORMATION_AUTHORITY: EscalationTarget
ESCALATION_TARGET_OTHER: EscalationTarget
ESCALATION_TARGET_MINISTRY: EscalationTarget
ITEM_CLOSURE_REASON_UNSPECIFIED: ItemClosureReason
ITEM_CLOSURE_REASON_REMOVED: ItemClosureReason
ITEM_CLOSURE_REASON_NOT_VIOLATING: ItemClosureReason
ITEM_CLOSURE_REASON_OUTSIDE_COMPETENCE: ItemClosureReason
ITEM_CLOSURE_REASON_CONTENT_UNAVAILABLE: ItemClosureReason
ITEM_CLOSURE_REASON_ESCALATION_CONCLUDED: ItemClosureReason
ITEM_CLOSURE_REASON_DUPLICATE: ItemClosureReason
ITEM_CLOSURE_REASON_OTHER: ItemClosureReason

class ItemReported(_message.Message):
    __slots__ = ("item_id", "ward", "occurred_at", "platform", "content_hash", "source_tip_id", "due_at", "source", "space", "establishment_id")
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    CONTENT_HASH_FIELD_NUMBER: _ClassVar[int]
    SOURCE_TIP_ID_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    SPACE_FIELD_NUMBER: _ClassVar[int]
    ESTABLISHMENT_ID_FIELD_NUMBER: _ClassVar[int]
    item_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    platform: Platform
    content_hash: str
    source_tip_id: str
    due_at: _timestamp_pb2.Timestamp
    source: ReportSource
    space: ContentSpace
    establishment_id: str
    def __init__(self, item_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., platform: _Optional[_Union[Platform, str]] = ..., content_hash: _Optional[str] = ..., source_tip_id: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., source: _Optional[_Union[ReportSource, str]] = ..., space: _Optional[_Union[ContentSpace, str]] = ..., establishment_id: _Optional[str] = ...) -> None: ...

class ItemClassified(_message.Message):
    __slots__ = ("item_id", "ward", "occurred_at", "category", "within_competence", "platform", "due_at", "unit_code", "model_version", "proposed_category")
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    WITHIN_COMPETENCE_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    PROPOSED_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    item_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    category: ItemCategory
    within_competence: bool
    platform: Platform
    due_at: _timestamp_pb2.Timestamp
    unit_code: str
    model_version: str
    proposed_category: ItemCategory
    def __init__(self, item_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., category: _Optional[_Union[ItemCategory, str]] = ..., within_competence: _Optional[bool] = ..., platform: _Optional[_Union[Platform, str]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., unit_code: _Optional[str] = ..., model_version: _Optional[str] = ..., proposed_category: _Optional[_Union[ItemCategory, str]] = ...) -> None: ...

class TakedownRequested(_message.Message):
    __slots__ = ("item_id", "ward", "occurred_at", "takedown_request_id", "platform", "channel", "unit_code", "due_at", "competent_body")
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    TAKEDOWN_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    COMPETENT_BODY_FIELD_NUMBER: _ClassVar[int]
    item_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    takedown_request_id: str
    platform: Platform
    channel: TakedownChannel
    unit_code: str
    due_at: _timestamp_pb2.Timestamp
    competent_body: CompetentBody
    def __init__(self, item_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., takedown_request_id: _Optional[str] = ..., platform: _Optional[_Union[Platform, str]] = ..., channel: _Optional[_Union[TakedownChannel, str]] = ..., unit_code: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., competent_body: _Optional[_Union[CompetentBody, str]] = ...) -> None: ...

class ItemRemoved(_message.Message):
    __slots__ = ("item_id", "ward", "occurred_at", "platform", "removed_by", "takedown_request_id", "source_tip_id", "due_at", "on_time", "content_hash")
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    REMOVED_BY_FIELD_NUMBER: _ClassVar[int]
    TAKEDOWN_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_TIP_ID_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    ON_TIME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_HASH_FIELD_NUMBER: _ClassVar[int]
    item_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    platform: Platform
    removed_by: RemovedBy
    takedown_request_id: str
    source_tip_id: str
    due_at: _timestamp_pb2.Timestamp
    on_time: bool
    content_hash: str
    def __init__(self, item_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., platform: _Optional[_Union[Platform, str]] = ..., removed_by: _Optional[_Union[RemovedBy, str]] = ..., takedown_request_id: _Optional[str] = ..., source_tip_id: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., on_time: _Optional[bool] = ..., content_hash: _Optional[str] = ...) -> None: ...

class ItemReappeared(_message.Message):
    __slots__ = ("item_id", "ward", "occurred_at", "platform", "content_hash", "reappearance_count", "due_at", "source_tip_id")
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    CONTENT_HASH_FIELD_NUMBER: _ClassVar[int]
    REAPPEARANCE_COUNT_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_TIP_ID_FIELD_NUMBER: _ClassVar[int]
    item_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    platform: Platform
    content_hash: str
    reappearance_count: int
    due_at: _timestamp_pb2.Timestamp
    source_tip_id: str
    def __init__(self, item_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., platform: _Optional[_Union[Platform, str]] = ..., content_hash: _Optional[str] = ..., reappearance_count: _Optional[int] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., source_tip_id: _Optional[str] = ...) -> None: ...

class ItemEscalated(_message.Message):
    __slots__ = ("item_id", "ward", "occurred_at", "target", "target_agency_code", "source_tip_id", "due_at", "on_time", "category", "platform")
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    TARGET_AGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_TIP_ID_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    ON_TIME_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    item_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    target: EscalationTarget
    target_agency_code: str
    source_tip_id: str
    due_at: _timestamp_pb2.Timestamp
    on_time: bool
    category: ItemCategory
    platform: Platform
    def __init__(self, item_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., target: _Optional[_Union[EscalationTarget, str]] = ..., target_agency_code: _Optional[str] = ..., source_tip_id: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., on_time: _Optional[bool] = ..., category: _Optional[_Union[ItemCategory, str]] = ..., platform: _Optional[_Union[Platform, str]] = ...) -> None: ...

class ItemClosed(_message.Message):
    __slots__ = ("item_id", "ward", "occurred_at", "reason", "source_tip_id", "due_at", "on_time", "category", "platform")
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    SOURCE_TIP_ID_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    ON_TIME_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    item_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    reason: ItemClosureReason
    source_tip_id: str
    due_at: _timestamp_pb2.Timestamp
    on_time: bool
    category: ItemCategory
    platform: Platform
    def __init__(self, item_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., reason: _Optional[_Union[ItemClosureReason, str]] = ..., source_tip_id: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., on_time: _Optional[bool] = ..., category: _Optional[_Union[ItemCategory, str]] = ..., platform: _Optional[_Union[Platform, str]] = ...) -> None: ...
