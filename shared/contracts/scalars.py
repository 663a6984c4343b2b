"""JSON Schema of each protobuf scalar type, as the AsyncAPI documents describe event payloads."""

from __future__ import annotations

from typing import Any, Final

from google.protobuf import descriptor_pb2

JsonObject = dict[str, Any]

FDP = descriptor_pb2.FieldDescriptorProto
SCALAR_SCHEMAS: Final[dict[int, JsonObject]] = {
    FDP.TYPE_STRING: {"type": "string"},
    FDP.TYPE_BOOL: {"type": "boolean"},
    FDP.TYPE_INT32: {"type": "integer", "format": "int32"},
    FDP.TYPE_SINT32: {"type": "integer", "format": "int32"},
    FDP.TYPE_SFIXED32: {"type": "integer", "format": "int32"},
    FDP.TYPE_UINT32: {"type": "integer", "format": "int32", "minimum": 0},
    FDP.TYPE_FIXED32: {"type": "integer", "format": "int32", "minimum": 0},
    FDP.TYPE_INT64: {"type": "integer", "format": "int64"},
    FDP.TYPE_SINT64: {"type": "integer", "format": "int64"},
    FDP.TYPE_SFIXED64: {"type": "integer", "format": "int64"},
    FDP.TYPE_UINT64: {"type": "integer", "format": "int64", "minimum": 0},
    FDP.TYPE_FIXED64: {"type": "integer", "format": "int64", "minimum": 0},
    FDP.TYPE_DOUBLE: {"type": "number", "format": "double"},
    FDP.TYPE_FLOAT: {"type": "number", "format": "float"},
    FDP.TYPE_BYTES: {"type": "string", "contentEncoding": "base64"},
}
