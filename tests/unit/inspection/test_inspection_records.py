"""Inspections and their records: the team, sanctions and findings (each rule at its edge, each refusal
naming its field in Vietnamese and English), planning, drafting (the visit's date, one record per
establishment, amendments only of the signed record in force), signing (final, once; an amendment
announces only what it adds), the record in force and when an inspection is complete."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.inspection.domain.inspection import (
    LEAD_UNIT,
    MAX_FINE_VND,
    SUSPENSION_KINDS,
    TEAM_UNITS,
    Findings,
    FollowUp,
    Inspection,
    InvalidRecord,
    Planned,
    Record,
    RecordFinal,
    RecordSigned,
    Sanction,
    Team,
    Violation,
)
from services.inspection.domain.kinds import (
    InspectionKind,
    InspectionResult,
    RiskClass,
    SanctionKind,
    ViolationKind,
)

K, Res, SK, VK = InspectionKind, InspectionResult, SanctionKind, ViolationKind
T0 = dt.datetime(2026, 12, 4, 8, 0, tzinfo=dt.UTC)
PLAN = dt.date(2026, 12, 10)
E1, E2, E3 = (uuid.UUID(int=n) for n in (1, 2, 3))
INSPECTION = uuid.UUID(int=100)
CAMPAIGN = uuid.UUID(int=200)


def copy(u: uuid.UUID) -> uuid.UUID:
    """An equal id that is another object, as one read from a request or a row would be."""
    return uuid.UUID(str(u))


def at(hours: int) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


def team() -> Team:
    return Team("vhxh", ("vhxh", "ca", "ubnd"), ("CB-017", "CA-203"))


def violation(n: int = 1, kind: ViolationKind = VK.GUEST_REGISTRATION) -> Violation:
    return Violation(uuid.UUID(int=1000 + n), kind, "Điều 13 khoản 2 Nghị định 144/2021/NĐ-CP")


def sanction(v: Violation, n: int = 1, kind: SanctionKind = SK.FINE, **fields: Any) -> Sanction:
    if kind is SK.FINE:
        fields.setdefault("fine_vnd", 3_000_000)
    if kind in SUSPENSION_KINDS:
        fields.setdefault("suspension_days", 30)
    return Sanction(uuid.UUID(int=2000 + n), v.id, kind, **fields)


def clean(on: dt.date = PLAN) -> Findings:
    return Findings(Res.NO_VIOLATION, on, ("sổ lưu trú", "giấy phép"))


def found(*violations: Violation, sanctions: tuple[Sanction, ...] = (), on: dt.date = PLAN) -> Findings:
    return Findings(Res.VIOLATIONS_FOUND, on, (), violations or (violation(),), sanctions)


def inspection(*establishments: uuid.UUID, planned_for: dt.date = PLAN) -> Inspection:
    i = Inspection.plan(
        INSPECTION,
        "hang-bai",
        T0,
        kind=K.PLANNED,
        establishment_ids=establishments or (E1, E2),
        planned_for=planned_for,
        team=team(),
    )
    i.collect_events()
    return i


def refused(make: Callable[[], object]) -> InvalidRecord:
    with pytest.raises(InvalidRecord) as caught:
        make()
    return caught.value


def signed(i: Inspection, record: Record, hours: int) -> Record:
    return i.sign(copy(record.id), "CB-017", at(hours))


# ---------------------------------------------------------------- the errors' form


def test_an_invalid_record_says_what_in_vietnamese_then_english_and_names_its_field() -> None:
    error = refused(lambda: Findings(Res.VIOLATIONS_FOUND, PLAN))
    assert isinstance(error, ValueError)
    assert error.field_name == "violations"
    message = (
        "Kết quả 'phát hiện vi phạm' cần ít nhất một vi phạm, và chỉ kết quả đó có vi phạm / "
        "Violations go with the result 'violations_found', and that result needs at least one"
    )
    assert str(error) == message
    assert error.problem_extras() == {
        "errors": [{"loc": ["body", "violations"], "msg": message, "type": "invalid"}]
    }


def test_a_signed_record_is_final_in_vietnamese_and_english() -> None:
    error = RecordFinal(E1)
    assert error.record_id == E1
    assert str(error) == (
        "Biên bản đã ký, không sửa được; hãy lập biên bản sửa đổi nêu rõ lý do. / "
        "The record is signed and final; amend it with a new record that states why."
    )
    assert not isinstance(error, ValueError)


# ---------------------------------------------------------------- the team


def test_a_team_led_by_the_culture_society_office_with_known_units() -> None:
    assert LEAD_UNIT == "vhxh"
    assert frozenset({"vhxh", "ca", "qs", "ktht", "ttdv", "ubnd"}) == TEAM_UNITS
    lead = "".join(["vh", "xh"])  # equal to "vhxh", not the same object: as read from a request
    t = Team(lead, tuple(sorted(TEAM_UNITS)))
    assert (t.lead_unit, t.members) == ("vhxh", ())
    assert Team("vhxh", ()).units == ()
    assert team().members == ("CB-017", "CA-203")


@pytest.mark.parametrize("lead", ["ca", "ubnd", "zz", "", "VHXH", "vhxh "])
def test_the_team_leader_comes_from_the_culture_society_office(lead: str) -> None:
    error = refused(lambda: Team(lead, ("vhxh", "ca")))
    assert error.field_name == "team.lead_unit"
    assert str(error) == (
        "Trưởng đoàn phải thuộc Phòng Văn hóa - Xã hội / "
        "The team leader comes from the Culture-Society Office (vhxh)"
    )


def test_a_team_of_unknown_units_is_refused_naming_them_sorted() -> None:
    error = refused(lambda: Team("vhxh", ("vhxh", "zz", "ca", "ab", "zz")))
    assert error.field_name == "team.units"
    assert str(error) == "Đơn vị không hợp lệ: ['ab', 'zz'] / Unknown units: ['ab', 'zz']"
    assert refused(lambda: Team("vhxh", ("VHXH",))).field_name == "team.units"


# ---------------------------------------------------------------- sanctions

V = violation()


def sanction_of(kind: SanctionKind, fine: int = 0, days: int = 0) -> Sanction:
    return Sanction(uuid.UUID(int=2001), V.id, kind, fine, days, "biên bản xử phạt số 12")


@pytest.mark.parametrize("fine", [1, 2, 3_000_000, MAX_FINE_VND - 1, MAX_FINE_VND])
def test_a_fine_of_one_dong_up_to_the_typo_guard(fine: int) -> None:
    assert MAX_FINE_VND == 1_000_000_000
    s = sanction_of(SK.FINE, fine)
    assert (s.fine_vnd, s.suspension_days, s.description) == (fine, 0, "biên bản xử phạt số 12")


@pytest.mark.parametrize("fine", [0, -1, -3_000_000, MAX_FINE_VND + 1, 10 * MAX_FINE_VND])
def test_a_fine_needs_its_amount_within_the_guard(fine: int) -> None:
    error = refused(lambda: sanction_of(SK.FINE, fine))
    assert error.field_name == "sanctions.fine_vnd"
    assert str(error) == "Số tiền phạt không hợp lệ / A fine needs its amount"


@settings(max_examples=60, deadline=None, database=None)
@given(fine=st.integers(-(10**10), 10**10) | st.sampled_from([-1, 0, 1, MAX_FINE_VND, MAX_FINE_VND + 1]))
def test_a_fine_is_accepted_exactly_from_one_dong_to_the_guard(fine: int) -> None:
    try:
        sanction_of(SK.FINE, fine)
    except InvalidRecord:
        assert not 1 <= fine <= MAX_FINE_VND
    else:
        assert 1 <= fine <= MAX_FINE_VND


@pytest.mark.parametrize("kind", [k for k in SK if k is not SK.FINE])
@pytest.mark.parametrize("fine", [1, -1, MAX_FINE_VND])
def test_only_a_fine_has_an_amount(kind: SanctionKind, fine: int) -> None:
    days = 30 if kind in SUSPENSION_KINDS else 0
    error = refused(lambda: sanction_of(kind, fine, days))
    assert error.field_name == "sanctions.fine_vnd"
    assert str(error) == "Chỉ hình thức phạt tiền có số tiền / Only a fine has an amount"


def test_the_suspensions() -> None:
    assert {SK.LICENCE_SUSPENSION, SK.OPERATION_SUSPENSION} == SUSPENSION_KINDS


@pytest.mark.parametrize("kind", sorted(SUSPENSION_KINDS))
@pytest.mark.parametrize("days", [1, 2, 365, 729, 730])
def test_a_suspension_of_one_day_to_two_years(kind: SanctionKind, days: int) -> None:
    assert sanction_of(kind, days=days).suspension_days == days


@pytest.mark.parametrize("kind", sorted(SUSPENSION_KINDS))
@pytest.mark.parametrize("days", [0, -1, 731, 10_000])
def test_a_suspension_needs_its_days(kind: SanctionKind, days: int) -> None:
    error = refused(lambda: sanction_of(kind, days=days))
    assert error.field_name == "sanctions.suspension_days"
    assert str(error) == "Cần số ngày đình chỉ, tước giấy phép / A suspension needs its days"


@pytest.mark.parametrize("kind", [k for k in SK if k not in SUSPENSION_KINDS])
@pytest.mark.parametrize("days", [1, -1, 730])
def test_only_suspensions_have_days(kind: SanctionKind, days: int) -> None:
    fine = 3_000_000 if kind is SK.FINE else 0
    error = refused(lambda: sanction_of(kind, fine, days))
    assert error.field_name == "sanctions.suspension_days"
    assert str(error) == "Chỉ đình chỉ, tước giấy phép mới có số ngày / Only suspensions have days"


@pytest.mark.parametrize("kind", list(SK))
def test_every_kind_with_just_what_it_needs(kind: SanctionKind) -> None:
    fine = 1 if kind is SK.FINE else 0
    days = 1 if kind in SUSPENSION_KINDS else 0
    s = sanction_of(kind, fine, days)
    assert (s.kind, s.fine_vnd, s.suspension_days, s.violation_id) == (kind, fine, days, V.id)
    bare = Sanction(uuid.UUID(int=9), V.id, kind, fine, days)
    assert bare.description == ""


def test_a_sanction_without_amount_or_days_by_default() -> None:
    s = Sanction(uuid.UUID(int=9), V.id, SK.WARNING)
    assert (s.fine_vnd, s.suspension_days, s.description) == (0, 0, "")


# ---------------------------------------------------------------- findings


@pytest.mark.parametrize("result", [Res.NO_VIOLATION, Res.NOT_OPERATING])
def test_findings_without_violations(result: InspectionResult) -> None:
    f = Findings(result, PLAN)
    assert (f.checklist, f.violations, f.sanctions, f.follow_up, f.not_carried_out_reason) == (
        (),
        (),
        (),
        None,
        "",
    )


@pytest.mark.parametrize("result", [Res.NO_VIOLATION, Res.NOT_OPERATING, Res.NOT_CARRIED_OUT])
def test_violations_go_only_with_the_result_violations_found(result: InspectionResult) -> None:
    reason = "chủ cơ sở vắng mặt" if result is Res.NOT_CARRIED_OUT else ""
    error = refused(lambda: Findings(result, PLAN, (), (violation(),), not_carried_out_reason=reason))
    assert error.field_name == "violations"


def test_the_result_violations_found_needs_a_violation() -> None:
    assert refused(lambda: Findings(Res.VIOLATIONS_FOUND, PLAN)).field_name == "violations"
    f = found(violation(1), violation(2, VK.NO_LICENCE))
    assert [v.kind for v in f.violations] == [VK.GUEST_REGISTRATION, VK.NO_LICENCE]


def test_a_sanction_needs_a_violation_of_the_record() -> None:
    v1, v2 = violation(1), violation(2)
    f = found(v1, v2, sanctions=(sanction(v1, 1), sanction(v2, 2, SK.WARNING), sanction(v2, 3, SK.FINE)))
    assert len(f.sanctions) == 3
    for make in (
        lambda: found(v1, sanctions=(sanction(v1, 1), sanction(v2, 2))),
        lambda: found(v1, sanctions=(sanction(v2, 2),)),
        lambda: Findings(Res.NO_VIOLATION, PLAN, sanctions=(sanction(v1),)),
    ):
        error = refused(make)
        assert error.field_name == "sanctions"
        assert (
            str(error)
            == "Hình thức xử phạt phải gắn với một vi phạm / A sanction needs a violation of this record"
        )


@pytest.mark.parametrize("basis", ["", "   "])
def test_a_violation_needs_its_legal_basis(basis: str) -> None:
    v1 = violation(1)
    v2 = Violation(uuid.UUID(int=1002), VK.OTHER, basis, "cửa phòng khóa trái")
    error = refused(lambda: found(v1, v2))
    assert error.field_name == "violations.legal_basis"
    assert str(error) == "Thiếu căn cứ pháp lý / A violation needs its legal basis"
    assert refused(lambda: found(v2, v1)).field_name == "violations.legal_basis"


def test_a_reason_goes_with_and_only_with_not_carried_out() -> None:
    f = Findings(Res.NOT_CARRIED_OUT, PLAN, not_carried_out_reason="cơ sở đóng cửa")
    assert f.not_carried_out_reason == "cơ sở đóng cửa"
    message = (
        "Chỉ khi không tiến hành được mới ghi, và phải ghi, lý do / "
        "A reason goes with, and only with, the result 'not_carried_out'"
    )
    for make in (
        lambda: Findings(Res.NOT_CARRIED_OUT, PLAN),
        lambda: Findings(Res.NOT_CARRIED_OUT, PLAN, not_carried_out_reason="  "),
        lambda: Findings(Res.NO_VIOLATION, PLAN, not_carried_out_reason="cơ sở đóng cửa"),
        lambda: Findings(Res.NOT_OPERATING, PLAN, not_carried_out_reason="cơ sở đóng cửa"),
        lambda: Findings(Res.VIOLATIONS_FOUND, PLAN, violations=(violation(),), not_carried_out_reason="x"),
    ):
        error = refused(make)
        assert (error.field_name, str(error)) == ("not_carried_out_reason", message)


def test_the_remedy_deadline_is_not_before_the_visit() -> None:
    same_day = Findings(Res.NO_VIOLATION, PLAN, follow_up=FollowUp(PLAN))
    assert same_day.follow_up == FollowUp(PLAN, reinspect=True)
    follow_up = FollowUp(PLAN + dt.timedelta(days=30), reinspect=False)
    later = Findings(Res.VIOLATIONS_FOUND, PLAN, violations=(violation(),), follow_up=follow_up)
    assert later.follow_up is not None
    assert not later.follow_up.reinspect
    error = refused(lambda: Findings(Res.NO_VIOLATION, PLAN, follow_up=FollowUp(PLAN - dt.timedelta(days=1))))
    assert error.field_name == "follow_up.remedy_by"
    assert str(error) == "Hạn khắc phục trước ngày kiểm tra / The remedy deadline is before the visit"


# ---------------------------------------------------------------- planning


def test_planning_records_the_plan() -> None:
    i = Inspection.plan(
        INSPECTION,
        "hang-bai",
        T0,
        kind=K.THEMATIC,
        establishment_ids=(E1, E2, E3),
        planned_for=PLAN,
        team=team(),
        campaign_id=CAMPAIGN,
        source_tip_id="TIP-2026-00042",
    )
    assert (i.id, i.ward, i.kind, i.establishment_ids, i.planned_for) == (
        INSPECTION, "hang-bai", K.THEMATIC, (E1, E2, E3), PLAN
    )  # fmt: skip
    assert (i.team, i.campaign_id, i.source_tip_id, i.planned_at, i.records) == (
        team(), CAMPAIGN, "TIP-2026-00042", T0, []
    )  # fmt: skip
    assert i.collect_events() == [Planned(T0)]
    assert i.collect_events() == []


@pytest.mark.parametrize("kind", [K.PLANNED, K.SURPRISE])
def test_planned_and_surprise_inspections_need_no_campaign(kind: InspectionKind) -> None:
    i = Inspection.plan(
        INSPECTION, "hang-bai", T0, kind=kind, establishment_ids=(E1,), planned_for=PLAN, team=team()
    )
    assert (i.campaign_id, i.source_tip_id, i.kind) == (None, "", kind)


def test_a_thematic_inspection_needs_its_campaign() -> None:
    error = refused(
        lambda: Inspection.plan(
            INSPECTION,
            "hang-bai",
            T0,
            kind=K.THEMATIC,
            establishment_ids=(E1,),
            planned_for=PLAN,
            team=team(),
        )
    )
    assert error.field_name == "campaign_id"
    assert str(error) == "Kiểm tra chuyên đề thuộc một đợt / A thematic inspection needs its campaign"


@pytest.mark.parametrize("ids", [(), (E1, E1), (E1, E2, copy(E1))])
def test_an_inspection_lists_its_establishments_once_each(ids: tuple[uuid.UUID, ...]) -> None:
    error = refused(
        lambda: Inspection.plan(
            INSPECTION, "hang-bai", T0, kind=K.SURPRISE, establishment_ids=ids, planned_for=PLAN, team=team()
        )
    )
    assert error.field_name == "establishment_ids"
    assert str(error) == "Cần danh sách cơ sở, không trùng lặp / List the establishments, once each"


def test_the_options_of_plan_and_draft_are_named() -> None:
    with pytest.raises(TypeError):
        Inspection.plan(INSPECTION, "hang-bai", T0, K.PLANNED, (E1,), PLAN, team())  # type: ignore[misc]
    i = inspection()
    first = signed(i, i.draft(uuid.UUID(int=500), E1, clean(), "CB-017", at(1)), 2)
    with pytest.raises(TypeError):
        i.draft(uuid.UUID(int=501), E1, clean(), "CB", at(3), first.id, "sai")  # type: ignore[misc]
    assert len(i.records) == 1


def test_a_large_campaign_inspection() -> None:
    ids = tuple(uuid.UUID(int=10_000 + n) for n in range(300))

    def plan(establishment_ids: tuple[uuid.UUID, ...]) -> Inspection:
        return Inspection.plan(
            INSPECTION, "hang-bai", T0, kind=K.THEMATIC, establishment_ids=establishment_ids,
            planned_for=PLAN, team=team(), campaign_id=CAMPAIGN,
        )  # fmt: skip

    assert len(plan(ids).establishment_ids) == 300
    assert refused(lambda: plan((*ids, ids[150]))).field_name == "establishment_ids"


def test_an_inspection_is_stamped_now_by_default() -> None:
    before = dt.datetime.now(dt.UTC)
    i = Inspection(INSPECTION, "hang-bai", K.SURPRISE, (E1,), PLAN, team())
    assert before <= i.planned_at <= dt.datetime.now(dt.UTC)
    assert (i.records, i.campaign_id, i.source_tip_id) == ([], None, "")
    assert i.collect_events() == []


# ---------------------------------------------------------------- drafting


def test_a_first_record_for_an_establishment_of_the_inspection() -> None:
    i = inspection()
    r = i.draft(uuid.UUID(int=500), copy(E2), clean(), "CB-017", at(1))
    assert (r.id, r.inspection_id, r.establishment_id, r.findings) == (
        uuid.UUID(int=500),
        INSPECTION,
        E2,
        clean(),
    )
    assert (r.drafted_by, r.drafted_at, r.supersedes, r.amendment_reason) == ("CB-017", at(1), None, "")
    assert (r.signed_by, r.signed_at, r.final) == ("", None, False)
    assert i.records == [r]
    assert i.current(E2) is r
    assert i.current(E1) is None
    assert i.collect_events() == []


def test_only_establishments_of_the_inspection_get_a_record() -> None:
    i = inspection(E1, E2)
    error = refused(lambda: i.draft(uuid.UUID(int=500), E3, clean(), "CB-017", at(1)))
    assert error.field_name == "establishment_id"
    assert str(error) == "Cơ sở không thuộc cuộc kiểm tra này / Not an establishment of this inspection"
    assert i.records == []


@pytest.mark.parametrize("days_before", [0, 1, 29, 30, -1, -365])
def test_a_visit_at_most_30_days_before_the_plan(days_before: int) -> None:
    i = inspection()
    on = PLAN - dt.timedelta(days=days_before)
    assert i.draft(uuid.UUID(int=500), E1, clean(on), "CB-017", at(1)).findings.inspected_on == on


@pytest.mark.parametrize("days_before", [31, 32, 400])
def test_a_visit_more_than_30_days_before_the_plan_is_refused(days_before: int) -> None:
    i = inspection()
    error = refused(
        lambda: i.draft(uuid.UUID(int=500), E1, clean(PLAN - dt.timedelta(days_before)), "CB", at(1))
    )
    assert error.field_name == "inspected_on"
    assert str(error) == "Ngày kiểm tra trước kế hoạch / The visit predates the plan"
    assert i.records == []


def test_a_second_record_without_amends_is_refused_draft_or_signed() -> None:
    i = inspection()
    first = i.draft(uuid.UUID(int=500), E1, clean(), "CB-017", at(1))
    message = (
        "Cơ sở đã có biên bản; sửa biên bản nháp hoặc lập biên bản sửa đổi / "
        "This establishment has a record: revise the draft or amend the signed one"
    )
    error = refused(lambda: i.draft(uuid.UUID(int=501), E1, clean(), "CB-017", at(2)))
    assert (error.field_name, str(error)) == ("supersedes", message)
    signed(i, first, 3)
    error = refused(lambda: i.draft(uuid.UUID(int=501), E1, clean(), "CB-017", at(4), reason="sai ngày"))
    assert (error.field_name, str(error)) == ("supersedes", message)
    assert i.records == [first]


def test_an_amendment_of_the_signed_record_in_force_states_why() -> None:
    i = inspection()
    first = signed(i, i.draft(uuid.UUID(int=500), E1, clean(), "CB-017", at(1)), 2)
    amendment = i.draft(
        uuid.UUID(int=501),
        copy(E1),
        found(violation()),
        "CB-017",
        at(3),
        amends=copy(first.id),
        reason=" sót vi phạm ",
    )
    assert (amendment.supersedes, amendment.amendment_reason, amendment.final) == (
        first.id,
        "sót vi phạm",
        False,
    )
    assert i.current(E1) is first  # the draft is not in force until signed
    signed(i, amendment, 4)
    assert i.current(E1) is amendment


@pytest.mark.parametrize("reason", ["", "  \n"])
def test_an_amendment_without_a_reason_is_refused(reason: str) -> None:
    i = inspection()
    first = signed(i, i.draft(uuid.UUID(int=500), E1, clean(), "CB-017", at(1)), 2)
    error = refused(
        lambda: i.draft(uuid.UUID(int=501), E1, clean(), "CB", at(3), amends=first.id, reason=reason)
    )
    assert error.field_name == "amendment_reason"
    assert str(error) == "Biên bản sửa đổi phải nêu lý do / An amendment states why"
    assert i.records == [first]


def test_only_the_signed_record_in_force_can_be_amended() -> None:
    i = inspection()
    message = "Chỉ sửa đổi biên bản đã ký đang có hiệu lực / Only the signed record in force can be amended"

    def amend(amends: uuid.UUID, establishment: uuid.UUID = E1) -> InvalidRecord:
        return refused(
            lambda: i.draft(
                uuid.UUID(int=599), establishment, clean(), "CB", at(9), amends=amends, reason="x"
            )
        )

    # nothing to amend yet
    error = amend(uuid.UUID(int=500))
    assert (error.field_name, str(error)) == ("supersedes", message)
    # a draft is revised, not amended
    draft = i.draft(uuid.UUID(int=500), E1, clean(), "CB-017", at(1))
    assert str(amend(copy(draft.id))) == message
    first = signed(i, draft, 2)
    # another id, or the record of another establishment
    assert str(amend(uuid.UUID(int=777))) == message
    other = signed(i, i.draft(uuid.UUID(int=510), E2, clean(), "CB-017", at(2)), 2)
    assert str(amend(copy(other.id))) == message
    # a record that a later one amended is no longer in force
    second = signed(i, i.draft(uuid.UUID(int=501), E1, clean(), "CB", at(3), amends=first.id, reason="x"), 4)
    assert str(amend(copy(first.id))) == message
    third = i.draft(uuid.UUID(int=502), E1, clean(), "CB", at(5), amends=copy(second.id), reason="lần hai")
    assert third.supersedes == second.id
    assert [r.id for r in i.records] == [draft.id, other.id, second.id, third.id]


def test_no_second_amendment_while_one_is_being_drafted() -> None:
    i = inspection()
    first = signed(i, i.draft(uuid.UUID(int=500), E1, clean(), "CB-017", at(1)), 2)
    i.draft(uuid.UUID(int=501), E1, clean(), "CB", at(3), amends=first.id, reason="sai ngày")
    error = refused(
        lambda: i.draft(uuid.UUID(int=502), copy(E1), clean(), "CB", at(4), amends=copy(first.id), reason="y")
    )
    assert error.field_name == "supersedes"
    assert str(error) == "Đã có bản sửa đổi đang soạn / An amendment is already being drafted"
    assert len(i.records) == 2


def test_open_drafts_of_other_establishments_do_not_block_an_amendment() -> None:
    i = inspection(E1, E2, E3)
    first = signed(i, i.draft(uuid.UUID(int=500), E2, clean(), "CB-017", at(1)), 2)
    i.draft(uuid.UUID(int=510), E1, clean(), "CB-017", at(2))  # E1 sorts before E2, E3 after
    i.draft(uuid.UUID(int=530), E3, clean(), "CB-017", at(2))
    amendment = i.draft(
        uuid.UUID(int=501), copy(E2), clean(), "CB", at(3), amends=copy(first.id), reason="sai"
    )
    assert amendment.supersedes == first.id


# ---------------------------------------------------------------- revising and signing


def test_a_draft_is_revised_until_signed_then_final() -> None:
    i = inspection()
    r = i.draft(uuid.UUID(int=500), E1, clean(), "CB-017", at(1))
    revised = found(violation())
    r.revise(revised)
    assert r.findings == revised
    signed(i, r, 2)
    with pytest.raises(RecordFinal) as caught:
        r.revise(clean())
    assert caught.value.record_id == r.id
    assert r.findings == revised


def test_the_leader_signs_and_the_record_is_final() -> None:
    i = inspection()
    r = i.draft(uuid.UUID(int=500), E1, found(violation()), "CB-017", at(1))
    assert i.sign(copy(r.id), "CB-001", at(2), RiskClass.HIGH) is r
    assert (r.signed_by, r.signed_at, r.final) == ("CB-001", at(2), True)
    assert i.collect_events() == [RecordSigned(at(2), r, RiskClass.HIGH, frozenset())]


def test_a_record_without_a_risk_class_announces_none() -> None:
    i = inspection()
    r = i.draft(uuid.UUID(int=500), E1, clean(), "CB-017", at(1))
    signed(i, r, 2)
    (event,) = i.collect_events()
    assert event == RecordSigned(at(2), r)
    assert (event.risk_class, event.already_published) == (None, frozenset())


def test_a_record_is_signed_once() -> None:
    i = inspection()
    r = signed(i, i.draft(uuid.UUID(int=500), E1, clean(), "CB-017", at(1)), 2)
    i.collect_events()
    with pytest.raises(RecordFinal) as caught:
        i.sign(r.id, "CB-002", at(3))
    assert caught.value.record_id == r.id
    assert (r.signed_by, r.signed_at) == ("CB-017", at(2))
    assert i.collect_events() == []


def test_only_a_record_of_the_inspection_is_signed() -> None:
    i = inspection()
    i.draft(uuid.UUID(int=500), E1, clean(), "CB-017", at(1))
    error = refused(lambda: i.sign(uuid.UUID(int=501), "CB-017", at(2)))
    assert error.field_name == "record_id"
    assert str(error) == "Không có biên bản này / No such record in this inspection"
    assert i.collect_events() == []


@pytest.mark.parametrize("ids", [(500, 501, 502), (502, 501, 500), (501, 502, 500)])
def test_an_amendment_announces_only_what_it_adds_over_every_record_it_amends(ids: tuple[int, ...]) -> None:
    i = inspection()
    v1, v2, v3 = violation(1), violation(2), violation(3)
    s1, s2 = sanction(v1, 1), sanction(v2, 2, SK.WARNING)
    id1, id2, id3 = (uuid.UUID(int=n) for n in ids)  # record ids in any order
    first = i.draft(id1, E1, found(v1, sanctions=(s1,)), "CB-017", at(1))
    signed(i, first, 2)
    second = i.draft(id2, E1, found(v1, v2, sanctions=(s1, s2)), "CB", at(3), amends=first.id, reason="a")
    signed(i, second, 4)
    third = i.draft(id3, E1, found(v3), "CB", at(5), amends=copy(second.id), reason="b")
    signed(i, third, 6)
    other = signed(i, i.draft(uuid.UUID(int=510), E2, found(violation(9)), "CB", at(6)), 7)
    events = i.collect_events()
    assert [e.record for e in events] == [first, second, third, other]
    published = [e.already_published for e in events]
    assert published[0] == frozenset()
    assert published[1] == {str(v1.id), str(s1.id)}
    assert published[2] == {str(v1.id), str(s1.id), str(v2.id), str(s2.id)}
    assert published[3] == frozenset()
    assert all(isinstance(p, frozenset) for p in published)


# ---------------------------------------------------------------- the record in force, completion


def test_the_record_in_force_is_the_latest_signed_else_the_draft() -> None:
    def record(n: int, establishment: uuid.UUID, drafted: int, signed: int | None) -> Record:
        r = Record(uuid.UUID(int=n), INSPECTION, establishment, clean(), "CB", at(drafted))
        if signed is not None:
            r.signed_by, r.signed_at = "CB", at(signed)
        return r

    i = inspection(E1, E2, E3)
    # as loaded: drafted in one order, signed in the other
    late_signed, early_signed = record(1, E1, 1, 9), record(2, E1, 2, 3)
    i.records = [late_signed, early_signed, record(3, E1, 4, None)]
    assert i.current(copy(E1)) is late_signed
    i.records = [early_signed, late_signed]
    assert i.current(E1) is late_signed
    older_draft, newer_draft = record(4, E2, 1, None), record(5, E2, 2, None)
    i.records = [older_draft, newer_draft, late_signed]
    assert i.current(copy(E2)) is newer_draft
    assert i.current(E3) is None


def test_an_inspection_is_complete_when_every_establishment_has_a_signed_record() -> None:
    i = inspection(E1, E2)
    assert not i.completed
    first = i.draft(uuid.UUID(int=500), E1, clean(), "CB-017", at(1))
    assert not i.completed
    signed(i, first, 2)
    assert not i.completed
    second = i.draft(uuid.UUID(int=510), E2, clean(), "CB-017", at(2))
    assert not i.completed
    signed(i, second, 3)
    assert i.completed
    i.draft(uuid.UUID(int=501), E1, clean(), "CB", at(4), amends=first.id, reason="sai ngày")
    assert i.completed  # the signed record stays in force while its amendment is drafted


# ---------------------------------------------------------------- values and entities


@pytest.mark.parametrize(
    "value",
    [
        team(),
        violation(),
        sanction(violation()),
        FollowUp(PLAN),
        found(violation()),
        Planned(T0),
        RecordSigned(T0, Record(uuid.UUID(int=500), INSPECTION, E1, clean(), "CB", T0)),
    ],
    ids=lambda v: type(v).__name__,
)
def test_the_team_findings_and_events_are_values_that_never_change(value: Any) -> None:
    name = dataclasses.fields(value)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(value, name, None)
    assert hash(value) == hash(dataclasses.replace(value))
    assert value == dataclasses.replace(value)


def test_records_and_inspections_are_equal_only_to_themselves() -> None:
    def record() -> Record:
        return Record(uuid.UUID(int=500), INSPECTION, E1, clean(), "CB", T0)

    one, same_fields = record(), record()
    assert one == one
    assert one != same_fields
    assert len({one, same_fields}) == 2
    i, j = inspection(), inspection()
    assert i != j
    assert len({i, j}) == 2
