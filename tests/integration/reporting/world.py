"""A reporting service's database, fed hand-built events through its real consumers' inbox."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from google.protobuf.message import Message

from services.reporting import consumers
from services.reporting.domain.periods import VN, Period
from services.reporting.domain.snapshot import SnapshotContent
from services.reporting.handlers import snapshots
from services.reporting.handlers.deps import ReportingDeps
from services.reporting.handlers.scope import wards_of
from services.reporting.main import build_deps, on_start, unit_of_work
from services.reporting.settings import OrgUnitSetting, ReportingSettings
from shared.auth import Principal
from shared.contracts.catalog import stream_name
from shared.contracts.pcmd.case_support.v1 import events_pb2 as cs
from shared.contracts.pcmd.inspection.v1 import events_pb2 as ins
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake
from shared.contracts.pcmd.online_monitoring.v1 import events_pb2 as om
from shared.messaging.consumer import Subscription
from shared.messaging.envelope import IncomingEnvelope
from shared.runtime import Runtime
from tests.integration.harness import settings_for

PRODUCER = {
    "pcmd.intake.v1": "intake",
    "pcmd.inspection.v1": "inspection",
    "pcmd.case_support.v1": "case_support",
    "pcmd.online_monitoring.v1": "online_monitoring",
}


def at(y: int, m: int, d: int, h: int = 9) -> dt.datetime:
    """A Vietnamese local time."""
    return dt.datetime(y, m, d, h, tzinfo=VN)


@dataclass
class Delivery:
    event: Message
    event_id: uuid.UUID = field(default_factory=uuid.uuid4)
    seq: int = 0


@dataclass
class World:
    rt: Runtime
    ward: str
    city: str
    subs: dict[str, Subscription]
    seqs: dict[str, int] = field(default_factory=dict)
    log: list[Delivery] = field(default_factory=list)

    def record(self, *events: Message) -> None:
        """Events as their producers would publish them, each with its id and stream sequence."""
        for event in events:
            producer = PRODUCER[event.DESCRIPTOR.file.package]
            self.seqs[producer] = self.seqs.get(producer, 0) + 1
            self.log.append(Delivery(event, seq=self.seqs[producer]))

    async def deliver(self, deliveries: Sequence[Delivery]) -> int:
        applied = 0
        for d in deliveries:
            producer = PRODUCER[d.event.DESCRIPTOR.file.package]
            env = IncomingEnvelope(
                event_id=d.event_id,
                event_type=d.event.DESCRIPTOR.full_name,
                subject=f"pcmd.{self.ward}.{producer}.x.y",
                source=producer,
                correlation_id=str(d.event_id),
                stream=stream_name(producer),
                stream_seq=d.seq,
                num_delivered=1,
            )
            sub = self.subs[self.rt.settings.durable_name(producer)]
            applied += await self.rt.consumer.apply(sub, d.event, env)
        return applied

    async def deliver_all(self, *, shuffle: int | None = None, duplicate: bool = False) -> int:
        """Deliver the log in order, or shuffled across streams (seeded), with every event twice."""
        deliveries = list(self.log)
        if duplicate:
            deliveries = deliveries + list(self.log)
        if shuffle is not None:
            random.Random(shuffle).shuffle(deliveries)
        return await self.deliver(deliveries)

    def principal(self, unit: str = "vhxh", role: str = "officer", ward: str | None = None) -> Principal:
        return Principal("tester", ward or self.ward, unit, frozenset({role}))

    async def content(self, period: Period, scope: str | None = None) -> SnapshotContent:
        uow = self.rt.uow()
        deps: ReportingDeps = self.rt.deps
        async with uow:
            code = scope or self.ward
            wards = await wards_of(uow, self.principal(ward=self.city if scope else None), code)
            content, _ = await snapshots.compute(uow, code, wards, period, deps.schedule)
        return content

    async def figure(self, code: str, period: Period, scope: str | None = None) -> tuple[int, int, int, bool]:
        v = (await self.content(period, scope)).value(code)
        return v.numerator, v.denominator, v.value, v.met


async def open_world(db: str, nats_url: str, ward: str, *, other_wards: Sequence[str] = ()) -> World:
    """Runtime connected (database, NATS), start-up done, consumers not attached: we deliver by hand."""
    city = f"c{ward}"[:32]
    units = (
        OrgUnitSetting(code=city, name_vi="Thành phố thử", name_en="Test city", level="city"),
        *(
            OrgUnitSetting(code=w, name_vi=f"Phường {w}", name_en=f"{w} ward", level="ward", parent=city)
            for w in (ward, *other_wards)
        ),
    )
    settings = settings_for(
        ReportingSettings, database_url=db, nats_url=nats_url, ward=ward, consume_ward="*", org_units=units
    )
    rt = Runtime(settings, unit_of_work, build_deps)
    await rt.connect()
    await on_start(rt)
    subs = {s.name: s for s in consumers.subscriptions(rt)}
    return World(rt, ward, city, subs)


# Scenario builders: each records the events one entity's life produces.
def tip(w: World, due: Any, *, received: Any, handled: Any = None, on_time: bool = False, **kw: Any) -> str:
    tip_id = str(uuid.uuid4())
    ward = kw.get("ward", w.ward)
    w.record(intake.TipReceived(tip_id=tip_id, ward=ward, occurred_at=received, due_at=due, kind=1))
    if handled is not None:
        w.record(
            intake.TipHandled(
                tip_id=tip_id, ward=ward, occurred_at=handled, handled_at=handled, due_at=due,
                on_time=on_time, outcome=intake.HANDLING_OUTCOME_NO_VIOLATION,
            )
        )  # fmt: skip
    return tip_id


def item(w: World, reported: Any, *, due: Any, classified: bool = True) -> str:
    item_id = str(uuid.uuid4())
    w.record(om.ItemReported(item_id=item_id, ward=w.ward, occurred_at=reported, due_at=due, platform=1))
    if classified:
        w.record(om.ItemClassified(item_id=item_id, ward=w.ward, occurred_at=reported, category=1))
    return item_id


def enrol(w: World, when: Any, *, eligible: bool = True, needs: bool = True) -> tuple[str, str]:
    case_id, client = str(uuid.uuid4()), f"CL-{uuid.uuid4().hex[:8]}"
    w.record(
        cs.ClientEnrolled(
            case_id=case_id, ward=w.ward, occurred_at=when, client_code=client, eligible=eligible,
            has_needs=needs,
        )
    )  # fmt: skip
    return case_id, client


def serve(w: World, case_id: str, client: str, when: Any) -> None:
    w.record(
        cs.ServiceReceived(
            service_record_id=str(uuid.uuid4()), ward=w.ward, occurred_at=when, case_id=case_id,
            client_code=client, service_category=cs.SERVICE_CATEGORY_HARM_REDUCTION, received_at=when,
        )
    )  # fmt: skip


def establishment(
    w: World, registered: Any, *, risk: int = 0, reviewed: Any = None, interval: int = 0
) -> str:
    eid = str(uuid.uuid4())
    w.record(
        ins.EstablishmentRegistered(
            establishment_id=eid, ward=w.ward, occurred_at=registered, business_type=2
        )
    )
    if reviewed is not None:
        w.record(
            ins.EstablishmentReviewed(
                establishment_id=eid, ward=w.ward, occurred_at=reviewed, reviewed_at=reviewed,
                risk_class=risk, inspection_interval_days=interval,
            )
        )  # fmt: skip
    return eid


def inspect(w: World, eid: str, when: Any, result: int = ins.INSPECTION_RESULT_NO_VIOLATION) -> None:
    w.record(
        ins.InspectionCompleted(
            inspection_id=str(uuid.uuid4()), ward=w.ward, occurred_at=when, establishment_id=eid,
            inspected_at=when, result=result,
        )
    )  # fmt: skip
