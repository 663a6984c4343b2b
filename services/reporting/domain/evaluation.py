"""Surveys and assessments of the situation (plan II.6) and commendations and accountability (II.7):
records the reviews cite.

A survey names its topic, the period it covers, its method, its sample and a summary of its findings;
its files are cited by their SHA-256 content hash (the files themselves are kept where the ward keeps
documents). A commendation names who (a unit, or a person by staff code: no names here), for what and
by which decision; an accountability decision concerns a unit that let the situation get worse.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

SURVEY_KINDS: Mapping[str, tuple[str, str]] = {
    "survey": ("Khảo sát", "Survey"),
    "assessment": ("Đánh giá", "Assessment"),
    "research": ("Nghiên cứu", "Research"),
}
SURVEY_SUBJECTS: Mapping[str, tuple[str, str]] = {
    "situation": ("Tình hình tệ nạn mại dâm", "The situation"),
    "groups": ("Đặc điểm nhóm đối tượng", "The groups concerned"),
    "needs": ("Nhu cầu hỗ trợ", "Needs for support"),
    "interventions": ("Hiệu quả mô hình can thiệp, hỗ trợ", "Effectiveness of interventions"),
    "other": ("Khác", "Other"),
}
COMMENDATION_KINDS: Mapping[str, tuple[str, str]] = {
    "commendation": ("Biểu dương, khen thưởng", "Commendation"),
    "accountability": ("Xem xét trách nhiệm", "Accountability"),
}
UNIT_ONLY = frozenset({"accountability"})  # decisions that concern a unit, never a person
MAX_ATTACHMENTS = 20
_SHA256 = re.compile(r"[0-9a-f]{64}")


class EvaluationRefused(ValueError):
    """A survey or commendation record the rules do not allow; the message says why."""


def attachments(hashes: Sequence[str]) -> list[str]:
    """The files cited, as lower-case SHA-256 hex digests, each once, in the order given."""
    out: list[str] = []
    for value in hashes:
        digest = value.strip().lower()
        if not _SHA256.fullmatch(digest):
            raise EvaluationRefused(f"không phải mã SHA-256 / not a SHA-256 content hash: {value!r}")
        if digest not in out:
            out.append(digest)
    if len(out) > MAX_ATTACHMENTS:
        raise EvaluationRefused(f"tối đa {MAX_ATTACHMENTS} tệp / at most {MAX_ATTACHMENTS} files")
    return out


def check_survey(period_start: dt.datetime, completed_at: dt.datetime, sample_size: int) -> None:
    """A survey is completed once its period has begun, and its sample is a count."""
    if completed_at < period_start:
        raise EvaluationRefused(
            "ngày hoàn thành trước kỳ khảo sát / completed before the period it covers began"
        )
    if sample_size < 0:
        raise EvaluationRefused(f"cỡ mẫu không hợp lệ / invalid sample size {sample_size}")


def check_recipient(kind: str, unit_code: str | None, staff_code: str | None) -> None:
    """Exactly one recipient: a unit, or a person by staff code; accountability is a unit's."""
    if kind not in COMMENDATION_KINDS:
        raise EvaluationRefused(f"loại không hợp lệ / unknown kind {kind!r}")
    if (unit_code is None) == (staff_code is None):
        raise EvaluationRefused("ghi một đơn vị hoặc một mã cán bộ / name a unit or a staff code, not both")
    if unit_code is None and kind in UNIT_ONLY:
        raise EvaluationRefused(
            "xem xét trách nhiệm đối với phòng, ban, đơn vị / accountability concerns a unit"
        )
