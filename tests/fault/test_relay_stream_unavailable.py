"""An event stream that does not answer (its leader lost with a NATS node) holds the rows; it does not
blame them.

Found by the fault suite on the 3-node cluster: after the node leading the intake stream was killed,
a tip's outbox row failed to publish while the dead-letter stream (led by another node) answered, so
the relay counted the failures against the row and quarantined it: the tip never reached reporting.
Here a deleted event stream stands for the leaderless one; the dead-letter stream answers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from shared.contracts.catalog import stream_name
from shared.db import OutboxRecord
from shared.infra import EmbeddedNats
from tests.integration.harness import declare_streams, intake_runtime, stream_count
from tests.integration.test_event_path import receive_tips, running


async def test_rows_wait_while_their_stream_does_not_answer_and_are_published_after(
    service_db: Any, tmp_path: Path, ward: str
) -> None:
    server = EmbeddedNats(tmp_path / "nats").start()
    try:
        await declare_streams(server.url)
        intake = await intake_runtime(await service_db("intake"), server.url, ward, run_relay=False)
        intake.relay.quarantine_after = 1  # one counted failure would quarantine the row
        async with running(intake):
            await receive_tips(intake, ward, 2)
            await intake.js.delete_stream(stream_name("intake"))
            for _ in range(3):
                with pytest.raises(Exception):  # noqa: B017 - whichever error the client raises
                    await intake.relay.relay_batch()
            async with intake.session_factory() as s:
                attempts = await s.scalar(select(func.max(OutboxRecord.attempts)))
            assert attempts == 0, "nothing was counted against the rows"
            assert await intake.dead_letters.count() == 0, "nothing was quarantined"
            assert await intake.relay.backlog() == 2

            await declare_streams(server.url)  # the stream answers again
            await intake.relay.drain()
            assert await intake.relay.backlog() == 0
            subject = f"pcmd.{ward}.intake.tip.received"
            assert await stream_count(intake, "intake", subject) == 2
    finally:
        server.stop()
