"""Which event a mention joins before the linker is asked (a wire copy's, `copied_event`), which
mentions that join none make one of their own (`founds_event`), and which stay with their report's
event (`is_anaphoric`)."""

from __future__ import annotations

from sitrep.link.events import copied_event, founds_event, is_anaphoric
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


WARNING = "Officials have warned that small armed groups are trying to show they can still strike."


def _stored(mid: str, sentence: str, event_id: str | None, category: str = "THREATEN") -> Mention:
    return Mention(id=mid, article_id="original", category=category, mode=[], context=[], modality="asserted",
                   trigger="warned", start=0, end=len(sentence), sentence=sentence, event_id=event_id)


def test_a_wire_copys_mention_joins_the_event_of_the_sentence_it_restates() -> None:
    original = [_stored("o1", "A bomb exploded at the bus station.", "e-bomb", "ASSAULT"), _stored("o2", WARNING, "e-warning")]
    copy = _stored("c1", WARNING.replace("have warned", "warned"), None)
    assert copied_event(copy, original) == "e-warning"


def test_a_copys_mention_of_another_category_or_sentence_joins_nothing_by_copy() -> None:
    original = [_stored("o2", WARNING, "e-warning")]
    assert copied_event(_stored("c1", WARNING, None, category="ASSAULT"), original) is None
    assert copied_event(_stored("c2", "The minister warned of reprisals against the rebels.", None), original) is None


def test_a_mention_with_no_date_and_no_place_finer_than_a_country_is_anaphoric() -> None:
    country = Place(extracted_place="Pakistan", resolved_place="Pakistan", feature="country", precision="country")
    city = Place(extracted_place="Kabul", resolved_place="Kabul", feature="city", precision="city")
    assert is_anaphoric(_mention())
    assert is_anaphoric(_mention(place=country))
    assert not is_anaphoric(_mention(place=city))
    assert not is_anaphoric(_mention(date="2026-11-30"))
