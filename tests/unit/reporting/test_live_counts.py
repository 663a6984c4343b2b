"""Counts kept while the database is unchanged: reused in the same snapshot, within the time to live
for a period not yet ended, whatever the time for one ended; counted again otherwise."""

from __future__ import annotations

import datetime as dt

from services.reporting.handlers.live import LiveCounts

T0 = dt.datetime(2026, 11, 29, 10, tzinfo=dt.UTC)
ENDS = dt.datetime(2026, 12, 31, 17, tzinfo=dt.UTC)  # the period under way ends after T0
ENDED = dt.datetime(2026, 9, 30, 17, tzinfo=dt.UTC)  # a period that had ended by T0
SECOND = dt.timedelta(seconds=1)


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self) -> int:
        self.calls += 1
        return self.calls


async def test_the_same_snapshot_within_the_ttl_reuses_the_count_and_its_moment() -> None:
    live, count = LiveCounts(ttl=30 * SECOND), Counter()
    assert await live.reuse("s1", "k", T0, ENDS, count) == (1, T0)
    assert await live.reuse("s1", "k", T0 + 29 * SECOND, ENDS, count) == (1, T0), "as of when it was counted"
    assert count.calls == 1 and (live.hits, live.misses) == (1, 1)


async def test_another_snapshot_key_or_moment_past_the_ttl_counts_again() -> None:
    live, count = LiveCounts(ttl=30 * SECOND), Counter()
    await live.reuse("s1", "k", T0, ENDS, count)
    assert await live.reuse("s2", "k", T0, ENDS, count) == (2, T0), "the database changed"
    assert await live.reuse("s2", "other", T0, ENDS, count) == (3, T0), "another count"
    assert await live.reuse("s2", "k", T0 + 30 * SECOND, ENDS, count) == (4, T0 + 30 * SECOND)
    assert await live.reuse("s2", "k", T0 + 29 * SECOND, ENDS, count) == (5, T0 + 29 * SECOND), (
        "a clock set back is not within the time to live"
    )


async def test_a_period_ended_is_reused_at_any_later_moment_but_not_as_of_a_moment_before_its_end() -> None:
    live, count = LiveCounts(ttl=30 * SECOND), Counter()
    assert await live.reuse("s1", "k", T0, ENDED, count) == (1, T0)
    assert await live.reuse("s1", "k", T0 + dt.timedelta(days=40), ENDED, count) == (1, T0)
    before_end = ENDED - dt.timedelta(days=1)
    assert await live.reuse("s1", "k", before_end, ENDED, count) == (2, before_end), "counted as of then"


async def test_the_least_recently_used_count_goes_first_beyond_the_size() -> None:
    live, count = LiveCounts(size=2), Counter()
    await live.reuse("s", "a", T0, ENDS, count)
    await live.reuse("s", "b", T0, ENDS, count)
    await live.reuse("s", "a", T0, ENDS, count)  # "a" used last: "b" is the least recently used
    await live.reuse("s", "c", T0, ENDS, count)
    assert count.calls == 3
    assert (await live.reuse("s", "a", T0, ENDS, count))[0] == 1, "kept"
    assert (await live.reuse("s", "b", T0, ENDS, count))[0] == 4, "dropped, counted again"
