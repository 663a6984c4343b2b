import base64
import os

import pytest
from cryptography.exceptions import InvalidTag

from shared.crypto import FieldCipher


def cipher(active: str = "k1", **keys: bytes) -> FieldCipher:
    return FieldCipher(keys or {"k1": os.urandom(32)}, active)


def test_round_trip_and_key_id_is_stored() -> None:
    c = cipher()
    blob = c.encrypt("0912 345 678", aad="tip:1:reporter_phone")
    assert b"0912" not in blob
    assert FieldCipher.key_id_of(blob) == "k1"
    assert c.decrypt(blob, aad="tip:1:reporter_phone") == "0912 345 678"


def test_same_plaintext_encrypts_differently() -> None:
    c = cipher()
    assert c.encrypt("x", "a") != c.encrypt("x", "a")


def test_ciphertext_moved_to_another_field_does_not_decrypt() -> None:
    c = cipher()
    blob = c.encrypt("Nguyễn Văn A", aad="tip:1:reporter_name")
    with pytest.raises(InvalidTag):
        c.decrypt(blob, aad="tip:2:reporter_name")


def test_rotation_reads_old_values_and_writes_with_the_new_key() -> None:
    old, new = os.urandom(32), os.urandom(32)
    before = FieldCipher({"k1": old}, "k1").encrypt("secret", "a")
    rotated = FieldCipher({"k1": old, "k2": new}, "k2")
    assert rotated.decrypt(before, "a") == "secret"
    assert FieldCipher.key_id_of(rotated.encrypt("secret", "a")) == "k2"


def test_from_config_and_bad_keys() -> None:
    key = base64.b64encode(os.urandom(32)).decode()
    assert FieldCipher.from_config(f"a:{key}, b:{key}", "b").active_key_id == "b"
    with pytest.raises(ValueError, match="32 bytes"):
        FieldCipher({"k": b"short"}, "k")
    with pytest.raises(ValueError, match="not configured"):
        FieldCipher({"k": os.urandom(32)}, "other")


def test_bytes_round_trip_bound_to_their_record() -> None:
    c = FieldCipher({"k1": os.urandom(32)}, "k1")
    data = bytes(range(256)) * 3
    blob = c.encrypt_bytes(data, "evidence:abc")
    assert data not in blob and c.decrypt_bytes(blob, "evidence:abc") == data
    assert c.decrypt(c.encrypt_bytes("chữ".encode(), "a"), "a") == "chữ"  # one format for both
    with pytest.raises(InvalidTag):
        c.decrypt_bytes(blob, "evidence:abd")
