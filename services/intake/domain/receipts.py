"""Receipt codes for anonymous reporters: random, easy to write down, stored only as a keyed hash.

A code is 16 Crockford base-32 characters (80 random bits) shown as ``XXXX-XXXX-XXXX-XXXX``;
the alphabet has no I, L, O or U, and reading is forgiving (case, spaces, dashes, O→0, I/L→1).

Only ``HMAC-SHA256(key, code)`` is stored, with the id of the key (``ReceiptKeys``): deterministic,
so it can be looked up, and useless without the key, which lives in configuration, not in the
database. Guessing is already hopeless at 80 bits, so a slow hash would add nothing an attacker
notices, while 64 MiB of Argon2 per anonymous lookup let a few dozen of them exhaust the service's
memory. A lookup computes one HMAC per configured key (one, unless a key is being rotated out), the
same for a right, a wrong and a malformed code: a wrong code and one never issued look the same.

Codes issued before this scheme were stored as ``argon2id(code, deployment salt)`` (key id
``LEGACY_KEY_ID``); ``legacy_hash`` still reads them (see ``handlers.public``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32
LENGTH = 16
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
LEGACY_KEY_ID = "argon2"  # rows stored before keyed hashes: Argon2id with the deployment salt
MIN_KEY_BYTES = 32


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def normalise(code: str) -> str | None:
    """The canonical form of what a person typed, or None when it cannot be a code."""
    cleaned = "".join(ch for ch in code.upper() if ch not in " -_.").translate(_READ_AS)
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def _hashed_input(code: str) -> bytes:
    """What is hashed: the canonical code, or (so it costs the same) a capped marker of junk."""
    return (normalise(code) or ("!" + code[:64])).encode()


@dataclass(frozen=True)
class ReceiptKeys:
    """HMAC keys by id; new receipts use ``active``, lookups try every configured key."""

    keys: Mapping[str, bytes]
    active: str

    def __post_init__(self) -> None:
        if self.active not in self.keys:
            raise ValueError(f"active receipt key {self.active!r} is not configured")
        for kid, key in self.keys.items():
            if not kid or ":" in kid or kid == LEGACY_KEY_ID or len(kid) > 16:
                raise ValueError(f"receipt key id {kid!r}: 1-16 characters, no ':', not {LEGACY_KEY_ID!r}")
            if len(key) < MIN_KEY_BYTES:
                raise ValueError(f"receipt key {kid!r} must have at least {MIN_KEY_BYTES} bytes")

    @classmethod
    def from_config(cls, spec: str, active: str) -> ReceiptKeys:
        """``spec`` is ``kid:base64key,kid2:base64key2`` (as the field keys are written)."""
        keys: dict[str, bytes] = {}
        for part in filter(None, (p.strip() for p in spec.split(","))):
            kid, _, b64 = part.partition(":")
            keys[kid] = base64.b64decode(b64, validate=True)
        return cls(keys, active)

    def hash(self, code: str, kid: str | None = None) -> str:
        """The stored form of ``code`` under key ``kid`` (the active key by default)."""
        key = self.keys[kid or self.active]
        return hmac.new(key, _hashed_input(code), hashlib.sha256).hexdigest()

    def candidates(self, code: str) -> list[tuple[str, str]]:
        """``(key id, hash)`` under every configured key: what a lookup searches for."""
        return [(kid, self.hash(code, kid)) for kid in sorted(self.keys)]

    def has_key(self, key: bytes) -> bool:
        return any(hmac.compare_digest(key, k) for k in self.keys.values())

    def derived(self, purpose: str) -> bytes:
        """A key for another purpose (rate-limit addresses, idempotency keys), from the active key."""
        return hmac.new(self.keys[self.active], b"pcmd-derived:" + purpose.encode(), hashlib.sha256).digest()

    def keyed(self, purpose: str, value: str) -> str:
        """``value`` under the key derived for ``purpose``: stored instead of the value itself."""
        return hmac.new(self.derived(purpose), value.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class Work:
    """Argon2id parameters of the legacy receipts (RFC 9106's second option: t=3, 64 MiB, 1 lane)."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 1


WORK = Work()


def legacy_hash(code: str, salt: bytes, work: Work = WORK) -> str:
    """The stored form of a receipt issued before keyed hashes (slow: call it off the event loop)."""
    from argon2.low_level import Type, hash_secret_raw  # only legacy lookups load it

    digest = hash_secret_raw(
        _hashed_input(code),
        salt,
        time_cost=work.time_cost,
        memory_cost=work.memory_kib,
        parallelism=work.parallelism,
        hash_len=32,
        type=Type.ID,
    )
    return digest.hex()
