"""Values every service's ``events.py`` writes into contract messages the same way."""

from __future__ import annotations

import datetime as dt

# Asia/Ho_Chi_Minh: UTC+7 all year (no daylight saving time), the ward's calendar.
WARD_TIME = dt.timezone(dt.timedelta(hours=7), "ICT")


def enum_name(prefix: str, value: str | None) -> str:
    """``("RISK_CLASS", "high")`` → ``"RISK_CLASS_HIGH"`` (the proto enum value name; ``None`` is
    the ``UNSPECIFIED`` value)."""
    return f"{prefix}_{(value or 'unspecified').upper()}"


def local_midnight(day: dt.date) -> dt.datetime:
    """A calendar day of the ward as an instant: its start in local time."""
    return dt.datetime.combine(day, dt.time(), WARD_TIME)
