"""The small fault run of issue 17 (the larger one: ``python -m tests.fault.suite``, see README).

The five services on a 3-node NATS cluster with streams replicated three times; ``pcmd demo`` plays a
small year through their HTTP APIs while reporting, the NATS node the services were given first and
PostgreSQL are killed with SIGKILL in turn; then every indicator of every approved snapshot equals the
oracle's, nothing lost, nothing applied twice, no dead letter.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.demo.compare import spread
from tests.fault.suite import FaultRun, Reconciliation, report

pytestmark = pytest.mark.e2e


@pytest.mark.timeout(600)
def test_the_demo_survives_sigkill_of_a_service_a_nats_cluster_node_and_postgresql(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A delivery lost to a fault waits out the consumers' ack_wait (15 s by default) before it comes
    # again: 10 s here keeps make test short; the larger run keeps the default.
    run = FaultRun(tmp_path, "cluster", scale=0.3, gap=30, extra_env={"PCMD_CONSUMER_ACK_WAIT": "10"})
    faults = ["reporting", "nats-node-0", "postgres"]
    with run.running():
        run.inject_all(faults)
        rec = run.reconcile()
    with capsys.disabled():
        report(run, rec)
    assert [f.fault for f in run.results] == ["reporting", "nats node 0 of 3", "postgresql"]
    writes = [f.at_write for f in run.results]
    assert writes == sorted(writes) and writes[0] >= 30, "each fault came after more of the demo"
    assert run.demo.writes > writes[-1], "the demo went on after the last fault and finished"
    assert rec.replicas and set(rec.replicas.values()) == {3}
    assert sum(row[1] for row in rec.rows) > 0, "events were produced"
    snapshots = {name.split()[0] for name, *_ in rec.indicators[1:]}
    assert len(snapshots) >= 13 and len(rec.indicators) == 1 + 10 * len(snapshots), rec.indicators
    assert rec.ok, "see the table above"
    year = spread(run.demo.entries())  # played in the demo clock, month by month, faults and all
    assert year["tip_months"] >= 6 and year["tips_on_time"] and year["tips_late"], year
    assert year["items_on_time"] and year["items_late"] and year["hotspot_cleared"], year


def test_a_lost_event_a_duplicate_a_dead_letter_or_a_wrong_count_fails_the_reconciliation() -> None:
    clean = Reconciliation(
        rows=[("intake", 3, 0, 3, 3, 3, 0)],
        dead_letters={"reporting": 0},
        replicas={"intake": 3},
        expected_replicas=3,
        indicators=[("tips", 3, 3)],
    )
    assert clean.ok
    broken = [
        Reconciliation(rows=[("intake", 3, 0, 3, 2, 3, 1)]),  # one never applied
        Reconciliation(rows=[("intake", 3, 1, 2, 2, 2, 0)]),  # one never published
        Reconciliation(rows=[("intake", 3, 0, 4, 3, 3, 0)]),  # published twice into the stream
        Reconciliation(duplicates=1),
        Reconciliation(phantom=1),
        Reconciliation(dead_letters={"reporting": 1}),
        Reconciliation(replicas={"intake": 1}, expected_replicas=3),
        Reconciliation(indicators=[("tips", 4, 3)]),
        Reconciliation(indicators=[("2026-Q1 TIPS_TIMELY", "3/4", "4/4")]),  # a snapshot not the oracle's
    ]
    assert not any(r.ok for r in broken), [r for r in broken if r.ok]
