"""Time expressions (sitrep.analyze.timex): a page's own time stamps, on hand-written lines."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.analyze.timex import find_times, page_date, page_stamp, reference_date

REFERENCE = dt.date(2014, 6, 13)


def _stamps(text: str) -> list[tuple[str, bool]]:
    times = find_times(text, ref=REFERENCE)
    return [(t.text, stamp) for t, stamp in zip(times, page_stamp(text, times))]


def test_posted_and_updated_stamps_and_their_weekdays() -> None:
    text = ("Teen charged Posted: Tuesday, January 28, 2014 8:18 PM EST Updated: Friday, February 28, 2014 8:27 PM EST\n"
            "A teen was shot Monday night.")
    assert _stamps(text) == [("Tuesday", True), ("January 28, 2014", True), ("Friday", True),
                             ("February 28, 2014", True), ("Monday night", False)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a caption's stamp after its sentence: the sentence's own day is no stamp
        ("The boy was shot Wednesday in Little Havana. (Published Thursday, June 12, 2014)",
         [("Wednesday", False), ("Thursday", True), ("June 12, 2014", True)]),
        ("***UPDATED at 4:38 P.M. on Tuesday, March 18th***", [("on Tuesday", True), ("March 18th", True)]),
        ("posted: June 3, 2014", [("June 3, 2014", True)]),
        ("a 14-year-old boy killed in a drive-by shooting. (Posted on: February 13, 2014)", [("February 13, 2014", True)]),
        # the prose verb is no stamp, nor is the line after a stamp
        ("The video, posted Friday, shows the shooting.", [("Friday", False)]),
        ("***UPDATED at 4:38 P.M. on Tuesday, March 18th***\n\nOn Monday the sheriff arrested three men.",
         [("on Tuesday", True), ("March 18th", True), ("On Monday", False)]),
    ],
)
def test_page_stamp(text: str, expected: list[tuple[str, bool]]) -> None:
    assert _stamps(text) == expected


@pytest.mark.parametrize(("text", "ref", "expected"), [
    ("died last week", "2016-06-20", ("2016-06", "month")),  # 6-12 June
    ("died last week", "2016-06-07", ("2016", "year")),  # 30 May - 5 June: no one month
    ("earlier this week", "2016-06-02", ("2016", "year")),  # Monday 30 May - Thursday 2 June
    ("in the past week", "2016-06-20", ("2016-06", "month")),
])
def test_a_week_is_a_month_only_when_it_lies_in_one(text: str, ref: str, expected: tuple[str, str]) -> None:
    [value] = find_times(text, ref=dt.date.fromisoformat(ref))
    assert (value.value, value.precision) == expected


def test_a_date_without_a_year_takes_the_year_the_report_gives_its_month() -> None:
    text = "They were returning home in December 2014 when police arrived. Days after the Dec. 6 shooting, he spoke."
    times = find_times(text, ref=dt.date(2016, 6, 28))
    assert [(t.text, t.value) for t in times] == [("in December 2014", "2014-12"), ("Dec. 6", "2014-12-06")]


def test_a_date_without_a_year_is_in_the_past_when_the_report_gives_its_month_no_year() -> None:
    text = "The Dec. 6 shooting came after a fight in December."
    assert [t.value for t in find_times(text, ref=dt.date(2016, 6, 28))] == ["2015-12-06", "2015-12"]


@pytest.mark.parametrize(("text", "reference", "expected"), [
    ("a Martin Luther King Day shooting that left two dead", dt.date(2015, 3, 9), "2015-01-19"),
    ("the MLK Day fatal shooting", dt.date(2015, 2, 25), "2015-01-19"),
    ("shot on Thanksgiving night", dt.date(2016, 12, 1), "2016-11-24"),
    ("shot on Memorial Day", dt.date(2016, 5, 31), "2016-05-30"),
    ("a Labor Day shooting", dt.date(2016, 9, 6), "2016-09-05"),
    ("killed on Christmas Eve", dt.date(2015, 1, 3), "2014-12-24"),  # last year's: prefer the past
    ("a Fourth of July party", dt.date(2015, 7, 5), "2015-07-04"),
    ("a New Year's Eve shooting", dt.date(2015, 1, 1), "2014-12-31"),
    ("killed his girlfriend on New Year’s Day", dt.date(2015, 1, 3), "2015-01-01"),  # a typographer's apostrophe
])
def test_a_holiday_is_its_day_on_or_before_the_reference(text: str, reference: dt.date, expected: str) -> None:
    (time,) = find_times(text, ref=reference)
    assert (time.value, time.precision) == (expected, "day")


@pytest.mark.parametrize("text", ["over the Memorial Day weekend", "the Labor Day weekend shootings",
                                  "the Thanksgiving Day weekend", "Christmas shopping"])
def test_a_holiday_weekend_or_season_is_no_day(text: str) -> None:
    assert find_times(text, ref=dt.date(2016, 12, 30)) == []


def test_a_holiday_without_a_reference_date_keeps_its_text_unplaced() -> None:
    (time,) = find_times("a Martin Luther King Day shooting", ref=None)
    assert (time.text, time.value) == ("Martin Luther King Day", None)


@pytest.mark.parametrize(("text", "expected"), [
    ("Updated: 08/10/2014 4:26 PM\n\nCreated: 08/09/2014 5:14 AM KSTP.com\n\nBy: Megan Stewart", dt.date(2014, 8, 9)),
    ("Teen charged Posted: Tuesday, January 28, 2014 8:18 PM EST Updated: Friday, February 28, 2014", dt.date(2014, 1, 28)),
    ("A man was shot Sunday. The score was 8/10/2014 fans.", None),  # no stamp word: prose, no page date
    ("Posted: Tuesday 8:18 PM\n\nA man was shot.", None),  # a stamp without its year
])
def test_a_pages_date_is_its_head_stamps_earliest_day(text: str, expected: dt.date | None) -> None:
    assert page_date(text) == expected


def test_relative_days_are_read_against_the_pages_stamp_where_the_publication_date_is_a_crawl() -> None:
    text = "Created: 08/09/2014 5:14 AM KSTP.com\n\nNine people were injured early Saturday."
    assert reference_date(text, dt.date(2017, 1, 28)) == dt.date(2014, 8, 9)
    # a stamp within a week of the publication date, or none: the publication date stands
    assert reference_date(text, dt.date(2014, 8, 10)) == dt.date(2014, 8, 10)
    assert reference_date("Nine people were injured early Saturday.", dt.date(2017, 1, 28)) == dt.date(2017, 1, 28)
    assert reference_date(text, None) is None
