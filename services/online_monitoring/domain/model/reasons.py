"""The model's ten most weighted reasons per violating category, as a Markdown list for the README.

python -m services.online_monitoring.domain.model.reasons [--version V] [-n 10]
"""

from __future__ import annotations

import argparse
import sys

from services.online_monitoring.domain.classifier import MAX_REASONS, load
from services.online_monitoring.domain.kinds import CATEGORY_VI, VIOLATIONS, ItemCategory


def markdown(version: str | None = None, n: int = MAX_REASONS) -> str:
    classifier = load(version)
    lines = [
        f"Model `{classifier.version}`: the heaviest features of each category (weight in brackets).",
        "",
    ]
    for category in classifier.classes:
        if category not in VIOLATIONS:
            continue
        reasons = classifier.top_reasons(ItemCategory(category), n)
        said = "; ".join(f"{r.feature} ({r.weight:.2f})" for r in reasons)
        lines.append(f"- **{CATEGORY_VI[category]}** (`{category.value}`): {said}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", default=None)
    parser.add_argument("-n", type=int, default=MAX_REASONS)
    args = parser.parse_args(argv)
    sys.stdout.write(markdown(args.version, args.n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
