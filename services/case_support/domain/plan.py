"""A case's plan and follow-ups (light; pure rules, no I/O).

The plan names the needs it works on, an optional review day and a free-text note; follow-ups are
days to check on the client, each done once. Notes are free text a worker writes about a person, so
they count as identifying: erasure clears them and keeps the days.

Days are the ward's calendar days (Asia/Ho_Chi_Minh, UTC+7 all year).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field, replace

from services.case_support.domain.kinds import NeedKind

VN = dt.timezone(dt.timedelta(hours=7), "ICT")
PLAN_NOTE, FOLLOW_UP_NOTES = "plan_note", "follow_up_notes"


def local_day(at: dt.datetime) -> dt.date:
    """The ward's calendar day of an instant; naive times are refused."""
    if at.tzinfo is None:
        raise ValueError("Thời điểm phải có múi giờ. / Times must be timezone-aware.")
    return at.astimezone(VN).date()


class PlanRefused(ValueError):
    """A plan or follow-up step that makes no sense; in Vietnamese and English."""

    def __init__(self, field_name: str, message_vi: str, message_en: str) -> None:
        self.field_name = field_name
        super().__init__(f"{message_vi} / {message_en}")

    def problem_extras(self) -> dict[str, object]:
        return {"errors": [{"loc": ["body", self.field_name], "msg": str(self), "type": "invalid"}]}


@dataclass(frozen=True, slots=True)
class Plan:
    goals: tuple[NeedKind, ...]
    by: str
    at: dt.datetime
    review_on: dt.date | None = None
    note: str = field(default="", repr=False)  # free text: identifying, erased


@dataclass(frozen=True, slots=True)
class FollowUp:
    id: uuid.UUID
    due_on: dt.date
    by: str
    note: str = field(default="", repr=False)  # free text: identifying, erased
    done_at: dt.datetime | None = None
    done_by: str = ""


@dataclass(frozen=True, slots=True)
class PlanSet:
    by: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class FollowUpScheduled:
    follow_up_id: uuid.UUID
    due_on: dt.date


@dataclass(frozen=True, slots=True)
class FollowUpDone:
    follow_up_id: uuid.UUID
    by: str
    at: dt.datetime


@dataclass
class CasePlan:
    """The plan (the latest replaces the one before) and the follow-ups of one case."""

    plan: Plan | None = None
    follow_ups: list[FollowUp] = field(default_factory=list)

    def set(self, plan: Plan) -> PlanSet:
        local_day(plan.at)
        if plan.review_on is not None and plan.review_on < local_day(plan.at):
            raise PlanRefused("review_on", "Ngày rà soát kế hoạch đã qua", "The review day has passed")
        self.plan = plan
        return PlanSet(plan.by, plan.at)

    def schedule(self, follow_up: FollowUp, at: dt.datetime) -> FollowUpScheduled:
        if follow_up.due_on < local_day(at):
            raise PlanRefused("due_on", "Ngày theo dõi đã qua", "The follow-up day has passed")
        if any(f.id == follow_up.id for f in self.follow_ups):
            raise PlanRefused("id", "Lịch theo dõi đã có", "The follow-up already exists")
        self.follow_ups.append(replace(follow_up, done_at=None, done_by=""))
        return FollowUpScheduled(follow_up.id, follow_up.due_on)

    def complete(self, follow_up_id: uuid.UUID, *, by: str, at: dt.datetime) -> FollowUpDone:
        local_day(at)
        pending = [i for i, f in enumerate(self.follow_ups) if f.id == follow_up_id and f.done_at is None]
        if not pending:
            raise PlanRefused("id", "Không có lịch theo dõi đang chờ này", "No pending follow-up has this id")
        (index,) = pending
        self.follow_ups[index] = replace(self.follow_ups[index], done_at=at, done_by=by)
        return FollowUpDone(follow_up_id, by, at)

    def due(self, today: dt.date) -> list[FollowUp]:
        """The pending follow-ups due by ``today``, earliest first."""
        due = [f for f in self.follow_ups if f.done_at is None and f.due_on <= today]
        return sorted(due, key=lambda f: (f.due_on, str(f.id)))

    def notes_present(self) -> tuple[str, ...]:
        """Which kinds of note hold some text (what an erasure would clear)."""
        plan = (PLAN_NOTE,) if self.plan is not None and self.plan.note else ()
        return plan + ((FOLLOW_UP_NOTES,) if any(f.note for f in self.follow_ups) else ())

    def erase_notes(self) -> None:
        if self.plan is not None:
            self.plan = replace(self.plan, note="")
        self.follow_ups = [replace(f, note="") for f in self.follow_ups]
