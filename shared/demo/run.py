"""``pcmd demo``: checks its input and the services, then plays the year and prepares the snapshots.

The services take their clock for what they date (a tip's receipt, an item's 72 hours, an enrolment,
the register, a month's end), so the demo needs a demo system whose clock it moves: ``pcmd run
--demo-clock`` (``make demo-system``). It plays January 1 (Asia/Ho_Chi_Minh) to now in order, each
month's work in its month (shared/demo/year.py), then hands the clock back to real time. Against
services without that clock it refuses, before any write: played "now", a year would be compressed into
the current month, with no tip handled late and no hotspot cleared, and the oracle would have two
years to describe."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

from shared.demo import programme, registry, tips
from shared.demo.client import SERVICES, Api, DemoError, DemoLog, default_urls
from shared.demo.year import Calendar, Year, wait_consumed

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


def play(api: Api, log: DemoLog, seed: int, scale: float, clock_path: Path) -> dict[str, Any]:
    """The year from January 1 to now in the demo system's simulated time (shared/demo/year.py)."""
    n = sizes(scale)
    rng = random.Random(seed)  # noqa: S311 - a reproducible demo, not a secret
    now = dt.datetime.now(VN)
    log.write("demo_started", ward=api.ward, seed=seed, scale=scale, sizes=n, at=now)
    check(api)
    programme.yearly_plan(api, log, now.year)  # the first write: refused on a system not fresh
    cal = Calendar(clock_path, now)
    if cal.now > dt.datetime(now.year, 1, 1, tzinfo=VN):
        raise DemoError(
            f"đồng hồ demo đã ở {cal.now.isoformat()}, sau ngày 1/1: cần hệ thống demo mới (`make clean`) / "
            f"the demo clock is already at {cal.now.isoformat()}, past January 1: the demo fills a fresh "
            "demo system (`make clean` first)"
        )
    log.clock = lambda: cal.now
    year = Year(api, log, rng, cal, n, seed)
    year.plan()
    cal.run()
    cal.live()  # the year has been played up to now: the services follow the real clock again
    year.settle()
    registry.schedule(api, log, year.campaigns["plan"])  # the rest of the yearly plan
    _close_routed(api, log, year)
    wait_consumed(api)
    snaps = programme.snapshots(api, log, [f"{now.year}-{now.month:02d}", str(now.year)])
    log.write("demo_finished", calls=api.calls)
    return {"sizes": n, "snapshots": year.snapshots + len(snaps), "calls": api.calls}


def _close_routed(api: Api, log: DemoLog, year: Year) -> None:
    """What intake made of every tip in the end."""
    for tip in year.filing.filed if year.filing else []:
        now = api.call("intake", "GET", f"/v1/tips/{tip['id']}", tips.officer(tip))
        log.write("tip_state", **tips.tip_facts(now))


def demo_clock(state_dir: Path, given: str | None) -> Path:
    """The demo system's clock file: ``--demo-clock``, or what ``pcmd run --demo-clock`` recorded."""
    if given:
        return Path(given)
    with contextlib.suppress(OSError, ValueError):
        recorded = json.loads((state_dir / "ports.json").read_text()).get("demo_clock")
        if recorded:
            return Path(recorded)
    raise DemoError(
        "các dịch vụ không chạy với đồng hồ demo, nên cả năm sẽ dồn vào tháng này; khởi động hệ thống "
        "demo bằng `make demo-system` (hoặc `pcmd run --demo-clock`, `make clean` trước) / the services "
        f"do not run with the demo clock (none recorded in {state_dir / 'ports.json'}), so the year would "
        "be compressed into this month: start a demo system with `make demo-system` (or `pcmd run "
        "--demo-clock`, after `make clean`)"
    )


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
        clock_path = demo_clock(Path(args.state_dir), args.demo_clock)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as out:
            result = play(api, DemoLog(out), args.seed, args.scale, clock_path)
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
            "approves the snapshots. Start a fresh demo system first (`make demo-system`, or `pcmd run "
            "--demo-clock`): the demo moves its clock from January 1 to now."
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
    p.add_argument(
        "--demo-clock",
        default=None,
        help="the demo system's clock file (default: the one `pcmd run --demo-clock` recorded)",
    )
    for s in SERVICES:
        p.add_argument(f"--{s.replace('_', '-')}-url", dest=f"{s}_url", default=None, help=f"base URL of {s}")
    p.set_defaults(func=main)
