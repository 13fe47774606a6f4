"""Place candidates of a report (sitrep.analyze.places): datelines, divisions, names the recognizer missed."""

from __future__ import annotations

import pytest
from spacy.language import Language

from sitrep.analyze.nlp import load_nlp
from sitrep.analyze.places import division, find_places


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


def test_a_town_misread_as_a_person_before_police_is_a_candidate(nlp: Language) -> None:
    # the recognizer reads "Norfolk" of "Norfolk police said" as a person
    found = _places(nlp, "Two men were fatally shot early Wednesday on Rockingham Street, Norfolk police said.")
    assert "Norfolk" in {name for _, name, _, _ in found}
