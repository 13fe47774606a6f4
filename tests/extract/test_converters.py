"""Training-data converters of the role model (training/extract/train.py): MUC-4 gold fillers and
GVA participants turned into labelled candidates. Gold dicts, people and sentences are written by
hand; only the muc_gold / gva_participants readers touch ../shared/data."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from sitrep.evaluate.muc4 import normalize_mention
from sitrep.extract import roles as R
from training.extract import train

GTT = train.DATA / "muc4" / "processed" / "gtt"
GVA = train.DATA / "gva"
needs_gtt = pytest.mark.skipif(not (GTT / "dev.json").is_file(), reason=f"MUC-4 GTT data not found at {GTT} (../shared/data absent)")
needs_gva = pytest.mark.skipif(not (GVA / "incidents.jsonl").is_file(), reason=f"GVA data not found at {GVA} (../shared/data absent)")


def _doc(nlp: Language, text: str, doc_id: str) -> Doc:
    doc = nlp(text)
    doc.user_data["id"] = doc_id
    return doc


def _labels(doc: Doc, X: list[list[str]], y: list[str], cands: list[R.Candidate]) -> dict[tuple[str, str], str]:
    assert len(X) == len(y) == len(cands)
    assert X == [c.features for c in cands]
    return {(c.span(doc).text, c.extent): label for c, label in zip(cands, y)}


# ---------------------------------------------------------------------------- MUC-4
@needs_gtt
def test_muc_gold_reads_every_dev_document() -> None:
    gold = train.muc_gold("dev")
    assert len(gold) == 200
    assert all(docid.startswith(("DEV-", "TST")) for docid in gold)


@needs_gtt
def test_muc_gold_maps_muc_slots_to_role_names_with_normalised_fillers() -> None:
    gold = train.muc_gold("dev")
    roles = {role for doc_roles in gold.values() for role in doc_roles}
    assert roles == set(R.ROLES)
    fillers = [f for doc_roles in gold.values() for mentions in doc_roles.values() for f in mentions]
    assert fillers
    assert all(f == normalize_mention(f) and f for f in fillers)


@needs_gtt
def test_muc_gold_gives_a_document_without_templates_no_fillers() -> None:
    gold = train.muc_gold("dev")
    empty = [docid for docid, doc_roles in gold.items() if not any(doc_roles.values())]
    assert empty  # MUC-4 has irrelevant documents: no event, no template
    assert len(empty) < len(gold)


def test_muc_examples_labels_a_candidate_whose_normalised_text_is_a_gold_filler(nlp: Language) -> None:
    doc = _doc(nlp, "Gunmen killed two farmers near the river. The army blamed the Red Dawn Brigade.", "HAND-0001")
    gold = {"HAND-0001": {R.VICTIM: {"two farmers"}, R.PERP_ORG: {"red dawn brigade"}}}
    labels = _labels(doc, *train.muc_examples([doc], gold), R.candidates(doc))
    assert labels[("two farmers", "bare")] == R.VICTIM
    assert labels[("Red Dawn Brigade", "entity")] == R.PERP_ORG  # case does not matter


def test_muc_examples_labels_every_other_candidate_none(nlp: Language) -> None:
    doc = _doc(nlp, "Gunmen killed two farmers near the river.", "HAND-0002")
    labels = _labels(doc, *train.muc_examples([doc], {"HAND-0002": {R.VICTIM: {"two farmers"}}}), R.candidates(doc))
    # the head alone ("farmers") is not the filler the gold names
    assert {key for key, label in labels.items() if label != R.NONE} == {("two farmers", "bare")}
    assert labels[("farmers", "self")] == R.NONE


def test_muc_examples_matches_through_the_muc_normalisation(nlp: Language) -> None:
    doc = _doc(nlp, "Guerrillas of the People's Revolutionary Army attacked a power substation.", "HAND-0003")
    gold = {"HAND-0003": {R.PERP_ORG: {normalize_mention("the peoples revolutionary army")}}}
    labels = _labels(doc, *train.muc_examples([doc], gold), R.candidates(doc))
    assert labels[("People's Revolutionary Army", "entity")] == R.PERP_ORG


def test_muc_examples_labels_a_document_missing_from_the_gold_all_none(nlp: Language) -> None:
    doc = _doc(nlp, "Gunmen killed two farmers near the river.", "HAND-0004")
    X, y = train.muc_examples([doc], {"SOME-OTHER-DOC": {R.VICTIM: {"two farmers"}}})
    assert y and set(y) == {R.NONE}
    assert len(X) == len(R.candidates(doc))


# ---------------------------------------------------------------------------- GVA
PEOPLE = {"gva-1": [(R.VICTIM, ["marcus", "delaney"]), (R.PERP_IND, ["tyler", "j.", "brooks"])]}
GVA_TEXT = "Police said Marcus Delaney was shot outside a bar on Friday. Officers later arrested Brooks at his home."


def _name_like(doc: Doc) -> list[R.Candidate]:
    return [c for c in R.candidates(doc) if doc[c.head].ent_type_ == "PERSON" or doc[c.head].pos_ == "PROPN"]


def test_gva_examples_labels_a_participants_surname_mention_with_the_participants_role(nlp: Language) -> None:
    doc = _doc(nlp, GVA_TEXT, "gva-1")
    labels = _labels(doc, *train.gva_examples([doc], PEOPLE), _name_like(doc))
    assert labels[("Brooks", "entity")] == R.PERP_IND  # surname alone, middle initial absent
    assert labels[("Marcus Delaney", "entity")] == R.VICTIM


def test_gva_examples_labels_other_name_like_candidates_none(nlp: Language) -> None:
    doc = _doc(nlp, GVA_TEXT, "gva-1")
    labels = _labels(doc, *train.gva_examples([doc], PEOPLE), _name_like(doc))
    assert labels[("Friday", "bare")] == R.NONE
    assert labels[("Marcus", "self")] == R.NONE  # a first name alone does not name the participant


def test_gva_examples_leaves_common_nouns_out(nlp: Language) -> None:
    doc = _doc(nlp, GVA_TEXT, "gva-1")
    X, _ = train.gva_examples([doc], PEOPLE)
    common = [c for c in R.candidates(doc) if c not in _name_like(doc)]
    assert common  # "bar", "Officers", "home" ...
    assert len(X) == len(_name_like(doc))


def test_gva_examples_skips_a_document_without_participants(nlp: Language) -> None:
    doc = _doc(nlp, GVA_TEXT, "gva-2")
    assert train.gva_examples([doc], {**PEOPLE, "gva-2": []}) == ([], [])
    assert train.gva_examples([doc], PEOPLE) == ([], [])


@needs_gva
def test_gva_participants_gives_each_document_victims_and_suspects_as_lower_case_name_words() -> None:
    people = train.gva_participants()
    assert people
    found = [person for persons in people.values() for person in persons]
    assert found
    assert {role for role, _ in found} == {R.VICTIM, R.PERP_IND}
    assert all(words and all(w == w.lower() for w in words) for _, words in found)
