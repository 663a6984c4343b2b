"""Legal time limits: the Vietnamese working-day calendar, per-kind policies, complex matters, extensions.

Every expected date below is counted by hand (in the comments), never recomputed with the code under test.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid

import holidays
import pytest

from services.intake.domain import (
    Category,
    Channel,
    Outcome,
    Severity,
    SubjectType,
    Tip,
    TipKind,
    TipStatus,
    TransferDestination,
    VerificationOutcome,
    receive,
)
from services.intake.domain.deadlines import (
    VN_TZ,
    DeadlinePolicy,
    DeadlineRules,
    Deadlines,
    ExtensionRefused,
    Span,
    Unit,
    WorkCalendar,
    add_months,
    add_span,
    end_of_day,
)
from tests.unit.intake.builders import (
    OFFICER,
    RULES,
    classify,
    end_of_vn_day,
    new_tip,
    route,
    verify,
    vn,
)

D = dt.date


def snapshot(tip: Tip) -> tuple[object, ...]:
    return (tip.status, tip.deadlines, tip.extensions, tip.outcome, len(tip.history), len(tip.new))


def vn_holidays(year: int, month: int) -> set[dt.date]:
    return {day for day in holidays.country_holidays("VN", years=year) if day.month == month}


# ---------------------------------------------------------------- basics of the clock


def test_vietnam_time_is_utc_plus_seven_and_a_day_ends_at_235959_local() -> None:
    assert VN_TZ.utcoffset(None) == dt.timedelta(hours=7)
    assert end_of_day(D(2026, 3, 30)) == dt.datetime(2026, 3, 30, 16, 59, 59, tzinfo=dt.UTC)
    assert end_of_day(D(2026, 3, 30)).utcoffset() == dt.timedelta(0)


def test_an_hour_limit_runs_by_the_clock_and_naive_times_are_refused() -> None:
    assert add_span(vn(2026, 3, 10, 9, 30), Span(24, Unit.HOURS), WorkCalendar()) == vn(2026, 3, 11, 9, 30)
    # Friday 13 March 2026 + 24 hours = Saturday 14 March: an hour limit is never rolled forward
    assert add_span(vn(2026, 3, 13, 9, 30), Span(24, Unit.HOURS), WorkCalendar()) == vn(2026, 3, 14, 9, 30)
    with pytest.raises(ValueError, match="timezone-aware"):
        add_span(dt.datetime(2026, 3, 10, 9, 30), Span(20, Unit.CALENDAR_DAYS), WorkCalendar())


def test_a_time_limit_cannot_be_negative_but_may_be_zero() -> None:
    with pytest.raises(ValueError, match="negative"):
        Span(-1, Unit.CALENDAR_DAYS)
    assert Span(0, Unit.CALENDAR_DAYS).amount == 0
    # Tuesday 10 March + 0 days: the limit ends with the day it started
    assert add_span(vn(2026, 3, 10, 9), Span(0, Unit.CALENDAR_DAYS), WorkCalendar()) == end_of_vn_day(
        2026, 3, 10
    )


def test_limits_policies_and_calendars_are_immutable_values() -> None:
    for value, field in (
        (Span(20, Unit.CALENDAR_DAYS), "amount"),
        (WorkCalendar(), "extra_days_off"),
        (DeadlinePolicy(), "crime_decide"),
        (Deadlines(end_of_vn_day(2026, 3, 30)), "due_at"),
        (RULES, "policy"),
    ):
        with pytest.raises(AttributeError):
            setattr(value, field, None)
    assert len({Span(1, Unit.HOURS), Span(1, Unit.HOURS)}) == 1  # values: equal ones hash alike


def test_a_deadline_starts_approaching_three_days_before() -> None:
    assert RULES.approaching_from(end_of_vn_day(2026, 3, 30)) == end_of_vn_day(2026, 3, 27)


# ---------------------------------------------------------------- crime tips on receipt


def test_crime_denunciation_is_due_at_the_end_of_the_20th_day_with_a_24_hour_transfer_limit() -> None:
    tip = new_tip(TipKind.DENUNCIATION, vn(2026, 3, 10, 9, 30))  # Tuesday
    # 10 March + 20 calendar days = 30 March, 23:59:59 in Vietnam = 16:59:59 UTC
    assert tip.due_at == dt.datetime(2026, 3, 30, 16, 59, 59, tzinfo=dt.UTC)
    assert tip.deadlines.transfer_by == dt.datetime(2026, 3, 11, 2, 30, tzinfo=dt.UTC)
    assert tip.deadlines.accept_by is None


@pytest.mark.parametrize("kind", [TipKind.REPORT, TipKind.RECOMMENDATION_TO_PROSECUTE])
def test_reports_and_recommendations_to_prosecute_follow_the_crime_limits(kind: TipKind) -> None:
    tip = new_tip(kind, vn(2026, 3, 10, 9, 30))
    assert tip.due_at == end_of_vn_day(2026, 3, 30)
    assert tip.deadlines.transfer_by == vn(2026, 3, 11, 9, 30)


def test_days_are_counted_from_the_date_in_vietnam_not_in_utc() -> None:
    # 20:00 UTC on 10 March is already 03:00 on 11 March in Vietnam
    tip = new_tip(TipKind.DENUNCIATION, dt.datetime(2026, 3, 10, 20, 0, tzinfo=dt.UTC))
    assert tip.due_at == end_of_vn_day(2026, 3, 31)
    # 16:59 UTC on 10 March is still 23:59 on 10 March in Vietnam
    tip = new_tip(TipKind.DENUNCIATION, dt.datetime(2026, 3, 10, 16, 59, tzinfo=dt.UTC))
    assert tip.due_at == end_of_vn_day(2026, 3, 30)


# ---------------------------------------------------------------- rolling forward past days off


@pytest.mark.parametrize(
    ("start", "span", "rolled", "on_the_day"),
    [
        # Sunday 8 March 2026 + 20 days = Saturday 28 March -> Monday 30 March
        pytest.param(
            vn(2026, 3, 8, 10),
            Span(20, Unit.CALENDAR_DAYS),
            end_of_vn_day(2026, 3, 30),
            end_of_vn_day(2026, 3, 28),
            id="saturday",
        ),
        # Monday 9 March 2026 + 20 days = Sunday 29 March -> Monday 30 March
        pytest.param(
            vn(2026, 3, 9, 10),
            Span(20, Unit.CALENDAR_DAYS),
            end_of_vn_day(2026, 3, 30),
            end_of_vn_day(2026, 3, 29),
            id="sunday",
        ),
        # Friday 10 April 2026 + 20 days = Thursday 30 April (Reunification Day), then Friday 1 May
        # (Labour Day), Saturday 2 and Sunday 3 May -> Monday 4 May
        pytest.param(
            vn(2026, 4, 10, 8),
            Span(20, Unit.CALENDAR_DAYS),
            end_of_vn_day(2026, 5, 4),
            end_of_vn_day(2026, 4, 30),
            id="30-april",
        ),
        # Friday 3 April 2026 + 23 days = Sunday 26 April (Hung Kings' day), Monday 27 (its observed
        # day off) -> Tuesday 28 April
        pytest.param(
            vn(2026, 4, 3, 8),
            Span(23, Unit.CALENDAR_DAYS),
            end_of_vn_day(2026, 4, 28),
            end_of_vn_day(2026, 4, 26),
            id="hung-kings-on-a-sunday",
        ),
        # 10 March 2026 + 2 months = Sunday 10 May -> Monday 11 May
        pytest.param(
            vn(2026, 3, 10, 9, 30),
            Span(2, Unit.MONTHS),
            end_of_vn_day(2026, 5, 11),
            end_of_vn_day(2026, 5, 10),
            id="months",
        ),
        # Tuesday 10 March 2026 + 20 days = Monday 30 March, a working day: nothing moves
        pytest.param(
            vn(2026, 3, 10, 9, 30),
            Span(20, Unit.CALENDAR_DAYS),
            end_of_vn_day(2026, 3, 30),
            end_of_vn_day(2026, 3, 30),
            id="working-day",
        ),
        # Sunday 2 August 2026 + 20 days = Saturday 22 August, the make-up working day: nothing moves
        pytest.param(
            vn(2026, 8, 2, 10),
            Span(20, Unit.CALENDAR_DAYS),
            end_of_vn_day(2026, 8, 22),
            end_of_vn_day(2026, 8, 22),
            id="make-up-saturday",
        ),
    ],
)
def test_a_day_or_month_limit_ending_on_a_day_off_ends_on_the_next_working_day(
    start: dt.datetime, span: Span, rolled: dt.datetime, on_the_day: dt.datetime
) -> None:
    """Days off inside the limit still count; only its last day moves (CPC 2015 art. 133, CC art. 148)."""
    assert add_span(start, span, WorkCalendar()) == rolled
    assert add_span(start, span, WorkCalendar(), roll_forward=False) == on_the_day


def test_a_crime_tip_due_on_30_april_is_due_after_the_30_april_and_1_may_holidays() -> None:
    # Friday 10 April 2026 + 20 days = Thursday 30 April (holiday), Friday 1 May (holiday),
    # Saturday 2, Sunday 3 -> Monday 4 May
    assert new_tip(TipKind.DENUNCIATION, vn(2026, 4, 10, 8)).due_at == end_of_vn_day(2026, 5, 4)


def test_a_day_the_ward_declares_off_also_moves_the_end_of_a_limit() -> None:
    cal = WorkCalendar(extra_days_off=frozenset({D(2026, 3, 30)}))
    # Tuesday 10 March 2026 + 20 days = Monday 30 March, declared off -> Tuesday 31 March
    assert add_span(vn(2026, 3, 10, 9, 30), Span(20, Unit.CALENDAR_DAYS), cal) == end_of_vn_day(2026, 3, 31)


def test_working_day_limits_do_not_depend_on_rolling_forward() -> None:
    # Friday 13 March 2026 + 10 working days: 16-20 | 23 24 25 26 27 -> Friday 27 March
    ten = Span(10, Unit.WORKING_DAYS)
    assert add_span(vn(2026, 3, 13, 9), ten, WorkCalendar()) == end_of_vn_day(2026, 3, 27)
    assert add_span(vn(2026, 3, 13, 9), ten, WorkCalendar(), roll_forward=False) == end_of_vn_day(2026, 3, 27)


# ---------------------------------------------------------------- complaints


def test_complaint_is_accepted_within_10_working_days_then_decided_within_30_days() -> None:
    tip = new_tip(TipKind.COMPLAINT, vn(2026, 3, 10, 9, 30))  # Tuesday, no holiday in March
    # working days after 10 March: 11 12 13 | 16 17 18 19 20 | 23 24 -> 24 March
    assert tip.deadlines.accept_by == end_of_vn_day(2026, 3, 24)
    # 24 March + 30 days = 23 April
    assert tip.due_at == end_of_vn_day(2026, 4, 23)
    assert tip.deadlines.transfer_by is None


# ---------------------------------------------------------------- assumptions about the holidays library
# These check the library's data, not this project's code: they say which calendar the expected dates
# above and below were counted on (``-m "not assumption"`` leaves them out, as ``make mutate`` does).


@pytest.mark.assumption
def test_assumed_tet_2026_is_monday_16_to_friday_20_february() -> None:
    assert vn_holidays(2026, 2) == {D(2026, 2, day) for day in range(16, 21)}


@pytest.mark.assumption
def test_assumed_march_2026_has_no_public_holiday() -> None:
    assert vn_holidays(2026, 3) == set()


@pytest.mark.assumption
def test_assumed_tet_2027_is_thursday_4_to_wednesday_10_february() -> None:
    assert vn_holidays(2027, 2) == {D(2027, 2, day) for day in range(4, 11)}


@pytest.mark.assumption
def test_assumed_saturday_22_august_2026_is_worked_for_monday_31_august() -> None:
    vn_2026 = holidays.country_holidays("VN", years=2026)
    assert D(2026, 8, 31) in vn_2026  # "Day off (substituted from 08/22/2026)"
    assert D(2026, 8, 22) in vn_2026.weekend_workdays


# ---------------------------------------------------------------- complaints across Tết


def test_complaint_received_just_before_tet_2027_skips_the_weekend_and_the_whole_tet_break() -> None:
    # Tết 2027: Thursday 4 to Wednesday 10 February (see the assumption above)
    tip = new_tip(TipKind.COMPLAINT, vn(2027, 2, 3, 10))  # Wednesday, the day before Tết starts
    # 4-10 Feb: Tết (6-7 also a weekend); working days: Thu 11 Fri 12 | 15 16 17 18 19 | 22 23 24
    assert tip.deadlines.accept_by == end_of_vn_day(2027, 2, 24)
    assert tip.deadlines.accept_by != end_of_vn_day(2027, 2, 17)  # what ignoring Tết would give
    # 24 February + 30 days (February 2027 has 28) = 26 March
    assert tip.due_at == end_of_vn_day(2027, 3, 26)


def test_complaint_received_on_the_friday_before_tet_2026_starts_counting_after_it() -> None:
    # Tết 2026: Monday 16 to Friday 20 February (see the assumption above)
    tip = new_tip(TipKind.COMPLAINT, vn(2026, 2, 13, 16))  # Friday 13 February
    # 14-15 weekend, 16-20 Tết, 21-22 weekend; working days: 23 24 25 26 27 | 2 3 4 5 6 March
    assert tip.deadlines.accept_by == end_of_vn_day(2026, 3, 6)
    # 6 March + 30 days (25 days to 31 March, then 5 more) = Sunday 5 April -> Monday 6 April
    assert tip.due_at == end_of_vn_day(2026, 4, 6)


# ---------------------------------------------------------------- the working-day calendar


def test_working_days_exclude_weekends_and_public_holidays() -> None:
    cal = WorkCalendar()
    assert cal.is_working_day(D(2026, 3, 13))  # Friday
    assert not cal.is_working_day(D(2026, 3, 14))  # Saturday
    assert not cal.is_working_day(D(2026, 3, 15))  # Sunday
    assert not cal.is_working_day(D(2026, 9, 2))  # National Day, a Wednesday
    assert not cal.is_working_day(D(2027, 1, 1))  # New Year's Day, a Friday


def test_adding_working_days_does_not_count_the_start_day_and_crosses_years() -> None:
    cal = WorkCalendar()
    assert cal.add_working_days(D(2026, 3, 9), 1) == D(2026, 3, 10)
    assert cal.add_working_days(D(2026, 3, 14), 0) == D(2026, 3, 14)
    # Wed 30 Dec 2026: Thu 31 Dec, then Fri 1 Jan 2027 (holiday) and the weekend -> Mon 4 January
    assert cal.add_working_days(D(2026, 12, 30), 2) == D(2027, 1, 4)


def test_a_make_up_saturday_counts_as_a_working_day() -> None:
    cal = WorkCalendar(extra_working_days=frozenset({D(2026, 3, 14)}))
    assert cal.is_working_day(D(2026, 3, 14))
    assert cal.add_working_days(D(2026, 3, 13), 1) == D(2026, 3, 14)
    assert WorkCalendar().add_working_days(D(2026, 3, 13), 1) == D(2026, 3, 16)
    # complaint received Friday 13 March: 14 | 16-20 | 23 24 25 26 -> 26 March instead of 27
    rules = DeadlineRules(calendar=cal)
    assert rules.on_receipt("complaint", vn(2026, 3, 13, 9)).accept_by == end_of_vn_day(2026, 3, 26)
    assert RULES.on_receipt("complaint", vn(2026, 3, 13, 9)).accept_by == end_of_vn_day(2026, 3, 27)


def test_a_day_the_ward_declares_off_is_skipped() -> None:
    cal = WorkCalendar(extra_days_off=frozenset({D(2026, 3, 16)}))
    assert not cal.is_working_day(D(2026, 3, 16))
    assert cal.add_working_days(D(2026, 3, 13), 1) == D(2026, 3, 17)
    # complaint received Friday 13 March: 17-20 | 23-27 | 30 -> 30 March instead of 27
    rules = DeadlineRules(calendar=cal)
    assert rules.on_receipt("complaint", vn(2026, 3, 13, 9)).accept_by == end_of_vn_day(2026, 3, 30)


def test_the_make_up_saturday_of_a_holiday_swap_known_to_the_library_is_a_working_day() -> None:
    cal = WorkCalendar()
    assert cal.is_working_day(D(2026, 8, 22))  # Saturday, worked in exchange for Monday 31 August
    assert not cal.is_working_day(D(2026, 8, 31))
    assert not cal.is_working_day(D(2026, 8, 29))  # an ordinary Saturday
    assert cal.add_working_days(D(2026, 8, 21), 1) == D(2026, 8, 22)
    # complaint received Friday 21 August 2026, counting the make-up Saturday:
    # 22 | 24 25 26 27 28 | (31 Aug, 1-2 Sep off) 3 4 | 7 8 -> Tuesday 8 September
    # (ignoring the make-up Saturday would give 9 September)
    tip = new_tip(TipKind.COMPLAINT, vn(2026, 8, 21, 9))
    assert tip.deadlines.accept_by == end_of_vn_day(2026, 9, 8)
    # 8 September + 30 days (22 days to 30 September, then 8 more) = Thursday 8 October
    assert tip.due_at == end_of_vn_day(2026, 10, 8)


# ---------------------------------------------------------------- complex matters


def test_crime_tip_classified_complex_gets_two_months_from_receipt() -> None:
    tip = verify(new_tip(TipKind.DENUNCIATION, vn(2026, 3, 10, 9, 30)), vn(2026, 3, 12, 14))
    classify(tip, vn(2026, 3, 20, 8), complex_matter=True)
    assert tip.complex
    assert tip.due_at == end_of_vn_day(2026, 5, 11)  # 10 March + 2 months = Sunday 10 May -> Monday 11 May
    assert tip.deadlines.transfer_by == vn(2026, 3, 11, 9, 30)


def test_a_matter_not_classified_complex_keeps_its_deadline() -> None:
    tip = verify(new_tip(TipKind.DENUNCIATION, vn(2026, 3, 10, 9, 30)), vn(2026, 3, 12, 14))
    classify(tip, vn(2026, 3, 20, 8), complex_matter=False)
    assert tip.due_at == end_of_vn_day(2026, 3, 30)


def test_complaint_is_decided_30_days_after_acceptance_or_45_when_complex() -> None:
    tip = new_tip(TipKind.COMPLAINT, vn(2026, 3, 10, 9, 30))
    verify(tip, vn(2026, 3, 12, 14))  # accepted on Thursday 12 March
    assert tip.accepted_at == vn(2026, 3, 12, 14)
    # 12 March + 30 days (19 days to 31 March, then 11 more) = Saturday 11 April -> Monday 13 April
    assert tip.due_at == end_of_vn_day(2026, 4, 13)
    classify(tip, vn(2026, 3, 20, 8), complex_matter=True)
    # 12 March + 45 days = Sunday 26 April (Hung Kings' day), Monday 27 (observed) -> Tuesday 28 April
    assert tip.due_at == end_of_vn_day(2026, 4, 28)
    assert tip.deadlines.accept_by == end_of_vn_day(2026, 3, 24)


def test_complex_classification_never_shortens_an_extended_crime_deadline() -> None:
    tip = new_tip(TipKind.DENUNCIATION, vn(2026, 3, 10, 9, 30))
    tip.extend(OFFICER, vn(2026, 3, 20, 9), end_of_vn_day(2026, 5, 29), RULES)
    verify(tip, vn(2026, 3, 21))
    classify(tip, vn(2026, 3, 22), complex_matter=True)  # 10 March + 2 months -> Monday 11 May, earlier
    assert tip.due_at == end_of_vn_day(2026, 5, 29)


def test_a_complex_complaint_is_due_on_the_45th_day_after_acceptance_not_the_46th() -> None:
    tip = new_tip(TipKind.COMPLAINT, vn(2026, 2, 26, 9))
    verify(tip, vn(2026, 3, 2, 10))  # accepted on Monday 2 March
    classify(tip, vn(2026, 3, 3, 8), complex_matter=True)
    # 2 March + 45 days (29 days to 31 March, then 16 more) = Thursday 16 April, a working day
    assert tip.due_at == end_of_vn_day(2026, 4, 16)
    assert DeadlinePolicy().complaint_complex == Span(45, Unit.CALENDAR_DAYS)


def test_acceptance_gives_a_complaint_30_days_unless_it_is_said_to_be_complex() -> None:
    current = RULES.on_receipt("complaint", vn(2026, 3, 2, 9))
    # accepted Monday 2 March: + 30 days = Wednesday 1 April; + 45 days = Thursday 16 April
    assert RULES.on_acceptance("complaint", current, vn(2026, 3, 2, 10)).due_at == end_of_vn_day(2026, 4, 1)
    complex_due = RULES.on_acceptance("complaint", current, vn(2026, 3, 2, 10), complex_matter=True).due_at
    assert complex_due == end_of_vn_day(2026, 4, 16)


def test_complex_complaint_rule_keeps_a_later_current_deadline() -> None:
    current = Deadlines(end_of_vn_day(2026, 6, 30), accept_by=end_of_vn_day(2026, 3, 24))
    longer = RULES.on_complex("complaint", current, vn(2026, 3, 10), vn(2026, 3, 12))
    assert longer == current


def test_complex_crime_limit_clamps_to_the_end_of_a_shorter_month() -> None:
    tip = verify(new_tip(TipKind.REPORT, vn(2026, 12, 31, 10)), vn(2027, 1, 2))
    classify(tip, vn(2027, 1, 3), complex_matter=True)
    # 31 December 2026 + 2 months = 28 February 2027 (no 31 February), a Sunday -> Monday 1 March
    assert tip.due_at == end_of_vn_day(2027, 3, 1)
    two_months = Span(2, Unit.MONTHS)
    assert add_span(vn(2026, 12, 31, 10), two_months, WorkCalendar(), roll_forward=False) == end_of_vn_day(
        2027, 2, 28
    )


def test_a_reopened_crime_tip_classified_complex_gets_two_months_from_the_reopening() -> None:
    tip = route(new_tip(TipKind.DENUNCIATION, vn(2026, 3, 10, 9, 30)), vn(2026, 3, 11))
    tip.handle(OFFICER, vn(2026, 3, 20), Outcome.NO_PROCEEDINGS)
    tip.reopen(OFFICER, vn(2026, 6, 1, 10), RULES)
    assert tip.cycle_start == vn(2026, 6, 1, 10)
    # fresh 20 days from Monday 1 June = Sunday 21 June -> Monday 22 June
    assert tip.due_at == end_of_vn_day(2026, 6, 22)
    tip.verify(OFFICER, vn(2026, 6, 3), VerificationOutcome.FOUNDED, RULES)
    classify(tip, vn(2026, 6, 5), complex_matter=True)
    # 1 June + 2 months = Saturday 1 August -> Monday 3 August (counting from the receipt,
    # 10 March + 2 months = Monday 11 May, is already past and would leave 22 June)
    assert tip.due_at == end_of_vn_day(2026, 8, 3)


# ---------------------------------------------------------------- extensions (rules)

CRIME_DUE = end_of_vn_day(2026, 3, 30)
CRIME = Deadlines(CRIME_DUE, transfer_by=vn(2026, 3, 11, 9, 30))


@pytest.mark.parametrize(
    "new_due_at",
    [
        pytest.param(end_of_vn_day(2026, 5, 30), id="two-months"),
        # Monday 30 March + 2 months = Saturday 30 May -> Monday 1 June: the two months roll forward too
        pytest.param(end_of_vn_day(2026, 6, 1), id="two-months-rolled-to-monday"),
    ],
)
def test_one_extension_requested_five_days_ahead_may_add_up_to_two_months(new_due_at: dt.datetime) -> None:
    extended = RULES.extend("denunciation", CRIME, 0, end_of_vn_day(2026, 3, 25), new_due_at)
    assert extended == Deadlines(new_due_at, transfer_by=vn(2026, 3, 11, 9, 30))


@pytest.mark.parametrize(
    ("requested_at", "new_due_at", "extensions_so_far", "message"),
    [
        pytest.param(
            end_of_vn_day(2026, 3, 26), end_of_vn_day(2026, 4, 30), 0, "at least 5 days", id="4-days-before"
        ),
        pytest.param(
            vn(2026, 3, 26), end_of_vn_day(2026, 4, 30), 0, "at least 5 days", id="1-second-too-late"
        ),
        pytest.param(vn(2026, 3, 12), end_of_vn_day(2026, 4, 30), 1, "at most 1", id="second-extension"),
        pytest.param(vn(2026, 3, 12), end_of_vn_day(2026, 4, 30), 2, "at most 1", id="third-extension"),
        # the 2 months end on Saturday 30 May, rolled to Monday 1 June: 00:00 on 2 June is one second too late
        pytest.param(vn(2026, 3, 12), vn(2026, 6, 2), 0, "at most 2 months", id="one-second-beyond-2-months"),
        pytest.param(vn(2026, 3, 12), end_of_vn_day(2026, 7, 30), 0, "at most 2 months", id="four-months"),
        pytest.param(vn(2026, 3, 12), CRIME_DUE, 0, "later than", id="same-deadline"),
        pytest.param(vn(2026, 3, 12), end_of_vn_day(2026, 3, 29), 0, "later than", id="earlier-deadline"),
    ],
)
def test_unlawful_crime_extension_is_refused(
    requested_at: dt.datetime, new_due_at: dt.datetime, extensions_so_far: int, message: str
) -> None:
    with pytest.raises(ExtensionRefused, match=message):
        RULES.extend("denunciation", CRIME, extensions_so_far, requested_at, new_due_at)


def test_complaints_are_never_extended() -> None:
    complaint = Deadlines(end_of_vn_day(2026, 4, 23), accept_by=end_of_vn_day(2026, 3, 24))
    with pytest.raises(ExtensionRefused, match="complaints"):
        RULES.extend("complaint", complaint, 0, vn(2026, 3, 12), end_of_vn_day(2026, 5, 1))


# ---------------------------------------------------------------- extensions (through the aggregate)


def test_tip_extension_moves_the_deadline_keeps_the_status_and_is_recorded() -> None:
    tip = new_tip(TipKind.DENUNCIATION, vn(2026, 3, 10, 9, 30))
    step = tip.extend(
        OFFICER, vn(2026, 3, 20, 9), end_of_vn_day(2026, 5, 29), RULES, reason="awaiting evidence"
    )
    assert tip.status is TipStatus.RECEIVED
    assert (tip.due_at, tip.extensions) == (end_of_vn_day(2026, 5, 29), 1)
    assert tip.history[-1] is step and step.at == vn(2026, 3, 20, 9)
    assert step.details["previous_due_at"] == "2026-03-30T16:59:59+00:00"
    # given in Vietnam time, stored in UTC: 29 May 23:59:59 +07:00 = 16:59:59 UTC
    assert tip.due_at.utcoffset() == dt.timedelta(0)
    assert step.details["due_at"] == "2026-05-29T16:59:59+00:00"
    assert step.details["extension_number"] == 1


def test_a_second_tip_extension_is_refused_and_changes_nothing() -> None:
    tip = new_tip(TipKind.DENUNCIATION, vn(2026, 3, 10, 9, 30))
    tip.extend(OFFICER, vn(2026, 3, 20, 9), end_of_vn_day(2026, 4, 30), RULES)
    before = snapshot(tip)
    with pytest.raises(ExtensionRefused, match="at most 1"):
        tip.extend(OFFICER, vn(2026, 3, 21, 9), end_of_vn_day(2026, 5, 29), RULES)
    assert snapshot(tip) == before


@pytest.mark.parametrize(
    ("kind", "requested_at", "new_due_at"),
    [
        pytest.param(TipKind.DENUNCIATION, vn(2026, 3, 27, 9), end_of_vn_day(2026, 4, 30), id="too-late"),
        pytest.param(TipKind.DENUNCIATION, vn(2026, 3, 12, 9), end_of_vn_day(2026, 6, 30), id="too-long"),
        pytest.param(TipKind.REPORT, vn(2026, 3, 12, 9), end_of_vn_day(2026, 3, 30), id="not-later"),
        pytest.param(TipKind.COMPLAINT, vn(2026, 3, 12, 9), end_of_vn_day(2026, 4, 30), id="complaint"),
    ],
)
def test_a_refused_tip_extension_changes_nothing(
    kind: TipKind, requested_at: dt.datetime, new_due_at: dt.datetime
) -> None:
    tip = new_tip(kind, vn(2026, 3, 10, 9, 30))
    before = snapshot(tip)
    with pytest.raises(ExtensionRefused):
        tip.extend(OFFICER, requested_at, new_due_at, RULES)
    assert snapshot(tip) == before


# ---------------------------------------------------------------- on time


def test_handled_by_the_deadline_is_on_time_one_second_later_is_not() -> None:
    on_the_dot = route(new_tip(TipKind.DENUNCIATION, vn(2026, 3, 10, 9, 30)), vn(2026, 3, 11))
    on_the_dot.handle(OFFICER, end_of_vn_day(2026, 3, 30), Outcome.ADMINISTRATIVE_SANCTION)
    assert on_the_dot.on_time()

    late = route(new_tip(TipKind.DENUNCIATION, vn(2026, 3, 10, 9, 30)), vn(2026, 3, 11))
    late.handle(
        OFFICER, end_of_vn_day(2026, 3, 30) + dt.timedelta(seconds=1), Outcome.ADMINISTRATIVE_SANCTION
    )
    assert not late.on_time()


def test_a_crime_transfer_is_judged_against_the_24_hour_limit() -> None:
    in_time = new_tip(TipKind.DENUNCIATION, vn(2026, 3, 10, 9, 30))
    in_time.transfer(OFFICER, vn(2026, 3, 11, 9, 30), TransferDestination.INVESTIGATING_BODY, "CQCSDT-HP")
    assert in_time.on_time()

    slow = new_tip(TipKind.DENUNCIATION, vn(2026, 3, 10, 9, 30))
    slow.transfer(OFFICER, vn(2026, 3, 11, 9, 30, 1), TransferDestination.INVESTIGATING_BODY, "CQCSDT-HP")
    assert not slow.on_time()  # although well before the 20-day deadline
    assert slow.closed_at < slow.due_at


def test_a_complaint_transfer_is_judged_against_its_deadline() -> None:
    tip = new_tip(TipKind.COMPLAINT, vn(2026, 3, 10, 9, 30))
    tip.transfer(OFFICER, vn(2026, 4, 1, 9), TransferDestination.CITY_AGENCY, "UBND-HP")
    assert tip.on_time()  # due 23 April, no 24-hour limit for complaints


def test_an_open_tip_is_not_on_time_yet() -> None:
    tip = new_tip()
    assert not tip.on_time()
    assert tip.overdue(end_of_vn_day(2026, 3, 30) + dt.timedelta(seconds=1))
    assert not tip.overdue(end_of_vn_day(2026, 3, 30))


# ---------------------------------------------------------------- months


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # leap year
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 12, 31), 2, D(2027, 2, 28)),  # across the year
        (D(2026, 10, 12), 2, D(2026, 12, 12)),  # into December, not across the year
        (D(2026, 12, 15), 1, D(2027, 1, 15)),  # across the year end
        (D(2026, 11, 30), 3, D(2027, 2, 28)),  # across the year end into a shorter month
        (D(2027, 1, 31), 25, D(2029, 2, 28)),
        (D(2026, 3, 10), 2, D(2026, 5, 10)),
        (D(2026, 11, 15), 14, D(2028, 1, 15)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 1, 15), -1, D(2025, 12, 15)),
    ],
)
def test_add_months_keeps_the_day_or_clamps_to_the_month_end(
    day: dt.date, months: int, expected: dt.date
) -> None:
    assert add_months(day, months) == expected


# ---------------------------------------------------------------- a configurable policy


def test_a_custom_policy_of_30_working_days_changes_the_crime_deadline() -> None:
    rules = DeadlineRules(policy=DeadlinePolicy(crime_decide=Span(30, Unit.WORKING_DAYS)))
    tip = new_tip(TipKind.DENUNCIATION, vn(2026, 4, 7, 9), rules=rules)  # Tuesday
    # 8 9 10 | 13-17 | 20-24 | (27 Hung Kings observed) 28 29 (30 Apr, 1 May holidays) | 4-8 | 11-15 | 18-22
    assert tip.due_at == end_of_vn_day(2026, 5, 22)
    # the default 20 calendar days: 7 April + 20 = Monday 27 April (Hung Kings' day observed) -> Tuesday 28
    assert new_tip(TipKind.DENUNCIATION, vn(2026, 4, 7, 9)).due_at == end_of_vn_day(2026, 4, 28)


def test_a_custom_policy_may_allow_a_second_extension_and_a_longer_transfer_limit() -> None:
    rules = DeadlineRules(policy=DeadlinePolicy(crime_max_extensions=2, crime_transfer=Span(48, Unit.HOURS)))
    tip = new_tip(TipKind.DENUNCIATION, vn(2026, 3, 10, 9, 30), rules=rules)
    assert tip.deadlines.transfer_by == vn(2026, 3, 12, 9, 30)
    tip.extend(OFFICER, vn(2026, 3, 12), end_of_vn_day(2026, 4, 30), rules)
    tip.extend(OFFICER, vn(2026, 3, 13), end_of_vn_day(2026, 6, 30), rules)
    assert (tip.due_at, tip.extensions) == (end_of_vn_day(2026, 6, 30), 2)


def test_a_complaints_decision_deadline_follows_one_rule_and_every_move_is_in_the_history() -> None:
    """Issue: 11/01 on receipt, 29/12 after verify, 13/01 when complex, 11/01 after reopening."""
    received = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    tip = receive(
        tip_id=uuid.uuid4(), ward="lechan", kind=TipKind.COMPLAINT, channel=Channel.HOTLINE,
        subject_type=SubjectType.PLACE, residential_group="tdp-1", received_at=received,
        actor=OFFICER, rules=RULES,
    )  # fmt: skip
    accept_by = tip.deadlines.accept_by
    assert accept_by is not None
    # Before acceptance: 30 days from the last day acceptance is allowed.
    assert tip.due_at == RULES.decision_due(
        "complaint", start=received, accept_by=accept_by, accepted_at=None, complex_matter=False
    )
    # Classified complex before acceptance: 45 days from the same assumed acceptance, not from receipt.
    tip.start_verification(OFFICER, received)
    accepted = received + dt.timedelta(days=2)
    before = tip.due_at
    step = tip.verify(OFFICER, accepted, VerificationOutcome.FOUNDED, RULES)
    assert tip.due_at == RULES.decision_due(
        "complaint", start=accepted, accept_by=accept_by, accepted_at=accepted, complex_matter=False
    )
    assert step.details["previous_due_at"] == before.isoformat()
    assert step.details["due_at"] == tip.due_at.isoformat() and step.details["due_rule"] == "accepted"
    step = tip.classify(
        OFFICER, accepted, category=Category.SOLICITATION, severity=Severity.LOW, competent_unit="vhxh",
        complex_matter=True, rules=RULES,
    )  # fmt: skip
    assert tip.due_at == RULES.decision_due(
        "complaint", start=accepted, accept_by=accept_by, accepted_at=accepted, complex_matter=True
    )
    assert step.details["due_rule"] == "complex"
    # Every deadline an official saw is in the history, each move with the step that made it.
    moves = [s.details for s in tip.history if "due_at" in s.details]
    assert [m["due_rule"] for m in moves] == ["accepted", "complex"]
    assert all(a["due_at"] == b["previous_due_at"] for a, b in itertools.pairwise(moves))


def test_a_complex_complaint_not_yet_accepted_counts_from_the_assumed_acceptance() -> None:
    received = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    d = RULES.on_receipt("complaint", received)
    longer = RULES.on_complex("complaint", d, received, None)
    assert d.accept_by is not None
    assert longer.due_at == add_span(d.accept_by, Span(45, Unit.CALENDAR_DAYS), RULES.calendar)
    assert longer.due_at > d.due_at
