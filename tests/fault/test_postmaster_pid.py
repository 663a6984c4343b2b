"""``EmbeddedPostgres.pid`` while PostgreSQL writes its lock file: not running yet, never an error.

The launcher's supervisor asks it every second; an exception there ended supervision for good.
"""

from __future__ import annotations

import os
from pathlib import Path

from shared.infra import EmbeddedPostgres


def test_a_lock_file_being_written_means_not_running_yet(tmp_path: Path) -> None:
    pgdata = tmp_path / "postgres"
    pgdata.mkdir()
    # what the postmaster has written so far at start: seven of its eight lines
    lines = [str(os.getpid()), str(pgdata), "1796425260", "5432", "", "", "  2367414    294963"]
    (pgdata / "postmaster.pid").write_text("\n".join(lines) + "\n")
    pg = EmbeddedPostgres(pgdata)
    assert pg.pid is None
    assert not pg.running
