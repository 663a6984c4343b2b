"""The item: one per content, reports folded into it, the officer's classification with the proposal
kept, takedowns only for violations, handling on time or late, escalation, closure, reappearance; and
the contract messages its events become (hashes and codes, never the URL)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from services.online_monitoring.domain.item import (
    Classification,
    ClosureReason,
    Content,
    Item,
    ItemStatus,
    ItemStepNotAllowed,
    Reappeared,
    RemovedBy,
    Report,
    ReportAdded,
    Reported,
    ReportSource,
    TakedownNotFound,
    TakedownSent,
    TakedownStepped,
)
from services.online_monitoring.domain.kinds import ContentSpace, ItemCategory, Platform
from services.online_monitoring.domain.takedown import (
    Channel,
    CompetentBody,
    EscalationTarget,
    Status,
    TakedownStepNotAllowed,
)
from services.online_monitoring.events import to_messages
from shared.contracts.pcmd.online_monitoring.v1 import events_pb2 as ev
from shared.uow import UnmappedEvent

T0 = dt.datetime(2027, 3, 1, 2, 0, tzinfo=dt.UTC)
H72 = dt.timedelta(hours=72)
URL = "https://www.facebook.com/groups/1/posts/2"
CONTENT = Content(URL, Platform.FACEBOOK, ContentSpace.CLOSED_GROUP, "facebook:post:2", "a" * 64)
C = ItemCategory


def hours(n: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=n)


def a_report(
    at: dt.datetime = T0, source: ReportSource = ReportSource.PROACTIVE_MONITORING, tip: str = ""
) -> Report:
    return Report(uuid.uuid4(), source, at, "ca", URL, tip)


def item(tip: str = "", establishment: uuid.UUID | None = None) -> Item:
    return Item.report(
        uuid.UUID(int=7), ward="lechan", content=CONTENT, report=a_report(tip=tip), due_at=T0 + H72,
        establishment_id=establishment,
    )  # fmt: skip


def classified(category: ItemCategory = C.SOLICITATION, proposed: ItemCategory | None = None) -> Item:
    i = item()
    i.classify(Classification(category, True, "ca", hours(1), proposed, 0.93 if proposed else None, "v1"))
    return i


def sent(i: Item | None = None, at: float = 2, deadline: int = 24) -> tuple[Item, uuid.UUID]:
    i = i or classified()
    t = i.draft_takedown(
        uuid.uuid4(), channel=Channel.VIA_AUTHORITY, via=CompetentBody.MINISTRY, legal_basis="NĐ 147",
        deadline_hours=deadline, by="ca", at=hours(at),
    )  # fmt: skip
    i.send_takedown(t.id, "ca", hours(at))
    return i, t.id


def messages(i: Item) -> list[object]:
    return [m for e in i.collect_events() for m in to_messages(i, e)]


def test_a_report_makes_an_item_and_itemreported_carries_the_hash_never_the_url() -> None:
    est = uuid.uuid4()
    i = item(tip="", establishment=est)
    assert i.status is ItemStatus.OPEN and i.key == "facebook:post:2" and len(i.reports) == 1
    [m] = messages(i)
    assert isinstance(m, ev.ItemReported)
    assert (m.item_id, m.ward, m.content_hash, m.establishment_id) == (
        str(i.id),
        "lechan",
        "a" * 64,
        str(est),
    )
    assert m.platform == ev.PLATFORM_FACEBOOK and m.space == ev.CONTENT_SPACE_CLOSED_GROUP
    assert m.source == ev.REPORT_SOURCE_PROACTIVE_MONITORING
    assert m.due_at.ToDatetime(tzinfo=dt.UTC) == T0 + H72 and URL.encode() not in m.SerializeToString()
    assert messages(item()) and not item().source_tip_id and item().establishment_id is None


def test_a_second_report_joins_the_item_and_publishes_nothing() -> None:
    i = item()
    i.collect_events()
    assert i.add_report(a_report(hours(3), ReportSource.PUBLIC_REPORT, tip="tip-9"), H72) is False
    assert [type(e) for e in i.collect_events()] == [ReportAdded]
    assert len(i.reports) == 2 and i.source_tip_id == "tip-9" and i.due_at == T0 + H72
    i.add_report(a_report(hours(4), tip="tip-10"), H72)
    assert i.source_tip_id == "tip-9"  # the first tip stays the item's
    assert messages(i) == []


def test_a_tips_item_waits_for_its_url_then_takes_it() -> None:
    i = Item.from_tip(
        uuid.uuid4(), ward="lechan", tip_id="tip-1", content_hash="b" * 64, at=T0, due_at=hours(240)
    )
    assert (i.key, i.url, i.platform, i.source_tip_id) == (None, "", Platform.OTHER, "tip-1")
    [m] = messages(i)
    assert isinstance(m, ev.ItemReported) and m.source == ev.REPORT_SOURCE_TIP and m.source_tip_id == "tip-1"
    with pytest.raises(ItemStepNotAllowed, match="URL is not entered"):
        i.classify(Classification(C.SOLICITATION, True, "ca", hours(1)))
    i.attach(CONTENT, a_report(hours(1), ReportSource.TIP, "tip-1"))
    attached: tuple[object, ...] = (i.key, i.url, i.platform, i.space)
    assert attached == (
        CONTENT.key,
        URL,
        Platform.FACEBOOK,
        ContentSpace.CLOSED_GROUP,
    )
    assert i.content_hash == "a" * 64 and i.due_at == hours(240) and len(i.reports) == 2
    assert [type(e) for e in i.collect_events()] == [ReportAdded]
    with pytest.raises(ItemStepNotAllowed, match="already has its URL"):
        i.attach(CONTENT, a_report())


def test_the_officer_decides_and_the_proposal_and_disagreement_are_kept() -> None:
    i = classified(C.BROKERING, proposed=C.SOLICITATION)
    c = i.classification
    assert (
        c is not None
        and c.agrees is False
        and i.category is C.BROKERING
        and i.status is ItemStatus.CLASSIFIED
    )
    reported, m = messages(i)
    assert isinstance(reported, ev.ItemReported) and isinstance(m, ev.ItemClassified)
    assert m.category == ev.ITEM_CATEGORY_BROKERING and m.proposed_category == ev.ITEM_CATEGORY_SOLICITATION
    assert m.model_version == "v1" and m.unit_code == "ca" and m.within_competence
    assert classified(C.SOLICITATION, C.SOLICITATION).classification.agrees is True  # type: ignore[union-attr]
    assert classified(C.SOLICITATION, C.BROKERING).classification.agrees is False  # type: ignore[union-attr]
    assert classified().classification.agrees is None  # type: ignore[union-attr]
    none = ev.ItemClassified.FromString(messages(classified())[1].SerializeToString())  # type: ignore[attr-defined]
    assert none.proposed_category == ev.ITEM_CATEGORY_UNSPECIFIED


def test_takedowns_only_for_violations_one_at_a_time_and_not_unclassified() -> None:
    for i in (item(), classified(C.NOT_VIOLATING)):
        with pytest.raises(ItemStepNotAllowed, match="classified as a violation"):
            sent(i)
        assert i.takedowns == []
    i, _ = sent()
    with pytest.raises(ItemStepNotAllowed, match="under way"):
        sent(i)
    with pytest.raises(ItemStepNotAllowed, match="not violating"):
        i.classify(Classification(C.NOT_VIOLATING, True, "ca", hours(3)))
    i.classify(Classification(C.BROKERING, True, "ca", hours(3)))  # still a violation: allowed
    assert i.category is C.BROKERING
    with pytest.raises(TakedownNotFound):
        i.send_takedown(uuid.uuid4(), "ca", hours(3))


def test_sending_publishes_takedownrequested_with_the_competent_body_and_the_platforms_deadline() -> None:
    i = classified()
    i.collect_events()
    i, tid = sent(i, at=2, deadline=24)
    events = i.collect_events()
    assert [type(e) for e in events] == [TakedownStepped, TakedownSent]
    [m] = [m for e in events for m in to_messages(i, e)]
    assert isinstance(m, ev.TakedownRequested)
    assert m.takedown_request_id == str(tid) and m.competent_body == ev.COMPETENT_BODY_MINISTRY
    assert m.channel == ev.TAKEDOWN_CHANNEL_VIA_AUTHORITY and m.due_at.ToDatetime(tzinfo=dt.UTC) == hours(26)


def test_a_removal_within_the_items_time_limit_is_on_time_and_one_after_is_late() -> None:
    for at, on_time in ((10, True), (72, True), (72.01, False)):
        i, tid = sent()
        i.collect_events()
        i.record_removal(tid, "ca", hours(at), RemovedBy.PLATFORM)
        assert i.status is ItemStatus.REMOVED and i.handled_at == hours(at)
        [m] = messages(i)
        assert isinstance(m, ev.ItemRemoved) and m.on_time is on_time and m.takedown_request_id == str(tid)
        assert m.removed_by == ev.REMOVED_BY_PLATFORM and m.content_hash == "a" * 64


def test_a_removal_before_the_request_is_sent_is_refused() -> None:
    i = classified()
    t = i.draft_takedown(
        uuid.uuid4(), channel=Channel.PLATFORM_TOOL, via=CompetentBody.CITY_CYBER_POLICE, legal_basis="x x",
        deadline_hours=24, by="ca", at=hours(2),
    )  # fmt: skip
    with pytest.raises(TakedownStepNotAllowed):
        i.record_removal(t.id, "ca", hours(3))
    assert i.status is ItemStatus.CLASSIFIED and i.handled_at is None


def test_acknowledged_refused_then_escalated_through_the_request() -> None:
    i, tid = sent()
    i.acknowledge_takedown(tid, "ca", hours(3))
    i.refuse_takedown(tid, "ca", hours(4), "từ chối")
    assert i.status is ItemStatus.CLASSIFIED and i.takedown(tid).status is Status.REFUSED
    i.collect_events()
    i.escalate_takedown(tid, "ca", hours(80), EscalationTarget.MINISTRY, "BCA")
    assert (i.status, i.escalated_to, i.escalated_agency, i.handled_at) == (
        ItemStatus.ESCALATED, EscalationTarget.MINISTRY, "BCA", hours(80),
    )  # fmt: skip
    [m] = messages(i)
    assert isinstance(m, ev.ItemEscalated) and not m.on_time and m.target == ev.ESCALATION_TARGET_MINISTRY
    assert m.target_agency_code == "BCA" and m.category == ev.ITEM_CATEGORY_SOLICITATION


def test_direct_escalation_only_in_hand_and_not_past_a_request_under_way() -> None:
    i = item()
    i.escalate(hours(5), EscalationTarget.INVESTIGATING_BODY)
    assert i.status is ItemStatus.ESCALATED and i.handled_at == hours(5)
    reported, escalated = messages(i)
    assert isinstance(reported, ev.ItemReported)
    assert isinstance(escalated, ev.ItemEscalated) and escalated.on_time
    assert escalated.target == ev.ESCALATION_TARGET_INVESTIGATING_BODY
    for at, on_time in ((72, True), (72.01, False)):
        edge = item()
        edge.escalate(hours(at), EscalationTarget.OTHER)
        assert [m.on_time for m in messages(edge) if isinstance(m, ev.ItemEscalated)] == [on_time]
    with pytest.raises(ItemStepNotAllowed):
        i.escalate(hours(6), EscalationTarget.OTHER)
    j, _ = sent()
    with pytest.raises(ItemStepNotAllowed, match="takedown request under way"):
        j.escalate(hours(5), EscalationTarget.OTHER)


@pytest.mark.parametrize(
    ("reason", "setup", "ok"),
    [
        (ClosureReason.NOT_VIOLATING, "open", False),
        (ClosureReason.NOT_VIOLATING, "not_violating", True),
        (ClosureReason.REMOVED, "classified", False),
        (ClosureReason.REMOVED, "removed", True),
        (ClosureReason.ESCALATION_CONCLUDED, "open", False),
        (ClosureReason.ESCALATION_CONCLUDED, "escalated", True),
        (ClosureReason.CONTENT_UNAVAILABLE, "open", True),
        (ClosureReason.DUPLICATE, "classified", True),
        (ClosureReason.OUTSIDE_COMPETENCE, "removed", False),
        (ClosureReason.OTHER, "sent", False),
    ],
)
def test_closure_reasons_fit_the_items_state(reason: ClosureReason, setup: str, ok: bool) -> None:
    makers: dict[str, Callable[[], Item]] = {
        "open": item,
        "classified": classified,
        "not_violating": lambda: classified(C.NOT_VIOLATING),
        "sent": lambda: sent()[0],
    }
    i = makers.get(setup, classified)()
    if setup == "removed":
        i, tid = sent(i)
        i.record_removal(tid, "ca", hours(5))
    if setup == "escalated":
        i.escalate(hours(5), EscalationTarget.OTHER)
    i.collect_events()
    handled = i.handled_at
    if not ok:
        with pytest.raises(ItemStepNotAllowed):
            i.close(reason, hours(10))
        assert i.status is not ItemStatus.CLOSED and i.collect_events() == []
        return
    i.close(reason, hours(10))
    assert i.status is ItemStatus.CLOSED and i.closure_reason is reason
    assert i.handled_at == (handled or hours(10))
    [m] = messages(i)
    assert (
        isinstance(m, ev.ItemClosed)
        and m.on_time
        and m.reason == getattr(ev, f"ITEM_CLOSURE_REASON_{reason.name}")
    )
    with pytest.raises(ItemStepNotAllowed):
        i.close(reason, hours(11))


def test_closed_after_the_time_limit_is_late() -> None:
    for at, on_time in ((72, True), (72.01, False), (73, False)):
        i = item()
        i.close(ClosureReason.DUPLICATE, hours(at))
        assert [m.on_time for m in messages(i) if isinstance(m, ev.ItemClosed)] == [on_time]


def test_a_classification_is_a_frozen_record() -> None:
    c = Classification(C.SOLICITATION, True, "ca", T0)
    with pytest.raises(AttributeError):
        c.category = C.BROKERING  # type: ignore[misc]


def test_removed_or_gone_content_reported_again_reappears_and_reopens_with_a_new_time_limit() -> None:
    i, tid = sent()
    i.record_removal(tid, "ca", hours(10))
    i.collect_events()
    assert i.add_report(a_report(hours(100)), H72) is True
    assert i.status is ItemStatus.CLASSIFIED and i.due_at == hours(172) and i.handled_at is None
    assert i.reappearances == [hours(100)]
    [m] = messages(i)
    assert isinstance(m, ev.ItemReappeared) and m.reappearance_count == 1 and m.content_hash == "a" * 64
    assert m.due_at.ToDatetime(tzinfo=dt.UTC) == hours(172)
    i2, t2 = sent(i, at=101)
    i2.record_removal(t2, "ca", hours(102))
    i2.close(ClosureReason.REMOVED, hours(103))
    i2.collect_events()
    assert i2.add_report(a_report(hours(200)), H72) and i2.closure_reason is None
    assert [e.count for e in i2.collect_events() if isinstance(e, Reappeared)] == [2]
    gone = item()
    gone.close(ClosureReason.CONTENT_UNAVAILABLE, hours(1))
    assert gone.add_report(a_report(hours(2)), H72) and gone.status is ItemStatus.OPEN


def test_other_handled_items_do_not_reappear() -> None:
    for close_as in (ClosureReason.NOT_VIOLATING, ClosureReason.DUPLICATE):
        i = classified(C.NOT_VIOLATING) if close_as is ClosureReason.NOT_VIOLATING else item()
        i.close(close_as, hours(2))
        assert i.add_report(a_report(hours(3)), H72) is False and i.status is ItemStatus.CLOSED
    e = item()
    e.escalate(hours(1), EscalationTarget.OTHER)
    assert e.add_report(a_report(hours(3)), H72) is False and e.status is ItemStatus.ESCALATED
    assert not item().reappears_on_report


def test_overdue_only_while_in_hand() -> None:
    i = item()
    assert not i.overdue(T0 + H72) and i.overdue(T0 + H72 + dt.timedelta(seconds=1))
    i.close(ClosureReason.DUPLICATE, hours(100))
    assert not i.overdue(hours(200))
    j, tid = sent()
    assert j.active_takedown is not None and j.active_takedown.id == tid
    j.record_removal(tid, "ca", hours(3))
    assert j.active_takedown is None


@dataclass(frozen=True)
class Unknown:
    at: dt.datetime


def test_an_unknown_event_fails_the_commit() -> None:
    with pytest.raises(UnmappedEvent):
        list(to_messages(item(), Unknown(T0)))
    with pytest.raises(UnmappedEvent):
        list(to_messages(object(), Reported(T0)))


def test_step_refusals_say_why_in_vietnamese_first() -> None:
    e = ItemStepNotAllowed(ItemStatus.OPEN, "close")
    assert (
        str(e)
        == "Tin chưa phân loại không thể thực hiện bước 'close'. / An item that is 'open' cannot be 'close'."
    )
    assert e.problem_extras() == {"item_status": "open", "step": "close"}
    for record in (CONTENT, a_report()):
        with pytest.raises(AttributeError):
            record.url = "https://elsewhere"  # type: ignore[misc]


def test_a_second_request_after_a_refusal_still_holds_the_classification() -> None:
    i, first = sent()
    i.refuse_takedown(uuid.UUID(str(first)), "ca", hours(3))  # an equal id, not the same object
    second = i.draft_takedown(
        uuid.uuid4(), channel=Channel.PLATFORM_TOOL, via=CompetentBody.MINISTRY, legal_basis="NĐ 147",
        deadline_hours=24, by="ca", at=hours(4),
    )  # fmt: skip
    assert i.active_takedown is second and i.takedown(first).status is Status.REFUSED
    with pytest.raises(ItemStepNotAllowed, match="not violating"):
        i.classify(Classification(C.NOT_VIOLATING, True, "ca", hours(5)))


def test_no_request_once_the_item_is_handled() -> None:
    i, tid = sent()
    i.record_removal(tid, "ca", hours(3))
    with pytest.raises(ItemStepNotAllowed, match="request_takedown"):
        sent(i, at=4)
    e = classified()
    e.escalate(hours(2), EscalationTarget.OTHER)
    with pytest.raises(ItemStepNotAllowed):
        sent(e, at=3)
    assert len(e.takedowns) == 0 and len(i.takedowns) == 1


def test_a_concluded_escalation_needs_an_escalation() -> None:
    i = classified()
    with pytest.raises(ItemStepNotAllowed):
        i.close(ClosureReason.ESCALATION_CONCLUDED, hours(2))
    assert not i.overdue(T0) and not i.overdue(hours(1))


def test_a_request_is_found_by_its_id_whatever_the_order_of_the_ids() -> None:
    i = classified()
    draft = {"channel": Channel.PLATFORM_TOOL, "via": CompetentBody.MINISTRY, "legal_basis": "NĐ 147"}
    big, small = uuid.UUID(int=9), uuid.UUID(int=1)
    i.draft_takedown(big, **draft, deadline_hours=24, by="ca", at=hours(2))  # type: ignore[arg-type]
    i.send_takedown(big, "ca", hours(2))
    i.refuse_takedown(big, "ca", hours(3))
    i.draft_takedown(small, **draft, deadline_hours=24, by="ca", at=hours(4))  # type: ignore[arg-type]
    assert i.takedown(small).status is Status.DRAFTED and i.takedown(big).status is Status.REFUSED
