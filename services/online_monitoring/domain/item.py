"""A reported item of online content and its lifecycle (pure rules, no I/O).

An item is one piece of content (one canonical key in the ward) reported one or more times: two
people reporting the same post make one item with two reports. An officer classifies it (a
classifier may propose; the officer decides), requests its takedown through the competent body,
and the item is handled when it is removed, escalated beyond the ward, or closed. A new report of
content that had been removed reopens it as a reappearance with a new time limit.

open → classified → removed | escalated | closed; removed or closed-as-gone → (reported again) →
open or classified again (reappeared).
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass, field

from services.online_monitoring.domain.item_events import (
    Classified,
    Closed,
    Escalated,
    Reappeared,
    Removed,
    ReportAdded,
    Reported,
    TakedownSent,
    TakedownStepped,
)
from services.online_monitoring.domain.kinds import VIOLATIONS, ContentSpace, ItemCategory, Platform
from services.online_monitoring.domain.takedown import (
    ACTIVE,
    Channel,
    CompetentBody,
    EscalationTarget,
    TakedownRequest,
)
from shared.uow import Aggregate

__all__ = [
    "Classified",
    "Closed",
    "Escalated",
    "Item",
    "Reappeared",
    "Removed",
    "ReportAdded",
    "Reported",
    "TakedownSent",
    "TakedownStepped",
]


class ItemStatus(enum.StrEnum):
    OPEN = "open"  # reported, not classified yet
    CLASSIFIED = "classified"
    REMOVED = "removed"
    ESCALATED = "escalated"
    CLOSED = "closed"


class ReportSource(enum.StrEnum):
    TIP = "tip"  # a tip routed by intake
    PROACTIVE_MONITORING = "proactive_monitoring"  # an officer's patrol
    CITY_AUTHORITY = "city_authority"
    PUBLIC_REPORT = "public_report"
    PLATFORM_NOTICE = "platform_notice"
    EXTERNAL_CRAWLER = "external_crawler"  # a batch from a crawler run outside the service
    OTHER = "other"


class ClosureReason(enum.StrEnum):
    REMOVED = "removed"
    NOT_VIOLATING = "not_violating"
    OUTSIDE_COMPETENCE = "outside_competence"
    CONTENT_UNAVAILABLE = "content_unavailable"
    ESCALATION_CONCLUDED = "escalation_concluded"
    DUPLICATE = "duplicate"
    OTHER = "other"


class RemovedBy(enum.StrEnum):
    PLATFORM = "platform"
    ACCOUNT_HOLDER = "account_holder"
    UNKNOWN = "unknown"


STATUS_VI: dict[ItemStatus, str] = {
    ItemStatus.OPEN: "chưa phân loại",
    ItemStatus.CLASSIFIED: "đã phân loại",
    ItemStatus.REMOVED: "đã gỡ bỏ",
    ItemStatus.ESCALATED: "đã chuyển cấp trên",
    ItemStatus.CLOSED: "đã kết thúc",
}
IN_HAND = frozenset({ItemStatus.OPEN, ItemStatus.CLASSIFIED})  # the ward still has to act
GONE = frozenset({ClosureReason.REMOVED, ClosureReason.CONTENT_UNAVAILABLE})


class ItemStepNotAllowed(Exception):
    def __init__(self, status: ItemStatus, step: str, why_vi: str = "", why_en: str = "") -> None:
        self.status = status
        self.step = step
        vi = why_vi or f"Tin {STATUS_VI[status]} không thể thực hiện bước '{step}'"
        en = why_en or f"An item that is '{status}' cannot be '{step}'"
        super().__init__(f"{vi}. / {en}.")

    def problem_extras(self) -> dict[str, object]:
        return {"item_status": self.status.value, "step": self.step}


class TakedownNotFound(LookupError):
    pass


@dataclass(frozen=True, slots=True)
class Content:
    """Where the content is: its canonical URL and the key and hash that identify it."""

    url: str
    platform: Platform
    space: ContentSpace
    key: str
    content_hash: str


@dataclass(frozen=True, slots=True)
class Report:
    id: uuid.UUID
    source: ReportSource
    at: dt.datetime
    by: str = ""  # unit code of the officer who entered it ("" for a tip or a batch)
    url: str = ""  # the canonical URL as reported
    source_tip_id: str = ""


@dataclass(frozen=True, slots=True)
class Classification:
    category: ItemCategory
    within_competence: bool
    by: str
    at: dt.datetime
    proposed: ItemCategory | None = None  # what the classifier proposed, if asked
    score: float | None = None
    model_version: str = ""

    @property
    def agrees(self) -> bool | None:
        return None if self.proposed is None else self.proposed is self.category


@dataclass
class Item(Aggregate):
    id: uuid.UUID
    ward: str
    platform: Platform
    space: ContentSpace
    key: str | None  # None for a routed tip whose URL has not been entered yet
    url: str
    content_hash: str
    reported_at: dt.datetime
    due_at: dt.datetime
    status: ItemStatus = ItemStatus.OPEN
    reports: list[Report] = field(default_factory=list)
    source_tip_id: str = ""
    establishment_id: uuid.UUID | None = None
    classification: Classification | None = None
    takedowns: list[TakedownRequest] = field(default_factory=list)
    handled_at: dt.datetime | None = None
    closure_reason: ClosureReason | None = None
    escalated_to: EscalationTarget | None = None
    escalated_agency: str = ""
    reappearances: list[dt.datetime] = field(default_factory=list)

    # -- reports ------------------------------------------------------------------------------
    @classmethod
    def report(
        cls,
        item_id: uuid.UUID,
        *,
        ward: str,
        content: Content,
        report: Report,
        due_at: dt.datetime,
        establishment_id: uuid.UUID | None = None,
    ) -> Item:
        item = cls(
            item_id, ward, content.platform, content.space, content.key, content.url, content.content_hash,
            report.at, due_at, reports=[report], source_tip_id=report.source_tip_id,
            establishment_id=establishment_id,
        )  # fmt: skip
        item.record(Reported(report.at))
        return item

    @classmethod
    def from_tip(
        cls,
        item_id: uuid.UUID,
        *,
        ward: str,
        tip_id: str,
        content_hash: str,
        at: dt.datetime,
        due_at: dt.datetime,
        establishment_id: uuid.UUID | None = None,
    ) -> Item:
        """A tip routed to online monitoring: an item whose URL an officer enters from the tip."""
        report = Report(uuid.uuid5(item_id, "tip"), ReportSource.TIP, at, source_tip_id=tip_id)
        item = cls(
            item_id, ward, Platform.OTHER, ContentSpace.OTHER, None, "", content_hash, at, due_at,
            reports=[report], source_tip_id=tip_id, establishment_id=establishment_id,
        )  # fmt: skip
        item.record(Reported(at))
        return item

    def attach(self, content: Content, report: Report) -> None:
        """The URL of a tip's item, entered by an officer (the item keeps its id and time limit)."""
        if self.key is not None:
            raise ItemStepNotAllowed(
                self.status, "attach", "Tin đã có đường dẫn", "The item already has its URL"
            )
        self.key, self.url, self.content_hash = content.key, content.url, content.content_hash
        self.platform, self.space = content.platform, content.space
        self.reports.append(report)
        self.record(ReportAdded(report.at))

    @property
    def reappears_on_report(self) -> bool:
        """Content once gone: a new report of it is a reappearance."""
        return self.status is ItemStatus.REMOVED or (
            self.status is ItemStatus.CLOSED and self.closure_reason in GONE
        )

    def add_report(self, report: Report, handling: dt.timedelta) -> bool:
        """Another report of the same content; True when it reopened the item as reappeared."""
        self.reports.append(report)
        if not self.source_tip_id and report.source_tip_id:
            self.source_tip_id = report.source_tip_id
        if not self.reappears_on_report:
            self.record(ReportAdded(report.at))
            return False
        self.reappearances.append(report.at)
        self.status = ItemStatus.CLASSIFIED if self.classification else ItemStatus.OPEN
        self.due_at = report.at + handling
        self.handled_at = None
        self.closure_reason = None
        self.record(Reappeared(report.at, len(self.reappearances)))
        return True

    # -- classification -----------------------------------------------------------------------
    def classify(self, c: Classification) -> None:
        """An officer's decision (it may be changed while the item is in hand)."""
        if self.status not in IN_HAND:
            raise ItemStepNotAllowed(self.status, "classify")
        if self.key is None:
            raise ItemStepNotAllowed(
                self.status, "classify", "Chưa nhập đường dẫn của tin", "The item's URL is not entered yet"
            )
        if self.active_takedown is not None and c.category not in VIOLATIONS:
            raise ItemStepNotAllowed(
                self.status,
                "classify",
                "Đang có yêu cầu gỡ bỏ: không thể xếp là không vi phạm",
                "A takedown request is under way: the item cannot become not violating",
            )
        self.classification = c
        self.status = ItemStatus.CLASSIFIED
        self.record(Classified(c.at))

    @property
    def category(self) -> ItemCategory | None:
        return self.classification.category if self.classification else None

    # -- takedown requests --------------------------------------------------------------------
    def takedown(self, takedown_id: uuid.UUID) -> TakedownRequest:
        for t in self.takedowns:
            if t.id == takedown_id:
                return t
        raise TakedownNotFound(f"no takedown request {takedown_id} for item {self.id}")

    def draft_takedown(
        self,
        takedown_id: uuid.UUID,
        *,
        channel: Channel,
        via: CompetentBody,
        legal_basis: str,
        deadline_hours: int,
        by: str,
        at: dt.datetime,
    ) -> TakedownRequest:
        if self.classification is None or self.classification.category not in VIOLATIONS:
            raise ItemStepNotAllowed(
                self.status,
                "request_takedown",
                "Chỉ yêu cầu gỡ bỏ tin đã phân loại là vi phạm",
                "A takedown is requested only for an item classified as a violation",
            )
        if self.status is not ItemStatus.CLASSIFIED:
            raise ItemStepNotAllowed(self.status, "request_takedown")
        if any(t.status in ACTIVE for t in self.takedowns):
            raise ItemStepNotAllowed(
                self.status,
                "request_takedown",
                "Tin đang có một yêu cầu gỡ bỏ chưa kết thúc",
                "The item already has a takedown request under way",
            )
        t = TakedownRequest.draft(
            takedown_id, channel=channel, via=via, legal_basis=legal_basis,
            deadline_hours=deadline_hours, by=by, at=at,
        )  # fmt: skip
        self.takedowns.append(t)
        self.record(TakedownStepped(at))
        return t

    def send_takedown(self, takedown_id: uuid.UUID, by: str, at: dt.datetime) -> None:
        t = self.takedown(takedown_id)
        t.send(by, at)
        self.record(TakedownSent(at, t, by))

    def acknowledge_takedown(self, takedown_id: uuid.UUID, by: str, at: dt.datetime) -> None:
        self.takedown(takedown_id).acknowledge(by, at)
        self.record(TakedownStepped(at))

    def refuse_takedown(self, takedown_id: uuid.UUID, by: str, at: dt.datetime, note: str = "") -> None:
        self.takedown(takedown_id).refuse(by, at, note)
        self.record(TakedownStepped(at))

    def record_removal(
        self, takedown_id: uuid.UUID, by: str, at: dt.datetime, removed_by: RemovedBy = RemovedBy.PLATFORM
    ) -> None:
        """The content is gone after a request was sent (a removal before that is refused)."""
        self.takedown(takedown_id).remove(by, at)
        self.status = ItemStatus.REMOVED
        self.handled_at = at
        self.record(Removed(at, takedown_id, removed_by, on_time=at <= self.due_at))

    def escalate_takedown(
        self, takedown_id: uuid.UUID, by: str, at: dt.datetime, target: EscalationTarget, agency: str = ""
    ) -> None:
        """No removal by the deadline, or refused: passed to the city police's cyber unit or the ministry."""
        self.takedown(takedown_id).escalate(by, at, target)
        self._escalated(at, target, agency)

    def escalate(self, at: dt.datetime, target: EscalationTarget, agency: str = "") -> None:
        """Beyond the ward's competence (e.g. recruitment for trafficking): passed on without a request."""
        if self.status not in IN_HAND:
            raise ItemStepNotAllowed(self.status, "escalate")
        if any(t.status in ACTIVE for t in self.takedowns):
            raise ItemStepNotAllowed(
                self.status,
                "escalate",
                "Chuyển qua yêu cầu gỡ bỏ đang thực hiện",
                "Escalate through the takedown request under way",
            )
        self._escalated(at, target, agency)

    def _escalated(self, at: dt.datetime, target: EscalationTarget, agency: str) -> None:
        self.status = ItemStatus.ESCALATED
        self.escalated_to, self.escalated_agency = target, agency
        self.handled_at = at
        self.record(Escalated(at, target, agency, on_time=at <= self.due_at))

    # -- closure ------------------------------------------------------------------------------
    def close(self, reason: ClosureReason, at: dt.datetime) -> None:
        if self.status is ItemStatus.CLOSED:
            raise ItemStepNotAllowed(self.status, "close")
        needs = {
            ClosureReason.REMOVED: self.status is ItemStatus.REMOVED,
            ClosureReason.ESCALATION_CONCLUDED: self.status is ItemStatus.ESCALATED,
            ClosureReason.NOT_VIOLATING: self.category is ItemCategory.NOT_VIOLATING,
        }
        if not needs.get(reason, self.status in IN_HAND):
            raise ItemStepNotAllowed(
                self.status,
                "close",
                f"Lý do '{reason}' không phù hợp với tình trạng của tin",
                f"The reason '{reason}' does not fit the item's state",
            )
        if any(t.status in ACTIVE for t in self.takedowns):
            raise ItemStepNotAllowed(
                self.status, "close", "Còn yêu cầu gỡ bỏ chưa kết thúc", "A takedown request is under way"
            )
        self.status = ItemStatus.CLOSED
        self.closure_reason = reason
        self.handled_at = self.handled_at or at
        self.record(Closed(at, reason, on_time=at <= self.due_at))

    # -- views --------------------------------------------------------------------------------
    def overdue(self, now: dt.datetime) -> bool:
        return self.status in IN_HAND and now > self.due_at

    @property
    def active_takedown(self) -> TakedownRequest | None:
        return next((t for t in reversed(self.takedowns) if t.status in ACTIVE), None)
