"""Publication dates: from a metadata value, or from a date line near the top of the text.

Both functions return an ISO date (``YYYY-MM-DD``) or ``None``. Neither ever falls back to
today's date: an unknown date stays unknown, because a wrong publication date silently shifts
every relative time expression ("on Tuesday", "last week") in the report.

Only values that spell out a year are accepted. dateparser happily turns "yesterday" or
"Tuesday" into a date relative to *now*, which is exactly the default-to-today we must avoid.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from typing import Any

import dateparser

__all__ = ["date_from_text", "parse_date_value"]

logger = logging.getLogger(__name__)

# How far into the text a publication date line may sit: the first lines of a report are
# title, byline and dateline; deeper dates are event dates, not publication dates.
TEXT_DATE_MAX_LINES = 5
TEXT_DATE_MAX_CHARS = 400
# Longer lines are prose ("The attack on 5 December 2022 killed ..."), whose dates are event dates.
TEXT_DATE_MAX_LINE_LEN = 100

_DATEPARSER_SETTINGS: dict[str, Any] = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DATES_FROM": "past",
}
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
# Date-like substrings: "December 5, 2022", "5 Dec 2022", "Monday 5 December 2022",
# "2022-12-05", "05/12/2022".
_DATE_IN_LINE = re.compile(
    rf"\b{_WEEKDAY}(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?:19|20)\d\d"
    r"|(?:19|20)\d\d-\d{2}-\d{2}"
    r"|\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def parse_date_value(value: Any) -> str | None:
    """A metadata date value (header line, JSON field, feed entry) as an ISO date, or None.

    1. A ``time.struct_time`` / ``datetime`` / ``date`` is used as is.
    2. An int or float is read as a Unix timestamp (UTC).
    3. A string starting with an ISO date is read directly.
    4. Any other string is read by dateparser, but only if it spells out a year.
    """
    # 1. Already-parsed values (feedparser gives struct_time).
    if isinstance(value, time.struct_time):
        return _valid(value.tm_year, value.tm_mon, value.tm_mday)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    # 2. Unix timestamps; bool is an int subclass and never a date.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return dt.datetime.fromtimestamp(value, tz=dt.timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or not value.strip():
        return None
    # 3. ISO dates, the common case, without dateparser's cost.
    match = _ISO.match(value)
    if match:
        return _valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    # 4. Free-form dates; refuse relative ones ("yesterday"), which dateparser anchors on now.
    if not _YEAR.search(value):
        return None
    parsed = dateparser.parse(value.strip(), languages=["en"], settings=_DATEPARSER_SETTINGS)
    if parsed is None:
        for _, found in _search(value):
            return found
        return None
    return parsed.date().isoformat()


def date_from_text(text: str) -> str | None:
    """The publication date from a short date line near the top of the text, or None.

    Looks at the first ``TEXT_DATE_MAX_LINES`` non-empty lines within the first
    ``TEXT_DATE_MAX_CHARS`` characters, and only at lines of at most ``TEXT_DATE_MAX_LINE_LEN``
    characters (a dateline or byline, not prose). The first line holding a full date wins.
    """
    lines = [line.strip() for line in text[:TEXT_DATE_MAX_CHARS].splitlines() if line.strip()]
    for line in lines[:TEXT_DATE_MAX_LINES]:
        if len(line) > TEXT_DATE_MAX_LINE_LEN or not _YEAR.search(line):
            continue
        for match in _DATE_IN_LINE.finditer(line):
            parsed = dateparser.parse(match.group(0), languages=["en"], settings=_DATEPARSER_SETTINGS)
            if parsed is not None:
                return parsed.date().isoformat()
        for _, found in _search(line):
            return found
    return None


def _search(line: str) -> list[tuple[str, str]]:
    """dateparser's search, keeping only matches that spell out a year."""
    from dateparser.search import search_dates  # slow import, only needed for odd formats

    results = search_dates(line, languages=["en"], settings=_DATEPARSER_SETTINGS) or []
    return [(found_text, found.date().isoformat()) for found_text, found in results if _YEAR.search(found_text)]


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        logger.debug("Invalid date %s-%s-%s ignored", year, month, day)
        return None
