"""Reviews: a yearly review of a year, the final review of the plan period, each once its period has
ended in the ward's time; approved once; content named by the hash of its canonical JSON."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from services.reporting.domain import review as r
from services.reporting.domain.periods import PLAN, month, quarter, year

ICT = dt.timezone(dt.timedelta(hours=7))
NEW_YEAR_2027 = dt.datetime(2027, 1, 1, tzinfo=ICT)


def test_a_yearly_review_once_the_year_has_ended() -> None:
    r.check_period("yearly", year(2026), NEW_YEAR_2027)
    with pytest.raises(r.ReviewRefused, match="has not ended"):
        r.check_period("yearly", year(2026), NEW_YEAR_2027 - dt.timedelta(seconds=1))


def test_the_final_review_once_the_plan_period_has_ended() -> None:
    r.check_period("final", PLAN, dt.datetime(2031, 1, 1, tzinfo=ICT))
    with pytest.raises(r.ReviewRefused, match="has not ended"):
        r.check_period("final", PLAN, dt.datetime(2030, 12, 31, 23, 59, tzinfo=ICT))


@pytest.mark.parametrize(
    ("kind", "period"),
    [("yearly", PLAN), ("yearly", quarter(2026, 2)), ("yearly", month(2026, 5)), ("final", year(2026))],
)
def test_each_kind_reviews_its_own_period_type(kind: str, period: object) -> None:
    with pytest.raises(r.ReviewRefused, match="does not cover") as refused:
        r.check_period(kind, period, dt.datetime(2031, 6, 1, tzinfo=ICT))  # type: ignore[arg-type]
    assert str(refused.value).startswith(f"{r.KINDS[kind][0]} không áp dụng cho kỳ")


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(r.ReviewRefused, match="unknown kind"):
        r.check_period("mid_term", year(2026), NEW_YEAR_2027)


def test_approved_once() -> None:
    assert r.approve("prepared") == "approved"
    assert r.approve("".join(["prep", "ared"])) == "approved", "as read from the database"
    for status in ("approved", "", "draft", "published", "zz"):
        with pytest.raises(r.NotApprovable, match="not awaiting approval"):
            r.approve(status)


def test_the_content_hash_is_of_canonical_json() -> None:
    a = {"b": [1, 2], "a": "Sơ kết"}
    assert r.content_hash(a) == r.content_hash({"a": "Sơ kết", "b": [1, 2]})
    assert r.content_hash(a) != r.content_hash({"a": "Sơ kết", "b": [2, 1]})
    expected = hashlib.sha256('{"a":"Sơ kết","b":[1,2]}'.encode()).hexdigest()
    assert r.content_hash(a) == expected


def test_in_period_is_start_inclusive_end_exclusive() -> None:
    y = year(2026)
    assert r.in_period(y.start, y) and not r.in_period(y.end, y)
    assert r.in_period(y.end - dt.timedelta(microseconds=1), y)
    assert not r.in_period(y.start - dt.timedelta(microseconds=1), y)
    assert not r.in_period(y.end + dt.timedelta(days=40), y)


def test_the_kinds_are_bilingual() -> None:
    assert all(vi and en and vi != en for vi, en, _type in r.KINDS.values())
