"""A tip routed to online monitoring and an officer's report of its URL arriving together make one item:
intake's TipRouted (consumed) and the report (HTTP) take the tip's lock, so the second sees the first's
item (the report attaches its URL, or TipRouted finds the tip known). Without the lock both found
nothing and each created an item: the pcmd demo's year counted an extra, never-handled item."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid

from sqlalchemy import func, select

from services.online_monitoring.handlers import tips
from services.online_monitoring.repository import ItemRow
from tests.helpers import auth_headers
from tests.integration.online_monitoring.conftest import Client


async def test_a_routed_tip_and_its_url_reported_together_make_one_item(online: Client, ward: str) -> None:
    app, client = online
    rt = app.state.runtime
    at = dt.datetime.now(dt.UTC)

    async def routed(tip: str) -> None:
        uow = rt.uow()
        async with uow:
            await tips.tip_routed(
                uow, rt.deps, ward=ward, tip_id=tip, at=at, due_at=None, content_hash="", establishment_id=""
            )
            await uow.commit()

    async def reported(tip: str, n: int) -> int:
        r = await client.post(
            "/v1/items",
            json={"url": f"https://t.me/race_{n}_{uuid.uuid4().hex[:8]}/7", "source_tip_id": tip},
            headers=auth_headers(ward, "ca", "officer"),
        )
        assert r.status_code == 201, r.text
        return r.status_code

    tip_ids = [str(uuid.uuid4()) for _ in range(16)]
    for n, tip in enumerate(tip_ids):  # each pair starts together, in both orders
        pair = (routed(tip), reported(tip, n)) if n % 2 else (reported(tip, n), routed(tip))
        await asyncio.gather(*pair)

    async with rt.session_factory() as s:
        per_tip = dict(
            (
                await s.execute(
                    select(ItemRow.source_tip_id, func.count())
                    .where(ItemRow.source_tip_id.in_(tip_ids))
                    .group_by(ItemRow.source_tip_id)
                )
            ).all()
        )
        no_url = await s.scalar(
            select(func.count()).where(ItemRow.source_tip_id.in_(tip_ids), ItemRow.key.is_(None))
        )
    assert per_tip == {tip: 1 for tip in tip_ids}
    assert no_url == 0  # every tip's item has the URL its officer reported
