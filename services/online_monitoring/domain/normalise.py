"""Vietnamese text as the classifier reads it: the tricks of sellers undone, personal data removed.

Posts that advertise sex for money are written to slip past filters: no diacritics ("tau nhanh"),
letters spaced or dotted ("t à u", "m.a.s.s.a.g.e"), digits for letters ("s3x", "g4i"), teen code
("e" for em, "ko" for không, "ib" for nhắn tin), emoji as code (🚢 for "tàu"), prices in slang
("1tr5", "5 lít", "ba củ") and phone numbers split or spelt out. ``normalise`` undoes these and
gives the tokens twice: with their diacritics and without. Phone numbers, prices, durations, links
and handles become pattern tokens (``_phone_``...): a phone number is personal data, so none reaches
a feature or a reason.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

PHONE = "_phone_"
PRICE = "_price_"
DURATION = "_duration_"
URL = "_url_"
HANDLE = "_handle_"
BIRTH_YEAR = "_birthyear_"  # teen code for a birth year: "2k5" is born in 2005
ADULT = "_adult_"  # "18+", 🔞
NUMBER = "_num_"
A_TO_Z = "_az_"  # "từ A đến Z": every service

# Emoji used as code in such posts, and the token each stands for; every other symbol is dropped.
EMOJI: dict[str, str] = {
    "🚢": "_emo_tau_", "🛳": "_emo_tau_", "⛴": "_emo_tau_", "🚤": "_emo_tau_", "🚀": "_emo_tau_",
    "🍑": "_emo_sex_", "🍒": "_emo_sex_", "🍆": "_emo_sex_", "💦": "_emo_sex_", "👅": "_emo_sex_",
    "🔥": "_emo_hot_", "🌶": "_emo_hot_", "💋": "_emo_kiss_", "👄": "_emo_kiss_",
    "🏩": "_emo_hotel_", "🏨": "_emo_hotel_", "🛏": "_emo_hotel_", "🛌": "_emo_hotel_",
    "💰": "_emo_money_", "💵": "_emo_money_", "💸": "_emo_money_", "🤑": "_emo_money_",
    "📞": "_emo_phone_", "☎": "_emo_phone_", "📱": "_emo_phone_", "🔞": ADULT,
}  # fmt: skip

# Teen code and slang of such posts, token for token (after prices and durations are taken).
TEENCODE: dict[str, str] = {
    "e": "em", "a": "anh", "ah": "anh", "ae": "anh em",
    "ko": "không", "k": "không", "kg": "không", "kh": "không", "hok": "không", "hông": "không",
    "khum": "không", "hem": "không",
    "dc": "được", "đc": "được", "j": "gì", "ji": "gì", "bn": "bao nhiêu",
    "bnh": "bao nhiêu", "ib": "nhắn tin", "lh": "liên hệ", "đt": "điện thoại", "inbox": "nhắn tin",
    "ibx": "nhắn tin", "rep": "trả lời",
    "sdt": "số điện thoại", "sđt": "số điện thoại", "zl": "zalo", "dalo": "zalo",
    "tele": "telegram", "ks": "khách sạn", "nn": "nhà nghỉ", "mk": "mình",
    "mn": "mọi người", "ny": "người yêu", "ck": "chồng", "vk": "vợ", "sv": "sinh viên",
    "hs": "học sinh", "fb": "facebook", "face": "facebook", "qđ": "qua đêm", "qd": "qua đêm",
    "bít": "biết", "thik": "thích", "iu": "yêu", "nhìu": "nhiều", "nhiu": "nhiều",
    "ms": "mới", "mún": "muốn", "wa": "qua", "qa": "qua", "z": "vậy", "zậy": "vậy",
    "dzậy": "vậy", "nha": "nhé", "nhe": "nhé", "ntn": "như thế nào", "oke": "ok",
    "okela": "ok", "rùi": "rồi", "ròi": "rồi", "nhoa": "nhé", "pé": "bé", "xink": "xinh",
    "xynh": "xinh", "sẹc": "sex",
    "sếch": "sex", "xếch": "sex", "secx": "sex", "seggs": "sex", "sếc": "sex",
    "fwb": "bạn tình", "sgbb": "sugar baby", "sd": "sugar daddy",
}  # fmt: skip

SYMBOLS = {"@": "a", "$": "s"}  # symbols for letters next to a letter: "m@ssage", "ma$$age"
LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})

_DIGIT_WORDS = (
    "không|khong|một|mot|mốt|hai|ba|bốn|bon|tư|năm|nam|lăm|sáu|sau|bảy|bẩy|bay|tám|tam|chín|chin|linh"
)
_NUMBER_WORDS = rf"(?:{_DIGIT_WORDS})(?:\s+(?:{_DIGIT_WORDS}|mươi|muoi|trăm|tram|lẻ|le)){{0,6}}"  # bounded
_UNITS = r"k|nghìn|nghin|ngàn|ngan|tr|triệu|trieu|củ|cu|lít|lit|xị|xi|vnđ|vnd|đồng|dong|đ|usd|\$|trăm|tram"
_DURATIONS = r"h|giờ|gio|tiếng|tieng|p|phút|phut|shot|short|lần|lan|nháy|nhay|đêm|dem"

_URL = re.compile(r"(?:https?://|www\.)\S+|\b(?:t\.me|zalo\.me|fb\.com|bit\.ly)/\S+")
_HANDLE = re.compile(r"(?<!\w)@[a-z0-9_.]{3,}")
_PHONEISH = re.compile(r"(?<![\w])(?:\+?84|[0o])[0-9oli](?:[\s.\-]*[0-9oli]){7,9}(?![\w])")  # "o9l2 345 678"
_A_TO_Z = re.compile(r"(?<!\w)a\s*(?:-|–|đến|den|tới|toi)\s*z(?!\w)")  # "phục vụ A-Z"
_PHONE = re.compile(r"(?<![\d\w])(?:\+?84|0)(?:[\s.\-]*\d){8,10}(?![\d\w])")
_PHONE_WORDS = re.compile(rf"(?<!\w)(?:(?:{_DIGIT_WORDS})[\s,.\-]*){{9,11}}(?!\w)")
_ADULT = re.compile(r"(?<!\d)18\s*\+")
_BIRTH_YEAR = re.compile(r"(?<![\w])2k[0-9](?![\w])")
_PRICE = re.compile(
    rf"(?<![\w])(?:\d+(?:[.,]\d+)*|{_NUMBER_WORDS})\s*(?:{_UNITS})(?:\d+|\s+rưỡi|\s+ruoi)?(?![^\W\d_])"
)
_BIG_AMOUNT = re.compile(r"(?<![\w.,])\d{1,3}(?:[.,]\d{3}){1,3}(?![\w])")  # 500.000 or 1,500,000
_DURATION = re.compile(rf"(?<![\w])\d+\s*(?:{_DURATIONS})(?![^\W\d_])|/\s*(?:{_DURATIONS})(?![^\W\d_])")
_SPACED = re.compile(r"(?<![\w])(?:[^\W\d_][ .\-*_]){2,}[^\W\d_](?![\w])")
_REPEAT = re.compile(r"([^\W\d_x])\1{2,}")  # "emmmm" -> "em" ("xxx" is kept)
_LEET = re.compile(r"[^\W\d_][0-9][0-9]?[^\W\d_]")  # a digit inside a word: "s3x", "g4i", not "q7"
_MARKED = re.compile(r"[^\x00-\x7f]")  # a letter with a diacritic (or any letter beyond ASCII)
_GLUED = re.compile(r"(?<=[^\W\d_])(?=\d{7})|(?<=\d{7})(?=[^\W\d_])")  # "zalo0912345678"
_TOKEN = re.compile(r"\w+")
MAX_SPACED = 48  # letters spaced out beyond this are joined but not cut into syllables
_VOWELS = re.compile("[aăâeêioôơuưyàằầèềìòồờùừỳáắấéếíóốớúứýảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹạặậẹệịọộợụựỵ]+")
_INVISIBLE = re.compile(r"(?<=[^\W\d_])[\u200b\u200c\u200d\u2060\ufeff\u00ad]+(?=[^\W\d_])")
_SYMBOL = re.compile(r"(?<=[^\W\d_])[@$]|[@$](?=[^\W\d_])")  # "m@ssage", "ma$$age"
_ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", *"bcdđghklmnpqrstvx", "")
_CODAS = ("", "c", "m", "n", "p", "t", "ch", "ng", "nh")


@dataclass(frozen=True)
class Normalised:
    tokens: tuple[str, ...]  # lower case, with diacritics, pattern tokens in place
    plain: tuple[str, ...]  # the same tokens without diacritics
    evasions: frozenset[str]  # the tricks undone: spaced, leet, teencode, emoji, no_diacritics


def strip_diacritics(text: str) -> str:
    """'Tàu nhanh qua đêm' -> 'Tau nhanh qua dem' (đ is a letter of its own, not a mark)."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D")


def syllables(word: str) -> tuple[str, ...] | None:
    """A run of letters cut into Vietnamese syllables ('tàunhanh' -> tàu, nhanh), or None when it
    cannot be (an English word like 'massage'). Consonants go to the next syllable when they can."""
    return _cut(word, {})


def _cut(word: str, known: dict[str, tuple[str, ...] | None]) -> tuple[str, ...] | None:
    """``syllables``, remembering the cut of each rest of the word (a failing word is not retried)."""
    if not word:
        return ()
    if word in known:
        return known[word]
    found: tuple[str, ...] | None = None
    for onset in _ONSETS:
        vowels = _VOWELS.match(word, len(onset)) if word.startswith(onset) else None
        if vowels is None:
            continue
        for coda in _CODAS:
            end = vowels.end() + len(coda)
            if found is None and word.startswith(coda, vowels.end()):
                rest = _cut(word[end:], known)
                found = None if rest is None else (word[:end], *rest)
    known[word] = found
    return found


def _join_spaced(match: re.Match[str]) -> str:
    letters = re.sub(r"[ .\-*_]", "", match.group(0))
    cut = syllables(letters) if len(letters) <= MAX_SPACED else None
    return " ".join(cut) if cut else letters


def _emoji(text: str) -> tuple[str, bool]:
    out, found = [], False
    for char in text:
        if char in EMOJI:
            out.append(f" {EMOJI[char]} ")
            found = True
        elif unicodedata.category(char) in ("So", "Sk", "Cs", "Co", "Cf"):
            out.append(" ")  # other pictographs, skin tones, joiners and invisible marks: dropped
        else:
            out.append(char)
    return "".join(out), found


def _patterns(text: str) -> str:
    """Links, handles, phone numbers, ages, prices and durations become pattern tokens."""
    text = _URL.sub(f" {URL} ", text)
    text = _HANDLE.sub(f" {HANDLE} ", text)
    text = _PHONEISH.sub(_digits_for_letters, text)
    text = _GLUED.sub(" ", text)
    text = _PHONE.sub(f" {PHONE} ", text)
    text = _PHONE_WORDS.sub(f" {PHONE} ", text)
    text = _ADULT.sub(f" {ADULT} ", text)
    text = _BIRTH_YEAR.sub(f" {BIRTH_YEAR} ", text)
    text = _PRICE.sub(f" {PRICE} ", text)
    text = _BIG_AMOUNT.sub(f" {PRICE} ", text)
    text = _A_TO_Z.sub(f" {A_TO_Z} ", text)
    return _DURATION.sub(f" {DURATION} ", text)


def _digits_for_letters(match: re.Match[str]) -> str:
    """A phone number with o for 0 and l or i for 1, once it has four true digits."""
    found = match.group(0)
    if sum(c.isdigit() for c in found) < 4:
        return found
    return found.replace("o", "0").replace("l", "1").replace("i", "1")


def _token(raw: str, evasions: set[str]) -> list[str]:
    if raw.startswith("_") and raw.endswith("_"):
        return [raw]
    if raw.isdigit():
        return [NUMBER]
    word = raw
    if sum(c.isdigit() for c in word) >= 5:  # what is left of a number glued to letters
        return [NUMBER]
    if _LEET.search(word):
        word = word.translate(LEET)
        evasions.add("leet")
    mapped = TEENCODE.get(word)
    if mapped is not None:
        evasions.add("teencode")
        return mapped.split()
    return [word]


def normalise(text: str) -> Normalised:
    """The tokens of a post with and without diacritics, and which evasions were undone."""
    evasions: set[str] = set()
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFKC", text)).lower()
    text, hidden = _INVISIBLE.subn("", text)  # "tà\u200bu": a word cut by an invisible character
    text, had_emoji = _emoji(text)
    if had_emoji:
        evasions.add("emoji")
    text, symbols = _SYMBOL.subn(lambda m: SYMBOLS[m.group(0)], _patterns(text))
    if symbols:
        evasions.add("leet")
    text, spaced = _SPACED.subn(_join_spaced, text)
    if spaced or hidden:
        evasions.add("spaced")
    tokens: list[str] = []
    for raw in _TOKEN.findall(_REPEAT.sub(r"\1", text)):
        tokens.extend(_token(raw, evasions))
    plain = tuple(strip_diacritics(t) for t in tokens)
    words = [t for t in tokens if not t.startswith("_")]
    if len(words) >= 4 and not any(_MARKED.search(w) for w in words):
        evasions.add("no_diacritics")
    return Normalised(tuple(tokens), plain, frozenset(evasions))
