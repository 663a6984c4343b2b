"""Difficulties and proposals: the status moves (open → addressed or carried to the city → addressed),
each with its response, and who sees what (a unit its own; the office and leadership every unit's)."""

from __future__ import annotations

import pytest

from services.reporting.domain import difficulties as d


@pytest.mark.parametrize(
    ("current", "new"), [("open", "addressed"), ("open", "carried_to_city"), ("carried_to_city", "addressed")]
)
def test_the_allowed_moves(current: str, new: str) -> None:
    assert d.move(current, new, "Đã trả lời tại Công văn 12/VHXH") == new


@pytest.mark.parametrize(
    ("current", "new"),
    [
        ("addressed", "open"),
        ("addressed", "carried_to_city"),
        ("addressed", "addressed"),
        ("carried_to_city", "open"),
        ("carried_to_city", "carried_to_city"),
        ("open", "open"),
        ("open", "closed"),
    ],
)
def test_a_final_backward_or_unknown_move_is_refused(current: str, new: str) -> None:
    with pytest.raises(d.BadMove) as refused:
        d.move(current, new, "Trả lời")
    assert f"from {current} to {new}" in str(refused.value)
    assert d.STATUSES[current][0] in str(refused.value)


def test_an_unknown_current_status_moves_nowhere() -> None:
    with pytest.raises(d.BadMove):
        d.move("lost", "addressed", "Trả lời")


def test_the_refusal_names_a_known_target_in_vietnamese() -> None:
    with pytest.raises(d.BadMove) as refused:
        d.move("addressed", "open", "x")
    assert "«Chưa giải quyết»" in str(refused.value)


@pytest.mark.parametrize("response", ["", "   ", "\n"])
def test_a_move_says_what_was_done(response: str) -> None:
    with pytest.raises(d.ResponseMissing):
        d.move("open", "addressed", response)


def test_a_refused_move_is_refused_before_the_response_is_looked_at() -> None:
    with pytest.raises(d.BadMove):
        d.move("addressed", "open", "")


def test_a_unit_sees_its_own_and_the_office_and_leadership_see_all() -> None:
    assert d.may_see("ca", "ca") and not d.may_see("ca", "ttdv") and not d.may_see("tdp", "ca")
    assert d.may_see("".join(["c", "a"]), "ca"), "equal codes, whatever object holds them (from a token)"
    assert d.may_see("vhxh", "ca") and d.may_see("ubnd", "ktht") and d.may_see("vhxh", "vhxh")
    assert d.sees_all("vhxh") and d.sees_all("ubnd") and not d.sees_all("ca") and not d.sees_all("city")


def test_the_vocabulary_is_bilingual_and_every_status_has_its_moves() -> None:
    assert set(d.MOVES) == set(d.STATUSES) and set(d.KINDS) == {"difficulty", "proposal"}
    for table in (d.KINDS, d.AREAS, d.STATUSES):
        assert all(vi and en and vi != en for vi, en in table.values())
    assert all(moves <= set(d.STATUSES) for moves in d.MOVES.values())
