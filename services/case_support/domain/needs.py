"""Needs assessment and eligibility per need, decided by a small table of rules (pure, no I/O).

Each need is decided by exactly one rule of ``RULES`` (data: a ward may configure its own table and
pass it in). A rule may ask for a minimum age, residence in the ward, and the client's wish to change
livelihood (reintegration support is for those who want it); a need is eligible when its rule's
conditions all hold, and the finding keeps the rule's code and every condition that failed.

The circumstances (age, residence, wish) are inputs only: an assessment keeps its findings, not them.
An assessment replaces the previous one (as the contract's ``NeedsAssessed`` says); for the indicators
``has_needs`` is "at least one need found" and ``eligible`` is "eligible for at least one need found",
so HR_ACCESS's denominator (eligible with needs) is the clients with a need they are eligible for.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from services.case_support.domain.kinds import NeedKind

N = NeedKind


class Unmet(enum.StrEnum):
    """A condition of a rule the client does not meet."""

    AGE_UNKNOWN = "age_unknown"
    UNDER_AGE = "under_age"
    NOT_RESIDENT = "not_resident"
    NO_REINTEGRATION_WISH = "no_reintegration_wish"


UNMET_VI: dict[Unmet, str] = {
    Unmet.AGE_UNKNOWN: "chưa rõ tuổi",
    Unmet.UNDER_AGE: "chưa đủ tuổi",
    Unmet.NOT_RESIDENT: "không cư trú tại phường",
    Unmet.NO_REINTEGRATION_WISH: "chưa có nguyện vọng chuyển đổi nghề",
}


@dataclass(frozen=True, slots=True)
class EligibilityRule:
    code: str
    needs: frozenset[NeedKind]
    text_vi: str
    text_en: str
    min_age: int = 0  # 0: no age condition
    residence: bool = False  # must live in the ward (registered or temporary residence)
    reintegration_wish: bool = False  # must wish to change livelihood


RULES: tuple[EligibilityRule, ...] = (
    EligibilityRule(
        "HR-OPEN",
        frozenset({N.HIV_STI_PREVENTION, N.MENTAL_HEALTH, N.GBV_PROTECTION, N.HEALTH_CARE}),
        "Biện pháp giảm hại dành cho mọi thân chủ",
        "Harm-reduction measures are open to every client",
    ),
    EligibilityRule(
        "LEGAL-OPEN",
        frozenset({N.LEGAL_AID, N.CIVIL_DOCUMENTS, N.OTHER}),
        "Trợ giúp pháp lý, giấy tờ và nhu cầu khác: mọi thân chủ",
        "Legal aid, papers and other needs: every client",
    ),
    EligibilityRule(
        "REINTEGRATION",
        frozenset({N.VOCATIONAL_TRAINING, N.EMPLOYMENT, N.LIVELIHOOD, N.HOUSING}),
        "Hỗ trợ hòa nhập: từ 16 tuổi, có nguyện vọng chuyển đổi nghề",
        "Reintegration support: aged 16 or more, wishing to change livelihood",
        min_age=16,
        reintegration_wish=True,
    ),
    EligibilityRule(
        "LOAN",
        frozenset({N.LOAN}),
        "Vay vốn: từ 18 tuổi, cư trú tại phường, có nguyện vọng chuyển đổi nghề",
        "Loans: aged 18 or more, living in the ward, wishing to change livelihood",
        min_age=18,
        residence=True,
        reintegration_wish=True,
    ),
)


def check_rules(rules: Iterable[EligibilityRule]) -> tuple[EligibilityRule, ...]:
    """The table, if each need has exactly one rule and codes are unique; else a ValueError saying what."""
    table = tuple(rules)
    codes = [r.code for r in table]
    if len(set(codes)) != len(codes):
        raise ValueError(f"rule codes repeat: {codes}")
    for need in NeedKind:
        count = sum(need in r.needs for r in table)
        if count != 1:
            raise ValueError(f"need {need} has {count} rules, not one")
    return table


@dataclass(frozen=True, slots=True)
class Circumstances:
    """What the rules ask about the client (inputs of an assessment, never stored)."""

    age: int | None = None
    lives_in_ward: bool = False
    wants_reintegration: bool = False


@dataclass(frozen=True, slots=True)
class NeedFinding:
    need: NeedKind
    eligible: bool
    rule: str  # the code of the rule that decided
    unmet: tuple[Unmet, ...] = ()


def rule_for(need: NeedKind, rules: Iterable[EligibilityRule] = RULES) -> EligibilityRule:
    found = [r for r in rules if need in r.needs]
    if len(found) != 1:
        raise ValueError(f"need {need} has {len(found)} rules, not one")
    (rule,) = found
    return rule


def decide(need: NeedKind, c: Circumstances, rules: Iterable[EligibilityRule] = RULES) -> NeedFinding:
    """Eligibility for one need, with the rule that decided it and what was not met."""
    rule = rule_for(need, rules)
    unmet: list[Unmet] = []
    if rule.min_age:
        if c.age is None:
            unmet.append(Unmet.AGE_UNKNOWN)
        elif c.age < rule.min_age:
            unmet.append(Unmet.UNDER_AGE)
    if rule.residence and not c.lives_in_ward:
        unmet.append(Unmet.NOT_RESIDENT)
    if rule.reintegration_wish and not c.wants_reintegration:
        unmet.append(Unmet.NO_REINTEGRATION_WISH)
    return NeedFinding(need, not unmet, rule.code, tuple(unmet))


@dataclass(frozen=True, slots=True)
class Assessment:
    """One assessment of a client's needs: the findings, who assessed and when."""

    id: uuid.UUID
    at: dt.datetime
    by: str
    findings: tuple[NeedFinding, ...]

    @property
    def needs(self) -> tuple[NeedKind, ...]:
        return tuple(f.need for f in self.findings)

    @property
    def eligible_needs(self) -> tuple[NeedKind, ...]:
        return tuple(f.need for f in self.findings if f.eligible)

    @property
    def has_needs(self) -> bool:
        return bool(self.findings)

    @property
    def eligible(self) -> bool:
        return any(f.eligible for f in self.findings)


def assess(
    *,
    assessment_id: uuid.UUID,
    at: dt.datetime,
    by: str,
    needs: Iterable[NeedKind],
    circumstances: Circumstances,
    rules: Iterable[EligibilityRule] = RULES,
) -> Assessment:
    """An assessment of the needs found (each once, in the vocabulary's order), decided by ``rules``."""
    if at.tzinfo is None:
        raise ValueError("Thời điểm phải có múi giờ. / Times must be timezone-aware.")
    table = check_rules(rules)
    found = set(needs)
    findings = tuple(decide(n, circumstances, table) for n in NeedKind if n in found)
    return Assessment(assessment_id, at, by, findings)
