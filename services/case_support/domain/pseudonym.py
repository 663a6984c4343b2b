"""Client codes: a client is known by a code derived from a few stable facts, never by name.

**Facts.** The family name (họ), the given name (tên), the birth year and the mother's given name.
They go in, a code comes out; nothing here keeps them (``ClientFacts`` does not even print them).

**Normalisation**, so that two workers typing the same person get the same code:

- Unicode compatibility decomposition (NFKD), then every combining mark is dropped: diacritics are
  *removed*, always (``Nguyễn`` = ``Nguyen``; typed in NFC, NFD, VNI or Telex, or with no accents at
  all). Names differing only by their accents (``Lan``/``Lân``) share a code: a few more duplicates to
  look at, never a client split in two by a missing tone mark.
- ``đ``/``Đ`` become ``d`` (they have no decomposition); then case folding.
- Any run of characters that are not letters or digits (spaces, hyphens, dots, apostrophes) separates
  words; the words are letters and digits only.
- The family name is the *first* word of its field and a given name the *last* word of its field, so
  a middle name (tên đệm: ``Thị``, ``Văn``) given or left out does not matter, and a full name typed
  into a field still works: family ``Nguyễn``, given ``Thị Lan`` or ``Nguyễn Thị Lan`` → ``nguyen``,
  ``lan``.

**Code.** ``HMAC-SHA256(key, "pcmd-client-code/v1" NUL family US given US year US mother)``; the first
55 bits of the digest as 11 Crockford base-32 characters, then one check character (Luhn mod 32: it
catches every single mistyped character and every swap of two neighbours but ``0Z``/``Z0``), in fours:
``XXXX-XXXX-XXXX``. 55 bits keep accidental collisions negligible for any city (one chance in about
7,000 among a million clients). Reading a typed code is forgiving (case, spaces, dashes, O→0, I/L→1).

**Keys.** Client-code keys are configured by id (``CodeKeys``); new codes use the active one. The code
does not name its key: the record stores the key id next to it. The facts are not stored, so old codes
cannot be re-derived under a new key; during a rotation a lookup computes the code under every
configured key (``candidates``) and finds the client under either.

**Reporting pseudonym.** ``HMAC-SHA256(reporting key, "pcmd-reporting/v1" NUL code)`` in hex (128
bits): events for reporting carry it instead of the code, so reporting's read model cannot be joined
back to case-support records without the reporting key, which is a different key from every code key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32
BASE = len(ALPHABET)
DATA_CHARS = 11  # 55 bits
GROUP = 4
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_.]")
MIN_KEY_BYTES = 32
KEY_ID = re.compile(r"^[a-z0-9_-]{1,16}$")
FIRST_YEAR, LAST_YEAR = 1900, 2100
CODE_CONTEXT = b"pcmd-client-code/v1\x00"
REPORTING_CONTEXT = b"pcmd-reporting/v1\x00"
REPORTING_HEX = 32
_UNIT = "\x1f"


class InvalidFacts(ValueError):
    """Facts that cannot make a code: says which field, in Vietnamese and English (never the value)."""

    def __init__(self, field_name: str, message_vi: str, message_en: str) -> None:
        self.field_name = field_name
        super().__init__(f"{message_vi} / {message_en}")

    def problem_extras(self) -> dict[str, object]:
        return {"errors": [{"loc": ["body", self.field_name], "msg": str(self), "type": "invalid"}]}


@dataclass(frozen=True, slots=True)
class ClientFacts:
    """What the client tells, to derive the code; no field is ever printed (``repr`` hides them)."""

    family_name: str = field(repr=False)
    given_name: str = field(repr=False)
    birth_year: int = field(repr=False)
    mother_given_name: str = field(repr=False)


def fold(text: str) -> str:
    """Accents, đ, case and compatibility forms folded away (punctuation and spaces left)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "d").casefold()


def words(text: str) -> list[str]:
    """The words of a name after folding: runs of letters and digits."""
    folded = fold(text)
    return "".join(ch if ch.isalnum() else " " for ch in folded).split()


def canonical(facts: ClientFacts) -> bytes:
    """The message the code is the HMAC of (what two spellings of the same facts agree on)."""
    family, given, mother = words(facts.family_name), words(facts.given_name), words(facts.mother_given_name)
    if not family:
        raise InvalidFacts("family_name", "Thiếu họ", "The family name is missing")
    if not given:
        raise InvalidFacts("given_name", "Thiếu tên", "The given name is missing")
    if not mother:
        raise InvalidFacts("mother_given_name", "Thiếu tên mẹ", "The mother's given name is missing")
    year = facts.birth_year
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidFacts(
            "birth_year",
            f"Năm sinh phải từ {FIRST_YEAR} đến {LAST_YEAR}",
            f"The birth year must be from {FIRST_YEAR} to {LAST_YEAR}",
        )
    parts = (family[0], given[-1], str(year), mother[-1])
    return CODE_CONTEXT + _UNIT.join(parts).encode()


def check_char(payload: str) -> str:
    """Luhn mod 32 check character of a string over ``ALPHABET``."""
    total, factor = 0, 2
    for ch in reversed(payload):
        addend = factor * ALPHABET.index(ch)
        total += addend // BASE + addend % BASE
        factor = 3 - factor
    return ALPHABET[-total % BASE]


def _group(raw: str) -> str:
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def client_code(facts: ClientFacts, key: bytes) -> str:
    """The client's code under ``key``: ``XXXX-XXXX-XXXX`` (11 characters of digest and a check)."""
    digest = hmac.new(key, canonical(facts), hashlib.sha256).digest()
    bits = int.from_bytes(digest[:8], "big") >> (64 - 5 * DATA_CHARS)
    payload = "".join(ALPHABET[(bits >> (5 * i)) % BASE] for i in reversed(range(DATA_CHARS)))
    return _group(payload + check_char(payload))


def read_code(text: str) -> str | None:
    """The canonical form of a typed code, or None when it is not one (wrong length, letter or check)."""
    raw = _SEPARATORS.sub("", text.upper()).translate(_READ_AS)
    if len(raw) != DATA_CHARS + 1 or any(ch not in ALPHABET for ch in raw):
        return None
    if check_char(raw[:-1]) != raw[-1]:
        return None
    return _group(raw)


def reporting_pseudonym(code: str, key: bytes) -> str:
    """What events for reporting carry instead of the code: its keyed hash under the reporting key."""
    canonical_code = read_code(code)
    if canonical_code is None:
        raise InvalidFacts("client_code", "Mã thân chủ không hợp lệ", "Not a client code")
    digest = hmac.new(key, REPORTING_CONTEXT + canonical_code.encode(), hashlib.sha256).hexdigest()
    return digest[:REPORTING_HEX]


@dataclass(frozen=True)
class CodeKeys:
    """The configured keys: client-code keys by id (new codes use ``active``) and the reporting key."""

    keys: Mapping[str, bytes] = field(repr=False)
    active: str
    reporting_key: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if self.active not in self.keys:
            raise ValueError(f"active client-code key {self.active!r} is not configured")
        for kid, key in self.keys.items():
            if not KEY_ID.match(kid):
                raise ValueError(f"client-code key id {kid!r}: 1-16 of a-z, 0-9, '_' and '-'")
            if len(key) < MIN_KEY_BYTES:
                raise ValueError(f"client-code key {kid!r} must have at least {MIN_KEY_BYTES} bytes")
            if hmac.compare_digest(key, self.reporting_key):
                raise ValueError(f"the reporting key must differ from client-code key {kid!r}")
        if len(self.reporting_key) < MIN_KEY_BYTES:
            raise ValueError(f"the reporting key must have at least {MIN_KEY_BYTES} bytes")

    @classmethod
    def from_config(cls, spec: str, active: str, reporting_b64: str) -> CodeKeys:
        """``spec`` is ``kid:base64key,kid2:base64key2``; the reporting key is base64 too."""
        keys: dict[str, bytes] = {}
        for part in filter(None, (p.strip() for p in spec.split(","))):
            kid, _, b64 = part.partition(":")
            keys[kid] = base64.b64decode(b64, validate=True)
        return cls(keys, active, base64.b64decode(reporting_b64, validate=True))

    def code(self, facts: ClientFacts) -> tuple[str, str]:
        """``(key id, code)`` of a client under the active key: what an enrolment stores."""
        return self.active, client_code(facts, self.keys[self.active])

    def candidates(self, facts: ClientFacts) -> list[tuple[str, str]]:
        """``(key id, code)`` under every configured key: what a duplicate check searches for."""
        return [(kid, client_code(facts, self.keys[kid])) for kid in sorted(self.keys)]

    def reporting(self, code: str) -> str:
        return reporting_pseudonym(code, self.reporting_key)
