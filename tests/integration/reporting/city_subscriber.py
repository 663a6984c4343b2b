"""A city system's subscriber: it knows only the ``proto/`` files and a NATS address.

Run as ``python -I city_subscriber.py PROTO_DIR NATS_URL SUBJECT``: it compiles the .proto files
itself, takes the first message on SUBJECT from the PCMD_REPORTING stream and prints it as JSON.
Nothing of this repository's Python code is imported (checked at the end).
"""

from __future__ import annotations

import asyncio
import importlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

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
    assert not any(name == "shared" or name.startswith(("shared.", "services")) for name in sys.modules)
    print(json.dumps({"headers": headers, "event": body}))


if __name__ == "__main__":
    main()
