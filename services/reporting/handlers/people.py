"""Who prepared and approved a snapshot, as a report names them: a person's name and title, never an id.

A token may carry the person's ``name`` and ``title`` claims (``Principal.name``, ``.title``); when
they are absent, the unit's Vietnamese name stands in (``Phòng Văn hóa - Xã hội``).
"""

from __future__ import annotations

from shared.auth import UNIT_NAMES, Principal

SYSTEM_NAME = "Hệ thống (tự động lập khi kết thúc kỳ)"


def unit_name(unit: str) -> str:
    """``vhxh`` -> ``Phòng Văn hóa - Xã hội``; ``ubnd`` -> ``Ủy ban nhân dân phường``."""
    name = UNIT_NAMES.get(unit, "")
    vi = name.split(" / ")[0].strip()
    return vi.removesuffix(" (leadership)")


def display_name(principal: Principal) -> str:
    """``Nguyễn Thị Hoa, Chuyên viên`` from the token's claims, or the unit's name without them."""
    name, title = principal.name.strip(), principal.title.strip()
    if name:
        return f"{name}, {title}" if title else name
    return unit_name(principal.unit) or "Cán bộ"


def name_of(actor: str | None, stored: str | None) -> str | None:
    """What to show for a stored actor: the name recorded with it, else what its id says of its unit."""
    if actor is None:
        return None
    if stored:
        return stored
    unit = actor.split(":", 1)[0]
    if unit == "system":
        return SYSTEM_NAME
    return unit_name(unit) or "Cán bộ"
