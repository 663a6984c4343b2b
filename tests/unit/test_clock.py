"""The domain clock: real by default; in a demo system a file the demo moves forward, never back,
never past the real now, read again after a restart, refused outside development and test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from services.intake.handlers.deps import IntakeDeps
from services.intake.settings import IntakeSettings
from shared import clock
from shared.launcher import System, year_start

REAL = dt.datetime(2026, 12, 5, 21, 0, tzinfo=dt.UTC)
JAN = dt.datetime(2026, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=7)))


class Real:
    """A real clock the test moves."""

    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


def test_without_the_variable_domain_time_is_the_real_clock() -> None:
    assert clock.configure({"PCMD_ENV": "production"}) is clock.real_now
    before = dt.datetime.now(dt.UTC)
    got = clock.now()
    assert before <= got <= dt.datetime.now(dt.UTC)
    assert IntakeDeps(rules=None, receipt_salt=b"").clock().tzinfo is not None  # type: ignore[arg-type]


def test_the_demo_moves_it_forward_and_the_services_read_it(tmp_path: Path) -> None:
    path, real = tmp_path / "demo-clock", Real(REAL)
    reader = clock.FileClock(path, real)
    assert reader() == REAL  # no file yet: the real clock
    fresh = clock.FileClock(path, real)
    assert clock.advance(path, JAN, real) == JAN
    assert fresh() == JAN
    march = dt.datetime(2026, 3, 14, 9, tzinfo=dt.UTC)
    clock.advance(path, march, real)
    assert fresh() == march  # the file changed: read again
    assert fresh() == march


def test_it_only_moves_forward(tmp_path: Path) -> None:
    path, real = tmp_path / "demo-clock", Real(REAL)
    clock.advance(path, dt.datetime(2026, 5, 1, tzinfo=dt.UTC), real)
    with pytest.raises(ValueError, match="only moves forward"):
        clock.advance(path, dt.datetime(2026, 4, 30, tzinfo=dt.UTC), real)
    assert clock.read(path) == dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    reader = clock.FileClock(path, real)
    assert reader() == dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    path.write_text("2026-02-01T00:00:00+00:00")  # a file put back by hand: a reader does not follow
    assert reader() == dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    clock.advance(path, None, real)  # back to real time: live
    assert path.read_text() == clock.LIVE
    assert reader() == REAL
    with pytest.raises(ValueError, match="only moves forward"):
        clock.advance(path, dt.datetime(2026, 6, 1, tzinfo=dt.UTC), real)


def test_it_never_goes_past_the_real_now(tmp_path: Path) -> None:
    path, real = tmp_path / "demo-clock", Real(REAL)
    assert clock.advance(path, REAL + dt.timedelta(days=3), real) == REAL
    path.write_text((REAL + dt.timedelta(days=30)).isoformat())  # ahead of the real clock
    reader = clock.FileClock(path, real)
    assert reader() == REAL
    real.at = REAL + dt.timedelta(days=1)
    assert reader() == REAL + dt.timedelta(days=1)


def test_a_restarted_service_reads_the_instant_the_demo_left(tmp_path: Path) -> None:
    path, real = tmp_path / "demo-clock", Real(REAL)
    clock.advance(path, dt.datetime(2026, 7, 9, 10, tzinfo=dt.UTC), real)
    first = clock.configure({"PCMD_ENV": "development", clock.ENV_VAR: str(path)})
    assert first().date() == dt.date(2026, 7, 9)
    again = clock.configure({"PCMD_ENV": "test", clock.ENV_VAR: str(path)})  # a new process
    assert again is not first
    assert again() == dt.datetime(2026, 7, 9, 10, tzinfo=dt.UTC)
    assert clock.now() == dt.datetime(2026, 7, 9, 10, tzinfo=dt.UTC)
    clock.configure({})


def test_refused_outside_a_demo_system(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "demo-clock"
    with pytest.raises(clock.DemoClockRefused, match="PCMD_DEMO_CLOCK"):
        clock.configure({"PCMD_ENV": "production", clock.ENV_VAR: str(path)})
    monkeypatch.setenv("PCMD_ENV", "production")
    monkeypatch.setenv(clock.ENV_VAR, str(path))
    with pytest.raises(ValidationError, match="PCMD_DEMO_CLOCK is for demo systems only"):
        IntakeSettings()
    with pytest.raises(clock.DemoClockRefused):
        System(tmp_path / "state", demo_clock=True).start_infrastructure()
    assert not path.exists() and not (tmp_path / "state" / clock.FILE_NAME).exists()
    monkeypatch.setenv("PCMD_ENV", "development")
    assert IntakeSettings().demo_clock == str(path)


def test_bad_content_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "demo-clock"
    path.write_text("2026-03-01T00:00:00")  # no offset
    with pytest.raises(ValueError, match="offset"):
        clock.FileClock(path)()
    with pytest.raises(ValueError, match="aware"):
        clock.advance(path, dt.datetime(2026, 3, 1))


def test_a_new_demo_system_starts_on_january_first_in_vietnam() -> None:
    assert year_start(dt.datetime(2026, 12, 31, 18, tzinfo=dt.UTC)) == dt.datetime(
        2027, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=7))
    )
    assert year_start(REAL) == JAN
