"""A free port for a server of ours is taken outside the range the kernel gives outgoing connections,
so no connection opened meanwhile (a pool filling up, a NATS client) can take it before the server
binds it."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from shared import infra


def ephemeral_low() -> int:
    return int(infra.EPHEMERAL_RANGE.read_text().split()[0])


@pytest.mark.skipif(not infra.EPHEMERAL_RANGE.exists(), reason="no Linux ephemeral port range here")
def test_a_free_port_is_outside_the_ephemeral_range_and_can_be_bound() -> None:
    ports = {infra.free_port() for _ in range(20)}
    assert all(infra.OWN_PORTS_FROM <= p < ephemeral_low() for p in ports), ports
    assert len(ports) > 1, "chosen at random, not always the same"
    with socket.socket() as s:
        s.bind(("127.0.0.1", ports.pop()))


def test_a_preferred_port_is_kept_while_free_and_replaced_once_taken() -> None:
    port = infra.free_port()
    assert infra.free_port(port) == port
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        assert infra.free_port(port) != port


def test_without_a_known_ephemeral_range_the_kernel_chooses(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(infra, "EPHEMERAL_RANGE", tmp_path / "absent")
    with socket.socket() as s:
        s.bind(("127.0.0.1", infra.free_port()))
