import datetime as dt

import jwt
import pytest

from shared.auth import Authenticator, Grant, Principal, allowed, mint_token
from shared.errors import Unauthorized

SECRET = "test-secret-0123456789-0123456789-abcdef"


def test_minted_token_verifies_to_its_claims() -> None:
    token = mint_token(SECRET, sub="u1", ward="lechan", unit="ca", roles=["officer"])
    p = Authenticator(secret=SECRET).verify(token)
    assert p == Principal("u1", "lechan", "ca", frozenset({"officer"}))


@pytest.mark.parametrize(
    "token",
    [
        mint_token("another-secret-0123456789-0123456789-xyz", sub="u", ward="w", unit="ca", roles=[]),
        mint_token(SECRET, sub="u", ward="w", unit="ca", roles=[], ttl=dt.timedelta(seconds=-5)),
        jwt.encode({"sub": "u", "unit": "ca", "exp": 9999999999}, SECRET, algorithm="HS256"),  # no ward
        jwt.encode({"sub": "u", "ward": "w", "unit": "ca", "exp": 9999999999}, "", algorithm="none"),
        "not-a-token",
    ],
)
def test_bad_tokens_are_refused(token: str) -> None:
    with pytest.raises(Unauthorized):
        Authenticator(secret=SECRET).verify(token)


def test_unknown_unit_or_role_cannot_be_minted() -> None:
    with pytest.raises(ValueError, match="unknown unit"):
        mint_token(SECRET, sub="u", ward="w", unit="nasa", roles=[])
    with pytest.raises(ValueError, match="unknown roles"):
        mint_token(SECRET, sub="u", ward="w", unit="ca", roles=["god"])


def test_grants_match_unit_and_role() -> None:
    table = {"tips:read": (Grant("ca", "*"), Grant("vhxh", "leader"))}
    assert allowed(table, "tips:read", Principal("a", "w", "ca", frozenset()))
    assert allowed(table, "tips:read", Principal("a", "w", "vhxh", frozenset({"leader"})))
    assert not allowed(table, "tips:read", Principal("a", "w", "vhxh", frozenset({"officer"})))
    assert not allowed(table, "tips:write", Principal("a", "w", "ca", frozenset({"officer"})))
