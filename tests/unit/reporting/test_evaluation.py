"""Surveys and commendations: content hashes of the files a survey cites, a survey completed within or
after its period with a counted sample, and one recipient for a commendation (a unit for accountability)."""

from __future__ import annotations

import datetime as dt

import pytest

from services.reporting.domain import evaluation as ev

ICT = dt.timezone(dt.timedelta(hours=7))
A, B = "a" * 64, "0123456789abcdef" * 4


def test_files_are_cited_by_their_sha256_once_each_in_order() -> None:
    assert ev.attachments([]) == []
    assert ev.attachments([B, A.upper(), f" {B} ", A]) == [B, A]


@pytest.mark.parametrize(
    "value", ["", "a" * 63, "a" * 65, "g" * 64, "sha256:" + A, "a" * 32 + " " + "a" * 31]
)
def test_anything_else_is_not_a_content_hash(value: str) -> None:
    with pytest.raises(ev.EvaluationRefused, match="SHA-256"):
        ev.attachments([A, value])


def test_at_most_twenty_files() -> None:
    twenty = [f"{i:064x}" for i in range(20)]
    assert ev.attachments(twenty + twenty[:3]) == twenty
    with pytest.raises(ev.EvaluationRefused, match="20"):
        ev.attachments([f"{i:064x}" for i in range(21)])


def test_a_survey_is_completed_once_its_period_has_begun() -> None:
    start = dt.datetime(2026, 4, 1, tzinfo=ICT)
    ev.check_survey(start, start, 0)
    ev.check_survey(start, start + dt.timedelta(days=400), 120)
    with pytest.raises(ev.EvaluationRefused, match="began"):
        ev.check_survey(start, start - dt.timedelta(seconds=1), 10)
    with pytest.raises(ev.EvaluationRefused, match="-1"):
        ev.check_survey(start, start, -1)


@pytest.mark.parametrize(
    ("kind", "unit", "staff"),
    [("commendation", "ca", None), ("commendation", None, "CA-0012"), ("accountability", "ttdv", None)],
)
def test_one_recipient(kind: str, unit: str | None, staff: str | None) -> None:
    ev.check_recipient(kind, unit, staff)


@pytest.mark.parametrize(
    ("kind", "unit", "staff", "says"),
    [
        ("commendation", None, None, "not both"),
        ("commendation", "ca", "CA-1", "not both"),
        ("accountability", None, "CA-1", "concerns a unit"),
        ("award", "ca", None, "unknown kind"),
    ],
)
def test_none_both_a_person_held_accountable_or_an_unknown_kind_is_refused(
    kind: str, unit: str | None, staff: str | None, says: str
) -> None:
    with pytest.raises(ev.EvaluationRefused, match=says):
        ev.check_recipient(kind, unit, staff)


def test_the_kind_is_compared_by_value() -> None:
    with pytest.raises(ev.EvaluationRefused, match="concerns a unit"):
        ev.check_recipient("".join(["account", "ability"]), None, "CA-1")


def test_the_vocabulary_is_bilingual() -> None:
    for table in (ev.SURVEY_KINDS, ev.SURVEY_SUBJECTS, ev.COMMENDATION_KINDS):
        assert all(vi and en and vi != en for vi, en in table.values())
