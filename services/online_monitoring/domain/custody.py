"""The chain of custody of one piece of evidence: who captured, viewed, downloaded, handed over.

Each entry is appended, never changed: it holds the SHA-256 of the evidence, what was done, by whom
(a user id, never a name), for which unit, when, an optional note, and the hash of the entry before
it (64 zeros before the first). Its own hash is SHA-256 over a canonical encoding of all of that
(a versioned JSON array of strings: no two different entries encode the same), so

- changing any field of an entry changes its hash (``altered``);
- changing an entry and recomputing its hash breaks the next entry's link (``previous_hash``);
- removing, inserting or reordering entries breaks the numbering (``sequence``);

and ``verify`` names the first entry where the chain breaks. Removing the last entries leaves a
shorter chain that still verifies: the database refuses to delete custody rows (a trigger), and an
export states the chain's length and last hash, so a later shorter chain shows.

``append`` links a new entry to the last one given, without re-verifying the chain: when someone
tampered with an old entry, the views and hand-overs that follow must still be recorded, and the
break stays where it was, for ``verify`` to report.
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

GENESIS = "0" * 64
MAX_NOTE = 1000
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class CustodyAction(enum.StrEnum):
    CAPTURED = "captured"  # uploaded with its facts: the first entry, once
    VIEWED = "viewed"  # its metadata shown to someone
    DOWNLOADED = "downloaded"  # its bytes given to someone
    HANDED_OVER = "handed_over"  # passed to another body (the note says to whom)
    EXPORTED = "exported"  # included in an export or case file
    VERIFIED = "verified"  # its bytes checked against the hash


ACTION_VI: dict[CustodyAction, str] = {
    CustodyAction.CAPTURED: "Thu thập",
    CustodyAction.VIEWED: "Xem",
    CustodyAction.DOWNLOADED: "Tải xuống",
    CustodyAction.HANDED_OVER: "Bàn giao",
    CustodyAction.EXPORTED: "Trích xuất",
    CustodyAction.VERIFIED: "Kiểm tra tính toàn vẹn",
}

BREAK_VI: dict[str, str] = {
    "missing": "Chuỗi không có bản ghi thu thập / The chain has no capture entry",
    "altered": "Bản ghi đã bị sửa (mã băm không khớp) / The entry was altered (its hash does not match)",
    "previous_hash": "Bản ghi không nối với bản ghi trước / The entry does not link to the one before",
    "sequence": "Số thứ tự bị đứt, lặp hoặc đảo (bản ghi bị xoá, chèn hoặc đổi chỗ) / "
    "The numbering breaks (an entry was removed, inserted or moved)",
    "not_captured_first": "Bản ghi đầu tiên phải là thu thập / The first entry must be the capture",
    "captured_twice": "Chứng cứ đã được thu thập / The evidence was already captured",
    "other_evidence": "Bản ghi thuộc chứng cứ khác / The entry belongs to other evidence",
    "time_backwards": "Thời gian đi ngược / Time goes backwards",
}

ERRORS_VI: dict[str, str] = {
    "not_captured_first": BREAK_VI["not_captured_first"],
    "captured_twice": BREAK_VI["captured_twice"],
    "other_evidence": BREAK_VI["other_evidence"],
    "time_backwards": BREAK_VI["time_backwards"],
    "naive_time": "Thời điểm phải có múi giờ / The time must carry its time zone",
    "invalid": "Thiếu hoặc sai thông tin bản ghi / An entry field is missing or malformed",
}


class CustodyError(ValueError):
    """An entry that cannot be appended; ``reason`` is a stable code."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(ERRORS_VI[reason])


@dataclass(frozen=True)
class CustodyEntry:
    sequence: int  # 1, 2, 3...
    evidence_sha256: str
    action: CustodyAction
    actor: str  # a user id, never a name
    unit: str
    at: datetime  # aware
    note: str
    previous_hash: str
    entry_hash: str


@dataclass(frozen=True)
class Break:
    sequence: int  # the first entry at fault (1 for a chain with no capture)
    reason: str  # a key of BREAK_VI

    @property
    def message(self) -> str:
        return BREAK_VI[self.reason]


def entry_hash(
    *,
    sequence: int,
    evidence_sha256: str,
    action: str,
    actor: str,
    unit: str,
    at: datetime,
    note: str,
    previous_hash: str,
) -> str:
    """SHA-256 of the canonical encoding of an entry's fields (the time in UTC, to the microsecond)."""
    instant = at.astimezone(UTC).isoformat(timespec="microseconds")
    fields = [
        "pcmd-custody-1",
        str(sequence),
        evidence_sha256,
        str(action),
        actor,
        unit,
        instant,
        note,
        previous_hash,
    ]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def append(
    chain: Sequence[CustodyEntry],
    *,
    evidence_sha256: str,
    action: CustodyAction,
    actor: str,
    unit: str,
    at: datetime,
    note: str = "",
) -> CustodyEntry:
    """The entry that follows ``chain`` (the evidence's entries in order); ``CustodyError`` if none can."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise CustodyError("naive_time")
    if not (_SHA256.match(evidence_sha256) and actor.strip() and unit.strip() and len(note) <= MAX_NOTE):
        raise CustodyError("invalid")
    action = CustodyAction(action)
    if not chain:
        if action is not CustodyAction.CAPTURED:
            raise CustodyError("not_captured_first")
        sequence, previous = 1, GENESIS
    else:
        last = chain[-1]
        if action is CustodyAction.CAPTURED:
            raise CustodyError("captured_twice")
        if evidence_sha256 != last.evidence_sha256:
            raise CustodyError("other_evidence")
        if at < last.at:
            raise CustodyError("time_backwards")
        sequence, previous = last.sequence + 1, last.entry_hash
    digest = entry_hash(
        sequence=sequence,
        evidence_sha256=evidence_sha256,
        action=action,
        actor=actor,
        unit=unit,
        at=at,
        note=note,
        previous_hash=previous,
    )
    return CustodyEntry(sequence, evidence_sha256, action, actor, unit, at, note, previous, digest)


def verify(chain: Sequence[CustodyEntry]) -> Break | None:
    """The first entry where ``chain`` (in the order stored) breaks, or None when it holds."""
    if not chain:
        return Break(1, "missing")
    previous: CustodyEntry | None = None
    for position, entry in enumerate(chain, start=1):
        found = _check(entry, position, previous, chain[0].evidence_sha256)
        if found is not None:
            return Break(entry.sequence, found)
        previous = entry
    return None


def _check(entry: CustodyEntry, position: int, previous: CustodyEntry | None, evidence: str) -> str | None:
    if _rehash(entry) != entry.entry_hash:
        return "altered"
    if entry.sequence != position:
        return "sequence"
    if entry.previous_hash != (previous.entry_hash if previous else GENESIS):
        return "previous_hash"
    return _rules(entry, previous, evidence)


def _rules(entry: CustodyEntry, previous: CustodyEntry | None, evidence: str) -> str | None:
    """What ``append`` enforces, for a chain whose hashes someone recomputed."""
    if previous is None:
        return None if entry.action == CustodyAction.CAPTURED else "not_captured_first"
    if entry.action == CustodyAction.CAPTURED:
        return "captured_twice"
    if entry.evidence_sha256 != evidence:
        return "other_evidence"
    return "time_backwards" if entry.at < previous.at else None


def _rehash(entry: CustodyEntry) -> str:
    fields = {f: getattr(entry, f) for f in _HASHED}
    return entry_hash(**fields)


_HASHED = ("sequence", "evidence_sha256", "action", "actor", "unit", "at", "note", "previous_hash")
