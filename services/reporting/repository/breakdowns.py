"""The counts behind the indicators, per source: the extra sheets of the exports."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, select, true

from services.reporting.domain.snapshot import BreakdownRow
from services.reporting.repository.facts import (
    CaseFact,
    EstablishmentFact,
    HotspotFact,
    InspectionFact,
    OnlineItemFact,
    ServiceFact,
    TipFact,
)
from services.reporting.repository.measures import Counts, Measures
from services.reporting.repository.month_counts import INSPECTION_MONTH, INSPECTIONS, monthly, total
from services.reporting.repository.programme import Activity, Training

# a tip's status as its breakdown shows it: these as they are, any other (or none) as open
TIP_STATUSES = ("handled", "transferred", "merged")


class Breakdowns(Measures):
    async def _grouped(
        self, source: str, dimension: str, key: Any, where: Any, *, people: bool = False, count: Any = None
    ) -> list[BreakdownRow]:
        rows = await self._s.execute(
            select(key, count if count is not None else func.count()).where(where).group_by(key)
        )
        return [
            BreakdownRow(source, dimension, str(k or "unclassified"), int(n), people) for k, n in rows if n
        ]

    def _rows(
        self, source: str, dimension: str, pairs: dict[str, int], people: bool = False
    ) -> list[BreakdownRow]:
        return [BreakdownRow(source, dimension, k, v, people) for k, v in pairs.items()]

    async def all(self, counts: Counts) -> list[BreakdownRow]:
        """The breakdowns; ``counts`` are this scope and period's indicators, not counted again. The
        services' (the longest) on the twin, which counted HR_ACCESS and its clients, the others here."""

        async def others() -> tuple[list[BreakdownRow], ...]:
            return (
                await self.intake(counts),
                await self.inspection(),
                await self.online(),
                await self.programme(counts),
            )

        case_support, (intake, inspection, online, programme) = await self._side_by_side(
            lambda m: m.case_support(counts), others
        )
        return [*intake, *inspection, *case_support, *online, *programme]

    def _summed(self, source: str, dimension: str, groups: list[tuple[Any, int]]) -> list[BreakdownRow]:
        """One dimension of finer groups (key, count): counts summed per key, as a GROUP BY of it."""
        total: dict[Any, int] = {}
        for key, n in groups:
            total[key] = total.get(key, 0) + n
        return [BreakdownRow(source, dimension, str(k or "unclassified"), n) for k, n in total.items() if n]

    async def intake(self, counts: Counts) -> list[BreakdownRow]:
        if self.tips_by is None:  # not counted with TIPS_TIMELY
            received = and_(TipFact.ward.in_(self.wards), self._in(TipFact.received_at))
            groups = (TipFact.kind, TipFact.status)
            rows = await self._s.execute(select(*groups, func.count()).where(received).group_by(*groups))
            self.tips_by = [(kind, status, int(n)) for kind, status, n in rows]
        on_time, due = counts["TIPS_TIMELY"]
        return [
            *self._summed("intake", "tips_by_kind", [(kind, n) for kind, _, n in self.tips_by]),
            *self._summed(
                "intake",
                "tips_by_status",
                [(status if status in TIP_STATUSES else "open", n) for _, status, n in self.tips_by],
            ),
            *self._rows("intake", "tips_due", {"due": due, "handled_on_time": on_time}),
        ]

    async def inspection(self) -> list[BreakdownRow]:
        e = EstablishmentFact
        if self.establishments_by is None:  # not counted with ESTAB_MANAGED
            groups = (e.business_type, e.risk_class)
            query = select(*groups, func.count()).where(self._active_establishments()).group_by(*groups)
            self.establishments_by = [(kind, risk, int(n)) for kind, risk, n in await self._s.execute(query)]
        active = self.establishments_by
        inspected = and_(InspectionFact.ward.in_(self.wards), self._in(InspectionFact.inspected_at))
        flagged = and_(HotspotFact.ward.in_(self.wards), self._in(HotspotFact.flagged_at))
        return [
            *self._summed("inspection", "establishments_by_type", [(kind, n) for kind, _, n in active]),
            *self._summed("inspection", "establishments_by_risk", [(risk, n) for _, risk, n in active]),
            *await self._inspections(inspected),
            *await self._grouped("inspection", "hotspots_by_formation", HotspotFact.formation, flagged),
        ]

    async def _inspections(self, inspected: Any) -> list[BreakdownRow]:
        """By result: with the other breakdowns, from the stored months (``month_counts.py``)."""
        dimension = "inspections_by_result"
        if not self.gather:
            return await self._grouped("inspection", dimension, InspectionFact.result, inspected)
        c = INSPECTION_MONTH.c
        rows = await monthly(self._s, INSPECTIONS, self.wards, self.start, self.end, total(c.inspections))
        return [BreakdownRow("inspection", dimension, str(k or "unclassified"), int(n)) for k, n in rows if n]

    async def case_support(self, counts: Counts) -> list[BreakdownRow]:
        active = self.active_clients
        if active is None:  # not counted with HR_ACCESS
            clients = func.count(CaseFact.client_code.distinct())
            active = (await self._s.execute(select(clients).where(self._open_cases()))).scalar_one()
        served, eligible = counts["HR_ACCESS"]
        # each (category, client) once, then counted: count(DISTINCT) sorted every service on disk
        pairs_served = (  # in the order of ix_service_fact_ward_client: distinct as the index is read
            select(ServiceFact.client_code, ServiceFact.category)
            .where(ServiceFact.ward.in_(self.wards), self._in(ServiceFact.received_at))
            .distinct()
            .subquery("served_by_category")
        )
        by_category = await self._grouped(
            "case_support",
            "services_by_category",
            pairs_served.c.category,
            true(),
            people=True,
            count=func.count(pairs_served.c.client_code),
        )
        pairs = {"active": int(active), "eligible_with_needs": eligible, "served": served}
        return [*self._rows("case_support", "clients", pairs, people=True), *by_category]

    async def online(self) -> list[BreakdownRow]:
        if self.items_by is None:  # not counted with ONLINE_HANDLED
            o = OnlineItemFact
            reported = and_(o.ward.in_(self.wards), self._in(o.reported_at))
            groups = (o.platform, o.category, o.outcome)
            rows = await self._s.execute(select(*groups, func.count()).where(reported).group_by(*groups))
            self.items_by = [(platform, category, outcome, int(n)) for platform, category, outcome, n in rows]
        items = self.items_by
        return [
            *self._summed("online_monitoring", "items_by_platform", [(p, n) for p, _, _, n in items]),
            *self._summed("online_monitoring", "items_by_category", [(c, n) for _, c, _, n in items]),
            *self._summed(
                "online_monitoring",
                "items_by_outcome",
                [("open" if out is None else out, n) for _, _, out, n in items],
            ),
        ]

    async def programme(self, counts: Counts) -> list[BreakdownRow]:
        held = and_(Activity.ward.in_(self.wards), self._in(Activity.held_at))
        trainings = and_(Training.ward.in_(self.wards), self._in(Training.held_at))
        codes = select(func.unnest(Training.trained_staff_codes).label("code")).where(trainings).subquery()
        trained = await self._scalar(select(func.count(codes.c.code.distinct())))
        n_trainings = await self._scalar(select(func.count()).where(trainings))
        issued, due = counts["DIRECTIVES_TIMELY"]
        sent, reports_due = counts["IT_REPORTING"]
        return [
            *await self._grouped("programme", "activities_by_kind", Activity.kind, held),
            *self._rows("programme", "trainings", {"held": n_trainings}),
            *self._rows("programme", "trainings", {"staff_trained": trained}, people=True),
            *self._rows("programme", "directives", {"due": due, "issued_on_time": issued}),
            *self._rows("programme", "reports", {"due": reports_due, "submitted_on_time": sent}),
        ]
