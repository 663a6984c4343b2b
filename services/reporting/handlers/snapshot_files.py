"""A snapshot as a file: XLSX, CSV or the DOCX report to the city, exact only where it may be."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from services.reporting.domain.periods import VN
from services.reporting.domain.snapshot import SnapshotContent, suppress
from services.reporting.handlers.commands import ExportFormat, ExportSnapshot
from services.reporting.handlers.deps import ReportingDeps
from services.reporting.handlers.exports import ExportMeta, to_csv, to_docx, to_xlsx
from services.reporting.handlers.snapshots import load
from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from shared.auth import Principal

MEDIA: dict[ExportFormat, str] = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
WRITERS: dict[ExportFormat, Callable[[SnapshotContent, ExportMeta], bytes]] = {
    "xlsx": to_xlsx,
    "csv": to_csv,
    "docx": to_docx,
}


@dataclass(frozen=True)
class ExportFile:
    name: str
    media_type: str
    content: bytes


def leaves_ward(cmd: ExportSnapshot, principal: Principal, scope: str) -> bool:
    """Whether the copy leaves the ward, and so withholds small counts of people: a copy for the city,
    the DOCX (it goes to the city), and any copy for staff outside the snapshot's ward (city staff
    never see exact small counts). Only the ward's own staff asking for a ward copy get exact ones."""
    return cmd.audience == "city" or cmd.fmt == "docx" or principal.ward != scope


async def export_snapshot(
    uow: ReportingUnitOfWork, deps: ReportingDeps, cmd: ExportSnapshot, principal: Principal
) -> ExportFile:
    async with uow:  # rows expire when the block ends: everything is read inside it
        row = await load(uow, principal, cmd.snapshot_id)
        unit = await uow.org_units.get(row.scope)
        parent = await uow.org_units.get(unit.parent_code) if unit and unit.parent_code else None
        content = SnapshotContent.from_canonical(row.content)
        if leaves_ward(cmd, principal, row.scope):
            content = suppress(content, deps.small_cell_threshold)
        meta = ExportMeta(
            snapshot_id=str(row.snapshot_id),
            content_hash=row.content_hash,
            status=row.status,
            scope_name_vi=unit.name_vi if unit else row.scope,
            scope_name_en=unit.name_en if unit else row.scope,
            parent_name_vi=parent.name_vi if parent else (unit.name_vi if unit else ""),
            prepared_by=row.prepared_by,
            prepared_at=row.computed_at,
            approved_by=row.approved_by,
            approved_at=row.approved_at,
            issued_on=deps.clock().astimezone(VN).date(),
            document_number=cmd.document_number,
            suppression_threshold=deps.small_cell_threshold,
        )
        name = f"pcmd-{row.scope}-{row.period_code}-{str(row.snapshot_id)[:8]}.{cmd.fmt}"
    return ExportFile(name, MEDIA[cmd.fmt], WRITERS[cmd.fmt](content, meta))
