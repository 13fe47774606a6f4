"""Fusion of hand-built mentions into one event (sitrep.fuse.fuse): values, evidence, confidence, disputes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from sitrep.fuse.fuse import event_id_for, fuse
from sitrep.records import Actor, Article, Claim, Event, Evidence, Mention, Place, TimeValue

KABUL = Place(extracted_place="Kabul", resolved_place="Kabul", geonameid=1138958, country="Afghanistan",
              country_code="AF", feature="city")
AFGHANISTAN = Place(extracted_place="Afghanistan", resolved_place="Afghanistan", geonameid=1149361,
                    country="Afghanistan", country_code="AF", feature="country")
PESHAWAR = Place(extracted_place="Peshawar", resolved_place="Peshawar", geonameid=1168197, country="Pakistan",
                 country_code="PK", feature="city")

# 1 - 0.5 ** (independent outlets + 0.5), rounded as fuse rounds it.
ONE_SOURCE = 0.646
TWO_SOURCES = 0.823


def _day(value: str) -> TimeValue:
    return TimeValue(value=value, precision="day", text=value, start=0, end=len(value))


def _month(value: str) -> TimeValue:
    return TimeValue(value=value, precision="month", text=value, start=0, end=len(value))


def _mention(mid: str, sentence: str, *, article: str = "a1", hedged: bool = False, modality: str = "asserted",
             category: str = "ASSAULT", mode: list[str] | None = None, dead: int | None = None,
             injured: int | None = None, arrested: int | None = None, victim: str | None = None,
             date: TimeValue | None = None, place: Place | None = None, actors: Sequence[str] = (),
             recipients: Sequence[str] = (), claimed_by: Sequence[tuple[str, str]] = (),
             weapons: Sequence[str] = ()) -> Mention:
    """One mention whose claims all rest on its sentence, shaped as extraction builds them."""
    evidence = Evidence(article=article, start=0, end=len(sentence), text=sentence, hedged=hedged)
    claims = [Claim(field="modality", value=modality, evidence=evidence)]
    for name, count in (("dead", dead), ("injured", injured), ("arrested", arrested)):
        if count is not None:
            claims.append(Claim(field=f"size.{name}", value={"count": count, "victim": victim}, evidence=evidence))
    if date is not None:
        claims.append(Claim(field="date", value={"value": date.value, "precision": date.precision, "text": date.text},
                            evidence=evidence))
    if place is not None:
        claims.append(Claim(field="event_loc", value=place.to_dict(), evidence=evidence))
    actor_records = [Actor(entity_text=name) for name in actors]
    recipient_records = [Actor(entity_text=name) for name in recipients]
    claims += [Claim(field="actor", value=a.to_dict(), evidence=evidence) for a in actor_records]
    claims += [Claim(field="recipient", value=r.to_dict(), evidence=evidence) for r in recipient_records]
    claims += [Claim(field="claimed_by", value={"entity_text": name, "status": status}, evidence=evidence)
               for name, status in claimed_by]
    return Mention(id=mid, article_id=article, category=category, mode=mode or [], context=[], modality=modality,
                   trigger="x", start=0, end=len(sentence), sentence=sentence, actors=actor_records,
                   recipients=recipient_records, place=place, date=date, dead=dead, injured=injured,
                   arrested=arrested, weapons=list(weapons), hedged=hedged, claims=claims)


def _fuse(*mentions: Mention, copies: dict[str, str] | None = None) -> Event:
    """Fuse the mentions; every article they name is an independent report unless `copies` maps it to its original."""
    copies = copies or {}
    articles = {m.article_id: Article(id=m.article_id, text=m.sentence, duplicate_of=copies.get(m.article_id))
                for m in mentions}
    return fuse("e1", list(mentions), articles)


def _dispute(event: Event, field: str) -> dict[Any, list[str]] | None:
    """The field's dispute as {value: [evidence sentences]}, or None when the field is not disputed."""
    found = [d for d in event.disputes if d.field == field]
    if not found:
        return None
    assert len(found) == 1
    return {_hashable(v["value"]): [e["text"] for e in v["evidence"]] for v in found[0].values}


def _weights(event: Event, field: str) -> dict[Any, float]:
    (dispute,) = [d for d in event.disputes if d.field == field]
    return {_hashable(v["value"]): v["weight"] for v in dispute.values}


def _hashable(value: Any) -> Any:
    """A dispute value as a dict key: a claim of responsibility by its claimant's name."""
    return value["entity_text"] if isinstance(value, dict) else value


def _texts(evidence: list[Evidence]) -> list[str]:
    return [e.text for e in evidence]


# --- one report -----------------------------------------------------------------------------


def test_a_single_report_gives_its_values() -> None:
    event = _fuse(_mention("m1", "Taliban fighters killed three police officers in Kabul on 5 March.", mode=["bombing"],
                           dead=3, date=_day("2024-03-05"), place=KABUL, actors=["Taliban"], recipients=["police"],
                           weapons=["bomb"]))
    assert (event.id, event.event, event.mode, event.modality) == ("e1", ["ASSAULT"], ["bombing"], "asserted")
    assert event.size == {"dead": 3, "injured": None, "arrested": None}
    assert (event.date, event.date_precision) == ("2024-03-05", "day")
    assert event.event_loc == KABUL
    assert [a.entity_text for a in event.actor] == ["Taliban"]
    assert [r.entity_text for r in event.recipient] == ["police"]
    assert event.weapons == ["bomb"]
    assert event.mention_ids == ["m1"]
    assert event.disputes == []


def test_a_single_report_gives_every_field_its_sentence_as_evidence() -> None:
    sentence = "Three people were killed in Kabul on 5 March."
    event = _fuse(_mention("m1", sentence, dead=3, date=_day("2024-03-05"), place=KABUL, actors=["Taliban"]))
    expected = [Evidence(article="a1", start=0, end=len(sentence), text=sentence)]
    assert event.evidence == {field: expected for field in ("modality", "date", "event_loc", "size.dead", "actor")}
    assert event.field_confidence == {"modality": 1.0, "date": 1.0, "event_loc": 1.0, "size.dead": 1.0}


def test_fields_no_report_states_stay_empty() -> None:
    event = _fuse(_mention("m1", "There was an attack."))
    assert (event.date, event.date_precision, event.event_loc) == (None, None, None)
    assert event.size == {"dead": None, "injured": None, "arrested": None}
    assert (event.actor, event.recipient, event.claimed_by) == ([], [], [])
    assert set(event.evidence) == {"modality"}


def _untold_zero(mention: Mention, field: str) -> Mention:
    """`mention` with the implied zero `zero_untold_tolls` gives a report that tells only the other toll."""
    evidence = Evidence(article=mention.article_id, start=0, end=len(mention.sentence), text=mention.sentence)
    mention.claims.append(Claim(field=f"size.{field}", value={"count": 0, "victim": None, "implied": True}, evidence=evidence))
    return mention


def test_an_implied_zero_toll_is_the_value_where_no_report_states_one() -> None:
    event = _fuse(_untold_zero(_mention("m1", "Two men were wounded.", injured=2), "dead"))
    assert event.size == {"dead": 0, "injured": 2, "arrested": None}
    assert _texts(event.evidence["size.dead"]) == ["Two men were wounded."]


def test_an_implied_zero_toll_never_stands_against_a_stated_one() -> None:
    event = _fuse(_untold_zero(_mention("m1", "Two men were wounded.", injured=2), "dead"),
                  _mention("m2", "One of the two men shot died.", article="a2", dead=1))
    assert event.size["dead"] == 1
    assert _dispute(event, "size.dead") is None


# --- agreement and confidence ---------------------------------------------------------------


def test_two_reports_agreeing_give_one_value_with_more_confidence_than_one() -> None:
    one = _fuse(_mention("m1", "Three people were killed.", dead=3))
    two = _fuse(_mention("m1", "Three people were killed.", dead=3),
                _mention("m2", "The attack killed three.", article="a2", dead=3))
    assert two.size["dead"] == one.size["dead"] == 3
    assert two.disputes == []
    assert _texts(two.evidence["size.dead"]) == ["Three people were killed.", "The attack killed three."]
    assert (one.confidence, two.confidence) == (ONE_SOURCE, TWO_SOURCES)


@pytest.mark.parametrize(
    ("counts", "chosen", "confidence"),
    [
        ([3], 3, 1.0),
        ([3, 3], 3, 1.0),  # agreement is all the weight: a share, not a count of reports
        ([3, 3, 5], 3, 0.667),
        ([5, 3, 3], 3, 0.667),  # the order reports arrive in does not matter
        ([3, 3, 3, 5], 3, 0.75),
    ],
)
def test_the_value_with_most_weight_is_chosen_and_its_share_is_the_confidence(
        counts: list[int], chosen: int, confidence: float) -> None:
    event = _fuse(*(_mention(f"m{i}", f"Report {i}.", article=f"a{i}", dead=n) for i, n in enumerate(counts)))
    assert event.size["dead"] == chosen
    assert event.field_confidence["size.dead"] == confidence


# --- disagreement ---------------------------------------------------------------------------


def test_two_reports_disagreeing_on_the_dead_count_give_a_dispute_with_each_values_sentence() -> None:
    event = _fuse(_mention("m1", "Three people were killed.", dead=3),
                  _mention("m2", "Five people died in the blast.", article="a2", dead=5))
    assert event.is_disputed
    assert _dispute(event, "size.dead") == {3: ["Three people were killed."], 5: ["Five people died in the blast."]}
    assert event.field_confidence["size.dead"] == 0.5


def test_a_dispute_records_the_weight_behind_each_value() -> None:
    event = _fuse(_mention("m1", "Three killed.", dead=3), _mention("m2", "Three dead.", article="a2", dead=3),
                  _mention("m3", "Five killed.", article="a3", dead=5))
    assert event.size["dead"] == 3
    assert _weights(event, "size.dead") == {3: 2.0, 5: 1.0}
    assert _dispute(event, "size.dead") == {3: ["Three killed.", "Three dead."], 5: ["Five killed."]}


@pytest.mark.parametrize("name", ["dead", "injured", "arrested"])
def test_every_count_is_fused_and_disputed_on_its_own(name: str) -> None:
    event = _fuse(_mention("m1", "First report.", **{name: 2}),
                  _mention("m2", "Second report.", article="a2", **{name: 4}))
    assert event.size == {"dead": None, "injured": None, "arrested": None} | {name: 2}
    assert [d.field for d in event.disputes] == [f"size.{name}"]


# --- hedged claims --------------------------------------------------------------------------


@pytest.mark.parametrize("hedged_first", [True, False])
def test_a_hedged_claim_weighs_half_an_asserted_one(hedged_first: bool) -> None:
    asserted = _mention("m1", "Police said three people were killed.", dead=3)
    hedged = _mention("m2", "Five people were reportedly killed.", article="a2", dead=5, hedged=True)
    event = _fuse(*((hedged, asserted) if hedged_first else (asserted, hedged)))
    assert event.size["dead"] == 3
    assert event.field_confidence["size.dead"] == 0.667  # 1 / (1 + 0.5)


def test_two_hedged_claims_stand_against_an_asserted_one_as_a_dispute() -> None:
    event = _fuse(_mention("m1", "Police said three people were killed.", dead=3),
                  _mention("m2", "Five were reportedly killed.", article="a2", dead=5, hedged=True),
                  _mention("m3", "Sources said five died.", article="a3", dead=5, hedged=True))
    assert _weights(event, "size.dead") == {3: 1.0, 5: 1.0}


def test_a_record_resting_only_on_hedged_reports_has_half_the_confidence() -> None:
    plain = _fuse(_mention("m1", "Three people were killed.", dead=3))
    hedged = _fuse(_mention("m1", "Three people were reportedly killed.", dead=3, hedged=True))
    partly = _fuse(_mention("m1", "Three people were reportedly killed.", dead=3, hedged=True),
                   _mention("m2", "Police said three were killed.", dead=3))
    assert (plain.confidence, hedged.confidence, partly.confidence) == (ONE_SOURCE, 0.323, ONE_SOURCE)


# --- wire copies ----------------------------------------------------------------------------


def test_a_wire_copy_does_not_count_as_a_second_source() -> None:
    event = _fuse(_mention("m1", "Three people were killed.", article="orig", dead=3),
                  _mention("m2", "Three people were killed.", article="copy", dead=3), copies={"copy": "orig"})
    assert event.confidence == ONE_SOURCE
    assert [(s.article, s.duplicate_of) for s in event.sources] == [("orig", None), ("copy", "orig")]


def test_a_wire_copy_disagreeing_with_its_original_raises_no_dispute() -> None:
    event = _fuse(_mention("m1", "Three people were killed.", article="orig", dead=3),
                  _mention("m2", "Four people were killed.", article="copy", dead=4), copies={"copy": "orig"})
    assert event.size["dead"] == 3
    assert event.disputes == []
    assert event.field_confidence["size.dead"] == 1.0


def test_a_wire_copy_adds_no_weight_to_the_value_it_repeats() -> None:
    # Counted as a report, the copy would tie 3 with 5 and the first-seen 3 would win.
    event = _fuse(_mention("m1", "Three killed.", article="a1", dead=3),
                  _mention("m2", "Three killed.", article="a1-copy", dead=3),
                  _mention("m3", "Five killed.", article="a3", dead=5),
                  _mention("m4", "Five dead.", article="a4", dead=5), copies={"a1-copy": "a1"})
    assert event.size["dead"] == 5
    assert _weights(event, "size.dead") == {5: 2.0, 3: 1.0}


# --- modality -------------------------------------------------------------------------------


@pytest.mark.parametrize("later_first", [True, False])
def test_between_two_equally_supported_days_the_earlier_is_the_incidents(later_first: bool) -> None:
    # the follow-up names the day of the arrest, the first report the day of the shooting
    shooting = _mention("m1", "A man was shot on Sunday.", date=_day("2024-03-03"))
    arrest = _mention("m2", "Police said Thursday they arrested the gunman.", article="a2", date=_day("2024-03-07"))
    event = _fuse(*((arrest, shooting) if later_first else (shooting, arrest)))
    assert event.date == "2024-03-03"


def _headline(mention: Mention, *fields: str) -> Mention:
    """The mention as the slot models leave an article's headline event: its fields chosen among the article's candidates."""
    mention.is_main = True
    mention.slot_confidence = {name: 0.9 for name in fields}
    return mention


def test_a_reports_other_mentions_do_not_outvote_the_day_its_slot_model_chose() -> None:
    headline = _headline(_mention("m1", "A man was shot on Sunday in Kabul.", date=_day("2024-03-03")), "date")
    event = _fuse(headline,
                  _mention("m2", "Police said Thursday they arrested the gunman.", date=_day("2024-03-07")),
                  _mention("m3", "On Thursday the police chief spoke of the shooting.", date=_day("2024-03-07")))
    assert event.date == "2024-03-03"
    assert _dispute(event, "date") is None


def test_without_a_slot_choice_every_mention_of_a_report_votes_on_the_day() -> None:
    event = _fuse(_mention("m1", "A man was shot on Sunday in Kabul.", date=_day("2024-03-03")),
                  _mention("m2", "Police said Thursday they arrested the gunman.", date=_day("2024-03-07")),
                  _mention("m3", "On Thursday the police chief spoke of the shooting.", date=_day("2024-03-07")))
    assert event.date == "2024-03-07"


def test_a_reports_other_mentions_do_not_outvote_the_place_its_slot_model_chose() -> None:
    # the victim was taken to a hospital in another city: that sentence is not the scene
    headline = _headline(_mention("m1", "A man was shot in Kabul.", place=KABUL), "event_loc")
    event = _fuse(headline,
                  _mention("m2", "He was flown to a hospital in Peshawar.", place=PESHAWAR),
                  _mention("m3", "Doctors in Peshawar said he was stable.", place=PESHAWAR))
    assert event.event_loc.resolved_place == "Kabul"
    assert _dispute(event, "event_loc") is None


def test_another_reports_mentions_still_vote_against_a_slot_choice() -> None:
    headline = _headline(_mention("m1", "A man was shot on Sunday.", date=_day("2024-03-03")), "date")
    event = _fuse(headline,
                  _mention("m2", "The shooting was on Saturday.", article="a2", date=_day("2024-03-02")),
                  _mention("m3", "It happened on Saturday night.", article="a3", date=_day("2024-03-02")))
    assert event.date == "2024-03-02"


@pytest.mark.parametrize(
    ("first", "second", "disputed"),
    [
        ("asserted", "negated", True),
        ("negated", "asserted", True),
        ("future", "negated", True),
        ("asserted", "future", True),
        ("asserted", "hypothetical", False),
        ("asserted", "historical", False),
        ("negated", "negated", False),
    ],
)
def test_only_contradictory_modalities_are_disputed(first: str, second: str, disputed: bool) -> None:
    event = _fuse(_mention("m1", "First report.", modality=first),
                  _mention("m2", "Second report.", article="a2", modality=second))
    assert (_dispute(event, "modality") is not None) == disputed


def test_an_asserted_and_a_negated_report_give_a_modality_dispute_with_both_sentences() -> None:
    event = _fuse(_mention("m1", "A suicide bomber struck the checkpoint."),
                  _mention("m2", "Police denied that any attack took place.", article="a2", modality="negated"))
    assert event.modality == "asserted"
    assert _dispute(event, "modality") == {"asserted": ["A suicide bomber struck the checkpoint."],
                                           "negated": ["Police denied that any attack took place."]}
    assert _texts(event.evidence["modality"]) == ["A suicide bomber struck the checkpoint.",
                                                  "Police denied that any attack took place."]


def test_the_better_supported_modality_is_chosen() -> None:
    event = _fuse(_mention("m1", "An attack was reported."),
                  _mention("m2", "No attack took place.", article="a2", modality="negated"),
                  _mention("m3", "Officials denied an attack.", article="a3", modality="negated"))
    assert event.modality == "negated"
    assert event.field_confidence["modality"] == 0.667


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize("day_first", [True, False])
def test_a_day_beats_the_month_that_contains_it(day_first: bool) -> None:
    day = _mention("m1", "The attack happened on 5 March.", date=_day("2024-03-05"))
    month = _mention("m2", "The attack happened in March.", article="a2", date=_month("2024-03"))
    event = _fuse(*((day, month) if day_first else (month, day)))
    assert (event.date, event.date_precision) == ("2024-03-05", "day")
    assert event.disputes == []


def test_a_month_reported_twice_lends_its_weight_to_the_day_inside_it() -> None:
    event = _fuse(_mention("m1", "The attack happened on 5 March.", date=_day("2024-03-05")),
                  _mention("m2", "The attack happened in March.", article="a2", date=_month("2024-03")),
                  _mention("m3", "It was in March.", article="a3", date=_month("2024-03")))
    assert (event.date, event.date_precision) == ("2024-03-05", "day")


def test_a_better_supported_day_beats_a_rival_day() -> None:
    event = _fuse(_mention("m1", "On 9 March.", date=_day("2024-03-09")),
                  _mention("m2", "On 5 March.", article="a2", date=_day("2024-03-05")),
                  _mention("m3", "In March, on the 5th.", article="a3", date=_day("2024-03-05")))
    assert event.date == "2024-03-05"


@pytest.mark.parametrize(
    ("first", "second", "disputed"),
    [
        (_day("2024-03-05"), _day("2024-03-06"), False),  # a day apart: a report filed after midnight
        (_day("2024-03-31"), _day("2024-04-01"), False),  # a day apart across a month
        (_day("2024-03-05"), _day("2024-03-07"), True),
        (_day("2024-03-05"), _day("2023-03-05"), True),
        (_day("2024-03-05"), _month("2024-03"), False),
        (_day("2024-04-02"), _month("2024-03"), True),  # a month that does not contain the day
    ],
)
def test_dates_are_disputed_only_when_they_cannot_both_be_right(first: TimeValue, second: TimeValue,
                                                                disputed: bool) -> None:
    event = _fuse(_mention("m1", "First report.", date=first),
                  _mention("m2", "Second report.", article="a2", date=second))
    assert (_dispute(event, "date") is not None) == disputed


def test_a_date_dispute_lists_each_iso_date_with_its_sentence() -> None:
    event = _fuse(_mention("m1", "The bombing on 5 March.", date=_day("2024-03-05")),
                  _mention("m2", "The bombing on 9 March.", article="a2", date=_day("2024-03-09")))
    assert _dispute(event, "date") == {"2024-03-05": ["The bombing on 5 March."],
                                       "2024-03-09": ["The bombing on 9 March."]}


# --- places ---------------------------------------------------------------------------------


def test_a_city_beats_its_country_and_agrees_with_it() -> None:
    event = _fuse(_mention("m1", "An attack in Afghanistan.", place=AFGHANISTAN),
                  _mention("m2", "An attack in Afghanistan.", article="a2", place=AFGHANISTAN),
                  _mention("m3", "An attack in Kabul.", article="a3", place=KABUL))
    assert event.event_loc == KABUL
    assert event.disputes == []
    assert _texts(event.evidence["event_loc"]) == ["An attack in Kabul."]


def test_cities_in_different_countries_give_a_place_dispute() -> None:
    event = _fuse(_mention("m1", "A blast in Kabul.", place=KABUL),
                  _mention("m2", "A blast in Peshawar.", article="a2", place=PESHAWAR))
    assert event.event_loc == KABUL
    assert _dispute(event, "event_loc") == {"Kabul": ["A blast in Kabul."], "Peshawar": ["A blast in Peshawar."]}


def test_a_country_named_in_a_report_agrees_with_a_city_abroad() -> None:
    # A country often names a party to the event, not its scene.
    event = _fuse(_mention("m1", "Afghanistan condemned the blast.", place=AFGHANISTAN),
                  _mention("m2", "A blast in Peshawar.", article="a2", place=PESHAWAR))
    assert event.event_loc == PESHAWAR
    assert event.disputes == []


def test_the_event_keeps_the_modes_of_its_own_category_only() -> None:
    bombing = _mention("m1", "A bomb exploded at the station.", mode=["explosives"])
    arrest = _mention("m2", "Police arrested two men over the bombing.", article="a2", category="COERCE", mode=["arrest"])
    assert _fuse(bombing, arrest).mode == ["explosives"]


# --- killed and injured ---------------------------------------------------------------------


def test_the_same_victim_killed_in_one_sentence_and_injured_in_another_is_a_claim_of_zero_dead() -> None:
    event = _fuse(_mention("m1", "A guard was killed in the attack.", dead=1, victim="guard"),
                  _mention("m2", "The guard was injured and taken to hospital.", article="a2", injured=1,
                           victim="guard"))
    assert _dispute(event, "size.dead") == {1: ["A guard was killed in the attack."],
                                            0: ["The guard was injured and taken to hospital."]}
    assert event.size["injured"] == 1


def test_a_count_of_injured_in_a_sentence_naming_the_dead_victim_implies_no_zero_dead() -> None:
    # "The melee left nine people wounded and claimed the life of X": the nine are the others
    event = _fuse(_mention("m1", "X died in the shooting.", dead=1, victim="X"),
                  _mention("m2", "The melee left nine people wounded and claimed the life of X.", article="a2",
                           injured=9, victim="X"))
    assert event.size["dead"] == 1
    assert event.disputes == []


def test_killed_and_injured_in_one_sentence_are_different_people_and_imply_no_zero() -> None:
    # "Two people were shot, one of them fatally": one dead, one injured, no dispute
    event = _fuse(_mention("m1", "Two people were shot, one of them fatally.", dead=1, injured=1, victim="people"))
    assert event.size == {"dead": 1, "injured": 1, "arrested": None}
    assert event.disputes == []


def test_killed_and_injured_victims_of_different_kinds_imply_nothing_about_the_dead() -> None:
    event = _fuse(_mention("m1", "A guard was killed.", dead=1, victim="guard"),
                  _mention("m2", "A soldier was injured.", article="a2", injured=1, victim="soldier"))
    assert event.size == {"dead": 1, "injured": 1, "arrested": None}
    assert event.disputes == []


# --- claims of responsibility ---------------------------------------------------------------


def test_two_different_claimants_give_a_claimed_by_dispute_and_both_are_kept() -> None:
    event = _fuse(_mention("m1", "The TTP claimed the attack.", claimed_by=[("TTP", "claimed")]),
                  _mention("m2", "Islamic State claimed the attack.", article="a2",
                           claimed_by=[("Islamic State", "claimed")]))
    assert [c["entity_text"] for c in event.claimed_by] == ["TTP", "Islamic State"]
    assert _dispute(event, "claimed_by") == {"TTP": ["The TTP claimed the attack."],
                                             "Islamic State": ["Islamic State claimed the attack."]}


def test_one_claimant_spelled_two_ways_is_one_claim() -> None:
    event = _fuse(_mention("m1", "Jaish-e-Mohammad claimed it.", claimed_by=[("Jaish-e-Mohammad", "claimed")]),
                  _mention("m2", "Jaish e Mohammad claimed it.", article="a2",
                           claimed_by=[("Jaish e Mohammad", "claimed")]))
    assert event.claimed_by == [{"entity_text": "Jaish-e-Mohammad", "status": "claimed"}]
    assert event.disputes == []


def test_a_claim_and_a_denial_by_another_group_are_not_a_dispute() -> None:
    event = _fuse(_mention("m1", "The TTP claimed the attack.", claimed_by=[("TTP", "claimed")]),
                  _mention("m2", "The Afghan Taliban denied involvement.", article="a2",
                           claimed_by=[("Afghan Taliban", "denied")]))
    assert event.claimed_by == [{"entity_text": "TTP", "status": "claimed"},
                                {"entity_text": "Afghan Taliban", "status": "denied"}]
    assert event.disputes == []


# --- participants, category and the rest ----------------------------------------------------


def test_the_three_best_supported_actors_are_kept_best_first() -> None:
    event = _fuse(_mention("m1", "First report.", actors=["Alpha", "Bravo", "Charlie"]),
                  _mention("m2", "Second report.", article="a2", actors=["Delta", "Charlie"]))
    assert [a.entity_text for a in event.actor] == ["Charlie", "Alpha", "Bravo"]


def test_the_event_takes_the_category_most_reports_give() -> None:
    event = _fuse(_mention("m1", "They clashed.", category="FIGHT"),
                  _mention("m2", "A bomb went off.", article="a2", category="ASSAULT"),
                  _mention("m3", "A bomb exploded.", article="a3", category="ASSAULT"))
    assert event.event == ["ASSAULT"]


def test_modes_contexts_and_weapons_are_the_union_of_the_reports() -> None:
    first = _mention("m2", "First report.", mode=["suicide", "bombing"], weapons=["explosive", "rifle"])
    first.context = ["terrorism"]
    second = _mention("m1", "Second report.", article="a2", mode=["bombing"], weapons=["rifle", "grenade"])
    second.context = ["military"]
    event = _fuse(first, second)
    assert event.mode == ["bombing", "suicide"]
    assert event.context == ["military", "terrorism"]
    assert event.weapons == ["explosive", "rifle", "grenade"]
    assert event.mention_ids == ["m1", "m2"]


# --- sources --------------------------------------------------------------------------------


def test_sources_list_each_article_once_in_mention_order_with_its_metadata() -> None:
    articles = {
        "a1": Article(id="a1", text="...", title="Blast in Kabul", url="https://example.org/1", publication="Dawn",
                      published="2024-03-05"),
        "a2": Article(id="a2", text="...", title="Kabul attack", url="https://example.org/2", publication="Tolo",
                      published="2024-03-06"),
    }
    mentions = [_mention("m1", "A blast.", article="a2"), _mention("m2", "Three killed.", article="a1"),
                _mention("m3", "The blast.", article="a2")]
    event = fuse("e1", mentions, articles)
    assert [(s.article, s.publication, s.title, s.url, s.published) for s in event.sources] == [
        ("a2", "Tolo", "Kabul attack", "https://example.org/2", "2024-03-06"),
        ("a1", "Dawn", "Blast in Kabul", "https://example.org/1", "2024-03-05"),
    ]
    assert event.confidence == TWO_SOURCES


def test_a_mention_whose_article_is_not_given_is_not_a_source() -> None:
    event = fuse("e1", [_mention("m1", "A blast.", article="a1"), _mention("m2", "A blast.", article="gone")],
                 {"a1": Article(id="a1", text="...")})
    assert [s.article for s in event.sources] == ["a1"]
    assert event.confidence == ONE_SOURCE


# --- event ids ------------------------------------------------------------------------------


def test_event_id_depends_only_on_the_mention_id() -> None:
    first = _mention("m1", "A blast in Kabul.", place=KABUL)
    same_id = _mention("m1", "Another sentence entirely.", article="a2", category="FIGHT")
    assert event_id_for(first) == event_id_for(same_id)
    assert event_id_for(first) != event_id_for(_mention("m2", "A blast in Kabul.", place=KABUL))


def test_event_id_is_stable_across_versions() -> None:
    # Stored events are keyed on it: a change here orphans every event already in a database.
    assert event_id_for(_mention("m1", "A blast.")) == "1091d6451072c2b4"


# --- summary --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "summary"),
    [
        ({}, "ASSAULT"),
        ({"mode": ["bombing"], "actors": ["Taliban"], "recipients": ["police"], "place": KABUL,
          "date": _day("2024-03-05"), "dead": 3, "injured": 2},
         "ASSAULT (bombing) by Taliban against police in Kabul on 2024-03-05; 3 dead, 2 injured"),
        ({"mode": ["suicide", "bombing", "ambush"]}, "ASSAULT (ambush, bombing)"),  # two modes at most, sorted
        ({"modality": "negated", "place": KABUL}, "ASSAULT [negated] in Kabul"),
        ({"place": Place(extracted_place="Shah Wali Kot")}, "ASSAULT in Shah Wali Kot"),  # unresolved place
        ({"dead": 0, "arrested": 4}, "ASSAULT; 0 dead, 4 arrested"),
    ],
)
def test_the_summary_is_one_line_of_the_fused_values(fields: dict[str, Any], summary: str) -> None:
    assert _fuse(_mention("m1", "A report.", **fields)).summary == summary


# ---------------------------------------------------------------- firm sides of a dispute

def _picked(mention: Mention, **confidence: float) -> Mention:
    """The mention as the slot models leave a report's headline event: main, with their confidences."""
    mention.is_main = True
    mention.slot_confidence = {name.replace("_", "."): value for name, value in confidence.items()}
    return mention


def test_two_confident_slot_picks_that_disagree_on_the_toll_are_a_dispute() -> None:
    event = _fuse(_picked(_mention("m1", "Three people were killed.", dead=3), size_dead=0.9),
                  _picked(_mention("m2", "Five people died.", article="a2", dead=5), size_dead=0.8))
    assert [d.field for d in event.disputes] == ["size.dead"]


def test_a_toll_the_slot_models_were_unsure_of_is_no_side_of_a_dispute() -> None:
    event = _fuse(_picked(_mention("m1", "Three people were killed.", dead=3), size_dead=0.9),
                  _picked(_mention("m2", "Five people died.", article="a2", dead=5), size_dead=0.35))
    assert not event.disputes
    assert {entry.value for entry in event.history["size.dead"]} == {3, 5}  # both still in the history


def test_a_passing_mention_in_a_report_about_something_else_is_no_side_of_a_dispute() -> None:
    """The second report's headline is another event (its arrest, say): its rule-read date for the
    shooting is not the slot models' choice, so it does not contradict the first report's day."""
    event = _fuse(_picked(_mention("m1", "Shot on Sunday.", date=_day("2015-11-22")), date=0.95),
                  _mention("m2", "He was booked Thursday.", article="a2", date=_day("2015-12-10")))
    assert not event.disputes
    assert event.date == "2015-11-22"


def test_a_date_pick_below_the_date_threshold_is_no_side_of_a_dispute() -> None:
    event = _fuse(_picked(_mention("m1", "Shot on Sunday.", date=_day("2016-06-12")), date=0.95),
                  _picked(_mention("m2", "He told reporters on Tuesday.", article="a2", date=_day("2016-06-14")),
                            date=0.6))
    assert not event.disputes


@pytest.mark.parametrize("sentence", [
    "Two people were killed and four others were hurt in three separate shootings early Sunday.",
    "Three died and 16 were wounded in seven separate shootings across the city over the weekend.",
])
def test_a_roundup_toll_over_several_incidents_is_no_side_of_a_dispute(sentence: str) -> None:
    event = _fuse(_mention("m1", "One man was killed.", dead=1),
                  _mention("m2", sentence, article="a2", dead=2))
    assert not event.disputes


def test_a_named_victim_injured_in_one_report_and_killed_in_another_is_firm_against_a_pick() -> None:
    killed = _picked(_mention("m1", "A guard was killed.", dead=1, victim="guard"), size_dead=0.565)
    injured = _mention("m2", "A guard was injured.", article="a2", injured=1, victim="guard")
    event = _fuse(killed, _picked(injured, size_injured=0.7))
    assert {v["value"] for d in event.disputes if d.field == "size.dead" for v in d.values} == {0, 1}


def test_a_confident_date_pick_outweighs_a_toss_up_from_another_report() -> None:
    """Counted alike, the earlier day would win the tie; weighed by the date model's probability,
    the report that named the shooting's day plainly carries it."""
    event = _fuse(_picked(_mention("m1", "Police said Wednesday night they were looking for him.", date=_day("2014-01-15")),
                          date=0.55),
                  _picked(_mention("m2", "He was shot and killed Thursday night.", article="a2", date=_day("2014-01-16")),
                          date=0.95))
    assert event.date == "2014-01-16"


def test_a_passing_mention_and_a_toss_up_do_not_outvote_a_confident_pick() -> None:
    event = _fuse(_picked(_mention("m1", "A man was shot and killed early Sunday morning.", date=_day("2014-03-23")),
                          date=0.99),
                  _picked(_mention("m2", "Police said Thursday they arrested a suspect.", article="a2",
                                   date=_day("2014-03-27")), date=0.14),
                  _mention("m3", "He was arrested Thursday in the bar shooting.", article="a3", date=_day("2014-03-27")))
    assert event.date == "2014-03-23"


def test_an_implied_day_counts_only_where_no_report_states_one() -> None:
    implied = _mention("m1", "An early morning shooting left two dead.")
    implied.claims.append(Claim(field="date", value={"value": "2014-06-26", "precision": "day", "text": "", "implied": True},
                                evidence=implied.claims[0].evidence))
    assert _fuse(implied).date == "2014-06-26"
    stated = _mention("m2", "Two men were shot dead on Tuesday.", article="a2", date=_day("2014-06-24"))
    event = _fuse(implied, stated)
    assert event.date == "2014-06-24" and not event.disputes
