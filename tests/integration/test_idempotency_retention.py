"""Idempotency-Keys are kept for a retention (``PCMD_IDEMPOTENCY_RETENTION_HOURS``, 72 h), then deleted
with the answer kept for them: at start and every five minutes, a bounded batch per statement. A retry
later than that is a new request."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from services.intake.handlers import tips as use
from shared import runtime as runtime_module
from shared.idempotency import forget_expired
from tests.integration.harness import eventually, intake_runtime
from tests.integration.intake.test_lean_write import CMD, PRIVATE, _tip

HOURS = 72 * 3600.0


async def _keys(rt: Any) -> set[str]:
    async with rt.session_factory() as s:
        return set((await s.execute(text("SELECT key FROM idempotency_key"))).scalars())


async def _age(rt: Any, key: str, hours: float) -> None:
    async with rt.session_factory() as s, s.begin():
        await s.execute(
            text("UPDATE idempotency_key SET created_at = clock_timestamp() - make_interval(hours => :h) "
                 "WHERE key = :k"),
            {"h": hours, "k": key},
        )  # fmt: skip


async def _create(rt: Any, ward: str, key: str) -> bool:
    """A new tip with ``key``; whether the answer was the stored one (a replay)."""
    tip = _tip(rt, ward)
    _, replayed = await rt.uow().add_new_once(
        tip, PRIVATE, "staff", caller="w/ca:u1", key=key,
        fingerprint=use.fingerprint(CMD, PRIVATE), body={"id": str(tip.id)},
    )  # fmt: skip
    return bool(replayed)


async def test_keys_past_the_retention_are_forgotten_in_batches_and_younger_ones_kept(
    service_db: Any, nats_url: str, ward: str
) -> None:
    rt = await intake_runtime(await service_db("intake"), nats_url, ward, run_relay=False)
    try:
        for key in ("old-1", "old-2", "old-3", "young", "almost"):
            assert not await _create(rt, ward, key)
        for key in ("old-1", "old-2", "old-3"):
            await _age(rt, key, 73)
        await _age(rt, "almost", 71)
        assert await forget_expired(rt.session_factory, HOURS, batch=2) == 3, "two batches: 2, then 1"
        assert await _keys(rt) == {"young", "almost"}
        assert await forget_expired(rt.session_factory, HOURS) == 0
        # Within the retention a retry replays; after it, the same key is a new request.
        assert await _create(rt, ward, "almost")
        await _age(rt, "almost", 73)
        await forget_expired(rt.session_factory, HOURS)
        assert not await _create(rt, ward, "almost")
    finally:
        await rt.stop()


async def test_every_service_runtime_forgets_expired_keys_on_its_own(
    service_db: Any, nats_url: str, ward: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runtime_module, "FORGET_KEYS_SECONDS", 0.05)
    rt = await intake_runtime(await service_db("intake"), nats_url, ward, run_relay=False)
    try:
        assert not await _create(rt, ward, "expiring")
        assert await _keys(rt) == {"expiring"}
        await _age(rt, "expiring", 80)
        await eventually(lambda: _empty(rt))
    finally:
        await rt.stop()


async def _empty(rt: Any) -> bool:
    return not await _keys(rt)
