"""The classifier's features: both views of the words, each pattern at its edges, and how a feature
is said to an officer (never with a phone number)."""

from __future__ import annotations

import pytest

from services.online_monitoring.domain.features import (
    PATTERNS_VI,
    TOKENS_VI,
    WINDOW,
    describe,
    features,
    ngrams,
    patterns,
    written_forms,
)
from services.online_monitoring.domain.normalise import normalise


def test_words_and_pairs_without_diacritics_and_as_written_when_they_differ() -> None:
    assert features(normalise("Tàu nhanh 500k")) == {
        "a:tau", "a:nhanh", "a:_price_", "a:tau nhanh", "a:nhanh _price_", "w:tàu", "w:tàu nhanh",
    }  # fmt: skip
    assert features(normalise("tau nhanh")) == {"a:tau", "a:nhanh", "a:tau nhanh"}
    assert features(normalise("")) == set()


def test_ngrams_are_the_words_then_the_pairs() -> None:
    assert list(ngrams(("a", "b", "c"))) == ["a", "b", "c", "a b", "b c"]
    assert list(ngrams(("a",))) == ["a"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("zalo 0912000678 giá 500k", {"contact_app", "phone+price"}),
        ("gọi 0912000678", {"contact_app"}),
        ("0912000678 nhắn em", {"contact_app"}),
        ("0912000678", set()),
        ("giá 500k", set()),
        ("zalo em nhé", set()),
        ("500k/1h", {"price_per_time"}),
        ("500k qua đêm", {"price_per_time"}),
        ("1h 500k", set()),  # the time before the price is not a price per time
        ("500k một shot", {"price_per_time"}),
        ("khách sạn 500k", {"place+price"}),
        ("nhà nghỉ sạch", set()),
        ("500k tận nơi", {"place+price"}),
        ("sang Campuchia bao vé máy bay", {"abroad+lure"}),
        ("sang Campuchia du lịch", set()),
        ("bao vé máy bay", set()),
        ("Lào việc nhẹ lương cao", {"abroad+lure"}),
        ("đi Dubai không cần kinh nghiệm", {"abroad+lure"}),
        ("t à u", {"evasion:spaced"}),
        ("s3x", {"evasion:leet"}),
        ("ko", {"evasion:teencode"}),
        ("🚢", {"evasion:emoji"}),
        ("di tau nhanh khong", {"evasion:no_diacritics"}),
    ],
)
def test_patterns(text: str, found: set[str]) -> None:
    assert patterns(normalise(text)) == found


def test_a_price_and_its_time_or_an_app_and_its_number_are_at_most_four_tokens_apart() -> None:
    assert WINDOW == 4
    assert "price_per_time" in patterns(normalise("500k anh ơi em 1h"))
    assert "price_per_time" not in patterns(normalise("500k anh ơi em đây 1h"))
    assert "contact_app" in patterns(normalise("zalo anh ơi em 0912000678"))
    assert "contact_app" not in patterns(normalise("zalo anh ơi em đây 0912000678"))
    assert "contact_app" in patterns(normalise("0912000678 anh ơi em zalo"))
    assert "contact_app" not in patterns(normalise("0912000678 anh ơi em đây zalo"))


def test_every_pattern_has_its_words_and_every_feature_is_prefixed() -> None:
    text = normalise("🚢 t à u 500k/1h khách sạn zalo 0912000678, s3x ko, sang Lào bao ăn ở")
    assert {f"p:{p}" for p in patterns(text)} <= features(text)
    assert all(f.split(":", 1)[0] in {"a", "w", "p"} for f in features(text))
    assert all(p in PATTERNS_VI for p in patterns(text))
    assert len(patterns(text)) == 9


@pytest.mark.parametrize(
    ("feature", "said"),
    [
        ("w:tàu nhanh", "“tàu nhanh”"),
        ("a:tau nhanh", "“tau nhanh”"),
        ("a:_price_", "‹giá tiền›"),
        ("a:_price_ _duration_", "‹giá tiền› ‹thời lượng›"),
        ("a:lương _price_", "“lương ‹giá tiền›”"),
        ("a:full _az_", "“full A-Z”"),
        ("a:_az_", "“A-Z”"),
        ("p:phone+price", "số điện thoại kèm giá (phone number with a price)"),
        ("p:unknown", "unknown"),
    ],
)
def test_a_feature_as_an_officer_reads_it(feature: str, said: str) -> None:
    assert describe(feature) == said


def test_a_phrase_is_said_as_the_post_wrote_it() -> None:
    text = normalise("Tàu nhanh 500k")
    forms = written_forms(text)
    assert forms == {
        "tau": "tàu", "nhanh": "nhanh", "_price_": "_price_", "tau nhanh": "tàu nhanh",
        "nhanh _price_": "nhanh _price_",
    }  # fmt: skip
    assert describe("a:tau nhanh", forms) == "“tàu nhanh”"
    assert describe("a:nhanh _price_", forms) == "“nhanh ‹giá tiền›”"
    assert describe("a:xa lạ", forms) == "“xa lạ”"
    assert describe("w:tàu", {"tàu": "tau"}) == "“tàu”"  # only the view without diacritics is rewritten


def test_the_first_written_form_wins() -> None:
    assert written_forms(normalise("tàu tau tậu"))["tau"] == "tàu"


def test_no_token_shown_holds_more_than_two_digits() -> None:
    assert all(sum(c.isdigit() for c in said) <= 2 for said in TOKENS_VI.values())


def test_a_place_is_its_words_in_a_row() -> None:
    assert patterns(normalise("500k phòng riêng")) == {"place+price"}
    assert patterns(normalise("500k phòng xinh riêng")) == set()
    assert patterns(normalise("500k riêng phòng")) == set()
    assert patterns(normalise("500k phòngriêng")) == set()
