"""The demo's year in simulated time: every step of the programme is put on a calendar at its instant
(Asia/Ho_Chi_Minh), and the calendar plays them in order, moving the demo system's clock
(shared/clock.py) to each one first, so the services date what they do in its month: tips received,
verified, routed and handled within their deadline or after it, online items taken down within or
after 72 hours, cases enrolled and served, reviews and inspections, the hotspot confirmed in February
and cleared after 90 quiet days. Each month's snapshot is prepared and approved once the month has
ended (and each quarter's, whose report then goes to the city). Nothing is put after the real now:
what falls later has not happened yet this year."""

from __future__ import annotations

import datetime as dt
import heapq
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from shared import clock
from shared.demo import people, programme, registry, tips
from shared.demo.client import SERVICES, Api, DemoError, DemoLog

VN = dt.timezone(dt.timedelta(hours=7))
OUTCOMES = ("administrative_sanction", "no_violation", "unfounded", "no_proceedings")
HOTSPOT_FOUND = (2, 10)  # the surprise visit that finds prostitution on the premises (month, day)
QUIET_DAYS = 90  # inspection's rule: a hotspot is cleared after that many quiet days
ONLINE_DEADLINE = dt.timedelta(hours=72)


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    """An instant of a ward's day."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN)


def parse(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


class Calendar:
    """Steps at instants, played in order; the demo clock is moved to each step's instant first."""

    def __init__(self, path: Path, end: dt.datetime) -> None:
        start = clock.read(path) if path.exists() else None
        if start is None:
            raise DemoError(
                f"đồng hồ demo {path} không có hoặc đã theo giờ thật: cần hệ thống demo mới (`make clean`, "
                f"`make demo-system`) / the demo clock {path} is missing or already live: the demo fills "
                "a fresh demo system (`make clean`, then `make demo-system`)"
            )
        self.path, self.end, self.now = path, end, start
        self._queue: list[tuple[dt.datetime, int, Callable[[], object]]] = []
        self._n = 0

    def at(self, when: dt.datetime, step: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        """``step(*args, **kwargs)`` at ``when`` (now if that has passed); not at all if it falls after the
        real now."""
        if when > self.end:
            return
        self._n += 1
        call: Callable[[], object] = partial(step, *args, **kwargs)
        heapq.heappush(self._queue, (max(when, self.now), self._n, call))

    def run(self) -> None:
        while self._queue:
            when, _, step = heapq.heappop(self._queue)
            self.move(when)
            step()

    def move(self, when: dt.datetime) -> None:
        if when > self.now:
            self.now = clock.advance(self.path, when).astimezone(VN)

    def live(self) -> None:
        """Back to the real clock: the year has been played up to now."""
        clock.advance(self.path, None)
        self.now = dt.datetime.now(VN)

    def today(self) -> dt.date:
        return self.now.astimezone(VN).date()


@dataclass
class Year:
    """What the steps share: the ids the services gave, and what is still to be logged."""

    api: Api
    log: DemoLog
    rng: random.Random
    cal: Calendar
    n: dict[str, int]
    seed: int
    ids: list[str] = field(default_factory=list)
    campaigns: dict[str, str] = field(default_factory=dict)
    filing: tips.Filing | None = None
    routed: list[dict[str, Any]] = field(default_factory=list)  # tips other services close (by their events)
    closed_logged: set[str] = field(default_factory=set)
    snapshot_of: dict[str, str] = field(default_factory=dict)
    snapshots: int = 0

    @property
    def start(self) -> dt.date:
        return dt.date(self.cal.end.year, 1, 1)

    def spread(self, i: int, count: int, first: dt.date, margin: int = 0) -> dt.date:
        """The ``i``-th of ``count`` days spread from ``first`` to ``margin`` days before the real today."""
        days = max(1, (self.cal.end.date() - first).days - margin)
        return first + dt.timedelta(days=int((i + 0.5) * days / count))

    # -- January: the register, the campaigns, the staff ------------------------------------------
    def plan(self) -> None:
        year = self.start.year
        self.cal.at(at(dt.date(year, 1, 2), 8), self.january)
        last = self.cal.end.month
        quiet = 1 + self.rng.randrange(last - 1) if last > 2 else 0  # a month without communication
        for month in range(1, last + 1):
            if month == quiet:
                continue
            for k in range(1 + self.rng.randrange(2)):
                held = at(dt.date(year, month, 3 + self.rng.randrange(20)), 8 + k)
                self.cal.at(held, programme.activity, self.api, self.log, self.rng, k, held)
        for i, (m, d, late) in enumerate(programme.DIRECTIVES):
            due = dt.date(year, m, d)
            issued = due + dt.timedelta(days=late) if late else due - dt.timedelta(days=3)
            self.cal.at(at(due - dt.timedelta(days=20), 10), self.directive, i, due, issued)
        self.cal.at(
            at(dt.date(year, 2, 1), 10),
            lambda: programme.budget(self.api, self.log, self.rng, self.cal.end.date()),
        )
        for i in range(self.n["tips"]):
            self.tip(i)
        for i in range(self.n["items"]):
            day = self.spread(i, self.n["items"], dt.date(year, 1, 10), margin=5)
            self.cal.at(at(day, 14), self.item, i)
        for i in range(self.n["cases"]):
            day = self.spread(i, self.n["cases"], dt.date(year, 1, 12), margin=10)
            self.cal.at(at(day, 10), self.case, i, None)
        self.month_ends()

    def january(self) -> None:
        self.ids = registry.import_register(self.api, self.log, self.rng, self.n["establishments"])
        first = self.api.call("inspection", "GET", f"/v1/establishments/{self.ids[0]}", registry.VHXH)
        if parse(first["registered_at"]) > self.cal.now + dt.timedelta(hours=1):
            raise DemoError(
                "các dịch vụ không dùng đồng hồ demo: khởi động bằng `make demo-system` "
                "(`pcmd run --demo-clock`) / "
                "the services do not read the demo clock (registered "
                f"{first['registered_at']}, demo time {self.cal.now.isoformat()}): start them with "
                "`make demo-system` (`pcmd run --demo-clock`)"
            )
        self.campaigns = registry.campaigns(self.api, self.log, self.start.year)
        people.providers(self.api)
        codes = programme.staff(self.api, self.log, self.n["staff"], self.start.year)
        for t, (_, month) in enumerate(programme.TRAININGS):
            held = at(dt.date(self.start.year, month, 12), 8)
            self.cal.at(held, programme.training, self.api, self.log, t, codes, held)
        self.filing = tips.Filing(self.api, self.serious)
        self.establishments()

    @property
    def serious(self) -> str:
        return self.ids[-1]

    def establishments(self) -> None:
        """Reviews through the year, each followed by an inspection (some in the campaigns); a few places
        are never reviewed. The hotspot's place: reviewed in January, found in February, then quiet."""
        year, count = self.start.year, len(self.ids)
        skipped = set(self.rng.sample(range(count - 1), max(1, count // 10)))
        for i, eid in enumerate(self.ids[:-1]):
            if i in skipped:
                continue
            day = self.spread(i, count - 1, dt.date(year, 1, 3), margin=15)
            self.cal.at(at(day, 9), registry.review, self.api, self.log, eid, day)
            if i % 7 == 6:
                continue  # reviewed, not yet inspected
            visit = day + dt.timedelta(days=1 + self.rng.randrange(40))
            violation = None if self.rng.random() < 0.7 else "guest_registration"
            campaign, kind = registry.campaign_of(visit, self.campaigns)
            self.cal.at(
                at(visit, 10),
                registry.inspect,
                self.api,
                self.log,
                eid,
                kind,
                visit,
                campaign=campaign,
                violation=violation,
            )
        found = dt.date(year, *HOTSPOT_FOUND)
        self.cal.at(
            at(dt.date(year, 1, 5), 9),
            lambda: registry.review(self.api, self.log, self.serious, dt.date(year, 1, 5)),
        )
        self.cal.at(
            at(found, 22),
            lambda: registry.inspect(
                self.api,
                self.log,
                self.serious,
                "surprise",
                found,
                campaign=None,
                violation="prostitution_on_premises",
            ),
        )
        self.cal.at(at(found + dt.timedelta(days=2), 10), self.hotspot)

    # -- tips ------------------------------------------------------------------------------------
    def tip(self, i: int) -> None:
        """Tip ``i``: received, taken the next day, then handled here (on time or late) or routed."""
        names_serious = i % 6 == 0 and i < 12  # signals of the hotspot's place, before it is found
        day = (
            dt.date(self.start.year, 1, 8 + i)
            if names_serious
            else self.spread(i, self.n["tips"], dt.date(self.start.year, 1, 15), margin=25)
        )
        rng_draw = self.rng.random()  # one draw per tip, whatever happens to it

        def received() -> None:
            assert self.filing is not None
            filed = self.filing.file(self.log, self.rng, i, names_serious=names_serious)
            if filed is not None and i % 6 != 5:  # 5: still being verified, overdue once its deadline passes
                self.cal.at(
                    self.cal.now + dt.timedelta(days=1, hours=rng_draw * 4), lambda: self.take(i, filed)
                )

        self.cal.at(at(day, 9), received)

    def take(self, i: int, tip: dict[str, Any]) -> None:
        target = {1: "inspection", 2: "online_monitoring", 3: "case_support"}.get(i % 6)
        taken = tips.take_tip(self.api, self.log, tip, target)
        # Taking a tip may move its deadline (a complaint's runs from its acceptance): the log knows the
        # new one from now on, as reporting does, not only once the tip is handled.
        self.log.write("tip_state", **tips.tip_facts(taken))
        now, outcome = self.cal.now, OUTCOMES[i % len(OUTCOMES)]
        if target is None:  # handled by the police themselves: some after their deadline
            late = i % 12 in (4, 6) and bool(taken.get("due_at"))
            when = parse(taken["due_at"]) + dt.timedelta(days=2) if late else now + dt.timedelta(days=4)
            self.cal.at(when, lambda: tips.handle_tip(self.api, self.log, taken, outcome))
            return
        self.routed.append(taken)
        if target == "inspection":
            eid = self.ids[i % (len(self.ids) - 1)]  # never the hotspot's place: it stays quiet
            day = (now + dt.timedelta(days=3)).date()
            self.cal.at(
                at(day, 10),
                lambda: registry.inspect(
                    self.api,
                    self.log,
                    eid,
                    "surprise",
                    day,
                    campaign=None,
                    violation="guest_registration" if i % 2 else None,
                    tip_id=taken["id"],
                ),
            )
        elif target == "online_monitoring":
            self.cal.at(now + dt.timedelta(days=2), lambda: self.item(1000 + i, tip_id=taken["id"]))
        else:
            self.cal.at(now + dt.timedelta(days=3), lambda: self.case(self.n["cases"] + i, taken["id"]))

    # -- online items ----------------------------------------------------------------------------
    def item(self, i: int, tip_id: str | None = None) -> None:
        """Reported now; classified and removed, escalated or closed within 72 hours or after them."""
        item = tips.report_item(self.api, self.log, self.rng, i, tip_id=tip_id)
        if tip_id is None and i % 5 == 4:
            return  # never classified: counts once its 72 hours have passed
        how = "remove" if tip_id else ("remove", "remove", "escalate", "close")[i % 4]
        late = tip_id is None and i % 3 == 1
        when = (
            parse(item["due_at"]) + dt.timedelta(hours=20) if late else self.cal.now + dt.timedelta(hours=30)
        )

        def handle() -> None:
            after = tips.handle_item(self.api, self.log, item, how)
            if i == 0:  # the removed content is posted again three weeks later: the item reappears
                self.cal.at(self.cal.now + dt.timedelta(days=21), lambda: self.reappear(after["url"]))

        self.cal.at(when, handle)

    def reappear(self, url: str) -> None:
        again = self.api.call(
            "online_monitoring",
            "POST",
            "/v1/items",
            tips.CA,
            json_body={"url": url, "source": "public_report"},
        )
        self.log.write(
            "online_item_reappeared",
            item_id=again["id"],
            status=again.get("status"),
            reappearance_count=again.get("reappearance_count"),
        )

    # -- cases -----------------------------------------------------------------------------------
    def case(self, n: int, tip_id: str | None) -> None:
        """Enrolled and assessed now; served a week later."""
        case = people.enrol(self.api, self.log, self.rng, n, salt=self.seed, tip_id=tip_id)
        self.cal.at(
            self.cal.now + dt.timedelta(days=7),
            lambda: people.serve(self.api, self.log, case, self.cal.today()),
        )

    # -- directives, hotspot ---------------------------------------------------------------------
    def directive(self, i: int, due: dt.date, issued: dt.date) -> None:
        did = programme.directive(self.api, self.log, i, due)
        self.cal.at(
            at(issued, 15), lambda: programme.issue(self.api, self.log, i, did, due=due, issued=issued)
        )

    def hotspot(self) -> None:
        """Detection proposes the place of the serious violation; the leader confirms it (HotspotFlagged);
        it is cleared once the place has been quiet for 90 days."""
        found = registry.confirm_hotspot(self.api, self.log)
        if found is not None:
            self.cal.at(
                self.cal.now + dt.timedelta(days=QUIET_DAYS + 5),
                lambda: registry.clear_hotspot(self.api, self.log, found),
            )

    # -- month ends ------------------------------------------------------------------------------
    def month_ends(self) -> None:
        year = self.start.year
        for month in range(1, 13):
            end = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=VN)
            periods = [f"{year}-{month:02d}"] + ([f"{year}-Q{month // 3}"] if month % 3 == 0 else [])
            self.cal.at(end + dt.timedelta(hours=1), self.approve, periods)
            if month % 3 == 0 and month < 12:
                q = month // 3
                sent = end + dt.timedelta(days=20 if q == 2 else 10, hours=8)  # Q2's report went out late
                self.cal.at(sent, self.report, q, sent)

    def approve(self, periods: list[str]) -> None:
        self.settle()
        for snap in programme.snapshots(self.api, self.log, periods):
            self.snapshot_of[snap["period"]["code"]] = snap["id"]
            self.snapshots += 1

    def report(self, q: int, sent: dt.datetime) -> None:
        period = f"{self.start.year}-Q{q}"
        if period in self.snapshot_of:
            programme.report(
                self.api, self.log, q - 1, period, sent=sent, snapshot_id=self.snapshot_of[period]
            )

    def settle(self) -> None:
        """Every event applied; then what intake made of the routed tips closed meanwhile (by the other
        services' events), so the log knows each closing before a snapshot counts it."""
        wait_consumed(self.api)
        for tip in self.routed:
            if tip["id"] in self.closed_logged:
                continue
            now = self.api.call("intake", "GET", f"/v1/tips/{tip['id']}", tips.officer(tip))
            if now.get("closed_at"):
                self.log.write("tip_state", **tips.tip_facts(now))
                self.closed_logged.add(tip["id"])


def wait_consumed(api: Api, timeout: float = 300.0) -> None:
    """Until every service's outbox is empty and no consumer has lag (reporting's, and the services'
    own: intake closes a routed tip by the other services' events)."""
    deadline = time.monotonic() + timeout
    while True:
        status = {s: api.call(s, "GET", "/v1/ops/status", ("vhxh", "operator")) for s in SERVICES}
        backlog = sum(int(v.get("outbox_backlog") or 0) for v in status.values())
        lag = sum(int(x or 0) for v in status.values() for x in (v.get("consumer_lag") or {}).values())
        if backlog == 0 and lag == 0 and status["reporting"].get("consumers_ready"):
            return
        if time.monotonic() > deadline:
            raise DemoError(
                f"báo cáo chưa nhận hết sự kiện / reporting has not caught up (backlog {backlog}, lag {lag})"
            )
        time.sleep(0.3)
