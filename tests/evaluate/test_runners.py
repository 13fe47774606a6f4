"""Benchmark runners: the mapping functions on hand-made records, the readers on tiny files, and
the end-to-end plumbing on toy data sets (those need the model and skip without it)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.analyze.nlp import model_path
from sitrep.errors import DataError
from sitrep.evaluate import runners
from sitrep.evaluate.runners import (
    _gvdb_gold,
    _label_scores,
    _read_conll_docs,
    _text_key,
    acled_to_case,
    mention_to_muc_type,
    muc4_score,
    muc_templates_for,
    gva_city_names,
    place_matches,
)
from sitrep.records import Actor, Argument, Mention, Place

needs_model = pytest.mark.skipif(
    not (model_path() / "config.cfg").is_file(),
    reason=f"no spaCy model at {model_path()} (build it with `make model` or set SITREP_MODEL)",
)


def _mention(category: str, mode: list[str], *, trigger: str = "attacked", event_id: str = "e1",
             actors: list[str] = (), recipients: list[str] = (), weapons: list[str] = ()) -> Mention:
    return Mention(
        id=f"m-{category}-{trigger}", article_id="a1", category=category, mode=list(mode), context=[],
        modality="asserted", trigger=trigger, start=0, end=10, sentence="",
        actors=[Actor(t) for t in actors], recipients=[Actor(t) for t in recipients],
        weapons=list(weapons), event_id=event_id,
    )


# ------------------------------------------------------------------------------ MUC-4 mapping


@pytest.mark.parametrize(
    ("category", "mode", "trigger", "expected"),
    [
        ("ASSAULT", ["explosives"], "exploded", "bombing"),
        ("ASSAULT", ["suicide-attack"], "blew", "bombing"),
        ("ASSAULT", ["abduct"], "kidnapped", "kidnapping"),
        ("ASSAULT", ["destroy"], "burned", "arson"),
        ("ASSAULT", ["firearms"], "shot", "attack"),
        ("COERCE", ["seize"], "robbed", "robbery"),
        ("COERCE", ["arrest"], "arrested", None),
        ("PROTEST", ["strike"], "strike", "forced work stoppage"),
        ("PROTEST", ["demo"], "marched", None),
        ("AGREE", [], "agreed", None),
    ],
)
def test_mention_to_muc_type(category: str, mode: list[str], trigger: str, expected: str | None) -> None:
    assert mention_to_muc_type(_mention(category, mode, trigger=trigger)) == expected


def test_muc_templates_split_roles_and_lower_case() -> None:
    mentions = [
        _mention("COERCE", [], trigger="robbed", actors=["FMLN", "two men"], recipients=["Peasants", "the bridge"],
                 weapons=["dynamite"]),
        _mention("COERCE", [], trigger="robbery", actors=["fmln"]),  # same event: merged, no repeat
        _mention("AGREE", [], trigger="agreed", event_id="e2", actors=["government"]),  # not a MUC incident
    ]
    doc = muc_templates_for("TST1-MUC3-0001", mentions)
    assert len(doc.templates) == 1
    template = doc.templates[0]
    assert template.incident_type == "robbery"
    texts = {role: [entity[0].text for entity in entities] for role, entities in template.roles.items()}
    assert texts == {
        "PerpInd": ["two men"], "PerpOrg": ["fmln"], "Target": ["the bridge"], "Victim": ["peasants"],
        "Weapon": ["dynamite"],
    }


def test_muc_templates_of_violence_take_the_role_models_phrases_only() -> None:
    # the role model read the report: its phrases fill the template, and the rules' common nouns
    # of a mention it gave no phrase ("100 shots") stay out
    with_phrases = _mention("ASSAULT", ["explosives"], trigger="exploded", recipients=["the bridge"])
    with_phrases.arguments = [Argument(role="perp_organization", text="the FMLN", start=0, end=8),
                              Argument(role="weapon", text="dynamite", start=20, end=28)]
    without = _mention("ASSAULT", ["firearms"], trigger="fired", actors=["one"], recipients=["100 shots"])
    doc = muc_templates_for("TST1-MUC3-0001", [with_phrases, without])
    texts = {role: [entity[0].text for entity in entities] for role, entities in doc.templates[0].roles.items()}
    assert texts == {"PerpInd": [], "PerpOrg": ["the fmln"], "Target": [], "Victim": [], "Weapon": ["dynamite"]}


def test_muc_templates_one_per_incident_type_of_an_event() -> None:
    # one raid, linked as one event: the pylon bombed and the buses burned are two MUC-4 incidents
    bombing = _mention("ASSAULT", ["explosives"], trigger="blew")
    bombing.arguments = [Argument(role="target", text="power pylon", start=0, end=11)]
    arson = _mention("ASSAULT", ["destroy"], trigger="burned")
    arson.arguments = [Argument(role="target", text="buses", start=20, end=25)]
    doc = muc_templates_for("TST1-MUC3-0001", [bombing, arson])
    assert [(t.incident_type, [e[0].text for e in t.roles["Target"]]) for t in doc.templates] == [
        ("bombing", ["power pylon"]), ("arson", ["buses"])]


def test_muc_templates_leave_out_an_incident_named_once_with_nothing_read() -> None:
    once = _mention("ASSAULT", ["abduct"], trigger="kidnapping", event_id="e1")
    told = [_mention("ASSAULT", [], trigger="attacked", event_id="e2"), _mention("ASSAULT", [], trigger="attack", event_id="e2")]
    doc = muc_templates_for("TST1-MUC3-0001", [once, *told])
    # the passing "kidnapping" is no template; the attack the report tells twice is one, even empty
    assert [t.incident_type for t in doc.templates] == ["attack"]


def test_muc4_score_perfect_predictions(tmp_path: Path) -> None:
    gold = {"docid": "TST1-MUC3-0001", "doctext": "x", "templates": [
        {"incident_type": "bombing", "PerpInd": [], "PerpOrg": [[["fmln", 0]]], "Target": [],
         "Victim": [[["peasants", 5]]], "Weapon": []}]}
    (tmp_path / "gold.json").write_text(json.dumps(gold) + "\n")
    (tmp_path / "pred.jsonl").write_text(json.dumps(gold) + "\n")
    result = muc4_score(tmp_path / "gold.json", tmp_path / "pred.jsonl")
    assert result["template_f1"] == pytest.approx(100.0)
    assert result["ceaf_ree_f1"] == pytest.approx(100.0)


# ------------------------------------------------------------------------------ CASE, places


@pytest.mark.parametrize(
    ("category", "mode", "expected"),
    [
        ("ASSAULT", ["suicide-attack", "explosives"], "SUIC_BOMB"),
        ("ASSAULT", ["explosives"], "REM_EXPLOS"),
        ("PROTEST", ["riot"], "VIOL_DEMONSTR"),
        ("PROTEST", [], "PEACE_PROTEST"),
        ("COERCE", ["arrest"], "ARREST"),
        ("AGREE", [], "AGREEMENT"),
        ("CONSULT", [], "OTHER"),  # no ACLED row: the ontology says "Other"
        (None, [], "NONE"),
    ],
)
def test_acled_to_case(category: str | None, mode: list[str], expected: str) -> None:
    assert acled_to_case(category, mode) == expected


def test_label_scores_macro_and_micro() -> None:
    # A: gold 2, pred 1 correct -> P 1, R .5, F1 2/3; B: gold 1, pred 2 (1 right) -> F1 2/3
    result = _label_scores(["A", "A", "B"], ["A", "B", "B"])
    assert result["macro_f1"] == pytest.approx(2 / 3)
    assert result["micro_f1"] == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        (Place("Nashville", resolved_place="Nashville", lat=36.17, lon=-86.78, feature="city"), True),
        (Place("Hermitage", resolved_place="Hermitage", lat=36.20, lon=-86.62, feature="city"), True),  # ~15 km
        (Place("Memphis", resolved_place="Memphis", lat=35.15, lon=-90.05, feature="city"), False),
        (Place("nashville"), True),  # names compare case-insensitively, no coordinates needed
        (None, False),
    ],
)
def test_place_matches(predicted: Place | None, expected: bool) -> None:
    gold = Place("Nashville", resolved_place="Nashville", lat=36.17, lon=-86.78, feature="city")
    assert place_matches(predicted, "Nashville", gold) is expected


@pytest.mark.parametrize(
    ("city", "expected"),
    [
        ("Nashville", ["Nashville"]),
        ("Los Angeles (Van Nuys)", ["Los Angeles", "Van Nuys"]),  # a place inside the city's area
        ("Saint Louis (St. Louis)", ["Saint Louis", "St. Louis"]),  # another spelling
        ("Pierce (county)", ["Pierce County"]),
        ("", []),
    ],
)
def test_gva_city_names(city: str, expected: list[str]) -> None:
    assert gva_city_names(city) == expected


def test_place_matches_either_name_of_a_city_with_its_locality() -> None:
    van_nuys = Place("Van Nuys", resolved_place="Van Nuys", lat=34.19, lon=-118.45, feature="city")
    los_angeles = Place("Los Angeles", resolved_place="Los Angeles", lat=34.05, lon=-118.24, feature="city")
    assert place_matches(Place("Van Nuys"), "Los Angeles (Van Nuys)", ())
    assert place_matches(Place("los angeles"), "Los Angeles (Van Nuys)", ())
    assert place_matches(Place("Pierce County"), "Pierce (county)", ())
    # no name in common: the places' circles decide, each gold place's
    near_van_nuys = Place("Sherman Oaks", resolved_place="Sherman Oaks", lat=34.15, lon=-118.45, feature="city")
    assert place_matches(near_van_nuys, "Los Angeles (Van Nuys)", (los_angeles, van_nuys))
    far = Place("Fresno", resolved_place="Fresno", lat=36.74, lon=-119.79, feature="city")
    assert not place_matches(far, "Los Angeles (Van Nuys)", (los_angeles, van_nuys))


@pytest.mark.parametrize(
    ("city", "state", "expected"),
    [
        ("Saint Louis", "Missouri", [("St. Louis", "Missouri")]),  # not Saint Louis, Michigan
        ("Jackson", "Michigan", [("Jackson", "Michigan")]),  # not the larger Jackson, Mississippi
        ("Los Angeles (Van Nuys)", "California", [("Los Angeles", "California"), ("Van Nuys", "California")]),
    ],
)
def test_gva_city_place_reads_the_city_in_its_state(city: str, state: str, expected: list[tuple[str, str]]) -> None:
    assert [(p.resolved_place, p.province) for p in runners.gva_city_place(city, state)] == expected


# ------------------------------------------------------------------------------ readers


def test_conll_offsets_point_at_their_tokens(tmp_path: Path) -> None:
    key = "0/1/abc"
    rows = [(0, 0, "2014-06-15"), (1, 0, "Shooting"), (1, 1, "at"), (1, 2, "bar"), (2, 0, "Police"), (2, 1, "said")]
    lines = ["#begin document (0/1/abc); part 0"] + [f"{key}\t{s}\t{t}\t{tok}\t-" for s, t, tok in rows]
    (tmp_path / "dataset.conll").write_text("\n".join(lines) + "\n#end document\n")
    doc = _read_conll_docs(tmp_path / "dataset.conll")[key]
    assert doc["published"] == "2014-06-15"
    assert doc["text"] == "Shooting at bar Police said"
    for sent, tok, token in rows[1:]:
        start, end = doc["offsets"][(sent, tok)]
        assert doc["text"][start:end] == token


def test_a_sentence_without_an_event_goes_on_about_the_one_named_before_it() -> None:
    from dataclasses import replace

    headline = replace(_mention("ASSAULT", ["firearms"], event_id="e-main"), start=0, end=40)
    passing = replace(_mention("ASSAULT", ["firearms"], event_id="e-other"), start=100, end=160)
    unlinked = replace(_mention("ACCUSE", [], event_id=None), start=200, end=240)
    mentions = [headline, passing, unlinked]
    assert runners._preceding_mention(mentions, 50).event_id == "e-main"
    assert runners._preceding_mention(mentions, 250).event_id == "e-other"  # the nearest with an event
    assert runners._preceding_mention([passing], 10).event_id == "e-other"  # none before: the first after
    assert runners._preceding_mention([unlinked], 300) is None


def test_gvdb_gold_counts_victims_by_status(tmp_path: Path) -> None:
    info = {"victim-section": [{"victim-was": ["killed"]}, {"victim-was": ["injured", "hospitalized"]},
                               {"victim-was": ["injured"]}],
            "date-and-time": {"date": "2016-01-27"}}
    with (tmp_path / "dev.tsv").open("w", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(["Article id", "Article url", "Article title", "Full text", "Json", "Worker"])
        writer.writerow(["46", "u", "t", "A man was shot, police said.", json.dumps(info), "w"])
    gold = _gvdb_gold(tmp_path / "dev.tsv")
    assert gold[_text_key("A man was shot , police said .")] == {"killed": 1, "injured": 2, "date": "2016-01-27"}


def test_gvdb_gun_types_are_the_ontologys_firearms() -> None:
    # GVDB's weapon slot is a "type-of-gun": the runner keeps the ontology's canonical gun names
    # and nothing else ("firearm" is any gun, a knife no gun)
    from sitrep.extract.ontology import load_ontology

    names = set(load_ontology().weapons.values())
    assert runners.GVDB_GUN_TYPES <= names
    assert {"handgun", "rifle", "shotgun"} <= runners.GVDB_GUN_TYPES
    assert not {"firearm", "knife", "bomb"} & runners.GVDB_GUN_TYPES


@pytest.mark.parametrize("runner", [runners.eval_case, runners.eval_plover, runners.eval_gvdb, runners.eval_muc4])
def test_missing_data_is_a_data_error(tmp_path: Path, runner) -> None:
    with pytest.raises(DataError, match="does not exist"):
        runner(tmp_path / "absent.file", limit=1)


def test_cli_missing_data_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    from sitrep.serve.cli_eval import eval_app

    result = CliRunner().invoke(eval_app, ["case", "--snippets", str(tmp_path / "absent.tsv")])
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)  # a clean exit, not a DataError traceback
    assert "does not exist" in result.output


# ------------------------------------------------------------------------------ end to end (model)

REPORT_1 = (
    "Two men were shot and killed outside a bar in Nashville, Tennessee on Saturday night, police said. "
    "The gunman fled in a car and has not been found. Police said the two victims were 22 and 32."
)
REPORT_2 = (
    "Police in Nashville are looking for a gunman who shot and killed two men outside a bar on Saturday. "
    "The victims, aged 22 and 32, died at the scene, a police spokesman said."
)


@needs_model
def test_gva_toy_one_incident_two_articles(tmp_path: Path) -> None:
    (tmp_path / "documents.jsonl").write_text("\n".join(json.dumps(d) for d in [
        {"gva_incident_id": "1", "doc_id": "d1", "title": "Two killed", "dct": "2014-01-05", "content": REPORT_1},
        {"gva_incident_id": "1", "doc_id": "d2", "title": "Gunman sought", "dct": "2014-01-05", "content": REPORT_2},
    ]) + "\n")
    (tmp_path / "incidents.jsonl").write_text(json.dumps({
        "gva_incident_id": "1", "has_structured_record": True, "date": "January 4, 2014", "state": "Tennessee",
        "city_or_county": "Nashville", "num_killed": 2, "num_injured": 0,
    }) + "\n")
    result = runners.eval_gva(tmp_path / "documents.jsonl", tmp_path / "incidents.jsonl", work_dir=tmp_path / "work")
    assert result["n_incidents"] == 1 and result["n_articles"] == 2
    # one gold incident: every predicted cluster lies inside it, so B³ precision is exactly 1
    assert result["b_cubed_precision"] == 1.0
    assert 0.0 <= result["b_cubed_f1"] <= 1.0
    assert result["n_questions"] == 6.0  # (city, month) and (state, month) x incidents, killed, injured
    # --details: each wrong field as "incident: gold -> sitrep", consistent with the accuracies
    assert set(result["details"]) == {"wrong_killed", "wrong_injured", "wrong_date", "wrong_city"}
    assert len(result["details"]["wrong_killed"]) == round((1 - result["killed_accuracy"]) * 1)
    assert all(line.startswith("1: ") for lines in result["details"].values() for line in lines)
    assert (tmp_path / "work" / "gva.db").exists()


@needs_model
def test_gva_an_article_two_incidents_share_scores_both_from_its_event(tmp_path: Path) -> None:
    # GVA may list one report under two incidents (a record kept twice): B³ gives the article one
    # gold cluster, but each incident's fields are read from the event its own articles went to
    (tmp_path / "documents.jsonl").write_text("\n".join(json.dumps(d) for d in [
        {"gva_incident_id": incident, "doc_id": "d1", "title": "Two killed", "dct": "2014-01-05", "content": REPORT_1}
        for incident in ("1", "2")
    ]) + "\n")
    (tmp_path / "incidents.jsonl").write_text("".join(json.dumps({
        "gva_incident_id": incident, "has_structured_record": True, "date": "January 4, 2014", "state": "Tennessee",
        "city_or_county": "Nashville", "num_killed": 2, "num_injured": 0,
    }) + "\n" for incident in ("1", "2")))
    result = runners.eval_gva(tmp_path / "documents.jsonl", tmp_path / "incidents.jsonl", work_dir=tmp_path / "work")
    assert result["n_incidents"] == 2
    assert result["killed_accuracy"] == 1.0 and result["details"]["wrong_killed"] == []


@needs_model
def test_case_toy_three_snippets(tmp_path: Path) -> None:
    rows = [
        ("1", "Thousands of students marched peacefully through the capital on Monday to protest tuition fees.",
         "PEACE_PROTEST"),
        ("2", "A suicide bomber blew himself up at a checkpoint in Kabul, killing four soldiers.", "SUIC_BOMB"),
        ("3", "Police arrested twelve opposition activists in Harare on Tuesday.", "ARREST"),
    ]
    path = tmp_path / "snippets.tsv"
    path.write_text("id\tEventSnippet\tSubType\n" + "".join("\t".join(r) + "\n" for r in rows))
    result = runners.eval_case(path, work_dir=tmp_path)
    assert result["n_snippets"] == 3
    assert set(result["per_label_f1"]) == {"PEACE_PROTEST", "SUIC_BOMB", "ARREST"}
    assert 0.0 <= result["macro_f1"] <= 1.0 and 0.0 <= result["micro_f1"] <= 1.0


# ------------------------------------------------------------------------------ disputes

from sitrep.evaluate.disputes import gold_count, newest_count, score_disputes  # noqa: E402
from sitrep.records import Dispute, Event  # noqa: E402


def _gold_incident(incident_id: str, **labels: tuple[str, dict[str, object]]) -> dict:
    docs = [{"doc_id": "d1", "dct": "2016-01-01"}, {"doc_id": "d2", "dct": "2016-01-02"}]
    return {"gva_incident_id": incident_id, "docs": docs,
            "fields": {name: {"label": label, "values": values, "note": ""} for name, (label, values) in labels.items()}}


def _scored_event(dead: int | None, injured: int | None, *disputed: str) -> Event:
    return Event(id="e", event=["ASSAULT"], mode=[], context=[], modality="asserted", date=None, date_precision=None,
                 actor=[], recipient=[], event_loc=None, size={"dead": dead, "injured": injured, "arrested": None},
                 weapons=[], claimed_by=[], summary="", sources=[], evidence={},
                 disputes=[Dispute(field=f, values=[]) for f in disputed], confidence=0.5)


@pytest.mark.parametrize(("value", "expected"), [(3, 3), ("16 (17 hit in total)", 16), ("0 (title only)", 0),
                                                 (None, None), ("unnamed", None), (True, None)])
def test_gold_count_reads_the_number_a_note_starts_with(value, expected) -> None:
    assert gold_count(value) == expected


def test_newest_count_is_the_last_article_in_gold_order_that_states_one() -> None:
    field = {"values": {"d1": 7, "d2": "9 (later count)", "d3": None}}
    assert newest_count(field, ["d1", "d2", "d3"]) == 9
    assert newest_count({"values": {"d1": None}}, ["d1"]) is None


def test_score_disputes_counts_recall_precision_and_the_newest_count() -> None:
    incidents = [
        _gold_incident("1", injured=("conflict", {"d1": 4, "d2": 3}), dead=("update", {"d1": 0, "d2": 1})),
        _gold_incident("2", dead=("agree", {"d1": 2, "d2": 2}), injured=("update", {"d1": 7, "d2": 9})),
        _gold_incident("3", date=("conflict", {"d1": "2016-01-01", "d2": "2016-01-09"}),
                       injured=("unclear", {"d1": 5, "d2": 4})),
    ]
    events = {
        "1": _scored_event(1, 4, "size.injured"),  # conflict flagged, dead updated to 1: both right
        "2": _scored_event(2, 7, "size.dead", "modality"),  # two wrong flags, stale injured 7
        "3": _scored_event(None, None, "size.injured"),  # a flag on an unclear field counts neither way
    }
    result = score_disputes(incidents, events)
    assert (result["n_conflicts"], result["n_conflicts_flagged"]) == (2, 1)
    assert result["conflict_recall"] == 0.5
    assert (result["n_flags"], result["n_true_flags"]) == (3, 1)
    assert result["flag_precision"] == pytest.approx(1 / 3)
    assert (result["n_count_updates"], result["newest_after_update"]) == (2, 0.5)
    assert result["wrong_flags"] == ["2:dead=agree", "2:other:modality=not annotated"]
    assert result["missed_conflicts"] == ["3:date"]
    assert result["stale_counts"] == ["2:injured gold 9 sitrep 7"]


def test_an_incident_with_no_event_misses_its_conflicts_and_reads_counts_as_zero() -> None:
    incidents = [_gold_incident("1", injured=("conflict", {"d1": 4, "d2": 3}), dead=("update", {"d1": 1, "d2": 0}))]
    result = score_disputes(incidents, {"1": None})
    assert (result["conflict_recall"], result["n_flags"], result["newest_after_update"]) == (0.0, 0, 1.0)


def test_eval_disputes_missing_gold_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="does not exist"):
        runners.eval_disputes(tmp_path / "absent.json", tmp_path / "absent.jsonl")


def test_eval_disputes_bad_gold_is_a_data_error_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "gold.json").write_text('{"about": "no incidents"}')
    (tmp_path / "documents.jsonl").write_text("")
    with pytest.raises(DataError, match="gold.json.*'incidents' list"):
        runners.eval_disputes(tmp_path / "gold.json", tmp_path / "documents.jsonl")


@needs_model
def test_disputes_toy_a_toll_that_rises_is_an_update_and_two_outlets_same_day_a_conflict(tmp_path: Path) -> None:
    texts = {
        "d1": "Two men were shot and killed outside a bar in Nashville, Tennessee on Saturday night, police said.",
        "d2": "Three men have died after a shooting outside a bar in Nashville, Tennessee on Saturday, police said. "
              "The death toll rose to three on Monday when a third victim died in hospital.",
    }
    (tmp_path / "documents.jsonl").write_text("\n".join(json.dumps(
        {"gva_incident_id": "1", "doc_id": d, "title": "Shooting", "dct": day, "uri": f"http://www.{outlet}.com/story",
         "content": texts[d]}) for d, day, outlet in (("d1", "2014-01-05", "wkrn"), ("d2", "2014-01-07", "tennessean"))) + "\n")
    gold = {"about": "toy", "incidents": [{
        "gva_incident_id": "1", "docs": [{"doc_id": "d1", "dct": "2014-01-05"}, {"doc_id": "d2", "dct": "2014-01-07"}],
        "fields": {"dead": {"label": "update", "values": {"d1": 2, "d2": 3}, "note": "a victim died later"}}}]}
    (tmp_path / "gold.json").write_text(json.dumps(gold))
    result = runners.eval_disputes(tmp_path / "gold.json", tmp_path / "documents.jsonl", work_dir=tmp_path / "work")
    assert (result["n_incidents"], result["n_articles"], result["event_coverage"]) == (1, 2, 1.0)
    assert result["n_count_updates"] == 1
    assert result["newest_after_update"] == 1.0  # the event took 3, the newest report's toll
    assert result["n_flags"] == 0 and result["updates_flagged_share"] == 0.0
    assert result["n_outlets_scored"] == 2


def test_cli_eval_disputes_missing_gold_is_one_line(tmp_path: Path) -> None:
    from sitrep.serve.cli_eval import eval_app

    result = CliRunner().invoke(eval_app, ["disputes", "--gold", str(tmp_path / "absent.json")])
    assert result.exit_code == 2
    assert "does not exist" in result.output and "Traceback" not in result.output


def test_gvdb_names_are_the_linked_persons_full_names():
    from sitrep.evaluate.runners import _full_name, _is_person_name
    from sitrep.records import Actor

    people = {"e1": "Brent Thomas"}
    later = Actor(entity_text="Thomas", entity_id="e1")  # "Thomas ran up and fired six shots"
    assert _full_name(later, people) == "Brent Thomas" and _is_person_name(_full_name(later, people))
    # unlinked, or linked to no person: the words as written, which one word does not pass
    assert _full_name(Actor(entity_text="Thomas"), people) == "Thomas"
    assert not _is_person_name(_full_name(Actor(entity_text="Police", entity_id="e9"), people))
