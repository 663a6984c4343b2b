"""Who gets which copy of the figures: the one policy every output applies (HTTP, NATS, every export).

The exact figures are for the ward's own staff, looking at their own ward, in a copy meant for the ward.
Everyone else, and everything that leaves the ward, gets the copy ``domain.disclosure`` makes: small
counts of people withheld, with the figures that would give them away (a total over several wards is
given each ward's counts, so it can be withheld when it would). That means:

- ``GET /v1/indicators/values``, ``/v1/indicators/trend``, ``/v1/snapshots`` and ``/v1/snapshots/{id}``:
  exact for the ward's staff on their ward; disclosed for city staff and for every city scope;
- the exports (XLSX, CSV and the DOCX alike): exact only with ``audience=ward`` asked by the ward's staff;
  ``audience=city`` (the default) is the disclosed copy, whoever asks;
- the ``SnapshotPublished`` event on NATS: always the disclosed copy (it goes to the city).
"""

from __future__ import annotations

from collections.abc import Mapping

from services.reporting.domain.disclosure import Cells, disclose
from services.reporting.domain.snapshot import SnapshotContent
from services.reporting.handlers.commands import Audience
from shared.auth import Principal

LEAVES_THE_WARD = None  # the reader of a copy sent out: the NATS event, a file for the city


def exact_for(content: SnapshotContent, reader: Principal | None, audience: Audience = "ward") -> bool:
    """Whether ``reader`` gets the exact figures of ``content``: the ward's own staff, on their own
    ward, for the ward. A city scope (several wards) is never exact outside: no one is of all of them."""
    return (
        reader is not None
        and audience == "ward"
        and content.ward_codes == (content.scope,)
        and reader.ward == content.scope
    )


def copy_for(
    content: SnapshotContent,
    reader: Principal | None,
    *,
    threshold: int,
    wards: Mapping[str, Cells] | None = None,
    audience: Audience = "ward",
) -> SnapshotContent:
    """The copy of ``content`` that ``reader`` may see; ``wards``: each ward's people counts when
    ``content`` is a total over several wards (what its complementary suppression needs)."""
    if exact_for(content, reader, audience):
        return content
    return disclose(content, threshold, list((wards or {}).values()))
