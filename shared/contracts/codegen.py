"""Regenerate everything derived from ``proto/``: Python code and AsyncAPI documents.

Run from the repository root::

    python -m shared.contracts.codegen           # rewrite shared/contracts/pcmd and proto/asyncapi
    python -m shared.contracts.codegen --check   # exit 1 and list the files that are not current

Python code comes from ``grpc_tools.protoc`` (``--python_out``/``--pyi_out``), with the generated
absolute imports ``from pcmd.`` rewritten to ``from shared.contracts.pcmd.``. The AsyncAPI
documents are built from a descriptor set with source info (so they carry the .proto comments),
not from the generated modules, so a check never depends on stale code.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from google.protobuf import descriptor_pb2

from shared.contracts import asyncapi

REPO_ROOT = Path(__file__).resolve().parents[2]
PROTO_DIR = "proto"
PYTHON_ROOT = "shared/contracts/pcmd"  # generated package, imported as shared.contracts.pcmd
ASYNCAPI_ROOT = "proto/asyncapi"

_DESCRIPTION = "Regenerate the Python code and AsyncAPI documents derived from proto/."
_IMPORT = re.compile(r"^(\s*)from pcmd\.", re.MULTILINE)
_BARE_MAPPING = re.compile(r"(?<=[\[, ])_Mapping(?=[\],])")
_MODULE_CLASSVAR = re.compile(r"^([A-Z][A-Z0-9_]*_FIELD_NUMBER): _ClassVar\[int\]$", re.MULTILINE)


def proto_files(root: Path = REPO_ROOT) -> list[str]:
    """The .proto files under proto/pcmd, relative to proto/ (protoc's import root)."""
    base = root / PROTO_DIR
    return sorted(path.relative_to(base).as_posix() for path in (base / "pcmd").rglob("*.proto"))


def run_protoc(out_dir: Path, root: Path = REPO_ROOT) -> Path:
    """Generate Python into ``out_dir``; returns the descriptor set (with imports and comments)."""
    descriptor_set = out_dir / "descriptors.binpb"
    command = [
        sys.executable,
        "-m",
        "grpc_tools.protoc",
        "-I",
        PROTO_DIR,
        f"--python_out={out_dir}",
        f"--pyi_out={out_dir}",
        f"--descriptor_set_out={descriptor_set}",
        "--include_imports",
        "--include_source_info",
        *proto_files(root),
    ]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"protoc failed ({result.returncode}):\n{result.stderr}")
    return descriptor_set


def rewrite_imports(source: str) -> str:
    """``from pcmd.x import y`` -> ``from shared.contracts.pcmd.x import y``."""
    return _IMPORT.sub(r"\1from shared.contracts.pcmd.", source)


def fix_stub(source: str) -> str:
    """Make protoc's .pyi pass ``mypy --strict``.

    protoc types module-level extension numbers as ``ClassVar[int]`` (rejected outside a class)
    and accepts a bare ``Mapping`` for message fields (a missing type argument).
    """
    source = _MODULE_CLASSVAR.sub(r"\1: int", source)
    return _BARE_MAPPING.sub("_Mapping[str, object]", source)


def _postprocess(path: Path) -> bytes:
    source = rewrite_imports(path.read_text(encoding="utf-8"))
    if path.suffix == ".pyi":
        source = fix_stub(source)
    return source.encode()


def _python_files(out_dir: Path) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    generated = out_dir / "pcmd"
    for path in sorted(generated.rglob("*.py*")):
        relative = path.relative_to(generated).as_posix()
        files[f"{PYTHON_ROOT}/{relative}"] = _postprocess(path)
    packages = {generated}
    for path in generated.rglob("*.py"):
        packages.update(parent for parent in path.parents if parent.is_relative_to(generated))
    for package in sorted(packages):
        files[(Path(PYTHON_ROOT) / package.relative_to(generated) / "__init__.py").as_posix()] = b""
    return files


def _asyncapi_files(descriptor_set: Path) -> dict[str, bytes]:
    fds = descriptor_pb2.FileDescriptorSet.FromString(descriptor_set.read_bytes())
    documents = asyncapi.build_documents(fds)
    return {
        f"{ASYNCAPI_ROOT}/{service}.json": asyncapi.render(doc).encode() for service, doc in documents.items()
    }


def generate(root: Path = REPO_ROOT) -> dict[str, bytes]:
    """Every derived file, keyed by its path relative to the repository root."""
    with tempfile.TemporaryDirectory(prefix="pcmd-codegen-") as tmp:
        out_dir = Path(tmp)
        descriptor_set = run_protoc(out_dir, root)
        files = _python_files(out_dir)
        files.update(_asyncapi_files(descriptor_set))
    return dict(sorted(files.items()))


def _existing(root: Path) -> set[str]:
    """Files currently present under the generated roots (bytecode caches excluded)."""
    found: set[str] = set()
    for base in (PYTHON_ROOT, ASYNCAPI_ROOT):
        for path in (root / base).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                found.add(path.relative_to(root).as_posix())
    return found


def differences(expected: Mapping[str, bytes], root: Path = REPO_ROOT) -> list[str]:
    """Paths that are missing, different or stale (present but no longer generated)."""
    problems = []
    for relative, content in expected.items():
        path = root / relative
        if not path.is_file():
            problems.append(f"missing: {relative}")
        elif path.read_bytes() != content:
            problems.append(f"differs: {relative}")
    problems.extend(f"stale:   {relative}" for relative in sorted(_existing(root) - set(expected)))
    return problems


def write(expected: Mapping[str, bytes], root: Path = REPO_ROOT) -> list[str]:
    """Bring the generated roots to ``expected``; returns what changed."""
    changed = differences(expected, root)
    for relative in sorted(_existing(root) - set(expected)):
        (root / relative).unlink()
    for relative, content in expected.items():
        path = root / relative
        if not path.is_file() or path.read_bytes() != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.contracts.codegen", description=_DESCRIPTION)
    parser.add_argument("--check", action="store_true", help="only report files that are not current")
    args = parser.parse_args(argv)
    expected = generate()
    if args.check:
        problems = differences(expected)
        for line in problems:
            print(line)
        if problems:
            print("generated contracts are not current: run `python -m shared.contracts.codegen`")
            return 1
        print(f"{len(expected)} generated files are current")
        return 0
    for line in write(expected):
        print(line)
    print(f"{len(expected)} generated files written to {PYTHON_ROOT} and {ASYNCAPI_ROOT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
