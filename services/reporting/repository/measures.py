"""Numerators, denominators and breakdowns of the ten indicators, counted in PostgreSQL.

Each measure is one aggregate query over the read models for a set of wards and a period, so
its cost grows with the facts in that period, not with the history. With the breakdowns (a snapshot,
the values), tips and online items are summed from their stored monthly counts (``month_counts.py``),
the facts read only from the month under way on. Definitions follow the indicator catalogue
(``domain/indicators.py``); deviations are bugs.

A period that has not ended is counted **as of** a moment (``as_of``, now): nothing that is not yet
due counts as failed. A tip, online item, directive or report counts once it is handled (issued,
sent) or its deadline has passed; a month counts once it has ended, or earlier once it has had its
communication activity; a year of the plan once it has begun; establishments and staff as they
stand at that moment. A period that has ended is counted whole, exactly as before.
"""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Self, TypeVar

from sqlalchemy import and_, any_, case, exists, func, literal, or_, select, text, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement

from services.reporting.domain.indicators import CATALOGUE
from services.reporting.domain.periods import PLAN, Period, PeriodType, containing
from services.reporting.repository.facts import (
    CaseFact,
    EstablishmentFact,
    HotspotFact,
    InspectionFact,
    OnlineItemFact,
    ServiceFact,
    StreamPosition,
    TipFact,
)
from services.reporting.repository.indexes import COMMUNICATION, NOT_CARRIED_OUT
from services.reporting.repository.month_counts import ITEM_MONTH, ITEMS, TIP_MONTH, TIPS, monthly, total
from services.reporting.repository.programme import (
    Activity,
    Directive,
    ReportSubmission,
    StaffAssignment,
    Training,
    YearlyPlan,
)
from services.reporting.repository.schedule import ReportSchedule as ReportSchedule  # noqa: PLC0414 (imported from here)

CUSTOM_PLANS = "set_config('plan_cache_mode', 'force_custom_plan', true)"
SETTINGS = f"SELECT {CUSTOM_PLANS}, set_config('random_page_cost', '1.1', true)"  # (SET LOCAL both)

# How often an establishment must be inspected when its review gives no interval (days).
DEFAULT_INSPECTION_DAYS = {"high": 90, "medium": 180, "low": 365}
REVIEW_VALID = dt.timedelta(days=365)
ONE_DAY = dt.timedelta(days=1)


Counts = dict[str, tuple[int, int]]
# A second transaction reading the same snapshot as the measures' own (the unit of work's ``alongside``)
Alongside = Callable[[], Awaitable[AsyncSession | None]]
T = TypeVar("T")
U = TypeVar("U")


class Measures:
    def __init__(
        self,
        session: AsyncSession,
        wards: Sequence[str],
        period: Period,
        as_of: dt.datetime | None = None,
        *,
        gather: bool = False,
        alongside: Alongside | None = None,
    ) -> None:
        self._s = session
        # With ``alongside``, the longest counts (HR_ACCESS, then the services' breakdown) run on a twin
        # of these measures in a second transaction reading the same snapshot, while the others run here:
        # on two cores, the values over 1M facts come in about 0.6 of the time.
        self._alongside = alongside
        self._twin: Self | None = None
        self.wards = tuple(wards)
        self.period = period
        self.start, self.end = period.start, period.end
        # None for a period that has ended by ``as_of``: it is counted whole
        self.as_of = as_of if as_of is not None and as_of < period.end else None
        self.cut = self.as_of or self.end  # where "at the end of the period" stands
        self.active_clients: int | None = None  # of every open case, once HR_ACCESS has counted them
        # ``gather``: the scans of tips, online items and establishments that count TIPS_TIMELY,
        # ONLINE_HANDLED and ESTAB_MANAGED also count the groups their breakdowns show (read once)
        self.gather = gather
        self.tips_by: list[tuple[Any, Any, int]] | None = None  # (kind, status, received in the period)
        self.items_by: list[tuple[Any, Any, Any, int]] | None = None  # (platform, category, outcome, n)
        self.establishments_by: list[tuple[Any, Any, int]] | None = None  # (type, risk class, active)

    def _counts_yet(self, done: Any, due: Any) -> ColumnElement[bool]:
        """In an open period, a thing counts once it is done or its deadline has passed."""
        if self.as_of is None:
            return true()
        return or_(done, due < self.as_of)

    async def _scalar(self, query: Any) -> int:
        return int((await self._s.execute(query)).scalar_one() or 0)

    async def _pair(self, query: Any) -> tuple[int, int]:
        row = (await self._s.execute(query)).one()
        return int(row[0] or 0), int(row[1] or 0)

    def _in(self, column: Any, start: dt.datetime | None = None) -> ColumnElement[bool]:
        return and_(column >= (start or self.start), column < self.end)

    async def _side_by_side(
        self, there: Callable[[Self], Awaitable[T]], here: Callable[[], Awaitable[U]]
    ) -> tuple[T, U]:
        """``there`` on the twin while ``here`` runs on these measures' own transaction; without a
        twin, one after the other here."""
        if self._twin is None and self._alongside is not None:  # opened at the first use, if it can be
            session, self._alongside = await self._alongside(), None
            if session is not None:
                twin = copy.copy(self)
                twin._s = session
                await twin._s.execute(text(SETTINGS))
                self._twin = twin
        if self._twin is None:
            return await there(self), await here()
        aside = asyncio.ensure_future(there(self._twin))
        try:
            mine = await here()
        except BaseException:
            aside.cancel()
            await asyncio.gather(aside, return_exceptions=True)
            raise
        return await aside, mine

    async def indicators(self, schedule: ReportSchedule) -> Counts:
        # Planned for these bounds each time: a cached generic plan made for a month read the plan period
        # through the month's indexes (HR_ACCESS: 2.4 times as long at 1M facts). Their indexes are cached
        # (a random read costs about an ordered one): else a long period's services and clients were
        # hashed, not read in client order from the indexes alone (HR_ACCESS 2-3 times as long).
        await self._s.execute(text(SETTINGS))

        async def hr_access(m: Measures) -> tuple[tuple[int, int], int | None]:
            return await m.hr_access(), m.active_clients

        (hr, self.active_clients), others = await self._side_by_side(
            hr_access, lambda: self._others(schedule)
        )
        counts = {**others, "HR_ACCESS": hr}
        return {i.code: counts[i.code] for i in CATALOGUE}

    async def _others(self, schedule: ReportSchedule) -> Counts:
        """Every indicator but HR_ACCESS."""
        return {
            "PLAN_YEARLY": await self.plan_yearly(),
            "COMM_REGULAR": await self.comm_regular(),
            "TIPS_TIMELY": await self.tips_timely(),
            "ONLINE_HANDLED": await self.online_handled(),
            "IT_REPORTING": await self.it_reporting(schedule),
            "DIRECTIVES_TIMELY": await self.directives_timely(),
            "ESTAB_MANAGED": await self.estab_managed(),
            "STAFF_TRAINED": await self.staff_trained(),
            "HOTSPOTS": (await self.hotspots(), 0),
        }

    async def plan_yearly(self) -> tuple[int, int]:
        years = [y for y in self.period.years() if dt.datetime(y, 1, 1, tzinfo=self.start.tzinfo) < self.cut]
        have = await self._scalar(
            select(func.count()).where(
                YearlyPlan.ward.in_(self.wards), YearlyPlan.year.in_(years), YearlyPlan.issued_at < self.cut
            )
        )
        return have, len(self.wards) * len(years)

    async def comm_regular(self) -> tuple[int, int]:
        rows = await self._s.execute(
            select(Activity.ward, Activity.held_at).where(
                Activity.ward.in_(self.wards),
                Activity.category == COMMUNICATION,
                self._in(Activity.held_at),
            )
        )
        months = {(ward, containing(held, PeriodType.MONTH)) for ward, held in rows}
        if self.as_of is None:
            return len(months), len(self.wards) * self.period.months
        ended = sum(m.end <= self.as_of for m in self.period.month_periods())
        current = containing(self.as_of, PeriodType.MONTH)
        # the month under way counts once it has had its activity (it can no longer fail)
        return len(months), len(self.wards) * ended + sum(m == current for _, m in months)

    def _open_cases(self) -> ColumnElement[bool]:
        """Open at some time in the period: enrolled before its end, and not closed before its start,
        or reopened (after its latest closure) before its end. Exact for the latest closure; an earlier
        closed spell of a reopened case is not kept (as for establishments)."""
        c = CaseFact
        reopened = and_(c.reopened_at.is_not(None), c.reopened_at >= c.closed_at, c.reopened_at < self.end)
        return and_(
            c.ward.in_(self.wards),
            c.enrolled_at < self.end,
            or_(c.closed_at.is_(None), c.closed_at >= self.start, reopened),
        )

    def _served(self) -> Any:
        """The client codes served in the wards during the period, each once."""
        return (
            select(ServiceFact.client_code)
            .where(ServiceFact.ward.in_(self.wards), self._in(ServiceFact.received_at))
            .distinct()
            .subquery("served")
        )

    async def hr_access(self) -> tuple[int, int]:
        """Eligible clients with needs served in the period, of those in an open case; the clients of
        every open case (a breakdown) come with them, from the same scan."""
        eligible = and_(CaseFact.eligible.is_(True), CaseFact.has_needs.is_(True))
        # a join, not EXISTS per case: an EXISTS inside FILTER is a subquery run for every open case
        served = self._served()
        joined = CaseFact.__table__.outerjoin(served, served.c.client_code == CaseFact.client_code)
        # each client once (GROUP BY), then counted: three count(DISTINCT) sorted the open cases
        # three times, spilling to disk at 100k cases
        per_client = (
            select(
                CaseFact.client_code.label("code"),
                func.bool_or(and_(eligible, served.c.client_code.is_not(None))).label("served"),
                func.bool_or(eligible).label("eligible"),
            )
            .select_from(joined)
            .where(self._open_cases())
            .group_by(CaseFact.client_code)
            .subquery("per_client")
        )
        clients = func.count(per_client.c.code)
        query = select(clients.filter(per_client.c.served), clients.filter(per_client.c.eligible), clients)
        row = (await self._s.execute(query)).one()
        self.active_clients = int(row[2])
        return int(row[0]), int(row[1])

    async def tips_timely(self) -> tuple[int, int]:
        ward = TipFact.ward.in_(self.wards)
        due = and_(
            self._in(TipFact.due_at),
            TipFact.status.is_distinct_from("merged"),
            self._counts_yet(TipFact.closed_at.is_not(None), TipFact.due_at),
        )
        on_time = and_(TipFact.closed_at.is_not(None), TipFact.on_time.is_(True))
        if not self.gather:
            return await self._pair(select(func.count().filter(on_time), func.count()).where(ward, due))
        # With the breakdown: the stored monthly counts (``month_counts.py``) give the tips received in the
        # period by kind and status, and those due in its months that have ended by the cut; the tips
        # due from the month under way on are counted from the facts (through their due months' index).
        settled = self._settled()
        t = TIP_MONTH.c
        counted = and_(t.month < settled.date(), t.status.is_distinct_from("merged"))
        sums = (total(t.received), total(t.due_on_time, counted), total(t.due, counted))
        rows = await monthly(self._s, TIPS, self.wards, self.start, self.end, *sums)
        self.tips_by = [(kind, status, int(n)) for kind, status, n, *_ in rows]
        n, d = sum(int(r[3] or 0) for r in rows), sum(int(r[4] or 0) for r in rows)
        if settled < self.end:
            live = await self._pair(
                select(func.count().filter(on_time), func.count()).where(ward, due, TipFact.due_at >= settled)
            )
            n, d = n + live[0], d + live[1]
        return n, d

    def _settled(self) -> dt.datetime:
        """Where the months that have ended by the cut end: the period's end when it is counted whole,
        else the start of the month under way (not before the period's start)."""
        if self.as_of is None:
            return self.end
        return max(self.start, containing(self.as_of, PeriodType.MONTH).start)

    async def online_handled(self) -> tuple[int, int]:
        o = OnlineItemFact
        reported = and_(o.ward.in_(self.wards), self._in(o.reported_at))
        counted = self._counts_yet(o.handled_at.is_not(None), func.coalesce(o.due_at, o.reported_at))
        handled = and_(o.classified_at.is_not(None), o.handled_on_time.is_(True))
        if not self.gather:
            return await self._pair(
                select(func.count().filter(handled), func.count()).where(reported, counted)
            )
        # With the breakdown: the stored monthly counts give every item reported in the period by
        # platform, category and outcome, and those of its months ended by the cut, less the ones among
        # them not handled and not due yet (an index of the items not handled); the month under way and
        # the later ones are counted from the facts.
        settled, c = self._settled(), ITEM_MONTH.c
        ended = c.month < settled.date()
        sums = (total(c.reported), total(c.handled, ended), total(c.reported, ended))
        rows = await monthly(self._s, ITEMS, self.wards, self.start, self.end, *sums)
        self.items_by = [(platform, category, outcome, int(n)) for platform, category, outcome, n, *_ in rows]
        n, d = sum(int(r[4] or 0) for r in rows), sum(int(r[5] or 0) for r in rows)
        pair = (func.count().filter(handled), func.count())
        if self.as_of is not None and settled > self.start:
            not_yet = and_(o.handled_at.is_(None), func.coalesce(o.due_at, o.reported_at) >= self.as_of)
            where = and_(o.ward.in_(self.wards), self._in(o.reported_at), o.reported_at < settled, not_yet)
            pending = await self._pair(select(*pair).where(where))
            n, d = n - pending[0], d - pending[1]
        if settled < self.end:
            live = await self._pair(select(*pair).where(reported, counted, o.reported_at >= settled))
            n, d = n + live[0], d + live[1]
        return n, d

    async def it_reporting(self, schedule: ReportSchedule) -> tuple[int, int]:
        due = schedule.due_within(self.period)
        deadline = {p.code: d for p, d in due}
        if not due:
            return 0, 0
        rows = await self._s.execute(
            select(ReportSubmission.ward, ReportSubmission.period_code, ReportSubmission.submitted_at).where(
                ReportSubmission.ward.in_(self.wards),
                ReportSubmission.period_code.in_(deadline),
                ReportSubmission.produced_by_system.is_(True),
            )
        )
        done = {(ward, code) for ward, code, sent in rows if sent <= deadline[code]}
        if self.as_of is None:
            return len(done), len(self.wards) * len(due)
        # a report counts once it is due, or earlier once it has been sent
        passed = {code for code, d in deadline.items() if d < self.as_of}
        return len(done), len(self.wards) * len(passed) + sum(code not in passed for _, code in done)

    async def directives_timely(self) -> tuple[int, int]:
        due = and_(
            Directive.ward.in_(self.wards),
            self._in(Directive.due_at),
            self._counts_yet(Directive.issued_at.is_not(None), Directive.due_at),
        )
        on_time = and_(Directive.issued_at.is_not(None), Directive.issued_at <= Directive.due_at)
        return await self._pair(select(func.count().filter(on_time), func.count()).where(due))

    def _active_establishments(self) -> ColumnElement[bool]:
        known = func.coalesce(EstablishmentFact.registered_at, EstablishmentFact.reviewed_at)
        e = EstablishmentFact
        # Closed at the cut: its latest closure came before, and no re-opening between it and the cut
        # (exact for the latest closure; an earlier closed spell of a re-opened one is not kept).
        closed = and_(
            e.closed_at < self.cut,
            or_(e.reopened_at.is_(None), e.reopened_at < e.closed_at, e.reopened_at >= self.cut),
        )
        return and_(e.ward.in_(self.wards), known < self.cut, or_(e.closed_at.is_(None), ~closed))

    async def estab_managed(self) -> tuple[int, int]:
        e = EstablishmentFact
        last_inspection = (
            select(func.max(InspectionFact.inspected_at))
            .where(
                InspectionFact.establishment_id == e.establishment_id,
                InspectionFact.inspected_at < self.cut,
                InspectionFact.result != NOT_CARRIED_OUT,
            )
            .scalar_subquery()
        )
        interval_days = func.coalesce(e.inspection_interval_days, _risk_days(e.risk_class))
        managed = and_(
            e.risk_class.in_(tuple(DEFAULT_INSPECTION_DAYS)),
            e.reviewed_at >= self.cut - REVIEW_VALID,
            e.reviewed_at < self.cut,
            last_inspection >= literal(self.cut) - interval_days * literal(ONE_DAY),
        )
        active = self._active_establishments()
        if not self.gather:
            return await self._pair(select(func.count().filter(managed), func.count()).where(active))
        # with the active establishments by (type, risk class): their breakdown, from the same scan
        groups = (e.business_type, e.risk_class)
        query = select(*groups, func.count().filter(managed), func.count()).where(active).group_by(*groups)
        rows = (await self._s.execute(query)).all()
        self.establishments_by = [(kind, risk, int(n)) for kind, risk, _, n in rows]
        return sum(int(r[2]) for r in rows), sum(int(r[3]) for r in rows)

    async def staff_trained(self) -> tuple[int, int]:
        s = StaffAssignment
        active = and_(
            s.ward.in_(self.wards),
            s.effective_at < self.cut,
            or_(s.ended_at.is_(None), s.ended_at >= self.cut),
        )
        trained = exists().where(
            Training.ward.in_(self.wards),
            Training.held_at >= PLAN.start,
            Training.held_at < self.cut,
            s.staff_code == any_(Training.trained_staff_codes),
        )
        staff = func.count(s.staff_code.distinct())
        return await self._pair(select(staff.filter(trained), staff).where(active))

    async def hotspots(self) -> int:
        return await self._scalar(
            select(func.count()).where(HotspotFact.ward.in_(self.wards), self._in(HotspotFact.flagged_at))
        )

    async def positions(self) -> dict[str, int]:
        rows = await self._s.execute(select(StreamPosition.stream, StreamPosition.sequence))
        return {stream: int(seq) for stream, seq in rows}


def _risk_days(risk: Any) -> Any:
    return case(*[(risk == name, days) for name, days in DEFAULT_INSPECTION_DAYS.items()], else_=None)
