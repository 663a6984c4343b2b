"""A report names a person by name and title from the token, never by the technical id."""

from __future__ import annotations

from services.reporting.handlers.people import display_name
from shared.auth import Principal


def test_a_named_token_is_printed_as_the_person_and_an_unnamed_one_as_the_unit() -> None:
    hoa = Principal(
        "u1", "lechan", "vhxh", frozenset({"officer"}), name="Nguyễn Thị Hoa", title="Chuyên viên"
    )
    assert display_name(hoa) == "Nguyễn Thị Hoa, Chuyên viên"
    unnamed = Principal("dev-user", "lechan", "vhxh", frozenset({"officer"}))
    assert display_name(unnamed) == "Phòng Văn hóa - Xã hội" and "dev-user" not in display_name(unnamed)
