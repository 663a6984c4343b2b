"""The committed corpus and model are what the committed scripts make, and the service's plain-Python
inference gives scikit-learn's probabilities.

scikit-learn is pinned in requirements-dev.txt: it is imported here without a skip, so a development
environment or CI without it fails instead of silently leaving the model unchecked. (The runtime image
does not install it: ``classifier.py`` never imports it.) Training takes a few seconds.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import sklearn  # type: ignore[import-untyped, unused-ignore]  # noqa: F401 (must be installed)

from services.online_monitoring.domain import classifier
from services.online_monitoring.domain.features import features
from services.online_monitoring.domain.kinds import ItemCategory
from services.online_monitoring.domain.model import CURRENT, corpus, train
from services.online_monitoring.domain.normalise import normalise


@pytest.fixture(scope="module")
def committed() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((classifier.MODEL_DIR / f"{CURRENT}.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def retrained(committed: dict[str, Any]) -> tuple[dict[str, Any], Any, Any]:
    """The model document, vectoriser and regression that training gives today (one fit)."""
    return train.train(CURRENT, None, dt.date.fromisoformat(committed["trained_on"]))


def test_the_corpus_is_what_its_seeded_generator_writes() -> None:
    assert corpus.CORPUS.read_text(encoding="utf-8") == corpus.dumps(corpus.build())


def test_the_corpus_is_split_by_template_with_about_half_violations() -> None:
    rows = corpus.load()
    templates: dict[str, set[str]] = {}
    for r in rows:
        templates.setdefault(r["id"].rsplit("/", 1)[0], set()).add(r["split"])
    assert all(len(splits) == 1 for key, splits in templates.items() if not key.startswith("hand"))
    heldout = [r for r in rows if r["split"] == "heldout"]
    assert 0.2 < len(heldout) / len(rows) < 0.35
    violating = sum(r["category"] != "not_violating" for r in rows) / len(rows)
    assert 0.45 < violating < 0.65
    assert len(rows) >= 1000 and len({r["text"] for r in rows}) >= 0.95 * len(rows)


def test_the_committed_model_is_what_training_on_the_committed_corpus_gives(
    committed: dict[str, Any], retrained: tuple[dict[str, Any], Any, Any]
) -> None:
    doc, _, _ = retrained
    assert train.dumps(doc) == train.dumps(committed)
    rows = [r for r in corpus.load() if r["split"] == "train"]
    assert committed["training_data_sha256"] == train.rows_hash(rows)
    assert committed["version"] == CURRENT


def test_the_plain_python_inference_gives_scikit_learns_probabilities(
    retrained: tuple[dict[str, Any], Any, Any],
) -> None:
    doc, vectoriser, model = retrained
    ours = classifier.from_document(doc)
    sample = [r["text"] for r in corpus.load() if r["split"] == "heldout"][:200]
    sample += ["", "xin chào", "tàu nhanh 500k 1h zalo 0912 000 678", "Công an phường triệt phá ổ mại dâm"]
    bags = [dict.fromkeys(features(normalise(t)), 1.0) for t in sample]
    expected = model.predict_proba(vectoriser.transform(bags))
    for text, row in zip(sample, expected, strict=True):
        probs = ours.probabilities(text)
        for k, category in enumerate(model.classes_):
            assert probs[ItemCategory(category)] == pytest.approx(row[k], abs=1e-4), text


def test_retraining_adds_officers_confirmed_decisions_to_the_training_part(
    tmp_path: Path, committed: dict[str, Any]
) -> None:
    decisions = tmp_path / "decisions.jsonl"
    lines = [
        {"category": "solicitation", "text": f"chim cánh cụt số {n} đi đêm giá yêu thương ib zalo"}
        for n in range(8)
    ]
    decisions.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    doc, _, _ = train.train("om-test.9", decisions, dt.date(2026, 12, 4))
    assert doc["version"] == "om-test.9"
    assert doc["training_data_sha256"] != committed["training_data_sha256"]
    assert "a:chim canh" in doc["weights"] and "a:chim canh" not in committed["weights"]
    text = "chim cánh cụt đi đêm"
    before = classifier.from_document(committed).probabilities(text)[ItemCategory.SOLICITATION]
    after = classifier.from_document(doc).probabilities(text)[ItemCategory.SOLICITATION]
    assert after > before + 0.1
