"""What the classifier looks at in a normalised post, and how each thing is said to a person.

Three families, each a name with a prefix:

- ``a:`` words and two-word phrases without diacritics (teen code undone), so "tau nhanh" and
  "tàu nhanh" meet;
- ``w:`` the phrases that have diacritics, as written: "tàu nhanh" says a little more than "tau
  nhanh" (which may be "tàu nhanh" or "tậu nhanh");
- ``p:`` patterns: a phone number with a price, a price per hour or per night, a contact app with
  a number or handle, a meeting place with a price, a birth year in teen code, work abroad with
  lures, and the tricks the normaliser undid.

Every feature is present or not (value 1). No feature holds a phone number: the normaliser has
already turned them into ``_phone_``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping

from services.online_monitoring.domain.normalise import (
    DURATION,
    HANDLE,
    PHONE,
    PRICE,
    URL,
    Normalised,
)

CONTACT_WORDS = frozenset({"zalo", "telegram", "messenger", "wechat", "line", "nhắn", "liên", "alo", "gọi"})
CONTACTS = frozenset({PHONE, HANDLE, URL})
PLACES = (
    ("khách", "sạn"), ("nhà", "nghỉ"), ("homestay",), ("phòng", "riêng"), ("tại", "nhà"),
    ("căn", "hộ"), ("phòng", "kín"), ("tận", "nơi"),
)  # fmt: skip
PER_TIME = frozenset({DURATION, "đêm", "shot", "lần", "some", "tiếng"})
ABROAD = frozenset({"campuchia", "trung", "malaysia", "đài", "dubai", "lào", "myanmar", "singapore", "ma"})
LURES = (
    ("bao", "vé"), ("ứng", "trước"), ("giấy", "tờ"), ("không", "cần"), ("việc", "nhẹ"), ("bao", "ăn"),
)  # fmt: skip
WINDOW = 4  # tokens between a price and its time, or an app and its number

PATTERNS_VI: dict[str, str] = {
    "phone+price": "số điện thoại kèm giá (phone number with a price)",
    "price_per_time": "giá theo giờ, lượt hoặc đêm (price per hour, per time or per night)",
    "contact_app": "mời liên hệ qua ứng dụng kèm số hoặc tài khoản (contact app with a number or handle)",
    "place+price": "địa điểm gặp kèm giá (meeting place with a price)",
    "abroad+lure": "việc ở nước ngoài kèm lời hứa bao vé, ứng tiền, lo giấy tờ (work abroad with lures)",
    "evasion:spaced": "chữ cách quãng hoặc chấm giữa các chữ cái (letters spaced out: “t à u”)",
    "evasion:leet": "chữ số hoặc ký hiệu thay chữ cái (digits for letters: “s3x”)",
    "evasion:teencode": "viết tắt kiểu teencode (teen code)",
    "evasion:emoji": "biểu tượng cảm xúc dùng làm ám hiệu (emoji used as code)",
    "evasion:no_diacritics": "viết không dấu (written without diacritics)",
}
TOKENS_VI: dict[str, str] = {
    "_phone_": "‹số điện thoại›",
    "_price_": "‹giá tiền›",
    "_duration_": "‹thời lượng›",
    "_url_": "‹đường dẫn›",
    "_handle_": "‹tài khoản @›",
    "_birthyear_": "‹năm sinh kiểu 2k›",
    "_adult_": "‹18+›",
    "_num_": "‹số›",
    "_az_": "“A-Z”",
    "_emo_tau_": "‹emoji tàu›",
    "_emo_sex_": "‹emoji gợi dục›",
    "_emo_hot_": "‹emoji nóng›",
    "_emo_kiss_": "‹emoji môi hôn›",
    "_emo_hotel_": "‹emoji khách sạn, giường›",
    "_emo_money_": "‹emoji tiền›",
    "_emo_phone_": "‹emoji điện thoại›",
}


def ngrams(tokens: tuple[str, ...]) -> Iterable[str]:
    yield from tokens
    for first, second in itertools.pairwise(tokens):
        yield f"{first} {second}"


def _near(tokens: tuple[str, ...], left: frozenset[str], right: frozenset[str]) -> bool:
    """Whether a token of ``left`` has a token of ``right`` at most WINDOW tokens after it (the two
    sets have no token in common, so the window may start at the token itself)."""
    return any(
        token in left and any(t in right for t in tokens[i : i + WINDOW + 1])
        for i, token in enumerate(tokens)
    )


def _has(tokens: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    """Whether the words of ``phrase`` follow each other in ``tokens``."""
    return f" {' '.join(phrase)} " in f" {' '.join(tokens)} "


def patterns(text: Normalised) -> set[str]:
    tokens = text.tokens
    found = {f"evasion:{e}" for e in text.evasions}
    if PHONE in tokens and PRICE in tokens:
        found.add("phone+price")
    if _near(tokens, frozenset({PRICE}), PER_TIME):
        found.add("price_per_time")
    if _near(tokens, CONTACT_WORDS, CONTACTS) or _near(tokens, CONTACTS, CONTACT_WORDS):
        found.add("contact_app")
    if PRICE in tokens and any(_has(tokens, place) for place in PLACES):
        found.add("place+price")
    if set(tokens) & ABROAD and any(_has(tokens, lure) for lure in LURES):
        found.add("abroad+lure")
    return found


def features(text: Normalised) -> set[str]:
    """The names of the features present in a normalised post."""
    plain = set(ngrams(text.plain))
    out = {f"a:{g}" for g in plain}
    out |= {f"w:{w}" for w in set(ngrams(text.tokens)) - plain}  # the phrases with diacritics
    out |= {f"p:{p}" for p in patterns(text)}
    return out


def describe(feature: str, written: Mapping[str, str] | None = None) -> str:
    """A feature as an officer reads it: the phrase in quotes (as the post wrote it, when ``written``
    maps its form without diacritics to that), a pattern token in angle brackets, or the pattern."""
    family, _, name = feature.partition(":")
    if family == "p":
        return PATTERNS_VI.get(name, name)
    name = {"a": written or {}}.get(family, {}).get(name, name)
    parts = [TOKENS_VI.get(t, t) for t in name.split()]
    if all(t in TOKENS_VI for t in name.split()):
        return " ".join(parts)
    return "“" + " ".join(p.strip("“”") for p in parts) + "”"


def written_forms(text: Normalised) -> dict[str, str]:
    """Each phrase without diacritics -> as the post wrote it (the first time)."""
    forms: dict[str, str] = {}
    grams = list(ngrams(text.tokens))
    for i, a in enumerate(ngrams(text.plain)):
        forms.setdefault(a, grams[i])
    return forms
