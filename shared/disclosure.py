"""Small-cell suppression: the rule every count of people shown beyond those who work with them goes
through (pure, no I/O). Reporting builds its snapshot rules on it; case support applies it to the counts
leaders see.

For a threshold ``t`` (5 by default; 0 turns it off outside production):

* a count of people from 1 to ``t``-1 is **small** and is withheld (0 is shown: nobody);
* a ratio is withheld whole when its numerator, its denominator or their difference is small;
* parts that add up to a shown total (``disclose_parts``) are withheld all together when any of them
  is small, so no part can be had by subtracting the others from the total; the total is withheld
  when it is small itself.
"""

from __future__ import annotations

from collections.abc import Mapping

DEFAULT_THRESHOLD = 5


def small(n: int, threshold: int) -> bool:
    """A count of people that could point at someone: 1 to ``threshold``-1."""
    return 0 < n < threshold


def small_ratio(numerator: int, denominator: int, threshold: int) -> bool:
    """Withhold a ratio when its numerator, denominator or their difference is small."""
    return any(small(n, threshold) for n in (numerator, denominator, denominator - numerator))


def disclose_parts(parts: Mapping[str, int], threshold: int) -> tuple[dict[str, int | None], int | None]:
    """The parts and their total as they may be shown (``None``: withheld). ``threshold`` 0 or less:
    everything is shown."""
    total = sum(parts.values())
    if any(small(n, threshold) for n in parts.values()):
        shown: dict[str, int | None] = dict.fromkeys(parts)
    else:
        shown = dict(parts)
    return shown, None if small(total, threshold) else total
