"""What the API answers about a tip's steps."""

from __future__ import annotations

from services.intake.handlers.views import DETAIL_INSTANTS, _details


def test_a_steps_moved_deadline_is_answered_in_the_wards_time_and_other_details_as_kept() -> None:
    kept = {
        "previous_due_at": "2026-03-30T16:59:59+00:00",
        "due_at": "2026-05-29T16:59:59+00:00",
        "due_rule": "x",
    }
    assert set(DETAIL_INSTANTS) <= set(kept)
    assert _details(kept) == {
        "previous_due_at": "2026-03-30T23:59:59+07:00",
        "due_at": "2026-05-29T23:59:59+07:00",
        "due_rule": "x",
    }
