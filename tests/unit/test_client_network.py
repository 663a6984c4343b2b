"""Who a rate limit counts: forwarded headers believed only from trusted proxies; IPv6 by /64."""

from __future__ import annotations

import argparse
from typing import Any

import pytest

from shared import cli
from shared.ratelimit import client_network, keyed, parse_networks

PROXIES = parse_networks("10.0.0.0/8, fd00::/8")


@pytest.mark.parametrize(
    ("peer", "forwarded", "counted"),
    [
        # No trusted proxy configured or the peer is not one: the header is the caller's to invent.
        ("203.0.113.7", ["198.51.100.1"], "203.0.113.7"),
        # Behind the ingress: the right-most address the proxies did not add is the caller.
        ("10.1.2.3", ["198.51.100.1"], "198.51.100.1"),
        ("10.1.2.3", ["6.6.6.6, 198.51.100.1"], "198.51.100.1"),  # a spoofed left part is ignored
        ("10.1.2.3", ["6.6.6.6", "198.51.100.1, 10.9.9.9"], "198.51.100.1"),  # two headers, two proxies
        ("10.1.2.3", ["198.51.100.1:5555"], "198.51.100.1"),
        ("10.1.2.3", ["not-an-address"], "10.1.2.3"),  # the proxy that added garbage is counted
        ("10.1.2.3", [], "10.1.2.3"),
        ("10.1.2.3", ["10.7.7.7"], "10.7.7.7"),  # only proxies: the left-most
        # IPv6 by its /64; IPv4-mapped IPv6 as IPv4.
        ("2001:db8:1:2:aaaa::1", [], "2001:db8:1:2::/64"),
        ("fd00::1", ["[2001:db8:1:2:bbbb::2]:443"], "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.9", [], "203.0.113.9"),
        (None, ["198.51.100.1"], "unknown"),
    ],
)
def test_the_caller_is_the_right_most_address_no_trusted_proxy_added(
    peer: str | None, forwarded: list[str], counted: str
) -> None:
    assert client_network(peer, forwarded, PROXIES) == counted


def test_without_trusted_proxies_the_header_is_never_believed() -> None:
    assert client_network("127.0.0.1", ["198.51.100.1"], ()) == "127.0.0.1"
    assert parse_networks("") == ()


def test_a_counter_holds_a_keyed_hash_of_the_network_not_the_address() -> None:
    row = keyed("198.51.100.1", b"k" * 32)
    assert "198.51.100" not in row and len(row) == 64 and row != keyed("198.51.100.1", b"j" * 32)


def test_pcmd_serve_never_lets_uvicorn_rewrite_the_client_address(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: seen.update(kwargs))
    monkeypatch.setattr(cli, "_service_main", lambda _name: _FakeMain)
    monkeypatch.setattr("shared.telemetry.setup_logging", lambda *_args: None)
    monkeypatch.setattr(cli, "settle_heap", lambda: None)  # not this test process's heap
    cli.cmd_serve(argparse.Namespace(service="intake", host="127.0.0.1", port=0))
    assert seen["proxy_headers"] is False and seen["forwarded_allow_ips"] == ""


class _FakeMain:
    class _Settings:
        log_level = "WARNING"

    @staticmethod
    def load_settings() -> Any:
        return _FakeMain._Settings()

    @staticmethod
    def build_app(_settings: Any) -> object:
        return object()
