"""The labelled corpus, generated deterministically.

    python -m services.online_monitoring.domain.model.corpus

Every template of ``bank.py`` is filled a number of times from the phrase banks with a seeded
generator, then disguised the way sellers disguise posts (diacritics dropped, teen code, letters
spaced or dotted, digits for letters, emoji, capitals); legitimate posts get the same tricks, less
often, so a trick alone proves nothing. The hand-written examples (``handwritten.jsonl``) are added
as they are. Split by template, not by row: templates numbered 3, 7, 11... of each category, and the
hand-written examples of odd line number, are held out. Writes ``corpus.jsonl``; the same code and
seed give the same file byte for byte (a test checks).
"""

from __future__ import annotations

import json
import random
import re
import sys
import unicodedata
from pathlib import Path

from services.online_monitoring.domain.model.bank import BANKS, TEMPLATES
from services.online_monitoring.domain.normalise import strip_diacritics

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus.jsonl"
HANDWRITTEN = HERE / "handwritten.jsonl"
SEED = 20261204
VARIANTS = {"not_violating": 22}  # fills per template; the others get DEFAULT_VARIANTS
DEFAULT_VARIANTS = 12

# (pattern, replacement) of teen code as sellers and everyone else write it.
TEEN = (
    (r"\bem\b", "e"), (r"\bkhông\b", "ko"), (r"\bđược\b", "dc"), (r"\bnhắn tin\b", "ib"),
    (r"\banh\b", "a"), (r"\bkhông\b", "k"), (r"\bliên hệ\b", "lh"), (r"\bzalo\b", "zl"),
    (r"\bnhé\b", "nha"), (r"\bkhách sạn\b", "ks"), (r"\bqua đêm\b", "qđ"),
)  # fmt: skip
SPACEABLE = ("tàu", "massage", "sex", "gái", "zalo", "body", "clip", "nóng", "some", "khách", "kẹo")
LEETABLE = {"sex": "s3x", "gái": "g4i", "massage": "m4ss4ge", "clip": "cl1p", "nóng": "n0ng", "hàng": "h4ng"}
EMOJI = {
    "violating": ("🚢", "💦", "🔥", "💋", "🍑", "🔞", "💰", "📞", "😘", "🏩"),
    "legit": ("🌸", "✨", "💆", "🎤", "☕", "😂", "❤️", "📞", "👍", "🏨"),
}
# How often each trick is played on a violating post and on a legitimate one.
ODDS = {
    "violating": {"teen": 0.35, "spaced": 0.2, "leet": 0.15, "bare": 0.35, "emoji": 0.3, "upper": 0.08},
    "legit": {"teen": 0.3, "spaced": 0.03, "leet": 0.02, "bare": 0.3, "emoji": 0.25, "upper": 0.05},
}


def phone(rng: random.Random) -> str:
    """A made-up mobile number (000 in the middle), written one of the ways posts write them."""
    digits = f"0{rng.choice('35789')}{rng.randint(10, 99)}000{rng.randint(100, 999)}"
    style = rng.randrange(6)
    if style == 0:
        return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"
    if style == 1:
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    if style == 2:
        return f"+84 {digits[1:4]} {digits[4:7]} {digits[7:]}"
    if style == 3:
        return digits.replace("0", "o")
    if style == 4:
        words = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
        return " ".join(words[int(d)] for d in digits)
    return digits


def fill(template: str, rng: random.Random) -> str:
    def one(match: re.Match[str]) -> str:
        slot = match.group(1)
        return phone(rng) if slot == "phone" else rng.choice(BANKS[slot])

    return re.sub(r"\{(\w+)\}", one, template)


def spaced(word: str, rng: random.Random) -> str:
    return rng.choice((" ", ".", "-", "*")).join(word)


def disguise(text: str, rng: random.Random, kind: str) -> str:
    odds = ODDS[kind]
    if rng.random() < odds["teen"]:
        for pattern, short in rng.sample(TEEN, 3):
            text = re.sub(pattern, short, text, flags=re.IGNORECASE)
    present = [w for w in SPACEABLE if re.search(rf"\b{w}\b", text, re.IGNORECASE)]
    if present and rng.random() < odds["spaced"]:
        word = rng.choice(present)
        text = re.sub(rf"\b{word}\b", spaced(word, rng), text, count=1, flags=re.IGNORECASE)
    leet = [w for w in LEETABLE if re.search(rf"\b{w}\b", text, re.IGNORECASE)]
    if leet and rng.random() < odds["leet"]:
        word = rng.choice(leet)
        text = re.sub(rf"\b{word}\b", LEETABLE[word], text, flags=re.IGNORECASE)
    if rng.random() < odds["bare"]:
        text = strip_diacritics(text)
    if rng.random() < odds["emoji"]:
        marks = "".join(rng.sample(EMOJI[kind], 2))
        text = f"{marks} {text}" if rng.random() < 0.5 else f"{text} {marks}"
    if rng.random() < odds["upper"]:
        text = text.upper()
    return unicodedata.normalize("NFC", text)


def held_out(index: int) -> bool:
    return index % 4 == 3


def generated(rng: random.Random) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for category, templates in TEMPLATES.items():
        kind = "legit" if category == "not_violating" else "violating"
        for index, template in enumerate(templates):
            seen: set[str] = set()
            for n in range(VARIANTS.get(category, DEFAULT_VARIANTS)):
                text = disguise(fill(template, rng), rng, kind)
                if text in seen:
                    continue
                seen.add(text)
                rows.append({
                    "id": f"{category}/{index:02d}/{n:02d}", "category": category,
                    "split": "heldout" if held_out(index) else "train", "text": text,
                })  # fmt: skip
    return rows


def handwritten() -> list[dict[str, str]]:
    rows = []
    for number, line in enumerate(HANDWRITTEN.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        item = json.loads(line)
        split = "heldout" if number % 2 else "train"
        rows.append({"id": f"hand/{number:03d}", "category": item["category"], "split": split,
                     "text": unicodedata.normalize("NFC", item["text"])})  # fmt: skip
    return rows


def build() -> list[dict[str, str]]:
    rng = random.Random(SEED)  # noqa: S311 (a reproducible corpus, not a secret)
    rows = generated(rng) + handwritten()
    known = set(TEMPLATES)
    unknown = {r["category"] for r in rows} - known
    if unknown:
        raise ValueError(f"unknown categories in the corpus: {sorted(unknown)}")
    return rows


def dumps(rows: list[dict[str, str]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)


def load(path: Path = CORPUS) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> int:
    rows = build()
    CORPUS.write_text(dumps(rows), encoding="utf-8")
    counts: dict[str, int] = {}
    for r in rows:
        key = f"{r['category']}/{r['split']}"
        counts[key] = counts.get(key, 0) + 1
    for key in sorted(counts):
        sys.stdout.write(f"{key:40} {counts[key]:5}\n")
    sys.stdout.write(f"{len(rows)} items written to {CORPUS.name}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
