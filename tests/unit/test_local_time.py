"""Every channel answers an instant in the ward's time (Asia/Ho_Chi_Minh, +07:00), whatever it was kept in."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from shared.schemas import LocalDateTime, local_time, local_time_or_none

END_OF_DAY_UTC = dt.datetime(2026, 1, 20, 16, 59, 59, tzinfo=dt.UTC)  # 23:59:59 on January 20 in the ward


class Answer(BaseModel):
    at: LocalDateTime
    closed_at: LocalDateTime | None = None


def test_an_instant_kept_in_utc_is_written_in_the_wards_time() -> None:
    assert local_time(END_OF_DAY_UTC) == "2026-01-20T23:59:59+07:00"
    assert local_time(dt.datetime(2026, 1, 20, 23, 59, 59, tzinfo=dt.timezone(dt.timedelta(hours=7)))) == (
        "2026-01-20T23:59:59+07:00"
    )
    assert local_time(dt.datetime(2026, 1, 20, 16, 59, 59)) == "2026-01-20T23:59:59+07:00", (
        "naive: taken as UTC"
    )
    assert local_time_or_none(None) is None


def test_a_response_model_answers_its_instants_in_the_wards_time() -> None:
    # From a datetime, from a UTC text (a view's dict), and built without validation: the same answer.
    assert (
        Answer(at=END_OF_DAY_UTC).model_dump_json() == '{"at":"2026-01-20T23:59:59+07:00","closed_at":null}'
    )
    assert Answer.model_validate({"at": "2026-01-20T16:59:59Z"}).model_dump(mode="json")["at"] == (
        "2026-01-20T23:59:59+07:00"
    )
    assert (
        Answer.model_construct(at=END_OF_DAY_UTC).model_dump(mode="json")["at"] == "2026-01-20T23:59:59+07:00"
    )
    assert Answer.model_json_schema()["properties"]["at"]["format"] == "date-time"
