"""``pcmd demo``: checks its input and the services, then plays the year and prepares the snapshots.

Intake, online monitoring, case support's enrolments and the register take the server's clock: their
part of the year happens "now", compressed into the current month. Reviews, inspection records and the
programme's records take their dates, so those are spread over the year."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

from shared.demo import people, programme, registry, tips
from shared.demo.client import SERVICES, Api, DemoError, DemoLog, default_urls

VN = dt.timezone(dt.timedelta(hours=7))
BASE = {"establishments": 20, "tips": 28, "items": 10, "cases": 10, "staff": 8}  # a ward-year at scale 1
MINIMUM = {"establishments": 4, "tips": 8, "items": 5, "cases": 5, "staff": 3}


def sizes(scale: float) -> dict[str, int]:
    if not scale > 0 or scale > 1000:
        raise DemoError(
            "--scale phải lớn hơn 0 và tối đa 1000 / "
            f"--scale must be above 0 and at most 1000 (got {scale:g})"
        )
    return {k: max(MINIMUM[k], round(v * scale)) for k, v in BASE.items()}


def check(api: Api) -> None:
    down = [f"{s} ({api.urls[s]})" for s in SERVICES if not api.ready(s)]
    if down:
        raise DemoError(
            "dịch vụ không sẵn sàng / services not reachable: "
            + ", ".join(down)
            + " — chạy `make run` trước / start them with `make run` first"
        )
    try:  # the ward's own leadership sees its ward among the org units reporting knows
        units = api.call("reporting", "GET", "/v1/org-units", ("ubnd", "leader"))["items"]
    except DemoError:
        units = []
    if not any(u["code"] == api.ward and u["level"] == "ward" for u in units):
        raise DemoError(f"phường không xác định / unknown ward {api.ward!r}")


def wait_consumed(api: Api, timeout: float = 300.0) -> None:
    """Until every service's outbox is empty and reporting's consumers have no lag."""
    deadline = time.monotonic() + timeout
    while True:
        status = {s: api.call(s, "GET", "/v1/ops/status", ("vhxh", "operator")) for s in SERVICES}
        backlog = sum(int(v.get("outbox_backlog") or 0) for v in status.values())
        lag = sum(int(x or 0) for x in status["reporting"].get("consumer_lag", {}).values())
        if backlog == 0 and lag == 0 and status["reporting"].get("consumers_ready"):
            return
        if time.monotonic() > deadline:
            raise DemoError(
                f"báo cáo chưa nhận hết sự kiện / reporting has not caught up (backlog {backlog}, lag {lag})"
            )
        time.sleep(0.3)


def play(api: Api, log: DemoLog, seed: int, scale: float) -> dict[str, Any]:
    n = sizes(scale)
    rng = random.Random(seed)  # noqa: S311 - a reproducible demo, not a secret
    now = dt.datetime.now(VN)
    today = now.date()
    log.write("demo_started", ward=api.ward, seed=seed, scale=scale, sizes=n, at=now)
    check(api)
    programme.records(api, log, rng, today, n["staff"])
    programme.budget(api, log, rng, today)
    reg = registry.run_registry(api, log, rng, n["establishments"], today)
    people.providers(api)
    filed = tips.file_tips(api, log, rng, n["tips"], reg["serious"])
    routed_cases: list[str] = []
    for i, tip in enumerate(filed):
        how = i % 6
        if how == 5:
            continue  # still being verified: counts once its deadline passes
        target = {1: "inspection", 2: "online_monitoring", 3: "case_support"}.get(how)
        taken = tips.take_tip(api, log, tip, target, tips.OUTCOMES[i % len(tips.OUTCOMES)])
        if target == "inspection":
            registry.inspect(
                api,
                log,
                reg["ids"][i % len(reg["ids"])],
                "surprise",
                today,
                campaign=None,
                violation="guest_registration" if i % 2 else None,
                tip_id=taken["id"],
            )
        elif target == "online_monitoring":
            item = tips.report_item(api, log, rng, 1000 + i, tip_id=taken["id"])
            tips.handle_item(api, log, item, "remove")
        elif target == "case_support":
            routed_cases.append(taken["id"])
    for i in range(n["items"]):
        item = tips.report_item(api, log, rng, i)
        if i % 5 == 4:
            continue  # not yet classified: counts once its 72 hours have passed
        after = tips.handle_item(api, log, item, ("remove", "remove", "escalate", "close")[i % 4])
        if i == 0:  # the removed content is posted again: the item reappears
            again = api.call(
                "online_monitoring",
                "POST",
                "/v1/items",
                tips.CA,
                json_body={"url": after["url"], "source": "public_report"},
            )
            log.write(
                "online_item_reappeared",
                item_id=again["id"],
                status=again.get("status"),
                reappearance_count=again.get("reappearance_count"),
            )
    for i in range(max(n["cases"], len(routed_cases))):  # every person of a routed tip is enrolled
        people.enrol(
            api, log, rng, i, today, salt=seed, tip_id=routed_cases[i] if i < len(routed_cases) else None
        )
    _hotspot(api, log)
    wait_consumed(api)
    _close_routed(api, log, filed)
    months = [f"{today.year}-{m:02d}" for m in range(1, today.month + 1)]
    quarters = [f"{today.year}-Q{q}" for q in range(1, 4) if dt.date(today.year, 3 * q + 1, 1) <= today]
    snaps = programme.snapshots(api, log, quarters)
    programme.reports(api, log, today, {s["period"]["code"]: s["id"] for s in snaps})
    wait_consumed(api)
    snaps += programme.snapshots(api, log, [*months, str(today.year)])
    log.write("demo_finished", calls=api.calls)
    return {"sizes": n, "snapshots": len(snaps), "calls": api.calls}


def _hotspot(api: Api, log: DemoLog) -> None:
    """Detection proposes the place of the serious violation; the leader confirms it (HotspotFlagged)."""
    api.call("inspection", "POST", "/v1/hotspots/detection", registry.VHXH)
    # read back: a retried detection after a lost answer suggests nothing new (one open suggestion a place)
    items = api.call("inspection", "GET", "/v1/hotspots", registry.VHXH, params={"status": "suggested"})
    for h in items:
        if h.get("status") == "suggested":
            done = api.call("inspection", "POST", f"/v1/hotspots/{h['id']}/confirm", registry.VHXH)
            if "status" not in done:  # confirmed by an attempt whose answer was lost: read it back
                listed = api.call("inspection", "GET", "/v1/hotspots", registry.VHXH)
                done = next(x for x in listed if x["id"] == h["id"])
            log.write(
                "hotspot_confirmed",
                hotspot_id=h["id"],
                status=done.get("status"),
                flagged_at=done.get("decided_at"),
            )
            cleared = api.call(
                "inspection",
                "POST",
                f"/v1/hotspots/{h['id']}/clear",
                registry.VHXH,
                json_body={"reason": "Đã yên 90 ngày"},
                ok=(200, 409, 422),
            )
            if cleared.get("status") != "cleared":  # refused, or cleared by an attempt whose answer was lost
                listed = api.call("inspection", "GET", "/v1/hotspots", registry.VHXH)
                cleared = next(x for x in listed if x["id"] == h["id"])
            log.write("hotspot_clear_tried", hotspot_id=h["id"], cleared=cleared.get("status") == "cleared")
            return


def _close_routed(api: Api, log: DemoLog, filed: list[dict[str, Any]]) -> None:
    """What intake made of every tip (routed ones are closed by the other services' events)."""
    for tip in filed:
        now = api.call("intake", "GET", f"/v1/tips/{tip['id']}", tips.officer(tip))
        log.write("tip_state", **tips.tip_facts(now))


def main(args: argparse.Namespace) -> int:
    urls = default_urls(Path(args.state_dir))
    for s in SERVICES:
        if getattr(args, f"{s}_url", None):
            urls[s] = getattr(args, f"{s}_url").rstrip("/")
    path = Path(args.log) if args.log else Path(args.state_dir) / "demo-log.jsonl"
    started = time.monotonic()
    try:
        api = Api(urls, args.ward, seed=args.seed)
        try:
            api.token("vhxh", "officer")
        except ValueError as exc:
            raise DemoError(f"phường không hợp lệ / invalid ward {args.ward!r}: {exc}") from None
        sizes(args.scale)
        check(api)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as out:
            result = play(api, DemoLog(out), args.seed, args.scale)
    except DemoError as exc:
        print(f"pcmd demo: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"pcmd demo: đã dừng / interrupted; the log so far: {path}", file=sys.stderr)
        return 130
    except OSError as exc:
        print(
            f"pcmd demo: không ghi được nhật ký / cannot write the log {path}: {exc.strerror}",
            file=sys.stderr,
        )
        return 2
    print(
        f"pcmd demo: xong / done in {time.monotonic() - started:.1f}s — {result['calls']} HTTP calls, "
        f"{result['snapshots']} snapshots approved; log: {path}; sizes {result['sizes']}"
    )
    return 0


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "demo",
        help="một năm chương trình mẫu qua API / a seeded year of the programme through the services' APIs",
        description=(
            "Chạy một năm hoạt động mẫu (có seed) của phường qua API của năm dịch vụ, ghi nhật ký JSON "
            "lines, rồi lập và phê duyệt báo cáo chỉ số. / Plays a seeded year of the ward's programme "
            "through the five services' HTTP APIs, logs what it did as JSON lines, then prepares and "
            "approves the snapshots. Start the system first (`make run`, a fresh one)."
        ),
    )
    p.add_argument("--ward", default="lechan", help="mã phường / ward code (default lechan)")
    p.add_argument("--seed", type=int, default=2026, help="seed: the same seed plays the same year")
    p.add_argument(
        "--scale", type=float, default=1.0, help="1 = một phường một năm / a ward-year; 100 = a city"
    )
    p.add_argument(
        "--log", default="", help="nhật ký / the JSON-lines log (default <state-dir>/demo-log.jsonl)"
    )
    p.add_argument(
        "--state-dir",
        default=os.environ.get("PCMD_STATE_DIR", ".pcmd"),
        help="where `pcmd run` wrote its ports",
    )
    for s in SERVICES:
        p.add_argument(f"--{s.replace('_', '-')}-url", dest=f"{s}_url", default=None, help=f"base URL of {s}")
    p.set_defaults(func=main)
