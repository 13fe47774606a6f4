"""Which mentions that join no event make one of their own (sitrep.link.events.founds_event)."""

from __future__ import annotations

from sitrep.link.events import founds_event
from sitrep.records import Argument, Claim, Evidence, Mention, Place

SENTENCE = "The minister vowed to prosecute the orchestrators of the attack."


def _mention(*, modality: str = "asserted", definite: bool = False, is_main: bool = False, **fields) -> Mention:
    return Mention(id="m1", article_id="a1", category="ASSAULT", mode=[], context=[], modality=modality,
                   trigger="attack", start=100, end=100 + len(SENTENCE), sentence=SENTENCE, definite=definite,
                   is_main=is_main, **fields)


def test_a_passing_assertion_founds_an_event() -> None:
    assert founds_event(_mention())


def test_a_passing_open_question_founds_none_but_a_headline_does() -> None:
    assert not founds_event(_mention(modality="hypothetical"))
    assert founds_event(_mention(modality="hypothetical", is_main=True))


def test_a_definite_reference_with_nothing_of_its_own_founds_none() -> None:
    assert not founds_event(_mention(definite=True))
    country = Place(extracted_place="Pakistan", resolved_place="Pakistan", feature="country", precision="country")
    assert not founds_event(_mention(definite=True, place=country))


def test_a_definite_reference_with_a_place_a_toll_or_a_name_of_its_own_founds_one() -> None:
    city = Place(extracted_place="Kabul", resolved_place="Kabul", feature="city", precision="city")
    assert founds_event(_mention(definite=True, place=city))
    toll = Claim(field="size.dead", value={"count": 2, "victim": None}, evidence=Evidence(article="a1", start=100, end=160, text=SENTENCE))
    assert founds_event(_mention(definite=True, claims=[toll]))
    named = Argument(role="victim", text="Ali Khan", start=110, end=118, probability=0.9)
    assert founds_event(_mention(definite=True, arguments=[named]))


def test_a_name_the_role_model_read_in_another_sentence_is_not_the_references_own() -> None:
    elsewhere = Argument(role="perp_individual", text="Pakistan", start=400, end=408, probability=0.2)
    assert not founds_event(_mention(definite=True, arguments=[elsewhere]))
