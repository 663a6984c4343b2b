"""Case support: providers, pseudonymous clients with consent, assessments (one not eligible),
referrals accepted, declined and completed, services received, a consent withdrawn."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from shared.demo.client import Api, DemoLog

CW = ("vhxh", "officer,leader")
PROVIDERS = {
    "ttyt-le-chan": (
        "Trung tâm Y tế",
        "health_facility",
        ["hiv_sti_prevention", "mental_health", "other_harm_reduction"],
    ),
    "tgpl-hai-phong": ("Trung tâm Trợ giúp pháp lý", "legal_aid_centre", ["legal_aid"]),
    "cdn-hai-phong": ("Trường Cao đẳng nghề", "vocational_school", ["vocational_training"]),
    "nhcs-le-chan": ("Ngân hàng Chính sách xã hội", "lender", ["loan", "livelihood"]),
}
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi")
GIVEN = ("Lan", "Hoa", "Mai", "Hương", "Thu", "Ngọc", "Linh", "Trang", "Yến", "Hạnh")


def providers(api: Api) -> None:
    for pid, (name, kind, offers) in PROVIDERS.items():
        api.call(
            "case_support",
            "PUT",
            f"/v1/providers/{pid}",
            CW,
            json_body={"name": name, "kind": kind, "offers": offers},
        )


def enrol(
    api: Api, log: DemoLog, rng: random.Random, n: int, *, salt: int, tip_id: str | None = None
) -> dict[str, Any]:
    """One client, enrolled with consent and assessed today; ``n`` picks a deterministic path."""
    facts = {
        "family_name": FAMILY[n % len(FAMILY)],
        "given_name": f"{GIVEN[n % len(GIVEN)]} {salt}-{n}",
        "birth_year": 1985 + rng.randrange(18),
        "mother_given_name": GIVEN[(n * 3 + 1) % len(GIVEN)],
    }
    body: dict[str, Any] = {
        "facts": facts,
        "source": "tip" if tip_id else ("outreach", "peer_educator", "health_facility")[n % 3],
        "consent_method": "verbal",
        "consents": ["case_management", "referral_health", "referral_social_protection", "follow_up_contact"],
    }
    if tip_id:
        body["source_tip_id"] = tip_id
    # a tip's enrolment request reaches case support by intake's event: 404 until it has arrived
    case = api.call("case_support", "POST", "/v1/cases", CW, json_body=body, pending=(404,) if tip_id else ())
    cid = case["id"]
    log.write(
        "case_enrolled",
        case_id=cid,
        enrolled_at=case.get("enrolled_at") or case.get("opened_at"),
        source_tip_id=tip_id,
    )
    not_eligible = n % 5 == 4
    needs = ["vocational_training"] if not_eligible else ["hiv_sti_prevention", "legal_aid"]
    assessed = api.call(
        "case_support",
        "POST",
        f"/v1/cases/{cid}/assessments",
        CW,
        json_body={
            "needs": needs,
            "age": 30,
            "lives_in_ward": not not_eligible,
            "wants_reintegration": not not_eligible,
        },
    )
    log.write(
        "case_assessed",
        case_id=cid,
        eligible=assessed["assessment"]["eligible"],
        has_needs=assessed["assessment"]["has_needs"],
    )
    return {"id": cid, "eligible": not not_eligible, "n": n}


def serve(api: Api, log: DemoLog, case: dict[str, Any], today: dt.date) -> None:
    """A week or so after the assessment: referrals accepted and completed, a service received
    ``today``, a referral declined, a consent withdrawn; some eligible clients get no service yet."""
    cid, n = case["id"], case["n"]
    if not case["eligible"]:
        return
    if n % 4 != 3:  # some eligible clients get no service yet: HR_ACCESS below 100%
        ref = api.call(
            "case_support",
            "POST",
            f"/v1/cases/{cid}/referrals",
            CW,
            json_body={"service_kind": "hiv_sti_prevention", "provider_id": "ttyt-le-chan"},
        )
        api.call("case_support", "POST", f"/v1/referrals/{ref['id']}/accept", CW, json_body={})
        api.call(
            "case_support",
            "POST",
            f"/v1/referrals/{ref['id']}/complete",
            CW,
            json_body={"outcome": "service_provided"},
        )
        day = today  # not in the future, not before the case was opened
        api.call(
            "case_support",
            "POST",
            f"/v1/cases/{cid}/services",
            CW,
            json_body={
                "service_kind": "hiv_sti_prevention",
                "received_on": day.isoformat(),
                "provider_id": "ttyt-le-chan",
                "source": "provider",
                "referral_id": ref["id"],
            },
        )
        log.write(
            "service_received",
            case_id=cid,
            received_on=day,
            service_kind="hiv_sti_prevention",
            referral_id=ref["id"],
        )
    if n % 3 == 1:  # a referral the provider declines
        ref = api.call(
            "case_support",
            "POST",
            f"/v1/cases/{cid}/referrals",
            CW,
            json_body={"service_kind": "legal_aid", "provider_id": "tgpl-hai-phong"},
        )
        api.call(
            "case_support",
            "POST",
            f"/v1/referrals/{ref['id']}/decline",
            CW,
            json_body={"outcome": "provider_unable"},
        )
        log.write("referral_declined", case_id=cid, referral_id=ref["id"])
    if n % 6 == 2:  # the client withdraws consent to health referrals; a new one is refused
        api.call(
            "case_support",
            "POST",
            f"/v1/cases/{cid}/consents/withdraw",
            CW,
            json_body={"purpose": "referral_health", "method": "verbal"},
        )
        api.call(
            "case_support",
            "POST",
            f"/v1/cases/{cid}/referrals",
            CW,
            ok=(409, 422),
            json_body={"service_kind": "mental_health", "provider_id": "ttyt-le-chan"},
        )
        log.write("consent_withdrawn", case_id=cid, purpose="referral_health")
