"""Evidence's use cases: capture a file for an item, list an item's evidence, view its facts, download
it, hand it over, and show its chain of custody with the check of where it breaks.

Evidence is personal data about third parties: every read is audited (who, why, in which request) in
the transaction that appends its custody entry, and nothing of it goes into an event. A file is
examined before anything is written, so a refused upload leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from services.online_monitoring.domain.custody import ACTION_VI, CustodyAction, CustodyEntry, append, verify
from services.online_monitoring.domain.evidence import EvidenceFacts, distance, examine, near
from services.online_monitoring.handlers.deps import OnlineMonitoringDeps
from services.online_monitoring.handlers.items import NotFound, ReasonRequired, load
from services.online_monitoring.repository import OnlineMonitoringUnitOfWork
from services.online_monitoring.repository.evidence import EvidenceRecord
from shared.auth import Principal
from shared.schemas import local_time

MAX_MATCHES = 20


@dataclass(frozen=True)
class Upload:
    item_id: uuid.UUID
    data: bytes
    filename: str
    declared_type: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Downloaded:
    data: bytes
    media_type: str
    filename: str
    sha256: str


class StoredFileDiffers(RuntimeError):
    """The stored bytes no longer hash to the evidence's SHA-256 (AES-GCM makes it unexpected)."""


async def upload(
    uow: OnlineMonitoringUnitOfWork, deps: OnlineMonitoringDeps, cmd: Upload, principal: Principal
) -> dict[str, Any]:
    """Capture a file for an item: its record, its bytes (once per SHA-256) and the CAPTURED entry.

    The same file again for the same item changes nothing and answers the record (``created`` false).
    The answer lists the ward's evidence on other items that is the same file or a near image."""
    facts = examine(cmd.data, cmd.filename, cmd.declared_type)  # EvidenceRejected: nothing written
    async with uow:
        await load(uow, cmd.item_id, principal, for_update=True)  # serialises uploads to the item
        record = await uow.evidence.of_item_file(cmd.item_id, facts.sha256)
        created = record is None
        if record is None:
            record = _record(cmd, facts, principal, deps)
            await uow.evidence.add(record, cmd.data)
            entry = append(
                [],
                evidence_sha256=record.sha256,
                action=CustodyAction.CAPTURED,
                actor=principal.id,
                unit=principal.unit,
                at=record.captured_at,
                note=cmd.note,
            )
            await uow.evidence.append(record.id, entry)
            await uow.audit.record(principal, "capture", "evidence", str(record.id), fields=["file"])
        matches = await _matches(uow, record, principal.ward)
        await uow.commit()
    return {
        **evidence_view(record),
        "filename": record.filename,
        "created": created,
        "possible_matches": matches,
    }


async def of_item(
    uow: OnlineMonitoringUnitOfWork, item_id: uuid.UUID, principal: Principal
) -> dict[str, Any]:
    """An item's evidence (facts only, no file names); the listing is audited."""
    async with uow:
        await load(uow, item_id, principal)
        records = await uow.evidence.of_item(item_id, principal.ward)
        await uow.audit.record(principal, "list", "evidence", str(item_id))
        await uow.commit()
    return {"item_id": str(item_id), "evidence": [evidence_view(r) for r in records]}


async def view(
    uow: OnlineMonitoringUnitOfWork, deps: OnlineMonitoringDeps, evidence_id: uuid.UUID, principal: Principal
) -> dict[str, Any]:
    """The evidence's facts with its original file name: a VIEWED entry and an audited read."""
    async with uow:
        record, entry = await _log(uow, deps, evidence_id, principal, CustodyAction.VIEWED)
        await uow.audit.record(principal, "read_private", "evidence", str(evidence_id), fields=["filename"])
        await uow.commit()
    return {**evidence_view(record), "filename": record.filename, "custody_length": entry.sequence}


async def download(
    uow: OnlineMonitoringUnitOfWork,
    deps: OnlineMonitoringDeps,
    evidence_id: uuid.UUID,
    principal: Principal,
    reason: str,
) -> Downloaded:
    """The file's bytes, checked against its hash: a DOWNLOADED entry (the reason as its note), audited."""
    if not reason.strip():
        raise ReasonRequired("Cần nêu lý do tải chứng cứ. / State why you download the evidence.")
    async with uow:
        record, _ = await _log(
            uow, deps, evidence_id, principal, CustodyAction.DOWNLOADED, note=reason.strip()
        )
        data = await uow.evidence.read_bytes(record.sha256)
        if hashlib.sha256(data).hexdigest() != record.sha256:
            raise StoredFileDiffers(f"evidence {evidence_id}: the stored file does not match its hash")
        await uow.audit.record(
            principal, "read_private", "evidence", str(evidence_id), fields=["file"], reason=reason
        )
        await uow.commit()
    return Downloaded(data, record.media_type, record.filename, record.sha256)


async def hand_over(
    uow: OnlineMonitoringUnitOfWork,
    deps: OnlineMonitoringDeps,
    evidence_id: uuid.UUID,
    principal: Principal,
    *,
    to: str,
    reference: str = "",
) -> dict[str, Any]:
    """Record that the evidence was handed to another body (``to``; a letter or record number if any)."""
    note = to.strip() + (f" ({reference.strip()})" if reference.strip() else "")
    async with uow:
        _, entry = await _log(uow, deps, evidence_id, principal, CustodyAction.HANDED_OVER, note=note)
        await uow.audit.record(principal, "hand_over", "evidence", str(evidence_id), reason=note)
        await uow.commit()
    return entry_view(entry)


async def custody(
    uow: OnlineMonitoringUnitOfWork, evidence_id: uuid.UUID, principal: Principal
) -> dict[str, Any]:
    """The chain of custody as stored, and where it breaks (None when it holds)."""
    async with uow:
        record = await _get(uow, evidence_id, principal)
        chain = await uow.evidence.chain(evidence_id)
        await uow.audit.record(principal, "read", "custody", str(evidence_id))
        await uow.commit()
    found = verify(chain)
    return {
        "evidence_id": str(evidence_id),
        "sha256": record.sha256,
        "entries": [entry_view(e) for e in chain],
        "length": len(chain),
        "head_hash": chain[-1].entry_hash if chain else None,
        "intact": found is None,
        "break": None
        if found is None
        else {"sequence": found.sequence, "reason": found.reason, "message": found.message},
    }


def evidence_view(r: EvidenceRecord) -> dict[str, Any]:
    return {
        "id": str(r.id),
        "item_id": str(r.item_id),
        "sha256": r.sha256,
        "media_type": r.media_type,
        "size": r.size,
        "perceptual_hash": r.perceptual_hash,
        "captured_by": r.captured_by,
        "captured_unit": r.captured_unit,
        "captured_at": local_time(r.captured_at),
    }


def entry_view(e: CustodyEntry) -> dict[str, Any]:
    return {
        "sequence": e.sequence,
        "action": e.action.value,
        "action_vi": ACTION_VI[e.action],
        "actor": e.actor,
        "unit": e.unit,
        "at": local_time(e.at),
        "note": e.note,
        "previous_hash": e.previous_hash,
        "entry_hash": e.entry_hash,
    }


def _record(
    cmd: Upload, facts: EvidenceFacts, principal: Principal, deps: OnlineMonitoringDeps
) -> EvidenceRecord:
    return EvidenceRecord(
        id=uuid.uuid4(),
        ward=principal.ward,
        item_id=cmd.item_id,
        sha256=facts.sha256,
        media_type=facts.media_type,
        size=facts.size,
        perceptual_hash=facts.perceptual_hash,
        filename=cmd.filename.strip()[:255],
        captured_by=principal.id,
        captured_unit=principal.unit,
        captured_at=deps.clock(),
    )


async def _get(
    uow: OnlineMonitoringUnitOfWork, evidence_id: uuid.UUID, principal: Principal, *, lock: bool = False
) -> EvidenceRecord:
    record = await uow.evidence.get(evidence_id, principal.ward, for_update=lock)
    if record is None:
        raise NotFound(f"no evidence {evidence_id} in ward {principal.ward}")
    return record


async def _log(
    uow: OnlineMonitoringUnitOfWork,
    deps: OnlineMonitoringDeps,
    evidence_id: uuid.UUID,
    principal: Principal,
    action: CustodyAction,
    *,
    note: str = "",
) -> tuple[EvidenceRecord, CustodyEntry]:
    """Append ``action`` to the evidence's chain, under the lock of its record."""
    record = await _get(uow, evidence_id, principal, lock=True)
    chain = await uow.evidence.chain(evidence_id)
    entry = append(
        chain,
        evidence_sha256=record.sha256,
        action=action,
        actor=principal.id,
        unit=principal.unit,
        at=max(deps.clock(), chain[-1].at) if chain else deps.clock(),
        note=note,
    )
    await uow.evidence.append(evidence_id, entry)
    return record, entry


async def _matches(
    uow: OnlineMonitoringUnitOfWork, record: EvidenceRecord, ward: str
) -> list[dict[str, Any]]:
    """The ward's evidence on other items that is the same file or (images) a near picture, nearest first."""
    if record.perceptual_hash is None:
        return []
    found = [
        (distance(record.perceptual_hash, other.perceptual_hash), other)
        for other in await uow.evidence.images(ward, except_item=record.item_id)
        if near(record.perceptual_hash, other.perceptual_hash)
    ]
    found.sort(key=lambda pair: pair[0])
    return [
        {"evidence_id": str(o.evidence_id), "item_id": str(o.item_id), "distance": d}
        for d, o in found[:MAX_MATCHES]
    ]
