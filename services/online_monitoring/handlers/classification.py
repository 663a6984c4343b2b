"""The classifier's proposal for an item: its category, score, the reasons that weighed most and the
model's version. A proposal changes nothing; the officer decides (``items.classify``)."""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

from services.online_monitoring.domain import classifier as model
from services.online_monitoring.domain.kinds import CATEGORY_VI
from services.online_monitoring.handlers.items import load
from services.online_monitoring.repository import OnlineMonitoringUnitOfWork
from shared.auth import Principal


class NoText(ValueError):
    """The item has no text excerpt to classify."""


@cache
def classifier() -> model.Classifier:
    """The repository's current model, loaded once per process."""
    return model.load()


async def propose(
    uow: OnlineMonitoringUnitOfWork, item_id: uuid.UUID, principal: Principal
) -> dict[str, Any]:
    """Runs the classifier on the item's text excerpt (decrypted in memory only, the read audited)."""
    async with uow:
        await load(uow, item_id, principal)
        text = await uow.items.read_text(item_id)
        if not text:
            raise NoText(
                "Tin chưa có trích nội dung để phân loại. / The item has no text excerpt to classify."
            )
        await uow.audit.record(
            principal, "classify", "item", str(item_id), fields=["text"], reason="classifier proposal"
        )
        await uow.commit()
    p = classifier().classify(text)
    return {
        "item_id": str(item_id),
        "category": p.category.value,
        "category_vi": CATEGORY_VI[p.category],
        "score": round(float(p.score), 4),
        "reasons": [{"feature": r.feature, "weight": round(float(r.weight), 4)} for r in p.reasons],
        "model_version": p.model_version,
    }
