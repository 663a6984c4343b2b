"""A city system's subscriber: it knows only the ``proto/`` files and a NATS address.

Run as ``python -I city_subscriber.py PROTO_DIR NATS_URL SUBJECT``: it compiles the .proto files
itself, takes the first message on SUBJECT from the PCMD_REPORTING stream and prints it as JSON.
Nothing of this repository's Python code is imported (checked at the end).
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import grpc_tools
import nats
from google.protobuf.json_format import MessageToDict


def compile_protos(proto_dir: Path, out: Path) -> None:
    includes = Path(grpc_tools.__file__).parent / "_proto"
    files = [str(p.relative_to(proto_dir)) for p in (proto_dir / "pcmd").rglob("*.proto")]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "grpc_tools.protoc",
            f"-I{proto_dir}",
            f"-I{includes}",
            f"--python_out={out}",
            *files,
        ],
        check=True,
    )
    for folder in out.rglob("*"):
        if folder.is_dir():
            (folder / "__init__.py").touch()


async def first_message(nats_url: str, subject: str) -> tuple[bytes, dict[str, str]]:
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        sub = await js.pull_subscribe(subject, stream="PCMD_REPORTING")
        (msg,) = await sub.fetch(1, timeout=20)
        await msg.ack()
        return msg.data, dict(msg.headers or {})
    finally:
        await nc.close()


def main() -> None:
    proto_dir, nats_url, subject = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    with tempfile.TemporaryDirectory() as out:
        compile_protos(proto_dir, Path(out))
        sys.path.insert(0, out)
        events = importlib.import_module("pcmd.reporting.v1.events_pb2")
        data, headers = asyncio.run(first_message(nats_url, subject))
        message = events.SnapshotPublished.FromString(data)
        body = MessageToDict(message, preserving_proto_field_name=True)
        hash_ok = verify(message)
    assert not any(name == "shared" or name.startswith(("shared.", "services")) for name in sys.modules)
    print(json.dumps({"headers": headers, "event": body, "hash_ok": hash_ok}))


def verify(message: Any) -> bool:
    """published_hash as the contract defines it: the message's proto3 JSON with proto field names and
    every field, without published_hash, keys sorted, no whitespace, UTF-8, SHA-256 in hex."""
    facts = MessageToDict(
        message, always_print_fields_with_no_presence=True, preserving_proto_field_name=True
    )
    claimed = facts.pop("published_hash")
    canonical = json.dumps(facts, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return bool(claimed) and hashlib.sha256(canonical.encode("utf-8")).hexdigest() == claimed


if __name__ == "__main__":
    main()
