"""Transparency figures: each fact counted in the month (the ward's calendar) and platform where it
happened; removals within the platform's deadline; the median hours from request to removal."""

from __future__ import annotations

import datetime as dt
import uuid

from services.online_monitoring.domain.item import Classification, Content, Item, Report, ReportSource
from services.online_monitoring.domain.kinds import ContentSpace, ItemCategory, Platform
from services.online_monitoring.domain.takedown import Channel, CompetentBody
from services.online_monitoring.domain.transparency import Figures, figures, month_of

UTC = dt.UTC
H72 = dt.timedelta(hours=72)


def at(month: int, day: int, hour: float = 0) -> dt.datetime:
    return dt.datetime(2027, month, day, tzinfo=UTC) + dt.timedelta(hours=hour)


def item(n: int, platform: Platform, reported: dt.datetime) -> Item:
    content = Content(f"https://x/{n}", platform, ContentSpace.OTHER, f"k{n}", f"{n:064d}")
    report = Report(uuid.uuid4(), ReportSource.PROACTIVE_MONITORING, reported)
    return Item.report(uuid.uuid4(), ward="w", content=content, report=report, due_at=reported + H72)


def removed(i: Item, sent: dt.datetime, after_hours: float, deadline: int = 24) -> Item:
    i.classify(Classification(ItemCategory.SOLICITATION, True, "ca", sent))
    t = i.draft_takedown(
        uuid.uuid4(), channel=Channel.VIA_AUTHORITY, via=CompetentBody.MINISTRY, legal_basis="NĐ 147",
        deadline_hours=deadline, by="ca", at=sent,
    )  # fmt: skip
    i.send_takedown(t.id, "ca", sent)
    if after_hours >= 0:
        i.record_removal(t.id, "ca", sent + dt.timedelta(hours=after_hours))
    return i


def test_months_are_the_wards_calendar() -> None:
    assert month_of(dt.datetime(2027, 1, 31, 16, 59, tzinfo=UTC)) == "2027-01"
    assert month_of(dt.datetime(2027, 1, 31, 17, 0, tzinfo=UTC)) == "2027-02"  # midnight in Hải Phòng


def test_each_fact_counts_in_its_own_month_and_platform() -> None:
    fb1 = removed(item(1, Platform.FACEBOOK, at(1, 30)), at(1, 30, 5), after_hours=10)  # within 24 h
    fb2 = removed(item(2, Platform.FACEBOOK, at(1, 31)), at(1, 31, 20), after_hours=30)  # late, in February
    fb3 = removed(item(3, Platform.FACEBOOK, at(2, 2)), at(2, 3), after_hours=4)
    tk = removed(item(4, Platform.TIKTOK, at(2, 5)), at(2, 5, 1), after_hours=-1)  # sent, not removed
    fb1.add_report(Report(uuid.uuid4(), ReportSource.PUBLIC_REPORT, at(2, 20)), H72)  # reappeared
    quiet = item(5, Platform.ZALO, at(3, 1))  # outside the months asked
    rows = figures([fb1, fb2, fb3, tk, quiet], frozenset({"2027-01", "2027-02"}))
    view = {(r.month, r.platform.value): r for r in rows}
    assert list(view) == [("2027-01", "facebook"), ("2027-02", "facebook"), ("2027-02", "tiktok")]
    jan, feb, tiktok = view.values()
    # fb2's request went out at 20:00 UTC on 31 January: 03:00 on 1 February in the ward
    assert (jan.reported, jan.classified, jan.takedowns_requested, jan.removed) == (2, 1, 1, 1)
    assert (jan.removed_within_deadline, jan.median_hours_to_removal, jan.reappearances) == (1, 10.0, 0)
    assert (feb.reported, feb.classified, feb.takedowns_requested) == (1, 2, 2)
    assert (feb.removed, feb.removed_within_deadline, feb.reappearances) == (2, 1, 1)
    assert feb.hours_to_removal == [30.0, 4.0] and feb.median_hours_to_removal == 17.0
    assert (tiktok.reported, tiktok.takedowns_requested, tiktok.removed) == (1, 1, 0)
    assert tiktok.median_hours_to_removal is None
    assert len(figures([quiet])) == 1 and figures([]) == []


def test_median_of_an_odd_count_and_rounding() -> None:
    f = Figures("2027-01", Platform.OTHER, hours_to_removal=[1.0, 2.26, 90.0])
    assert f.median_hours_to_removal == 2.3
    assert Figures("2027-01", Platform.OTHER, hours_to_removal=[1.0, 2.0]).median_hours_to_removal == 1.5


def test_the_deadline_edge_counts_as_within() -> None:
    on_edge = removed(item(1, Platform.X, at(4, 1)), at(4, 1), after_hours=24)
    [r] = figures([on_edge])
    assert r.removed_within_deadline == 1 and r.median_hours_to_removal == 24.0


def test_a_drafted_request_counts_nothing_and_rows_sort_by_month_then_platform() -> None:
    zalo = item(1, Platform.ZALO, at(1, 10))
    zalo.classify(Classification(ItemCategory.SOLICITATION, True, "ca", at(1, 10, 1)))
    zalo.draft_takedown(
        uuid.uuid4(), channel=Channel.VIA_AUTHORITY, via=CompetentBody.MINISTRY, legal_basis="NĐ 147",
        deadline_hours=24, by="ca", at=at(1, 10, 2),
    )  # fmt: skip
    facebook = removed(item(2, Platform.FACEBOOK, at(2, 1)), at(2, 1, 1), after_hours=2)
    rows = figures([facebook, zalo])
    assert [(r.month, r.platform) for r in rows] == [
        ("2027-01", Platform.ZALO),
        ("2027-02", Platform.FACEBOOK),
    ]
    assert (rows[0].classified, rows[0].takedowns_requested, rows[0].removed) == (1, 0, 0)
    assert (rows[1].takedowns_requested, rows[1].removed, rows[1].median_hours_to_removal) == (1, 1, 2.0)
