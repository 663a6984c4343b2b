"""A city system's subscriber to the wards' published indicator snapshots.

It needs only the ``proto/`` folder of PCMD, a NATS address and the ``city`` user's password:
no Python code of PCMD is imported. It compiles ``proto/`` with grpcio-tools into a folder of its
own, reads ``pcmd.<ward>.reporting.snapshot.published`` through a durable pull consumer, checks
each message's ``published_hash`` and prints its indicators (Vietnamese first, then English).

    python subscriber.py --server nats://city:PASSWORD@nats.example:4222 --create-stream

Exit status: 0 when every message read was accepted, 2 when at least one was rejected (a rejected
message is terminated, never redelivered), 1 on a usage or connection error. See README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import grpc_tools
import nats
from google.protobuf.json_format import MessageToDict
from google.protobuf.message import DecodeError
from nats.js.api import ConsumerConfig, DeliverPolicy, StreamConfig
from nats.js.errors import NotFoundError

EVENT_TYPE = "pcmd.reporting.v1.SnapshotPublished"
SUBJECT = "pcmd.*.reporting.snapshot.published"  # every ward; pcmd.<ward>.… for one
HERE = Path(__file__).resolve().parent


def compile_protos(proto_dir: Path, out: Path) -> ModuleType:
    """protoc (from grpcio-tools) over every .proto of ``proto_dir`` into ``out``; the events module."""
    out.mkdir(parents=True, exist_ok=True)
    includes = Path(grpc_tools.__file__).parent / "_proto"  # google/protobuf/timestamp.proto
    files = sorted(str(p.relative_to(proto_dir)) for p in (proto_dir / "pcmd").rglob("*.proto"))
    if not files:
        raise SystemExit(f"no .proto files under {proto_dir / 'pcmd'}")
    command = [sys.executable, "-m", "grpc_tools.protoc", f"-I{proto_dir}", f"-I{includes}"]
    subprocess.run([*command, f"--python_out={out}", *files], check=True)
    for folder in [out, *(p for p in out.rglob("*") if p.is_dir())]:
        (folder / "__init__.py").touch()
    sys.path.insert(0, str(out))
    return importlib.import_module("pcmd.reporting.v1.events_pb2")


def published_hash(message: Any) -> tuple[str, str]:
    """(claimed, recomputed) ``published_hash``: the message's proto3 JSON with proto field names and
    every field (defaults included), ``published_hash`` removed, keys sorted, no whitespace, UTF-8,
    SHA-256 in lowercase hex. The same rule reporting applies when it publishes."""
    facts = MessageToDict(
        message, always_print_fields_with_no_presence=True, preserving_proto_field_name=True
    )
    claimed = str(facts.pop("published_hash", ""))
    canonical = json.dumps(facts, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return claimed, hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def check(events: ModuleType, data: bytes, headers: dict[str, str]) -> tuple[Any, str]:
    """The decoded snapshot and "" when it is accepted, else (None or the message, the reason)."""
    if headers.get("ce-type") != EVENT_TYPE:
        return None, f"ce-type {headers.get('ce-type')!r} is not {EVENT_TYPE}"
    try:
        message = events.SnapshotPublished.FromString(data)
    except DecodeError as exc:
        return None, f"not a SnapshotPublished message: {exc}"
    claimed, recomputed = published_hash(message)
    if not claimed or claimed != recomputed:
        return message, f"published_hash mismatch: claimed {claimed or '(none)'}, recomputed {recomputed}"
    if len(message.content_hash) != 64:
        return message, "content_hash is not a SHA-256 in hex"
    return message, ""


def figure(events: ModuleType, v: Any) -> str:
    """An indicator's value as a person reads it."""
    if v.suppressed:
        return "không công bố / not published" if v.complement else "<5 (ẩn / withheld)"
    if v.no_data:
        return "không có dữ liệu / no data"
    if v.kind == events.INDICATOR_KIND_RATIO:
        return f"{v.value / 100:.2f}% ({v.numerator}/{v.denominator})"
    if v.kind == events.INDICATOR_KIND_YES_NO:
        return "có / yes" if v.value else "không / no"
    return str(v.value)


def target(events: ModuleType, v: Any) -> str:
    sign = {
        events.COMPARISON_AT_LEAST: ">=",
        events.COMPARISON_GREATER_THAN: ">",
        events.COMPARISON_AT_MOST: "<=",
        events.COMPARISON_EQUAL: "=",
    }.get(v.comparison, "?")
    shown = f"{v.target / 100:.2f}%" if v.kind == events.INDICATOR_KIND_RATIO else str(v.target)
    return f"{sign} {shown}"


def render(events: ModuleType, m: Any, headers: dict[str, str]) -> str:
    lines = [
        f"ACCEPTED snapshot {m.snapshot_id} ward {m.ward} period {m.period_code} ({m.time_zone})",
        f"  event {headers.get('ce-id', '?')} published {headers.get('ce-time', '?')}",
        f"  published_hash {m.published_hash} ok; content_hash {m.content_hash} (of this copy, see README)",
    ]
    if m.supersedes_snapshot_id:
        lines.append(f"  thay thế / supersedes {m.supersedes_snapshot_id}")
    if m.HasField("as_of"):
        lines.append(f"  tính đến / as of {m.as_of.ToJsonString()}")
    for v in m.indicators:
        met = "đạt / met" if v.met else "chưa đạt / not met"
        lines.append(f"  {v.indicator_code}: {v.title_vi} / {v.title_en}")
        lines.append(f"    {figure(events, v)}; mục tiêu / target {target(events, v)}; {met}")
    return "\n".join(lines)


async def ensure_stream(js: Any, stream: str, subject: str) -> None:
    """The city's own stream keeping the imported snapshots (the CITY account's JetStream)."""
    try:
        await js.stream_info(stream)
    except NotFoundError:
        await js.add_stream(StreamConfig(name=stream, subjects=[subject]))


async def run(args: argparse.Namespace, events: ModuleType) -> int:
    nc = await nats.connect(args.server, name="city-subscriber", connect_timeout=10, max_reconnect_attempts=3)
    rejected = read = 0
    try:
        js = nc.jetstream()
        if args.create_stream:
            await ensure_stream(js, args.stream, args.subject)
        sub = await js.pull_subscribe(
            args.subject,
            durable=args.durable,
            stream=args.stream,
            config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL, ack_wait=60, max_deliver=5),
        )
        while args.count == 0 or read < args.count:
            try:
                batch = await sub.fetch(1, timeout=args.timeout)
            except nats.errors.TimeoutError:
                if args.count:
                    print(f"timed out after {read} of {args.count} messages", file=sys.stderr)
                    return 1
                continue
            for msg in batch:
                read += 1
                headers = dict(msg.headers or {})
                message, reason = check(events, msg.data, headers)
                if reason:
                    rejected += 1
                    print(f"REJECTED {msg.subject} event {headers.get('ce-id', '?')}: {reason}", flush=True)
                    await msg.term()  # tampered or foreign: never redelivered
                    continue
                print(render(events, message, headers), flush=True)
                await msg.ack()  # after the city has stored it (here: printed)
    finally:
        await nc.close()
    return 2 if rejected else 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--server", default=os.environ.get("CITY_NATS_URL", "nats://127.0.0.1:4222"),
                   help="nats://city:PASSWORD@host:4222 (or $CITY_NATS_URL)")  # fmt: skip
    p.add_argument("--proto", type=Path, default=HERE.parents[1] / "proto", help="PCMD's proto/ folder")
    p.add_argument("--out", type=Path, default=HERE / "generated", help="where protoc writes Python code")
    p.add_argument("--subject", default=SUBJECT)
    p.add_argument("--stream", default="CITY_PCMD", help="the JetStream stream holding the snapshots")
    p.add_argument("--create-stream", action="store_true", help="create --stream on --subject if missing")
    p.add_argument("--durable", default="city-snapshots", help="durable consumer name (resumes where it was)")
    p.add_argument("--count", type=int, default=0, help="stop after this many messages (0: run forever)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for one message")
    args = p.parse_args()
    events = compile_protos(args.proto.resolve(), args.out.resolve())
    try:
        return asyncio.run(run(args, events))
    except (OSError, nats.errors.Error) as exc:
        print(f"NATS error: {exc!r}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
