"""sitrep.ingest.dates: publication dates from metadata values and text; never today."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from sitrep.ingest import date_from_text, parse_date_value


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2022-12-05", "2022-12-05"),
        ("2022-12-05T23:30:00-08:00", "2022-12-05"),  # the date as written, not shifted to UTC
        ("Mon, 05 Dec 2022 23:30:00 +0500", "2022-12-05"),
        ("December 5, 2022", "2022-12-05"),
        ("5 Dec 2022", "2022-12-05"),
        (time.struct_time((2022, 12, 5, 0, 0, 0, 0, 339, 0)), "2022-12-05"),
        (dt.date(2022, 12, 5), "2022-12-05"),
        (1670198400, "2022-12-05"),
        ("2022-13-45", None),
        ("yesterday", None),
        ("Tuesday", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_date_value(value, expected):
    assert parse_date_value(value) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("December 5, 2022\n\nKABUL — A gunman opened fire.", "2022-12-05"),
        ("Bomb hits patrol\nBy A. Writer | 5 Dec 2022, 14:05\n\nText.", "2022-12-05"),
        ("Bomb hits patrol\nUpdated 14:05 GMT, 12 March 2023\n\nText.", "2023-03-12"),
        ("Bomb hits patrol\nPublished on Tuesday\n\nText.", None),
        ("Bomb hits patrol\nyesterday\n\nText.", None),
        # A date inside prose is an event date, not the publication date.
        ("The attack on 5 December 2022 killed two guards and wounded a third, officials said on the day after it.", None),
        ("a\nb\nc\nd\ne\nf\n5 December 2022", None),  # too deep
    ],
)
def test_date_from_text(text, expected):
    assert date_from_text(text) == expected
