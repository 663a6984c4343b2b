"""Online monitoring: the classifier's throughput (posts/s) against two baselines in the same run, a
plain keyword regex scan of the same posts and the normaliser alone, and its held-out figures."""

from __future__ import annotations

import itertools
import re
import time

from services.online_monitoring.domain.classifier import load
from services.online_monitoring.domain.kinds import ItemCategory
from services.online_monitoring.domain.model import corpus
from services.online_monitoring.domain.model.train import figures
from services.online_monitoring.domain.normalise import normalise
from tests.bench.context import Context
from tests.bench.core import Results

POSTS = 10_000
QUICK_POSTS = 1_000
KEYWORDS = "keyword regex scan of the same posts (baseline)"
NORMALISER = "normaliser alone over the same posts"
# What a filter without a model would look for: the words of the trade, with and without diacritics.
SCAN = re.compile(
    r"tàu nhanh|tau nhanh|qua đêm|qua dem|đi khách|di khach|massage|kín đáo|kin dao|tay vịn|tay vin|"
    r"gái|gai xinh|\d+k\b|zalo|clip nóng|clip nong|sang campuchia|việc nhẹ lương cao|tài xỉu|nổ hũ",
    re.IGNORECASE,
)


def posts(n: int) -> list[str]:
    """The corpus's posts, in its order, repeated up to n (every post is classified afresh)."""
    texts = [r["text"] for r in corpus.load()]
    return list(itertools.islice(itertools.cycle(texts), n))


async def classification_throughput(ctx: Context, results: Results) -> None:
    texts = posts(QUICK_POSTS if results.quick else POSTS)
    classifier = load()
    for _ in range(ctx.reps):
        started = time.perf_counter()
        flagged = sum(1 for t in texts if SCAN.search(t))
        results.add(KEYWORDS, "posts/s", len(texts) / (time.perf_counter() - started))
        started = time.perf_counter()
        for t in texts:
            normalise(t)
        results.add(NORMALISER, "posts/s", len(texts) / (time.perf_counter() - started), baseline=KEYWORDS)
        started = time.perf_counter()
        proposals = [classifier.classify(t) for t in texts]
        elapsed = time.perf_counter() - started
        assert len(proposals) == len(texts) and flagged > 0
        results.add(
            f"classifier {classifier.version}: proposal with reasons",
            "posts/s",
            len(texts) / elapsed,
            baseline=KEYWORDS,
        )
    heldout = [r for r in corpus.load() if r["split"] == "heldout"]
    truth = [ItemCategory(r["category"]) for r in heldout]
    found = figures(truth, [classifier.classify(r["text"]).category for r in heldout])
    note = f"{len(heldout)} held-out posts from templates no training post came from"
    for measure in ("precision", "recall"):
        results.add(
            f"classifier held-out: violation {measure}", "ratio", found["violation"][measure], note=note
        )
    said = [ItemCategory.OTHER if SCAN.search(r["text"]) else ItemCategory.NOT_VIOLATING for r in heldout]
    scanned = figures(truth, said)["violation"]
    for measure in ("precision", "recall"):
        results.add(f"keyword regex scan held-out: violation {measure}", "ratio", scanned[measure], note=note)
    worst = min(min(f["precision"], f["recall"]) for n, f in found.items() if n != "violation")
    results.add("classifier held-out: lowest per-category precision or recall", "ratio", worst, note=note)
