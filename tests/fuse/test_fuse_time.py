"""Claims in time (sitrep.fuse.timeline through sitrep.fuse.fuse): updates told from disputes, the
per-field history, and each rule on small hand-written reports."""

from __future__ import annotations

import pytest

from sitrep.fuse.fuse import fuse
from sitrep.fuse.timeline import stated_update
from sitrep.records import Article, Claim, Event, Mention, TimeValue
from tests.fuse.test_fuse import _day, _dispute, _mention, _month


def _reports(*reports: tuple[Mention, str | None, str | None], copies: dict[str, str] | None = None,
             reliability: dict[str, float] | None = None) -> Event:
    """Fuse mentions whose articles have (publication date, outlet)."""
    copies = copies or {}
    articles = {}
    for mention, published, outlet in reports:
        articles[mention.article_id] = Article(id=mention.article_id, text=mention.sentence, published=published,
                                               publication=outlet, duplicate_of=copies.get(mention.article_id))
    return fuse("e1", [m for m, _, _ in reports], articles, reliability)


def _changes(event: Event, field: str) -> list[tuple[object, str, str]]:
    return [(h.value, h.change, h.status) for h in event.history[field]]


# --- updates ------------------------------------------------------------------------------


def test_a_toll_that_rises_the_next_day_is_an_update_not_a_dispute() -> None:
    event = _reports((_mention("m1", "Two people were killed.", dead=2), "2024-03-05", "Daily"),
                     (_mention("m2", "Three people have now died.", article="a2", dead=3), "2024-03-06", "Herald"))
    assert event.size["dead"] == 3
    assert event.disputes == []
    assert _changes(event, "size.dead") == [(2, "first", "superseded"), (3, "update", "current")]


def test_the_same_day_three_against_five_from_two_outlets_is_a_dispute() -> None:
    event = _reports((_mention("m1", "Three people were killed.", dead=3), "2024-03-05", "Daily"),
                     (_mention("m2", "Five people died.", article="a2", dead=5), "2024-03-05", "Herald"))
    assert _dispute(event, "size.dead") == {3: ["Three people were killed."], 5: ["Five people died."]}
    assert [h.change for h in event.history["size.dead"]] == ["first", "conflict"]


@pytest.mark.parametrize(("later", "disputed"), [("2024-03-06", True), ("2024-03-08", True), ("2024-03-20", False)])
def test_a_later_smaller_count_is_a_dispute_only_within_the_same_news_moment(later: str, disputed: bool) -> None:
    event = _reports((_mention("m1", "Four people were shot.", injured=4), "2024-03-05", "Daily"),
                     (_mention("m2", "Three people were wounded.", article="a2", injured=3), later, "Herald"))
    assert (_dispute(event, "size.injured") is not None) == disputed


def test_a_revision_said_in_words_is_an_update_on_the_same_day() -> None:
    event = _reports((_mention("m1", "Three people were killed.", dead=3), "2024-03-05", "Daily"),
                     (_mention("m2", "The death toll rose to 2 after a recount.", article="a2", dead=2), "2024-03-05", "Herald"))
    assert event.size["dead"] == 2
    assert event.disputes == []


def test_a_value_a_report_marks_as_initially_reported_gives_way_to_its_other_value() -> None:
    event = _reports((_mention("m1", "Police initially reported four dead.", dead=4), "2024-03-05", "Daily"),
                     (_mention("m2", "Five people died in the attack.", dead=5), "2024-03-05", "Daily"),
                     (_mention("m3", "Five were killed.", article="a2", dead=5), "2024-03-05", "Herald"))
    assert event.size["dead"] == 5
    assert event.disputes == []
    assert [h.value for h in event.history["size.dead"]] == [5, 5]


def test_fewer_injured_because_one_of_them_died_is_an_update() -> None:
    event = _reports((_mention("m1", "One killed, two wounded.", dead=1, injured=2), "2024-03-05", "Daily"),
                     (_mention("m2", "Two are now dead and one is wounded.", article="a2", dead=2, injured=1),
                      "2024-03-07", "Herald"))
    assert event.size == {"dead": 2, "injured": 1, "arrested": None}
    assert event.disputes == []


def test_fewer_injured_with_no_more_dead_is_a_dispute() -> None:
    event = _reports((_mention("m1", "One killed, four wounded.", dead=1, injured=4), "2024-03-05", "Daily"),
                     (_mention("m2", "One killed, three wounded.", article="a2", dead=1, injured=3), "2024-03-06", "Herald"))
    assert _dispute(event, "size.injured") is not None


def test_an_old_value_coming_back_is_no_update() -> None:
    # 4, then 3 the next day, then 4 again: the last 4 is not news, the 4 vs 3 conflict stands
    event = _reports((_mention("m1", "Four shot.", injured=4), "2024-03-05", "Daily"),
                     (_mention("m2", "Three shot.", article="a2", injured=3), "2024-03-06", "Herald"),
                     (_mention("m3", "Four were shot.", article="a3", injured=4), "2024-03-07", "Times"))
    assert event.size["injured"] == 4
    assert set(_dispute(event, "size.injured")) == {3, 4}


def test_a_later_report_repeating_a_replaced_value_lags_and_is_no_dispute() -> None:
    event = _reports((_mention("m1", "One man was killed.", dead=1), "2024-03-05", "Daily"),
                     (_mention("m2", "Two dead in shooting rampage.", article="a2", dead=2), "2024-03-06", "Herald"),
                     (_mention("m3", "One man died at the scene.", article="a3", dead=1), "2024-03-07", "Times"))
    assert event.size["dead"] == 2
    assert event.disputes == []
    assert [h.status for h in event.history["size.dead"]] == ["superseded", "current", "superseded"]
    assert [h.change for h in event.history["size.dead"]] == ["first", "update", "lags"]


def test_not_charged_becoming_charged_is_an_update_of_the_modality() -> None:
    event = _reports((_mention("m1", "He has not been charged.", category="COERCE", modality="negated"), "2024-03-05", "Daily"),
                     (_mention("m2", "He was charged on Friday.", article="a2", category="COERCE"), "2024-03-12", "Herald"))
    assert event.modality == "asserted"
    assert event.disputes == []


def test_a_denial_after_a_report_is_a_dispute_however_late() -> None:
    event = _reports((_mention("m1", "The envoy was recalled.", category="SANCTION"), "2024-03-05", "Daily"),
                     (_mention("m2", "The envoy was not recalled.", article="a2", category="SANCTION", modality="negated"),
                      "2024-03-12", "Herald"))
    assert set(_dispute(event, "modality")) == {"asserted", "negated"}


def test_undated_reports_cannot_be_ordered_so_they_disagree_about_the_same_moment() -> None:
    event = _reports((_mention("m1", "Two people were killed.", dead=2), "2024-03-05", "Daily"),
                     (_mention("m2", "Three people died.", article="a2", dead=3), None, "Herald"))
    assert _dispute(event, "size.dead") is not None


# --- who counts ---------------------------------------------------------------------------


def test_one_hedged_report_alone_cannot_stand_against_a_plain_one() -> None:
    event = _reports((_mention("m1", "Police said three were killed.", dead=3), "2024-03-05", "Daily"),
                     (_mention("m2", "Five were reportedly killed.", article="a2", dead=5, hedged=True), "2024-03-05", "Herald"))
    assert event.size["dead"] == 3
    assert event.disputes == []
    assert [h.status for h in event.history["size.dead"]] == ["current", "outweighed"]


def test_one_outlet_at_odds_with_itself_on_one_day_is_no_dispute() -> None:
    event = _reports((_mention("m1", "Three people were killed.", dead=3), "2024-03-05", "Daily"),
                     (_mention("m2", "Five people died.", article="a2", dead=5), "2024-03-05", "Daily"))
    assert event.disputes == []


def test_a_wire_copy_takes_no_position() -> None:
    event = _reports((_mention("m1", "Three people were killed.", article="orig", dead=3), "2024-03-05", "AP"),
                     (_mention("m2", "Five people were killed.", article="copy", dead=5), "2024-03-05", "Herald"),
                     copies={"copy": "orig"})
    assert event.disputes == []
    assert [h.article for h in event.history["size.dead"]] == ["orig"]


def test_a_report_resting_on_a_sentence_another_report_gave_word_for_word_is_no_second_source() -> None:
    copied = "Five people were killed in the shooting on Main Street, police said."
    event = _reports((_mention("m1", "Three people were killed on Main Street.", dead=3), "2024-03-05", "Daily"),
                     (_mention("m2", copied, article="a2", dead=5, hedged=True), "2024-03-05", "Herald"),
                     (_mention("m3", copied, article="a3", dead=5, hedged=True), "2024-03-05", "Times"))
    # the copy would have made two hedged reports, enough to dispute; it is one
    assert [h.article for h in event.history["size.dead"]] == ["a1", "a2"]
    assert event.disputes == []


def test_a_death_added_to_a_total_takes_no_position_on_the_total() -> None:
    event = _reports((_mention("m1", "Twelve people were killed.", dead=12), "2024-03-05", "Daily"),
                     (_mention("m2", "The gunman was also killed.", article="a2", dead=1), "2024-03-05", "Herald"))
    assert event.size["dead"] == 12
    assert event.disputes == []


def test_a_lone_hedged_claimant_is_no_claimed_by_dispute() -> None:
    event = _reports((_mention("m1", "The TTP claimed the attack.", claimed_by=[("TTP", "claimed")]), "2024-03-05", "Daily"),
                     (_mention("m2", "Islamic State reportedly claimed it.", article="a2", hedged=True,
                               claimed_by=[("Islamic State", "claimed")]), "2024-03-05", "Herald"))
    assert [c["entity_text"] for c in event.claimed_by] == ["TTP", "Islamic State"]
    assert event.disputes == []


# --- dates and places -----------------------------------------------------------------------


def test_a_bare_year_never_disputes_a_day() -> None:
    event = _reports((_mention("m1", "The shooting on 5 March.", date=_day("2024-03-05")), "2024-03-05", "Daily"),
                     (_mention("m2", "In 2007 he was arrested.", article="a2", date=TimeValue(value="2007", precision="year", text="2007", start=3, end=7)),
                      "2024-03-06", "Herald"))
    assert event.disputes == []


def test_date_confidence_counts_the_coarser_dates_that_agree() -> None:
    event = _reports((_mention("m1", "On 5 March.", date=_day("2024-03-05")), "2024-03-05", "Daily"),
                     (_mention("m2", "In March.", article="a2", date=_month("2024-03")), "2024-03-06", "Herald"))
    assert event.field_confidence["date"] == 1.0


def test_a_date_dispute_between_reports_a_week_apart_stands() -> None:
    event = _reports((_mention("m1", "The shooting on 5 March.", date=_day("2024-03-05")), "2024-03-05", "Daily"),
                     (_mention("m2", "The shooting on 12 March.", article="a2", date=_day("2024-03-12")), "2024-03-13", "Herald"))
    assert _dispute(event, "date") is not None


# --- evidence in time -----------------------------------------------------------------------


def test_every_evidence_carries_its_reports_time_and_outlet() -> None:
    event = _reports((_mention("m1", "Two people were killed.", dead=2), "2024-03-05", "Daily"))
    (evidence,) = event.evidence["size.dead"]
    assert (evidence.published, evidence.publication) == ("2024-03-05", "Daily")
    (entry,) = event.history["size.dead"]
    assert (entry.time, entry.publication, entry.text) == ("2024-03-05", "Daily", "Two people were killed.")


def test_a_pages_stated_update_time_is_when_its_claims_were_known() -> None:
    mentions = [_mention("m1", "Two people were killed.", dead=2), _mention("m2", "Three died.", article="a2", dead=3)]
    articles = {"a1": Article(id="a1", text="", published="2024-03-05", updated="2024-03-07", publication="Daily"),
                "a2": Article(id="a2", text="", published="2024-03-06", publication="Herald")}
    event = fuse("e1", mentions, articles)
    # a1 was updated after a2 appeared: its 2 is the newer report, 3 -> 2 a decrease, so a dispute
    assert [h.article for h in event.history["size.dead"]] == ["a2", "a1"]
    assert _dispute(event, "size.dead") is not None


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Posted: Tuesday, January 28, 2014 8:18 PM EST Updated: Friday, February 28, 2014 8:27 PM EST\n\nA teen",
         "2014-01-28", "2014-02-28"),
        ("Shooting at park Updated: May 31, 2016 - 6:54 PM\nTwo men", "2016-05-31", "2016-05-31"),
        ("Published: 8/19/2013 - Updated: 12 hours ago", "2013-08-20", None),  # no date to read
        ("The updated count from the theater shooting: 3 dead", "2015-07-23", None),
        ("Updated: May 1, 2016\nText", "2016-05-31", None),  # before its publication: a misread
        ("A long story. " * 80 + "Updated: June 2, 2016", "2016-05-31", None),  # not in the page's head
    ],
)
def test_a_pages_stated_update_time_is_read_from_its_head(text: str, published: str, expected: str | None) -> None:
    assert stated_update(text, published) == expected


# ---------------------------------------------------------------- injured who died later

def test_a_later_report_of_a_death_leaves_no_one_injured_when_it_states_no_injured() -> None:
    """"A boy was shot and wounded" on Tuesday, "the boy has died" on Wednesday: 0 injured, as an update."""
    event = _reports((_mention("m1", "A 2-year-old boy was shot and wounded.", injured=1), "2016-12-21", "Daily"),
                     (_mention("m2", "The boy shot Tuesday has died.", article="a2", dead=1), "2016-12-22", "Herald"))
    assert event.size["dead"] == 1
    assert event.size["injured"] == 0
    assert not event.disputes
    assert ("update", "current") in {(change, status) for _, change, status in _changes(event, "size.injured")}


def test_a_later_higher_toll_keeps_the_injured_who_did_not_die() -> None:
    event = _reports((_mention("m1", "One man was killed and three were injured.", dead=1, injured=3), "2024-03-05", "Daily"),
                     (_mention("m2", "A second victim died in hospital.", article="a2", dead=2), "2024-03-06", "Herald"))
    assert event.size == {"dead": 2, "injured": 2, "arrested": None}


def test_a_retrospective_months_later_does_not_move_the_injured() -> None:
    event = _reports((_mention("m1", "One man was killed and three were injured.", dead=1, injured=3), "2014-07-12", "Daily"),
                     (_mention("m2", "Two men were killed that summer.", article="a2", dead=2), "2015-01-30", "Herald"))
    assert event.size["injured"] == 3


def test_a_later_report_that_states_the_injured_itself_is_taken_as_it_says() -> None:
    event = _reports((_mention("m1", "Two were shot and wounded.", injured=2), "2024-03-05", "Daily"),
                     (_mention("m2", "One man died and two remain hospitalised.", article="a2", dead=1, injured=2),
                      "2024-03-06", "Herald"))
    assert event.size["injured"] == 2


# ---------------------------------------------------------------- street addresses

def _at(mention: Mention, text: str, street: str, number: int, block: bool = False) -> Mention:
    mention.claims.append(Claim(field="address", value={"text": text, "street": street, "number": number, "block": block},
                                evidence=mention.claims[0].evidence))
    return mention


def test_two_outlets_giving_one_street_two_house_numbers_the_same_day_is_a_place_dispute() -> None:
    event = _reports((_at(_mention("m1", "A party at 19 Plymouth St."), "19 Plymouth St", "plymouth", 19), "2016-08-21", "Post"),
                     (_at(_mention("m2", "A party at 18 Plymouth St.", article="a2"), "18 Plymouth St", "plymouth", 18),
                      "2016-08-21", "Courant"))
    assert {v["value"] for d in event.disputes if d.field == "address" for v in d.values} == {"19 Plymouth St", "18 Plymouth St"}


def test_a_house_inside_the_reported_block_agrees_and_is_the_events_address() -> None:
    event = _reports((_at(_mention("m1", "In the 6300 block of Hearne Ave."), "6300 block of Hearne Ave", "hearne", 6300, True),
                      "2017-01-29", "KTBS"),
                     (_at(_mention("m2", "At 6315 Hearne Avenue.", article="a2"), "6315 Hearne Avenue", "hearne", 6315),
                      "2017-01-29", "KSLA"))
    assert not event.disputes
    assert event.address in {"6300 block of Hearne Ave", "6315 Hearne Avenue"}


def test_reliability_chooses_the_value_but_a_low_rated_outlet_still_makes_a_dispute() -> None:
    reports = ((_mention("m1", "Three people were killed.", dead=3), "2024-03-05", "Daily"),
               (_mention("m2", "Five people were killed.", article="a2", dead=5), "2024-03-05", "Herald"))
    trusting_herald = _reports(*reports, reliability={"Daily": 0.5, "Herald": 0.95})
    trusting_daily = _reports(*reports, reliability={"Daily": 0.95, "Herald": 0.5})
    assert (trusting_herald.size["dead"], trusting_daily.size["dead"]) == (5, 3)
    for event in (trusting_herald, trusting_daily):
        assert {v["value"] for d in event.disputes if d.field == "size.dead" for v in d.values} == {3, 5}


# ---------------------------------------------------------------- one person, two names

def _naming(mention: Mention, role: str, *names: str) -> Mention:
    from sitrep.records import Argument

    mention.arguments = [Argument(role=role, text=name, start=0, end=len(name)) for name in names]
    return mention


def _name_sides(event: Event, field: str) -> set[str]:
    return {v["value"] for d in event.disputes if d.field == field for v in d.values}


def test_two_outlets_giving_one_victim_two_given_names_the_same_week_is_a_victims_dispute() -> None:
    event = _reports((_naming(_mention("m1", "Byron Wilson was wounded."), "victim", "Byron Wilson"), "2016-05-02", "Post"),
                     (_naming(_mention("m2", "John Wilson was wounded.", article="a2"), "victim", "John Wilson"),
                      "2016-05-03", "Chronicle"))
    assert _name_sides(event, "recipient") == {"Byron Wilson", "John Wilson"}


def test_a_suspects_two_spellings_are_a_perpetrator_dispute_and_a_shortened_name_is_not() -> None:
    spelled = _reports((_naming(_mention("m1", "Travon Manuel was arrested."), "perp_individual", "Travon Manuel"), "2016-03-01", "KATC"),
                       (_naming(_mention("m2", "Kavon Manuel was arrested.", article="a2"), "perp_individual", "Kavon Manuel"),
                        "2016-03-01", "Advocate"))
    shortened = _reports((_naming(_mention("m1", "Chris Lane was arrested."), "perp_individual", "Christopher Lane"), "2016-03-01", "KATC"),
                         (_naming(_mention("m2", "Chris Lane was arrested.", article="a2"), "perp_individual", "Chris Lane"),
                          "2016-03-01", "Advocate"))
    assert _name_sides(spelled, "actor") == {"Travon Manuel", "Kavon Manuel"}
    assert not shortened.disputes


@pytest.mark.parametrize(("first", "second", "days"), [
    (("Eugene Linscomb", "Tasha Linscomb"), ("Tasha Linscomb",), 0),  # a report naming both: two people
    (("Eugene Linscomb",), ("Tasha Linscomb",), 30),  # a month later: not the same moment
    (("Special Agent",), ("ATF Special Agent",), 0),  # titles, not names
])
def test_no_name_dispute_where_the_names_can_be_two_people_or_no_names(first, second, days: int) -> None:
    later = f"2016-05-{2 + days:02d}" if days < 28 else "2016-06-01"
    event = _reports((_naming(_mention("m1", "They were shot."), "victim", *first), "2016-05-02", "Post"),
                     (_naming(_mention("m2", "She was shot.", article="a2"), "victim", *second), later, "Chronicle"))
    assert not event.disputes


def test_an_old_value_coming_back_weeks_later_is_no_conflict() -> None:
    # 2 dead, the same outlet's "1" the next day (one victim's death), then "2" again in another
    # outlet's recap weeks later: the recap is not the same moment as the "1", so no dispute
    event = _reports((_mention("m1", "Two people were killed.", dead=2), "2015-01-20", "Daily"),
                     (_mention("m2", "One man was shot to death.", article="a2", dead=1), "2015-01-21", "Daily"),
                     (_mention("m3", "The shooting left two dead.", article="a3", dead=2), "2015-03-09", "Herald"))
    assert event.size["dead"] == 2
    assert event.disputes == []


# ---------------------------------------------------------------- one person, two ages

def _aged(mention: Mention, role: str, *people: tuple[str, int | None]) -> Mention:
    from sitrep.records import Argument

    mention.arguments = [Argument(role=role, text=name, start=0, end=len(name), age=age) for name, age in people]
    return mention


def _age_sides(event: Event, field: str) -> set[str]:
    return {v["value"] for d in event.disputes if d.field == field for v in d.values}


def test_one_report_giving_one_suspect_two_ages_ten_years_apart_is_a_perpetrator_dispute() -> None:
    event = _reports((_aged(_mention("m1", "Jacquay Howard, 31, is one of three suspects."), "perp_individual",
                            ("Jacquay Howard", 31), ("Jacquay Howard", 21)), "2015-03-09", "Express-News"))
    assert _age_sides(event, "actor") == {"Jacquay Howard, 21", "Jacquay Howard, 31"}


def test_two_outlets_giving_one_victim_ages_ten_years_apart_the_same_day_is_a_victims_dispute() -> None:
    event = _reports((_aged(_mention("m1", "Royal Willrich, 30, died."), "victim", ("Royal Willrich", 30)), "2015-01-21", "KSAT"),
                     (_aged(_mention("m2", "Royal Willrich, 40, died.", article="a2"), "victim", ("Royal Willrich", 40)),
                      "2015-01-21", "Express-News"))
    assert _age_sides(event, "recipient") == {"Royal Willrich, 30", "Royal Willrich, 40"}


@pytest.mark.parametrize(("first", "second", "later", "outlet"), [
    (("John Houser", 58), ("John Houser", 59), "2015-07-24", "Herald"),  # a year apart: birthday or revised
    (("John Houser", 21), ("John Houser", 31), "2015-09-01", "Herald"),  # weeks later: may correct it
    (("John Houser", 21), ("John Houser", 31), "2015-07-24", "Daily"),  # the outlet revising its own story
    (("Houser", 21), ("Houser", 51), "2015-07-23", "Herald"),  # a surname alone: maybe a relative
    (("John Houser Jr.", 21), ("John Houser", 51), "2015-07-23", "Herald"),  # a son and his father
    (("John Houser", 21), ("John Houser", None), "2015-07-23", "Herald"),  # no age given
])
def test_no_age_dispute_where_time_a_correction_or_two_people_explain_the_ages(first, second, later: str,
                                                                               outlet: str) -> None:
    event = _reports((_aged(_mention("m1", "He was arrested."), "perp_individual", first), "2015-07-23", "Daily"),
                     (_aged(_mention("m2", "He was arrested.", article="a2"), "perp_individual", second), later, outlet))
    assert not event.disputes


def test_a_page_giving_a_suspect_ages_a_year_apart_is_no_dispute() -> None:
    # a sentencing page's captions: 31 at the arrest, 32 at the sentencing
    event = _reports((_aged(_mention("m1", "Jacquay Howard, 32, was sentenced."), "perp_individual",
                            ("Jacquay Howard", 31), ("Jacquay Howard", 32)), "2016-08-15", "Express-News"))
    assert not event.disputes


@pytest.mark.parametrize(("ages", "published", "disputed"), [
    ((24, 26), "2016-08-15", False),  # a year and a half on: the arrest's age and the sentencing's
    ((21, 32), "2016-08-15", True),  # eleven years are no birthdays
    ((21, 31), "2015-03-09", True),  # seven weeks after the shooting
    ((24, 26), "2015-01-19", True),  # the shooting's own day
])
def test_a_reports_ages_for_one_person_may_differ_by_the_birthdays_since_the_event(ages, published: str,
                                                                                  disputed: bool) -> None:
    mention = _aged(_mention("m1", "Adrian Perkins was sentenced.", date=_day("2015-01-19")), "perp_individual",
                    *[("Adrian Perkins", age) for age in ages])
    event = _reports((mention, published, "Express-News"))
    assert bool(_age_sides(event, "actor")) == disputed


def test_an_age_disputes_evidence_is_the_sentence_its_claims_kept_around_the_name() -> None:
    from sitrep.records import Argument, Claim, Evidence

    sentence = "Jacquay Howard, 21, was arrested in Houston."
    mention = _aged(_mention("m1", "Jacquay Howard, 31, is one of three suspects."), "perp_individual",
                    ("Jacquay Howard", 31))
    other = Evidence(article="a1", start=100, end=100 + len(sentence), text=sentence)
    mention.arguments.append(Argument(role="perp_individual", text="Jacquay Howard", start=100, end=114, age=21))
    mention.claims.append(Claim(field="actor", value={"entity_text": "Jacquay Howard", "start": 100, "end": 114},
                                evidence=other))
    event = _reports((mention, "2015-03-09", "Express-News"))
    (dispute,) = [d for d in event.disputes if d.field == "actor"]
    texts = {v["value"]: [e["text"] for e in v["evidence"]] for v in dispute.values}
    assert texts == {"Jacquay Howard, 21": [sentence], "Jacquay Howard, 31": ["Jacquay Howard, 31, is one of three suspects."]}


# ---------------------------------------------------------------- a toll counting the attacker

@pytest.mark.parametrize(("victims", "disputed"), [(1, False), (0, True), (2, False)])
def test_a_toll_including_the_suspect_agrees_with_the_victims_alone(victims: int, disputed: bool) -> None:
    # two dead counting the gunman: one victim; none is another story
    event = _reports((_mention("m1", "In total, two people were killed, including the suspect.", dead=2), "2016-05-31", "KIII"),
                     (_mention("m2", "The rampage left one person dead.", article="a2", dead=victims), "2016-05-31", "USA Today"))
    assert (_dispute(event, "size.dead") is not None) == disputed


def test_a_toll_one_more_than_another_without_the_attacker_counted_is_still_a_dispute() -> None:
    event = _reports((_mention("m1", "Two people were killed.", dead=2), "2016-05-31", "KIII"),
                     (_mention("m2", "The rampage left one person dead.", article="a2", dead=1), "2016-05-31", "USA Today"))
    assert _dispute(event, "size.dead") is not None
