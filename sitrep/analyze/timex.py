"""Time expressions in news text, normalized against the report's publication date.

Cascade (first rule that fires wins for a span):
1. Explicit calendar dates ("2 December 2022", "Dec. 2", "December 2, 2022", "2022-12-02"): parsed
   with dateparser; a date without a year takes the year that puts it on or before the reference
   date ("prefer the past", the news convention).
2. Weekdays ("on Friday", "last Wednesday"): the most recent such day on or before the reference
   date; "last <weekday>" on the same weekday as the reference means a week earlier.
3. Deictic days ("yesterday", "today", "last night", "on Sunday night").
4. Months and years ("in September", "last month", "in 2019", "last year"): month / year precision.
5. Named holidays ("Christmas Eve", "the Fourth of July", "Martin Luther King Day", "Thanksgiving
   night"): the holiday's day in the year that puts it on or before the reference date, as for
   a calendar date without a year (`HOLIDAYS`); "Memorial Day weekend" is a span, never a day.
Expressions we cannot place (no reference date for a relative expression) keep their text with
value None, so an undated report can be re-normalized once its reference date is known.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

import dateparser

from ..records import TimeValue

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

_MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY_RE = r"\d{1,2}(?:st|nd|rd|th)?"
_WEEKDAY_RE = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("dmy", re.compile(rf"\b({_DAY_RE})\s+({_MONTH_RE})(?:,?\s+(\d{{4}}))?\b", re.I)),
    ("mdy", re.compile(rf"\b({_MONTH_RE})\s+({_DAY_RE})(?:,?\s+(\d{{4}}))?\b", re.I)),
    ("weekday", re.compile(rf"\b(?:(last|this|past|on|next)\s+)?({_WEEKDAY_RE})(?:\s+(night|morning|evening|afternoon))?\b", re.I)),
    ("deictic", re.compile(r"\b(yesterday|today|tonight|last night|this morning|earlier today|the day before yesterday)\b", re.I)),
    ("month", re.compile(rf"\b(?:(in|last|this|early|late|mid-?|since)\s+)({_MONTH_RE})(?:\s+(\d{{4}}))?\b", re.I)),
    ("relmonth", re.compile(r"\b(last|this|earlier this|past) (week|month|year)\b", re.I)),
    ("year", re.compile(r"\b(?:in|since|during|of)\s+((?:19|20)\d{2})\b", re.I)),
]

# Holidays a report dates its event by ("the Martin Luther King Day shooting", "on Christmas Eve",
# "Fourth of July weekend" excepted): name pattern -> (month, day) for a fixed day, or (month,
# weekday, n) for the n-th weekday of the month (n = -1: the last). US federal holidays and the few
# other days US news dates shootings by; bare "Christmas" and "Easter" are left out, since they
# name seasons as often as days ("Christmas shopping", "before Easter"). The apostrophe may be a
# typographer's ("New Year’s Day").
HOLIDAYS: list[tuple[str, tuple[int, ...]]] = [
    (r"new year['’]?s eve", (12, 31)),
    (r"new year['’]?s day", (1, 1)),
    (r"(?:martin luther king|mlk)(?:,? jr\.?)? day", (1, 0, 3)),
    (r"valentine['’]?s day", (2, 14)),
    (r"presidents['’]? day", (2, 0, 3)),
    (r"st\.? patrick['’]?s day", (3, 17)),
    (r"mother['’]?s day", (5, 6, 2)),
    (r"memorial day", (5, 0, -1)),
    (r"father['’]?s day", (6, 6, 3)),
    (r"juneteenth", (6, 19)),
    (r"(?:the )?fourth of july|independence day", (7, 4)),
    (r"labor day", (9, 0, 1)),
    (r"halloween(?: night)?", (10, 31)),
    (r"veterans day", (11, 11)),
    (r"thanksgiving(?: day| night| eve)?", (11, 3, 4)),
    (r"christmas eve", (12, 24)),
    (r"christmas day|christmas night|christmas morning", (12, 25)),
]
_HOLIDAY_RE = re.compile(r"\b(" + "|".join(f"(?:{name})" for name, _ in HOLIDAYS) + r")\b(?!['’]?s?\s+(?:day\s+)?weekend)", re.I)
_HOLIDAY_NAMES = [(re.compile(rf"{name}$", re.I), rule) for name, rule in HOLIDAYS]
_PATTERNS.append(("holiday", _HOLIDAY_RE))


def holiday_date(name: str, year: int) -> dt.date | None:
    """The day of holiday `name` (as `HOLIDAYS` spells it) in `year`."""
    rule = next((rule for pattern, rule in _HOLIDAY_NAMES if pattern.match(name.strip())), None)
    if rule is None:
        return None
    if len(rule) == 2:
        return dt.date(year, rule[0], rule[1])
    month, weekday, n = rule
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _holiday(name: str, ref: dt.date) -> dt.date | None:
    """The holiday's last occurrence on or before the reference date (a day after it allowed, as
    `_year_for`): "the Thanksgiving shooting" in a December report is this year's, in October last
    year's. "Thanksgiving eve" is the day before Thanksgiving."""
    eve = name.lower().endswith(" eve") and name.lower().startswith("thanksgiving")
    for year in (ref.year, ref.year - 1):
        day = holiday_date(name, year)
        if day is not None and eve:
            day -= dt.timedelta(days=1)
        if day is not None and day <= ref + dt.timedelta(days=1):
            return day
    return None


@dataclass
class _Found:
    kind: str
    match: re.Match[str]


def _year_for(month: int, day: int, ref: dt.date) -> int:
    """Prefer the past: the year that puts month/day on or before the reference date."""
    try:
        candidate = dt.date(ref.year, month, day)
    except ValueError:
        return ref.year
    return ref.year if candidate <= ref + dt.timedelta(days=1) else ref.year - 1


def _calendar_date(day_text: str, month_text: str, year_text: str | None, ref: dt.date | None) -> dt.date | None:
    """The date the pattern's own groups spell ("2nd", "Dec.", "2022"), where they do: the regex
    has parsed it already, and a dateparser call costs about 3 ms. None sends it to dateparser."""
    month = _MONTHS.get(month_text.lower().rstrip("."))
    digits = re.match(r"\d+", day_text)
    if month is None or digits is None:
        return None
    day = int(digits.group(0))
    if year_text is None and ref is None:
        return None
    year = int(year_text) if year_text else _year_for(month, day, ref)  # type: ignore[arg-type]
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@functools.lru_cache(maxsize=4096)
def _parse_calendar(text: str, ref: dt.date | None, has_year: bool) -> dt.date | None:
    # cached: a report repeats its dates, and a dateparser call costs about 3 ms
    settings = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"]}
    if ref is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(ref, dt.time())
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None:
        return None
    value = parsed.date()
    if not has_year:
        if ref is None:
            return None
        value = value.replace(year=_year_for(value.month, value.day, ref))
    return value


def find_times(text: str, *, ref: dt.date | None, offset: int = 0) -> list[TimeValue]:
    """All time expressions in `text`, normalized against `ref` (None = unknown reference)."""
    taken: list[tuple[int, int]] = []
    found: list[TimeValue] = []
    yearless: list[TimeValue] = []  # calendar dates whose year was inferred ("Dec. 6")
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            value = _normalize(kind, match, ref)
            if value is None and kind in ("dmy", "mdy", "iso") and not match.group(0).strip():
                continue
            if kind == "month" and match.group(1).lower() == "may" :
                continue
            taken.append((start, end))
            iso, precision = value if value else (None, _precision_of(kind))
            found.append(TimeValue(value=iso, precision=precision, text=match.group(0), start=start + offset, end=end + offset))  # type: ignore[arg-type]
            if kind in ("dmy", "mdy") and match.group(3) is None and iso:
                yearless.append(found[-1])
    _years_the_report_states(found, yearless, ref)
    found.sort(key=lambda t: t.start)
    return found


def _years_the_report_states(found: list[TimeValue], yearless: list[TimeValue], ref: dt.date | None) -> None:
    """A date without a year takes the year the report gives that month elsewhere ("in December
    2014 ... the Dec. 6 shooting", in a report of 2016): prefer-the-past would put it in the year
    before the report (2015), which a retrospective written long after is not about. Only where
    the report names the month with one year, and that day is not after the reference date."""
    inferred = {id(t) for t in yearless}
    stated: dict[str, set[str]] = {}
    for time in found:
        if time.value and id(time) not in inferred and time.precision in ("day", "month") and not _relative(time.text):
            stated.setdefault(time.value[5:7], set()).add(time.value[:4])
    for time in yearless:
        years = stated.get(time.value[5:7], set())  # type: ignore[index]
        if len(years) != 1 or ref is None:
            continue
        try:
            day = dt.date(int(next(iter(years))), int(time.value[5:7]), int(time.value[8:10]))  # type: ignore[index]
        except ValueError:
            continue
        if day <= ref:
            time.value = day.isoformat()


def _relative(text: str) -> bool:
    """Whether an expression's year was read off the reference date ("in July", "last month"),
    not stated: only a stated year ("in December 2014", "June 5, 2014") dates another."""
    return not re.search(r"\b\d{4}\b", text)


# A web page's own time stamps ("Posted: Tuesday, January 28, 2014 8:18 PM EST Updated: Friday,
# February 28, 2014", "(Published Thursday, June 12, 2014)", "***UPDATED at 4:38 P.M. on Tuesday,
# March 18th***"): when the page was written or edited, never when its event happened. The stamp
# word is capitalised or followed by a colon, which the prose verb is not ("a video posted Friday").
_STAMP_WORD = re.compile(r"\b(?:posted|updated|published|created|last modified|last updated)\b(?=\s*:)"
                         r"|\b(?:Posted|Updated|Published|Created|Last [Mm]odified|Last [Uu]pdated|POSTED|UPDATED|PUBLISHED)\b")
# What may stand between a stamp's word and its time, or between two times of one stamp: separators,
# "on" / "at", a clock time with its zone ("8:18 PM EST"); all on one line, as a stamp is (the
# sentence after a stamp's line is prose: "***UPDATED ... March 18th***\n\nOn Monday the sheriff").
_CLOCK = r"\d{1,2}(?::\d{2})?[ \t]*(?:[ap]\.?[ \t]?m\.?)?(?:[ \t]*[A-Z]{2,4}\b)?"
# "Posted on: February 13, 2014": the colon may follow the "on".
_STAMP_GAP = re.compile(r"[ \t:,*|()\-–—]*(?:(?:on|at)\b[ \t,:]*)?(?:" + _CLOCK + r"[ \t,]*)?(?:(?:on|at)\b[ \t,:]*)?", re.I)


def page_stamp(text: str, times: list[TimeValue]) -> list[bool]:
    """For each of `times` (in text order, offsets into `text`), whether it is part of a page's
    time stamp: right after a stamp word, or right after another time of the same stamp
    ("Tuesday" then "January 28, 2014" of "Posted: Tuesday, January 28, 2014")."""
    words = [m.end() for m in _STAMP_WORD.finditer(text)]
    out: list[bool] = []
    chain_end: int | None = None  # where the stamp read so far ends
    for time in times:
        starts = [end for end in words if end <= time.start and time.start - end <= 40]
        anchors = ([chain_end] if chain_end is not None else []) + starts[-1:]
        stamp = any(_STAMP_GAP.fullmatch(text, a, time.start) for a in anchors if a <= time.start)
        out.append(stamp)
        chain_end = time.end if stamp else None
    return out


# Where a page's own time stamps stand: its head (title, byline, "Posted: ..." lines).
HEAD_STAMP_CHARS = 400
# A stamp's day in US numeric form ("Created: 08/09/2014 5:14 AM"), read only right after a stamp
# word: in prose "8/9" is as often a score or a fraction, so it is no time expression of its own.
_NUMERIC_STAMP = re.compile(r"[ \t:,*|()\-–—]*(?:on\b[ \t,:]*)?(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})\b")
# A publication date this many days after the page's own head stamp is when the page was crawled,
# not written (web archive captures of 2014 pages dated 2016-17). Relative days ("early Sunday")
# are then read against the stamp. On the open GVA slot-training incidents (the 401st to the
# 1900th, 2822 articles) 7 pages stamp their head more than a week before their publication date:
# the stamp is within a week after the incident's day in 6 of them, the publication date in none.
CRAWL_DAYS = 7


def page_date(text: str) -> dt.date | None:
    """The earliest day a page's head stamps state with their year ("Posted: Tuesday, January 28,
    2014", "Created: 08/09/2014"): when the page says it was written. None where it says none."""
    head = text[:HEAD_STAMP_CHARS]
    times = find_times(head, ref=None)
    days = [parse_date(t.value) for t, stamp in zip(times, page_stamp(head, times))
            if stamp and t.precision == "day" and not _relative(t.text)]
    for match in _STAMP_WORD.finditer(head):
        numeric = _NUMERIC_STAMP.match(head, match.end())
        if numeric:
            try:
                days.append(dt.date(int(numeric.group(3)), int(numeric.group(1)), int(numeric.group(2))))
            except ValueError:
                continue
    return min((d for d in days if d is not None), default=None)


def reference_date(text: str, published: dt.date | None) -> dt.date | None:
    """The day a report's relative times are read against: its publication date, or its own head
    stamp's day where the publication date is more than `CRAWL_DAYS` after it (a crawl date)."""
    stamped = page_date(text)
    if published is None or stamped is None or (published - stamped).days <= CRAWL_DAYS:
        return published
    return stamped


def _precision_of(kind: str) -> str:
    return {"month": "month", "relmonth": "month", "year": "year"}.get(kind, "day")


def _normalize(kind: str, match: re.Match[str], ref: dt.date | None) -> tuple[str, str] | None:
    if kind == "iso":
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat(), "day"
        except ValueError:
            return None
    if kind in ("dmy", "mdy"):
        has_year = match.group(3) is not None
        # "may 5" is usually the month; "in May" handled below. Guard the modal verb "may".
        day_text, month_text = (match.group(1), match.group(2)) if kind == "dmy" else (match.group(2), match.group(1))
        value = _calendar_date(day_text, month_text, match.group(3), ref)
        if value is None:
            value = _parse_calendar(match.group(0), ref, has_year)
        return (value.isoformat(), "day") if value else None
    if kind == "weekday":
        if ref is None:
            return None
        qualifier = (match.group(1) or "").lower()
        target = _WEEKDAYS[match.group(2).lower()]
        back = (ref.weekday() - target) % 7
        if qualifier == "next":
            forward = (target - ref.weekday()) % 7 or 7
            return (ref + dt.timedelta(days=forward)).isoformat(), "day"
        if qualifier in ("last", "past") and back == 0:
            back = 7
        return (ref - dt.timedelta(days=back)).isoformat(), "day"
    if kind == "deictic":
        if ref is None:
            return None
        word = match.group(1).lower()
        days = {"yesterday": 1, "last night": 1, "the day before yesterday": 2}.get(word, 0)
        return (ref - dt.timedelta(days=days)).isoformat(), "day"
    if kind == "month":
        month = _MONTHS.get(match.group(2).lower().rstrip("."))
        if month is None:
            return None
        if match.group(3):
            year = int(match.group(3))
        elif ref is None:
            return None
        else:
            qualifier = match.group(1).lower()
            year = ref.year if month < ref.month or (month == ref.month and qualifier != "last") else ref.year - 1
        return f"{year:04d}-{month:02d}", "month"
    if kind == "relmonth":
        if ref is None:
            return None
        unit = match.group(2).lower()
        qualifier = match.group(1).lower()
        if unit == "week":
            # "last week" is the calendar week before the reference's, "past week" the seven days
            # before it, "this week" the days of its week so far. Such a week is a month only when it
            # lies in one: read as the month of its first day, a report of Tuesday 7 June's "died
            # last week" (30 May - 5 June) was dated May, which ruled out its incident of 3 June.
            if qualifier == "last":
                first = ref - dt.timedelta(days=ref.weekday() + 7)
                last = first + dt.timedelta(days=6)
            elif qualifier == "past":
                first, last = ref - dt.timedelta(days=7), ref - dt.timedelta(days=1)
            else:
                first, last = ref - dt.timedelta(days=ref.weekday()), ref
            if (first.year, first.month) == (last.year, last.month):
                return first.isoformat()[:7], "month"
            return (f"{first.year:04d}", "year") if first.year == last.year else None
        if unit == "month":
            if qualifier in ("last", "past"):
                first = ref.replace(day=1) - dt.timedelta(days=1)
                return first.isoformat()[:7], "month"
            return ref.isoformat()[:7], "month"
        year = ref.year - 1 if qualifier in ("last", "past") else ref.year
        return f"{year:04d}", "year"
    if kind == "year":
        return match.group(1), "year"
    if kind == "holiday":
        if ref is None:
            return None
        day = _holiday(match.group(1), ref)
        return (day.isoformat(), "day") if day else None
    return None


def parse_date(value: str | None) -> dt.date | None:
    """ISO date (or date-time) string -> date; None for anything else."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
