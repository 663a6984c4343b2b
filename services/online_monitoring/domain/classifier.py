"""The explainable classifier: a category proposed with its probability and its reasons; a person decides.

The model is a multinomial logistic regression over the features of ``features.py``, trained by
``model/train.py`` (scikit-learn, development only) and committed as ``model/<version>.json``: per
feature one weight per category, and an intercept per category. Here it runs in plain Python: the
score of a category is its intercept plus the weights of the features present, and the softmax of
the scores gives the probabilities (the same numbers scikit-learn gives; a test checks). The reasons
of a proposal are the present features that weigh most towards the proposed category.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from services.online_monitoring.domain.features import describe, features, written_forms
from services.online_monitoring.domain.kinds import ItemCategory
from services.online_monitoring.domain.model import CURRENT
from services.online_monitoring.domain.normalise import normalise

MODEL_DIR = Path(__file__).resolve().parent / "model"
MAX_REASONS = 10
_VERSION = re.compile(r"[a-z0-9][a-z0-9.\-]{0,63}")


class UnknownModelVersion(LookupError):
    """No committed model has this version."""


@dataclass(frozen=True)
class Reason:
    feature: str  # human-readable: the phrase or pattern, e.g. "“tàu nhanh”" or "số điện thoại kèm giá"
    weight: float  # its contribution to the proposed category's score


@dataclass(frozen=True)
class Proposal:
    category: ItemCategory
    score: float  # probability of the proposed category, 0..1
    reasons: tuple[Reason, ...]  # most weighted first, at most 10
    model_version: str


class Classifier:
    """One committed model: its categories, intercepts and the weights of each feature."""

    def __init__(
        self,
        version: str,
        classes: tuple[ItemCategory, ...],
        intercepts: tuple[float, ...],
        weights: Mapping[str, tuple[float, ...]],
        forms: Mapping[str, str] | None = None,
    ) -> None:
        if {len(intercepts), *(len(w) for w in weights.values())} != {len(classes)}:
            raise ValueError("a weight per category for every feature, and an intercept per category")
        self.version = version
        self.classes = classes
        self.intercepts = intercepts
        self.weights = dict(weights)
        self.forms = dict(forms or {})  # a phrase without diacritics -> as training posts most often wrote it

    def scores(self, present: set[str]) -> list[float]:
        """The score of each category: its intercept plus the weights of the present features."""
        totals = list(self.intercepts)
        for feature in present:
            for k, weight in enumerate(self.weights.get(feature, ())):
                totals[k] += weight
        return totals

    def probabilities(self, text: str) -> dict[ItemCategory, float]:
        probs = softmax(self.scores(features(normalise(text))))
        return {category: probs[k] for k, category in enumerate(self.classes)}

    def classify(self, text: str) -> Proposal:
        normalised = normalise(text)
        present = features(normalised)
        probs = softmax(self.scores(present))
        best = probs.index(max(probs))  # a tie goes to the first category
        heaviest = sorted((-self.weights[f][best], f) for f in present if f in self.weights)
        return Proposal(
            self.classes[best], probs[best], reasons(heaviest, written_forms(normalised)), self.version
        )

    def top_reasons(self, category: ItemCategory, n: int = MAX_REASONS) -> tuple[Reason, ...]:
        """The model's heaviest features for a category, whatever the post (for the README)."""
        k = self.classes.index(category)
        return reasons(sorted((-w[k], f) for f, w in self.weights.items()), self.forms, n)


def reasons(
    heaviest: list[tuple[float, str]], forms: Mapping[str, str], n: int = MAX_REASONS
) -> tuple[Reason, ...]:
    """The features that weigh towards the category (``(-weight, feature)``, heaviest first), each
    phrase said once (as the post wrote it, or the training posts), at most ``n``."""
    said: dict[str, float] = {}
    for negative, feature in heaviest:
        if -negative > 0:
            said.setdefault(describe(feature, forms), -negative)
    return tuple(Reason(feature, round(weight, 4)) for feature, weight in list(said.items())[:n])


def softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def versions() -> tuple[str, ...]:
    """The versions of the committed models."""
    return tuple(sorted(p.stem for p in MODEL_DIR.glob("*.json")))


def from_document(document: dict[str, Any]) -> Classifier:
    classes = tuple(ItemCategory(c) for c in document["classes"])
    weights = {f: tuple(float(x) for x in w) for f, w in document["weights"].items()}
    intercepts = tuple(float(x) for x in document["intercepts"])
    forms = {str(a): str(w) for a, w in document.get("written_forms", {}).items()}
    return Classifier(str(document["version"]), classes, intercepts, weights, forms)


@cache  # one per committed version at most: an unknown version raises and is not kept
def load(version: str | None = None) -> Classifier:
    """The committed model of this version (default: the current one)."""
    wanted = CURRENT if version is None else version
    path = MODEL_DIR / f"{wanted}.json"
    if not _VERSION.fullmatch(wanted) or not path.is_file():
        raise UnknownModelVersion(
            f"Không có mô hình phân loại phiên bản {wanted!r} / no classifier model of version "
            f"{wanted!r}; có / known: {', '.join(versions()) or 'none'}"
        )
    classifier = from_document(json.loads(path.read_text(encoding="utf-8")))
    if classifier.version != wanted:
        raise UnknownModelVersion(f"{path.name} holds version {classifier.version!r}, not {wanted!r}")
    return classifier
