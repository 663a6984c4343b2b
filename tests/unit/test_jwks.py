"""Production verification against an OIDC provider's JWKS, served locally on a free port.

The server counts its fetches and can hold its answer until the test lets it go, so the tests see
how often the keys are fetched and whether the event loop runs while a fetch is in flight.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from shared.auth import Authenticator
from shared.errors import Unauthorized

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
ISSUER, AUDIENCE = "https://idp.example", "pcmd"
SECRET = b"a-shared-secret-the-provider-should-never-list-0123"
HOLD_LIMIT = 10.0  # seconds a held fetch waits at most, so a blocked event loop fails the test, not hangs it


def jwk(key: Any, kid: str, **extra: Any) -> dict[str, Any]:
    return {**json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key())), "kid": kid, **extra}


@dataclass
class Provider:
    """What the local JWKS endpoint serves, how slowly, and how often it was asked."""

    url: str = ""
    keys: list[dict[str, Any]] = field(default_factory=list)
    status: int = 200
    fetches: int = 0
    # With ``hold`` set, a fetch is answered only once the test sets it (or after HOLD_LIMIT seconds,
    # which ``held_out`` then records); ``arrived`` is set when a fetch reaches the provider.
    hold: threading.Event | None = None
    arrived: threading.Event = field(default_factory=threading.Event)
    held_out: bool = False

    def reset(self) -> None:
        self.keys = [jwk(KEY, "k1", use="sig", alg="RS256")]
        self.status, self.fetches, self.hold, self.held_out = 200, 0, None, False
        self.arrived = threading.Event()


@pytest.fixture(scope="module")
def server() -> Iterator[Provider]:
    provider = Provider()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            provider.fetches += 1
            provider.arrived.set()
            if provider.hold is not None and not provider.hold.wait(HOLD_LIMIT):
                provider.held_out = True  # nobody let the answer go: the event loop never ran meanwhile
            body = json.dumps({"keys": provider.keys}).encode()
            self.send_response(provider.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    provider.url = f"http://127.0.0.1:{httpd.server_port}/jwks.json"
    try:
        yield provider
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def provider(server: Provider) -> Provider:
    server.reset()
    return server


def token(key: Any, *, kid: str = "k1", alg: str = "RS256", **claims: Any) -> str:
    now = int(time.time())
    base = {
        "sub": "u1",
        "ward": "lechan",
        "unit": "vhxh",
        "roles": ["officer"],
        "iat": now,
        "exp": now + 600,
        "iss": ISSUER,
        "aud": AUDIENCE,
    }
    return jwt.encode({**base, **claims}, key, algorithm=alg, headers={"kid": kid})


def authenticator(url: str, refresh_interval: float = 60.0) -> Authenticator:
    return Authenticator(jwks_url=url, issuer=ISSUER, audience=AUDIENCE, refresh_interval=refresh_interval)


async def test_token_signed_by_the_provider_is_accepted(provider: Provider) -> None:
    p = await authenticator(provider.url).verify(token(KEY))
    assert (p.sub, p.unit, p.ward, p.roles) == ("u1", "vhxh", "lechan", frozenset({"officer"}))


@pytest.mark.parametrize(
    "bad", ["other-key", "wrong-audience", "wrong-issuer", "hs256-with-public-key", "no-kid", "bad-ward"]
)
async def test_tokens_not_from_the_provider_are_refused(provider: Provider, bad: str) -> None:
    public_pem = KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    forged = {
        "other-key": lambda: token(OTHER_KEY),
        "wrong-audience": lambda: token(KEY, aud="someone-else"),
        "wrong-issuer": lambda: token(KEY, iss="https://evil.example"),
        # algorithm confusion: the public key used as an HMAC secret
        "hs256-with-public-key": lambda: _hs256(public_pem),
        "no-kid": lambda: jwt.encode(
            {"sub": "u", "ward": "lechan", "unit": "ca", "exp": 2**40}, KEY, "RS256"
        ),
        "bad-ward": lambda: token(KEY, ward="a.b"),
    }[bad]()
    with pytest.raises(Unauthorized):
        await authenticator(provider.url).verify(forged)


async def test_random_kids_cause_at_most_one_fetch_per_interval_and_never_stall_the_loop(
    provider: Provider,
) -> None:
    # The provider answers only after the event loop has run a few more times while the fetch waits
    # for it. A fetch that blocked the loop would never be answered in time: the client gives up
    # (its timeout) and the one real token among the random ones is refused, or the provider gives
    # up after HOLD_LIMIT and says so. No clock threshold: a slow or preempted machine cannot fail it.
    provider.hold = threading.Event()
    provider.keys.append(jwk(OTHER_KEY, "k2", use="sig", alg="RS256"))
    auth = authenticator(provider.url)
    ticks_while_held = 0
    stop = asyncio.Event()

    async def ticker() -> None:  # runs only when the event loop is free to run it
        nonlocal ticks_while_held
        while not stop.is_set():
            await asyncio.sleep(0.001)
            if provider.arrived.is_set() and not provider.hold.is_set():
                ticks_while_held += 1
                if ticks_while_held == 3:
                    provider.hold.set()

    async def attempt(forged: str) -> bool:
        try:
            await auth.verify(forged)
        except Unauthorized:
            return False
        return True

    # Signed beforehand: signing 200 tokens is the test's work, not the service's.
    tokens = [token(OTHER_KEY, kid=uuid.uuid4().hex) for _ in range(200)]
    tokens[50] = token(OTHER_KEY, kid="k2")  # the provider's key: accepted once the one fetch answered
    tick = asyncio.create_task(ticker())
    first = await asyncio.gather(*(attempt(t) for t in tokens[:100]))
    later = await asyncio.gather(*(attempt(t) for t in tokens[100:]))
    stop.set()
    await tick
    await auth.aclose()
    assert [i for i, ok in enumerate(first) if ok] == [50] and not any(later)
    assert provider.fetches == 1  # one shared fetch; after it unknown kids are refused without fetching
    assert not provider.held_out, "the event loop did not run while the fetch waited for the provider"
    assert ticks_while_held == 3


async def test_a_known_kid_is_never_fetched_again(provider: Provider) -> None:
    auth = authenticator(provider.url, refresh_interval=0.01)
    for _ in range(20):
        await auth.verify(token(KEY))
        await asyncio.sleep(0.001)
    assert provider.fetches == 1


async def test_a_rotated_key_is_picked_up_on_the_next_interval(
    provider: Provider, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The cache's clock is the test's: a machine that stalls between two calls cannot end the interval.
    now = [1000.0]
    monkeypatch.setattr("shared.auth.time", SimpleNamespace(monotonic=lambda: now[0], time=time.time))
    auth = authenticator(provider.url, refresh_interval=60.0)
    await auth.verify(token(KEY))
    provider.keys = [jwk(KEY, "k1"), jwk(OTHER_KEY, "k2")]
    now[0] += 59.9
    with pytest.raises(Unauthorized):  # within the interval: refused, nothing fetched
        await auth.verify(token(OTHER_KEY, kid="k2"))
    assert provider.fetches == 1
    now[0] += 0.2
    p = await auth.verify(token(OTHER_KEY, kid="k2"))
    assert p.unit == "vhxh" and provider.fetches == 2


async def test_a_failing_provider_is_a_401_and_keeps_the_known_keys(provider: Provider) -> None:
    auth = authenticator(provider.url, refresh_interval=0.05)
    await auth.verify(token(KEY))
    provider.status = 503
    await asyncio.sleep(0.06)
    with pytest.raises(Unauthorized):
        await auth.verify(token(KEY, kid="k-new"))
    assert provider.fetches == 2
    assert (await auth.verify(token(KEY))).sub == "u1"  # the keys known before still verify


async def test_an_unreachable_provider_is_a_401(provider: Provider) -> None:
    auth = authenticator("http://127.0.0.1:9/jwks.json")
    with pytest.raises(Unauthorized):
        await auth.verify(token(KEY))


async def test_keys_not_meant_for_signatures_are_left_out(provider: Provider) -> None:
    provider.keys = [
        jwk(KEY, "enc", use="enc"),
        {"kty": "oct", "kid": "hmac", "k": base64.urlsafe_b64encode(SECRET).decode()},
    ]
    auth = authenticator(provider.url)
    with pytest.raises(Unauthorized):
        await auth.verify(token(KEY, kid="enc"))
    with pytest.raises(Unauthorized):
        await auth.verify(jwt.encode({"sub": "u"}, SECRET, algorithm="HS256", headers={"kid": "hmac"}))


def _hs256(secret: bytes) -> str:
    claims = {
        "sub": "u",
        "ward": "lechan",
        "unit": "ca",
        "roles": ["admin"],
        "iat": int(time.time()),
        "exp": int(time.time()) + 600,
        "iss": ISSUER,
        "aud": AUDIENCE,
    }
    header = {"alg": "HS256", "typ": "JWT", "kid": "k1"}

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"
