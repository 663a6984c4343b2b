"""The chain of custody: appended in order, and any tampering found at the entry where it happened."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
from datetime import UTC, datetime, timedelta, timezone, tzinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.online_monitoring.domain.custody import (
    ACTION_VI,
    BREAK_VI,
    GENESIS,
    MAX_NOTE,
    Break,
    CustodyAction,
    CustodyEntry,
    CustodyError,
    append,
    entry_hash,
    verify,
)

SHA = hashlib.sha256(b"screenshot").hexdigest()
OTHER = hashlib.sha256(b"another").hexdigest()
T0 = datetime(2026, 12, 4, 9, 30, tzinfo=timezone(timedelta(hours=7)))
FOLLOWING = [
    CustodyAction.VIEWED,
    CustodyAction.DOWNLOADED,
    CustodyAction.HANDED_OVER,
    CustodyAction.EXPORTED,
]


def build(actions: list[CustodyAction], minutes: list[int] | None = None) -> list[CustodyEntry]:
    chain: list[CustodyEntry] = []
    for i, action in enumerate([CustodyAction.CAPTURED, *actions]):
        at = T0 + timedelta(minutes=(minutes[i] if minutes else i))
        chain.append(
            append(chain, evidence_sha256=SHA, action=action, actor=f"u-{i}", unit="ca", at=at, note=f"n{i}")
        )
    return chain


# ------------------------------------------------------------------ appending


def test_a_chain_starts_with_the_capture_from_genesis() -> None:
    first = append([], evidence_sha256=SHA, action=CustodyAction.CAPTURED, actor="u-1", unit="ca", at=T0)
    assert (first.sequence, first.previous_hash, first.note) == (1, GENESIS, "")
    assert GENESIS == "0" * 64
    assert first.entry_hash == h(1, SHA, "captured", "u-1", "ca", T0, "", GENESIS)
    assert verify([first]) is None


def test_each_entry_links_to_the_one_before() -> None:
    chain = build(FOLLOWING)
    assert [e.sequence for e in chain] == [1, 2, 3, 4, 5]
    assert all(b.previous_hash == a.entry_hash for a, b in itertools.pairwise(chain))
    assert len({e.entry_hash for e in chain}) == 5
    assert verify(chain) is None


def test_the_hash_is_sha256_of_a_versioned_json_array_in_utc() -> None:
    expected = json.dumps(
        [
            "pcmd-custody-1",
            "1",
            SHA,
            "captured",
            "u",
            "ca",
            "2026-12-04T02:30:00.000000+00:00",
            "ghi chú",
            GENESIS,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    assert (
        h(1, SHA, "captured", "u", "ca", T0, "ghi chú", GENESIS)
        == hashlib.sha256(expected.encode()).hexdigest()
    )
    # the same instant in another zone hashes the same; fields do not run into each other
    assert h(1, SHA, "viewed", "u", "ca", T0.astimezone(UTC), "", GENESIS) == h(
        1, SHA, "viewed", "u", "ca", T0, "", GENESIS
    )
    assert h(1, SHA, "viewed", "ab", "c", T0, "", GENESIS) != h(1, SHA, "viewed", "a", "bc", T0, "", GENESIS)


def test_appending_refuses_what_breaks_the_rules() -> None:
    chain = build([])

    def reason(entries: list[CustodyEntry], **changes: object) -> str:
        fields: dict[str, object] = {
            "evidence_sha256": SHA,
            "action": CustodyAction.VIEWED,
            "actor": "u-9",
            "unit": "vhxh",
            "at": T0 + timedelta(hours=1),
        }
        fields.update(changes)
        with pytest.raises(CustodyError) as caught:
            append(entries, **fields)  # type: ignore[arg-type]
        assert " / " in str(caught.value)
        return caught.value.reason

    assert reason([]) == "not_captured_first"
    assert reason(chain, action=CustodyAction.CAPTURED) == "captured_twice"
    assert reason(chain, evidence_sha256=OTHER) == "other_evidence"
    assert reason(chain, at=T0 - timedelta(microseconds=1)) == "time_backwards"
    assert reason(chain, at=datetime(2026, 12, 4, 10)) == "naive_time"
    assert reason(chain, actor=" ") == "invalid"
    assert reason(chain, unit="") == "invalid"
    assert reason(chain, evidence_sha256=SHA.upper()) == "invalid"
    assert reason(chain, evidence_sha256=SHA[:-1]) == "invalid"
    assert reason(chain, note="x" * (MAX_NOTE + 1)) == "invalid"


def test_appending_at_the_same_instant_and_with_the_longest_note_is_fine() -> None:
    chain = build([])
    viewed: CustodyAction = "viewed"  # type: ignore[assignment]  # as a string read from the database
    entry = append(
        chain, evidence_sha256=SHA, action=viewed, actor="u", unit="ca", at=T0, note="x" * MAX_NOTE
    )
    assert entry.action is CustodyAction.VIEWED and entry.sequence == 2
    assert verify([*chain, entry]) is None


def test_labels_cover_every_action_and_reason() -> None:
    assert set(ACTION_VI) == set(CustodyAction)
    assert Break(3, "altered").message == BREAK_VI["altered"]


# ------------------------------------------------------------------ tampering


def test_an_empty_chain_is_missing_its_capture() -> None:
    assert verify([]) == Break(1, "missing")


@pytest.mark.parametrize(
    "change",
    [
        {"actor": "someone-else"},
        {"unit": "vhxh"},
        {"note": "edited"},
        {"action": CustodyAction.EXPORTED},
        {"at": T0 + timedelta(minutes=2, seconds=1)},
        {"evidence_sha256": OTHER},
        {"sequence": 9},
        {"previous_hash": "1" * 64},
        {"entry_hash": "2" * 64},
    ],
)
def test_an_altered_field_breaks_its_own_entry(change: dict[str, object]) -> None:
    chain = build(FOLLOWING)
    chain[2] = dataclasses.replace(chain[2], **change)  # type: ignore[arg-type]
    assert verify(chain) == Break(chain[2].sequence, "altered")


def test_an_altered_entry_with_its_hash_recomputed_breaks_the_next_link() -> None:
    chain = build(FOLLOWING)
    forged = dataclasses.replace(chain[1], actor="u-forged")
    chain[1] = dataclasses.replace(forged, entry_hash=_rehash(forged))
    assert verify(chain) == Break(3, "previous_hash")


def test_a_removed_entry_breaks_the_numbering() -> None:
    chain = build(FOLLOWING)
    del chain[2]
    assert verify(chain) == Break(4, "sequence")


def test_reordered_entries_break_the_numbering() -> None:
    chain = build(FOLLOWING)
    chain[1], chain[2] = chain[2], chain[1]
    assert verify(chain) == Break(3, "sequence")


def test_a_renumbered_gap_breaks_the_link() -> None:
    chain = build(FOLLOWING)
    del chain[2]  # then renumber what follows and recompute their hashes, keeping their links
    for i in range(2, len(chain)):
        renumbered = dataclasses.replace(chain[i], sequence=i + 1)
        chain[i] = dataclasses.replace(renumbered, entry_hash=_rehash(renumbered))
    assert verify(chain) == Break(3, "previous_hash")


def test_a_wrong_previous_hash_with_a_matching_entry_hash() -> None:
    chain = build(FOLLOWING)
    relinked = dataclasses.replace(chain[3], previous_hash=chain[1].entry_hash)
    chain[3] = dataclasses.replace(relinked, entry_hash=_rehash(relinked))
    assert verify(chain) == Break(4, "previous_hash")
    first = dataclasses.replace(chain[0], previous_hash="f" * 64)
    assert verify([dataclasses.replace(first, entry_hash=_rehash(first))]) == Break(1, "previous_hash")


def test_rules_hold_even_when_hashes_are_forged_consistently() -> None:
    """A chain rebuilt with recomputed hashes still has to follow the rules of appending."""

    def forged(entries: list[tuple[CustodyAction, str, int]]) -> list[CustodyEntry]:
        chain: list[CustodyEntry] = []
        previous = GENESIS
        for n, (action, sha, minute) in enumerate(entries, start=1):
            at = T0 + timedelta(minutes=minute)
            digest = h(n, sha, action, "u", "ca", at, "", previous)
            chain.append(CustodyEntry(n, sha, action, "u", "ca", at, "", previous, digest))
            previous = digest
        return chain

    assert verify(forged([(CustodyAction.VIEWED, SHA, 0)])) == Break(1, "not_captured_first")
    assert verify(forged([(CustodyAction.CAPTURED, SHA, 0), (CustodyAction.CAPTURED, SHA, 1)])) == Break(
        2, "captured_twice"
    )
    assert verify(forged([(CustodyAction.CAPTURED, SHA, 0), (CustodyAction.VIEWED, OTHER, 1)])) == Break(
        2, "other_evidence"
    )
    assert verify(forged([(CustodyAction.CAPTURED, SHA, 5), (CustodyAction.VIEWED, SHA, 4)])) == Break(
        2, "time_backwards"
    )
    assert verify(forged([(CustodyAction.CAPTURED, SHA, 5), (CustodyAction.VIEWED, SHA, 5)])) is None


def _rehash(e: CustodyEntry) -> str:
    return h(e.sequence, e.evidence_sha256, e.action, e.actor, e.unit, e.at, e.note, e.previous_hash)


def h(*fields: object) -> str:
    names = ("sequence", "evidence_sha256", "action", "actor", "unit", "at", "note", "previous_hash")
    return entry_hash(**dict(zip(names, fields, strict=True)))  # type: ignore[arg-type]


# ------------------------------------------------------------------ properties

_actions = st.lists(st.sampled_from([*FOLLOWING, CustodyAction.VERIFIED]), max_size=8)


@given(_actions, st.data())
def test_any_chain_built_by_appending_verifies(actions: list[CustodyAction], data: st.DataObject) -> None:
    gaps = data.draw(st.lists(st.integers(0, 100), min_size=len(actions) + 1, max_size=len(actions) + 1))
    minutes = [sum(gaps[: i + 1]) for i in range(len(gaps))]
    assert verify(build(actions, minutes)) is None


@given(
    _actions.filter(lambda a: len(a) >= 1),
    st.data(),
    st.sampled_from(["actor", "unit", "note", "at", "action"]),
)
def test_any_altered_field_is_found_at_its_entry(
    actions: list[CustodyAction], data: st.DataObject, name: str
) -> None:
    chain = build(actions)
    k = data.draw(st.integers(0, len(chain) - 1))
    value = {
        "actor": chain[k].actor + "x",
        "unit": chain[k].unit + "x",
        "note": chain[k].note + " ",
        "at": chain[k].at + timedelta(microseconds=1),
        "action": CustodyAction.VERIFIED
        if chain[k].action != CustodyAction.VERIFIED
        else CustodyAction.VIEWED,
    }[name]
    chain[k] = dataclasses.replace(chain[k], **{name: value})  # type: ignore[arg-type]
    assert verify(chain) == Break(k + 1, "altered")


@given(_actions.filter(lambda a: len(a) >= 2), st.data())
def test_any_removed_or_moved_entry_is_found(actions: list[CustodyAction], data: st.DataObject) -> None:
    chain = build(actions)
    k = data.draw(st.integers(0, len(chain) - 2))  # not the last: a shorter chain still holds
    removed = chain[:k] + chain[k + 1 :]
    found = verify(removed)
    assert found is not None and found.sequence == k + 2
    j = data.draw(st.integers(k + 1, len(chain) - 1))
    moved = list(chain)
    moved[k], moved[j] = moved[j], moved[k]
    found = verify(moved)
    assert found is not None and found.sequence == j + 1 and found.reason == "sequence"


# ------------------------------------------------------------------ as read back from storage


def _copied(text: str) -> str:
    """An equal string that is another object (as a database driver returns it)."""
    return "".join(list(text))


def test_a_chain_read_back_from_storage_verifies() -> None:
    chain = [
        CustodyEntry(
            e.sequence,
            _copied(e.evidence_sha256),
            e.action,
            _copied(e.actor),
            _copied(e.unit),
            e.at,
            _copied(e.note),
            _copied(e.previous_hash),
            _copied(e.entry_hash),
        )
        for e in build(FOLLOWING)
    ]
    assert verify(chain) is None
    follows = append(
        chain,
        evidence_sha256=_copied(SHA),
        action=CustodyAction.VIEWED,
        actor="u",
        unit="ca",
        at=T0 + timedelta(days=1),
    )
    assert verify([*chain, follows]) is None


def test_actions_read_as_plain_strings_verify() -> None:
    chain = [dataclasses.replace(e, action=str(e.action.value)) for e in build(FOLLOWING)]  # type: ignore[arg-type]
    assert verify(chain) is None
    second = chain[1]
    recaptured = dataclasses.replace(second, action="captured")  # type: ignore[arg-type]
    chain[1] = dataclasses.replace(recaptured, entry_hash=_rehash(recaptured))
    assert verify(chain[:2]) == Break(2, "captured_twice")


def test_a_long_chain_verifies_and_breaks_where_tampered() -> None:
    chain = build([CustodyAction.VIEWED] * 299)
    assert verify(chain) is None
    del chain[280]
    assert verify(chain) == Break(282, "sequence")


def test_a_repeated_entry_breaks_the_numbering() -> None:
    chain = build(FOLLOWING)
    chain.insert(2, chain[1])
    assert verify(chain) == Break(2, "sequence")


@pytest.mark.parametrize("other", ["0" * 64, "f" * 64])
def test_another_evidence_is_refused_whichever_its_hash(other: str) -> None:
    chain = build([])
    with pytest.raises(CustodyError, match="khác"):
        append(chain, evidence_sha256=other, action=CustodyAction.VIEWED, actor="u", unit="ca", at=T0)
    previous = chain[0]
    digest = h(2, other, CustodyAction.VIEWED, "u", "ca", T0, "", previous.entry_hash)
    forged = CustodyEntry(2, other, CustodyAction.VIEWED, "u", "ca", T0, "", previous.entry_hash, digest)
    assert verify([previous, forged]) == Break(2, "other_evidence")


def test_a_time_zone_without_an_offset_is_naive() -> None:
    class NoOffset(tzinfo):
        def utcoffset(self, dt: datetime | None) -> timedelta | None:
            return None

        def dst(self, dt: datetime | None) -> timedelta | None:
            return None

        def tzname(self, dt: datetime | None) -> str | None:
            return None

    with pytest.raises(CustodyError) as caught:
        append(
            [],
            evidence_sha256=SHA,
            action=CustodyAction.CAPTURED,
            actor="u",
            unit="ca",
            at=T0.replace(tzinfo=NoOffset()),
        )
    assert caught.value.reason == "naive_time"


def test_entries_and_breaks_are_values() -> None:
    entry = build([])[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.note = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Break(1, "missing").reason = "altered"  # type: ignore[misc]
    assert MAX_NOTE == 1000


def test_fields_are_given_by_name() -> None:
    """actor and unit are both strings: by position they could be swapped unnoticed."""
    with pytest.raises(TypeError):
        append([], SHA, CustodyAction.CAPTURED, "u", "ca", T0)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        entry_hash(1, SHA, "captured", "u", "ca", T0, "", GENESIS)  # type: ignore[call-arg]
