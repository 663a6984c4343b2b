"""Event contracts: generated code and AsyncAPI current, buf lint and breaking, no personal data.

The buf checks need Node.js: the test installs the pinned buf from proto/package.json when
proto/node_modules is absent. They never skip.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf.descriptor import FieldDescriptor

from shared.contracts import catalog, codegen
from shared.contracts.catalog import SERVICES, EventSpec, all_event_specs, spec_by_type, spec_for
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake_events
from shared.contracts.subscriptions import SUBSCRIPTIONS, consumers_of

ROOT = Path(__file__).resolve().parents[2]
PROTO = ROOT / "proto"
BUF_VERSION = json.loads((PROTO / "package.json").read_text())["devDependencies"]["@bufbuild/buf"]

BufRunner = Callable[..., subprocess.CompletedProcess[str]]
AnyDescriptor = Any  # a message Descriptor; the stubs type Message.DESCRIPTOR as a pure-Python/upb union


def _run(command: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return _run(["git", *args], ROOT, timeout=60)


@pytest.fixture(scope="session")
def buf() -> BufRunner:
    """Runs the pinned buf inside proto/; installs it first when proto/node_modules is absent."""
    npx, npm = shutil.which("npx"), shutil.which("npm")
    assert npx and npm, "Node.js (npm, npx) is required for the buf lint and breaking checks"
    if not (PROTO / "node_modules" / ".bin" / "buf").exists():
        installed = _run([npm, "install", "--no-audit", "--no-fund"], PROTO, timeout=600)
        assert installed.returncode == 0, f"npm install failed:\n{installed.stdout}\n{installed.stderr}"
    assert not (PROTO / "package-lock.json").exists(), "proto/.npmrc must keep npm from writing a lock file"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return _run([npx, "--no-install", "buf", *args], PROTO)

    version = run("--version")
    assert version.stdout.strip() == BUF_VERSION, version.stdout + version.stderr
    return run


# --- generated files ------------------------------------------------------------------------------


def test_generated_code_is_current() -> None:
    result = _run([sys.executable, "-m", "shared.contracts.codegen", "--check"], ROOT)
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _resolve(document: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), f"external reference {ref}"
    node: Any = document
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def test_asyncapi_documents_are_current_and_consistent() -> None:
    expected = codegen.generate()
    documents = {path: data for path, data in expected.items() if path.startswith(codegen.ASYNCAPI_ROOT)}
    assert sorted(documents) == [f"{codegen.ASYNCAPI_ROOT}/{service}.json" for service in sorted(SERVICES)]
    stale = [line for line in codegen.differences(expected) if codegen.ASYNCAPI_ROOT in line]
    assert not stale, (
        "AsyncAPI documents are not current: run `python -m shared.contracts.codegen`\n" + "\n".join(stale)
    )
    for service in SERVICES:
        document = json.loads((ROOT / codegen.ASYNCAPI_ROOT / f"{service}.json").read_text())
        assert document["asyncapi"] == "3.0.0"
        for ref in _refs(document):
            _resolve(document, ref)  # raises KeyError when dangling
        sends = {op["channel"]["$ref"] for op in document["operations"].values() if op["action"] == "send"}
        receives = {
            op["channel"]["$ref"] for op in document["operations"].values() if op["action"] == "receive"
        }
        published = catalog.specs_of_service(service)
        consumed = [name for names in SUBSCRIPTIONS.get(service, {}).values() for name in names]
        assert len(sends) == len(published)
        assert len(receives) == len(consumed)
        for spec in published:
            channel = document["channels"][f"{spec.service}.{spec.aggregate}.{spec.action}"]
            assert channel["address"] == catalog.subject_template(spec.service, spec.aggregate, spec.action)
            assert document["components"]["messages"][spec.full_name]["contentType"] == "application/protobuf"


# --- buf --------------------------------------------------------------------------------------------


def test_buf_lint(buf: BufRunner) -> None:
    result = buf("lint")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def _previous_commit() -> str | None:
    found = _git("rev-parse", "--verify", "--quiet", "HEAD~1^{commit}")
    return found.stdout.strip() if found.returncode == 0 else None


def test_buf_breaking_against_previous_commit(buf: BufRunner) -> None:
    previous = _previous_commit()
    if previous is None:
        shallow = _git("rev-parse", "--is-shallow-repository").stdout.strip() == "true"
        assert not shallow, (
            "shallow clone: fetch at least two commits so buf breaking can compare with HEAD~1"
        )
        print("no previous commit: this is the first commit, so there are no published contracts to break")
        return
    if _git("cat-file", "-e", f"{previous}:proto/buf.yaml").returncode != 0:
        files = _git("ls-tree", "-r", "--name-only", previous, "--", "proto").stdout.split()
        assert not [f for f in files if f.endswith(".proto")], "HEAD~1 has .proto files but no proto/buf.yaml"
        print("HEAD~1 has no proto/buf.yaml: this is the first commit with contracts")
        return
    git_dir = _git("rev-parse", "--path-format=absolute", "--git-common-dir").stdout.strip()
    against = f"{os.path.relpath(git_dir, PROTO)}#ref={previous},subdir=proto"
    result = buf("breaking", "--against", against)
    assert result.returncode == 0, (
        f"breaking changes against HEAD~1 ({previous}):\n{result.stdout}{result.stderr}"
    )


def _copy_proto(tmp_path: Path) -> Path:
    copy = tmp_path / "proto"
    shutil.copytree(PROTO, copy, ignore=shutil.ignore_patterns("node_modules", "asyncapi"))
    return copy


def _edit_tip_received(proto_root: Path, old: str, new: str) -> None:
    path = proto_root / "pcmd" / "intake" / "v1" / "events.proto"
    text = path.read_text()
    start = text.index("message TipReceived {")
    end = text.index("\n}\n", start)
    block = text[start:end]
    assert block.count(old) == 1, f"{old!r} not found once in TipReceived"
    path.write_text(text[:start] + block.replace(old, new) + text[end:])


def test_buf_breaking_passes_for_an_unchanged_copy(buf: BufRunner, tmp_path: Path) -> None:
    result = buf("breaking", str(_copy_proto(tmp_path)), "--against", ".")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("string residential_group = 7;", "string residential_group = 17;"),  # renumbered
        ("TipKind kind = 4;", "string kind = 4;"),  # retyped
        ("Channel channel = 5;", "Channel intake_channel = 5;"),  # renamed: breaks JSON
    ],
)
def test_buf_breaking_detects_a_changed_published_field(
    buf: BufRunner, tmp_path: Path, old: str, new: str
) -> None:
    copy = _copy_proto(tmp_path)
    _edit_tip_received(copy, old, new)
    result = buf("breaking", str(copy), "--against", ".")
    assert result.returncode != 0, "buf breaking accepted a breaking change"
    assert "TipReceived" in result.stdout, result.stdout + result.stderr


# --- personal data ------------------------------------------------------------------------------------

# Field-name tokens (split on "_") that indicate personal data or free text.
DENIED_TOKENS = frozenset(
    {
        "name", "names", "fullname", "surname", "phone", "phones", "mobile", "email", "emails",
        "address", "addresses", "street", "cccd", "cmnd", "passport", "birth", "birthday", "dob",
        "age", "description", "note", "notes", "comment", "comments", "narrative", "text", "url",
        "urls", "uri", "link", "ip", "gps", "lat", "lon", "lng", "latitude", "longitude",
        "location", "photo", "image", "screenshot", "face", "fingerprint", "plate", "username",
        "nickname", "account", "contact", "reporter", "complainant", "suspect", "victim",
    }
)  # fmt: skip
# Substrings flagged wherever they appear in a field name.
DENIED_SUBSTRINGS = (
    "id_number",
    "free_text",
    "content_text",
    "birth",
    "phone",
    "email",
    "passport",
    "reporter",
)
JUSTIFIED_SUFFIXES = ("_id", "_ids", "_code", "_codes", "_hash")
JUSTIFIED_NAMES = frozenset({"ward", "unit", "residential_group"})
# Full field name (e.g. "pcmd.reporting.v1.IndicatorValue.indicator_code") -> why this string
# field carries no personal data. Keep it small; prefer renaming the field to an _id/_code/_hash.
ALLOWLIST: dict[str, str] = {
    "pcmd.reporting.v1.IndicatorValue.title_vi": "the indicator catalogue's fixed title, never entered text",
    "pcmd.reporting.v1.IndicatorValue.title_en": "the indicator catalogue's fixed title, never entered text",
    "pcmd.reporting.v1.SnapshotPublished.time_zone": "an IANA zone name, always Asia/Ho_Chi_Minh",
    "pcmd.online_monitoring.v1.ItemClassified.model_version": "the classifier's version label, "
    "letters, digits, dots and dashes only (checked by the API), never entered text",
}

_TEXT_TYPES = (FieldDescriptor.TYPE_STRING, FieldDescriptor.TYPE_BYTES)


def _field_problems(path: str, field: FieldDescriptor) -> list[str]:
    problems = []
    name = field.name.lower()
    tokens = set(name.split("_"))
    if hits := sorted(tokens & DENIED_TOKENS) + [s for s in DENIED_SUBSTRINGS if s in name]:
        problems.append(f"{path}: name suggests personal data or free text ({', '.join(hits)})")
    justified = name.endswith(JUSTIFIED_SUFFIXES) or name in JUSTIFIED_NAMES or field.full_name in ALLOWLIST
    if field.type in _TEXT_TYPES and not justified:
        problems.append(f"{path}: string/bytes field is neither an id, a code, a hash nor allowlisted")
    return problems


def scan_for_personal_data(
    descriptor: AnyDescriptor, prefix: str = "", seen: frozenset[str] = frozenset()
) -> list[str]:
    """Problems in a message ``descriptor`` and every message type nested in its fields."""
    problems: list[str] = []
    for field in descriptor.fields:
        path = f"{prefix or descriptor.full_name}.{field.name}"
        problems.extend(_field_problems(path, field))
        nested = field.message_type
        if (
            nested is not None
            and not nested.full_name.startswith("google.protobuf.")
            and nested.full_name not in seen
        ):
            problems.extend(scan_for_personal_data(nested, path, seen | {descriptor.full_name}))
    return problems


def test_no_personal_data_in_any_event() -> None:
    problems = [
        p for spec in all_event_specs() for p in scan_for_personal_data(spec.message_class.DESCRIPTOR)
    ]
    assert not problems, "\n".join(problems)


def _field_names(descriptor: AnyDescriptor) -> set[str]:
    names = {field.full_name for field in descriptor.fields}
    for field in descriptor.fields:
        if field.message_type is not None and not field.message_type.full_name.startswith("google.protobuf."):
            names |= _field_names(field.message_type)
    return names


def test_allowlist_entries_exist_and_have_reasons() -> None:
    fields = {name for spec in all_event_specs() for name in _field_names(spec.message_class.DESCRIPTOR)}
    for path, reason in ALLOWLIST.items():
        assert path in fields, f"stale allowlist entry {path}"
        assert len(reason) > 10, f"allowlist entry {path} needs a reason"


def _synthetic_event() -> AnyDescriptor:
    file = descriptor_pb2.FileDescriptorProto(name="pii_probe.proto", package="pii_probe.v1", syntax="proto3")
    leaky = file.message_type.add(name="Leaky")
    string, message = (
        descriptor_pb2.FieldDescriptorProto.TYPE_STRING,
        descriptor_pb2.FieldDescriptorProto.TYPE_MESSAGE,
    )
    optional = descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL
    leaky.field.add(name="leak_id", number=1, type=string, label=optional)
    leaky.field.add(name="ward", number=2, type=string, label=optional)
    leaky.field.add(name="reporter_name", number=3, type=string, label=optional)
    leaky.field.add(name="summary", number=4, type=string, label=optional)
    leaky.field.add(
        name="detail", number=5, type=message, label=optional, type_name=".pii_probe.v1.Leaky.Detail"
    )
    leaky.nested_type.add(name="Detail").field.add(name="phone", number=1, type=string, label=optional)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("pii_probe.v1.Leaky")).DESCRIPTOR


def test_scanner_flags_personal_data() -> None:
    problems = "\n".join(scan_for_personal_data(_synthetic_event()))
    assert "pii_probe.v1.Leaky.reporter_name: name suggests personal data" in problems
    assert "pii_probe.v1.Leaky.summary: string/bytes field is neither" in problems
    assert "pii_probe.v1.Leaky.detail.phone: name suggests personal data" in problems
    assert "leak_id" not in problems
    assert ".ward" not in problems


# --- catalog ------------------------------------------------------------------------------------------


def test_every_service_publishes_events() -> None:
    for service in SERVICES:
        assert catalog.specs_of_service(service), f"{service} publishes no event"


def test_subjects_and_types_are_unique() -> None:
    specs = all_event_specs()
    subjects = [spec.subject("lechan") for spec in specs]
    assert len(set(subjects)) == len(subjects)
    assert len({spec.full_name for spec in specs}) == len(specs)
    for spec in specs:
        assert spec.full_name.startswith(f"pcmd.{spec.service}.v1.")
        assert spec.subject("lechan") == f"pcmd.lechan.{spec.service}.{spec.aggregate}.{spec.action}"
        assert re.fullmatch(r"[a-z][a-z_]*", spec.aggregate) and re.fullmatch(r"[a-z][a-z_]*", spec.action)


def test_subject_for_tip_received() -> None:
    tip = intake_events.TipReceived(tip_id="0190d7a4-0000-7000-8000-000000000001", ward="lechan")
    assert catalog.subject_for(tip, "lechan") == "pcmd.lechan.intake.tip.received"
    assert catalog.aggregate_id(tip) == "0190d7a4-0000-7000-8000-000000000001"
    assert spec_for(tip) is spec_for(intake_events.TipReceived) is spec_by_type("pcmd.intake.v1.TipReceived")
    assert catalog.parse_event("pcmd.intake.v1.TipReceived", tip.SerializeToString()) == tip
    for bad in ("", "le.chan", "*", ">", "le chan"):
        with pytest.raises(ValueError):
            catalog.subject_for(tip, bad)
    with pytest.raises(KeyError):
        spec_by_type("pcmd.intake.v1.NoSuchEvent")


def test_streams() -> None:
    assert catalog.stream_name("intake") == "PCMD_INTAKE"
    assert catalog.stream_name("case_support") == "PCMD_CASE_SUPPORT"
    assert catalog.stream_subjects("online_monitoring") == ["pcmd.*.online_monitoring.>"]
    with pytest.raises(ValueError):
        catalog.stream_name("billing")


def test_tip_received_leading_fields_are_fixed() -> None:
    """The lead engineer's code depends on these exact fields."""
    fields = intake_events.TipReceived.DESCRIPTOR.fields_by_number
    expected = [
        (1, "tip_id", FieldDescriptor.TYPE_STRING, None),
        (2, "ward", FieldDescriptor.TYPE_STRING, None),
        (3, "occurred_at", FieldDescriptor.TYPE_MESSAGE, "google.protobuf.Timestamp"),
        (4, "kind", FieldDescriptor.TYPE_ENUM, "pcmd.intake.v1.TipKind"),
        (5, "channel", FieldDescriptor.TYPE_ENUM, "pcmd.intake.v1.Channel"),
        (6, "due_at", FieldDescriptor.TYPE_MESSAGE, "google.protobuf.Timestamp"),
        (7, "residential_group", FieldDescriptor.TYPE_STRING, None),
    ]
    for number, name, type_, type_name in expected:
        field = fields[number]
        assert (field.name, field.type) == (name, type_)
        nested = field.message_type or field.enum_type
        assert (nested.full_name if nested else None) == type_name


@pytest.mark.parametrize("spec", all_event_specs(), ids=lambda spec: spec.full_name)
def test_event_shape(spec: EventSpec) -> None:
    fields = spec.message_class.DESCRIPTOR.fields_by_name
    id_field = fields.get(spec.aggregate_id_field)
    assert id_field is not None, f"aggregate id field {spec.aggregate_id_field} missing"
    assert id_field.type == FieldDescriptor.TYPE_STRING and not id_field.is_repeated
    assert fields["ward"].type == FieldDescriptor.TYPE_STRING
    occurred_at = fields["occurred_at"].message_type
    assert occurred_at is not None and occurred_at.full_name == "google.protobuf.Timestamp"
    # House convention: aggregate id = 1, ward = 2, occurred_at = 3.
    assert (id_field.number, fields["ward"].number, fields["occurred_at"].number) == (1, 2, 3)


def test_every_top_level_message_is_an_event_or_part_of_one() -> None:
    events = {spec.full_name for spec in all_event_specs()}
    used = {
        field.message_type.full_name
        for spec in all_event_specs()
        for field in spec.message_class.DESCRIPTOR.fields
        if field.message_type is not None
    }
    for service in SERVICES:
        module = sys.modules[catalog.events_module_name(service)]
        for descriptor in module.DESCRIPTOR.message_types_by_name.values():
            assert descriptor.full_name in events | used, f"{descriptor.full_name} lacks the event option"


# --- subscriptions ------------------------------------------------------------------------------------


def test_subscriptions_name_existing_events_of_their_producer() -> None:
    for consumer, producers in SUBSCRIPTIONS.items():
        assert consumer in SERVICES
        for producer, names in producers.items():
            assert producer in SERVICES and producer != consumer
            assert len(set(names)) == len(names), f"duplicates in {consumer} <- {producer}"
            for name in names:
                assert spec_by_type(name).service == producer


def test_reporting_consumes_every_other_event() -> None:
    consumed = {name for names in SUBSCRIPTIONS["reporting"].values() for name in names}
    others = {spec.full_name for spec in all_event_specs() if spec.service != "reporting"}
    assert consumed == others, f"missing: {sorted(others - consumed)}; extra: {sorted(consumed - others)}"


def test_intake_feedback_events_carry_the_source_tip() -> None:
    for names in SUBSCRIPTIONS["intake"].values():
        for name in names:
            assert "source_tip_id" in spec_by_type(name).message_class.DESCRIPTOR.fields_by_name, name
    assert set(consumers_of("pcmd.intake.v1.TipRouted")) == {
        "inspection",
        "online_monitoring",
        "case_support",
        "reporting",
    }
