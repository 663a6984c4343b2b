"""An idle pull consumer's fetch timeout is not logged as an error; real errors still are."""

from __future__ import annotations

import logging
import sys

from shared.messaging.broker import IdleFetchTimeouts


def record(exc: BaseException, message: str) -> logging.LogRecord:
    try:
        raise exc
    except BaseException:
        info = sys.exc_info()
    return logging.LogRecord("pcmd.broker", logging.ERROR, __file__, 1, message, (), info)


def test_an_idle_fetch_timeout_is_dropped_and_other_errors_are_kept() -> None:
    keep = IdleFetchTimeouts().filter
    assert not keep(record(TimeoutError(), "Task-73 raised an exception, retrying..."))
    assert keep(record(ValueError("bad"), "Task-73 raised an exception, retrying..."))
    assert keep(record(TimeoutError(), "publish failed"))
    assert keep(logging.LogRecord("pcmd.broker", logging.ERROR, __file__, 1, "no exception", (), None))
