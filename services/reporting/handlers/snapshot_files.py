"""A snapshot as a file: XLSX, CSV or the DOCX report, exact only where the disclosure policy allows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from services.reporting.domain.periods import VN
from services.reporting.domain.snapshot import SnapshotContent
from services.reporting.handlers.commands import ExportFormat, ExportSnapshot
from services.reporting.handlers.deps import ReportingDeps
from services.reporting.handlers.exports import ExportMeta, to_csv, to_docx, to_xlsx
from services.reporting.handlers.people import name_of
from services.reporting.handlers.snapshots import load, shown_snapshot_content
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


async def export_snapshot(
    uow: ReportingUnitOfWork, deps: ReportingDeps, cmd: ExportSnapshot, principal: Principal
) -> ExportFile:
    """A snapshot as a file, in the copy the one disclosure policy gives this caller and audience."""
    async with uow:  # rows expire when the block ends: everything is read inside it
        row = await load(uow, principal, cmd.snapshot_id)
        unit = await uow.org_units.get(row.scope)
        parent = await uow.org_units.get(unit.parent_code) if unit and unit.parent_code else None
        content = shown_snapshot_content(row, principal, deps, cmd.audience)
        plan = None
        if content.ward_codes == (row.scope,):
            plan = await uow.programme.yearly_plan(row.scope, content.period.years())
        meta = ExportMeta(
            snapshot_id=str(row.snapshot_id),
            content_hash=content.content_hash,  # of the copy in the file (see disclosure)
            status=row.status,
            scope_name_vi=unit.name_vi if unit else row.scope,
            scope_name_en=unit.name_en if unit else row.scope,
            parent_name_vi=parent.name_vi if parent else (unit.name_vi if unit else ""),
            prepared_by=name_of(row.prepared_by, row.prepared_by_name) or "",
            prepared_at=row.computed_at,
            approved_by=name_of(row.approved_by, row.approved_by_name),
            approved_at=row.approved_at,
            issued_on=deps.clock().astimezone(VN).date(),
            document_number=cmd.document_number,
            suppression_threshold=deps.small_cell_threshold,
            plan_document=plan.document_code if plan else "",
            plan_issued_on=plan.issued_at.astimezone(VN).date() if plan else None,
        )
        name = f"pcmd-{row.scope}-{row.period_code}-{str(row.snapshot_id)[:8]}.{cmd.fmt}"
    return ExportFile(name, MEDIA[cmd.fmt], WRITERS[cmd.fmt](content, meta))
