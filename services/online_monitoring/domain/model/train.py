"""Train the classifier and write its model file (development only: needs scikit-learn).

    python -m services.online_monitoring.domain.model.train [--version V] [--extra decisions.jsonl]

Reads ``corpus.jsonl`` (``corpus.py`` writes it), fits a multinomial logistic regression on the
features of ``features.py`` over the training part, measures it on the held-out part and writes
``<version>.json``: the categories, intercepts, a weight per category for every feature kept, the
hash of the training data, the held-out figures, the date and the library's version. ``--extra``
adds labelled lines (``{"category": ..., "text": ...}``, e.g. officers' confirmed decisions) to the
training part. The same data give the same file (the fit is deterministic; weights are rounded).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from services.online_monitoring.domain.classifier import MODEL_DIR, from_document
from services.online_monitoring.domain.features import features, ngrams
from services.online_monitoring.domain.kinds import VIOLATIONS, ItemCategory
from services.online_monitoring.domain.model import CURRENT, corpus
from services.online_monitoring.domain.normalise import normalise

# Inverse regularisation strength: the best of 0.5 to 32 in a 5-fold cross-validation of the training
# part grouped by template (the held-out part was not used to choose it).
C = 2.0
MIN_DOCUMENTS = 2  # a feature seen in fewer training posts is left out
DIGITS = 6  # weights are rounded so the file is the same on every machine


def rows_hash(rows: list[dict[str, str]]) -> str:
    return hashlib.sha256(corpus.dumps(rows).encode()).hexdigest()


def fit(train: list[dict[str, str]]) -> tuple[Any, Any]:
    """The vectoriser and the fitted regression (scikit-learn objects)."""
    from sklearn.feature_extraction import DictVectorizer  # type: ignore[import-untyped, unused-ignore]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped, unused-ignore]
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped, unused-ignore]

    bags = [dict.fromkeys(features(normalise(r["text"])), 1.0) for r in train]
    counts: dict[str, int] = {}
    for bag in bags:
        for f in bag:
            counts[f] = counts.get(f, 0) + 1
    kept = [{f: v for f, v in bag.items() if counts[f] >= MIN_DOCUMENTS} for bag in bags]
    vectoriser = DictVectorizer(sort=True)
    x = vectoriser.fit_transform(kept)
    model = LogisticRegression(C=C, max_iter=10_000, tol=1e-10, class_weight="balanced")
    with threadpool_limits(1):  # one thread: the same sums in the same order, so the same weights
        model.fit(x, [r["category"] for r in train])
    return vectoriser, model


def written(train: list[dict[str, str]], names: set[str]) -> dict[str, str]:
    """Each kept phrase without diacritics -> how training posts wrote it most often (to show it)."""
    seen: dict[str, dict[str, int]] = {}
    for r in train:
        text = normalise(r["text"])
        for w, a in zip(ngrams(text.tokens), ngrams(text.plain), strict=True):
            if f"a:{a}" in names:
                forms = seen.setdefault(a, {})
                forms[w] = forms.get(w, 0) + 1
    best = {a: min(forms, key=lambda w: (-forms[w], w)) for a, forms in seen.items()}
    return {a: w for a, w in sorted(best.items()) if w != a}


def document(
    vectoriser: Any, model: Any, version: str, train: list[dict[str, str]], today: dt.date
) -> dict[str, Any]:
    import sklearn  # type: ignore[import-untyped, unused-ignore]

    names = vectoriser.get_feature_names_out()
    coef = model.coef_.round(DIGITS)
    return {
        "written_forms": written(train, {str(f) for f in names}),
        "version": version,
        "classes": [str(c) for c in model.classes_],
        "intercepts": [round(float(b), DIGITS) for b in model.intercept_],
        "weights": {str(f): [float(w) for w in coef[:, j]] for j, f in enumerate(names)},
        "algorithm": f"multinomial logistic regression, C={C}, balanced classes, features seen "
        f"in at least {MIN_DOCUMENTS} training posts",
        "training_data_sha256": rows_hash(train),
        "trained_on": today.isoformat(),
        "scikit_learn": sklearn.__version__,
    }


def evaluate(doc: dict[str, Any], heldout: list[dict[str, str]]) -> dict[str, Any]:
    """Precision and recall per category and for violation against not, on the held-out part."""
    classifier = from_document(doc)
    truth = [ItemCategory(r["category"]) for r in heldout]
    guess = [classifier.classify(r["text"]).category for r in heldout]
    return figures(truth, guess)


def figures(truth: list[ItemCategory], guess: list[ItemCategory]) -> dict[str, Any]:
    def pr(hit: list[bool], said: list[bool]) -> dict[str, float]:
        tp = sum(h and s for h, s in zip(hit, said, strict=True))
        return {
            "precision": round(tp / max(1, sum(said)), 4),
            "recall": round(tp / max(1, sum(hit)), 4),
            "support": sum(hit),
        }

    out = {c.value: pr([t == c for t in truth], [g == c for g in guess]) for c in sorted(set(truth))}
    out["violation"] = pr([t in VIOLATIONS for t in truth], [g in VIOLATIONS for g in guess])
    return out


def dumps(doc: dict[str, Any]) -> str:
    """One entry per line, keys sorted: a retrained model reads well in a diff."""
    tables = ("written_forms", "weights")
    head = {k: v for k, v in doc.items() if k not in tables}
    lines = [json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1] + ","]
    for n, table in enumerate(tables):
        lines.append(f'"{table}": {{')
        items = sorted(doc[table].items())
        lines += [
            f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
            + ("," if i < len(items) - 1 else "")
            for i, (k, v) in enumerate(items)
        ]
        lines.append("}," if n < len(tables) - 1 else "}}")
    return "\n".join(lines) + "\n"


def train(version: str, extra: Path | None, today: dt.date) -> tuple[dict[str, Any], Any, Any]:
    """The model document (with its held-out figures), the vectoriser and the fitted regression."""
    rows = corpus.load()
    train_rows = [r for r in rows if r["split"] == "train"]
    if extra is not None:
        train_rows += [{**r, "split": "train"} for r in corpus.load(extra)]
    vectoriser, model = fit(train_rows)
    doc = document(vectoriser, model, version, train_rows, today)
    doc["heldout"] = evaluate(doc, [r for r in rows if r["split"] == "heldout"])
    return doc, vectoriser, model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", default=CURRENT)
    parser.add_argument("--extra", type=Path, default=None, help="more labelled lines for training")
    args = parser.parse_args(argv)
    doc, _, _ = train(args.version, args.extra, dt.date.today())
    (MODEL_DIR / f"{args.version}.json").write_text(dumps(doc), encoding="utf-8")
    for name, f in doc["heldout"].items():
        sys.stdout.write(
            f"{name:26} precision {f['precision']:.3f}  recall {f['recall']:.3f}  n={f['support']}\n"
        )
    sys.stdout.write(f"{len(doc['weights'])} features, written to {args.version}.json\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
