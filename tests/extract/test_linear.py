"""The JSON linear model behind the extraction models (sitrep.extract.linear), on hand-made weights."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from sitrep import errors
from sitrep.extract.linear import LinearModel


def _multiclass() -> LinearModel:
    return LinearModel(
        name="toy",
        classes=["none", "victim", "weapon"],
        intercept=[1.0, -0.5, -1.0],
        weights={"h:rifle": [-1.0, 0.0, 3.0], "dep:obj": [0.0, 1.5, 0.0], "h:guard": [0.0, 2.0, -1.0]},
        thresholds={"victim": 0.3, "weapon": 0.4},
        meta={"trained_on": "nothing, written by hand"},
    )


def _binary() -> LinearModel:
    # scikit-learn stores a two-class model as one column: the logit of the second class.
    return LinearModel(name="detector", classes=["no", "event"], intercept=[-1.0], weights={"trig:kill": [3.0]})


def _softmax(scores: list[float]) -> list[float]:
    exps = [math.exp(s) for s in scores]
    return [e / sum(exps) for e in exps]


@pytest.mark.parametrize("features", [[], ["h:rifle"], ["dep:obj", "h:guard"], ["h:rifle", "dep:obj", "h:guard"]])
def test_multiclass_probabilities_sum_to_one(features: list[str]) -> None:
    proba = _multiclass().proba(features)
    assert set(proba) == {"none", "victim", "weapon"}
    assert sum(proba.values()) == pytest.approx(1.0)


def test_scores_are_the_intercept_plus_the_weights_of_the_features() -> None:
    assert _multiclass().scores(["h:rifle", "dep:obj"]) == pytest.approx([0.0, 1.0, 2.0])


def test_multiclass_probabilities_are_the_softmax_of_the_scores() -> None:
    proba = _multiclass().proba(["dep:obj", "h:guard"])
    expected = _softmax([1.0, 3.0, -2.0])
    assert [proba[c] for c in ("none", "victim", "weapon")] == pytest.approx(expected)


def test_without_features_the_intercept_decides() -> None:
    proba = _multiclass().proba([])
    assert max(proba, key=proba.get) == "none"
    assert [proba[c] for c in ("none", "victim", "weapon")] == pytest.approx(_softmax([1.0, -0.5, -1.0]))


@pytest.mark.parametrize("unknown", [["never-seen"], ["h:grenade", "dep:nsubj"], [""]])
def test_unknown_features_are_ignored(unknown: list[str]) -> None:
    model = _multiclass()
    assert model.proba(["h:rifle"] + unknown) == model.proba(["h:rifle"])


def test_a_weapon_feature_makes_the_weapon_class_most_likely() -> None:
    proba = _multiclass().proba(["h:rifle"])
    assert max(proba, key=proba.get) == "weapon"


def test_binary_model_reads_its_one_score_as_the_second_class_logit() -> None:
    proba = _binary().proba(["trig:kill"])
    assert proba["event"] == pytest.approx(1.0 / (1.0 + math.exp(-2.0)))
    assert proba["no"] == pytest.approx(1.0 - proba["event"])


@pytest.mark.parametrize(("features", "expected"), [([], 1.0 / (1.0 + math.e)), (["trig:kill"], 1.0 / (1.0 + math.exp(-2.0)))])
def test_binary_probability_of_the_positive_class(features: list[str], expected: float) -> None:
    assert _binary().proba(features)["event"] == pytest.approx(expected)


@pytest.mark.parametrize("weight", [1e6, -1e6])
def test_binary_model_does_not_overflow_on_a_huge_score(weight: float) -> None:
    model = LinearModel(name="detector", classes=["no", "event"], intercept=[0.0], weights={"x": [weight]})
    proba = model.proba(["x"])
    assert sum(proba.values()) == pytest.approx(1.0)
    assert proba["event"] == pytest.approx(1.0 if weight > 0 else 0.0, abs=1e-9)


def test_multiclass_model_does_not_overflow_on_a_huge_score() -> None:
    model = LinearModel(name="toy", classes=["a", "b", "c"], intercept=[0.0, 0.0, 0.0], weights={"x": [1e4, 0.0, -1e4]})
    assert model.proba(["x"]) == pytest.approx({"a": 1.0, "b": 0.0, "c": 0.0})


def test_save_then_load_gives_the_same_model(tmp_path) -> None:
    model = _multiclass()
    path = tmp_path / "toy.json"
    model.save(path)
    loaded = LinearModel.load(path)
    assert loaded.to_dict() == model.to_dict()
    assert loaded.proba(["h:rifle", "dep:obj"]) == model.proba(["h:rifle", "dep:obj"])


def test_saved_file_is_plain_json_with_its_version(tmp_path) -> None:
    path = tmp_path / "toy.json"
    _binary().save(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert data["classes"] == ["no", "event"]
    assert data["weights"] == {"trig:kill": [3.0]}


def test_a_file_without_thresholds_or_meta_loads_with_empty_ones(tmp_path) -> None:
    path = tmp_path / "bare.json"
    path.write_text(json.dumps({"name": "bare", "classes": ["no", "yes"], "intercept": [0.0], "weights": {}}), encoding="utf-8")
    model = LinearModel.load(path)
    assert (model.thresholds, model.meta) == ({}, {})


def test_a_missing_model_file_raises_model_error_naming_the_make_target(tmp_path) -> None:
    path = tmp_path / "absent.json"
    with pytest.raises(errors.ModelError) as caught:
        LinearModel.load(path)
    assert "make extract-model" in str(caught.value)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    "content",
    [
        "this is not json",
        '{"name": "roles", "classes": ["none"]',  # cut off mid-file
        "{}",
        '{"name": "roles", "classes": ["none", "victim"]}',  # no intercept, no weights
        "[1, 2, 3]",
    ],
)
def test_a_broken_model_file_raises_model_error_naming_the_make_target(tmp_path, content: str) -> None:
    path = tmp_path / "roles.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(errors.ModelError) as caught:
        LinearModel.load(path)
    assert "make extract-model" in str(caught.value)
    assert str(path) in str(caught.value)
    assert caught.value.code == "E200"


def test_the_make_target_the_error_names_exists() -> None:
    makefile = Path(__file__).resolve().parents[2] / "Makefile"
    assert any(line.startswith("extract-model:") for line in makefile.read_text(encoding="utf-8").splitlines())
