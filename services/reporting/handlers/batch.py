"""Apply a batch of events to the read models in one transaction: the live consumers and the rebuild.

The inbox rows of the whole batch are claimed in one statement; each fresh event is projected once
(the same event twice in a batch counts once) into ``BatchFacts``, which merges the upserts per row by
the same rules as applying the events one by one, then writes them with one statement per kind. The
transaction runs on the driver's connection (``UnitOfWork.on_driver``): through the session, SQLAlchemy's
execution cost as much CPU as the rest of the batch (2.2 against 1.1 ms a batch of one event, measured
in process); the statements are the same, compiled once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from services.reporting.handlers.projections import Projection, projections_for
from services.reporting.repository.facts import BatchFacts
from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from shared.messaging.consumer import BatchApplier, claim_on
from shared.messaging.envelope import IncomingEnvelope

Projected = tuple[IncomingEnvelope, Any, Projection]


async def apply_batch(uow: ReportingUnitOfWork, consumer: str, events: Sequence[Projected]) -> int:
    """Claim, project and commit ``events`` (in stream order); returns how many were applied."""
    async with uow.on_driver() as db:
        fresh = await claim_on(db, consumer, [env for env, _, _ in events])
        facts, applied = BatchFacts(db), 0
        for env, body, projection in events:
            if env.event_id in fresh:
                fresh.discard(env.event_id)  # the same event twice in one batch: once
                await projection(facts, body)
                await facts.advance(env.stream, env.stream_seq)
                applied += 1
        await facts.flush()
    return applied


def batch_applier(producer: str) -> BatchApplier[ReportingUnitOfWork]:
    """The live consumer's batch applier for ``producer``'s stream."""
    projections = projections_for(producer)

    async def apply(
        uow: ReportingUnitOfWork, consumer: str, events: Sequence[tuple[IncomingEnvelope, Any]]
    ) -> int:
        return await apply_batch(
            uow, consumer, [(env, body, projections[env.event_type]) for env, body in events]
        )

    return apply
