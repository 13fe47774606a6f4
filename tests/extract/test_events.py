"""Event mentions end to end (sitrep.extract.events.Extractor, shipped models) and the pure helpers,
on hand-written sentences. Each end-to-end test parses one short report."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from sitrep.analyze.timex import find_times
from sitrep.extract.events import Analysis, Extractor, _arrested_suspects, _casualties, _claims_of_responsibility, casualty_statements, _is_dateline, _words_pattern, find_acronyms
from sitrep.records import Article, Mention, article_id_for

REFERENCE = dt.date(2024, 5, 8)  # a Wednesday


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="module")
def reader() -> Extractor:
    # the rules and the role model without the event model: for what extraction reads of a mention
    # (roles, counts, claims, modality, dates), whether or not the event model would keep a
    # one-sentence report of it; what the event model keeps is tested on its own below
    return Extractor(detect=False)


def _analyse(nlp: Language, extractor: Extractor, text: str) -> Analysis:
    article = Article(id=article_id_for(text), text=text)
    return extractor.extract(article, nlp(text), reference=REFERENCE)


def _mentions(nlp: Language, extractor: Extractor, text: str, category: str) -> list[Mention]:
    return [m for m in _analyse(nlp, extractor, text).mentions if m.category == category]


def _assault(nlp: Language, extractor: Extractor, text: str) -> Mention:
    found = _mentions(nlp, extractor, text, "ASSAULT")
    assert len(found) == 1, f"expected one ASSAULT mention in {text!r}, got {[m.trigger for m in found]}"
    return found[0]


def _words(actors) -> set[str]:
    return {word for actor in actors for word in actor.entity_text.split()}


# ---------------------------------------------------------------------------- who did what to whom
def test_active_voice_subject_is_the_actor_and_object_the_recipient(nlp: Language, reader: Extractor) -> None:
    mention = _assault(nlp, reader, "Gunmen killed two farmers near the river.")
    assert "Gunmen" in _words(mention.actors)
    assert "farmers" in _words(mention.recipients)
    assert "farmers" not in _words(mention.actors)


def test_passive_voice_the_by_agent_is_the_actor_and_the_subject_the_recipient(nlp: Language, reader: Extractor) -> None:
    mention = _assault(nlp, reader, "Three police officers were killed by rebels in the north.")
    assert _words(mention.actors) == {"rebels"}
    assert "officers" in _words(mention.recipients)
    assert mention.dead == 3


def test_passive_voice_with_wounded_keeps_the_wounded_as_recipients(nlp: Language, reader: Extractor) -> None:
    mention = _assault(nlp, reader, "Three police officers were wounded by rebels.")
    assert "officers" in _words(mention.recipients)


def test_passive_voice_with_wounded_counts_the_injured(nlp: Language, reader: Extractor) -> None:
    mention = _assault(nlp, reader, "Three police officers were wounded by rebels.")
    assert (mention.dead, mention.injured) == (None, 3)
    assert "rebels" in _words(mention.actors)


def test_coordinated_victims_are_all_recipients_and_all_counted(nlp: Language, reader: Extractor) -> None:
    mention = _assault(nlp, reader, "A soldier and a teacher were killed in the blast.")
    assert {"soldier", "teacher"} <= _words(mention.recipients)
    assert mention.dead == 2


@pytest.mark.xfail(reason="with 'were wounded' the coordinated victims are counted (injured=2) but "
                          "recipients come out empty", strict=True)
def test_coordinated_wounded_are_all_recipients(nlp: Language, reader: Extractor) -> None:
    mention = _assault(nlp, reader, "A soldier and a teacher were wounded in the blast.")
    assert {"soldier", "teacher"} <= _words(mention.recipients)


def test_coordinated_clauses_count_the_dead_and_the_injured_apart(nlp: Language, reader: Extractor) -> None:
    mention = _assault(nlp, reader, "Two people were killed and five others were wounded.")
    assert (mention.dead, mention.injured) == (2, 5)


def test_the_instrument_is_a_weapon_not_a_recipient(nlp: Language, reader: Extractor) -> None:
    mention = _assault(nlp, reader, "A gunman killed a guard with a rifle.")
    assert "rifle" in mention.weapons
    assert "rifle" not in _words(mention.recipients)


@pytest.mark.parametrize(
    ("text", "weapon"),
    [
        ("Militants detonated a car bomb outside the ministry.", "car bomb"),
        ("A gunman killed a guard with a rifle.", "rifle"),
        ("A man shot his neighbor with a Glock, police said.", "Glock"),
        ("The gunman killed two men with an AR-15.", "AR-15"),
    ],
)
def test_the_weapon_is_read(nlp: Language, reader: Extractor, text: str, weapon: str) -> None:
    assert weapon in _assault(nlp, reader, text).weapons


def test_a_weapon_named_in_a_sentence_of_its_own_goes_to_the_reported_attack(nlp: Language, reader: Extractor) -> None:
    mention = _assault(nlp, reader, "A gunman killed a clerk on Main Street. Police later found a shotgun in his car.")
    assert "shotgun" in mention.weapons


def test_the_pronoun_mine_is_no_landmine(nlp: Language, reader: Extractor) -> None:
    mention = _assault(nlp, reader, "A gunman killed a clerk on Main Street. \"He was a friend of mine,\" a neighbour said.")
    assert "landmine" not in mention.weapons


def test_the_person_an_arrest_names_is_a_suspect_of_the_reported_attack(nlp: Language, extractor: Extractor) -> None:
    text = ("A gunman killed a man on Bourbon Street on Sunday. Louisiana State Police found and arrested "
            "Kavon Manuel, 20, at a home in the Lafayette area.")
    attack = _assault(nlp, extractor, text)
    assert ("perp_individual", "Kavon Manuel") in [(a.role, a.text) for a in attack.arguments]
    assert "Kavon Manuel" in [a.entity_text for a in attack.actors]
    # the age after the name is kept with it, for fusion to compare across reports
    assert [a.age for a in attack.arguments if a.text == "Kavon Manuel"] == [20]


@pytest.mark.parametrize("text, suspects", [
    ("Police arrested Kavon Manuel of Lafayette on Friday.", ["Kavon Manuel"]),
    ("Police did not arrest Kavon Manuel.", []),  # a denied arrest names no suspect
    ("Police arrested a man on Friday.", []),  # no name
])
def test_arrested_suspects_are_the_full_names_an_asserted_arrest_names(nlp: Language, reader: Extractor, text: str,
                                                                       suspects: list[str]) -> None:
    doc = nlp(text)
    mentions = reader.extract(Article(id=article_id_for(text), text=text), doc, reference=REFERENCE).mentions
    assert [r.text for r in _arrested_suspects(doc, list(doc.sents), mentions, [])] == suspects


# ---------------------------------------------------------------------------- casualties
def test_two_shot_one_of_them_fatally_is_one_dead_and_one_injured(nlp: Language, reader: Extractor) -> None:
    mention = _assault(nlp, reader, "Two people were shot, one of them fatally.")
    assert (mention.dead, mention.injured) == (1, 1)


def test_shot_dead_counts_the_dead(nlp: Language, reader: Extractor) -> None:
    assert _assault(nlp, reader, "Two people were shot dead.").dead == 2


def test_a_shooting_told_with_shot_is_an_assault(nlp: Language, reader: Extractor) -> None:
    mention = _assault(nlp, reader, "Gunmen shot two people.")
    assert "Gunmen" in _words(mention.actors)


def test_one_of_them_died_counts_one_dead(nlp: Language, reader: Extractor) -> None:
    assert _assault(nlp, reader, "Two people were shot, and one of them died.").dead == 1


def test_the_one_who_died_is_not_the_actor(nlp: Language, reader: Extractor) -> None:
    assert "one" not in _words(_assault(nlp, reader, "Two people were shot, and one of them died.").actors)


def test_casualties_helper_reads_field_count_and_victim(nlp: Language) -> None:
    sent = next(nlp("Two people were killed and five others were wounded.").sents)
    assert [(field, count, victim) for field, count, victim, _ in _casualties(sent)] == [("dead", 2, "people"), ("injured", 5, "other")]


@pytest.mark.parametrize("text, tolls", [
    # the small parser makes "nine" a conjunct of "dead": read by parse, the injured were dead
    ("The shooting on Bourbon Street left one man dead and nine injured.", [("dead", 1), ("injured", 9)]),
    ("The shooting left two people dead and three others wounded.", [("dead", 2), ("injured", 3)]),
    ("The attack left two dead and five injured.", [("dead", 2), ("injured", 5)]),
    ("The shooting left a man dead.", [("dead", 1)]),
    ("The crash left three people injured.", [("injured", 3)]),
    ("The blast left a 25-year-old man dead and another seriously hurt.", [("dead", 1), ("injured", 1)]),
])
def test_left_dead_and_injured_gives_each_toll_word_the_count_before_it(nlp: Language, text: str,
                                                                         tolls: list[tuple[str, int]]) -> None:
    sent = next(nlp(text).sents)
    assert [(field, count) for field, count, _, _ in _casualties(sent)] == tolls


def test_left_without_a_toll_phrase_is_no_toll(nlp: Language) -> None:
    sent = next(nlp("He left the scene in a car and drove north.").sents)
    assert _casualties(sent) == []


@pytest.mark.parametrize("text, tolls", [
    ("A man was shot and killed outside a bar in Memphis on Thursday night, police said.", [("dead", 1)]),
    ("Two men were shot and killed Friday.", [("dead", 2)]),  # "Friday" is no victim
    ("A woman was shot and later died at a hospital.", [("dead", 1)]),
    ("The child was pronounced dead at a medical center.", [("dead", 1)]),  # the verb's subject is the one dead
    ("Police found two men dead in a car.", [("dead", 2)]),
    ("She died as a result of her injuries.", [("dead", 1)]),  # a personal pronoun is one person
    ("He later succumbed to his injuries.", [("dead", 1)]),
    ("The blast claimed the lives of three soldiers.", [("dead", 3)]),
])
def test_a_verb_conjoined_to_a_passive_one_tells_of_its_subject(nlp: Language, text: str, tolls: list[tuple[str, int]]) -> None:
    sent = next(nlp(text).sents)
    assert [(field, count) for field, count, _, _ in _casualties(sent)] == tolls


@pytest.mark.parametrize("text, tolls", [
    ("Police said a 7-year-old is dead after an accidental shooting.", [("dead", 1)]),
    ("Services are set for the 12-year-old who died in a hunting accident.", [("dead", 1)]),
    ("Toledo man found guilty in May 25 fatal shooting.", [("dead", None)]),  # the 25th of May
    ("Gunmen killed 25 people in May.", [("dead", 25)]),
])
def test_an_age_or_a_day_is_no_count(nlp: Language, text: str, tolls: list[tuple[str, int | None]]) -> None:
    sent = next(nlp(text).sents)
    assert [(field, count) for field, count, _, _ in _casualties(sent)] == tolls


@pytest.mark.parametrize("text, tolls", [
    ("Three people were shot to death and another was injured in Brooksville on Friday night.", [("dead", 3), ("injured", 1)]),
    ("A man was stabbed to death Friday.", [("dead", 1)]),
    ("Five members of a family were found shot dead at their home on Sunday.", [("dead", 5)]),
    ("Police are investigating the fatal shootings of four people in a home Thursday night.", [("dead", 4)]),
    ("He was charged in the 2014 fatal shooting of a teenager.", [("dead", None)]),  # 2014 is a year, no toll
    ("A 3-year-old boy was fatally injured by a gunshot to the abdomen.", [("dead", 1)]),
    ("The man was fatally wounded in the shooting.", [("dead", 1)]),
])
def test_tolls_told_by_the_manner_of_death(nlp: Language, text: str, tolls: list[tuple[str, int | None]]) -> None:
    sent = next(nlp(text).sents)
    assert [(field, count) for field, count, _, _ in _casualties(sent)] == tolls


def test_the_injured_are_never_the_arrested(nlp: Language) -> None:
    sent = next(nlp("A second suspect in the shooting that left one person dead and nine others injured was arrested Friday.").sents)
    assert all(field != "arrested" or count != 9 for field, count, _, _ in _casualties(sent))
    sent = next(nlp("Three wounded men were arrested after the brawl.").sents)
    assert ("arrested", 3) in [(field, count) for field, count, _, _ in _casualties(sent)]


def test_another_is_one_more_person_shot(nlp: Language) -> None:
    sent = next(nlp("Another man was shot in the leg.").sents)
    assert [(field, count) for field, count, _, _ in casualty_statements(sent)] == [("shot", 1)]


def test_the_age_of_a_life_claimed_is_no_count(nlp: Language) -> None:
    sent = next(nlp("Police are investigating a shooting that claimed the life of a 9-year-old.").sents)
    assert [(field, count) for field, count, _, _ in _casualties(sent)] == [("dead", None)]


@pytest.mark.parametrize("text, tolls", [
    ("At least four people were taken to area hospitals with non-life-threatening injuries.", [("hospital", 4)]),
    ("Three people were hospitalized after the shooting.", [("hospital", 3)]),
    ("Two men were taken into custody.", []),  # custody is no hospital
    ("A man was rushed to a hospital, where he died.", []),  # hurt, then dead: no injured
    ("The shooting sent four people to the hospital with non-life-threatening injuries.", [("hospital", 4)]),
    ("Harris and the 19-year-old were taken to a nearby hospital.", [("hospital", 2)]),
    ("Dwayne Bates, 41, and Jason Burk, 35, were taken to the hospital, police said.", [("hospital", 2)]),
])
def test_people_carried_to_a_hospital_are_counted_apart(nlp: Language, text: str, tolls: list[tuple[str, int]]) -> None:
    sent = next(nlp(text).sents)
    assert [(field, count) for field, count, _, _ in casualty_statements(sent) if field == "hospital"] == tolls
    assert all(field != "injured" for field, *_ in _casualties(sent))  # the casualty rules never read them


@pytest.mark.parametrize("text, tolls", [
    ("Louisiana State Police found and arrested Kavon Manuel, 20, at a home in the Lafayette area.", [("arrested", 1)]),
    ("Police arrested two men, 19 and 20, on Friday.", [("arrested", 2)]),
    ("Gunmen killed two men and three women.", [("dead", 5)]),
])
def test_an_age_after_a_name_is_no_count(nlp: Language, text: str, tolls: list[tuple[str, int]]) -> None:
    sent = next(nlp(text).sents)
    assert [(field, count) for field, count, _, _ in _casualties(sent)] == tolls


@pytest.mark.parametrize("text, tolls", [
    ("The rampage left four troops including the gunman dead and 16 others injured.", [("dead", 4), ("injured", 16)]),
    ("The shooting left two people including a child dead.", [("dead", 2)]),  # the child is one of the two
])
def test_who_a_left_toll_includes_is_no_count_of_its_own(nlp: Language, text: str, tolls: list[tuple[str, int]]) -> None:
    sent = next(nlp(text).sents)
    assert [(field, count) for field, count, _, _ in _casualties(sent)] == tolls


@pytest.mark.parametrize("text, shot", [
    ("Shots were fired at a group from a white sedan, hitting four victims in two cars.", [("shot", 4)]),
    ("The bullet struck the teen in the head.", [("shot", 1)]),
    ("Deputies want to know how a 6-year-old got a gun that went off, striking his 4-year-old brother in the head.", [("shot", 1)]),
    ("He said he heard bullets hit his fence and a tree.", []),  # things, not people
    ("A 9-year-old boy was hit by a car outside the school.", []),  # no gunfire
])
def test_people_hit_by_gunfire_were_shot(nlp: Language, text: str, shot: list[tuple[str, int]]) -> None:
    sent = next(nlp(text).sents)
    assert [(field, count) for field, count, _, _ in casualty_statements(sent) if field == "shot"] == shot


@pytest.mark.parametrize("text, shot, victim", [
    ("A woman and a child were shot outside a home on Tuckahoe Road.", 2, "woman"),  # the parser made "woman" the root
    ("Five other people had been shot, too.", 5, "other"),  # people besides those told before
    ("Police said five others had been shot.", 5, "other"),
])
def test_the_people_shot_and_whether_they_are_others(nlp: Language, text: str, shot: int, victim: str) -> None:
    sent = next(nlp(text).sents)
    assert [(field, count, who) for field, count, who, _ in casualty_statements(sent) if field == "shot"] == [("shot", shot, victim)]


# ---------------------------------------------------------------------------- claims of responsibility
def test_a_claim_of_responsibility_names_the_claimant(nlp: Language, reader: Extractor) -> None:
    mention = _assault(nlp, reader, "The Northern Liberation Front claimed responsibility for the attack.")
    assert mention.claimed_by == [{"entity_text": "Northern Liberation Front", "status": "claimed"}]
    assert "Front" in _words(mention.actors)
    assert [c.value for c in mention.claims if c.field == "claimed_by"] == mention.claimed_by


def test_a_denial_of_responsibility_is_kept_as_a_denial(nlp: Language, reader: Extractor) -> None:
    mention = _assault(nlp, reader, "The Red Dawn Brigade has denied any responsibility for the bombing.")
    assert mention.claimed_by == [{"entity_text": "Red Dawn Brigade", "status": "denied"}]


@pytest.mark.xfail(reason="the parser makes 'denied' an amod of 'responsibility', and no denial is read "
                          "(claimed_by == [])", strict=True)
def test_a_plain_past_denial_of_responsibility_is_kept_as_a_denial(nlp: Language, reader: Extractor) -> None:
    mention = _assault(nlp, reader, "The Red Dawn Brigade denied responsibility for the bombing.")
    assert mention.claimed_by == [{"entity_text": "Red Dawn Brigade", "status": "denied"}]


def test_no_group_claiming_responsibility_is_no_claim(nlp: Language, reader: Extractor) -> None:
    assert _assault(nlp, reader, "No group has claimed responsibility for the attack.").claimed_by == []


def test_a_suspected_group_is_the_one_said_to_be_behind_it(nlp: Language, reader: Extractor) -> None:
    mention = _assault(nlp, reader, "Police believe the Red Dawn Brigade is behind the bombing.")
    assert mention.claimed_by == [{"entity_text": "Red Dawn Brigade", "status": "suspected"}]


def test_claims_helper_reads_the_subject_of_claim_responsibility(nlp: Language) -> None:
    sent = next(nlp("The Northern Liberation Front claimed responsibility for the attack.").sents)
    assert _claims_of_responsibility(sent) == [{"entity_text": "Northern Liberation Front", "status": "claimed"}]


# ---------------------------------------------------------------------------- figurative uses
@pytest.mark.parametrize(
    "text",
    [
        "The senator attacked the proposal.",
        "We must fight terrorism.",
        "Critics attacked the plan.",
        "The minister blasted the decision.",
        "The striker shot the ball into the net.",
    ],
)
def test_a_figurative_use_gives_no_assault(nlp: Language, extractor: Extractor, text: str) -> None:
    assert _mentions(nlp, extractor, text, "ASSAULT") == []


@pytest.mark.parametrize("text", [
    pytest.param("The opposition fired back at the government.", marks=pytest.mark.xfail(
        reason="figurative 'fired back at' (a retort) still gives an ASSAULT mention, actor 'opposition'", strict=True)),
    "Prices hit a record high.",
])
def test_a_figurative_use_without_a_listed_object_gives_no_assault(nlp: Language, extractor: Extractor, text: str) -> None:
    assert _mentions(nlp, extractor, text, "ASSAULT") == []


@pytest.mark.parametrize("text", ["Police taped off the March Street crime scene.", "Officers closed Rally Road after the crash."])
def test_an_event_word_naming_a_street_is_no_event(nlp: Language, extractor: Extractor, text: str) -> None:
    assert _mentions(nlp, extractor, text, "PROTEST") == []


def test_what_talks_focused_on_is_a_topic_not_an_event(nlp: Language, reader: Extractor) -> None:
    text = "Officials said the talks focused on security issues and economic cooperation."
    assert _mentions(nlp, reader, text, "COOPERATE") == []


def test_calls_to_resign_are_no_telephone_call(nlp: Language, reader: Extractor) -> None:
    text = "The minister, who has rejected calls to resign over the police response, defended the arrest."
    assert _mentions(nlp, reader, text, "CONSULT") == []
    assert len(_mentions(nlp, reader, "The two presidents held phone calls on Monday.", "CONSULT")) == 1


def test_asking_not_to_be_named_is_no_request(nlp: Language, reader: Extractor) -> None:
    text = "A doctor, who asked not to be named because he was not authorised to speak, said five bodies had been brought in."
    assert _mentions(nlp, reader, text, "REQUEST") == []
    assert len(_mentions(nlp, reader, "The government asked the United Nations to send observers.", "REQUEST")) == 1


def test_cooperation_that_happened_is_still_an_event(nlp: Language, reader: Extractor) -> None:
    text = "The two armies cooperated in the operation against the rebels."
    assert len(_mentions(nlp, reader, text, "COOPERATE")) == 1


def test_a_definite_noun_trigger_is_marked_definite(nlp: Language, reader: Extractor) -> None:
    text = "The minister vowed to prosecute the orchestrators of the attack."
    assert [m.definite for m in _mentions(nlp, reader, text, "ASSAULT")] == [True]
    assert [m.definite for m in _mentions(nlp, reader, "Gunmen attacked a bus on Monday.", "ASSAULT")] == [False]


def test_a_month_name_is_not_a_protest_march(nlp: Language, extractor: Extractor) -> None:
    text = "Rebels attacked the depot on 3 March 2024, officials said."
    assert [m.category for m in _analyse(nlp, extractor, text).mentions] == ["ASSAULT"]


# ---------------------------------------------------------------------------- modality
@pytest.mark.parametrize(
    ("text", "category", "modality"),
    [
        ("The rebels attacked the town on Monday.", "ASSAULT", "asserted"),
        ("The rebels did not attack the town.", "ASSAULT", "negated"),
        ("Police did not arrest anyone.", "COERCE", "negated"),
        ("The rebels will attack the town tomorrow.", "ASSAULT", "future"),
        ("Militants plan to attack the base.", "ASSAULT", "future"),
        ("The group threatened to bomb the embassy.", "ASSAULT", "future"),
        ("The army could bomb the camps.", "ASSAULT", "hypothetical"),
        ("If the army attacks the village, the rebels will retaliate.", "ASSAULT", "hypothetical"),
        # the "not" is the main clause's; the refusal is an open question
        ("It is not clear if the regime used its influence or if the group refused to accept the pressure.",
         "REJECT", "hypothetical"),
        ("Police did not say whether the suspect was arrested.", "COERCE", "hypothetical"),
        # what was asked for did not happen
        ("The minister, who has rejected calls to resign over the police response, defended the arrest.",
         "RETREAT", "hypothetical"),
        ("The opposition urged the minister to resign.", "RETREAT", "hypothetical"),
        ("The minister resigned on Monday.", "RETREAT", "asserted"),
    ],
)
def test_modality_comes_from_the_triggers_syntax(nlp: Language, reader: Extractor, text: str, category: str, modality: str) -> None:
    found = _mentions(nlp, reader, text, category)
    assert [m.modality for m in found] == [modality]


def test_a_denied_arrest_is_not_asserted(nlp: Language, reader: Extractor) -> None:
    assert [m.modality for m in _mentions(nlp, reader, "Police denied that anyone was arrested.", "COERCE")] == ["negated"]


@pytest.mark.xfail(reason="the actor of a hypothetical attack comes from the main clause: actors "
                          "['rebels'] for 'If the army attacks the village, the rebels will retaliate'", strict=True)
def test_the_actor_of_an_if_clause_attack_is_its_own_subject(nlp: Language, reader: Extractor) -> None:
    mention = _assault(nlp, reader, "If the army attacks the village, the rebels will retaliate.")
    assert _words(mention.actors) == {"army"}


def test_nobody_injured_counts_zero_injured(nlp: Language, reader: Extractor) -> None:
    assert _assault(nlp, reader, "Nobody was injured.").injured == 0


@pytest.mark.parametrize("text", ["No one was killed.", "No one was killed in the blast."])
def test_no_one_killed_counts_zero_dead(nlp: Language, reader: Extractor, text: str) -> None:
    assert _assault(nlp, reader, text).dead == 0


# ---------------------------------------------------------------------------- acronyms
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fighters of the Eastern Highlands Defence Force (EHDF) raided the depot.", {"EHDF": "Eastern Highlands Defence Force"}),
        ("The National Union of Mineworkers (NUM) called a strike.", {"NUM": "National Union of Mineworkers"}),
        ("The Committee for Peace and Justice (CPJ) spoke.", {"CPJ": "Committee for Peace and Justice"}),
        ("The Al-Nur Brigades (ANB) fired.", {"ANB": "Al-Nur Brigades"}),
        ("The Popular Front of Saguia (PFS) and the Rural Guard (RG) met.", {"PFS": "Popular Front of Saguia", "RG": "Rural Guard"}),
    ],
)
def test_find_acronyms_reads_the_long_form_before_the_parenthesis(text: str, expected: dict[str, str]) -> None:
    assert find_acronyms(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Police (who were late) arrived.",  # not an acronym
        "The company (ACME) said.",  # no long form spells it
        "He said (OK) no.",
        "The rebels (R) fired.",  # one capital is not an acronym
    ],
)
def test_find_acronyms_ignores_parentheses_that_define_none(text: str) -> None:
    assert find_acronyms(text) == {}


def test_acronyms_defined_in_the_report_are_in_the_analysis(nlp: Language, reader: Extractor) -> None:
    text = "Fighters of the Eastern Highlands Defence Force (EHDF) raided the depot. The EHDF has attacked the town before."
    assert _analyse(nlp, reader, text).acronyms == {"EHDF": "Eastern Highlands Defence Force"}


# ---------------------------------------------------------------------------- datelines
@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("PORTVILLE, 3 March 2024\nRebels attacked the depot on 1 March, officials said.", "3 March 2024"),
        ("March 3, 2024\n\nRebels attacked the depot on Friday.", "March 3, 2024"),
    ],
)
def test_a_date_alone_on_its_line_is_the_dateline_and_a_date_in_a_sentence_is_not(text: str, dateline: str) -> None:
    times = find_times(text, ref=dt.date(2024, 3, 3))
    assert [t.text for t in times if _is_dateline(text, t)] == [dateline]
    assert len([t for t in times if not _is_dateline(text, t)]) == 1


def test_a_date_in_a_one_line_report_is_not_a_dateline() -> None:
    text = "Rebels attacked the depot on 3 March 2024, officials said."
    assert [_is_dateline(text, t) for t in find_times(text, ref=dt.date(2024, 3, 3))] == [False]


def test_the_dateline_is_not_taken_as_the_event_date(nlp: Language, reader: Extractor) -> None:
    text = "3 March 2024\nRebels attacked the depot, officials said."
    assert _assault(nlp, reader, text).date is None


def test_the_event_date_is_the_date_in_the_sentence_not_the_dateline(nlp: Language, reader: Extractor) -> None:
    text = "PORTVILLE, 3 March 2024\nRebels attacked the depot on 1 March, officials said."
    date = _assault(nlp, reader, text).date
    assert date is not None and (date.value, date.precision) == ("2024-03-01", "day")


# ---------------------------------------------------------------------------- word patterns
@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("riot police fired", ["riot police"]),  # the longer phrase wins
        ("policemen fired", []),  # not inside a longer word
        ("a police-led raid", []),  # not inside a hyphenated compound
        ("Police and police", ["police"]),  # case-sensitive: callers lower-case first
    ],
)
def test_words_pattern_matches_whole_words_only(text: str, found: list[str]) -> None:
    assert [m.group(0) for m in _words_pattern({"police", "riot police"}).finditer(text)] == found


def test_an_empty_words_pattern_matches_nothing() -> None:
    assert _words_pattern(set()).search("anything at all") is None


# ---------------------------------------------------------------------------- event model
def test_a_sentence_elaborating_a_reported_attack_is_no_event_of_its_own_but_adds_its_toll(nlp: Language, extractor: Extractor) -> None:
    text = "A bomb exploded at a crowded market in Kandi on Monday. A soldier and a teacher were killed in the blast."
    found = _analyse(nlp, extractor, text).mentions
    assert [m.sentence for m in found if m.category == "ASSAULT"] == ["A bomb exploded at a crowded market in Kandi on Monday."]
    toll = [c for c in found[0].claims if c.field == "size.dead"]
    assert [c.value["count"] for c in toll] == [2]
    assert toll[0].evidence.text == "A soldier and a teacher were killed in the blast."


def test_the_event_model_scores_the_mentions_it_keeps(nlp: Language, extractor: Extractor) -> None:
    mention = _assault(nlp, extractor, "The rebels attacked the town on Monday.")
    assert mention.confidence is not None and mention.confidence >= extractor.detector.threshold_for("ASSAULT")


@pytest.mark.parametrize(("text", "name", "age"), [
    ("Jacquay Howard, 21, was arrested in Houston.", "Jacquay Howard", 21),
    ("Victims now identified as Royal Willrich, 30; Vontay Jamar, 22", "Royal Willrich", 30),
    ("Victims now identified as Royal Willrich, 30; Vontay Jamar, 22", "Vontay Jamar", 22),
    ("John Doe (45) was charged.", "John Doe", 45),
    ("Bob Lee, 19 and Ann Ray, 20, were shot.", "Bob Lee", 19),
    ("The man was identified as Ann Ray, 25.", "Ann Ray", 25),
    ("Ann Smith, 2 others and a boy were hurt.", "Ann Smith", None),  # a count, not an age
    ("on Gibbs, 1000 block", "Gibbs", None),
    ("Ann Smith, 1,500 people marched.", "Ann Smith", None),
    ("Ann Smith, 25 years old, was shot.", "Ann Smith", None),  # not the appositive form read
    ("Ann Smith, 250, was shot.", "Ann Smith", None),  # no one's age
    ("Ann Smith was shot.", "Ann Smith", None),
])
def test_stated_age_reads_the_age_in_apposition_after_a_name(text: str, name: str, age: int | None) -> None:
    from sitrep.extract.events import stated_age

    assert stated_age(text, text.index(name) + len(name)) == age


def test_a_crawled_pages_relative_days_are_read_against_its_own_stamp(nlp: Language, reader: Extractor) -> None:
    # a 2014 page captured in 2017: "early Saturday" is the Saturday of its stamp, and its
    # shooting is no history of the crawl's day
    text = ("Created: 08/09/2014 5:14 AM KSTP.com\n\nA gunman shot and wounded nine people inside a downtown "
            "nightclub early Saturday, police said.")
    article = Article(id=article_id_for(text), text=text, published="2017-01-28")
    analysis = reader.extract(article, nlp(text), reference=dt.date(2017, 1, 28))
    assert analysis.reference_date == "2014-08-09"
    (shot,) = [m for m in analysis.mentions if m.category == "ASSAULT"]
    assert shot.date is not None and shot.date.value == "2014-08-09" and shot.modality == "asserted"
