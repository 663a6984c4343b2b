"""Inspection settings: ``PCMD_INSPECTION_*`` plus the platform-wide ``PCMD_*`` variables."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field

from services.inspection.domain.kinds import ViolationKind
from shared.settings import ServiceSettings

DEFAULT_DECREE = "Nghị định số 282/2025/NĐ-CP"
GroupCode = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]


class InspectionSettings(ServiceSettings):
    service_name: ClassVar[str] = "inspection"

    # The ward's residential groups, code -> name (PCMD_INSPECTION_RESIDENTIAL_GROUPS, JSON); an
    # establishment's premises name one of them. Empty: any well-formed code.
    residential_groups: dict[GroupCode, str] = Field(default_factory=dict)
    export_max_rows: int = Field(50_000, ge=1)
    # How often the hotspot rule looks at the signals (a suggestion waits for a person's decision).
    hotspot_scan_seconds: float = Field(3600.0, gt=0)
    # The legal basis a violation cites when the team does not type one: kind -> article and clause of
    # the sanctioning decree in force (PCMD_INSPECTION_LEGAL_BASES, JSON). By default the decree alone
    # (Decree 282/2025/ND-CP since 15 December 2025); the ward adds the articles it applies.
    legal_bases: dict[ViolationKind, Annotated[str, Field(min_length=3, max_length=300)]] = Field(
        default_factory=lambda: dict.fromkeys(ViolationKind, DEFAULT_DECREE)
    )
    # How printed records name the ward and the place of the date line.
    ward_name: str = Field("Lê Chân", min_length=1, max_length=100)
    place_name: str = Field("Hải Phòng", min_length=1, max_length=100)
