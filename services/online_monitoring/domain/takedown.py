"""A takedown request and its lifecycle (pure rules, no I/O).

A ward does not write to a platform on its own authority: every request names the competent body it
goes through (the ministry, the city's department or the city police's cyber unit) and the channel
that body uses (the platform's reporting tool, e-mail to the platform's legal contact, an official
request). Decree 147/2024/NĐ-CP gives a platform 24 hours after such a request; the deadline is
configurable per platform.

drafted → sent → acknowledged → removed; sent or acknowledged → refused; sent, acknowledged or
refused → escalated once refused or once the deadline passed with no removal. Each step keeps who
and when.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass, field

DEFAULT_DEADLINE_HOURS = 24
DEFAULT_LEGAL_BASIS = (
    "Nghị định số 147/2024/NĐ-CP ngày 09/11/2024 của Chính phủ về quản lý, cung cấp, sử dụng dịch vụ "
    "Internet và thông tin trên mạng"
)


class Channel(enum.StrEnum):
    PLATFORM_TOOL = "platform_tool"  # the platform's own reporting tool
    LEGAL_CONTACT = "legal_contact"  # e-mail or letter to the platform's legal contact
    VIA_AUTHORITY = "via_authority"  # the competent body's own request channel


class CompetentBody(enum.StrEnum):
    """Who sends the request on the ward's behalf (the ward itself never does)."""

    MINISTRY = "ministry"  # the competent ministry
    PROVINCIAL_DEPARTMENT = "provincial_department"  # the city's department
    CITY_CYBER_POLICE = "city_cyber_police"  # the city police's cyber security unit


class Status(enum.StrEnum):
    DRAFTED = "drafted"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    REMOVED = "removed"
    REFUSED = "refused"
    ESCALATED = "escalated"


class EscalationTarget(enum.StrEnum):
    CITY_CYBER_POLICE = "city_cyber_police"
    INVESTIGATING_BODY = "investigating_body"
    CITY_INFORMATION_AUTHORITY = "city_information_authority"
    MINISTRY = "ministry"
    OTHER = "other"


STATUS_VI: dict[Status, str] = {
    Status.DRAFTED: "đang soạn",
    Status.SENT: "đã gửi",
    Status.ACKNOWLEDGED: "đã được tiếp nhận",
    Status.REMOVED: "đã gỡ bỏ",
    Status.REFUSED: "bị từ chối",
    Status.ESCALATED: "đã chuyển cấp trên",
}
BODY_VI: dict[CompetentBody, str] = {
    CompetentBody.MINISTRY: "Bộ quản lý chuyên ngành",
    CompetentBody.PROVINCIAL_DEPARTMENT: "Sở quản lý chuyên ngành của thành phố",
    CompetentBody.CITY_CYBER_POLICE: "Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao",
}
CHANNEL_VI: dict[Channel, str] = {
    Channel.PLATFORM_TOOL: "công cụ báo cáo của nền tảng",
    Channel.LEGAL_CONTACT: "thư điện tử tới đầu mối pháp lý của nền tảng",
    Channel.VIA_AUTHORITY: "văn bản yêu cầu của cơ quan có thẩm quyền",
}
ACTIVE = frozenset({Status.DRAFTED, Status.SENT, Status.ACKNOWLEDGED})
WAITING = frozenset({Status.SENT, Status.ACKNOWLEDGED})  # the platform's clock is running
ENDED = frozenset({Status.REMOVED, Status.REFUSED, Status.ESCALATED})


class TakedownStepNotAllowed(Exception):
    def __init__(self, status: Status, step: str, why_vi: str = "", why_en: str = "") -> None:
        self.status = status
        self.step = step
        vi = why_vi or f"Yêu cầu gỡ bỏ {STATUS_VI[status]} không thể chuyển sang bước '{step}'"
        en = why_en or f"A takedown request that is '{status}' cannot be '{step}'"
        super().__init__(f"{vi}. / {en}.")

    def problem_extras(self) -> dict[str, object]:
        return {"takedown_status": self.status.value, "step": self.step}


class InvalidTakedown(ValueError):
    def __init__(self, field_name: str, message_vi: str, message_en: str) -> None:
        self.field_name = field_name
        super().__init__(f"{message_vi} / {message_en}")

    def problem_extras(self) -> dict[str, object]:
        return {"errors": [{"loc": ["body", self.field_name], "msg": str(self), "type": "invalid"}]}


@dataclass(frozen=True, slots=True)
class Step:
    status: Status
    at: dt.datetime
    by: str  # unit code of the officer who recorded it
    note: str = ""


@dataclass(slots=True)
class TakedownRequest:
    id: uuid.UUID
    channel: Channel
    via: CompetentBody
    legal_basis: str
    deadline_hours: int
    steps: list[Step] = field(default_factory=list)
    deadline: dt.datetime | None = None  # sent + deadline_hours, once sent
    escalated_to: EscalationTarget | None = None

    @classmethod
    def draft(
        cls,
        request_id: uuid.UUID,
        *,
        channel: Channel,
        via: CompetentBody,
        legal_basis: str,
        deadline_hours: int,
        by: str,
        at: dt.datetime,
    ) -> TakedownRequest:
        if not legal_basis.strip():
            raise InvalidTakedown("legal_basis", "Thiếu căn cứ pháp lý", "The legal basis is missing")
        if not 1 <= deadline_hours <= 24 * 30:
            raise InvalidTakedown(
                "deadline_hours", "Thời hạn phải từ 1 giờ đến 30 ngày", "The deadline is 1 hour to 30 days"
            )
        return cls(
            request_id, channel, via, legal_basis.strip(), deadline_hours, [Step(Status.DRAFTED, at, by)]
        )

    @property
    def status(self) -> Status:
        return self.steps[-1].status

    def at(self, status: Status) -> dt.datetime | None:
        """When it (last) reached ``status``."""
        return next((s.at for s in reversed(self.steps) if s.status is status), None)

    def _step(self, allowed: frozenset[Status], to: Status, by: str, at: dt.datetime, note: str = "") -> None:
        if self.status not in allowed:
            raise TakedownStepNotAllowed(self.status, to.value)
        if at < self.steps[-1].at:
            raise InvalidTakedown("at", "Thời điểm trước bước trước", "The time is before the previous step")
        self.steps.append(Step(to, at, by, note))

    def send(self, by: str, at: dt.datetime) -> None:
        self._step(frozenset({Status.DRAFTED}), Status.SENT, by, at)
        self.deadline = at + dt.timedelta(hours=self.deadline_hours)

    def acknowledge(self, by: str, at: dt.datetime) -> None:
        self._step(frozenset({Status.SENT}), Status.ACKNOWLEDGED, by, at)

    def remove(self, by: str, at: dt.datetime) -> bool:
        """The platform removed the content; True when within the request's deadline."""
        if self.status is Status.DRAFTED:
            raise TakedownStepNotAllowed(
                self.status,
                Status.REMOVED.value,
                "Chưa gửi yêu cầu gỡ bỏ thì không thể ghi nhận đã gỡ",
                "A removal cannot be recorded before the request was sent",
            )
        self._step(WAITING, Status.REMOVED, by, at)
        return self.within_deadline(at)

    def refuse(self, by: str, at: dt.datetime, note: str = "") -> None:
        self._step(WAITING, Status.REFUSED, by, at, note)

    def escalate(self, by: str, at: dt.datetime, target: EscalationTarget) -> None:
        """Refused, or no removal by the deadline: the matter goes to the city police or the ministry."""
        if self.status in WAITING and not self.overdue(at):
            raise TakedownStepNotAllowed(
                self.status,
                Status.ESCALATED.value,
                "Chưa hết thời hạn trả lời của nền tảng",
                "The platform's deadline has not passed yet",
            )
        self._step(WAITING | {Status.REFUSED}, Status.ESCALATED, by, at)
        self.escalated_to = target

    def within_deadline(self, at: dt.datetime) -> bool:
        return self.deadline is not None and at <= self.deadline

    def overdue(self, now: dt.datetime) -> bool:
        """Sent, no removal, and the deadline has passed."""
        return self.status in WAITING and self.deadline is not None and now > self.deadline

    def nearing(self, now: dt.datetime, within: dt.timedelta) -> bool:
        """Waiting for the platform with the deadline in the next ``within``: time for a reminder."""
        return self.status in WAITING and self.deadline is not None and now <= self.deadline <= now + within

    def hours_to_removal(self) -> float | None:
        sent, removed = self.at(Status.SENT), self.at(Status.REMOVED)
        if sent is None or removed is None:
            return None
        return (removed - sent).total_seconds() / 3600
