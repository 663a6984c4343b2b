"""Intake and online monitoring: tips of every kind and channel (some anonymous, with receipt codes),
verified, classified, handled or routed; online items reported, classified and taken down. Each step
is one call of the year's calendar (shared/demo/year.py), made at its instant of simulated time."""

from __future__ import annotations

import random
from typing import Any

from shared.demo.client import Api, DemoLog

CA = ("ca", "officer,leader")
VHXH = ("vhxh", "officer,leader")
KINDS = ("denunciation", "report", "complaint", "recommendation_to_prosecute")
CHANNELS = (
    "hotline",
    "in_person",
    "web_form",
    "residential_group",
    "transferred",
    "online_monitoring",
    "inspection",
)
# The public form takes 10 tips an hour from one caller (PCMD_INTAKE_PUBLIC_SUBMISSIONS_PER_HOUR): the demo
# files a few anonymous tips, whatever the scale.
ANONYMOUS_MAX = 5
PREFIXES = ("090", "091", "093", "094", "096", "097", "098")  # mobile prefixes in use in Viet Nam
OUTCOMES = ("administrative_sanction", "no_violation", "unfounded", "no_proceedings")


def tip_facts(tip: dict[str, Any]) -> dict[str, Any]:
    return {
        k: tip.get(k)
        for k in (
            "id",
            "kind",
            "channel",
            "received_at",
            "due_at",
            "status",
            "closed_at",
            "on_time",
            "anonymous",
        )
    }


class Filing:
    """Tips filed one at a time through the year; anonymous ones are found again in the tip list."""

    def __init__(self, api: Api, serious: str) -> None:
        self.api, self.serious = api, serious
        self.anonymous = 0
        self.filed: list[dict[str, Any]] = []
        self.seen: set[str] = set()
        for unit in (CA, VHXH):
            self.seen |= {
                t["id"]
                for t in api.call(
                    "intake", "GET", "/v1/tips", unit, params={"page_size": 500, "channel": "web_form"}
                )["items"]
            }

    def file(self, log: DemoLog, rng: random.Random, i: int, *, names_serious: bool) -> dict[str, Any] | None:
        """Tip ``i`` as the police or the public file it; every kind and channel appears over the year."""
        api = self.api
        kind, channel = KINDS[i % len(KINDS)], CHANNELS[i % len(CHANNELS)]
        group = f"tdp-{1 + rng.randrange(12)}"
        if (
            i % 5 == 4 and kind != "recommendation_to_prosecute" and self.anonymous < ANONYMOUS_MAX
        ):  # anonymous, through the public form
            made = api.call(
                "intake",
                "POST",
                "/v1/public/tips",
                None,
                json_body={
                    "kind": kind,
                    "ward": api.ward,
                    "residential_group": group,
                    "subject": {"type": "place"},
                    "description": "Nhiều người lạ ra vào ban đêm ở ngõ / strangers at night in the lane",
                },
            )
            listed = api.call(
                "intake",
                "GET",
                "/v1/tips",
                VHXH if kind == "complaint" else CA,
                params={"page_size": 500, "channel": "web_form"},
            )
            tip = next((t for t in listed["items"] if t["anonymous"] and t["id"] not in self.seen), None)
            status = api.call(
                "intake", "POST", "/v1/public/receipts/status", None, json_body={"code": made["receipt_code"]}
            )
            log.write("anonymous_receipt_checked", public_status=status.get("status"))
            if tip is None:
                return None
            self.seen.add(tip["id"])
            self.anonymous += 1
        else:
            subject: dict[str, Any] = {"type": "business", "text": f"Cơ sở số {i}"}
            if names_serious:  # a signal of the place that becomes a hotspot
                subject = {"type": "business", "establishment_id": self.serious, "text": "Karaoke"}
            tip = api.call(
                "intake",
                "POST",
                "/v1/tips",
                CA,
                json_body={
                    "kind": kind,
                    "channel": channel,
                    "residential_group": group,
                    "subject": subject,
                    "reporter": {"phone": f"{rng.choice(PREFIXES)}{rng.randrange(10**7):07d}"},
                },
            )
        log.write("tip_received", **tip_facts(tip))
        self.filed.append(tip)
        return tip  # type: ignore[no-any-return]


def officer(tip: dict[str, Any]) -> tuple[str, str]:
    """Complaints are the Culture–Society Office's; the other kinds the police's."""
    return VHXH if tip["kind"] == "complaint" else CA


def take_tip(api: Api, log: DemoLog, tip: dict[str, Any], target: str | None) -> dict[str, Any]:
    """Verify and classify; route to ``target``, or to the police's own investigation (None)."""
    tid, CA = tip["id"], officer(tip)
    api.call("intake", "POST", f"/v1/tips/{tid}/verification", CA, json_body={"reason": "Xác minh"})
    api.call("intake", "POST", f"/v1/tips/{tid}/verify", CA, json_body={"outcome": "founded"})
    category = {
        "inspection": "establishment_violation",
        "online_monitoring": "online_solicitation",
        "case_support": "support_needed",
    }.get(target or "", "solicitation")
    api.call(
        "intake",
        "POST",
        f"/v1/tips/{tid}/classify",
        CA,
        json_body={"category": category, "severity": "medium", "competent_unit": "ca"},
    )
    unit = {"inspection": "vhxh", "online_monitoring": "ca", "case_support": "vhxh"}.get(target or "", "ca")
    api.call(
        "intake",
        "POST",
        f"/v1/tips/{tid}/route",
        CA,
        json_body={"target": target or "police_investigation", "target_unit": unit},
    )
    now = api.call("intake", "GET", f"/v1/tips/{tid}", CA)
    if target:  # online monitoring holds an item for the tip from this moment, with the tip's deadline
        steps = api.call("intake", "GET", f"/v1/tips/{tid}/history", CA)
        routed_at = next(s["at"] for s in reversed(steps) if s["action"] == "route")
        log.write("tip_routed", id=tid, target=target, routed_at=routed_at, due_at=now["due_at"])
    return now  # type: ignore[no-any-return]


def handle_tip(api: Api, log: DemoLog, tip: dict[str, Any], outcome: str) -> dict[str, Any]:
    """The police (or the office, for a complaint) settle a tip they investigated themselves."""
    tid, CA = tip["id"], officer(tip)
    if tip["kind"] == "complaint":
        outcome = "complaint_rejected" if outcome in ("no_violation", "unfounded") else "complaint_upheld"
    done = api.call(
        "intake",
        "POST",
        f"/v1/tips/{tid}/handle",
        CA,
        json_body={"outcome": outcome},
        reread=f"/v1/tips/{tid}",
    )
    log.write("tip_handled", **tip_facts(done))
    return done  # type: ignore[no-any-return]


def report_item(
    api: Api, log: DemoLog, rng: random.Random, n: int, *, tip_id: str | None = None, url: str | None = None
) -> dict[str, Any]:
    platform = ("facebook", "zalo", "tiktok", "telegram")[n % 4]
    url = (
        url
        or {
            "facebook": f"https://www.facebook.com/groups/{100200300 + n}/posts/{rng.randrange(10**9)}",
            "zalo": f"https://zalo.me/g/demo{n}x{rng.randrange(10**6)}",
            "tiktok": f"https://www.tiktok.com/@acc{n}/video/{7 * 10**18 + rng.randrange(10**9)}",
            "telegram": f"https://t.me/kenh_demo_{n}_{rng.randrange(10**6)}/12",
        }[platform]
    )
    body: dict[str, Any] = {
        "url": url,
        "source": "tip" if tip_id else "proactive_monitoring",
        "text": "Tuyển nữ tiếp viên, bao ăn ở, liên hệ zalo, phục vụ qua đêm",
    }
    if tip_id:
        body["source_tip_id"] = tip_id
    # a tip's request reaches online monitoring by intake's event: not found until then
    item = api.call(
        "online_monitoring", "POST", "/v1/items", CA, json_body=body, pending=(404,) if tip_id else ()
    )
    log.write(
        "online_item_reported",
        item_id=item["id"],
        reported_at=item["reported_at"],
        due_at=item["due_at"],
        url=url,
        source_tip_id=tip_id,
        status=item.get("status"),
    )
    return item  # type: ignore[no-any-return]


def handle_item(api: Api, log: DemoLog, item: dict[str, Any], how: str) -> dict[str, Any]:
    """Classify (after the classifier's proposal), then remove through a takedown, escalate or close."""
    iid = item["id"]
    proposal = api.call("online_monitoring", "POST", f"/v1/items/{iid}/proposal", CA)
    category = "not_violating" if how == "close" else "solicitation"
    api.call(
        "online_monitoring",
        "POST",
        f"/v1/items/{iid}/classification",
        CA,
        json_body={
            "category": category,
            "within_competence": True,
            "proposed_category": proposal.get("category"),
            "proposal_score": proposal.get("score"),
            "model_version": proposal.get("model_version", ""),
        },
    )
    log.write("online_item_classified", item_id=iid, category=category)
    if how == "remove":
        td = api.call(
            "online_monitoring",
            "POST",
            f"/v1/items/{iid}/takedowns",
            CA,
            json_body={"via": "provincial_department"},
        )
        tdid = td.get("takedown_id") or td["takedowns"][-1]["id"]
        for action in ("send", "acknowledge", "remove"):
            api.call(
                "online_monitoring",
                "POST",
                f"/v1/items/{iid}/takedowns/{tdid}/steps",
                CA,
                json_body={"action": action, "removed_by": "platform"}
                if action == "remove"
                else {"action": action},
            )
    elif how == "escalate":
        api.call(
            "online_monitoring",
            "POST",
            f"/v1/items/{iid}/escalation",
            CA,
            json_body={"target": "city_cyber_police"},
        )
    else:
        api.call(
            "online_monitoring", "POST", f"/v1/items/{iid}/close", CA, json_body={"reason": "not_violating"}
        )
    after = api.call("online_monitoring", "GET", f"/v1/items/{iid}", CA)
    log.write(
        "online_item_handled",
        item_id=iid,
        how=how,
        handled_at=after.get("handled_at"),
        due_at=after.get("due_at"),
        status=after.get("status"),
    )
    return after  # type: ignore[no-any-return]
