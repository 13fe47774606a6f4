"""Place candidates of a report (sitrep.analyze.places): datelines, divisions, names the recognizer missed."""

from __future__ import annotations

import pytest
from spacy.language import Language

from sitrep.analyze.geo import get_gazetteer
from sitrep.analyze.nlp import load_nlp
from sitrep.analyze.places import PlaceCandidate, division, division_of, find_addresses, find_headline_places, find_places, province_hints_of
from sitrep.records import Place


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def _places(nlp: Language, text: str) -> list[tuple[str, str, str | None, str]]:
    return [(c.source, c.place.resolved_place or "", c.place.province, c.text)
            for c in find_places(nlp(text), country_hints=["US"])]


@pytest.mark.parametrize(("written", "expected"), [
    ("Wash.", ("US", "Washington")),
    ("Ind.", ("US", "Indiana")),
    ("W.Va.", ("US", "West Virginia")),
    ("OK", ("US", "Oklahoma")),
    ("Idaho", ("US", "Idaho")),
    ("Kabul", None),  # a city, not a division
    ("Friday", None),
])
def test_division_reads_abbreviations_and_names(written: str, expected: tuple[str, str] | None) -> None:
    assert division(written) == expected


@pytest.mark.parametrize("lead", [
    "PUYALLUP, Wash. — No charges will be filed against a boy who shot his friend.",
    "PUYALLUP, Wash. (AP) — No charges will be filed against a boy who shot his friend.",
    "PUYALLUP – No charges will be filed against a boy who shot his friend.",
])
def test_a_dateline_is_a_candidate_with_its_state(nlp: Language, lead: str) -> None:
    found = _places(nlp, "Boy will not be charged\n\n" + lead)
    assert found[0][:3] == ("dateline", "Puyallup", "Washington")


def test_an_all_capital_sentence_is_not_a_dateline(nlp: Language) -> None:
    found = _places(nlp, "THAT KILLED A 9 YEAR OLD BOY IN THE HOUSE - INVESTIGATORS SAY.\n\nA boy died in Tulsa.")
    assert all(source != "dateline" for source, *_ in found)


def test_a_town_the_recognizer_missed_is_still_a_candidate(nlp: Language) -> None:
    found = _places(nlp, "Five people were injured in a shooting in Elgin early this morning, authorities said.")
    assert ("Elgin", "Illinois") in {(name, province) for _, name, province, _ in found}


def test_the_reports_state_decides_between_namesakes(nlp: Language) -> None:
    # Sterling, Virginia is the larger town; the report's dateline and "Rock Falls, Ill." say Illinois
    text = "STERLING, Ill. – A teen from Rock Falls, Ill. was charged. He was taken to a hospital in Sterling, where he died."
    provinces = {province for _, name, province, _ in _places(nlp, text) if name == "Sterling"}
    assert provinces == {"Illinois"}
    alone = {province for _, name, province, _ in _places(nlp, "He was taken to a hospital in Sterling, where he died.") if name == "Sterling"}
    assert alone == {"Virginia"}


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("A man was shot on Race Avenue, said Hector Alfaro, a Chicago Police Department spokesman.", "Chicago"),
        ("The boy died at the scene, the Dayton Police Department said.", "Dayton"),
        ("Jackson Police Chief Lee Vance says one of the two men died.", "Jackson"),
        ("The man was shot twice, the Kansas City Police Department said.", "Kansas City"),
        ("THREE PEOPLE WERE SHOT AT A VIGIL. DETROIT POLICE SAY THREE WEAPONS WERE USED.", "Detroit"),
    ],
)
def test_the_town_of_a_police_department_is_a_candidate(nlp: Language, text: str, town: str) -> None:
    assert town in {name for _, name, _, _ in _places(nlp, text) if name}


@pytest.mark.parametrize("text", [
    "A man was shot, the Madison County Sheriff's Office said.",  # the county's
    "A man was shot, the Jackson Township Police Department said.",  # a township's
    "A man was shot, the Indiana State Police said.",
])
def test_no_town_of_a_county_township_or_state_police(nlp: Language, text: str) -> None:
    assert not [c for c in find_places(nlp(text), country_hints=["US"]) if c.place.feature == "city"]


@pytest.mark.parametrize("text", [
    "A Texas toddler is dead after being accidentally shot by his cousin.",  # the state, not Texas City
    "She was taken to Regional Medical Center, where she died.",  # no Center City
    "The man was shot and killed May 23 in the 9500 block of Flower Street.",  # a month, not Mayville
    "The shooting occurred around 5:30 p.m. Thursday at the Broad River bridge.",  # not Thursday Island
    "Shots were fired near 27th Street in the area of Vermont and Manchester avenues.",  # streets, not towns
    "A man was found shot in the 14000 block of Patton.",
    "Deputies were called to Letchworth Drive after a boy was shot.",
])
def test_words_that_only_look_like_towns_are_no_town_candidates(nlp: Language, text: str) -> None:
    assert not [c.text for c in find_places(nlp(text), country_hints=["US"]) if c.place.feature == "city"]


def test_a_states_abbreviation_is_no_town_but_dc_is_washington(nlp: Language) -> None:
    found = find_places(nlp("The man was shot in Richmond, Va. on Friday. A woman was shot in Washington, D.C. on Saturday."),
                        country_hints=["US"])
    towns = {(c.text, c.place.resolved_place) for c in found if c.place.feature == "city"}
    assert towns == {("Richmond", "Richmond"), ("Washington", "Washington"), ("D.C.", "Washington")}


def test_a_part_of_a_town_is_placed_at_the_town_whose_police_the_report_cites(nlp: Language) -> None:
    # Mount Sinai (a New York town) is named more often, as the hospital
    text = ("Six people were shot at a party on the West Side. Two were taken to Mount Sinai Hospital, and one to "
            "Mount Sinai, said Hector Alfaro, a Chicago Police Department spokesman.")
    parts = [c for c in find_places(nlp(text), country_hints=["US"]) if c.source == "part"]
    assert [(c.text, c.place.resolved_place) for c in parts] == [("West Side", "Chicago")]


@pytest.mark.parametrize(("town", "written", "expected"), [
    ("Waynesboro", "Georgia", ("US", "Georgia")),  # the state, where a Waynesboro lies
    ("Spokane", "Washington", ("US", "Washington")),
    ("Buffalo", "New York", ("US", "New York")),
    ("Tbilisi", "Georgia", None),  # the country: no division
    ("Puyallup", "Wash.", ("US", "Washington")),
])
def test_division_of_reads_a_division_named_like_a_country_or_a_city(town: str, written: str,
                                                                     expected: tuple[str, str] | None) -> None:
    assert division_of(town, written) == expected


def test_a_division_named_like_a_country_before_a_sentence_is_the_reports_state(nlp: Language) -> None:
    # Waynesboro, Virginia is the larger town
    text = "A shooting investigation continues in Burke County, Georgia. The shooting occurred in Waynesboro."
    assert ("Waynesboro", "Georgia") in {(name, province) for _, name, province, _ in _places(nlp, text)}


def test_a_town_misread_as_a_person_before_police_is_a_candidate(nlp: Language) -> None:
    # the recognizer reads "Norfolk" of "Norfolk police said" as a person
    found = _places(nlp, "Two men were fatally shot early Wednesday on Rockingham Street, Norfolk police said.")
    assert "Norfolk" in {name for _, name, _, _ in found}


def _parts(nlp: Language, text: str) -> list[tuple[str, str, str | None, str | None]]:
    return [(c.text, c.place.resolved_place or "", c.place.province, c.place.precision)
            for c in find_places(nlp(text), country_hints=["US"]) if c.source == "part"]


@pytest.mark.parametrize(("text", "expected"), [
    # the part alone: placed at the report's dateline town
    ("Shooting\n\nCHICAGO — Two men were shot Friday evening in the Marquette Park neighborhood, police said.",
     ("Marquette Park", "Chicago", "Illinois", "city")),
    ("Shooting\n\nCHICAGO — A teenager was killed on the Southwest Side early Sunday.",
     ("Southwest Side", "Chicago", "Illinois", "city")),
    # the town written with it
    ("Two people were wounded in a shooting in the Germantown section of Philadelphia.",
     ("Germantown", "Philadelphia", "Pennsylvania", "city")),
    ("A man was shot and killed in east Baltimore on Friday afternoon.",
     ("east Baltimore", "Baltimore", "Maryland", "city")),
    ("The shooting happened in Northwest Washington Friday night.",
     ("Northwest Washington", "Washington", "District of Columbia", "city")),
])
def test_a_part_of_a_town_is_placed_at_its_town_and_kept_as_written(nlp: Language, text: str,
                                                                   expected: tuple[str, str, str, str]) -> None:
    assert _parts(nlp, text) == [expected]
    (part,) = [c for c in find_places(nlp(text), country_hints=["US"]) if c.source == "part"]
    assert part.place.locality == expected[0]


def test_a_part_without_a_town_to_belong_to_is_no_candidate(nlp: Language) -> None:
    assert _parts(nlp, "Two men were shot Friday evening in the Marquette Park neighborhood, police said.") == []


def test_a_neighbourhood_never_resolves_to_a_namesake_in_another_state(nlp: Language) -> None:
    # read alone, "Germantown" is the biggest Germantown, in Maryland; in a report from Philadelphia
    # its neighborhood is a part of Philadelphia
    text = "Shooting\n\nPHILADELPHIA — Two men were shot in the Germantown neighborhood."
    assert get_gazetteer().resolve("Germantown", country_hints=["US"]).province == "Maryland"
    found = find_places(nlp(text), country_hints=["US"])
    assert {(c.source, c.place.resolved_place, c.place.province) for c in found} == {
        ("dateline", "Philadelphia", "Pennsylvania"), ("part", "Philadelphia", "Pennsylvania")}
    # "east Springfield" in a report from Illinois is not a part of Springfield, Missouri
    found = find_places(nlp("Shooting\n\nSPRINGFIELD, Ill. — A man was shot in east Springfield."), country_hints=["US"])
    assert {c.place.province for c in found} == {"Illinois"}


@pytest.mark.parametrize("text", [
    "He was shot in North Charleston, S.C., on Monday.",  # a town of its own
    "Deputies in southern Illinois found the body.",  # a state
])
def test_a_direction_before_a_place_of_its_own_or_a_state_is_not_a_part(nlp: Language, text: str) -> None:
    assert _parts(nlp, text) == []


def test_a_county_is_an_admin2_candidate_in_its_state(nlp: Language) -> None:
    found = find_places(nlp("Police in Prince George's County, Md., said two people were shot in Landover."), country_hints=["US"])
    counties = [(c.source, c.text, c.place.province, c.place.precision, c.place.admin2) for c in found if c.place.feature == "admin2"]
    assert counties == [("county", "Prince George's County", "Maryland", "admin2", "Prince George's County")]
    # its words are never read alone: Prince George is a city in British Columbia
    assert all(c.place.country_code != "CA" for c in found)


def test_a_county_many_states_have_is_read_in_the_reports_state(nlp: Language) -> None:
    text = "Washington County deputies found the man. The shooting happened near Hillsboro, Oregon."
    counties = {(c.place.resolved_place, c.place.province) for c in find_places(nlp(text), country_hints=["US"])
                if c.place.feature == "admin2"}
    assert counties == {("Washington County", "Oregon")}
    # without a state to read it in, thirty states' Washington County is no candidate, nor is "Washington"
    found = find_places(nlp("Washington County deputies found the man."), country_hints=["US"])
    assert [c.text for c in found] == []


def test_a_region_of_a_state_is_not_a_part_of_a_town(nlp: Language) -> None:
    # "California" is also a short name of California City; "Northern California" is the state's north
    assert _parts(nlp, "Two people were shot Sunday in Northern California, police said.") == []


@pytest.mark.parametrize(("text", "written", "country_code", "province"), [
    ("A car bomb killed five people in Kirkuk province on Sunday.", "Kirkuk province", "IQ", "Kirkūk"),
    ("Gunmen attacked a village in Borno State, officials said.", "Borno State", "NG", "Borno"),
    ("A man was shot in a park in Washington state on Friday.", "Washington state", "US", "Washington"),
])
def test_a_division_with_its_kind_word_is_an_admin1_candidate(nlp: Language, text: str, written: str, country_code: str,
                                                              province: str) -> None:
    found = {(c.text, c.place.country_code, c.place.province, c.place.precision)
             for c in find_places(nlp(text), country_hints=[country_code])}
    assert (written, country_code, province, "admin1") in found


def test_the_reports_states_are_counted_in_its_own_country() -> None:
    # "Police" of "Police said" read three times as the Polish town does not outvote Virginia
    def candidate(text: str, source: str, province: str, country_code: str) -> PlaceCandidate:
        place = Place(extracted_place=text, resolved_place=text, province=province, country_code=country_code, feature="city")
        return PlaceCandidate(text=text, start=0, end=len(text), sentence=0, source=source, place=place)

    candidates = [candidate("Norfolk", "name", "Virginia", "US"), candidate("Richmond", "entity", "Virginia", "US"),
                  *[candidate("Police", "name", "West Pomeranian Voivodeship", "PL") for _ in range(3)],
                  candidate("Alexandria", "entity", "Virginia", "US"), candidate("Raleigh", "entity", "North Carolina", "US")]
    assert province_hints_of(candidates) == ["Virginia", "North Carolina"]


# ---------------------------------------------------------------- street addresses

@pytest.mark.parametrize(("text", "expected"), [
    ("a house party at 19 Plymouth St. in Bridgeport", [(19, False, "plymouth", "19 Plymouth St")]),
    ("at 18 Plymouth Street, near Asylum Street", [(18, False, "plymouth", "18 Plymouth Street")]),
    ("shot in the 15400 block of Murray Hill on the west side", [(15400, True, "murray hill", "15400 block of Murray Hill")]),
    ("the 15000 block of Murray Hill St near Keller", [(15000, True, "murray hill", "15000 block of Murray Hill St")]),
    ("in the 3400 block of West Lexington Street Sunday", [(3400, True, "w lexington", "3400 block of West Lexington Street")]),
    ("the 15400 block of Murray Hill Sunday night", [(15400, True, "murray hill", "15400 block of Murray Hill")]),
    ("the 100 block of North Avenue.", [(100, True, "north", "100 block of North Avenue")]),
    ("1200 W. Main Street", [(1200, False, "w main", "1200 W. Main Street")]),
    ("13 People were shot", []),  # a number and capitalised words, but no street type and no block
    ("a 2016 Ford Fusion", []),
    ("on Plymouth Street", []),  # a street with no number is no address to compare
])
def test_street_addresses(text: str, expected: list) -> None:
    assert [(a.number, a.block, a.street, a.text) for a in find_addresses(text)] == expected


@pytest.mark.parametrize(("a", "b", "compatible"), [
    ("19 Plymouth St", "18 Plymouth Street", False),  # one house, two numbers
    ("15000 block of Murray Hill", "15400 block of Murray Hill St", False),
    ("6315 Hearne Avenue", "6300 block of Hearne Ave.", True),  # the house is in the block
    ("6415 Hearne Avenue", "6300 block of Hearne Ave.", False),
    ("19 Plymouth St", "40 Asylum Street", True),  # another street: a cross street, no comparison
    ("19 Plymouth St", "19 Plymouth Street", True),
])
def test_addresses_agree_when_they_can_be_one_spot(a: str, b: str, compatible: bool) -> None:
    first, second = find_addresses(a)[0], find_addresses(b)[0]
    assert first.compatible(second) is compatible and second.compatible(first) is compatible


def _towns(nlp: Language, text: str) -> set[tuple[str, str | None]]:
    return {(c.place.resolved_place or "", c.place.country_code) for c in find_places(nlp(text)) if c.place.feature == "city"}


@pytest.mark.parametrize("text", [
    "Posted: Sunday, August 17, 2014 3:56 PM EDT\n\nA man was shot near a bar, the Memphis Police Department said.",
    "Relatives gathered around her Christmas tree a week after the boy was shot, Memphis police said.",
    "A state Trooper suffered a minor wound when the gunman fired at deputies, Memphis police said.",
    "The man was shot on Hacks Cross Road late Friday, Memphis police said.",
])
def test_time_zones_holidays_titles_and_street_names_are_no_towns(nlp: Language, text: str) -> None:
    assert _towns(nlp, text) == {("Memphis", "US")}


def test_a_common_noun_opening_a_sentence_is_no_town(nlp: Language) -> None:
    # "Police" is a town in Poland; the report writes "police" as the word it is
    text = ("Five people were injured in a shooting in Elgin early this morning, authorities said. Police said the gunman "
            "fled. The police did not say more.")
    assert {name for name, _ in _towns(nlp, text)} == {"Elgin"}


def test_a_small_town_abroad_the_report_gives_no_country_for_is_no_candidate(nlp: Language) -> None:
    # "a white SUV" (Suva, Fiji) and "the Honda" (Honda, Colombia) in a report of the Jackson police
    text = ("Two men inside the Honda were killed, Jackson Police Chief Lee Vance said. The gunmen left in a white SUV. "
            "Jackson Police Chief Lee Vance said the shooting was a retaliation.")
    assert {country for _, country in _towns(nlp, text)} == {"US"}


def test_a_town_abroad_stays_where_the_report_names_its_country(nlp: Language) -> None:
    text = "American tourists vacationing in Cape Town, South Africa were robbed. A woman was shot in Alford, England."
    assert ("Alford", "GB") in _towns(nlp, text)


def test_a_name_the_report_writes_as_a_state_is_the_state_elsewhere(nlp: Language) -> None:
    text = "Students held a vigil at a church in Marysville, Washington. The shooting at a Washington high school left two dead."
    found = [c for c in find_places(nlp(text), country_hints=["US"]) if c.text == "Washington"]
    assert found and all(c.place.feature == "admin1" and c.place.province == "Washington" for c in found)


def test_a_county_puts_the_reports_towns_in_its_state(nlp: Language) -> None:
    # Sterling, Virginia is the larger town; Whiteside County (one of its name) is in Illinois
    text = "STERLING – A boy was charged, Whiteside County State's Attorney Trish Joyce said. He was taken to a hospital in Sterling."
    assert {c.place.province for c in find_places(nlp(text), country_hints=["US"]) if c.text.title() == "Sterling"} == {"Illinois"}


def test_a_village_unknown_to_the_gazetteer_before_a_state_is_read_in_the_state() -> None:
    assert division_of("Carlton", "Georgia") == ("US", "Georgia")
    assert division_of("Tbilisi", "Georgia") is None  # a town of the country Georgia


def test_a_word_of_a_persons_name_is_marked(nlp: Language) -> None:
    text = "Darius Durham was shot near a bar in Denver. Durham was an up-and-coming rap singer, Denver police said."
    marks = {(c.text, c.person) for c in find_places(nlp(text), country_hints=["US"]) if c.place.feature == "city"}
    assert ("Durham", True) in marks and ("Denver", False) in marks


def _headline(nlp: Language, title: str, **context) -> list[tuple[str, str, str | None, str]]:
    return [(c.text, c.place.resolved_place or "", c.place.province, c.title_part)
            for c in find_headline_places(nlp(title), country_hints=["US"], **context) if c.place.feature == "city"]


def test_a_headline_names_the_town_a_boilerplate_body_leaves_out(nlp: Language) -> None:
    found = find_headline_places(nlp("Teen fatally shot in head in southwest Macon"), country_hints=["US"])
    assert [(c.source, c.place.resolved_place, c.place.province) for c in found] == [("headline", "Macon", "Georgia")]


def test_the_outlet_after_a_headline_is_told_from_its_story(nlp: Language) -> None:
    # the page title's outlet part names the station's home, which is not the story's words
    assert _headline(nlp, "Five people shot in apartment complex - WMC Action News 5 - Memphis, Tennessee") == [
        ("Memphis", "Memphis", "Tennessee", "outlet")]
    assert _headline(nlp, "Four injured in drive-by shooting in south Sacramento") == [
        ("south Sacramento", "Sacramento", "California", "story")]


def test_a_headline_town_is_read_in_the_bodys_state(nlp: Language) -> None:
    # the headline gives no state; the body's divisions do (Arlington, Virginia is the bigger one)
    assert _headline(nlp, "Teen dead in apparent accidental shooting in Arlington", province_hints=["Texas"]) == [
        ("Arlington", "Arlington", "Texas", "story")]


def test_a_headlines_capitalised_common_word_is_no_town(nlp: Language) -> None:
    # every word of a title-case headline is capitalised: "Hurt" (a town of Virginia) is the word the body writes
    title = "1 Dead, 6 Hurt After Shooting At Baby's Birthday Party"
    assert not _headline(nlp, title, lower_words=frozenset({"hurt", "shooting"}))
