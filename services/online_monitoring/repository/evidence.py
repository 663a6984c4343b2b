"""Evidence in PostgreSQL: the bytes once per SHA-256 (AES-GCM, bound to the hash), a record per item
and file (the original file name encrypted), and the chain of custody, appended under a lock on the
evidence's record so two readers at the same moment take consecutive numbers.

An S3-compatible store would hold the encrypted bytes instead of ``evidence_blob.ciphertext`` (the
object named by the SHA-256); the records, the custody chain and the encryption stay here.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.online_monitoring.domain.custody import CustodyAction, CustodyEntry
from services.online_monitoring.repository.evidence_tables import CustodyRow, EvidenceBlobRow, EvidenceRow
from shared.crypto import FieldCipher

MAX_CANDIDATES = 20_000  # images of a ward compared for a near match (a ward's years of evidence)


@dataclass(frozen=True)
class EvidenceRecord:
    id: uuid.UUID
    ward: str
    item_id: uuid.UUID
    sha256: str
    media_type: str
    size: int
    perceptual_hash: str | None
    filename: str
    captured_by: str
    captured_unit: str
    captured_at: dt.datetime


@dataclass(frozen=True)
class ImageHash:
    evidence_id: uuid.UUID
    item_id: uuid.UUID
    perceptual_hash: str


class EvidenceStore:
    """One unit of work's access to evidence; every write is part of its transaction."""

    def __init__(self, session: AsyncSession, cipher: FieldCipher) -> None:
        self._session = session
        self._cipher = cipher

    @staticmethod
    def _blob_aad(sha256: str) -> str:
        return f"online_monitoring:evidence_blob:{sha256}"

    @staticmethod
    def _name_aad(evidence_id: uuid.UUID) -> str:
        return f"online_monitoring:evidence:{evidence_id}:filename"

    async def add(self, record: EvidenceRecord, data: bytes) -> None:
        """The record, and the bytes unless the same file is already stored (for any item)."""
        blob = pg_insert(EvidenceBlobRow).values(
            sha256=record.sha256,
            size=record.size,
            ciphertext=self._cipher.encrypt_bytes(data, self._blob_aad(record.sha256)),
        )
        await self._session.execute(blob.on_conflict_do_nothing(index_elements=["sha256"]))
        self._session.add(
            EvidenceRow(
                id=record.id,
                ward=record.ward,
                item_id=record.item_id,
                sha256=record.sha256,
                media_type=record.media_type,
                size=record.size,
                perceptual_hash=record.perceptual_hash,
                filename_ciphertext=self._cipher.encrypt(record.filename, self._name_aad(record.id)),
                captured_by=record.captured_by,
                captured_unit=record.captured_unit,
                captured_at=record.captured_at,
            )
        )
        await self._session.flush()

    async def get(
        self, evidence_id: uuid.UUID, ward: str, *, for_update: bool = False
    ) -> EvidenceRecord | None:
        query = select(EvidenceRow).where(EvidenceRow.id == evidence_id, EvidenceRow.ward == ward)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).scalar_one_or_none()
        return None if row is None else self._record(row)

    async def of_item_file(self, item_id: uuid.UUID, sha256: str) -> EvidenceRecord | None:
        query = select(EvidenceRow).where(EvidenceRow.item_id == item_id, EvidenceRow.sha256 == sha256)
        row = (await self._session.execute(query)).scalar_one_or_none()
        return None if row is None else self._record(row)

    async def of_item(self, item_id: uuid.UUID, ward: str) -> list[EvidenceRecord]:
        query = (
            select(EvidenceRow)
            .where(EvidenceRow.item_id == item_id, EvidenceRow.ward == ward)
            .order_by(EvidenceRow.captured_at, EvidenceRow.id)
        )
        return [self._record(r) for r in (await self._session.execute(query)).scalars()]

    async def images(self, ward: str, *, except_item: uuid.UUID) -> list[ImageHash]:
        """The perceptual hashes of the ward's images on other items (the domain says which are near)."""
        query = (
            select(EvidenceRow.id, EvidenceRow.item_id, EvidenceRow.perceptual_hash)
            .where(
                EvidenceRow.ward == ward,
                EvidenceRow.item_id != except_item,
                EvidenceRow.perceptual_hash.is_not(None),
            )
            .order_by(EvidenceRow.captured_at.desc())
            .limit(MAX_CANDIDATES)
        )
        return [ImageHash(i, item, str(h)) for i, item, h in (await self._session.execute(query)).all()]

    async def read_bytes(self, sha256: str) -> bytes:
        row = await self._session.get(EvidenceBlobRow, sha256)
        if row is None:
            raise LookupError(f"no stored file {sha256}")
        return self._cipher.decrypt_bytes(row.ciphertext, self._blob_aad(sha256))

    async def chain(self, evidence_id: uuid.UUID) -> list[CustodyEntry]:
        """The custody entries as stored, in the order of their numbers."""
        query = select(CustodyRow).where(CustodyRow.evidence_id == evidence_id).order_by(CustodyRow.sequence)
        return [
            CustodyEntry(
                r.sequence,
                r.evidence_sha256,
                CustodyAction(r.action),
                r.actor,
                r.unit,
                r.at,
                r.note,
                r.previous_hash,
                r.entry_hash,
            )
            for r in (await self._session.execute(query)).scalars()
        ]

    async def append(self, evidence_id: uuid.UUID, entry: CustodyEntry) -> None:
        self._session.add(
            CustodyRow(
                evidence_id=evidence_id,
                sequence=entry.sequence,
                evidence_sha256=entry.evidence_sha256,
                action=entry.action.value,
                actor=entry.actor,
                unit=entry.unit,
                at=entry.at,
                note=entry.note,
                previous_hash=entry.previous_hash,
                entry_hash=entry.entry_hash,
            )
        )
        await self._session.flush()

    def _record(self, row: EvidenceRow) -> EvidenceRecord:
        return EvidenceRecord(
            id=row.id,
            ward=row.ward,
            item_id=row.item_id,
            sha256=row.sha256,
            media_type=row.media_type,
            size=row.size,
            perceptual_hash=row.perceptual_hash,
            filename=self._cipher.decrypt(row.filename_ciphertext, self._name_aad(row.id)),
            captured_by=row.captured_by,
            captured_unit=row.captured_unit,
            captured_at=row.captured_at,
        )
