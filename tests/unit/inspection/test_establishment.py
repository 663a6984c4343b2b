"""The register's establishment: the licence and the details it accepts (each rule at its edge, each
refusal naming its field in Vietnamese and English), the lifecycle over every status and step, updates,
reviews (the next one at most 12 months later), the last inspection and what is due or overdue."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.inspection.domain.establishment import (
    ACTIVATE_FROM,
    CLOSE_FROM,
    MAX_REVIEW_GAP_DAYS,
    REOPEN_FROM,
    SUSPEND_FROM,
    Closed,
    Details,
    DetailsChanged,
    Establishment,
    InvalidEstablishment,
    Licence,
    Registered,
    Reopened,
    Reviewed,
    StatusChanged,
    StepNotAllowed,
    with_licence,
)
from services.inspection.domain.kinds import (
    STATUS_VI,
    BusinessType,
    ClosureReason,
    EstablishmentStatus,
    RiskClass,
)

B, S, R = BusinessType, EstablishmentStatus, RiskClass
T0 = dt.datetime(2026, 12, 4, 9, 30, tzinfo=dt.UTC)
T1 = T0 + dt.timedelta(hours=1)
DAY = dt.date(2026, 12, 4)
ID = uuid.UUID("0193a6f0-0000-7000-8000-000000000001")


def details(**changes: Any) -> Details:
    fields: dict[str, Any] = {
        "name": "Karaoke Hoa Mai",
        "registration_number": "0101234567",
        "business_types": (B.KARAOKE,),
        "residential_group": "to-5",
        "address": "12 Phố Huế",
    }
    return Details(**{**fields, **changes})


def registered() -> Establishment:
    e = Establishment.register(ID, "hang-bai", details(), T0)
    e.collect_events()
    return e


def at_status(status: EstablishmentStatus) -> Establishment:
    """An establishment as loaded from the register with this status and no pending event."""
    return Establishment(ID, "hang-bai", details(), status=status, registered_at=T0)


def refused(make: Callable[[], object]) -> InvalidEstablishment:
    with pytest.raises(InvalidEstablishment) as caught:
        make()
    return caught.value


def review(e: Establishment, **changes: Any) -> Reviewed:
    fields: dict[str, Any] = {
        "on": DAY,
        "risk_class": R.HIGH,
        "interval_days": 90,
        "next_due": DAY + dt.timedelta(days=180),
        "unit": "vhxh",
    }
    return e.review(T1, **{**fields, **changes})


# ---------------------------------------------------------------- the errors' form


def test_an_invalid_detail_says_what_in_vietnamese_then_english_and_names_its_field() -> None:
    error = refused(lambda: details(name=" "))
    assert str(error) == "Thiếu tên cơ sở / The name is missing"
    assert error.field_name == "name"
    assert isinstance(error, ValueError)
    assert error.problem_extras() == {
        "errors": [
            {"loc": ["body", "name"], "msg": "Thiếu tên cơ sở / The name is missing", "type": "invalid"}
        ]
    }


def test_a_refused_step_names_the_status_in_vietnamese_and_english() -> None:
    with pytest.raises(StepNotAllowed) as caught:
        at_status(S.CLOSED).suspend(T1, "kiểm tra")
    error = caught.value
    assert str(error) == (
        "Cơ sở đã đóng không thể thực hiện bước 'suspend'. / "
        "An establishment that is 'closed' cannot be 'suspend'."
    )
    assert (error.status, error.step) == (S.CLOSED, "suspend")
    assert error.problem_extras() == {"establishment_status": "closed", "step": "suspend"}
    assert not isinstance(error, ValueError)


# ---------------------------------------------------------------- the licence


def test_a_licence_needs_its_number() -> None:
    for number in ("", "   "):
        error = refused(lambda number=number: Licence(number))
        assert error.field_name == "licence.number"
        assert str(error) == "Thiếu số giấy phép / The licence number is missing"
    assert Licence(" 12/GP ").number == " 12/GP "


def test_a_licence_cannot_expire_before_it_was_issued_but_may_on_the_same_day() -> None:
    error = refused(lambda: Licence("12/GP", issued_on=dt.date(2026, 3, 5), expires_on=dt.date(2026, 3, 4)))
    assert error.field_name == "licence.expires_on"
    assert str(error) == (
        "Giấy phép hết hạn (04/03/2026) trước ngày cấp (05/03/2026) / "
        "The licence expires before it was issued"
    )
    same = Licence("12/GP", "UBND quận", dt.date(2026, 3, 5), dt.date(2026, 3, 5))
    assert (same.issuer, same.issued_on, same.expires_on) == (
        "UBND quận",
        dt.date(2026, 3, 5),
        same.issued_on,
    )
    years = Licence("12/GP", issued_on=dt.date(2026, 3, 5), expires_on=dt.date(2031, 3, 4))
    assert years.expires_on == dt.date(2031, 3, 4)
    # either date alone says nothing about the other
    assert Licence("12/GP", issued_on=dt.date(2026, 3, 5)).expires_on is None
    assert Licence("12/GP", expires_on=dt.date(2026, 3, 5)).issued_on is None


def test_a_licence_is_valid_to_its_last_day_and_forever_without_an_expiry() -> None:
    licence = Licence("12/GP", expires_on=DAY)
    assert licence.valid_on(DAY - dt.timedelta(days=1))
    assert licence.valid_on(DAY)
    assert not licence.valid_on(DAY + dt.timedelta(days=1))
    assert Licence("12/GP").valid_on(dt.date(2999, 12, 31))
    assert Licence("12/GP").issuer == ""


# ---------------------------------------------------------------- the details

BAD_GROUP = "Mã tổ dân phố không hợp lệ / Not a residential group code"


@pytest.mark.parametrize(
    ("changes", "field_name", "message"),
    [
        ({"name": ""}, "name", "Thiếu tên cơ sở / The name is missing"),
        ({"name": " \t"}, "name", "Thiếu tên cơ sở / The name is missing"),
        (
            {"registration_number": "  "},
            "registration_number",
            "Thiếu số đăng ký kinh doanh / The registration number is missing",
        ),
        ({"business_types": ()}, "business_types", "Thiếu loại hình kinh doanh / No business type"),
        (
            {"business_types": (B.BAR, B.KARAOKE, B.BAR)},
            "business_types",
            "Loại hình bị lặp / A business type is repeated",
        ),
        ({"residential_group": ""}, "residential_group", BAD_GROUP),
        ({"residential_group": "To-5"}, "residential_group", BAD_GROUP),
        ({"residential_group": "-to5"}, "residential_group", BAD_GROUP),
        ({"residential_group": "tổ-5"}, "residential_group", BAD_GROUP),
        ({"residential_group": "a" * 41}, "residential_group", BAD_GROUP),
        (
            {"latitude": 21.02},
            "latitude",
            "Cần cả vĩ độ và kinh độ / Give both latitude and longitude, or neither",
        ),
        (
            {"longitude": 105.85},
            "latitude",
            "Cần cả vĩ độ và kinh độ / Give both latitude and longitude, or neither",
        ),
        (
            {"open_24h": True, "opens_at": dt.time(8)},
            "open_24h",
            "Mở cửa 24/24 thì không ghi giờ mở, đóng / Open 24h has no opening hours",
        ),
        (
            {"open_24h": True, "closes_at": dt.time(23)},
            "open_24h",
            "Mở cửa 24/24 thì không ghi giờ mở, đóng / Open 24h has no opening hours",
        ),
    ],
)  # fmt: skip
def test_details_that_cannot_be_true_are_refused(
    changes: dict[str, Any], field_name: str, message: str
) -> None:
    error = refused(lambda: details(**changes))
    assert (error.field_name, str(error)) == (field_name, message)
    assert error.problem_extras()["errors"] == [
        {"loc": ["body", field_name], "msg": message, "type": "invalid"}
    ]


@pytest.mark.parametrize("group", ["a", "5", "to-5", "a" * 40, "0-", "khu-pho-3-to-12"])
def test_residential_group_codes_up_to_40_lowercase_characters(group: str) -> None:
    assert details(residential_group=group).residential_group == group


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [
        (90, 180),
        (-90, -180),
        (90.0, -180.0),
        (-90.0, 180.0),
        (0.0, 0.0),
        (-45.5, -100.25),
        (21.0285, 105.8542),
    ],
)
def test_coordinates_at_and_inside_their_ranges(latitude: float, longitude: float) -> None:
    d = details(latitude=latitude, longitude=longitude)
    assert (d.latitude, d.longitude) == (latitude, longitude)


@pytest.mark.parametrize(
    ("latitude", "longitude", "field_name", "message"),
    [
        (90.0001, 0.0, "latitude", "Vĩ độ ngoài khoảng / Latitude out of range"),
        (-90.0001, 0.0, "latitude", "Vĩ độ ngoài khoảng / Latitude out of range"),
        (91, 0.0, "latitude", "Vĩ độ ngoài khoảng / Latitude out of range"),
        (-90.5, 0.0, "latitude", "Vĩ độ ngoài khoảng / Latitude out of range"),
        (0.0, 180.0001, "longitude", "Kinh độ ngoài khoảng / Longitude out of range"),
        (0.0, -180.0001, "longitude", "Kinh độ ngoài khoảng / Longitude out of range"),
        (0.0, 180.5, "longitude", "Kinh độ ngoài khoảng / Longitude out of range"),
        (0.0, -180.5, "longitude", "Kinh độ ngoài khoảng / Longitude out of range"),
        (95.0, 200.0, "latitude", "Vĩ độ ngoài khoảng / Latitude out of range"),  # latitude is checked first
    ],
)
def test_coordinates_just_beyond_their_ranges_are_refused(
    latitude: float, longitude: float, field_name: str, message: str
) -> None:
    error = refused(lambda: details(latitude=latitude, longitude=longitude))
    assert (error.field_name, str(error)) == (field_name, message)


@settings(max_examples=80, deadline=None, database=None)
@given(
    latitude=st.floats(min_value=-200, max_value=200, allow_nan=False),
    longitude=st.floats(min_value=-400, max_value=400, allow_nan=False),
)
def test_coordinates_are_accepted_exactly_inside_their_ranges(latitude: float, longitude: float) -> None:
    inside = -90 <= latitude <= 90 and -180 <= longitude <= 180
    try:
        details(latitude=latitude, longitude=longitude)
    except InvalidEstablishment as error:
        assert not inside
        assert error.field_name == ("latitude" if abs(latitude) > 90 else "longitude")
    else:
        assert inside


def test_opening_hours_or_open_24h_or_neither() -> None:
    d = details(opens_at=dt.time(8), closes_at=dt.time(2))
    assert (d.opens_at, d.closes_at, d.open_24h) == (dt.time(8), dt.time(2), False)
    assert details(opens_at=dt.time(18)).closes_at is None
    assert details(open_24h=True).open_24h
    assert not details().open_24h
    assert (details().latitude, details().longitude, details().licence) == (None, None, None)


def test_the_main_type_is_the_first_and_the_licence_is_optional() -> None:
    d = details(business_types=(B.MASSAGE, B.LODGING, B.BAR))
    assert d.main_type is B.MASSAGE
    assert details(business_types=(B.LODGING, B.MASSAGE)).main_type is B.LODGING
    assert details().main_type is B.KARAOKE
    assert not d.licensed
    licensed = with_licence(d, Licence("12/GP"))
    assert licensed.licensed
    assert licensed.licence == Licence("12/GP")
    assert dataclasses.replace(licensed, licence=None) == d
    assert with_licence(licensed, None) == d
    assert d.licence is None  # the details are values: with_licence makes new ones


# ---------------------------------------------------------------- registering and updating


def test_registering_records_the_registration_and_nothing_else() -> None:
    e = Establishment.register(ID, "hang-bai", details(), T0)
    assert (e.id, e.ward, e.details, e.status, e.registered_at) == (
        ID,
        "hang-bai",
        details(),
        S.REGISTERED,
        T0,
    )
    assert (e.risk_class, e.inspection_interval_days, e.last_reviewed_on, e.next_review_due) == (None,) * 4
    assert (e.last_inspected_on, e.closure_reason, e.closed_at, e.version) == (None, None, None, 0)
    assert e.collect_events() == [Registered(T0)]
    assert e.collect_events() == []


def test_a_new_establishment_is_registered_and_stamped_now_by_default() -> None:
    before = dt.datetime.now(dt.UTC)
    e = Establishment(ID, "hang-bai", details())
    assert e.status is S.REGISTERED
    assert before <= e.registered_at <= dt.datetime.now(dt.UTC)
    assert e.collect_events() == []


@pytest.mark.parametrize("status", [S.REGISTERED, S.ACTIVE, S.SUSPENDED])
def test_an_update_that_changes_the_details_records_it(status: EstablishmentStatus) -> None:
    e = at_status(status)
    new = details(address="14 Phố Huế")
    e.update(new, T1)
    assert e.details == new
    assert e.status is status
    assert e.collect_events() == [DetailsChanged(T1)]


def test_an_update_with_the_same_details_records_nothing() -> None:
    e = registered()
    same = details()
    assert same is not e.details
    e.update(same, T1)
    assert e.collect_events() == []


def test_a_closed_establishment_cannot_be_updated() -> None:
    e = at_status(S.CLOSED)
    with pytest.raises(StepNotAllowed) as caught:
        e.update(details(address="14 Phố Huế"), T1)
    assert caught.value.problem_extras() == {"establishment_status": "closed", "step": "update"}
    assert e.details == details()
    assert e.collect_events() == []


# ---------------------------------------------------------------- the lifecycle, every status × step


def _review(e: Establishment) -> None:
    review(e)


STEPS: dict[str, Callable[[Establishment], None]] = {
    "activate": lambda e: e.activate(T1, "giấy phép đủ"),
    "suspend": lambda e: e.suspend(T1, "tạm ngừng sửa chữa"),
    "close": lambda e: e.close(T1, ClosureReason.CEASED_TRADING, "sanction-7"),
    "reopen": lambda e: e.reopen(T1),
    "update": lambda e: e.update(details(name="Karaoke Hoa Mai 2"), T1),
    "review": _review,
}
# (status, step) -> the status after it; a pair that is missing is refused
ALLOWED: dict[tuple[EstablishmentStatus, str], EstablishmentStatus] = {
    (S.REGISTERED, "activate"): S.ACTIVE,
    (S.SUSPENDED, "activate"): S.ACTIVE,
    (S.REGISTERED, "suspend"): S.SUSPENDED,
    (S.ACTIVE, "suspend"): S.SUSPENDED,
    (S.REGISTERED, "close"): S.CLOSED,
    (S.ACTIVE, "close"): S.CLOSED,
    (S.SUSPENDED, "close"): S.CLOSED,
    (S.CLOSED, "reopen"): S.ACTIVE,
    **{(s, step): s for s in (S.REGISTERED, S.ACTIVE, S.SUSPENDED) for step in ("update", "review")},
}


def test_the_table_matches_the_module() -> None:
    assert {s for (s, step) in ALLOWED if step == "activate"} == ACTIVATE_FROM
    assert {s for (s, step) in ALLOWED if step == "suspend"} == SUSPEND_FROM
    assert {s for (s, step) in ALLOWED if step == "close"} == CLOSE_FROM
    assert {s for (s, step) in ALLOWED if step == "reopen"} == REOPEN_FROM


@pytest.mark.parametrize(("status", "step"), list(itertools.product(S, STEPS)))
def test_every_step_from_every_status(status: EstablishmentStatus, step: str) -> None:
    e = at_status(status)
    if (status, step) in ALLOWED:
        STEPS[step](e)
        assert e.status is ALLOWED[status, step]
        assert len(e.collect_events()) == 1
    else:
        with pytest.raises(StepNotAllowed) as caught:
            STEPS[step](e)
        assert (caught.value.status, caught.value.step) == (status, step)
        assert STATUS_VI[status] in str(caught.value)
        assert f"An establishment that is '{status}' cannot be '{step}'" in str(caught.value)
        assert e.status is status
        assert e.collect_events() == []


@pytest.mark.parametrize(
    ("start", "step", "to"),
    [
        (S.REGISTERED, "activate", S.ACTIVE),
        (S.SUSPENDED, "activate", S.ACTIVE),
        (S.REGISTERED, "suspend", S.SUSPENDED),
        (S.ACTIVE, "suspend", S.SUSPENDED),
    ],
)
def test_activate_and_suspend_record_the_change_with_its_reason(
    start: EstablishmentStatus, step: str, to: EstablishmentStatus
) -> None:
    e = at_status(start)
    STEPS[step](e)
    reason = "giấy phép đủ" if step == "activate" else "tạm ngừng sửa chữa"
    assert e.collect_events() == [StatusChanged(T1, start, to, reason)]


def test_activating_needs_no_reason() -> None:
    e = registered()
    e.activate(T1)
    assert e.collect_events() == [StatusChanged(T1, S.REGISTERED, S.ACTIVE, "")]


def test_closing_keeps_the_reason_and_reopening_is_the_same_record_active_again() -> None:
    e = registered()
    e.activate(T0)
    e.suspend(T0, "sửa chữa")
    e.close(T1, ClosureReason.LICENCE_REVOKED, "sanction-7")
    assert (e.status, e.closure_reason, e.closed_at) == (S.CLOSED, ClosureReason.LICENCE_REVOKED, T1)
    later = T1 + dt.timedelta(days=200)
    e.reopen(later)
    assert (e.id, e.status, e.closure_reason, e.closed_at) == (ID, S.ACTIVE, None, None)
    assert e.collect_events() == [
        StatusChanged(T0, S.REGISTERED, S.ACTIVE, ""),
        StatusChanged(T0, S.ACTIVE, S.SUSPENDED, "sửa chữa"),
        Closed(T1, ClosureReason.LICENCE_REVOKED, "sanction-7"),
        Reopened(later),
    ]


def test_a_closure_without_a_sanction() -> None:
    e = registered()
    e.close(T1, ClosureReason.MOVED_OUT)
    assert e.collect_events() == [Closed(T1, ClosureReason.MOVED_OUT, "")]


# ---------------------------------------------------------------- reviews


def test_a_review_classifies_and_records_the_previous_class() -> None:
    e = registered()
    first = review(e, risk_class=R.MEDIUM, interval_days=180, next_due=DAY + dt.timedelta(days=300))
    assert first == Reviewed(T1, DAY, R.MEDIUM, None, 180, DAY + dt.timedelta(days=300), "vhxh")
    assert (e.risk_class, e.inspection_interval_days) == (R.MEDIUM, 180)
    assert (e.last_reviewed_on, e.next_review_due) == (DAY, DAY + dt.timedelta(days=300))
    later = DAY + dt.timedelta(days=100)
    second = review(e, on=later, risk_class=R.HIGH, interval_days=30, next_due=later + dt.timedelta(days=90))
    assert second.previous is R.MEDIUM
    assert (e.risk_class, e.inspection_interval_days, e.last_reviewed_on) == (R.HIGH, 30, later)
    assert e.collect_events() == [first, second]


@pytest.mark.parametrize(
    ("gap", "due_after"),
    [(1, 1), (364, 364), (365, 365), (366, 365), (400, 365), (10_000, 365)],
)
def test_the_next_review_is_at_most_12_months_later(gap: int, due_after: int) -> None:
    assert MAX_REVIEW_GAP_DAYS == 365
    e = registered()
    event = review(e, next_due=DAY + dt.timedelta(days=gap))
    assert event.next_review_due == DAY + dt.timedelta(days=due_after)
    assert e.next_review_due == event.next_review_due


def test_a_next_review_due_before_the_review_is_kept() -> None:
    e = registered()
    assert review(e, next_due=DAY - dt.timedelta(days=3)).next_review_due == DAY - dt.timedelta(days=3)


@settings(max_examples=60, deadline=None, database=None)
@given(on=st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31)), gap=st.integers(-400, 2000))
def test_the_next_review_is_the_earlier_of_the_one_asked_for_and_a_year(on: dt.date, gap: int) -> None:
    e = registered()
    event = review(e, on=on, next_due=on + dt.timedelta(days=gap))
    assert event.next_review_due == on + dt.timedelta(days=min(gap, 365))


def test_the_review_s_facts_are_named() -> None:
    e = registered()
    with pytest.raises(TypeError):
        e.review(T1, DAY, R.HIGH, 90, DAY, "vhxh")  # type: ignore[misc]
    assert e.risk_class is None


@pytest.mark.parametrize("interval", [1, 2, 30, 365])
def test_an_inspection_interval_of_a_day_or_more(interval: int) -> None:
    assert review(registered(), interval_days=interval).interval_days == interval


@pytest.mark.parametrize("interval", [0, -1, -30])
def test_an_inspection_interval_under_a_day_is_refused(interval: int) -> None:
    e = registered()
    error = refused(lambda: review(e, interval_days=interval))
    assert error.field_name == "interval_days"
    assert str(error) == "Chu kỳ kiểm tra không hợp lệ / Bad inspection interval"
    assert (e.risk_class, e.inspection_interval_days, e.next_review_due) == (None, None, None)
    assert e.collect_events() == []


def test_a_closed_establishment_is_not_reviewed() -> None:
    e = at_status(S.CLOSED)
    with pytest.raises(StepNotAllowed) as caught:
        review(e)
    assert caught.value.step == "review"
    assert e.risk_class is None
    assert e.collect_events() == []


# ---------------------------------------------------------------- inspections, due and overdue


def test_the_latest_inspection_wins() -> None:
    e = registered()
    e.inspected(DAY)
    assert e.last_inspected_on == DAY
    e.inspected(DAY - dt.timedelta(days=1))
    assert e.last_inspected_on == DAY
    e.inspected(DAY)
    assert e.last_inspected_on == DAY
    e.inspected(DAY + dt.timedelta(days=1))
    assert e.last_inspected_on == DAY + dt.timedelta(days=1)
    assert e.collect_events() == []


def test_an_inspection_is_due_once_classified() -> None:
    e = registered()
    assert e.inspection_due() is None
    e.inspected(DAY - dt.timedelta(days=400))
    assert e.inspection_due() is None  # inspected, but no interval yet
    fresh = registered()
    review(fresh, on=DAY, interval_days=90)
    assert fresh.inspection_due() == DAY  # never inspected: due from the review
    review(e, on=DAY, interval_days=90)
    assert e.inspection_due() == DAY - dt.timedelta(days=310)
    e.inspected(DAY + dt.timedelta(days=5))
    assert e.inspection_due() == DAY + dt.timedelta(days=95)


@pytest.mark.parametrize("status", [S.REGISTERED, S.ACTIVE, S.SUSPENDED])
def test_a_review_is_overdue_the_day_after_it_was_due_or_when_there_never_was_one(
    status: EstablishmentStatus,
) -> None:
    e = at_status(status)
    assert e.review_overdue(DAY)
    e.next_review_due = DAY
    assert not e.review_overdue(DAY - dt.timedelta(days=1))
    assert not e.review_overdue(DAY)
    assert e.review_overdue(DAY + dt.timedelta(days=1))


def test_a_closed_establishment_is_never_overdue() -> None:
    e = at_status(S.CLOSED)
    assert not e.review_overdue(DAY)
    e.next_review_due = DAY - dt.timedelta(days=1000)
    assert not e.review_overdue(DAY)


# ---------------------------------------------------------------- values and the entity


@pytest.mark.parametrize(
    "value",
    [
        Licence("12/GP"),
        details(),
        Registered(T0),
        DetailsChanged(T0),
        StatusChanged(T0, S.REGISTERED, S.ACTIVE, ""),
        Closed(T0, ClosureReason.DUPLICATE),
        Reopened(T0),
        Reviewed(T0, DAY, R.LOW, None, 365, DAY, "vhxh"),
    ],
    ids=lambda v: type(v).__name__,
)
def test_details_and_events_are_values_that_never_change(value: Any) -> None:
    name = dataclasses.fields(value)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(value, name, None)
    assert hash(value) == hash(dataclasses.replace(value))
    assert value == dataclasses.replace(value)


def test_an_establishment_is_equal_only_to_itself() -> None:
    one, same_fields = at_status(S.ACTIVE), at_status(S.ACTIVE)
    assert one == one
    assert one != same_fields
    assert len({one, same_fields}) == 2
