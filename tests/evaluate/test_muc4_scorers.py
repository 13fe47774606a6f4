"""Hand-computed cases for the MUC-4 scorers (GTT template metric, GRIT CEAF-REE) and readers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sitrep.errors import DataError
from sitrep.evaluate.muc4 import (
    ROLES,
    ExtractDoc,
    Mention,
    Template,
    TemplateDoc,
    load_grit,
    load_gtt,
    normalize_mention,
    numeric_docid,
    read_extract_predictions,
    read_grit_preds,
    read_gtt_preds,
    read_template_predictions,
    score_ceaf_ree,
    score_templates,
    templates_to_extracts,
    unique_templates,
)

GTT_DEV = Path("/work/shared/data/muc4/processed/gtt/dev.json")
GRIT_DEV = Path("/work/shared/data/muc4/processed/grit/dev.json")


def template(incident_type: Any = "attack", **roles: list[list[str]]) -> Template:
    """A template from role=[[mention, ...], ...] keyword arguments (missing roles are empty)."""
    return Template.from_dict({"incident_type": incident_type, **roles})


def tdoc(*templates: Template, docid: str = "TST1-MUC3-0001") -> TemplateDoc:
    return TemplateDoc(docid=docid, templates=list(templates))


def edoc(docid: str = "TST1-MUC3-0001", **roles: list[list[str]]) -> ExtractDoc:
    return ExtractDoc.from_dict({"docid": docid, "extracts": roles})


def counts(report: dict[str, Any]) -> tuple[float, float, float, float]:
    return (report["p_num"], report["p_den"], report["r_num"], report["r_den"])


# --- normalisation and ids ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Bomb.", "bomb"),
        ("  A   car  bomb ", "car bomb"),
        ("the-bomb", "thebomb"),  # punctuation goes first, so the article survives, as in eval.py
        ("FMLN's urban commandos", "fmlns urban commandos"),
        ("an", ""),
        ('"santo tomas" presidential farm', "santo tomas presidential farm"),
    ],
)
def test_normalize_mention(text: str, expected: str) -> None:
    assert normalize_mention(text) == expected


@pytest.mark.parametrize(
    ("docid", "expected"),
    [("TST3-MUC4-0080", "30080"), ("TST1-MUC3-0001", "10001"), ("DEV-MUC3-0001", None), ("x", None)],
)
def test_numeric_docid(docid: str, expected: str | None) -> None:
    assert numeric_docid(docid) == expected


# --- GTT template metric --------------------------------------------------------------------


def test_templates_partial_match_with_duplicate_prediction() -> None:
    gold = tdoc(
        template(
            "attack",
            PerpInd=[["guerrillas", "guerrilla column"]],
            Target=[["farm"]],
            Victim=[["cerezo"]],
        )
    )
    pred = tdoc(
        template(
            "attack",
            PerpInd=[["Guerrillas"]],  # normalises to a gold mention
            Target=[["the farm"], ["farm"]],  # same filler twice: both count as correct precision
            Victim=[["army"]],  # wrong
        )
    )
    # incident_type 1/1 1/1; PerpInd p 1/1 r 1/1; Target p 2/2 r 1/1; Victim p 0/1 r 0/1.
    # micro: p_num 4 / p_den 5 = 80 %, r_num 3 / r_den 4 = 75 %, F1 = 2·.8·.75/1.55 = 77.4194 %
    result = score_templates([gold], [pred])
    assert counts(result["micro_avg"]) == (4, 5, 3, 4)
    assert result["precision"] == pytest.approx(80.0)
    assert result["recall"] == pytest.approx(75.0)
    assert result["f1"] == pytest.approx(100 * 1.2 / 1.55)
    assert counts(result["per_role"]["Target"]) == (2, 2, 1, 1)
    assert counts(result["per_role"]["Victim"]) == (0, 1, 0, 1)
    assert counts(result["per_role"]["incident_type"]) == (1, 1, 1, 1)


def test_templates_incident_type_must_match() -> None:
    gold = tdoc(template("attack", PerpInd=[["guerrillas"]]))
    pred = tdoc(template("kidnapping", PerpInd=[["guerrillas"]]))
    # no alignment allowed: pred is spurious (p_den 1 type + 1 filler), gold is missing (r_den 2)
    result = score_templates([gold], [pred])
    assert counts(result["micro_avg"]) == (0, 2, 0, 2)
    assert result["f1"] == 0.0


def test_templates_type_compatibility_is_a_substring_test() -> None:
    # eval.py: `pred_type in gold_type`, so "attack" aligns with the gold "bombing / attack"
    gold = tdoc(template("bombing / attack", Target=[["embassy"]]))
    result = score_templates([gold], [tdoc(template("attack", Target=[["embassy"]]))])
    assert counts(result["micro_avg"]) == (2, 2, 2, 2)


def test_templates_non_string_type_reads_as_attack() -> None:
    # the GTT decoder writes [] when it emits no type; eval.py scores it as "attack"
    pred = template([], Victim=[["priest"]])
    assert pred.incident_type == "attack"
    result = score_templates([tdoc(template("attack", Victim=[["priest"]]))], [tdoc(pred)])
    assert result["f1"] == pytest.approx(100.0)


def test_templates_best_alignment_across_order() -> None:
    gold = tdoc(
        template("bombing", Target=[["bus"]]),
        template("attack", Victim=[["mayor"]], PerpOrg=[["fmln"]]),
    )
    pred = tdoc(
        template("attack", Victim=[["mayor"]]),
        template("bombing", Target=[["bus"]], Weapon=[["dynamite"]]),
    )
    # pred0 -> gold1: type 1/1, Victim 1/1, PerpOrg r 0/1. pred1 -> gold0: type 1/1, Target 1/1,
    # Weapon p 0/1. p_num 4 / p_den 5, r_num 4 / r_den 5 -> P = R = F1 = 80 %
    result = score_templates([gold], [pred])
    assert counts(result["micro_avg"]) == (4, 5, 4, 5)
    assert result["f1"] == pytest.approx(80.0)
    # breakdown by incident type: bombing p 2/3 r 2/2, attack p 2/2 r 2/3
    assert counts(result["per_incident_type"]["bombing"]) == (2, 3, 2, 2)
    assert counts(result["per_incident_type"]["attack"]) == (2, 2, 2, 3)


def test_templates_extra_prediction_is_spurious() -> None:
    gold = tdoc(template("arson", Target=[["house"]]))
    pred = tdoc(template("arson", Target=[["house"]]), template("arson", Target=[["car"]]))
    # aligned: 2/2 both sides; spurious template adds p_den 2 -> P 2/4 = 50 %, R 100 %, F1 66.67 %
    result = score_templates([gold], [pred])
    assert counts(result["micro_avg"]) == (2, 4, 2, 2)
    assert result["f1"] == pytest.approx(200 / 3)


def test_templates_tie_breaks_like_eval_py() -> None:
    # One pred can align to either gold template with the same document F1 (2/3 both ways):
    #   -> gold0: type + PerpInd right, its Target wrong (no Target in gold0); gold1 missing.
    #   -> gold1: type + Target right, its PerpInd wrong; gold0 missing.
    # eval.py keeps the FIRST best map in itertools.product order, i.e. pred0 -> gold0.
    gold = tdoc(template("attack", PerpInd=[["x"]]), template("attack", Target=[["y"]]))
    pred = tdoc(template("attack", PerpInd=[["x"]], Target=[["y"]]))
    result = score_templates([gold], [pred])
    assert counts(result["micro_avg"]) == (2, 3, 2, 4)
    assert counts(result["per_role"]["PerpInd"]) == (1, 1, 1, 1)
    assert counts(result["per_role"]["Target"]) == (0, 1, 0, 1)


def test_templates_tie_prefers_aligning_the_earlier_prediction() -> None:
    # Two preds, one gold; aligning either gives p_num 2 / p_den 4, r_num 2 / r_den 3.
    # Product order tries (pred0 -> gold0, pred1 -> unaligned) before (unaligned, gold0), because
    # "unaligned" is the LAST value: so pred0 (PerpInd) is the one aligned.
    gold = tdoc(template("attack", PerpInd=[["x"]], Target=[["y"]]))
    pred = tdoc(template("attack", PerpInd=[["x"]]), template("attack", Target=[["y"]]))
    result = score_templates([gold], [pred])
    assert counts(result["micro_avg"]) == (2, 4, 2, 3)
    assert counts(result["per_role"]["PerpInd"]) == (1, 1, 1, 1)
    assert counts(result["per_role"]["Target"]) == (0, 1, 0, 1)


def test_templates_empty_prediction_and_empty_gold() -> None:
    gold = tdoc(template("attack", PerpInd=[["a"]], Victim=[["b"], ["c"]]))
    # nothing predicted: r_den = 1 type + 3 fillers, everything else 0
    result = score_templates([gold], [tdoc()])
    assert counts(result["micro_avg"]) == (0, 0, 0, 4)
    assert (result["precision"], result["recall"], result["f1"]) == (0.0, 0.0, 0.0)
    # a gold document with no template, one predicted: p_den = 1 + 1
    result = score_templates([tdoc()], [tdoc(template("attack", PerpInd=[["a"]]))])
    assert counts(result["micro_avg"]) == (0, 2, 0, 0)
    # neither side has anything: all zero, no division error
    result = score_templates([tdoc()], [tdoc()])
    assert counts(result["micro_avg"]) == (0, 0, 0, 0)
    assert result["f1"] == 0.0


def test_templates_missing_prediction_document_counts_as_empty() -> None:
    gold = [tdoc(template("attack", PerpInd=[["a"]])), tdoc(template("arson"), docid="TST1-MUC3-0002")]
    pred = [tdoc(template("attack", PerpInd=[["a"]]))]
    # doc 1 perfect (2/2, 2/2); doc 2 missing (r_den 1)
    result = score_templates(gold, pred)
    assert counts(result["micro_avg"]) == (2, 2, 2, 3)


def test_templates_gold_duplicates_collapse_pred_duplicates_do_not() -> None:
    repeated = template("attack", PerpInd=[["a"]])
    gold = tdoc(repeated, repeated)
    pred = tdoc(repeated, repeated)
    # gold has one template after eval.py's de-duplication; the second pred is spurious:
    # p 2/4, r 2/2
    result = score_templates([gold], [pred])
    assert counts(result["micro_avg"]) == (2, 4, 2, 2)
    assert counts(score_templates([gold], [unique_templates(pred)])["micro_avg"]) == (2, 2, 2, 2)


def test_templates_gold_empty_entity_is_dropped_pred_empty_entity_is_vacuously_right() -> None:
    gold = tdoc(Template("attack", {**{r: [] for r in ROLES}, "Target": [(), (Mention("bus"),)]}))
    pred = tdoc(template("attack", Target=[[]]))
    # gold Target has 1 entity after dropping the empty one; the empty pred entity is a subset of
    # it (eval.py's matching() loops over no mention) -> Target p 1/1, r 1/1
    result = score_templates([gold], [pred])
    assert counts(result["per_role"]["Target"]) == (1, 1, 1, 1)


def test_templates_match_numeric_docids() -> None:
    gold = tdoc(template("attack", PerpInd=[["a"]]), docid="TST3-MUC4-0080")
    pred = tdoc(template("attack", PerpInd=[["a"]]), docid="30080")
    assert score_templates([gold], [pred])["f1"] == pytest.approx(100.0)


def test_templates_many_templates_stay_exact_and_fast() -> None:
    # 8 x 8 same-type templates: eval.py would try 9^8 maps; the pruned search must still find
    # the perfect alignment even though preds are listed in reverse order.
    gold = tdoc(*[template("attack", Victim=[[f"v{k}"]]) for k in range(8)])
    pred = tdoc(*[template("attack", Victim=[[f"v{k}"]]) for k in reversed(range(8))])
    assert score_templates([gold], [pred])["f1"] == pytest.approx(100.0)


# --- GRIT CEAF-REE --------------------------------------------------------------------------


def test_ceaf_ree_hand_case() -> None:
    gold = edoc(
        PerpInd=[["guerrillas", "guerrilla column"], ["fmln"]],
        Target=[["farm"]],
        Victim=[],
        Weapon=[["dynamite"]],
    )
    pred = edoc(
        PerpInd=[["guerrillas"], ["guerrilla column"]],  # both subsets of entity 1; one-to-one -> 1
        Target=[],
        Victim=[["cerezo"]],
        Weapon=[["the dynamite", "dynamite"]],  # both mentions in gold after normalisation -> 1
    )
    # PerpInd: sim 1, p_den 2, r_den 2; Target: 0, 0, 1; Victim: 0, 1, 0; Weapon: 1, 1, 1
    # micro: p 2/4 = 50 %, r 2/4 = 50 %, F1 50 %
    result = score_ceaf_ree([gold], [pred])
    assert counts(result["per_role"]["PerpInd"]) == (1, 2, 1, 2)
    assert counts(result["per_role"]["Target"]) == (0, 0, 0, 1)
    assert counts(result["per_role"]["Victim"]) == (0, 1, 0, 0)
    assert counts(result["per_role"]["Weapon"]) == (1, 1, 1, 1)
    assert counts(result["micro_avg"]) == (2, 4, 2, 4)
    assert result["f1"] == pytest.approx(50.0)


def test_ceaf_ree_phi_strict_needs_every_mention() -> None:
    gold = edoc(Target=[["bus", "vehicle"]])
    pred = edoc(Target=[["bus", "truck"]])  # "truck" is not a gold mention -> 0
    assert counts(score_ceaf_ree([gold], [pred])["micro_avg"]) == (0, 1, 0, 1)


def test_ceaf_ree_optimal_not_greedy() -> None:
    # gold A = {a, b}, gold B = {b}; pred0 = {b} fits both, pred1 = {a} fits only A.
    # Greedy pred0->A would leave pred1 unmatched (1); the optimal pred0->B, pred1->A gives 2.
    gold = edoc(Victim=[["a", "b"], ["b"]])
    pred = edoc(Victim=[["b"], ["a"]])
    assert counts(score_ceaf_ree([gold], [pred])["micro_avg"]) == (2, 2, 2, 2)


def test_ceaf_ree_empty_sides() -> None:
    gold = edoc(PerpOrg=[["fmln"]])
    assert counts(score_ceaf_ree([gold], [edoc()])["micro_avg"]) == (0, 0, 0, 1)
    assert counts(score_ceaf_ree([edoc()], [edoc(PerpOrg=[["fmln"]])])["micro_avg"]) == (0, 1, 0, 0)
    result = score_ceaf_ree([edoc()], [])
    assert (result["precision"], result["recall"], result["f1"]) == (0.0, 0.0, 0.0)


def test_ceaf_ree_duplicate_predictions_cost_precision() -> None:
    gold = edoc(Weapon=[["bomb"]])
    pred = edoc(Weapon=[["bomb"], ["bomb"]])
    # only one can align: p 1/2, r 1/1
    assert counts(score_ceaf_ree([gold], [pred])["micro_avg"]) == (1, 2, 1, 1)


def test_templates_to_extracts_merges_and_dedupes() -> None:
    doc = tdoc(
        template("attack", PerpInd=[["guerrillas"]], Target=[["farm"]]),
        template("arson", PerpInd=[["Guerrillas."]], Target=[["truck"]]),
    )
    extracts = templates_to_extracts(doc).extracts
    assert [[m.text for m in e] for e in extracts["PerpInd"]] == [["guerrillas"]]
    assert [[m.text for m in e] for e in extracts["Target"]] == [["farm"], ["truck"]]


# --- readers --------------------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_read_gtt_and_grit_released_formats(tmp_path: Path) -> None:
    gtt_out = {
        "10001": {
            "doctext": "...",
            "pred_seq": "...",
            "pred_templates": [
                {"incident_type": "attack", "PerpInd": [["guerrillas"]], "PerpOrg": [], "Target": [],
                 "Victim": [], "Weapon": []},
                {"incident_type": [], "PerpInd": [], "PerpOrg": [], "Target": [["farm"]], "Victim": [],
                 "Weapon": []},
            ],
            "gold_templates": [],
        }
    }
    grit_out = {"10001": {"doctext": "...", "pred_extracts": {"PerpInd": [["guerrillas"]], "PerpOrg": [],
                                                                 "Target": [["farm"]], "Victim": [], "Weapon": []}}}
    gtt_path = write(tmp_path / "preds_gtt.out", json.dumps(gtt_out, indent=4))
    grit_path = write(tmp_path / "preds_s_t.out", json.dumps(grit_out, indent=4))

    templates = read_gtt_preds(gtt_path)
    assert [t.incident_type for t in templates[0].templates] == ["attack", "attack"]
    assert read_template_predictions(gtt_path)[0].docid == "10001"
    extracts = read_grit_preds(grit_path)
    assert extracts[0].extracts["Target"] == [(Mention("farm"),)]
    assert read_extract_predictions(grit_path)[0].extracts == extracts[0].extracts
    # a GTT .out read for CEAF-REE is merged per document
    assert read_extract_predictions(gtt_path)[0].extracts["Target"] == [(Mention("farm"),)]

    gold = edoc(PerpInd=[["guerrillas"]], Target=[["farm"]])
    assert score_ceaf_ree([gold], extracts)["f1"] == pytest.approx(100.0)


def test_own_jsonl_format_round_trips(tmp_path: Path) -> None:
    doc = tdoc(template("bombing", Weapon=[["bomb", "explosive"]]))
    path = write(tmp_path / "ours.jsonl", json.dumps(doc.to_dict()) + "\n")
    (loaded,) = read_template_predictions(path)
    assert loaded.to_dict() == doc.to_dict()
    assert score_templates([doc], [loaded])["f1"] == pytest.approx(100.0)
    (merged,) = read_extract_predictions(path)
    assert merged.extracts["Weapon"] == [(Mention("bomb"), Mention("explosive"))]


def test_bad_files_raise_data_error(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.jsonl", '{"docid": "a", "templates": []}\n{not json\n')
    with pytest.raises(DataError, match=r"bad.jsonl:2"):
        load_gtt(path)
    with pytest.raises(DataError, match="does not exist"):
        load_grit(tmp_path / "missing.json")
    with pytest.raises(DataError, match="pred_templates"):
        read_gtt_preds(write(tmp_path / "x.out", json.dumps({"1": {"pred_extracts": {}}})))


# --- real dev data ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gtt_dev() -> list[TemplateDoc]:
    if not GTT_DEV.is_file():
        pytest.skip(f"MUC-4 GTT dev file not found at {GTT_DEV}")
    return load_gtt(GTT_DEV)


def test_gtt_dev_loads(gtt_dev: list[TemplateDoc]) -> None:
    # MANIFEST: 200 dev documents, 191 templates
    assert len(gtt_dev) == 200
    assert sum(len(doc.templates) for doc in gtt_dev) == 191
    first = gtt_dev[0]
    assert first.docid == "TST1-MUC3-0001"
    assert first.templates[0].roles["PerpInd"][0][0] == Mention("guerrillas", 37)
    assert first.doctext[37 : 37 + len("guerrillas")] == "guerrillas"


def test_gtt_dev_against_itself(gtt_dev: list[TemplateDoc]) -> None:
    # De-duplicated gold as predictions: exactly 100.
    result = score_templates(gtt_dev, [unique_templates(doc) for doc in gtt_dev])
    assert (result["precision"], result["recall"], result["f1"]) == (100.0, 100.0, 100.0)
    # The raw file as predictions: eval.py de-duplicates gold only, so the 10 repeated dev
    # templates (29 slots) are spurious: P = 731/760, R = 100.
    result = score_templates(gtt_dev, gtt_dev)
    assert counts(result["micro_avg"]) == (731, 760, 731, 731)


def test_grit_dev_against_itself() -> None:
    if not GRIT_DEV.is_file():
        pytest.skip(f"MUC-4 GRIT dev file not found at {GRIT_DEV}")
    gold = load_grit(GRIT_DEV)
    result = score_ceaf_ree(gold, gold)
    assert (result["precision"], result["recall"], result["f1"]) == (100.0, 100.0, 100.0)
    assert result["micro_avg"]["r_den"] > 0
