"""Catalog of published events, read from the ``(pcmd.options.v1.event)`` option in ``proto/``.

Subject of an event: ``pcmd.<ward>.<service>.<aggregate>.<action>``, e.g.
``pcmd.lechan.intake.tip.received``. One JetStream stream per producing service:
``PCMD_<SERVICE>`` on ``pcmd.*.<service>.>``.

Only the standard library and protobuf are imported at module level, so the helpers that need
no generated code (subjects, streams) work even before the code is generated.
"""

from __future__ import annotations

import functools
import importlib
import re
from dataclasses import dataclass
from typing import Any, Final

from google.protobuf.descriptor import Descriptor
from google.protobuf.message import Message

SERVICES: Final = ("intake", "inspection", "case_support", "online_monitoring", "reporting")
SUBJECT_ROOT: Final = "pcmd"
GENERATED_PACKAGE: Final = "shared.contracts.pcmd"

_TOKEN = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class EventSpec:
    """Where one published event type goes."""

    full_name: str  # e.g. "pcmd.intake.v1.TipReceived" (also the ce-type header)
    service: str  # producing service, e.g. "intake"
    aggregate: str  # subject token, e.g. "tip"
    action: str  # subject token, e.g. "received"
    aggregate_id_field: str  # e.g. "tip_id"
    message_class: type[Message]

    @property
    def name(self) -> str:
        """Short message name, e.g. "TipReceived"."""
        return self.full_name.rsplit(".", 1)[-1]

    def subject(self, ward: str) -> str:
        return subject(ward, self.service, self.aggregate, self.action)


def _check_token(kind: str, value: str) -> str:
    if not _TOKEN.fullmatch(value):
        raise ValueError(f"invalid {kind} subject token {value!r}")
    return value


def _check_service(service: str) -> str:
    if service not in SERVICES:
        raise ValueError(f"unknown service {service!r}; one of {', '.join(SERVICES)}")
    return service


def subject(ward: str, service: str, aggregate: str, action: str) -> str:
    """``pcmd.<ward>.<service>.<aggregate>.<action>``; raises ValueError on a bad token."""
    tokens = (
        _check_token("ward", ward),
        _check_service(service),
        _check_token("aggregate", aggregate),
        _check_token("action", action),
    )
    return ".".join((SUBJECT_ROOT, *tokens))


def subject_template(service: str, aggregate: str, action: str) -> str:
    """The subject with a ``{ward}`` placeholder, e.g. ``pcmd.{ward}.intake.tip.received``."""
    tokens = (_check_service(service), _check_token("aggregate", aggregate), _check_token("action", action))
    return ".".join((SUBJECT_ROOT, "{ward}", *tokens))


def stream_name(service: str) -> str:
    """``PCMD_INTAKE``, ``PCMD_CASE_SUPPORT``, ..."""
    return f"{SUBJECT_ROOT.upper()}_{_check_service(service).upper()}"


def stream_subjects(service: str) -> list[str]:
    """Subjects of a service's stream: every ward, every event of that service."""
    return [f"{SUBJECT_ROOT}.*.{_check_service(service)}.>"]


def service_of_package(package: str) -> str:
    """``pcmd.case_support.v1`` -> ``case_support``; ValueError for other packages."""
    parts = package.split(".")
    if len(parts) != 3 or parts[0] != SUBJECT_ROOT or parts[2] != "v1":
        raise ValueError(f"not an event package: {package!r}")
    return _check_service(parts[1])


def events_module_name(service: str) -> str:
    return f"{GENERATED_PACKAGE}.{_check_service(service)}.v1.events_pb2"


def _spec_of(descriptor: Descriptor, message_class: type[Message]) -> EventSpec | None:
    from shared.contracts.pcmd.options.v1 import options_pb2

    handle: Any = options_pb2.event  # the stubs type an extension as a plain FieldDescriptor
    options = descriptor.GetOptions()
    if not options.HasExtension(handle):
        return None
    event: options_pb2.EventOptions = options.Extensions[handle]
    return EventSpec(
        full_name=descriptor.full_name,
        service=service_of_package(descriptor.file.package),
        aggregate=_check_token("aggregate", event.aggregate),
        action=_check_token("action", event.action),
        aggregate_id_field=event.aggregate_id_field,
        message_class=message_class,
    )


def _service_specs(service: str) -> list[EventSpec]:
    module = importlib.import_module(events_module_name(service))
    specs = []
    for name, descriptor in module.DESCRIPTOR.message_types_by_name.items():
        spec = _spec_of(descriptor, getattr(module, name))
        if spec is not None:
            specs.append(spec)
    return specs


@functools.cache
def all_event_specs() -> tuple[EventSpec, ...]:
    """Every published event, by service (in SERVICES order), then in .proto order."""
    return tuple(spec for service in SERVICES for spec in _service_specs(service))


@functools.cache
def _by_type() -> dict[str, EventSpec]:
    return {spec.full_name: spec for spec in all_event_specs()}


def specs_of_service(service: str) -> tuple[EventSpec, ...]:
    _check_service(service)
    return tuple(spec for spec in all_event_specs() if spec.service == service)


def spec_by_type(full_name: str) -> EventSpec:
    """The spec of ``pcmd.intake.v1.TipReceived`` (the ce-type); KeyError if not an event."""
    try:
        return _by_type()[full_name]
    except KeyError:
        raise KeyError(f"unknown event type {full_name!r}") from None


def spec_for(message_or_class: Message | type[Message]) -> EventSpec:
    """The spec of an event message or message class; KeyError if not an event."""
    return spec_by_type(message_or_class.DESCRIPTOR.full_name)


def subject_for(message: Message, ward: str) -> str:
    """``pcmd.<ward>.<service>.<aggregate>.<action>`` for this event."""
    return spec_for(message).subject(ward)


def aggregate_id(message: Message) -> str:
    """The value of the event's aggregate id field (a UUID string)."""
    value = getattr(message, spec_for(message).aggregate_id_field)
    if not isinstance(value, str):
        raise TypeError(f"aggregate id of {message.DESCRIPTOR.full_name} is not a string")
    return value


def parse_event(full_name: str, payload: bytes) -> Message:
    """Decode a payload of event type ``full_name``; KeyError if unknown, DecodeError if bad."""
    return spec_by_type(full_name).message_class.FromString(payload)
