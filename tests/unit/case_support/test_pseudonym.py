"""Client codes: the same person typed differently gets the same code, another key another code, the
code is checked when read back, and the reporting pseudonym is a different, separately keyed value."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.case_support.domain.pseudonym import (
    ALPHABET,
    ClientFacts,
    CodeKeys,
    InvalidFacts,
    canonical,
    check_char,
    client_code,
    fold,
    read_code,
    reporting_pseudonym,
    words,
)
from tests.unit.case_support.builders import assert_frozen

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
REPORTING_KEY = b"R" * 32
LAN = ClientFacts("Nguyễn", "Thị Lan", 1990, "Đào")
CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def luhn_ok(raw: str) -> bool:
    """Textbook Luhn mod 32 validation, written independently of the module."""
    total = 0
    for i, ch in enumerate(reversed(raw)):
        v = ALPHABET.index(ch) * (2 if i % 2 else 1)
        total += v // 32 + v % 32
    return total % 32 == 0


def expected_code(facts_message: bytes, key: bytes) -> str:
    """The first 55 bits of the HMAC in Crockford base 32 (via the standard library's base 32)."""
    digest = hmac.new(key, facts_message, hashlib.sha256).digest()
    rfc = base64.b32encode(digest[:7]).decode()[:11]
    payload = rfc.translate(str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", ALPHABET))
    for ch in ALPHABET:
        if luhn_ok(payload + ch):
            raw = payload + ch
            return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
    raise AssertionError("no check character")


# ---------------------------------------------------------------- the same person, however typed


@pytest.mark.parametrize(
    "variant",
    [
        ClientFacts("Nguyen", "Lan", 1990, "Dao"),  # no accents at all
        ClientFacts("NGUYỄN", "LAN", 1990, "ĐÀO"),  # upper case
        ClientFacts("  nguyễn ", " thị   lan ", 1990, " đào "),  # spaces
        ClientFacts(unicodedata.normalize("NFD", "Nguyễn"), "Lan", 1990, unicodedata.normalize("NFD", "Đào")),
        ClientFacts("Nguyễn Thị", "Nguyễn Thị Lan", 1990, "Trần Thị Đào"),  # full names in the fields
        ClientFacts("Nguyễn.", "Thị-Lan", 1990, "'Đào'"),  # punctuation
        ClientFacts("Ｎｇｕｙｅｎ", "Ｌａｎ", 1990, "Dao"),  # full-width letters (compatibility forms)
        ClientFacts("nguyen", "Van Lan", 1990, "dao"),  # another middle name
    ],
)
def test_spelling_variants_of_the_same_facts_give_the_same_code(variant: ClientFacts) -> None:
    assert client_code(variant, KEY) == client_code(LAN, KEY)


def test_the_code_is_the_hmac_of_the_normalised_facts_in_crockford_base_32_with_a_check() -> None:
    message = b"pcmd-client-code/v1\x00nguyen\x1flan\x1f1990\x1fdao"
    assert canonical(LAN) == message
    assert client_code(LAN, KEY) == expected_code(message, KEY)
    assert CODE.match(client_code(LAN, KEY))


@given(
    family=st.sampled_from(["Nguyễn", "Trần", "Lê", "Phạm", "Đặng", "Bùi"]),
    given_name=st.sampled_from(["Lan", "Hương", "Thảo", "Ngọc", "Diệp", "Ánh"]),
    year=st.integers(1950, 2010),
    upper=st.booleans(),
    form=st.sampled_from(["NFC", "NFD", "NFKC", "NFKD"]),
    pad=st.text(alphabet=" \t.-", max_size=3),
)
@settings(max_examples=60, derandomize=True, database=None, deadline=None)
def test_case_spaces_and_unicode_forms_never_change_the_code(
    family: str, given_name: str, year: int, upper: bool, form: str, pad: str
) -> None:
    def typed(s: str) -> str:
        s = unicodedata.normalize(form, s.upper() if upper else s)  # type: ignore[arg-type]
        return pad + s + pad

    plain = ClientFacts(family, given_name, year, "Hoa")
    variant = ClientFacts(typed(family), typed("Thị " + given_name), year, typed("Hòa"))
    assert client_code(variant, KEY) == client_code(plain, KEY)


def test_folding_removes_accents_and_d_stroke_and_case() -> None:
    assert fold("Đặng Ánh-Diệp") == "dang anh-diep"
    assert fold("đ") == "d"
    assert words(" Lê  Thị-Ánh, 2 ") == ["le", "thi", "anh", "2"]
    assert words("...") == []


# ---------------------------------------------------------------- different facts, different keys


def test_each_fact_changes_the_code() -> None:
    base = client_code(LAN, KEY)
    others = [
        ClientFacts("Trần", "Thị Lan", 1990, "Đào"),
        ClientFacts("Nguyễn", "Thị Hoa", 1990, "Đào"),
        ClientFacts("Nguyễn", "Thị Lan", 1991, "Đào"),
        ClientFacts("Nguyễn", "Thị Lan", 1990, "Mai"),
        ClientFacts("Lan", "Thị Nguyễn", 1990, "Đào"),  # the order of the fields matters
    ]
    codes = {client_code(f, KEY) for f in others}
    assert len(codes) == len(others) and base not in codes


def test_a_different_key_gives_a_different_code() -> None:
    assert client_code(LAN, KEY) != client_code(LAN, OTHER_KEY)
    assert CODE.match(client_code(LAN, OTHER_KEY))


def test_the_code_holds_none_of_the_facts_and_the_facts_never_print() -> None:
    code = client_code(LAN, KEY)
    flat = code.replace("-", "").lower()
    for fact in ("nguyen", "lan", "1990", "dao", "90"):
        assert fact not in flat
    assert repr(LAN) == "ClientFacts()"
    assert "Lan" not in str(LAN)


# ---------------------------------------------------------------- bad facts: which field, never the value


@pytest.mark.parametrize(
    ("facts", "field_name"),
    [
        (ClientFacts(" - ", "Lan", 1990, "Đào"), "family_name"),
        (ClientFacts("Nguyễn", "", 1990, "Đào"), "given_name"),
        (ClientFacts("Nguyễn", "Lan", 1990, "  "), "mother_given_name"),
        (ClientFacts("Nguyễn", "Lan", 1899, "Đào"), "birth_year"),
        (ClientFacts("Nguyễn", "Lan", 2101, "Đào"), "birth_year"),
        (ClientFacts("Nguyễn", "Lan", True, "Đào"), "birth_year"),
        (ClientFacts("Nguyễn", "Lan", "1990", "Đào"), "birth_year"),  # type: ignore[arg-type]
    ],
)
def test_facts_that_cannot_make_a_code_are_refused_naming_the_field(
    facts: ClientFacts, field_name: str
) -> None:
    with pytest.raises(InvalidFacts) as refused:
        client_code(facts, KEY)
    assert refused.value.field_name == field_name
    assert " / " in str(refused.value) and "Nguy" not in str(refused.value)
    assert refused.value.problem_extras() == {
        "errors": [{"loc": ["body", field_name], "msg": str(refused.value), "type": "invalid"}]
    }


@pytest.mark.parametrize("year", [1900, 2100])
def test_the_birth_year_bounds_are_included(year: int) -> None:
    assert CODE.match(client_code(ClientFacts("Nguyễn", "Lan", year, "Đào"), KEY))


# ---------------------------------------------------------------- reading a typed code


def test_a_typed_code_is_read_forgivingly() -> None:
    code = client_code(LAN, KEY)
    raw = code.replace("-", "")
    assert read_code(code) == code
    assert read_code(raw.lower()) == code
    assert read_code(" " + ".".join(raw) + " ") == code
    assert read_code(raw.replace("0", "O").replace("1", "I")) == code
    assert read_code(raw.replace("1", "l")) == code
    assert read_code(raw.replace("1", "L").replace("0", "o")) == code
    assert read_code(code.replace("-", "_")) == code


def test_every_single_mistyped_character_is_caught() -> None:
    raw = client_code(LAN, KEY).replace("-", "")
    for i in range(len(raw)):
        for ch in ALPHABET:
            if ch != raw[i]:
                assert read_code(raw[:i] + ch + raw[i + 1 :]) is None, (i, ch)


def test_swapped_neighbours_are_caught_but_0_and_z() -> None:
    """Luhn mod N's one blind spot: swapping the first and last symbols of the alphabet."""
    for raw in ("0123456789AB", "ZZ0Y1X2W3V4T", "MNPQRSTVWXYZ"):
        payload = raw[:-1]
        full = payload + check_char(payload)
        assert read_code(full) is not None
        for i in range(len(full) - 1):
            pair = {full[i], full[i + 1]}
            swapped = full[:i] + full[i + 1] + full[i] + full[i + 2 :]
            if len(pair) == 2:
                assert (read_code(swapped) is None) is (pair != {"0", "Z"}), (raw, i)


def test_a_longer_string_with_a_valid_check_is_not_a_code() -> None:
    payload = "0123456789AB"
    assert read_code(payload + check_char(payload)) is None
    assert read_code(payload[:-2] + check_char(payload[:-2])) is None


@pytest.mark.parametrize("text", ["", "ABCD-EFGH-JKM", "ABCD-EFGH-JKMNP", "ABCD-EFGH-JKU0", "ABCD EFGH JK*0"])
def test_what_is_not_a_code_reads_as_none(text: str) -> None:
    assert read_code(text) is None


def test_the_check_character_is_luhn_mod_32() -> None:
    for payload in ("00000000000", "ZZZZZZZZZZZ", "0123456789A", "1", "Z"):
        assert luhn_ok(payload + check_char(payload)), payload
    assert check_char("00000000000") == "0"
    assert check_char("1") == "Y"  # 2 * 1 = 2, so 30 makes 32
    assert check_char("Z") == "1"  # 2 * 31 = 62 -> 1 + 30 = 31, so 1 makes 32
    assert check_char("11") == "X"  # 2 + 1 = 3, so 29 makes 32


# ---------------------------------------------------------------- the reporting pseudonym


def test_the_reporting_pseudonym_is_a_separately_keyed_hash_of_the_code() -> None:
    code = client_code(LAN, KEY)
    pseudonym = reporting_pseudonym(code, REPORTING_KEY)
    expected = hmac.new(REPORTING_KEY, b"pcmd-reporting/v1\x00" + code.encode(), hashlib.sha256).hexdigest()
    assert pseudonym == expected[:32]
    assert pseudonym != code and code.replace("-", "").lower() not in pseudonym
    assert reporting_pseudonym(code, b"S" * 32) != pseudonym  # depends on its own key
    assert reporting_pseudonym(code.lower().replace("-", " "), REPORTING_KEY) == pseudonym  # of the code read
    other = client_code(ClientFacts("Trần", "Lan", 1990, "Đào"), KEY)
    assert reporting_pseudonym(other, REPORTING_KEY) != pseudonym
    with pytest.raises(InvalidFacts) as refused:
        reporting_pseudonym("not-a-code", REPORTING_KEY)
    assert refused.value.field_name == "client_code"


# ---------------------------------------------------------------- configured keys


def test_configured_keys_make_codes_with_the_active_key_and_search_every_key() -> None:
    keys = CodeKeys({"k2": OTHER_KEY, "k1": KEY}, "k2", REPORTING_KEY)
    assert keys.code(LAN) == ("k2", client_code(LAN, OTHER_KEY))
    assert keys.candidates(LAN) == [("k1", client_code(LAN, KEY)), ("k2", client_code(LAN, OTHER_KEY))]
    code = client_code(LAN, KEY)
    assert keys.reporting(code) == reporting_pseudonym(code, REPORTING_KEY)
    assert repr(keys) == "CodeKeys(active='k2')"  # no key is ever printed


def test_keys_come_from_configuration_in_base64() -> None:
    b64 = base64.b64encode
    keys = CodeKeys.from_config(
        f" k1:{b64(KEY).decode()}, ,k2:{b64(OTHER_KEY).decode()},", "k1", b64(REPORTING_KEY).decode()
    )
    assert dict(keys.keys) == {"k1": KEY, "k2": OTHER_KEY}
    assert (keys.active, keys.reporting_key) == ("k1", REPORTING_KEY)
    with pytest.raises(ValueError):
        CodeKeys.from_config(f"k1:{b64(KEY).decode()}!", "k1", b64(REPORTING_KEY).decode())
    with pytest.raises(ValueError):  # junk is refused, not skipped
        CodeKeys.from_config(f"k1:{b64(KEY).decode()}", "k1", b64(REPORTING_KEY).decode() + "!")


@pytest.mark.parametrize(
    ("keys", "active", "reporting", "says"),
    [
        ({"k1": KEY}, "k2", REPORTING_KEY, "not configured"),
        ({"K1": KEY}, "K1", REPORTING_KEY, "key id"),
        ({"": KEY}, "", REPORTING_KEY, "key id"),
        ({"k" * 17: KEY}, "k" * 17, REPORTING_KEY, "key id"),
        ({"k1": KEY[:31]}, "k1", REPORTING_KEY, "at least 32 bytes"),
        ({"k1": KEY}, "k1", REPORTING_KEY[:31], "reporting key must have"),
        ({"k1": KEY, "k2": REPORTING_KEY}, "k1", REPORTING_KEY, "must differ"),
    ],
)
def test_bad_key_configurations_are_refused(
    keys: dict[str, bytes], active: str, reporting: bytes, says: str
) -> None:
    with pytest.raises(ValueError, match=says):
        CodeKeys(keys, active, reporting)


def test_key_ids_of_16_characters_and_keys_of_32_bytes_or_more_are_enough() -> None:
    kid = "a-z_09" + "k" * 10
    assert CodeKeys({kid: KEY}, kid, REPORTING_KEY).code(LAN)[0] == kid
    long = CodeKeys({"k1": KEY * 2}, "k1", REPORTING_KEY * 2)
    assert long.code(LAN) == ("k1", client_code(LAN, KEY * 2))


def test_facts_and_keys_are_frozen() -> None:
    keys = CodeKeys({"k1": KEY}, "k1", REPORTING_KEY)
    assert_frozen(LAN, keys)
