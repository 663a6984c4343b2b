"""A tip routed to online monitoring becomes an item linked to the tip; an officer enters its URL
from the tip (intake's event carries only ids, codes, dates and intake's hash of the URL)."""

from __future__ import annotations

import datetime as dt
import uuid

from services.online_monitoring.domain.item import Item
from services.online_monitoring.handlers.deps import OnlineMonitoringDeps
from services.online_monitoring.repository import OnlineMonitoringUnitOfWork


async def tip_routed(
    uow: OnlineMonitoringUnitOfWork,
    deps: OnlineMonitoringDeps,
    *,
    ward: str,
    tip_id: str,
    at: dt.datetime,
    due_at: dt.datetime | None,
    content_hash: str,
    establishment_id: str,
) -> None:
    """Once per tip (the consumer's inbox and this check): ItemReported with the tip's id. The item's
    time limit is the tip's own deadline when intake gives one."""
    await uow.items.lock_tip(ward, tip_id)  # an officer may be reporting the tip's URL at this moment
    if await uow.items.tip_known(ward, tip_id):
        return
    try:
        establishment = uuid.UUID(establishment_id) if establishment_id else None
    except ValueError:
        establishment = None
    item = Item.from_tip(
        uuid.uuid5(uuid.NAMESPACE_URL, f"pcmd:{ward}:tip:{tip_id}"),
        ward=ward,
        tip_id=tip_id,
        content_hash=content_hash,
        at=at,
        due_at=due_at or at + deps.handling,
        establishment_id=establishment,
    )
    uow.items.add(item)
