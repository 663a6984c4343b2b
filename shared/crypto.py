"""AES-GCM field encryption with key ids, so keys can rotate without re-encrypting at once."""

from __future__ import annotations

import base64
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = b"v1"
NONCE_BYTES = 12


class FieldCipher:
    """``encrypt`` uses the active key; ``decrypt`` finds the key by the id stored in the value.

    The associated data binds a value to its record and field, so a ciphertext copied into
    another row or column does not decrypt.
    """

    def __init__(self, keys: dict[str, bytes], active_key_id: str) -> None:
        for kid, key in keys.items():
            if len(key) != 32 or ":" in kid:
                raise ValueError(f"key {kid!r} must be 32 bytes and its id must not contain ':'")
        if active_key_id not in keys:
            raise ValueError(f"active key {active_key_id!r} is not configured")
        self._keys = {kid: AESGCM(key) for kid, key in keys.items()}
        self.active_key_id = active_key_id

    @classmethod
    def from_config(cls, spec: str, active_key_id: str) -> FieldCipher:
        """``spec`` is ``kid:base64key,kid2:base64key2``."""
        keys = {}
        for part in filter(None, (p.strip() for p in spec.split(","))):
            kid, _, b64 = part.partition(":")
            keys[kid] = base64.b64decode(b64)
        return cls(keys, active_key_id)

    def encrypt(self, plaintext: str, aad: str) -> bytes:
        return self.encrypt_bytes(plaintext.encode(), aad)

    def decrypt(self, blob: bytes, aad: str) -> str:
        return self.decrypt_bytes(blob, aad).decode()

    def encrypt_bytes(self, plaintext: bytes, aad: str) -> bytes:
        """The same for a file's bytes (evidence)."""
        nonce = os.urandom(NONCE_BYTES)
        kid = self.active_key_id.encode()
        ct = self._keys[self.active_key_id].encrypt(nonce, plaintext, aad.encode())
        return VERSION + b":" + kid + b":" + nonce + ct

    def decrypt_bytes(self, blob: bytes, aad: str) -> bytes:
        version, kid, rest = blob.split(b":", 2)
        if version != VERSION:
            raise ValueError("unknown ciphertext version")
        nonce, ct = rest[:NONCE_BYTES], rest[NONCE_BYTES:]
        return self._keys[kid.decode()].decrypt(nonce, ct, aad.encode())

    @staticmethod
    def key_id_of(blob: bytes) -> str:
        return blob.split(b":", 2)[1].decode()
