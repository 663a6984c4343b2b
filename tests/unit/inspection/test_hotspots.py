"""Hotspots: the rule that suggests a place (the window's edges, the count, a serious violation), which
places it stays silent about, and the lifecycle a person decides (confirm, dismiss, clear after a quiet
period, re-formation), with the events each step records."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.inspection.domain.hotspots import (
    TRANSITIONS,
    VN,
    Hotspot,
    HotspotCleared,
    HotspotConfirmed,
    HotspotDismissed,
    HotspotRefused,
    HotspotRules,
    HotspotStatus,
    HotspotSuggested,
    Place,
    QuietPeriodNotOver,
    Signal,
    SignalKind,
    Step,
    StepNotAllowed,
    Suggestion,
    Trigger,
    local_day,
    suggest,
)
from services.inspection.domain.kinds import HotspotFormation, PlaceKind, ViolationKind

H, K, V = HotspotStatus, SignalKind, ViolationKind
BAR = Place(PlaceKind.ESTABLISHMENT, "cs-0012", "tdp-12", "est-12")
STREET = Place(PlaceKind.STREET, "pho-hang-bac", "tdp-3")
DAY0 = dt.date(2026, 9, 1)
OFFICER = "vhxh:nguyen.van.a"


def on(n: int) -> dt.date:
    return DAY0 + dt.timedelta(days=n)


def at(n: int, hour: int = 9) -> dt.datetime:
    """9:00 in the ward on day n, as a UTC instant."""
    return dt.datetime.combine(on(n), dt.time(hour), VN).astimezone(dt.UTC)


def tip(id_: str, n: int, place: Place = BAR) -> Signal:
    return Signal(K.TIP, id_, place, on(n))


def item(id_: str, n: int, place: Place = BAR) -> Signal:
    return Signal(K.ONLINE_ITEM, id_, place, on(n))


def violation(id_: str, n: int, kind: ViolationKind = V.OTHER, place: Place = BAR) -> Signal:
    return Signal(K.VIOLATION, id_, place, on(n), kind, f"insp-{id_}")


THREE = (tip("t1", 0), item("o1", 10), violation("v1", 20))


def opened(signals: tuple[Signal, ...] = THREE, n: int = 30, id_: str = "h1") -> Hotspot:
    (suggestion,) = suggest(signals, [], on(n))
    return Hotspot.open(id_, suggestion, at(n))[0]


def confirmed(signals: tuple[Signal, ...] = THREE, n: int = 30, id_: str = "h1") -> Hotspot:
    return opened(signals, n, id_).confirm(at(n, 10), OFFICER, [])[0]


# ---------------------------------------------------------------- the rule


def test_the_default_rules() -> None:
    rules = HotspotRules()
    assert (rules.window_days, rules.min_signals, rules.quiet_days) == (90, 3, 90)
    assert rules.serious == {V.PROSTITUTION_ON_PREMISES, V.HARBOURING_OR_BROKERING}


@pytest.mark.parametrize(("today", "found"), [(20, True), (89, True), (90, False), (91, False)])
def test_three_signals_within_90_days_the_edges(today: int, found: bool) -> None:
    # day 0 is inside the window of day 89 (its 90th day), outside that of day 90
    suggestions = suggest(THREE, [], on(today))
    assert bool(suggestions) is found
    if found:
        (s,) = suggestions
        assert (s.place, s.trigger, s.evidence) == (BAR, Trigger.SIGNALS, THREE)
        assert (s.window_first, s.window_last) == (on(today - 89), on(today))


@pytest.mark.parametrize(("last", "found"), [(88, True), (89, True), (90, False)])
def test_the_last_of_three_signals_on_day_n_minus_1_n_n_plus_1(last: int, found: bool) -> None:
    signals = (tip("t1", 0), tip("t2", 40), tip("t3", last))
    assert bool(suggest(signals, [], on(last))) is found


def test_two_signals_are_not_enough_three_are() -> None:
    assert suggest(THREE[:2], [], on(30)) == ()
    assert len(suggest(THREE, [], on(30))) == 1


def test_the_window_and_the_count_are_data() -> None:
    rules = HotspotRules(window_days=30, min_signals=2)
    assert suggest((tip("t1", 0), tip("t2", 29)), [], on(29), rules)[0].evidence == (
        tip("t1", 0), tip("t2", 29),
    )  # fmt: skip
    assert suggest((tip("t1", 0), tip("t2", 30)), [], on(30), rules) == ()
    assert suggest((tip("t1", 0), tip("t2", 3)), [], on(3), HotspotRules(min_signals=4)) == ()


@pytest.mark.parametrize("kind", [V.PROSTITUTION_ON_PREMISES, V.HARBOURING_OR_BROKERING])
def test_one_serious_violation_is_enough(kind: ViolationKind) -> None:
    (s,) = suggest((violation("v1", 5, kind),), [], on(5))
    assert (s.trigger, s.evidence) == (Trigger.SERIOUS_VIOLATION, (violation("v1", 5, kind),))
    # with other signals it still says so, and lists them all
    (s,) = suggest((tip("t1", 1), violation("v1", 5, kind), tip("t2", 3)), [], on(6))
    assert (s.trigger, [e.id for e in s.evidence]) == (Trigger.SERIOUS_VIOLATION, ["t1", "t2", "v1"])


def test_a_serious_violation_counts_inside_the_window_only() -> None:
    serious = (violation("v1", 0, V.HARBOURING_OR_BROKERING),)
    assert len(suggest(serious, [], on(89))) == 1
    assert suggest(serious, [], on(90)) == ()
    assert suggest((violation("v1", 5, V.STAFF_RULES),), [], on(5)) == ()  # not a serious kind
    custom = HotspotRules(serious=frozenset({V.STAFF_RULES}))
    assert (
        suggest((violation("v1", 5, V.STAFF_RULES),), [], on(5), custom)[0].trigger
        is Trigger.SERIOUS_VIOLATION
    )


def test_signals_after_today_are_not_counted() -> None:
    assert suggest(THREE, [], on(19)) == ()
    assert suggest((violation("v1", 6, V.PROSTITUTION_ON_PREMISES),), [], on(5)) == ()


def test_a_signal_counts_once_whatever_the_times_it_is_given() -> None:
    assert suggest((tip("t1", 0), tip("t1", 0), tip("t2", 1)), [], on(2)) == ()
    # the same id of another kind is another signal
    assert len(suggest((tip("x", 0), item("x", 0), violation("x", 1)), [], on(2))) == 1


def test_signals_add_up_per_place() -> None:
    mixed = (tip("t1", 0), tip("t2", 1, STREET), tip("t3", 2), tip("t4", 3, STREET))
    assert suggest(mixed, [], on(5)) == ()
    both = (*mixed, item("o1", 4), item("o2", 4, STREET))
    assert [s.place for s in suggest(both, [], on(5))] == [BAR, STREET]  # sorted by place key


def test_an_establishment_is_known_by_its_id_another_place_by_its_code() -> None:
    assert BAR.key == "establishment:est-12"
    assert STREET.key == "place:pho-hang-bac"
    renamed = dataclasses.replace(BAR, code="cs-0012-moi", residential_group="tdp-13")
    (s,) = suggest((tip("t1", 0), tip("t2", 1), tip("t3", 2, renamed)), [], on(3))
    assert s.place == renamed  # the place as the latest signal gives it
    elsewhere = dataclasses.replace(BAR, establishment_id="est-99")
    assert suggest((tip("t1", 0), tip("t2", 1), tip("t3", 2, elsewhere)), [], on(3)) == ()


def test_the_suggestion_says_why_in_both_languages() -> None:
    (s,) = suggest(THREE, [], on(30))
    assert (s.text_vi, s.text_en) == (
        "3 tín hiệu cùng một địa điểm (04/07/2026 - 01/10/2026)",
        "3 signals at the same place (2026-07-04 to 2026-10-01)",
    )
    (serious,) = suggest((violation("v1", 5, V.PROSTITUTION_ON_PREMISES),), [], on(5))
    assert (serious.text_vi, serious.text_en) == (
        "Có vi phạm nghiêm trọng; số tín hiệu trong thời gian xét: 1 (09/06/2026 - 06/09/2026)",
        "A serious violation; signals in the window: 1 (2026-06-09 to 2026-09-06)",
    )


# ---------------------------------------------------------------- when the rule stays silent


def test_no_new_suggestion_while_one_is_open_or_the_hotspot_is_active() -> None:
    more = (*THREE, tip("t9", 40))
    assert suggest(more, [opened()], on(40)) == ()
    assert suggest(more, [confirmed()], on(40)) == ()
    # another place's hotspot does not silence this one
    street = opened((tip("s1", 1, STREET), tip("s2", 2, STREET), tip("s3", 3, STREET)))
    assert [s.place for s in suggest(more, [street], on(40))] == [BAR]


def test_a_dismissed_place_comes_back_only_with_a_signal_the_dismissal_had_not_seen() -> None:
    dismissed = opened().dismiss(at(30), OFFICER, "tin trùng lặp, đã xác minh")[0]
    assert suggest(THREE, [dismissed], on(31)) == ()
    assert suggest((*THREE[1:], tip("t9", 31)), [dismissed], on(31))[0].evidence[-1] == tip("t9", 31)
    # a second dismissal adds its evidence to the first
    again = Hotspot.open("h2", suggest((*THREE, tip("t9", 31)), [dismissed], on(31))[0], at(31))[0]
    again = again.dismiss(at(32), OFFICER, "vẫn không có cơ sở")[0]
    assert suggest((*THREE, tip("t9", 31)), [dismissed, again], on(40)) == ()
    # the dismissal of another place does not count here
    other = dataclasses.replace(dismissed, place=STREET)
    assert len(suggest(THREE, [other], on(31))) == 1


def test_a_dismissed_place_does_not_silence_the_places_after_it() -> None:
    dismissed = opened().dismiss(at(30), OFFICER, "không có cơ sở")[0]
    street = (tip("s1", 28, STREET), tip("s2", 29, STREET), tip("s3", 30, STREET))
    assert [s.place for s in suggest((*THREE, *street), [dismissed], on(31))] == [STREET]


def test_a_cleared_place_counts_only_the_signals_after_its_clearing_day() -> None:
    quick = HotspotRules(quiet_days=5)
    cleared = confirmed().clear(at(40), OFFICER, "đã ổn định", THREE, quick)[0]
    assert suggest(THREE, [cleared], on(41), quick) == ()
    on_the_day = (tip("t4", 40), tip("t5", 41), tip("t6", 42))
    assert suggest((*THREE, *on_the_day), [cleared], on(42), quick) == ()
    after = (*on_the_day, tip("t7", 43))
    (s,) = suggest((*THREE, *after), [cleared], on(43), quick)
    assert [e.id for e in s.evidence] == ["t5", "t6", "t7"]
    # cleared twice: from the later clearing, whatever the order given
    earlier = confirmed().clear(at(35), OFFICER, "đã ổn định", THREE, quick)[0]
    for history in ([earlier, cleared], [cleared, earlier]):
        assert suggest((*THREE, *after), history, on(43), quick)[0].evidence == s.evidence
    # another place's clearing does not matter here
    elsewhere = dataclasses.replace(cleared, place=STREET)
    assert len(suggest(THREE, [elsewhere], on(41), quick)[0].evidence) == 3


def test_a_cleared_place_is_suggested_again() -> None:
    cleared = confirmed().clear(at(120), OFFICER, "đã ổn định", THREE)[0]
    later = (tip("t4", 130), tip("t5", 131), item("o5", 132))
    assert len(suggest((*THREE, *later), [cleared], on(132))) == 1


# ---------------------------------------------------------------- the lifecycle


def test_a_suggestion_opens_a_hotspot_and_records_the_event() -> None:
    (s,) = suggest(THREE, [], on(30))
    hotspot, event = Hotspot.open("h1", s, at(30))
    assert (hotspot.status, hotspot.place, hotspot.evidence, hotspot.suggested_at) == (
        H.SUGGESTED, BAR, THREE, at(30),
    )  # fmt: skip
    assert not hotspot.is_active
    assert event == HotspotSuggested("h1", at(30), BAR, Trigger.SIGNALS, ("t1", "o1", "v1"))
    with pytest.raises(ValueError, match="timezone-aware"):
        Hotspot.open("h1", s, dt.datetime(2026, 10, 1, 9))


def test_confirming_flags_the_place_formed_the_first_time() -> None:
    hotspot, event = opened().confirm(at(31), OFFICER, [])
    assert (hotspot.status, hotspot.formation, hotspot.decided_at, hotspot.decided_by) == (
        H.CONFIRMED, HotspotFormation.FORMED, at(31), OFFICER,
    )  # fmt: skip
    assert hotspot.is_active
    assert event == HotspotConfirmed(
        "h1", at(31), OFFICER, PlaceKind.ESTABLISHMENT, "cs-0012", "tdp-12", "est-12",
        HotspotFormation.FORMED, source_tip_id="t1", source_inspection_id="insp-v1",
    )  # fmt: skip


def test_the_sources_are_the_latest_tip_and_the_latest_violations_inspection() -> None:
    signals = (tip("t1", 0), violation("v1", 1), tip("t2", 2), violation("v2", 3), item("o1", 4))
    event = opened(signals).confirm(at(30), OFFICER, [])[1]
    assert (event.source_tip_id, event.source_inspection_id) == ("t2", "insp-v2")
    items = (item("o1", 0), item("o2", 1), item("o3", 2, STREET), item("o4", 3))
    event = opened(items).confirm(at(30), OFFICER, [])[1]
    assert (event.source_tip_id, event.source_inspection_id, event.establishment_id) == (None, None, "est-12")


def test_a_place_flagged_again_after_clearing_is_re_formed() -> None:
    first = confirmed()
    cleared, event = first.clear(at(120), OFFICER, "  không còn hoạt động  ", THREE)
    assert event == HotspotCleared("h1", at(120), OFFICER, "cs-0012", "tdp-12", "không còn hoạt động")
    assert (cleared.status, cleared.clearing_reason, cleared.cleared_by, cleared.cleared_at) == (
        H.CLEARED, "không còn hoạt động", OFFICER, at(120),
    )  # fmt: skip
    later = (*THREE, tip("t4", 130), tip("t5", 131), violation("v5", 132))
    (s,) = suggest(later, [cleared], on(132))
    second = Hotspot.open("h2", s, at(132))[0]
    reformed, event2 = second.confirm(at(133), OFFICER, [cleared, second])
    assert (reformed.formation, event2.formation) == (HotspotFormation.RE_FORMED, HotspotFormation.RE_FORMED)
    # whatever the ids sort like
    assert second.confirm(at(133), OFFICER, [dataclasses.replace(cleared, id="h9")])[1].formation is (
        HotspotFormation.RE_FORMED
    )
    # only a cleared hotspot of the same place makes a re-formation
    elsewhere = dataclasses.replace(cleared, place=STREET)
    other_bar = dataclasses.replace(cleared, place=dataclasses.replace(BAR, establishment_id="est-01"))
    dismissed = dataclasses.replace(cleared, status=H.DISMISSED)
    for history in ([elsewhere], [other_bar], [dismissed], [second]):
        assert second.confirm(at(133), OFFICER, history)[0].formation is HotspotFormation.FORMED


def test_a_place_that_is_already_an_active_hotspot_is_not_confirmed_twice() -> None:
    active = confirmed(id_="h0")
    with pytest.raises(HotspotRefused, match="already an active hotspot"):
        opened(id_="h1").confirm(at(31), OFFICER, [active])
    # the hotspot itself, given in the history once confirmed, is not "another" one
    again = dataclasses.replace(active, id="".join(["h", "1"]))  # the same id, as read from storage
    assert opened(id_="h1").confirm(at(31), OFFICER, [again])[0].is_active


def test_dismissing_needs_a_reason_and_records_it() -> None:
    hotspot = opened()
    for blank in ("", "   "):
        with pytest.raises(HotspotRefused, match="reason for dismissing is required"):
            hotspot.dismiss(at(31), OFFICER, blank)
    dismissed, event = hotspot.dismiss(at(31), OFFICER, " tin sai sự thật ")
    assert event == HotspotDismissed("h1", at(31), OFFICER, "tin sai sự thật")
    assert (dismissed.status, dismissed.dismissal_reason, dismissed.decided_by, dismissed.decided_at) == (
        H.DISMISSED, "tin sai sự thật", OFFICER, at(31),
    )  # fmt: skip
    assert not dismissed.is_active


def test_every_step_needs_the_person_deciding() -> None:
    with pytest.raises(HotspotRefused, match="person deciding is required"):
        opened().confirm(at(31), " ", [])
    with pytest.raises(HotspotRefused, match="Cần ghi người quyết định"):
        opened().dismiss(at(31), "", "lý do")
    assert opened().confirm(at(31), f" {OFFICER} ", [])[1].by == OFFICER


@pytest.mark.parametrize(("days_after", "allowed"), [(89, False), (90, True), (91, True)])
def test_clearing_waits_for_90_quiet_days_after_the_last_signal(days_after: int, allowed: bool) -> None:
    hotspot = confirmed()
    other_bar = dataclasses.replace(BAR, establishment_id="est-01")
    # other places' signals do not count
    signals = (*THREE, tip("t4", 50), tip("other", 80, STREET), tip("o", 81, other_bar))
    assert hotspot.quiet_since(signals) == on(50)
    assert hotspot.clearable_from(signals) == on(140)
    when = at(50 + days_after)
    if allowed:
        assert hotspot.clear(when, OFFICER, "đã ổn định", signals)[0].status is H.CLEARED
        return
    with pytest.raises(QuietPeriodNotOver) as refused:
        hotspot.clear(when, OFFICER, "đã ổn định", signals)
    assert (refused.value.last_signal, refused.value.earliest) == (on(50), on(140))
    assert str(refused.value) == (
        "Chưa thể xóa tụ điểm: phải 90 ngày không có tín hiệu, lần cuối ngày 21/10/2026; sớm nhất ngày "
        "19/01/2027. / Cannot clear yet: the place must be quiet for 90 days, the last signal or "
        "confirmation was on 2026-10-21; the earliest clearing day is 2027-01-19."
    )


def test_the_quiet_period_counts_from_the_confirmation_if_it_came_later() -> None:
    hotspot = confirmed(n=30)
    assert hotspot.quiet_since(THREE) == on(30)
    assert hotspot.clearable_from(THREE, HotspotRules(quiet_days=10)) == on(40)
    with pytest.raises(QuietPeriodNotOver):
        hotspot.clear(at(39), OFFICER, "ổn định", THREE, HotspotRules(quiet_days=10))
    assert (
        hotspot.clear(at(40), OFFICER, "ổn định", iter(THREE), HotspotRules(quiet_days=10))[0].is_active
        is False
    )


def test_the_quiet_period_counts_from_the_confirmation_not_the_suggestion() -> None:
    hotspot = opened(n=30).confirm(at(45), OFFICER, [])[0]
    assert hotspot.quiet_since(THREE) == on(45)
    assert hotspot.clearable_from(THREE) == on(135)


def test_the_clearing_day_is_the_wards_day() -> None:
    hotspot = confirmed()
    # 16:59 UTC on day 119 is 23:59 in the ward: day 119, one short of 90 days after the confirmation
    late = dt.datetime.combine(on(119), dt.time(16, 59), dt.UTC)
    with pytest.raises(QuietPeriodNotOver):
        hotspot.clear(late, OFFICER, "ổn định", THREE)
    # 17:00 UTC on day 119 is midnight of day 120 in the ward
    assert hotspot.clear(late + dt.timedelta(minutes=1), OFFICER, "ổn định", THREE)[0].status is H.CLEARED
    assert local_day(dt.datetime(2026, 12, 31, 17, 0, tzinfo=dt.UTC)) == dt.date(2027, 1, 1)


def test_clearing_needs_a_reason() -> None:
    with pytest.raises(HotspotRefused, match="reason for clearing is required"):
        confirmed().clear(at(200), OFFICER, " ", THREE)


@pytest.mark.parametrize("status", list(HotspotStatus))
@pytest.mark.parametrize("step", list(Step))
def test_only_the_steps_of_the_table_are_allowed(status: HotspotStatus, step: Step) -> None:
    hotspot = dataclasses.replace(opened(), status=status, decided_at=at(30))
    target = TRANSITIONS.get((status, step))
    steps: dict[Step, Callable[[], tuple[Hotspot, object]]] = {
        Step.CONFIRM: lambda: hotspot.confirm(at(200), OFFICER, []),
        Step.DISMISS: lambda: hotspot.dismiss(at(200), OFFICER, "lý do"),
        Step.CLEAR: lambda: hotspot.clear(at(200), OFFICER, "lý do", THREE),
    }
    run = steps[step]
    if target is None:
        with pytest.raises(StepNotAllowed) as refused:
            run()
        assert (refused.value.status, refused.value.step) == (status, step)
        assert f"A hotspot that is '{status}' cannot take the step '{step}'" in str(refused.value)
    else:
        assert run()[0].status is target


def test_the_lifecycle_table() -> None:
    assert TRANSITIONS == {
        (H.SUGGESTED, Step.CONFIRM): H.CONFIRMED,
        (H.SUGGESTED, Step.DISMISS): H.DISMISSED,
        (H.CONFIRMED, Step.CLEAR): H.CLEARED,
    }


def test_a_step_cannot_come_before_the_previous_one_or_without_a_time_zone() -> None:
    hotspot = opened(n=30)
    with pytest.raises(HotspotRefused, match="before the previous step"):
        hotspot.confirm(at(30) - dt.timedelta(seconds=1), OFFICER, [])
    assert hotspot.confirm(at(30), OFFICER, [])[0].decided_at == at(30)
    active = hotspot.confirm(at(31), OFFICER, [])[0]
    with pytest.raises(HotspotRefused, match="before the previous step"):
        active.clear(at(31) - dt.timedelta(seconds=1), OFFICER, "lý do", ())
    with pytest.raises(ValueError, match="timezone-aware"):
        hotspot.dismiss(dt.datetime(2026, 10, 2, 9), OFFICER, "lý do")


# ---------------------------------------------------------------- values that cannot be made


def test_rules_that_cannot_be_used() -> None:
    assert HotspotRules(window_days=1, min_signals=2, quiet_days=1).min_signals == 2
    for bad in ({"window_days": 0}, {"min_signals": 1}, {"quiet_days": 0}):
        with pytest.raises(ValueError, match="at least 1 day"):
            HotspotRules(**bad)  # type: ignore[arg-type]


def test_places_and_signals_that_cannot_be_made() -> None:
    with pytest.raises(ValueError, match="needs a code"):
        Place(PlaceKind.STREET, "", "tdp-1")
    with pytest.raises(ValueError, match="establishment id exactly when"):
        Place(PlaceKind.ESTABLISHMENT, "cs-1", "tdp-1")
    with pytest.raises(ValueError, match="establishment id exactly when"):
        Place(PlaceKind.STREET, "p-1", "tdp-1", "est-1")
    with pytest.raises(ValueError, match="has a violation kind"):
        Signal(K.VIOLATION, "v1", BAR, DAY0)
    with pytest.raises(ValueError, match="has a violation kind"):
        Signal(K.TIP, "t1", BAR, DAY0, V.OTHER)
    with pytest.raises(ValueError, match="timezone-aware"):
        local_day(dt.datetime(2026, 1, 1))


def test_values_are_frozen_and_slotted() -> None:
    hotspot = confirmed()
    values = (hotspot, BAR, THREE[0], HotspotRules(), suggest(THREE, [], on(30))[0],
              opened().confirm(at(31), OFFICER, [])[1], opened().dismiss(at(31), OFFICER, "x")[1],
              hotspot.clear(at(200), OFFICER, "x", THREE)[1], Hotspot.open("h", suggest(THREE, [], on(30))[0],
              at(30))[1])  # fmt: skip
    for value in values:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, dataclasses.fields(value)[0].name, None)
        assert not hasattr(value, "__dict__")


# ---------------------------------------------------------------- the rule against a plain reading of it

PLACES = (BAR, STREET, Place(PlaceKind.PUBLIC_SPACE, "cong-vien", "tdp-1"))
SIGNALS = st.builds(
    lambda kind, id_, place, n, serious: Signal(
        kind, id_, place, on(n),
        (V.PROSTITUTION_ON_PREMISES if serious else V.OTHER) if kind is K.VIOLATION else None,
    ),
    st.sampled_from(SignalKind), st.text("abc", min_size=1, max_size=2), st.sampled_from(PLACES),
    st.integers(0, 200), st.integers(0, 9).map(lambda x: x == 0),
)  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(signals=st.lists(SIGNALS, max_size=25), today=st.integers(0, 220))
def test_a_place_is_suggested_exactly_when_the_rule_says(signals: list[Signal], today: int) -> None:
    found = {s.place.key: s for s in suggest(signals, [], on(today))}
    for place in PLACES:
        inside = {
            (s.kind, s.id): s for s in signals if s.place == place and 0 <= today - (s.on - DAY0).days < 90
        }
        serious = any(s.violation is V.PROSTITUTION_ON_PREMISES for s in inside.values())
        assert (place.key in found) is (serious or len(inside) >= 3)
        if place.key in found:
            assert set(found[place.key].evidence) == set(inside.values())
            assert found[place.key].trigger is (Trigger.SERIOUS_VIOLATION if serious else Trigger.SIGNALS)


def test_a_suggestion_is_a_plain_value() -> None:
    s = Suggestion(BAR, Trigger.SIGNALS, THREE, on(0), on(89))
    assert s == suggest(THREE, [], on(89))[0]
