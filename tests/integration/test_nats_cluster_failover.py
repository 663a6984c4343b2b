"""A service given every node of a 3-node NATS cluster (``PCMD_NATS_URL`` a comma-separated list)
connects while the first node is down, and keeps publishing into and consuming from a stream
replicated three times when the node its connection uses is killed (SIGKILL)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import nats
import pytest
from nats.aio.client import Client
from nats.js.api import ConsumerConfig, StreamConfig

from shared.messaging.broker import make_broker
from shared.settings import ServiceSettings, nats_servers
from tests.fault.suite import NatsCluster

pytestmark = pytest.mark.timeout(300)
STREAM, SUBJECT = "PCMD_FAILOVER", "pcmd-failover.x"


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[NatsCluster]:
    running = NatsCluster(tmp_path / "cluster").start()
    try:
        yield running
    finally:
        running.stop()


def test_the_nats_url_is_a_comma_separated_list_of_servers() -> None:
    assert nats_servers("nats://a:4222") == ["nats://a:4222"]
    assert nats_servers(" nats://a:4222, nats://b:4223 ,") == ["nats://a:4222", "nats://b:4223"]
    assert ServiceSettings(nats_url="nats://a:1,nats://b:2").nats_servers == ["nats://a:1", "nats://b:2"]
    with pytest.raises(ValueError, match="no server"):
        nats_servers(" , ")


def node_of(cluster: NatsCluster, nc: Client) -> int:
    port = nc.connected_url.port if nc.connected_url is not None else None
    assert port is not None
    return cluster.ports.index(port)


async def round_trip(nc: Client, n: int) -> None:
    """Publish ``n`` into the replicated stream and consume it back with a durable pull consumer."""
    js = nc.jetstream(timeout=10)
    await js.publish(SUBJECT, str(n).encode(), headers={"Nats-Msg-Id": f"m{n}"})
    sub = await js.pull_subscribe(
        SUBJECT, durable="failover", stream=STREAM, config=ConsumerConfig(ack_wait=2)
    )
    (msg,) = await sub.fetch(1, timeout=10)
    assert msg.data == str(n).encode()
    await msg.ack_sync()


async def replicas_current(nc: Client) -> None:
    """The leader and both followers of the stream and of its durable consumer are up and current (a
    node that restarted has caught up with both): raises until then."""
    js = nc.jetstream(timeout=5)
    for info in (await js.stream_info(STREAM), await js.consumer_info(STREAM, "failover")):
        assert info.cluster is not None and info.cluster.leader
        followers = info.cluster.replicas or []
        assert len(followers) == 2 and all(p.current and not p.offline for p in followers), followers


async def eventually(what: str, check: object, seconds: float = 30.0) -> None:
    """Until ``check`` passes, for ``seconds`` (its own waits included); fails with its last error."""
    loop = asyncio.get_running_loop()
    deadline, last = loop.time() + seconds, None
    while loop.time() < deadline:
        try:
            await check()  # type: ignore[operator]
            return
        except Exception as exc:
            last = exc
            await asyncio.sleep(0.1)
    raise AssertionError(f"{what}: not within {seconds:.0f}s (last: {last!r})")


def test_a_service_given_every_node_connects_while_the_first_is_down_and_survives_its_nodes_death(
    cluster: NatsCluster,
) -> None:
    urls = ",".join(cluster.node_url(i) for i in range(3))

    async def scenario() -> None:
        admin = await nats.connect(cluster.node_url(1))
        await admin.jetstream(timeout=10).add_stream(
            StreamConfig(name=STREAM, subjects=["pcmd-failover.>"], num_replicas=3)
        )
        await admin.close()
        cluster.kill(0)
        with pytest.raises(Exception):  # noqa: B017 - given only the dead node, no connection
            await asyncio.wait_for(nats.connect(cluster.node_url(0), allow_reconnect=False), 10)
        broker = make_broker(urls, service="intake")
        nc = await asyncio.wait_for(broker.connect(), 30)  # the dead first node is passed over
        try:
            assert node_of(cluster, nc) in (1, 2)
            await eventually("a round trip with node 0 down", lambda: round_trip(nc, 1))
            cluster.start_node(0)
            # the stream keeps a quorum through the next death only once node 0 has caught up
            await eventually("every replica current again", lambda: replicas_current(nc))
            first = node_of(cluster, nc)
            cluster.kill(first)  # the node this connection uses dies
            # a new leader is elected by the two nodes left: seconds alone, far longer on a loaded
            # machine (twice under the whole suite on 2 cores, 30 s of ServiceUnavailableError)
            await eventually("a round trip on another node", lambda: round_trip(nc, 2), 120)
            assert node_of(cluster, nc) != first
        finally:
            await broker.stop()

    asyncio.run(scenario())
