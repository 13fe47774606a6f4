"""The learned event linker on hand-written mention pairs: its features, its model file and its
decisions (the same shooting told twice, a follow-up arrest, two shootings of one city and day)."""

from __future__ import annotations

import json

import pytest

from sitrep.errors import ModelError
from sitrep.link.events import BLOCK_DAYS, EventLinker, blocking_window, load_pair_model
from sitrep.link.features import EVENT_TEXTS, event_side, follow_up_cues, mention_side, pair_features
from sitrep.records import Evidence

from tests.link.helpers import CHICAGO, HOUSTON, NORFOLK, article, mention, stored_event

# --------------------------------------------------------------------------------------------
# the reports

FIRST = article(
    "Two men were fatally shot and a third man was wounded early Wednesday on Rockingham Street near Berkley "
    "Avenue Extended, Norfolk police said. Police identified the dead as Marcus Deering, 22, and Melvin Alston, "
    "32. The wounded man was taken to Sentara Norfolk General Hospital with injuries that were not life-threatening.",
    title="Two men fatally shot, third person injured in Norfolk", published="2014-01-01")
FIRST_EVENT = stored_event(FIRST, [FIRST.text.split(". ")[0] + ".", "Police identified the dead as Marcus Deering, 22, and Melvin Alston, 32."],
                           place=NORFOLK, date="2014-01-01", dead=2, injured=1, victims=("Marcus Deering", "Melvin Alston"))

# the same shooting, another outlet, a day later: other spellings ("Rockingham St.", "Dearing"), another toll
RETOLD = article(
    "NORFOLK — A New Year's Day shooting on Rockingham St. in the Berkley section left two men dead and two "
    "others hurt, one of them critically, police said Thursday. The victims who died were Marcus Dearing, 22, "
    "and Melvin Alston, 32, police said.",
    title="Police name 2 killed in Berkley shooting on New Year's Day", published="2014-01-02")

# the arrest, three weeks on: its own day is the arrest, the shooting it names is undated here
FOLLOW_UP = article(
    "A 19-year-old Norfolk man has been arrested and charged with two counts of second-degree murder in the "
    "shooting that killed Marcus Deering and Melvin Alston on Rockingham Street, police said Tuesday. Jamal "
    "Wright was being held without bond at the Norfolk City Jail.",
    title="Man charged in New Year's Day killings of two men in Norfolk", published="2014-01-21")

ENGLEWOOD = article(
    "Tyrone Banks, 24, was shot and killed Friday night in the 6500 block of South Halsted Street in Englewood, "
    "Chicago police said. Banks was standing on the sidewalk when a gunman walked up and fired several shots.",
    title="Man shot dead in Englewood", published="2014-07-05")
ENGLEWOOD_EVENT = stored_event(ENGLEWOOD, [ENGLEWOOD.text.split(". ")[0] + "."], place=CHICAGO, date="2014-07-04",
                               dead=1, injured=0, victims=("Tyrone Banks",))
PILSEN = article(
    "Three people, including a 15-year-old girl, were wounded in a drive-by shooting Friday afternoon in the 1800 "
    "block of West Cermak Road in Pilsen, police said. Maria Lopez, 15, was listed in good condition at Stroger "
    "Hospital.",
    title="3 wounded in Pilsen drive-by shooting", published="2014-07-05")
PILSEN_EVENT = stored_event(PILSEN, [PILSEN.text.split(". ")[0] + "."], place=CHICAGO, date="2014-07-04", dead=0,
                            injured=3, victims=("Maria Lopez",))
# the Pilsen shooting again, from another outlet
PILSEN_AGAIN = article(
    "A 15-year-old girl and two men were hurt when someone in a passing car opened fire on Cermak Road in the "
    "Pilsen neighborhood Friday afternoon, police said. The girl, Maria Lopez, was hit in the leg.",
    title="Teen girl among 3 hurt in Pilsen drive-by", published="2014-07-05")


@pytest.fixture(scope="module")
def linker() -> EventLinker:
    return EventLinker()


def _p(linker: EventLinker, side, item) -> float:
    (_, p), = linker.probabilities(side, [item])
    return p


# --------------------------------------------------------------------------------------------
# features

@pytest.mark.parametrize("text, cues", [
    ("Man charged in fatal shooting", 1),
    ("Police arrested a suspect on Tuesday; his funeral is Friday", 2),
    ("The victim was identified as John Doe", 1),
    ("Two men were shot on Main Street", 0),
])
def test_follow_up_cues(text, cues):
    assert follow_up_cues(text) == cues


def test_features_of_the_same_shooting_told_again():
    side = mention_side(mention(RETOLD, RETOLD.text.split(". ")[0] + ".", place=NORFOLK, date="2014-01-01", dead=2,
                                injured=2, victims=("Marcus Dearing", "Melvin Alston")), RETOLD)
    features = pair_features(side, event_side(FIRST_EVENT))
    for expected in ("date=0", "pub=1", "place=same_id", "country=same", "admin1=same", "dead=same_pos",
                     "injured=off_by_one", "names=1", "follow=0", "mode=shared", "date=0&place=same"):
        assert expected in features
    # "Dearing" is not "Deering": one surname shared, not two
    assert "names=2+" not in features


def test_features_of_two_places_far_apart():
    far = mention(PILSEN, PILSEN.text.split(". ")[0] + ".", place=HOUSTON, date="2014-07-04", dead=0, injured=3)
    features = pair_features(mention_side(far, PILSEN), event_side(ENGLEWOOD_EVENT))
    assert "km>=500" in features and "admin1=diff" in features and "dead=diff" not in features
    assert "dead=off_by_one" in features and "injured=diff" in features


def test_an_undated_mention_says_so():
    undated = mention(FOLLOW_UP, FOLLOW_UP.text.split(". ")[0] + ".", place=None, date=None, dead=2)
    features = pair_features(mention_side(undated, FOLLOW_UP), event_side(FIRST_EVENT))
    assert "date=none_m" in features and "place=none_m" in features and "follow=1" in features
    assert "pub=15-30" in features


def _letters(number: int) -> str:
    return chr(97 + number % 26) + chr(97 + number // 26 % 26)


def test_an_event_reads_a_bounded_number_of_sentences():
    many = stored_event(FIRST, [FIRST.text], place=NORFOLK, date="2014-01-01", dead=2, injured=1)
    many.evidence["event"] = [Evidence(article=f"a{i}", start=0, end=5, text=f"Sentence about Victim{_letters(i)}.") for i in range(500)]
    side = event_side(many)
    assert sum(word.startswith("victim") for word in side.proper) == EVENT_TEXTS


def test_blocking_window_is_bounded_around_the_mention_or_its_report():
    dated = mention(FIRST, FIRST.text[:40], place=NORFOLK, date="2014-01-01")
    assert blocking_window(dated) == ("2013-12-02", "2014-01-31", "2014-01-01")
    undated = mention(FOLLOW_UP, FOLLOW_UP.text[:40], place=None, date=None)
    assert blocking_window(undated) == ("2013-12-22", "2014-02-20", "2014-01-21")
    assert BLOCK_DAYS == 30
    month = mention(FOLLOW_UP, FOLLOW_UP.text[:40], place=None, date="2013-11")
    assert blocking_window(month)[0] == "2013-11-01"


# --------------------------------------------------------------------------------------------
# the model file

def test_the_shipped_model_loads_and_names_its_dev_data():
    model = load_pair_model()
    assert model.classes == ["other", "same"]
    assert 0.0 < model.thresholds["link"] < 1.0
    assert "GVA dev" in model.meta["threshold_tuned_on"]
    assert "place=same_id" in model.index and "proper=0" in model.index


def test_a_missing_or_broken_model_says_how_to_rebuild_it(tmp_path):
    with pytest.raises(ModelError, match="make link-model"):
        load_pair_model(str(tmp_path / "absent.json"))
    broken = tmp_path / "pairs.json"
    broken.write_text(json.dumps({"name": "x", "classes": ["other", "same"]}), encoding="utf-8")
    with pytest.raises(ModelError, match=str(broken)):
        load_pair_model(str(broken))


# --------------------------------------------------------------------------------------------
# decisions

def test_the_same_shooting_told_twice_with_other_spellings_and_tolls_links(linker):
    retold = mention(RETOLD, RETOLD.text.split(". ")[0] + ".", place=NORFOLK, date="2014-01-01", dead=2, injured=2,
                     victims=("Marcus Dearing", "Melvin Alston"))
    match, p = linker.match(linker.side(retold, RETOLD), [ENGLEWOOD_EVENT, FIRST_EVENT, PILSEN_EVENT])
    assert match is FIRST_EVENT and p >= linker.threshold


@pytest.mark.parametrize("date", [None, "2014-01-20"])
def test_a_follow_up_arrest_joins_its_shooting(linker, date):
    # extraction may leave the shooting undated or date it by the arrest ("police said Tuesday")
    follow = mention(FOLLOW_UP, FOLLOW_UP.text.split(". ")[0] + ".", place=NORFOLK if date else None, date=date,
                     dead=None, victims=("Marcus Deering", "Melvin Alston"), suspects=("Jamal Wright",))
    match, p = linker.match(linker.side(follow, FOLLOW_UP), [FIRST_EVENT])
    assert match is FIRST_EVENT, p


def test_two_shootings_in_one_city_on_one_day_with_other_victims_stay_apart(linker):
    pilsen = mention(PILSEN, PILSEN.text.split(". ")[0] + ".", place=CHICAGO, date="2014-07-04", dead=0, injured=3,
                     victims=("Maria Lopez",))
    side = linker.side(pilsen, PILSEN)
    assert _p(linker, side, ENGLEWOOD_EVENT) < linker.threshold
    # and a second report of the Pilsen shooting picks it, not the Englewood one
    again = mention(PILSEN_AGAIN, PILSEN_AGAIN.text.split(". ")[0] + ".", place=CHICAGO, date="2014-07-04", dead=None,
                    injured=3, victims=("Maria Lopez",))
    match, _ = linker.match(linker.side(again, PILSEN_AGAIN), [ENGLEWOOD_EVENT, PILSEN_EVENT])
    assert match is PILSEN_EVENT


def test_a_shooting_a_thousand_miles_and_a_month_away_does_not_link(linker):
    houston = mention(PILSEN, PILSEN.text.split(". ")[0] + ".", place=HOUSTON, date="2014-01-29", dead=0, injured=3)
    assert _p(linker, linker.side(houston, PILSEN), FIRST_EVENT) < linker.threshold
