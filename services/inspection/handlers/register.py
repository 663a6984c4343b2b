"""The register's files as use cases: import (a dry run, then an idempotent upsert keyed by the
registration number), the template to fill in, and the exports (XLSX without personal fields, GeoJSON).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from services.inspection.domain.establishment import Details, Establishment, InvalidEstablishment, Licence
from services.inspection.handlers.deps import LOCAL, InspectionDeps
from services.inspection.handlers.register_export import register_geojson, register_xlsx
from services.inspection.handlers.register_format import ExportRow, ParsedRegister, RegisterRow, RowError
from services.inspection.handlers.register_import import parse_register
from services.inspection.repository import EstablishmentFilter, InspectionUnitOfWork
from shared.auth import Principal

CHUNK = 1_000  # registration numbers looked up per query


class UnreadableFile(ValueError):
    """The file as a whole cannot be used: not XLSX or CSV, a broken encoding, wrong headers, too big."""

    def __init__(self, issues: list[dict[str, Any]]) -> None:
        self.issues = issues
        first = issues[0] if issues else {"message_vi": "Tệp không đọc được", "message_en": "Unreadable file"}
        super().__init__(f"{first['message_vi']} / {first['message_en']}")

    def problem_extras(self) -> dict[str, object]:
        return {"issues": self.issues}


def _details(row: RegisterRow) -> Details:
    licence = (
        Licence(row.licence_number, row.licence_issuer, row.licence_issued_on, row.licence_expires_on)
        if row.licence_number
        else None
    )
    return Details(
        name=row.name,
        registration_number=row.registration_number,
        business_types=row.business_types,
        residential_group=row.residential_group,
        address=row.address,
        licence=licence,
        opens_at=row.opens_at,
        closes_at=row.closes_at,
        open_24h=row.open_all_day,
        latitude=row.latitude,
        longitude=row.longitude,
    )


def _private(row: RegisterRow) -> dict[str, str]:
    p = row.personal
    return {"owner_name": p.owner_name, "owner_phone": p.phone_e164, "owner_id_number": p.id_number}


def _checked(parsed: ParsedRegister, groups: dict[str, str]) -> list[tuple[RegisterRow, Details]]:
    """The rows as the register's details; a row the domain refuses joins the errors with its line."""
    good = []
    for row in parsed.rows:
        try:
            details = _details(row)
        except InvalidEstablishment as exc:
            vi, _, en = str(exc).partition(" / ")
            parsed.errors.append(RowError(row.line, exc.field_name.split(".")[0], vi, en or vi))
            continue
        if groups and details.residential_group not in groups:
            parsed.errors.append(
                RowError(
                    row.line, "residential_group", "Tổ dân phố không thuộc phường", "Not a group of the ward"
                )
            )
            continue
        good.append((row, details))
    return good


def _issues(errors: list[RowError]) -> list[dict[str, Any]]:
    return [asdict(e) for e in sorted(errors, key=lambda e: (e.line, e.field))]


async def import_register(
    uow: InspectionUnitOfWork,
    deps: InspectionDeps,
    principal: Principal,
    data: bytes,
    *,
    filename: str,
    content_type: str,
    dry_run: bool,
    on_progress: Callable[[str, int], None] | None = None,
) -> dict[str, Any]:
    """Check every row; with no error and not a dry run, create the new establishments and bring the
    known ones (same registration number) up to the file, all in one transaction. The same file twice
    changes nothing the second time; a file with any bad row changes nothing at all."""
    progress = on_progress or (lambda _stage, _count: None)
    parsed = await asyncio.to_thread(
        parse_register, data, filename, content_type, on_progress=lambda n: progress("read", n)
    )
    rows = [] if parsed.refused else _checked(parsed, dict(deps.residential_groups))
    report: dict[str, Any] = {
        "dry_run": dry_run,
        "rows": len(parsed.rows),
        "errors": _issues(parsed.errors),
        "warnings": _issues(parsed.warnings),
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "applied": False,
    }
    if parsed.refused:
        raise UnreadableFile(report["errors"])
    if parsed.errors:
        return report
    now = deps.clock()
    async with uow:
        for start in range(0, len(rows), CHUNK):
            await _apply(uow, principal.ward, rows[start : start + CHUNK], report, now=now, dry_run=dry_run)
            progress("checked" if dry_run else "written", min(start + CHUNK, len(rows)))
        if not dry_run:
            await uow.audit.record(
                principal,
                "import",
                "establishment",
                f"{len(rows)} rows",
                fields=sorted({"owner_name", "owner_phone", "owner_id_number"}),
            )
            await uow.commit()
            report["applied"] = True
    return report


async def _apply(
    uow: InspectionUnitOfWork,
    ward: str,
    chunk: list[tuple[RegisterRow, Details]],
    report: dict[str, Any],
    *,
    now: dt.datetime,
    dry_run: bool,
) -> None:
    """One chunk: new registration numbers are created, known ones brought up to the file."""
    known = await uow.establishments.by_registration(ward, [d.registration_number for _, d in chunk])
    stored = await uow.establishments.read_private_many([e.id for e in known.values()])
    private: dict[uuid.UUID, dict[str, str]] = {}
    for row, details in chunk:
        given = {k: v for k, v in _private(row).items() if v}
        e = known.get(details.registration_number)
        if e is None:
            report["created"] += 1
            e = Establishment.register(uuid.uuid4(), ward, details, now)
            if not dry_run:
                uow.establishments.add(e)
                private[e.id] = given
            continue
        changed = {k: v for k, v in given.items() if stored.get(e.id, {}).get(k) != v}
        if details == e.details and not changed:
            report["unchanged"] += 1
            continue
        report["updated"] += 1
        if not dry_run:
            e.update(details, now)
            private[e.id] = changed
    if not dry_run:
        await uow.establishments.flush()  # the rows first: the private fields refer to them
        await uow.establishments.set_private_many(private)


def _export_row(e: Establishment) -> ExportRow:
    d, lic = e.details, e.details.licence
    return ExportRow(
        establishment_id=str(e.id),
        registration_number=d.registration_number,
        name=d.name,
        business_types=d.business_types,
        licence_number=lic.number if lic else "",
        licence_issuer=lic.issuer if lic else "",
        licence_issued_on=lic.issued_on if lic else None,
        licence_expires_on=lic.expires_on if lic else None,
        opens_at=d.opens_at,
        closes_at=d.closes_at,
        open_all_day=d.open_24h,
        residential_group=d.residential_group,
        address=d.address,
        latitude=d.latitude,
        longitude=d.longitude,
        status=e.status,
        risk_class=e.risk_class,
        last_inspected_at=dt.datetime.combine(e.last_inspected_on, dt.time(), LOCAL)
        if e.last_inspected_on
        else None,
    )


async def _rows(
    uow: InspectionUnitOfWork, deps: InspectionDeps, principal: Principal, f: EstablishmentFilter
) -> list[ExportRow]:
    async with uow:
        items, _ = await uow.establishments.page(
            principal.ward,
            EstablishmentFilter(**{**asdict(f), "today": deps.today()}),
            page=1,
            size=deps.export_max_rows,
        )
    return [_export_row(e) for e in items]


async def export_xlsx(
    uow: InspectionUnitOfWork, deps: InspectionDeps, principal: Principal, f: EstablishmentFilter
) -> tuple[str, bytes]:
    """The filtered register as XLSX (no personal field): its file name and its bytes."""
    rows = await _rows(uow, deps, principal, f)
    return f"so-theo-doi-co-so-{deps.today().isoformat()}.xlsx", await asyncio.to_thread(register_xlsx, rows)


async def export_geojson(
    uow: InspectionUnitOfWork, deps: InspectionDeps, principal: Principal, f: EstablishmentFilter
) -> dict[str, Any]:
    """The premises that have coordinates, as a GeoJSON FeatureCollection for the city's GIS."""
    return register_geojson(await _rows(uow, deps, principal, f))
