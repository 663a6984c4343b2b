from google.protobuf import descriptor_pb2 as _descriptor_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor
EVENT_FIELD_NUMBER: int
event: _descriptor.FieldDescriptor

class EventOptions(_message.Message):
    __slots__ = ("aggregate", "action", "aggregate_id_field")
    AGGREGATE_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    AGGREGATE_ID_FIELD_FIELD_NUMBER: _ClassVar[int]
    aggregate: str
    action: str
    aggregate_id_field: str
    def __init__(self, aggregate: _Optional[str] = ..., action: _Optional[str] = ..., aggregate_id_field: _Optional[str] = ...) -> None: ...
