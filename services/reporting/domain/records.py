"""What happens to the programme's own records: the domain events the unit of work publishes."""

from __future__ import annotations

from dataclasses import dataclass

from services.reporting.domain.snapshot import SnapshotContent


@dataclass(frozen=True, slots=True)
class Recorded:
    """A programme record was created (an activity, a training, a roster entry, a plan, ...)."""


@dataclass(frozen=True, slots=True)
class Ended:
    """A roster entry ended."""


@dataclass(frozen=True, slots=True)
class Issued:
    """A scheduled directive was issued."""


@dataclass(frozen=True, slots=True)
class Published:
    """A snapshot was approved and published for the city: ``figures`` is the copy that leaves the ward
    (the use case applies the one disclosure policy, ``handlers.disclosure``)."""

    figures: SnapshotContent
