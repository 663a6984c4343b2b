import datetime as dt
import time
from typing import Annotated, Any

import httpx
import jwt
import pytest
from fastapi import Depends, FastAPI

from shared.auth import Authenticator, Grant, Principal, allowed, mint_token, requires
from shared.errors import Unauthorized, install_problem_handlers

SECRET = "test-secret-0123456789-0123456789-abcdef"


def signed(**claims: Any) -> str:
    """A development token with exactly these claims over a valid base (``None`` drops a claim)."""
    now = int(time.time())
    base = {"sub": "u", "ward": "lechan", "unit": "ca", "roles": ["officer"], "iat": now, "exp": now + 600}
    merged = {k: v for k, v in {**base, **claims}.items() if v is not None}
    return jwt.encode(merged, SECRET, algorithm="HS256")


async def test_minted_token_verifies_to_its_claims() -> None:
    token = mint_token(SECRET, sub="u1", ward="lechan", unit="ca", roles=["officer"])
    p = await Authenticator(secret=SECRET).verify(token)
    assert p == Principal("u1", "lechan", "ca", frozenset({"officer"}))


@pytest.mark.parametrize(
    "token",
    [
        mint_token("another-secret-0123456789-0123456789-xyz", sub="u", ward="ww", unit="ca", roles=[]),
        mint_token(
            SECRET, sub="u", ward="ww", unit="ca", roles=[], ttl=dt.timedelta(seconds=-120)
        ),  # beyond the leeway
        jwt.encode({"sub": "u", "unit": "ca", "exp": 9999999999}, SECRET, algorithm="HS256"),  # no ward
        jwt.encode({"sub": "u", "ward": "w", "unit": "ca", "exp": 9999999999}, "", algorithm="none"),
        "not-a-token",
    ],
)
async def test_bad_tokens_are_refused(token: str) -> None:
    with pytest.raises(Unauthorized):
        await Authenticator(secret=SECRET).verify(token)


@pytest.mark.parametrize(
    "ward", ["a.b", "le chan", "LECHAN", "x", "w" * 33, "lechan\n", "", 7, ["lechan"], "*"]
)
async def test_a_ward_claim_no_event_subject_can_carry_is_a_401_that_says_so(ward: Any) -> None:
    with pytest.raises(Unauthorized, match="ward claim must match") as refused:
        await Authenticator(secret=SECRET).verify(signed(ward=ward))
    assert refused.value.status == 401


async def test_a_bad_ward_claim_is_a_problem_from_every_guarded_endpoint() -> None:
    app = FastAPI()
    install_problem_handlers(app)
    app.state.authenticator = Authenticator(secret=SECRET)

    @app.get("/x")
    async def x(p: Annotated[Principal, Depends(requires({"x:read": (Grant("*", "*"),)}, "x:read"))]) -> str:
        return p.ward

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        bad = await client.get("/x", headers={"Authorization": f"Bearer {signed(ward='a.b')}"})
        good = await client.get("/x", headers={"Authorization": f"Bearer {signed()}"})
    assert bad.status_code == 401 and bad.headers["content-type"] == "application/problem+json"
    assert "ward claim" in bad.json()["detail"]
    assert good.status_code == 200 and good.json() == "lechan"


async def test_a_token_has_a_maximum_age_and_a_small_clock_leeway() -> None:
    auth = Authenticator(secret=SECRET, max_age=3600, leeway=30)
    now = int(time.time())
    await auth.verify(signed(iat=now - 3600 + 5))  # young enough
    await auth.verify(signed(exp=now - 10))  # expired within the leeway
    await auth.verify(signed(iat=now + 10))  # issued by a clock slightly ahead
    for too_old_or_odd in (
        signed(iat=now - 3600 - 31, exp=now + 3600),  # older than the maximum age, though not expired
        signed(exp=now - 60),  # expired beyond the leeway
        signed(iat=now + 120),  # issued in the future
        signed(iat=None),  # no issue time: its age is unknown
        signed(exp=None),
    ):
        with pytest.raises(Unauthorized):
            await auth.verify(too_old_or_odd)


async def test_roles_must_be_a_list() -> None:
    with pytest.raises(Unauthorized):
        await Authenticator(secret=SECRET).verify(signed(roles="admin"))


def test_unknown_unit_role_or_bad_ward_cannot_be_minted() -> None:
    with pytest.raises(ValueError, match="unknown unit"):
        mint_token(SECRET, sub="u", ward="ww", unit="nasa", roles=[])
    with pytest.raises(ValueError, match="unknown roles"):
        mint_token(SECRET, sub="u", ward="ww", unit="ca", roles=["god"])
    with pytest.raises(ValueError, match="ward"):
        mint_token(SECRET, sub="u", ward="a.b", unit="ca", roles=[])


def test_an_authenticator_without_a_way_to_check_tokens_cannot_be_built() -> None:
    with pytest.raises(ValueError, match="issuer and an audience"):
        Authenticator(jwks_url="https://idp.example/jwks", issuer="https://idp.example")
    with pytest.raises(ValueError, match="secret"):
        Authenticator(secret="")


def test_the_same_unit_and_sub_in_two_wards_are_two_callers() -> None:
    a = Principal("u1", "lechan", "ca", frozenset())
    b = Principal("u1", "hoankiem", "ca", frozenset())
    assert a.id == b.id == "ca:u1"  # the actor, as audit rows and records name it within the ward
    assert (a.key, b.key) == ("lechan/ca:u1", "hoankiem/ca:u1")


def test_grants_match_unit_and_role() -> None:
    table = {"tips:read": (Grant("ca", "*"), Grant("vhxh", "leader"))}
    assert allowed(table, "tips:read", Principal("a", "w", "ca", frozenset()))
    assert allowed(table, "tips:read", Principal("a", "w", "vhxh", frozenset({"leader"})))
    assert not allowed(table, "tips:read", Principal("a", "w", "vhxh", frozenset({"officer"})))
    assert not allowed(table, "tips:write", Principal("a", "w", "ca", frozenset({"officer"})))


async def test_the_persons_name_and_title_come_from_optional_claims() -> None:
    """Documents print the person, never the technical id (the DOCX's preparer and approver)."""
    named = mint_token(SECRET, sub="u1", ward="lechan", unit="vhxh", roles=["officer"], name="Nguyễn Thị Hoa",
                       title="Chuyên viên")  # fmt: skip
    principal = await Authenticator(secret=SECRET).verify(named)
    assert (principal.name, principal.title, principal.id) == ("Nguyễn Thị Hoa", "Chuyên viên", "vhxh:u1")
    plain = await Authenticator(secret=SECRET).verify(
        mint_token(SECRET, sub="u2", ward="lechan", unit="vhxh", roles=["officer"])
    )
    assert (plain.name, plain.title) == ("", "")


async def test_a_verified_token_is_trusted_again_only_while_a_new_verification_would_accept_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    auth = Authenticator(secret=SECRET, max_age=3600, leeway=30)
    now = int(time.time())
    expiring, old = signed(exp=now + 10), signed(iat=now - 3600 + 10, exp=now + 7200)
    first = await auth.verify(expiring)
    await auth.verify(old)
    checked: list[str] = []
    real_decode = jwt.decode

    def counted(token: str, *args: Any, **kwargs: Any) -> Any:
        checked.append(token)
        return real_decode(token, *args, **kwargs)

    monkeypatch.setattr(jwt, "decode", counted)
    assert await auth.verify(expiring) is first and checked == []  # the signature is not checked again
    later = now + 45  # past the expiry and the age limit with the leeway, within the cache's time

    class Later(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> Any:
            return dt.datetime.fromtimestamp(later, tz)

    monkeypatch.setattr("shared.auth.time.time", lambda: later)
    monkeypatch.setattr("jwt.api_jwt.datetime", Later)  # PyJWT's clock, for the expiry
    with pytest.raises(Unauthorized):
        await auth.verify(expiring)
    with pytest.raises(Unauthorized):
        await auth.verify(old)
    assert checked == [expiring, old]


async def test_the_verified_tokens_kept_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shared.auth.VERIFIED_MAX", 8)
    auth = Authenticator(secret=SECRET)
    tokens = [signed(sub=f"u{i}") for i in range(20)]
    for i, token in enumerate(tokens):
        assert (await auth.verify(token)).sub == f"u{i}"
    assert len(auth._verified) <= 8
    assert tokens[-1] in auth._verified and tokens[0] not in auth._verified
