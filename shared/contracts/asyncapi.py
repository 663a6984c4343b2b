"""AsyncAPI 3.0.0 documents, one per service (``proto/asyncapi/<service>.json``).

Built from a protobuf descriptor set with source info (``protoc --include_imports
--include_source_info``), so the documents follow the .proto files and carry their comments.
Each document lists the service's published channels (``send``) and the channels it consumes
per :data:`shared.contracts.subscriptions.SUBSCRIPTIONS` (``receive``). Output is
deterministic: keys are sorted and nothing depends on time or machine.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf.message import Message

from shared.contracts.catalog import (
    SERVICES,
    service_of_package,
    stream_name,
    stream_subjects,
    subject_template,
)
from shared.contracts.scalars import SCALAR_SCHEMAS
from shared.contracts.servers import SECURITY_SCHEMES, SERVERS
from shared.contracts.subscriptions import SUBSCRIPTIONS

_FDP = descriptor_pb2.FieldDescriptorProto

JsonObject = dict[str, Any]

ASYNCAPI_VERSION: Final = "3.0.0"
CONTENT_TYPE: Final = "application/protobuf"
OPTIONS_FILE: Final = "pcmd/options/v1/options.proto"
OPTIONS_MESSAGE: Final = "pcmd.options.v1.EventOptions"
TIMESTAMP: Final = "google.protobuf.Timestamp"
HEADERS_SCHEMA: Final = "EventHeaders"

_HEADERS: Final[tuple[tuple[str, str, bool], ...]] = (
    ("Nats-Msg-Id", "Event id (UUIDv7); JetStream de-duplication key. Same as ce-id.", True),
    ("ce-specversion", "CloudEvents spec version, 1.0.", True),
    ("ce-id", "Event id (UUIDv7).", True),
    ("ce-type", "Full protobuf message name of the body, e.g. pcmd.intake.v1.TipReceived.", True),
    ("ce-source", "Producer, /pcmd/<ward>/<service>.", True),
    ("ce-time", "When the event was emitted (RFC 3339).", True),
    ("ce-subject", "Aggregate id: the value of the event's aggregate id field.", True),
    ("content-type", "application/protobuf: the body is the serialised protobuf message.", True),
    ("correlation-id", "Shared by every event caused by one request or process.", True),
    ("causation-id", "Id of the event or request that caused this event, when known.", False),
    ("traceparent", "W3C trace context of the producing trace, when tracing is on.", False),
)

_SCHEMA_NOTE: Final = (
    "Bodies are protobuf (binary). Payload schemas mirror the .proto messages: property names are "
    "the proto field names; in the canonical protobuf JSON mapping they become lowerCamelCase, "
    "64-bit integers are strings and enums are their value names. proto3 omits fields at their "
    "default value (empty string, 0, false, the *_UNSPECIFIED enum value): an optional reference "
    "such as source_tip_id is empty when absent."
)


@dataclass(frozen=True)
class _Event:
    full_name: str
    service: str
    aggregate: str
    action: str
    aggregate_id_field: str

    @property
    def name(self) -> str:
        return self.full_name.rsplit(".", 1)[-1]

    @property
    def channel_id(self) -> str:
        return f"{self.service}.{self.aggregate}.{self.action}"


def _comment(location: descriptor_pb2.SourceCodeInfo.Location) -> str:
    text = location.leading_comments or location.trailing_comments
    return " ".join(line.strip() for line in text.strip().splitlines() if line.strip())


def _event_field_number(fds: descriptor_pb2.FileDescriptorSet) -> int:
    for file in fds.file:
        for extension in file.extension:
            if file.name == OPTIONS_FILE and extension.name == "event":
                return extension.number
    raise ValueError(f"{OPTIONS_FILE} with extension 'event' is not in the descriptor set")


def _options_reader(fds: descriptor_pb2.FileDescriptorSet) -> type[Message]:
    """A message type with the event option's field number, to read it out of MessageOptions bytes.

    Works whether or not the generated options module was imported in this process.
    """
    pool = descriptor_pool.DescriptorPool()
    for file in fds.file:
        pool.Add(file)
    probe = descriptor_pb2.FileDescriptorProto(
        name="pcmd_asyncapi_probe.proto",
        package="pcmd_asyncapi_probe",
        syntax="proto3",
        dependency=[OPTIONS_FILE],
    )
    probe.message_type.add(name="Probe").field.add(
        name="event",
        number=_event_field_number(fds),
        type=_FDP.TYPE_MESSAGE,
        label=_FDP.LABEL_OPTIONAL,
        type_name=f".{OPTIONS_MESSAGE}",
    )
    pool.Add(probe)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("pcmd_asyncapi_probe.Probe"))


class _Model:
    """The descriptor set indexed by full name, with comments and the published events."""

    def __init__(self, fds: descriptor_pb2.FileDescriptorSet) -> None:
        self.messages: dict[str, descriptor_pb2.DescriptorProto] = {}
        self.enums: dict[str, descriptor_pb2.EnumDescriptorProto] = {}
        self.comments: dict[str, str] = {}
        self.events: dict[str, _Event] = {}
        reader = _options_reader(fds)
        for file in fds.file:
            self._index_file(file)
            if file.package.startswith("pcmd.") and file.name != OPTIONS_FILE:
                self._collect_events(file, reader)

    def _index_file(self, file: descriptor_pb2.FileDescriptorProto) -> None:
        comments = {tuple(loc.path): _comment(loc) for loc in file.source_code_info.location}
        for i, message in enumerate(file.message_type):
            self._index_message(f"{file.package}.{message.name}", message, (4, i), comments)
        for i, enum in enumerate(file.enum_type):
            self._index_enum(f"{file.package}.{enum.name}", enum, (5, i), comments)

    def _note(self, key: str, path: tuple[int, ...], comments: dict[tuple[int, ...], str]) -> None:
        if comments.get(path):
            self.comments[key] = comments[path]

    def _index_message(
        self,
        name: str,
        message: descriptor_pb2.DescriptorProto,
        path: tuple[int, ...],
        comments: dict[tuple[int, ...], str],
    ) -> None:
        self.messages[name] = message
        self._note(name, path, comments)
        for j, field in enumerate(message.field):
            self._note(f"{name}.{field.name}", (*path, 2, j), comments)
        for k, nested in enumerate(message.nested_type):
            self._index_message(f"{name}.{nested.name}", nested, (*path, 3, k), comments)
        for k, enum in enumerate(message.enum_type):
            self._index_enum(f"{name}.{enum.name}", enum, (*path, 4, k), comments)

    def _index_enum(
        self,
        name: str,
        enum: descriptor_pb2.EnumDescriptorProto,
        path: tuple[int, ...],
        comments: dict[tuple[int, ...], str],
    ) -> None:
        self.enums[name] = enum
        self._note(name, path, comments)
        for j, value in enumerate(enum.value):
            self._note(f"{name}.{value.name}", (*path, 2, j), comments)

    def _collect_events(self, file: descriptor_pb2.FileDescriptorProto, reader: type[Message]) -> None:
        service = service_of_package(file.package)
        for message in file.message_type:
            probe = reader.FromString(message.options.SerializeToString())
            if not probe.HasField("event"):
                continue
            option = getattr(probe, "event")  # noqa: B009 - dynamic message class
            full_name = f"{file.package}.{message.name}"
            self.events[full_name] = _Event(
                full_name, service, option.aggregate, option.action, option.aggregate_id_field
            )

    def event(self, full_name: str) -> _Event:
        try:
            return self.events[full_name]
        except KeyError:
            raise KeyError(f"subscription to unknown event type {full_name!r}") from None


def _ref(kind: str, name: str) -> JsonObject:
    return {"$ref": f"#/components/{kind}/{name}"}


def _with_description(schema: JsonObject, description: str | None) -> JsonObject:
    if not description:
        return schema
    if "$ref" in schema:
        return {"allOf": [schema], "description": description}
    return {**schema, "description": description}


def _type_schema(field: descriptor_pb2.FieldDescriptorProto) -> JsonObject:
    type_name = field.type_name.lstrip(".")
    if field.type == _FDP.TYPE_MESSAGE and type_name == TIMESTAMP:
        return {"type": "string", "format": "date-time"}
    if field.type == _FDP.TYPE_MESSAGE:
        return _ref("schemas", type_name)
    if field.type == _FDP.TYPE_ENUM:
        return _ref("schemas", type_name)
    return dict(SCALAR_SCHEMAS[field.type])


def _field_schema(model: _Model, owner: str, field: descriptor_pb2.FieldDescriptorProto) -> JsonObject:
    schema = _type_schema(field)
    if field.label == _FDP.LABEL_REPEATED:
        schema = {"type": "array", "items": schema}
    if "$ref" in schema:  # keywords beside a $ref are ignored by JSON Schema draft-07
        schema = {"allOf": [schema]}
    schema = _with_description(schema, model.comments.get(f"{owner}.{field.name}"))
    schema["x-protobuf-field-number"] = field.number
    return schema


def _message_schema(model: _Model, name: str) -> JsonObject:
    message = model.messages[name]
    schema: JsonObject = {
        "type": "object",
        "title": message.name,
        "x-protobuf-message": name,
        "properties": {field.name: _field_schema(model, name, field) for field in message.field},
    }
    return _with_description(schema, model.comments.get(name))


def _enum_schema(model: _Model, name: str) -> JsonObject:
    enum = model.enums[name]
    lines = [model.comments.get(name, ""), ""] if model.comments.get(name) else []
    for value in enum.value:
        comment = model.comments.get(f"{name}.{value.name}")
        lines.append(f"- {value.name} = {value.number}" + (f": {comment}" if comment else ""))
    return {
        "type": "string",
        "title": enum.name,
        "x-protobuf-enum": name,
        "enum": [value.name for value in enum.value],
        "description": "\n".join(lines),
    }


def _referenced_types(model: _Model, roots: Iterable[str]) -> list[str]:
    """Message and enum names reachable from ``roots`` (Timestamp is inlined)."""
    seen: set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        for field in model.messages[name].field if name in model.messages else ():
            type_name = field.type_name.lstrip(".")
            if field.type == _FDP.TYPE_ENUM or (field.type == _FDP.TYPE_MESSAGE and type_name != TIMESTAMP):
                if type_name.startswith("google.protobuf."):
                    raise ValueError(f"{name}.{field.name}: well-known type {type_name} is not supported")
                pending.append(type_name)
    return sorted(seen)


def _headers_schema() -> JsonObject:
    properties: JsonObject = {name: {"type": "string", "description": text} for name, text, _ in _HEADERS}
    properties["content-type"]["const"] = CONTENT_TYPE
    properties["ce-specversion"]["const"] = "1.0"
    return {
        "type": "object",
        "title": "Event envelope (CloudEvents binary mode over NATS headers)",
        "properties": properties,
        "required": [name for name, _, required in _HEADERS if required],
    }


def _message(model: _Model, event: _Event) -> JsonObject:
    description = model.comments.get(event.full_name, "")
    return {
        "name": event.full_name,
        "title": event.name,
        "summary": description,
        "description": (
            f"Subject {subject_template(event.service, event.aggregate, event.action)} on stream "
            f"{stream_name(event.service)}; ce-subject is the {event.aggregate_id_field} field."
        ),
        "contentType": CONTENT_TYPE,
        "headers": {
            "allOf": [
                _ref("schemas", HEADERS_SCHEMA),
                {"type": "object", "properties": {"ce-type": {"type": "string", "const": event.full_name}}},
            ]
        },
        "payload": _ref("schemas", event.full_name),
        "correlationId": {"location": "$message.header#/correlation-id"},
        "x-aggregate-id-field": event.aggregate_id_field,
    }


def _channel(model: _Model, event: _Event) -> JsonObject:
    return {
        "address": subject_template(event.service, event.aggregate, event.action),
        "title": event.name,
        "description": model.comments.get(event.full_name, ""),
        "parameters": {"ward": _ref("parameters", "ward")},
        "messages": {event.name: _ref("messages", event.full_name)},
        "x-jetstream-stream": stream_name(event.service),
    }


def _operation(action: str, event: _Event, summary: str) -> JsonObject:
    return {
        "action": action,
        "channel": {"$ref": f"#/channels/{event.channel_id}"},
        "messages": [{"$ref": f"#/channels/{event.channel_id}/messages/{event.name}"}],
        "summary": summary,
    }


def _info(service: str) -> JsonObject:
    consumers = sorted(c for c, producers in SUBSCRIPTIONS.items() if service in producers)
    return {
        "title": f"PCMD {service} events",
        "version": "1.0.0",
        "description": (
            f"Events published by the {service} service of the PCMD platform (package pcmd.{service}.v1), "
            f"and the events it consumes. Stream {stream_name(service)} on "
            f"{', '.join(stream_subjects(service))}; "
            "subjects are pcmd.<ward>.<service>.<aggregate>.<action>. Events carry no personal data. "
            f"Consumed inside the platform by: {', '.join(consumers) or 'none'}; city systems may subscribe. "
            + _SCHEMA_NOTE
        ),
    }


def _components(model: _Model, events: list[_Event]) -> JsonObject:
    types = _referenced_types(model, (event.full_name for event in events))
    schemas: JsonObject = {
        name: _message_schema(model, name) if name in model.messages else _enum_schema(model, name)
        for name in types
    }
    schemas[HEADERS_SCHEMA] = _headers_schema()
    return {
        "messages": {event.full_name: _message(model, event) for event in events},
        "schemas": schemas,
        "parameters": {
            "ward": {
                "description": "Ward code, e.g. lechan; one deployment may serve many wards.",
                "examples": ["lechan"],
            }
        },
    }


def _document(model: _Model, service: str) -> JsonObject:
    published = [event for event in model.events.values() if event.service == service]
    consumed = [model.event(name) for names in SUBSCRIPTIONS.get(service, {}).values() for name in names]
    channels = {event.channel_id: _channel(model, event) for event in published + consumed}
    operations = {
        f"send.{e.channel_id}": _operation("send", e, f"{service} publishes {e.name}") for e in published
    }
    for e in consumed:
        operations[f"receive.{e.channel_id}"] = _operation(
            "receive", e, f"{service} consumes {e.name} from {e.service}"
        )
    unique = list({event.full_name: event for event in published + consumed}.values())
    components = _components(model, unique)
    components["securitySchemes"] = SECURITY_SCHEMES
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "id": f"urn:pcmd:{service}:events",
        "info": _info(service),
        "servers": SERVERS,
        "defaultContentType": CONTENT_TYPE,
        "channels": channels,
        "operations": operations,
        "components": components,
    }


def build_documents(fds: descriptor_pb2.FileDescriptorSet) -> dict[str, JsonObject]:
    """One AsyncAPI document per service, keyed by service name."""
    model = _Model(fds)
    return {service: _document(model, service) for service in SERVICES}


def render(document: JsonObject) -> str:
    """Stable JSON text: sorted keys, two-space indent, trailing newline."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
