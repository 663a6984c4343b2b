"""Which failed publishes count against an outbox row: the row's own faults, not the cluster's."""

from __future__ import annotations

import pytest
from nats.js.errors import APIError, NoStreamResponseError

from shared.contracts.catalog import stream_subjects
from shared.messaging.relay import _matches, _own_fault

TAKEN = stream_subjects("intake")  # pcmd.*.intake.>


@pytest.mark.parametrize(
    ("subject", "pattern", "expected"),
    [
        ("pcmd.lechan.intake.tip.received", "pcmd.*.intake.>", True),
        ("pcmd.lechan.intake", "pcmd.*.intake.>", False),  # '>' takes one token at least
        ("pcmd.lechan.x.intake.tip.received", "pcmd.*.intake.>", False),
        ("pcmd.a.b.intake.tip.received", "pcmd.*.intake.>", False),  # '*' is one token
        ("pcmd.lechan.intake.tip", "pcmd.*.intake.tip", True),
        ("pcmd.lechan.intake.tip.x", "pcmd.*.intake.tip", False),
        ("pcmd.lechan", "pcmd.*.intake.tip", False),
        ("a.b", ">", True),
    ],
)
def test_subjects_match_as_nats_matches_them(subject: str, pattern: str, expected: bool) -> None:
    assert _matches(subject, pattern) is expected


def test_no_answer_for_a_subject_the_stream_takes_is_not_the_rows_fault() -> None:
    taken = "pcmd.lechan.intake.tip.received"
    for exc in (NoStreamResponseError(), TimeoutError("no PubAck in time"), APIError(code=503)):
        assert not _own_fault(taken, exc, TAKEN), exc


def test_no_answer_for_a_subject_no_stream_takes_and_any_refusal_are_the_rows_fault() -> None:
    assert _own_fault("pcmd.lechan.x.intake.tip.received", NoStreamResponseError(), TAKEN)
    assert _own_fault("pcmd.lechan.intake.tip.received", APIError(code=400, description="too large"), TAKEN)
    assert _own_fault("pcmd.lechan.intake.tip.received", ValueError("bad subject"), TAKEN)
    assert _own_fault("pcmd.lechan.intake.tip.received", NoStreamResponseError(), [])
