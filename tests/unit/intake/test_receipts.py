"""Receipt codes: easy to write down, forgiving to read back, stored only as a slow hash."""

from __future__ import annotations

import re

import pytest

from services.intake.domain.deadlines import DeadlineRules
from services.intake.domain.receipts import ALPHABET, LENGTH, WORK, Work, code_hash, new_code, normalise
from services.intake.handlers import public
from services.intake.handlers.deps import IntakeDeps
from tests.unit.intake.fakes import FakeIntakeUnitOfWork

FAST = Work(time_cost=1, memory_kib=8, parallelism=1)
SALT = b"unit-test-salt-0123"


def test_codes_are_grouped_crockford_base32_with_80_random_bits() -> None:
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{4}-){3}[0-9A-HJKMNP-TV-Z]{4}", c) for c in codes)
    assert len(ALPHABET) ** LENGTH == 2**80
    assert not set("ILOU") & set(ALPHABET)


def test_reading_back_forgives_case_spaces_and_look_alikes() -> None:
    assert normalise("abcd efgh-jkmn.pq01") == "ABCDEFGHJKMNPQ01"
    assert normalise("OOOO-IIII-LLLL-0000") == "0000111111110000"
    assert normalise("ABCD-EFGH") is None
    assert normalise("ABCD-EFGH-JKMN-PQU1") is None  # U is not in the alphabet


def test_hash_is_deterministic_salted_and_not_the_code() -> None:
    code = new_code()
    h = code_hash(code, SALT, FAST)
    assert h == code_hash(code.lower().replace("-", " "), SALT, FAST)
    assert h != code_hash(code, b"another-salt-012345", FAST)
    assert normalise(code) not in h and len(h) == 64


def test_a_malformed_code_costs_a_hash_too_and_matches_nothing() -> None:
    assert code_hash("hello", SALT, FAST) != code_hash("hello!", SALT, FAST)
    assert code_hash("x" * 10_000, SALT, FAST) == code_hash("x" * 64, SALT, FAST)  # input is capped


def test_production_work_factor_is_argon2id_t3_64mib() -> None:
    assert (WORK.time_cost, WORK.memory_kib, WORK.parallelism) == (3, 65536, 1)


@pytest.mark.parametrize("code", ["wrong", "0000-0000-0000-0000", new_code()])
async def test_every_lookup_computes_exactly_one_hash(monkeypatch: pytest.MonkeyPatch, code: str) -> None:
    """Right, wrong or malformed: the same work before the same lookup."""
    calls: list[str] = []

    def spy(value: str, salt: bytes, work: Work = FAST) -> str:
        calls.append(value)
        return code_hash(value, salt, FAST)

    monkeypatch.setattr(public, "code_hash", spy)
    deps = IntakeDeps(rules=DeadlineRules(), receipt_salt=SALT)
    assert await public.public_status(FakeIntakeUnitOfWork(), deps, code) is None
    assert calls == [code]
