"""The ``assumption`` marker: a test of a library's data the suite relies on, not of the project."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "assumption: checks a library's data the expected values rely on, not the project's code"
    )
