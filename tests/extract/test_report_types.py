"""What kind of report an article is (sitrep.extract.report_types): its features, the grouped
scoring of the linear model, and the shipped model on hand-written leads."""

from __future__ import annotations

import math

import pytest

from sitrep.evaluate.runners import case_label
from sitrep.extract.linear import LinearModel
from sitrep.extract.report_types import LEAD_WORDS, OTHER_KINDS, ReportTyper, load_report_type_model, report_type_features


def test_features_are_words_lemmas_bigrams_and_padded_character_pieces(nlp) -> None:
    words, chars = report_type_features(nlp("Gunmen shelled the town."))
    assert {"w:gunmen", "w:shelled", "b:gunmen shelled", "b:the town"} <= set(words)
    assert any(f.startswith("l:") for f in words)
    assert not any("." in f for f in words)  # punctuation is no word
    # " shelled " padded: its first piece starts with the space, its last ends with one
    assert {"c: sh", "c:she", "c:ed ", "c: shel", "c:lled "} <= set(chars)
    assert len(words) == len(set(words)) and len(chars) == len(set(chars))


def test_only_the_lead_is_read(nlp) -> None:
    text = " ".join(["calm"] * LEAD_WORDS) + " earthquake"
    words, _ = report_type_features(nlp(text))
    assert "w:calm" in words and "w:earthquake" not in words


def test_grouped_probabilities_scale_each_group_to_unit_length() -> None:
    model = LinearModel(name="toy", classes=["a", "b"], intercept=[0.0, 0.5],
                        weights={"w:x": [2.0, 0.0], "w:y": [2.0, 0.0], "c:z": [0.0, 1.0]})
    # words: two known features -> (2 + 2) / sqrt(2) for "a"; characters: one ("c:unknown" does not count)
    proba = model.grouped_proba([["w:x", "w:y"], ["c:z", "c:unknown"]])
    a, b = 4 / math.sqrt(2), 0.5 + 1.0
    assert proba["a"] == pytest.approx(math.exp(a) / (math.exp(a) + math.exp(b)))
    assert sum(proba.values()) == pytest.approx(1.0)
    # a group with no known feature adds nothing
    assert model.grouped_proba([[], ["c:unknown"]]) == model.proba([])


def test_the_shipped_model_knows_acled_sub_events_and_the_other_kinds() -> None:
    model = load_report_type_model()
    assert {"Peaceful protest", "Suicide bomb", "Armed clash"} <= set(model.classes)
    assert set(OTHER_KINDS.values()) <= set(model.classes)
    assert model.meta["case_5fold"]["macro_f1"] >= 0.45


@pytest.mark.parametrize(("text", "label"), [
    ("Thousands of people marched peacefully through the capital on Sunday, waving flags and chanting slogans "
     "to demand the release of jailed opposition leaders. The rally ended without incident.", "Peaceful protest"),
    ("A suicide bomber blew himself up at a crowded checkpoint outside the city on Tuesday, killing nine "
     "soldiers, officials said. The bomber detonated an explosive vest as troops searched cars.", "Suicide bomb"),
    ("Police arrested five members of the opposition party in a dawn raid on their offices on Monday, "
     "a spokesman for the party said, adding that the men were detained without charge.", "Arrests"),
    ("A magnitude 6.4 earthquake struck the coastal province early on Friday, flattening houses, and heavy "
     "rains since then have caused floods and landslides that cut off dozens of villages.", "Natural disaster"),
])
def test_the_shipped_model_types_hand_written_leads(nlp, text: str, label: str) -> None:
    found = ReportTyper().classify(nlp(text))
    assert found is not None and found.label == label
    assert 0.0 < found.confidence <= 1.0


def test_a_doc_without_words_has_no_type(nlp) -> None:
    assert ReportTyper().classify(nlp("... !")) is None


@pytest.mark.parametrize(("report_type", "case"), [
    ("Suicide bomb", "SUIC_BOMB"), ("Natural disaster", "NATURAL_DISASTER"),
    ("Attribution of responsibility", "ATTRIB"), (None, "NONE"), ("something else", "OTHER"),
])
def test_report_types_map_to_case_labels(report_type: str | None, case: str) -> None:
    assert case_label(report_type) == case
