"""Needs and eligibility: one rule per need (a table of data), each finding naming its rule and what was
not met, and the two flags the indicators read (has needs; eligible for a need found)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from services.case_support.domain.kinds import ANSWERS, NeedKind
from services.case_support.domain.needs import (
    RULES,
    UNMET_VI,
    Assessment,
    Circumstances,
    EligibilityRule,
    NeedFinding,
    Unmet,
    assess,
    check_rules,
    decide,
    rule_for,
)
from tests.unit.case_support.builders import WORKER, assert_frozen, at, uid

N, U = NeedKind, Unmet
READY = Circumstances(age=30, lives_in_ward=True, wants_reintegration=True)


def test_every_need_has_exactly_one_rule_and_a_service_that_answers_it() -> None:
    assert check_rules(RULES) == RULES
    assert {r.code for r in RULES} == {"HR-OPEN", "LEGAL-OPEN", "REINTEGRATION", "LOAN"}
    answered = set().union(*ANSWERS.values())
    assert answered == set(NeedKind)
    assert set(UNMET_VI) == set(Unmet)


def test_the_rules_table() -> None:
    table = {r.code: (r.min_age, r.residence, r.reintegration_wish) for r in RULES}
    assert table == {
        "HR-OPEN": (0, False, False),
        "LEGAL-OPEN": (0, False, False),
        "REINTEGRATION": (16, False, True),
        "LOAN": (18, True, True),
    }
    assert rule_for(N.HIV_STI_PREVENTION).code == "HR-OPEN"
    assert rule_for(N.CIVIL_DOCUMENTS).code == "LEGAL-OPEN"
    assert rule_for(N.HOUSING).code == "REINTEGRATION"
    assert rule_for(N.LOAN).code == "LOAN"


@pytest.mark.parametrize("need", [N.HIV_STI_PREVENTION, N.MENTAL_HEALTH, N.GBV_PROTECTION, N.HEALTH_CARE,
                                  N.LEGAL_AID, N.CIVIL_DOCUMENTS, N.OTHER])  # fmt: skip
def test_harm_reduction_legal_aid_and_other_needs_are_open_to_every_client(need: NeedKind) -> None:
    finding = decide(need, Circumstances())
    assert finding.eligible and finding.unmet == ()


@pytest.mark.parametrize(
    ("need", "c", "unmet"),
    [
        (N.VOCATIONAL_TRAINING, READY, ()),
        (N.EMPLOYMENT, Circumstances(age=16, wants_reintegration=True), ()),
        (N.LIVELIHOOD, Circumstances(age=15, wants_reintegration=True), (U.UNDER_AGE,)),
        (N.HOUSING, Circumstances(wants_reintegration=True), (U.AGE_UNKNOWN,)),
        (N.EMPLOYMENT, Circumstances(age=40), (U.NO_REINTEGRATION_WISH,)),
        (N.LOAN, READY, ()),
        (N.LOAN, Circumstances(age=18, lives_in_ward=True, wants_reintegration=True), ()),
        (N.LOAN, Circumstances(age=17, lives_in_ward=True, wants_reintegration=True), (U.UNDER_AGE,)),
        (N.LOAN, Circumstances(age=30, wants_reintegration=True), (U.NOT_RESIDENT,)),
        (N.LOAN, Circumstances(), (U.AGE_UNKNOWN, U.NOT_RESIDENT, U.NO_REINTEGRATION_WISH)),
        (N.LOAN, Circumstances(age=0), (U.UNDER_AGE, U.NOT_RESIDENT, U.NO_REINTEGRATION_WISH)),
    ],
)
def test_conditional_needs_name_every_condition_not_met(
    need: NeedKind, c: Circumstances, unmet: tuple[Unmet, ...]
) -> None:
    assert decide(need, c) == NeedFinding(need, not unmet, rule_for(need).code, unmet)


def test_a_ward_may_configure_its_own_table() -> None:
    strict = tuple(dataclasses.replace(r, min_age=21) if r.code == "HR-OPEN" else r for r in RULES)
    assert decide(N.MENTAL_HEALTH, Circumstances(age=20), strict).unmet == (U.UNDER_AGE,)
    a = assess(
        assessment_id=uid(1), at=at(0), by=WORKER, needs=[N.MENTAL_HEALTH],
        circumstances=Circumstances(age=20), rules=strict,
    )  # fmt: skip
    assert (a.has_needs, a.eligible) == (True, False)


def test_a_table_with_a_need_ruled_twice_or_not_at_all_or_a_repeated_code_is_refused() -> None:
    twice = (*RULES, EligibilityRule("X", frozenset({N.LOAN}), "x", "x"))
    with pytest.raises(ValueError, match="need loan has 2 rules"):
        check_rules(twice)
    with pytest.raises(ValueError, match="need loan has 2 rules"):
        rule_for(N.LOAN, twice)
    missing = RULES[:-1]
    with pytest.raises(ValueError, match="need loan has 0 rules"):
        check_rules(missing)
    with pytest.raises(ValueError, match="need loan has 0 rules"):
        rule_for(N.LOAN, missing)
    repeated = (*RULES[:-1], dataclasses.replace(RULES[-1], code="HR-OPEN"))
    with pytest.raises(ValueError, match="rule codes repeat"):
        check_rules(repeated)
    with pytest.raises(ValueError, match="rule codes repeat"):
        assess(assessment_id=uid(1), at=at(0), by=WORKER, needs=[], circumstances=READY, rules=repeated)


def test_an_assessment_keeps_each_need_once_in_order_and_derives_the_flags() -> None:
    a = assess(
        assessment_id=uid(7), at=at(1), by=WORKER,
        needs=[N.LOAN, N.HIV_STI_PREVENTION, N.LOAN, N.EMPLOYMENT],
        circumstances=Circumstances(age=17, wants_reintegration=True),
    )  # fmt: skip
    assert (a.id, a.at, a.by) == (uid(7), at(1), WORKER)
    assert a.needs == (N.HIV_STI_PREVENTION, N.EMPLOYMENT, N.LOAN)
    assert a.eligible_needs == (N.HIV_STI_PREVENTION, N.EMPLOYMENT)
    assert (a.has_needs, a.eligible) == (True, True)
    assert a.findings[2] == NeedFinding(N.LOAN, False, "LOAN", (U.UNDER_AGE, U.NOT_RESIDENT))


def test_no_needs_means_neither_flag_and_needs_all_refused_mean_not_eligible() -> None:
    none = assess(assessment_id=uid(1), at=at(0), by=WORKER, needs=[], circumstances=READY)
    assert (none.has_needs, none.eligible, none.needs) == (False, False, ())
    refused = assess(assessment_id=uid(2), at=at(0), by=WORKER, needs=[N.LOAN], circumstances=Circumstances())
    assert (refused.has_needs, refused.eligible, refused.eligible_needs) == (True, False, ())
    mixed = Assessment(
        uid(3), at(0), WORKER, (NeedFinding(N.LOAN, False, "LOAN"), NeedFinding(N.OTHER, True, "X"))
    )
    assert mixed.eligible and mixed.eligible_needs == (N.OTHER,)


def test_an_assessment_needs_a_timezone_aware_instant() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        assess(assessment_id=uid(1), at=dt.datetime(2026, 3, 2), by=WORKER, needs=[], circumstances=READY)


def test_rules_circumstances_findings_and_assessments_are_frozen() -> None:
    a = assess(assessment_id=uid(1), at=at(0), by=WORKER, needs=[N.LOAN], circumstances=READY)
    assert_frozen(RULES[0], READY, a, a.findings[0])
    with pytest.raises(TypeError):
        assess(uid(1), at(0), WORKER, [N.LOAN], READY)  # type: ignore[call-arg]
