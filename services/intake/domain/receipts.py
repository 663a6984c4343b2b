"""Receipt codes for anonymous reporters: random, easy to write down, stored only as a slow hash.

A code is 16 Crockford base-32 characters (80 random bits) shown as ``XXXX-XXXX-XXXX-XXXX``;
the alphabet has no I, L, O or U, and reading is forgiving (case, spaces, dashes, O→0, I/L→1).
Only ``argon2id(code, deployment salt)`` is stored: deterministic, so it can be looked up, and
slow, so trying codes costs a full Argon2 evaluation each (see ``WORK``). Every lookup, right or
wrong, computes exactly one hash; a wrong code and a code that never existed look the same.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32
LENGTH = 16
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


@dataclass(frozen=True, slots=True)
class Work:
    """Argon2id parameters (RFC 9106's second recommended option: t=3, 64 MiB, 1 lane)."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 1


WORK = Work()


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def normalise(code: str) -> str | None:
    """The canonical form of what a person typed, or None when it cannot be a code."""
    cleaned = "".join(ch for ch in code.upper() if ch not in " -_.").translate(_READ_AS)
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def code_hash(code: str, salt: bytes, work: Work = WORK) -> str:
    """The stored form. A malformed code is hashed too, so it takes as long as a real one."""
    canonical = normalise(code) or ("!" + code[:64])
    digest = hash_secret_raw(
        canonical.encode(),
        salt,
        time_cost=work.time_cost,
        memory_cost=work.memory_kib,
        parallelism=work.parallelism,
        hash_len=32,
        type=Type.ID,
    )
    return digest.hex()
