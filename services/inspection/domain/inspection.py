"""Inspections and their records (biên bản kiểm tra): pure rules, no I/O.

An inspection is planned (in a yearly plan, a campaign, or by surprise, often from a tip) for one
or more establishments, by a team led by the Culture–Society Office (``vhxh``). Each establishment
visited gets a record: its result, the violations found with their legal basis, the sanctions, a
follow-up. A record is a draft until the team leader signs it; afterwards it is final and only a
new record that says why can amend it (the history keeps both).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from services.inspection.domain.kinds import (
    InspectionKind,
    InspectionResult,
    RiskClass,
    SanctionKind,
    ViolationKind,
)
from shared.clock import now as domain_now
from shared.uow import Aggregate

LEAD_UNIT = "vhxh"
TEAM_UNITS = frozenset({"vhxh", "ca", "qs", "ktht", "ttdv", "ubnd"})
SUSPENSION_KINDS = frozenset({SanctionKind.LICENCE_SUSPENSION, SanctionKind.OPERATION_SUSPENSION})
MAX_FINE_VND = 1_000_000_000  # far above any administrative fine: a typo guard, not a legal rule


class InvalidRecord(ValueError):
    """A record that cannot be true (a sanction without a violation, say); names the field."""

    def __init__(self, field_name: str, message_vi: str, message_en: str) -> None:
        self.field_name = field_name
        super().__init__(f"{message_vi} / {message_en}")

    def problem_extras(self) -> dict[str, object]:
        return {"errors": [{"loc": ["body", self.field_name], "msg": str(self), "type": "invalid"}]}


class RecordFinal(Exception):
    """A signed record cannot change; amend it with a new record that states why."""

    def __init__(self, record_id: uuid.UUID) -> None:
        self.record_id = record_id
        super().__init__(
            "Biên bản đã ký, không sửa được; hãy lập biên bản sửa đổi nêu rõ lý do. / "
            "The record is signed and final; amend it with a new record that states why."
        )


@dataclass(frozen=True, slots=True)
class Team:
    """Units and staff codes of the interdisciplinary team (Đoàn kiểm tra liên ngành)."""

    lead_unit: str
    units: tuple[str, ...]
    members: tuple[str, ...] = ()  # staff codes, never names

    def __post_init__(self) -> None:
        if self.lead_unit != LEAD_UNIT:
            raise InvalidRecord(
                "team.lead_unit",
                "Trưởng đoàn phải thuộc Phòng Văn hóa - Xã hội",
                "The team leader comes from the Culture-Society Office (vhxh)",
            )
        unknown = sorted(set(self.units) - TEAM_UNITS)
        if unknown:
            raise InvalidRecord("team.units", f"Đơn vị không hợp lệ: {unknown}", f"Unknown units: {unknown}")


@dataclass(frozen=True, slots=True)
class Violation:
    id: uuid.UUID
    kind: ViolationKind
    legal_basis: str  # the article and clause of the sanctioning decree in force
    description: str = ""


@dataclass(frozen=True, slots=True)
class Sanction:
    id: uuid.UUID
    violation_id: uuid.UUID
    kind: SanctionKind
    fine_vnd: int = 0
    suspension_days: int = 0
    description: str = ""

    def __post_init__(self) -> None:
        if self.kind is SanctionKind.FINE and not 0 < self.fine_vnd <= MAX_FINE_VND:
            raise InvalidRecord("sanctions.fine_vnd", "Số tiền phạt không hợp lệ", "A fine needs its amount")
        if self.kind is not SanctionKind.FINE and self.fine_vnd:
            raise InvalidRecord(
                "sanctions.fine_vnd", "Chỉ hình thức phạt tiền có số tiền", "Only a fine has an amount"
            )
        if self.kind in SUSPENSION_KINDS and not 0 < self.suspension_days <= 730:
            raise InvalidRecord(
                "sanctions.suspension_days",
                "Cần số ngày đình chỉ, tước giấy phép",
                "A suspension needs its days",
            )
        if self.kind not in SUSPENSION_KINDS and self.suspension_days:
            raise InvalidRecord(
                "sanctions.suspension_days",
                "Chỉ đình chỉ, tước giấy phép mới có số ngày",
                "Only suspensions have days",
            )


@dataclass(frozen=True, slots=True)
class FollowUp:
    remedy_by: dt.date
    reinspect: bool = True


@dataclass(frozen=True, slots=True)
class Findings:
    """What the team found at one establishment."""

    result: InspectionResult
    inspected_on: dt.date
    checklist: tuple[str, ...] = ()  # the points checked, as written
    violations: tuple[Violation, ...] = ()
    sanctions: tuple[Sanction, ...] = ()
    follow_up: FollowUp | None = None
    not_carried_out_reason: str = ""

    def __post_init__(self) -> None:
        found = self.result is InspectionResult.VIOLATIONS_FOUND
        if found != bool(self.violations):
            raise InvalidRecord(
                "violations",
                "Kết quả 'phát hiện vi phạm' cần ít nhất một vi phạm, và chỉ kết quả đó có vi phạm",
                "Violations go with the result 'violations_found', and that result needs at least one",
            )
        violations = {v.id for v in self.violations}
        if any(s.violation_id not in violations for s in self.sanctions):
            raise InvalidRecord(
                "sanctions",
                "Hình thức xử phạt phải gắn với một vi phạm",
                "A sanction needs a violation of this record",
            )
        if any(not v.legal_basis.strip() for v in self.violations):
            raise InvalidRecord(
                "violations.legal_basis", "Thiếu căn cứ pháp lý", "A violation needs its legal basis"
            )
        if (self.result is InspectionResult.NOT_CARRIED_OUT) != bool(self.not_carried_out_reason.strip()):
            raise InvalidRecord(
                "not_carried_out_reason",
                "Chỉ khi không tiến hành được mới ghi, và phải ghi, lý do",
                "A reason goes with, and only with, the result 'not_carried_out'",
            )
        if self.follow_up and self.follow_up.remedy_by < self.inspected_on:
            raise InvalidRecord(
                "follow_up.remedy_by",
                "Hạn khắc phục trước ngày kiểm tra",
                "The remedy deadline is before the visit",
            )


@dataclass(frozen=True, slots=True)
class Planned:
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class RecordSigned:
    """A record became final: the inspection of one establishment is complete (again, if amended).

    ``already_published`` holds the violation and sanction ids the amended record announced, so an
    amendment announces only what it adds."""

    at: dt.datetime
    record: Record
    risk_class: RiskClass | None = None
    already_published: frozenset[str] = frozenset()


InspectionEvent = Planned | RecordSigned


@dataclass(eq=False)
class Record:
    """The record of one establishment's visit; a draft until signed."""

    id: uuid.UUID
    inspection_id: uuid.UUID
    establishment_id: uuid.UUID
    findings: Findings
    drafted_by: str
    drafted_at: dt.datetime
    supersedes: uuid.UUID | None = None
    amendment_reason: str = ""
    signed_by: str = ""
    signed_at: dt.datetime | None = None

    @property
    def final(self) -> bool:
        return self.signed_at is not None

    def revise(self, findings: Findings) -> None:
        if self.final:
            raise RecordFinal(self.id)
        self.findings = findings


@dataclass(eq=False)
class Inspection(Aggregate):
    """An inspection of one or more establishments; holds their records."""

    id: uuid.UUID
    ward: str
    kind: InspectionKind
    establishment_ids: tuple[uuid.UUID, ...]
    planned_for: dt.date
    team: Team
    campaign_id: uuid.UUID | None = None
    source_tip_id: str = ""
    planned_at: dt.datetime = field(default_factory=domain_now)
    records: list[Record] = field(default_factory=list)

    @classmethod
    def plan(
        cls,
        inspection_id: uuid.UUID,
        ward: str,
        at: dt.datetime,
        *,
        kind: InspectionKind,
        establishment_ids: tuple[uuid.UUID, ...],
        planned_for: dt.date,
        team: Team,
        campaign_id: uuid.UUID | None = None,
        source_tip_id: str = "",
    ) -> Inspection:
        if not establishment_ids or len(set(establishment_ids)) != len(establishment_ids):
            raise InvalidRecord(
                "establishment_ids",
                "Cần danh sách cơ sở, không trùng lặp",
                "List the establishments, once each",
            )
        if kind is InspectionKind.THEMATIC and campaign_id is None:
            raise InvalidRecord(
                "campaign_id", "Kiểm tra chuyên đề thuộc một đợt", "A thematic inspection needs its campaign"
            )
        i = cls(
            inspection_id, ward, kind, establishment_ids, planned_for, team, campaign_id, source_tip_id, at
        )
        i.record(Planned(at))
        return i

    def current(self, establishment_id: uuid.UUID) -> Record | None:
        """The record in force for an establishment: the latest signed, else the open draft."""
        mine = [r for r in self.records if r.establishment_id == establishment_id]
        signed = [r for r in mine if r.final]
        if signed:
            return max(signed, key=lambda r: r.signed_at or r.drafted_at)
        return mine[-1] if mine else None

    def draft(
        self,
        record_id: uuid.UUID,
        establishment_id: uuid.UUID,
        findings: Findings,
        by: str,
        at: dt.datetime,
        *,
        amends: uuid.UUID | None = None,
        reason: str = "",
    ) -> Record:
        """A first record for an establishment of this inspection, or an amendment of a signed one."""
        if establishment_id not in self.establishment_ids:
            raise InvalidRecord(
                "establishment_id",
                "Cơ sở không thuộc cuộc kiểm tra này",
                "Not an establishment of this inspection",
            )
        if findings.inspected_on < self.planned_for - dt.timedelta(days=30):
            raise InvalidRecord("inspected_on", "Ngày kiểm tra trước kế hoạch", "The visit predates the plan")
        current = self.current(establishment_id)
        if amends is None:
            if current is not None:
                raise InvalidRecord(
                    "supersedes",
                    "Cơ sở đã có biên bản; sửa biên bản nháp hoặc lập biên bản sửa đổi",
                    "This establishment has a record: revise the draft or amend the signed one",
                )
        else:
            if current is None or current.id != amends or not current.final:
                raise InvalidRecord(
                    "supersedes",
                    "Chỉ sửa đổi biên bản đã ký đang có hiệu lực",
                    "Only the signed record in force can be amended",
                )
            if any(not r.final for r in self.records if r.establishment_id == establishment_id):
                raise InvalidRecord(
                    "supersedes", "Đã có bản sửa đổi đang soạn", "An amendment is already being drafted"
                )
            if not reason.strip():
                raise InvalidRecord(
                    "amendment_reason", "Biên bản sửa đổi phải nêu lý do", "An amendment states why"
                )
        record = Record(record_id, self.id, establishment_id, findings, by, at, amends, reason.strip())
        self.records.append(record)
        return record

    def sign(
        self, record_id: uuid.UUID, by: str, at: dt.datetime, risk_class: RiskClass | None = None
    ) -> Record:
        """The team leader signs: the record is final (``risk_class``: the establishment's, at the visit)."""
        record = next((r for r in self.records if r.id == record_id), None)
        if record is None:
            raise InvalidRecord("record_id", "Không có biên bản này", "No such record in this inspection")
        if record.final:
            raise RecordFinal(record.id)
        announced: set[str] = set()
        amended = record.supersedes
        while amended is not None:  # every record this one amends, back to the first
            earlier = next(r for r in self.records if r.id == amended)
            announced |= {str(v.id) for v in earlier.findings.violations}
            announced |= {str(s.id) for s in earlier.findings.sanctions}
            amended = earlier.supersedes
        record.signed_by, record.signed_at = by, at
        self.record(RecordSigned(at, record, risk_class, frozenset(announced)))
        return record

    @property
    def completed(self) -> bool:
        return all((r := self.current(e)) is not None and r.final for e in self.establishment_ids)
