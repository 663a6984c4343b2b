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

class PeriodType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PERIOD_TYPE_UNSPECIFIED: _ClassVar[PeriodType]
    PERIOD_TYPE_MONTH: _ClassVar[PeriodType]
    PERIOD_TYPE_QUARTER: _ClassVar[PeriodType]
    PERIOD_TYPE_YEAR: _ClassVar[PeriodType]
    PERIOD_TYPE_PLAN_PERIOD: _ClassVar[PeriodType]

class IndicatorKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INDICATOR_KIND_UNSPECIFIED: _ClassVar[IndicatorKind]
    INDICATOR_KIND_RATIO: _ClassVar[IndicatorKind]
    INDICATOR_KIND_COUNT: _ClassVar[IndicatorKind]
    INDICATOR_KIND_YES_NO: _ClassVar[IndicatorKind]

class Comparison(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COMPARISON_UNSPECIFIED: _ClassVar[Comparison]
    COMPARISON_AT_LEAST: _ClassVar[Comparison]
    COMPARISON_GREATER_THAN: _ClassVar[Comparison]
    COMPARISON_AT_MOST: _ClassVar[Comparison]
    COMPARISON_EQUAL: _ClassVar[Comparison]

class SourceService(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SOURCE_SERVICE_UNSPECIFIED: _ClassVar[SourceService]
    SOURCE_SERVICE_INTAKE: _ClassVar[SourceService]
    SOURCE_SERVICE_INSPECTION: _ClassVar[SourceService]
    SOURCE_SERVICE_CASE_SUPPORT: _ClassVar[SourceService]
    SOURCE_SERVICE_ONLINE_MONITORING: _ClassVar[SourceService]
    SOURCE_SERVICE_REPORTING: _ClassVar[SourceService]

class ActivityKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACTIVITY_KIND_UNSPECIFIED: _ClassVar[ActivityKind]
    ACTIVITY_KIND_COMMUNICATION_MEETING: _ClassVar[ActivityKind]
    ACTIVITY_KIND_COMMUNICATION_BROADCAST: _ClassVar[ActivityKind]
    ACTIVITY_KIND_COMMUNICATION_PRINT: _ClassVar[ActivityKind]
    ACTIVITY_KIND_COMMUNICATION_ONLINE: _ClassVar[ActivityKind]
    ACTIVITY_KIND_COMMUNICATION_CAMPAIGN: _ClassVar[ActivityKind]
    ACTIVITY_KIND_LEGAL_DISSEMINATION: _ClassVar[ActivityKind]
    ACTIVITY_KIND_INTERIM_REVIEW: _ClassVar[ActivityKind]
    ACTIVITY_KIND_FINAL_REVIEW: _ClassVar[ActivityKind]
    ACTIVITY_KIND_OTHER: _ClassVar[ActivityKind]

class ActivityCategory(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACTIVITY_CATEGORY_UNSPECIFIED: _ClassVar[ActivityCategory]
    ACTIVITY_CATEGORY_COMMUNICATION: _ClassVar[ActivityCategory]
    ACTIVITY_CATEGORY_REVIEW: _ClassVar[ActivityCategory]
    ACTIVITY_CATEGORY_OTHER: _ClassVar[ActivityCategory]

class TrainingTopic(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TRAINING_TOPIC_UNSPECIFIED: _ClassVar[TrainingTopic]
    TRAINING_TOPIC_LAW_AND_POLICY: _ClassVar[TrainingTopic]
    TRAINING_TOPIC_INSPECTION: _ClassVar[TrainingTopic]
    TRAINING_TOPIC_CASE_SUPPORT: _ClassVar[TrainingTopic]
    TRAINING_TOPIC_ONLINE_MONITORING: _ClassVar[TrainingTopic]
    TRAINING_TOPIC_TIP_HANDLING: _ClassVar[TrainingTopic]
    TRAINING_TOPIC_OTHER: _ClassVar[TrainingTopic]

class DocumentKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DOCUMENT_KIND_UNSPECIFIED: _ClassVar[DocumentKind]
    DOCUMENT_KIND_PLAN: _ClassVar[DocumentKind]
    DOCUMENT_KIND_DIRECTIVE: _ClassVar[DocumentKind]
    DOCUMENT_KIND_DECISION: _ClassVar[DocumentKind]
    DOCUMENT_KIND_OFFICIAL_LETTER: _ClassVar[DocumentKind]
    DOCUMENT_KIND_REPORT: _ClassVar[DocumentKind]
    DOCUMENT_KIND_OTHER: _ClassVar[DocumentKind]

class ReportRecipient(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPORT_RECIPIENT_UNSPECIFIED: _ClassVar[ReportRecipient]
    REPORT_RECIPIENT_CITY_HEALTH_DEPARTMENT: _ClassVar[ReportRecipient]
    REPORT_RECIPIENT_CITY_PEOPLES_COMMITTEE: _ClassVar[ReportRecipient]
    REPORT_RECIPIENT_WARD_PEOPLES_COMMITTEE: _ClassVar[ReportRecipient]
    REPORT_RECIPIENT_OTHER: _ClassVar[ReportRecipient]

class FundingSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FUNDING_SOURCE_UNSPECIFIED: _ClassVar[FundingSource]
    FUNDING_SOURCE_STATE_BUDGET: _ClassVar[FundingSource]
    FUNDING_SOURCE_INTEGRATED: _ClassVar[FundingSource]
    FUNDING_SOURCE_SOCIALIZED: _ClassVar[FundingSource]

class IntegratedProgramme(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INTEGRATED_PROGRAMME_UNSPECIFIED: _ClassVar[IntegratedProgramme]
    INTEGRATED_PROGRAMME_HEALTH: _ClassVar[IntegratedProgramme]
    INTEGRATED_PROGRAMME_GENDER_EQUALITY: _ClassVar[IntegratedProgramme]
    INTEGRATED_PROGRAMME_HIV_AIDS: _ClassVar[IntegratedProgramme]
    INTEGRATED_PROGRAMME_POVERTY_REDUCTION: _ClassVar[IntegratedProgramme]
    INTEGRATED_PROGRAMME_SOCIAL_SECURITY: _ClassVar[IntegratedProgramme]
    INTEGRATED_PROGRAMME_CRIME_AND_SOCIAL_EVILS: _ClassVar[IntegratedProgramme]

class BudgetActivityKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BUDGET_ACTIVITY_KIND_UNSPECIFIED: _ClassVar[BudgetActivityKind]
    BUDGET_ACTIVITY_KIND_COMMUNICATION: _ClassVar[BudgetActivityKind]
    BUDGET_ACTIVITY_KIND_TRAINING: _ClassVar[BudgetActivityKind]
    BUDGET_ACTIVITY_KIND_INSPECTION_TEAM: _ClassVar[BudgetActivityKind]
    BUDGET_ACTIVITY_KIND_HARM_REDUCTION: _ClassVar[BudgetActivityKind]
    BUDGET_ACTIVITY_KIND_ONLINE_MONITORING: _ClassVar[BudgetActivityKind]
    BUDGET_ACTIVITY_KIND_RESEARCH: _ClassVar[BudgetActivityKind]
    BUDGET_ACTIVITY_KIND_REVIEW: _ClassVar[BudgetActivityKind]
    BUDGET_ACTIVITY_KIND_COMMENDATION: _ClassVar[BudgetActivityKind]
    BUDGET_ACTIVITY_KIND_OTHER: _ClassVar[BudgetActivityKind]

class SpentOn(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SPENT_ON_UNSPECIFIED: _ClassVar[SpentOn]
    SPENT_ON_ACTIVITY: _ClassVar[SpentOn]
    SPENT_ON_TRAINING: _ClassVar[SpentOn]
    SPENT_ON_INSPECTION: _ClassVar[SpentOn]

class DifficultyKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DIFFICULTY_KIND_UNSPECIFIED: _ClassVar[DifficultyKind]
    DIFFICULTY_KIND_DIFFICULTY: _ClassVar[DifficultyKind]
    DIFFICULTY_KIND_PROPOSAL: _ClassVar[DifficultyKind]

class DifficultyArea(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DIFFICULTY_AREA_UNSPECIFIED: _ClassVar[DifficultyArea]
    DIFFICULTY_AREA_DIRECTION: _ClassVar[DifficultyArea]
    DIFFICULTY_AREA_COMMUNICATION: _ClassVar[DifficultyArea]
    DIFFICULTY_AREA_HARM_REDUCTION: _ClassVar[DifficultyArea]
    DIFFICULTY_AREA_INSPECTION: _ClassVar[DifficultyArea]
    DIFFICULTY_AREA_TIPS: _ClassVar[DifficultyArea]
    DIFFICULTY_AREA_ONLINE: _ClassVar[DifficultyArea]
    DIFFICULTY_AREA_CAPACITY: _ClassVar[DifficultyArea]
    DIFFICULTY_AREA_BUDGET: _ClassVar[DifficultyArea]
    DIFFICULTY_AREA_LEGAL: _ClassVar[DifficultyArea]
    DIFFICULTY_AREA_DATA: _ClassVar[DifficultyArea]
    DIFFICULTY_AREA_OTHER: _ClassVar[DifficultyArea]

class DifficultyStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DIFFICULTY_STATUS_UNSPECIFIED: _ClassVar[DifficultyStatus]
    DIFFICULTY_STATUS_OPEN: _ClassVar[DifficultyStatus]
    DIFFICULTY_STATUS_ADDRESSED: _ClassVar[DifficultyStatus]
    DIFFICULTY_STATUS_CARRIED_TO_CITY: _ClassVar[DifficultyStatus]

class SurveyKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SURVEY_KIND_UNSPECIFIED: _ClassVar[SurveyKind]
    SURVEY_KIND_SURVEY: _ClassVar[SurveyKind]
    SURVEY_KIND_ASSESSMENT: _ClassVar[SurveyKind]
    SURVEY_KIND_RESEARCH: _ClassVar[SurveyKind]

class SurveySubject(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SURVEY_SUBJECT_UNSPECIFIED: _ClassVar[SurveySubject]
    SURVEY_SUBJECT_SITUATION: _ClassVar[SurveySubject]
    SURVEY_SUBJECT_GROUPS: _ClassVar[SurveySubject]
    SURVEY_SUBJECT_NEEDS: _ClassVar[SurveySubject]
    SURVEY_SUBJECT_INTERVENTIONS: _ClassVar[SurveySubject]
    SURVEY_SUBJECT_OTHER: _ClassVar[SurveySubject]

class CommendationKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COMMENDATION_KIND_UNSPECIFIED: _ClassVar[CommendationKind]
    COMMENDATION_KIND_COMMENDATION: _ClassVar[CommendationKind]
    COMMENDATION_KIND_ACCOUNTABILITY: _ClassVar[CommendationKind]

class ReviewKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REVIEW_KIND_UNSPECIFIED: _ClassVar[ReviewKind]
    REVIEW_KIND_YEARLY: _ClassVar[ReviewKind]
    REVIEW_KIND_FINAL: _ClassVar[ReviewKind]
PERIOD_TYPE_UNSPECIFIED: PeriodType
PERIOD_TYPE_MONTH: PeriodType
PERIOD_TYPE_QUARTER: PeriodType
PERIOD_TYPE_YEAR: PeriodType
PERIOD_TYPE_PLAN_PERIOD: PeriodType
INDICATOR_KIND_UNSPECIFIED: IndicatorKind
INDICATOR_KIND_RATIO: IndicatorKind
INDICATOR_KIND_COUNT: IndicatorKind
INDICATOR_KIND_YES_NO: IndicatorKind
COMPARISON_UNSPECIFIED: Comparison
COMPARISON_AT_LEAST: Comparison
COMPARISON_GREATER_THAN: Comparison
COMPARISON_AT_MOST: Comparison
COMPARISON_EQUAL: Comparison
SOURCE_SERVICE_UNSPECIFIED: SourceService
SOURCE_SERVICE_INTAKE: SourceService
SOURCE_SERVICE_INSPECTION: SourceService
SOURCE_SERVICE_CASE_SUPPORT: SourceService
SOURCE_SERVICE_ONLINE_MONITORING: SourceService
SOURCE_SERVICE_REPORTING: SourceService
ACTIVITY_KIND_UNSPECIFIED: ActivityKind
ACTIVITY_KIND_COMMUNICATION_MEETING: ActivityKind
ACTIVITY_KIND_COMMUNICATION_BROADCAST: ActivityKind
ACTIVITY_KIND_COMMUNICATION_PRINT: ActivityKind
ACTIVITY_KIND_COMMUNICATION_ONLINE: ActivityKind
ACTIVITY_KIND_COMMUNICATION_CAMPAIGN: ActivityKind
ACTIVITY_KIND_LEGAL_DISSEMINATION: ActivityKind
ACTIVITY_KIND_INTERIM_REVIEW: ActivityKind
ACTIVITY_KIND_FINAL_REVIEW: ActivityKind
ACTIVITY_KIND_OTHER: ActivityKind
ACTIVITY_CATEGORY_UNSPECIFIED: ActivityCategory
ACTIVITY_CATEGORY_COMMUNICATION: ActivityCategory
ACTIVITY_CATEGORY_REVIEW: ActivityCategory
ACTIVITY_CATEGORY_OTHER: ActivityCategory
TRAINING_TOPIC_UNSPECIFIED: TrainingTopic
TRAINING_TOPIC_LAW_AND_POLICY: TrainingTopic
TRAINING_TOPIC_INSPECTION: TrainingTopic
TRAINING_TOPIC_CASE_SUPPORT: TrainingTopic
TRAINING_TOPIC_ONLINE_MONITORING: TrainingTopic
TRAINING_TOPIC_TIP_HANDLING: TrainingTopic
TRAINING_TOPIC_OTHER: TrainingTopic
DOCUMENT_KIND_UNSPECIFIED: DocumentKind
DOCUMENT_KIND_PLAN: DocumentKind
DOCUMENT_KIND_DIRECTIVE: DocumentKind
DOCUMENT_KIND_DECISION: DocumentKind
DOCUMENT_KIND_OFFICIAL_LETTER: DocumentKind
DOCUMENT_KIND_REPORT: DocumentKind
DOCUMENT_KIND_OTHER: DocumentKind
REPORT_RECIPIENT_UNSPECIFIED: ReportRecipient
REPORT_RECIPIENT_CITY_HEALTH_DEPARTMENT: ReportRecipient
REPORT_RECIPIENT_CITY_PEOPLES_COMMITTEE: ReportRecipient
REPORT_RECIPIENT_WARD_PEOPLES_COMMITTEE: ReportRecipient
REPORT_RECIPIENT_OTHER: ReportRecipient
FUNDING_SOURCE_UNSPECIFIED: FundingSource
FUNDING_SOURCE_STATE_BUDGET: FundingSource
FUNDING_SOURCE_INTEGRATED: FundingSource
FUNDING_SOURCE_SOCIALIZED: FundingSource
INTEGRATED_PROGRAMME_UNSPECIFIED: IntegratedProgramme
INTEGRATED_PROGRAMME_HEALTH: IntegratedProgramme
INTEGRATED_PROGRAMME_GENDER_EQUALITY: IntegratedProgramme
INTEGRATED_PROGRAMME_HIV_AIDS: IntegratedProgramme
INTEGRATED_PROGRAMME_POVERTY_REDUCTION: IntegratedProgramme
INTEGRATED_PROGRAMME_SOCIAL_SECURITY: IntegratedProgramme
INTEGRATED_PROGRAMME_CRIME_AND_SOCIAL_EVILS: IntegratedProgramme
BUDGET_ACTIVITY_KIND_UNSPECIFIED: BudgetActivityKind
BUDGET_ACTIVITY_KIND_COMMUNICATION: BudgetActivityKind
BUDGET_ACTIVITY_KIND_TRAINING: BudgetActivityKind
BUDGET_ACTIVITY_KIND_INSPECTION_TEAM: BudgetActivityKind
BUDGET_ACTIVITY_KIND_HARM_REDUCTION: BudgetActivityKind
BUDGET_ACTIVITY_KIND_ONLINE_MONITORING: BudgetActivityKind
BUDGET_ACTIVITY_KIND_RESEARCH: BudgetActivityKind
BUDGET_ACTIVITY_KIND_REVIEW: BudgetActivityKind
BUDGET_ACTIVITY_KIND_COMMENDATION: BudgetActivityKind
BUDGET_ACTIVITY_KIND_OTHER: BudgetActivityKind
SPENT_ON_UNSPECIFIED: SpentOn
SPENT_ON_ACTIVITY: SpentOn
SPENT_ON_TRAINING: SpentOn
SPENT_ON_INSPECTION: SpentOn
DIFFICULTY_KIND_UNSPECIFIED: DifficultyKind
DIFFICULTY_KIND_DIFFICULTY: DifficultyKind
DIFFICULTY_KIND_PROPOSAL: DifficultyKind
DIFFICULTY_AREA_UNSPECIFIED: DifficultyArea
DIFFICULTY_AREA_DIRECTION: DifficultyArea
DIFFICULTY_AREA_COMMUNICATION: DifficultyArea
DIFFICULTY_AREA_HARM_REDUCTION: DifficultyArea
DIFFICULTY_AREA_INSPECTION: DifficultyArea
DIFFICULTY_AREA_TIPS: DifficultyArea
DIFFICULTY_AREA_ONLINE: DifficultyArea
DIFFICULTY_AREA_CAPACITY: DifficultyArea
DIFFICULTY_AREA_BUDGET: DifficultyArea
DIFFICULTY_AREA_LEGAL: DifficultyArea
DIFFICULTY_AREA_DATA: DifficultyArea
DIFFICULTY_AREA_OTHER: DifficultyArea
DIFFICULTY_STATUS_UNSPECIFIED: DifficultyStatus
DIFFICULTY_STATUS_OPEN: DifficultyStatus
DIFFICULTY_STATUS_ADDRESSED: DifficultyStatus
DIFFICULTY_STATUS_CARRIED_TO_CITY: DifficultyStatus
SURVEY_KIND_UNSPECIFIED: SurveyKind
SURVEY_KIND_SURVEY: SurveyKind
SURVEY_KIND_ASSESSMENT: SurveyKind
SURVEY_KIND_RESEARCH: SurveyKind
SURVEY_SUBJECT_UNSPECIFIED: SurveySubject
SURVEY_SUBJECT_SITUATION: SurveySubject
SURVEY_SUBJECT_GROUPS: SurveySubject
SURVEY_SUBJECT_NEEDS: SurveySubject
SURVEY_SUBJECT_INTERVENTIONS: SurveySubject
SURVEY_SUBJECT_OTHER: SurveySubject
COMMENDATION_KIND_UNSPECIFIED: CommendationKind
COMMENDATION_KIND_COMMENDATION: CommendationKind
COMMENDATION_KIND_ACCOUNTABILITY: CommendationKind
REVIEW_KIND_UNSPECIFIED: ReviewKind
REVIEW_KIND_YEARLY: ReviewKind
REVIEW_KIND_FINAL: ReviewKind

class IndicatorValue(_message.Message):
    __slots__ = ("indicator_code", "kind", "numerator", "denominator", "value", "target", "comparison", "met", "no_data", "suppressed", "title_vi", "title_en", "complement")
    INDICATOR_CODE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    NUMERATOR_FIELD_NUMBER: _ClassVar[int]
    DENOMINATOR_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    COMPARISON_FIELD_NUMBER: _ClassVar[int]
    MET_FIELD_NUMBER: _ClassVar[int]
    NO_DATA_FIELD_NUMBER: _ClassVar[int]
    SUPPRESSED_FIELD_NUMBER: _ClassVar[int]
    TITLE_VI_FIELD_NUMBER: _ClassVar[int]
    TITLE_EN_FIELD_NUMBER: _ClassVar[int]
    COMPLEMENT_FIELD_NUMBER: _ClassVar[int]
    indicator_code: str
    kind: IndicatorKind
    numerator: int
    denominator: int
    value: int
    target: int
    comparison: Comparison
    met: bool
    no_data: bool
    suppressed: bool
    title_vi: str
    title_en: str
    complement: bool
    def __init__(self, indicator_code: _Optional[str] = ..., kind: _Optional[_Union[IndicatorKind, str]] = ..., numerator: _Optional[int] = ..., denominator: _Optional[int] = ..., value: _Optional[int] = ..., target: _Optional[int] = ..., comparison: _Optional[_Union[Comparison, str]] = ..., met: _Optional[bool] = ..., no_data: _Optional[bool] = ..., suppressed: _Optional[bool] = ..., title_vi: _Optional[str] = ..., title_en: _Optional[str] = ..., complement: _Optional[bool] = ...) -> None: ...

class StreamPosition(_message.Message):
    __slots__ = ("service", "sequence")
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    service: SourceService
    sequence: int
    def __init__(self, service: _Optional[_Union[SourceService, str]] = ..., sequence: _Optional[int] = ...) -> None: ...

class SnapshotPublished(_message.Message):
    __slots__ = ("snapshot_id", "ward", "occurred_at", "period_type", "period_start", "period_end", "content_hash", "indicators", "ward_codes", "positions", "small_cell_suppressed", "supersedes_snapshot_id", "period_code", "time_zone", "published_hash", "as_of")
    SNAPSHOT_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    PERIOD_TYPE_FIELD_NUMBER: _ClassVar[int]
    PERIOD_START_FIELD_NUMBER: _ClassVar[int]
    PERIOD_END_FIELD_NUMBER: _ClassVar[int]
    CONTENT_HASH_FIELD_NUMBER: _ClassVar[int]
    INDICATORS_FIELD_NUMBER: _ClassVar[int]
    WARD_CODES_FIELD_NUMBER: _ClassVar[int]
    POSITIONS_FIELD_NUMBER: _ClassVar[int]
    SMALL_CELL_SUPPRESSED_FIELD_NUMBER: _ClassVar[int]
    SUPERSEDES_SNAPSHOT_ID_FIELD_NUMBER: _ClassVar[int]
    PERIOD_CODE_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_HASH_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    snapshot_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    period_type: PeriodType
    period_start: _timestamp_pb2.Timestamp
    period_end: _timestamp_pb2.Timestamp
    content_hash: str
    indicators: _containers.RepeatedCompositeFieldContainer[IndicatorValue]
    ward_codes: _containers.RepeatedScalarFieldContainer[str]
    positions: _containers.RepeatedCompositeFieldContainer[StreamPosition]
    small_cell_suppressed: bool
    supersedes_snapshot_id: str
    period_code: str
    time_zone: str
    published_hash: str
    as_of: _timestamp_pb2.Timestamp
    def __init__(self, snapshot_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., period_type: _Optional[_Union[PeriodType, str]] = ..., period_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., period_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., content_hash: _Optional[str] = ..., indicators: _Optional[_Iterable[_Union[IndicatorValue, _Mapping[str, object]]]] = ..., ward_codes: _Optional[_Iterable[str]] = ..., positions: _Optional[_Iterable[_Union[StreamPosition, _Mapping[str, object]]]] = ..., small_cell_suppressed: _Optional[bool] = ..., supersedes_snapshot_id: _Optional[str] = ..., period_code: _Optional[str] = ..., time_zone: _Optional[str] = ..., published_hash: _Optional[str] = ..., as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ...) -> None: ...

class ActivityRecorded(_message.Message):
    __slots__ = ("activity_id", "ward", "occurred_at", "kind", "category", "held_at", "unit_code", "participant_count", "residential_group")
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    HELD_AT_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANT_COUNT_FIELD_NUMBER: _ClassVar[int]
    RESIDENTIAL_GROUP_FIELD_NUMBER: _ClassVar[int]
    activity_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    kind: ActivityKind
    category: ActivityCategory
    held_at: _timestamp_pb2.Timestamp
    unit_code: str
    participant_count: int
    residential_group: str
    def __init__(self, activity_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., kind: _Optional[_Union[ActivityKind, str]] = ..., category: _Optional[_Union[ActivityCategory, str]] = ..., held_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., unit_code: _Optional[str] = ..., participant_count: _Optional[int] = ..., residential_group: _Optional[str] = ...) -> None: ...

class TrainingHeld(_message.Message):
    __slots__ = ("training_id", "ward", "occurred_at", "topic", "held_at", "unit_code", "trained_staff_codes", "trained_staff_count")
    TRAINING_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    HELD_AT_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    TRAINED_STAFF_CODES_FIELD_NUMBER: _ClassVar[int]
    TRAINED_STAFF_COUNT_FIELD_NUMBER: _ClassVar[int]
    training_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    topic: TrainingTopic
    held_at: _timestamp_pb2.Timestamp
    unit_code: str
    trained_staff_codes: _containers.RepeatedScalarFieldContainer[str]
    trained_staff_count: int
    def __init__(self, training_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., topic: _Optional[_Union[TrainingTopic, str]] = ..., held_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., unit_code: _Optional[str] = ..., trained_staff_codes: _Optional[_Iterable[str]] = ..., trained_staff_count: _Optional[int] = ...) -> None: ...

class StaffAssigned(_message.Message):
    __slots__ = ("assignment_id", "ward", "occurred_at", "staff_code", "unit_code", "effective_at")
    ASSIGNMENT_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    STAFF_CODE_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_AT_FIELD_NUMBER: _ClassVar[int]
    assignment_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    staff_code: str
    unit_code: str
    effective_at: _timestamp_pb2.Timestamp
    def __init__(self, assignment_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., staff_code: _Optional[str] = ..., unit_code: _Optional[str] = ..., effective_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ...) -> None: ...

class StaffUnassigned(_message.Message):
    __slots__ = ("assignment_id", "ward", "occurred_at", "staff_code", "unit_code", "effective_at")
    ASSIGNMENT_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    STAFF_CODE_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_AT_FIELD_NUMBER: _ClassVar[int]
    assignment_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    staff_code: str
    unit_code: str
    effective_at: _timestamp_pb2.Timestamp
    def __init__(self, assignment_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., staff_code: _Optional[str] = ..., unit_code: _Optional[str] = ..., effective_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ...) -> None: ...

class DirectiveScheduled(_message.Message):
    __slots__ = ("directive_id", "ward", "occurred_at", "kind", "due_at", "unit_code")
    DIRECTIVE_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    directive_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    kind: DocumentKind
    due_at: _timestamp_pb2.Timestamp
    unit_code: str
    def __init__(self, directive_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., kind: _Optional[_Union[DocumentKind, str]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., unit_code: _Optional[str] = ...) -> None: ...

class DirectiveIssued(_message.Message):
    __slots__ = ("directive_id", "ward", "occurred_at", "kind", "document_code", "issued_at", "due_at", "on_time", "unit_code")
    DIRECTIVE_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_CODE_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    ON_TIME_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    directive_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    kind: DocumentKind
    document_code: str
    issued_at: _timestamp_pb2.Timestamp
    due_at: _timestamp_pb2.Timestamp
    on_time: bool
    unit_code: str
    def __init__(self, directive_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., kind: _Optional[_Union[DocumentKind, str]] = ..., document_code: _Optional[str] = ..., issued_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., on_time: _Optional[bool] = ..., unit_code: _Optional[str] = ...) -> None: ...

class YearlyPlanRecorded(_message.Message):
    __slots__ = ("plan_id", "ward", "occurred_at", "year", "document_code", "issued_at", "directive_id")
    PLAN_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_CODE_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    DIRECTIVE_ID_FIELD_NUMBER: _ClassVar[int]
    plan_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    year: int
    document_code: str
    issued_at: _timestamp_pb2.Timestamp
    directive_id: str
    def __init__(self, plan_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., year: _Optional[int] = ..., document_code: _Optional[str] = ..., issued_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., directive_id: _Optional[str] = ...) -> None: ...

class ReportSubmitted(_message.Message):
    __slots__ = ("report_id", "ward", "occurred_at", "period_type", "period_start", "period_end", "recipient", "snapshot_id", "produced_by_system", "submitted_at", "due_at", "on_time", "document_code")
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    PERIOD_TYPE_FIELD_NUMBER: _ClassVar[int]
    PERIOD_START_FIELD_NUMBER: _ClassVar[int]
    PERIOD_END_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_ID_FIELD_NUMBER: _ClassVar[int]
    PRODUCED_BY_SYSTEM_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    ON_TIME_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_CODE_FIELD_NUMBER: _ClassVar[int]
    report_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    period_type: PeriodType
    period_start: _timestamp_pb2.Timestamp
    period_end: _timestamp_pb2.Timestamp
    recipient: ReportRecipient
    snapshot_id: str
    produced_by_system: bool
    submitted_at: _timestamp_pb2.Timestamp
    due_at: _timestamp_pb2.Timestamp
    on_time: bool
    document_code: str
    def __init__(self, report_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., period_type: _Optional[_Union[PeriodType, str]] = ..., period_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., period_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., recipient: _Optional[_Union[ReportRecipient, str]] = ..., snapshot_id: _Optional[str] = ..., produced_by_system: _Optional[bool] = ..., submitted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., on_time: _Optional[bool] = ..., document_code: _Optional[str] = ...) -> None: ...

class BudgetLineEstimated(_message.Message):
    __slots__ = ("line_id", "ward", "occurred_at", "year", "unit_code", "activity_kind", "source", "programme", "estimate_vnd")
    LINE_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_KIND_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    PROGRAMME_FIELD_NUMBER: _ClassVar[int]
    ESTIMATE_VND_FIELD_NUMBER: _ClassVar[int]
    line_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    year: int
    unit_code: str
    activity_kind: BudgetActivityKind
    source: FundingSource
    programme: IntegratedProgramme
    estimate_vnd: int
    def __init__(self, line_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., year: _Optional[int] = ..., unit_code: _Optional[str] = ..., activity_kind: _Optional[_Union[BudgetActivityKind, str]] = ..., source: _Optional[_Union[FundingSource, str]] = ..., programme: _Optional[_Union[IntegratedProgramme, str]] = ..., estimate_vnd: _Optional[int] = ...) -> None: ...

class BudgetAllocated(_message.Message):
    __slots__ = ("allocation_id", "ward", "occurred_at", "line_id", "year", "source", "amount_vnd", "allocated_at", "document_code")
    ALLOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    LINE_ID_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_VND_FIELD_NUMBER: _ClassVar[int]
    ALLOCATED_AT_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_CODE_FIELD_NUMBER: _ClassVar[int]
    allocation_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    line_id: str
    year: int
    source: FundingSource
    amount_vnd: int
    allocated_at: _timestamp_pb2.Timestamp
    document_code: str
    def __init__(self, allocation_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., line_id: _Optional[str] = ..., year: _Optional[int] = ..., source: _Optional[_Union[FundingSource, str]] = ..., amount_vnd: _Optional[int] = ..., allocated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., document_code: _Optional[str] = ...) -> None: ...

class BudgetSpent(_message.Message):
    __slots__ = ("spending_id", "ward", "occurred_at", "line_id", "year", "source", "amount_vnd", "spent_at", "document_code", "over_allocation", "approver_unit_code", "spent_on", "spent_on_id")
    SPENDING_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    LINE_ID_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_VND_FIELD_NUMBER: _ClassVar[int]
    SPENT_AT_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_CODE_FIELD_NUMBER: _ClassVar[int]
    OVER_ALLOCATION_FIELD_NUMBER: _ClassVar[int]
    APPROVER_UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    SPENT_ON_FIELD_NUMBER: _ClassVar[int]
    SPENT_ON_ID_FIELD_NUMBER: _ClassVar[int]
    spending_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    line_id: str
    year: int
    source: FundingSource
    amount_vnd: int
    spent_at: _timestamp_pb2.Timestamp
    document_code: str
    over_allocation: bool
    approver_unit_code: str
    spent_on: SpentOn
    spent_on_id: str
    def __init__(self, spending_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., line_id: _Optional[str] = ..., year: _Optional[int] = ..., source: _Optional[_Union[FundingSource, str]] = ..., amount_vnd: _Optional[int] = ..., spent_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., document_code: _Optional[str] = ..., over_allocation: _Optional[bool] = ..., approver_unit_code: _Optional[str] = ..., spent_on: _Optional[_Union[SpentOn, str]] = ..., spent_on_id: _Optional[str] = ...) -> None: ...

class BudgetYearClosed(_message.Message):
    __slots__ = ("closure_id", "ward", "occurred_at", "year", "estimate_vnd", "allocated_vnd", "spent_vnd")
    CLOSURE_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    ESTIMATE_VND_FIELD_NUMBER: _ClassVar[int]
    ALLOCATED_VND_FIELD_NUMBER: _ClassVar[int]
    SPENT_VND_FIELD_NUMBER: _ClassVar[int]
    closure_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    year: int
    estimate_vnd: int
    allocated_vnd: int
    spent_vnd: int
    def __init__(self, closure_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., year: _Optional[int] = ..., estimate_vnd: _Optional[int] = ..., allocated_vnd: _Optional[int] = ..., spent_vnd: _Optional[int] = ...) -> None: ...

class DifficultyRecorded(_message.Message):
    __slots__ = ("difficulty_id", "ward", "occurred_at", "unit_code", "kind", "area", "raised_at")
    DIFFICULTY_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    AREA_FIELD_NUMBER: _ClassVar[int]
    RAISED_AT_FIELD_NUMBER: _ClassVar[int]
    difficulty_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    unit_code: str
    kind: DifficultyKind
    area: DifficultyArea
    raised_at: _timestamp_pb2.Timestamp
    def __init__(self, difficulty_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., unit_code: _Optional[str] = ..., kind: _Optional[_Union[DifficultyKind, str]] = ..., area: _Optional[_Union[DifficultyArea, str]] = ..., raised_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ...) -> None: ...

class DifficultyStatusChanged(_message.Message):
    __slots__ = ("difficulty_id", "ward", "occurred_at", "unit_code", "kind", "area", "status", "document_code")
    DIFFICULTY_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    AREA_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_CODE_FIELD_NUMBER: _ClassVar[int]
    difficulty_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    unit_code: str
    kind: DifficultyKind
    area: DifficultyArea
    status: DifficultyStatus
    document_code: str
    def __init__(self, difficulty_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., unit_code: _Optional[str] = ..., kind: _Optional[_Union[DifficultyKind, str]] = ..., area: _Optional[_Union[DifficultyArea, str]] = ..., status: _Optional[_Union[DifficultyStatus, str]] = ..., document_code: _Optional[str] = ...) -> None: ...

class SurveyRecorded(_message.Message):
    __slots__ = ("survey_id", "ward", "occurred_at", "kind", "subject", "unit_code", "period_type", "period_start", "period_end", "sample_size", "attachment_count", "completed_at")
    SURVEY_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    PERIOD_TYPE_FIELD_NUMBER: _ClassVar[int]
    PERIOD_START_FIELD_NUMBER: _ClassVar[int]
    PERIOD_END_FIELD_NUMBER: _ClassVar[int]
    SAMPLE_SIZE_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_AT_FIELD_NUMBER: _ClassVar[int]
    survey_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    kind: SurveyKind
    subject: SurveySubject
    unit_code: str
    period_type: PeriodType
    period_start: _timestamp_pb2.Timestamp
    period_end: _timestamp_pb2.Timestamp
    sample_size: int
    attachment_count: int
    completed_at: _timestamp_pb2.Timestamp
    def __init__(self, survey_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., kind: _Optional[_Union[SurveyKind, str]] = ..., subject: _Optional[_Union[SurveySubject, str]] = ..., unit_code: _Optional[str] = ..., period_type: _Optional[_Union[PeriodType, str]] = ..., period_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., period_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., sample_size: _Optional[int] = ..., attachment_count: _Optional[int] = ..., completed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ...) -> None: ...

class CommendationRecorded(_message.Message):
    __slots__ = ("commendation_id", "ward", "occurred_at", "kind", "unit_code", "staff_code", "document_code", "decided_at")
    COMMENDATION_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    STAFF_CODE_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_CODE_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_FIELD_NUMBER: _ClassVar[int]
    commendation_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    kind: CommendationKind
    unit_code: str
    staff_code: str
    document_code: str
    decided_at: _timestamp_pb2.Timestamp
    def __init__(self, commendation_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., kind: _Optional[_Union[CommendationKind, str]] = ..., unit_code: _Optional[str] = ..., staff_code: _Optional[str] = ..., document_code: _Optional[str] = ..., decided_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ...) -> None: ...

class ReviewPrepared(_message.Message):
    __slots__ = ("review_id", "ward", "occurred_at", "kind", "period_type", "period_start", "period_end", "snapshot_id", "content_hash")
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PERIOD_TYPE_FIELD_NUMBER: _ClassVar[int]
    PERIOD_START_FIELD_NUMBER: _ClassVar[int]
    PERIOD_END_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_HASH_FIELD_NUMBER: _ClassVar[int]
    review_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    kind: ReviewKind
    period_type: PeriodType
    period_start: _timestamp_pb2.Timestamp
    period_end: _timestamp_pb2.Timestamp
    snapshot_id: str
    content_hash: str
    def __init__(self, review_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., kind: _Optional[_Union[ReviewKind, str]] = ..., period_type: _Optional[_Union[PeriodType, str]] = ..., period_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., period_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., snapshot_id: _Optional[str] = ..., content_hash: _Optional[str] = ...) -> None: ...

class ReviewApproved(_message.Message):
    __slots__ = ("review_id", "ward", "occurred_at", "kind", "period_type", "period_start", "period_end", "snapshot_id", "content_hash")
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    WARD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PERIOD_TYPE_FIELD_NUMBER: _ClassVar[int]
    PERIOD_START_FIELD_NUMBER: _ClassVar[int]
    PERIOD_END_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_HASH_FIELD_NUMBER: _ClassVar[int]
    review_id: str
    ward: str
    occurred_at: _timestamp_pb2.Timestamp
    kind: ReviewKind
    period_type: PeriodType
    period_start: _timestamp_pb2.Timestamp
    period_end: _timestamp_pb2.Timestamp
    snapshot_id: str
    content_hash: str
    def __init__(self, review_id: _Optional[str] = ..., ward: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., kind: _Optional[_Union[ReviewKind, str]] = ..., period_type: _Optional[_Union[PeriodType, str]] = ..., period_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., period_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping[str, object]]] = ..., snapshot_id: _Optional[str] = ..., content_hash: _Optional[str] = ...) -> None: ...
