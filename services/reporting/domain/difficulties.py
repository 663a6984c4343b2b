"""Difficulties and proposals (khó khăn, vướng mắc; đề xuất, kiến nghị): what every unit meets in
carrying out the plan and what it proposes (plan II.7), which the Culture–Society Office collects from
every unit (IV.1) and answers, or carries to the city.

A record is open until it is addressed (with the response) or carried to the city (with what was sent);
one carried to the city is addressed once the city answers. Addressed is final. Each unit sees its own;
the office and the ward's leadership see them all.
"""

from __future__ import annotations

from collections.abc import Mapping

# code -> (Vietnamese, English)
KINDS: Mapping[str, tuple[str, str]] = {
    "difficulty": ("Khó khăn, vướng mắc", "Difficulty or obstacle"),
    "proposal": ("Đề xuất, kiến nghị", "Proposal or recommendation"),
}
AREAS: Mapping[str, tuple[str, str]] = {
    "direction": ("Lãnh đạo, chỉ đạo", "Direction and coordination"),
    "communication": ("Truyền thông, tuyên truyền", "Communication"),
    "harm_reduction": ("Hỗ trợ giảm hại, hòa nhập cộng đồng", "Harm reduction and reintegration"),
    "inspection": ("Kiểm tra, quản lý địa bàn", "Inspection and area management"),
    "tips": ("Tiếp nhận, xử lý tin báo", "Tips and complaints"),
    "online": ("Môi trường mạng", "Online environment"),
    "capacity": ("Nhân lực, năng lực", "Staff and capacity"),
    "budget": ("Kinh phí", "Funding"),
    "legal": ("Cơ chế, chính sách, pháp luật", "Law and policy"),
    "data": ("Thống kê, dữ liệu", "Statistics and data"),
    "other": ("Khác", "Other"),
}
STATUSES: Mapping[str, tuple[str, str]] = {
    "open": ("Chưa giải quyết", "Open"),
    "addressed": ("Đã giải quyết, trả lời", "Addressed"),
    "carried_to_city": ("Đã báo cáo, kiến nghị lên thành phố", "Carried to the city"),
}
# status -> the statuses it may move to
MOVES: Mapping[str, frozenset[str]] = {
    "open": frozenset({"addressed", "carried_to_city"}),
    "carried_to_city": frozenset({"addressed"}),
    "addressed": frozenset(),
}
# The units that see every unit's records: the office that collects them and the ward's leadership.
OVERSEERS = frozenset({"vhxh", "ubnd"})


class BadMove(Exception):
    """A status change the rules do not allow (from a final status, backwards, or to itself)."""


class ResponseMissing(ValueError):
    """A status change without the response that explains it."""


def move(current: str, new: str, response: str) -> str:
    """The new status, once the move is allowed and says what was done (``response``)."""
    if new not in MOVES.get(current, frozenset()):
        was, to = STATUSES.get(current, (current,))[0], STATUSES.get(new, (new,))[0]
        raise BadMove(f"không thể chuyển từ «{was}» sang «{to}» / cannot move from {current} to {new}")
    if not response.strip():
        raise ResponseMissing("cần nêu nội dung trả lời, xử lý / say what was done or answered")
    return new


def sees_all(unit: str) -> bool:
    return unit in OVERSEERS


def may_see(viewer_unit: str, owner_unit: str) -> bool:
    """A unit sees its own records; the overseers see every unit's."""
    return sees_all(viewer_unit) or viewer_unit == owner_unit


class StatusChanged:
    """A difficulty or proposal moved to a new status (its response recorded)."""

    __slots__ = ()
