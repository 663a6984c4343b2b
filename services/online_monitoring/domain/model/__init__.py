"""The classifier's model and where it comes from (data and development scripts, no runtime rule).

- ``bank.py``, ``handwritten.jsonl``: the phrase banks, templates and hand-written examples;
- ``corpus.py`` writes ``corpus.jsonl``, the labelled corpus with its train and held-out parts;
- ``train.py`` (scikit-learn, development only) writes ``<version>.json``, the model the service
  runs (``classifier.py`` reads it in plain Python).

``CURRENT`` is the version the service classifies with; a new model is trained under a new version
and made current here, on purpose, once its held-out figures are read.
"""

CURRENT = "om-2026.12.1"
