"""``pcmd demo``: a seeded year of the ward's programme driven through the five services' HTTP APIs,
with a JSON-lines log of what was done (the ground truth the oracle in ``oracle.py`` reads)."""
