"""Event contracts: code generated from ``proto/`` plus the catalog of published events.

Generated modules live under ``shared.contracts.pcmd`` (never edit them by hand; run
``python -m shared.contracts.codegen``). Use :mod:`shared.contracts.catalog` to find an
event's subject, stream and aggregate id, and :mod:`shared.contracts.subscriptions` for
who consumes what.
"""
