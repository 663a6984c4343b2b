"""Receipt codes: easy to write down, forgiving to read back, stored only as a keyed hash; lookups
cheap enough that anonymous callers cannot exhaust the service (Argon2 only for legacy receipts)."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import datetime as dt
import hashlib
import hmac
import re
import threading
import time
import uuid

import pytest
from cryptography.exceptions import InvalidTag

from services.intake.domain import Channel, SubjectType, TipKind
from services.intake.domain.deadlines import DeadlineRules
from services.intake.domain.receipts import (
    ALPHABET,
    LEGACY_KEY_ID,
    LENGTH,
    WORK,
    ReceiptKeys,
    Work,
    legacy_hash,
    new_code,
    normalise,
)
from services.intake.handlers import public
from services.intake.handlers.commands import PrivateDetails, ReceiveTip
from services.intake.handlers.deps import IntakeDeps
from services.intake.settings import DEV_RECEIPT_KEY, DEV_RECEIPT_KEYS, IntakeSettings
from tests.unit.intake.fakes import FakeIntakeUnitOfWork

FAST = Work(time_cost=1, memory_kib=8, parallelism=1)
SALT = b"unit-test-salt-0123"
KEYS = ReceiptKeys({"k1": b"k" * 32}, "k1")
TIP = ReceiveTip(
    kind=TipKind.REPORT,
    channel=Channel.WEB_FORM,
    subject_type=SubjectType.PLACE,
    residential_group="tdp-1",
    establishment_id=None,
    private=PrivateDetails(description="Có dấu hiệu môi giới"),
)


def deps(keys: ReceiptKeys = KEYS) -> IntakeDeps:
    return IntakeDeps(rules=DeadlineRules(), receipt_salt=SALT, receipt_keys=keys)


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


def test_the_stored_hash_is_keyed_deterministic_and_not_the_code() -> None:
    code = new_code()
    h = KEYS.hash(code)
    assert h == KEYS.hash(code.lower().replace("-", " "))
    assert h != ReceiptKeys({"k1": b"x" * 32}, "k1").hash(code), "another key, another hash"
    assert normalise(code) not in h and len(h) == 64
    assert KEYS.hash("hello") != KEYS.hash("hello!")
    assert KEYS.hash("x" * 10_000) == KEYS.hash("x" * 64)  # input is capped


def test_a_hash_is_one_hmac_sha256_of_the_canonical_code_not_a_slow_kdf() -> None:
    # A code has 80 bits of randomness: a keyed hash is enough, and a lookup must stay cheap (a slow
    # KDF per lookup would let a few requests a second occupy a core). The form, not a clock, says so.
    code = new_code()
    expected = hmac.new(b"k" * 32, normalise(code).encode(), hashlib.sha256).hexdigest()
    assert KEYS.hash(code) == KEYS.hash(code.lower()) == expected


def test_keys_are_configured_with_ids_for_rotation() -> None:
    keys = ReceiptKeys.from_config(
        f"old:{base64.b64encode(b'o' * 32).decode()},new:{base64.b64encode(b'n' * 32).decode()}", "new"
    )
    code = new_code()
    assert keys.hash(code) == keys.hash(code, "new") != keys.hash(code, "old")
    assert keys.candidates(code) == [("new", keys.hash(code, "new")), ("old", keys.hash(code, "old"))]
    for spec, active in (("k1:" + base64.b64encode(b"short").decode(), "k1"), (DEV_RECEIPT_KEYS, "k9")):
        with pytest.raises(ValueError):
            ReceiptKeys.from_config(spec, active)
    with pytest.raises(ValueError):
        ReceiptKeys({LEGACY_KEY_ID: b"k" * 32}, LEGACY_KEY_ID)


def test_production_refuses_the_development_receipt_key() -> None:
    """Checked on its own: the platform's other production checks are the platform's tests."""
    real = {"receipt_salt": "a-real-salt-0123456", "receipt_key_id": "p1"}
    dev = IntakeSettings.model_construct(env="production", **real, receipt_keys=f"p1:{DEV_RECEIPT_KEY}")
    with pytest.raises(ValueError, match="RECEIPT_KEYS"):
        dev._refuse_development_receipt_secrets_in_production()
    key = base64.b64encode(b"r" * 32).decode()
    settings = IntakeSettings.model_construct(env="production", **real, receipt_keys=f"p1:{key}")
    assert settings._refuse_development_receipt_secrets_in_production() is settings
    with pytest.raises(ValueError, match="production"):
        IntakeSettings(env="production")  # development secrets everywhere


def test_legacy_work_factor_is_argon2id_t3_64mib() -> None:
    assert (WORK.time_cost, WORK.memory_kib, WORK.parallelism) == (3, 65536, 1)


@pytest.fixture
def no_argon2(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Fails a test whose lookup would run Argon2 or use the thread pool."""
    calls: list[str] = []

    def refused(code: str, salt: bytes, work: Work = WORK) -> str:
        calls.append(code)
        raise AssertionError("Argon2 ran")

    monkeypatch.setattr(public, "legacy_hash", refused)
    monkeypatch.setattr(asyncio, "to_thread", refused)
    return calls


@pytest.mark.parametrize("code", ["wrong", "0000-0000-0000-0000", "issued"])
async def test_every_lookup_computes_exactly_one_keyed_hash_and_no_argon2(
    monkeypatch: pytest.MonkeyPatch, no_argon2: list[str], code: str
) -> None:
    """Right, wrong or malformed: the same work before the same lookup, none of it Argon2."""
    uow, d = FakeIntakeUnitOfWork(), deps()
    stored, _ = await public.submit_anonymous(uow, d, TIP, None)
    code = stored.body["receipt_code"] if code == "issued" else code
    calls: list[str] = []
    real = ReceiptKeys.hash

    def spy(self: ReceiptKeys, value: str, kid: str | None = None) -> str:
        calls.append(value)
        return real(self, value, kid)

    monkeypatch.setattr(ReceiptKeys, "hash", spy)
    found = await public.public_status(uow, d, code)
    assert (found is not None) == (code == stored.body["receipt_code"])
    assert calls == [code] and no_argon2 == []


async def test_twenty_concurrent_lookups_need_no_thread_and_no_memory(no_argon2: list[str]) -> None:
    uow_factory, d = FakeIntakeUnitOfWork, deps()
    answers = await asyncio.gather(*(public.public_status(uow_factory(), d, new_code()) for _ in range(20)))
    assert answers == [None] * 20 and no_argon2 == []


def fast_legacy(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []

    def fast(code: str, salt: bytes, work: Work = WORK) -> str:
        calls.append(code)
        return legacy_hash(code, salt, FAST)

    monkeypatch.setattr(public, "legacy_hash", fast)
    return calls


async def test_a_legacy_receipt_stays_readable_and_is_rehashed_on_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = fast_legacy(monkeypatch)
    uow, d = FakeIntakeUnitOfWork(), deps()
    stored, _ = await public.submit_anonymous(uow, d, TIP, None)
    code = stored.body["receipt_code"]
    ((_, tip_id),) = uow.tables["receipts"].items()
    uow.tables["receipts"].clear()
    uow.tables["receipts"][(LEGACY_KEY_ID, legacy_hash(code, SALT, FAST))] = tip_id  # as stored before

    assert await public.public_status(uow, d, code) is not None
    assert calls == [code]
    assert uow.tables["receipts"] == {("k1", KEYS.hash(code)): tip_id}, "stored again under the key"
    assert await public.add_information(uow, d, code, "thêm")
    assert calls == [code], "the second use is a keyed lookup only"


async def test_while_legacy_receipts_exist_a_miss_costs_one_argon2_one_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    d = deps()

    def with_legacy() -> FakeIntakeUnitOfWork:
        uow = FakeIntakeUnitOfWork()
        uow.tables["receipts"][(LEGACY_KEY_ID, "0" * 64)] = uuid.uuid4()
        return uow

    running, most, lock = 0, 0, threading.Lock()

    def counted(code: str, salt: bytes, work: Work = WORK) -> str:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.01)
        with lock:
            running -= 1
        return legacy_hash(code, salt, FAST)

    monkeypatch.setattr(public, "legacy_hash", counted)
    codes = [new_code() for _ in range(20)]
    answers = await asyncio.gather(*(public.public_status(with_legacy(), d, c) for c in codes))
    assert answers == [None] * 20
    assert most == 1, "one 64 MiB evaluation at a time in a process, however many lookups wait"


async def test_a_public_submission_keeps_no_address_and_only_a_keyed_idempotency_key() -> None:
    uow, d = FakeIntakeUnitOfWork(), deps()
    first, _ = await public.submit_anonymous(uow, d, TIP, "my-key-1")
    again, replayed = await public.submit_anonymous(uow, d, TIP, "my-key-1")
    assert first.status_code == 201 and replayed and again.status_code == 200
    assert again.body == first.body, "the retry of a lost answer gets the same receipt code"
    ((principal, key),) = uow.tables["idempotency"]
    assert principal == public.PUBLIC_PRINCIPAL and key == KEYS.keyed("idempotency", "my-key-1")
    assert "my-key-1" not in key and len(key) == 64
    code = first.body["receipt_code"]
    assert code not in str(uow.tables["idempotency"]), "the stored answer keeps the code encrypted"


async def test_a_stored_answer_sealed_for_another_key_does_not_open() -> None:
    """The sealed code is bound to its own key: moved to another key's stored answer, it does not
    decrypt (and the answer is refused rather than showing someone else's code)."""
    uow, d = FakeIntakeUnitOfWork(), deps()
    first, _ = await public.submit_anonymous(uow, d, TIP, "key-a")
    await public.submit_anonymous(uow, d, dataclasses.replace(TIP, residential_group="tdp-2"), "key-b")
    answers = uow.tables["idempotency"]
    a, b = (answers[(public.PUBLIC_PRINCIPAL, KEYS.keyed("idempotency", k))][1] for k in ("key-a", "key-b"))
    b.body[public.SEALED_CODE] = a.body[public.SEALED_CODE]
    with pytest.raises(InvalidTag):
        await public.submit_anonymous(uow, d, dataclasses.replace(TIP, residential_group="tdp-2"), "key-b")
    assert first.body["receipt_code"] not in str(answers)


def served(**wards: dict[str, str]) -> IntakeDeps:
    return dataclasses.replace(
        deps(),
        public_wards=wards,
        public_hosts={"tinbao.anduong.example": "anduong", "lechan.example": "lechan"},
    )


def test_a_tips_ward_comes_from_the_host_or_the_form_and_an_unknown_one_is_refused() -> None:
    d = served(lechan={"tdp-1": "Tổ 1"}, anduong={"tdp-1": "Tổ 1", "tdp-2": "Tổ 2"})
    assert public.resolve_ward(d, "lechan", "TinBao.AnDuong.example:443", None) == "anduong"
    assert public.resolve_ward(d, "lechan", "lechan.example", None) == "lechan"
    assert public.resolve_ward(d, "lechan", "10.0.0.5:8001", "anduong") == "anduong"
    assert public.resolve_ward(d, "lechan", "tinbao.anduong.example", "anduong") == "anduong"
    for host, asked in (("10.0.0.5", None), ("10.0.0.5", "kienan"), ("tinbao.anduong.example", "lechan")):
        with pytest.raises(public.UnknownWard) as refused:
            public.resolve_ward(d, "lechan", host, asked)
        assert refused.value.problem_extras()["errors"][0]["loc"] == ["body", "ward"]  # type: ignore[index]
    single = deps()
    assert public.resolve_ward(single, "lechan", "anything", None) == "lechan"
    with pytest.raises(public.UnknownWard):
        public.resolve_ward(single, "lechan", "anything", "anduong")


async def test_an_anonymous_tip_is_filed_under_its_ward_with_that_wards_groups() -> None:
    d = served(lechan={"tdp-1": "Tổ 1"}, anduong={"tdp-2": "Tổ 2"})
    uow = FakeIntakeUnitOfWork(ward="anduong")
    await public.submit_anonymous(uow, d, dataclasses.replace(TIP, residential_group="tdp-2"), None)
    (tip,) = uow.tables["tips"].values()
    assert tip.ward == "anduong" and uow.published[0].ward == "anduong"
    with pytest.raises(public.UnknownResidentialGroup):
        await public.submit_anonymous(uow, d, TIP, None)  # tdp-1 is Lê Chân's


async def test_the_reporter_reads_the_time_and_the_day_of_viet_nam() -> None:
    """Filed at 06:30 in Hanoi on 7 December, which is still 6 December in UTC: the receipt's time has
    +07:00 and the status says the 7th, the day the reporter filed it."""
    at = dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC)
    uow, d = FakeIntakeUnitOfWork(), dataclasses.replace(deps(), clock=lambda: at)
    stored, _ = await public.submit_anonymous(uow, d, TIP, None)
    assert stored.body["received_at"] == "2026-12-07T06:30:00+07:00"
    found = await public.public_status(uow, d, stored.body["receipt_code"])
    assert found is not None and found["received_on"] == "2026-12-07" and found["updated_on"] == "2026-12-07"
