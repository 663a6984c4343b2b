"""Production verification against an OIDC provider's JWKS, served locally on a free port."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from shared.auth import Authenticator
from shared.errors import Unauthorized

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def jwks_url() -> Iterator[str]:
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key()))
    body = json.dumps({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/jwks.json"
    finally:
        server.shutdown()
        server.server_close()


def token(key: Any, *, kid: str = "k1", alg: str = "RS256", **claims: Any) -> str:
    base = {
        "sub": "u1",
        "ward": "lechan",
        "unit": "vhxh",
        "roles": ["officer"],
        "exp": int(time.time()) + 600,
        "iss": "https://idp.example",
        "aud": "pcmd",
    }
    return jwt.encode({**base, **claims}, key, algorithm=alg, headers={"kid": kid})


def authenticator(url: str) -> Authenticator:
    return Authenticator(jwks_url=url, issuer="https://idp.example", audience="pcmd")


def test_token_signed_by_the_provider_is_accepted(jwks_url: str) -> None:
    p = authenticator(jwks_url).verify(token(KEY))
    assert (p.sub, p.unit, p.ward, p.roles) == ("u1", "vhxh", "lechan", frozenset({"officer"}))


@pytest.mark.parametrize("bad", ["other-key", "wrong-audience", "wrong-issuer", "hs256-with-public-key"])
def test_tokens_not_from_the_provider_are_refused(jwks_url: str, bad: str) -> None:
    public_pem = KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    forged = {
        "other-key": lambda: token(OTHER_KEY),
        "wrong-audience": lambda: token(KEY, aud="someone-else"),
        "wrong-issuer": lambda: token(KEY, iss="https://evil.example"),
        # algorithm confusion: the public key used as an HMAC secret
        "hs256-with-public-key": lambda: _hs256(public_pem),
    }[bad]()
    with pytest.raises(Unauthorized):
        authenticator(jwks_url).verify(forged)


def _hs256(secret: bytes) -> str:
    claims = {
        "sub": "u",
        "ward": "lechan",
        "unit": "ca",
        "roles": ["admin"],
        "exp": int(time.time()) + 600,
        "iss": "https://idp.example",
        "aud": "pcmd",
    }
    header = {"alg": "HS256", "typ": "JWT", "kid": "k1"}
    import base64
    import hashlib
    import hmac

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"
