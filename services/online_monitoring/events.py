"""online_monitoring domain events → contract messages (``proto/pcmd/online_monitoring/v1``).

Facts only: ids, codes, dates and the content's hash. Never a URL, an account name, the text of the
content or the evidence. A second report of the same content, a drafted, acknowledged or refused
takedown request stay in the ward (they change no indicator); every other event maps on purpose and
an unknown one fails the commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from google.protobuf.message import Message

from services.online_monitoring.domain.item import (
    Classified,
    Closed,
    Escalated,
    Item,
    Reappeared,
    Removed,
    ReportAdded,
    Reported,
    TakedownSent,
    TakedownStepped,
)
from services.online_monitoring.domain.takedown import Channel
from shared.contracts.pcmd.online_monitoring.v1 import events_pb2 as ev
from shared.contracts.values import enum_name
from shared.uow import UnmappedEvent

# How the request travels, in the contract's words (e-mail to the legal contact is an official request).
CHANNEL = {
    Channel.PLATFORM_TOOL: ev.TAKEDOWN_CHANNEL_PLATFORM_TOOL,
    Channel.LEGAL_CONTACT: ev.TAKEDOWN_CHANNEL_OFFICIAL_REQUEST,
    Channel.VIA_AUTHORITY: ev.TAKEDOWN_CHANNEL_VIA_AUTHORITY,
}


def _item(i: Item, event: Any) -> Iterable[Message]:
    common = {"item_id": str(i.id), "ward": i.ward, "occurred_at": event.at}
    platform = enum_name("PLATFORM", i.platform)
    tip = i.source_tip_id
    category = enum_name("ITEM_CATEGORY", i.category)
    match event:
        case Reported():
            first = i.reports[0]
            return [
                ev.ItemReported(
                    **common,
                    platform=platform,
                    content_hash=i.content_hash,
                    source_tip_id=tip,
                    due_at=i.due_at,
                    source=enum_name("REPORT_SOURCE", first.source),
                    space=enum_name("CONTENT_SPACE", i.space),
                    establishment_id=str(i.establishment_id or ""),
                )
            ]
        case Classified():
            c = i.classification
            assert c is not None
            return [
                ev.ItemClassified(
                    **common,
                    category=category,
                    within_competence=c.within_competence,
                    platform=platform,
                    due_at=i.due_at,
                    unit_code=c.by,
                    model_version=c.model_version,
                    proposed_category=enum_name("ITEM_CATEGORY", c.proposed),
                )
            ]
        case TakedownSent(takedown=t, by=by):
            return [
                ev.TakedownRequested(
                    **common,
                    takedown_request_id=str(t.id),
                    platform=platform,
                    channel=CHANNEL[t.channel],
                    unit_code=by,
                    due_at=t.deadline,
                    competent_body=enum_name("COMPETENT_BODY", t.via),
                )
            ]
        case ReportAdded() | TakedownStepped():
            return []  # ward-internal: no indicator changes
    return _handled(i, event, common)


def _handled(i: Item, event: Any, common: dict[str, Any]) -> Iterable[Message]:
    platform = enum_name("PLATFORM", i.platform)
    tip = i.source_tip_id
    category = enum_name("ITEM_CATEGORY", i.category)
    match event:
        case Removed():
            return [
                ev.ItemRemoved(
                    **common,
                    platform=platform,
                    removed_by=enum_name("REMOVED_BY", event.removed_by),
                    takedown_request_id=str(event.takedown_id),
                    source_tip_id=tip,
                    due_at=i.due_at,
                    on_time=event.on_time,
                    content_hash=i.content_hash,
                )
            ]
        case Reappeared():
            return [
                ev.ItemReappeared(
                    **common,
                    platform=platform,
                    content_hash=i.content_hash,
                    reappearance_count=event.count,
                    due_at=i.due_at,
                    source_tip_id=tip,
                )
            ]
        case Escalated():
            return [
                ev.ItemEscalated(
                    **common,
                    target=enum_name("ESCALATION_TARGET", event.target),
                    target_agency_code=event.agency,
                    source_tip_id=tip,
                    due_at=i.due_at,
                    on_time=event.on_time,
                    category=category,
                    platform=platform,
                )
            ]
        case Closed():
            return [
                ev.ItemClosed(
                    **common,
                    reason=enum_name("ITEM_CLOSURE_REASON", event.reason),
                    source_tip_id=tip,
                    due_at=i.due_at,
                    on_time=event.on_time,
                    category=category,
                    platform=platform,
                )
            ]
    raise UnmappedEvent(f"item event {type(event).__name__} maps to nothing")


def to_messages(aggregate: Any, event: Any) -> Iterable[Message]:
    if isinstance(aggregate, Item):
        return _item(aggregate, event)
    raise UnmappedEvent(f"{type(aggregate).__name__} recorded {type(event).__name__}, which maps to nothing")
