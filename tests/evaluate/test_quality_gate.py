"""The quality gate: floor bookkeeping by hand, and (slow) the real gate on the shared data."""

from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep.analyze.nlp import model_path
from sitrep.evaluate.runners import DATA_DIR

GATE = Path(__file__).resolve().parents[2] / "benchmarks" / "quality_gate.py"


def _gate_module():
    spec = importlib.util.spec_from_file_location("quality_gate", GATE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CONFIG = {
    "limits": {"case": 10},
    "metrics": {"case.macro_f1": {"floor": 0.30, "margin": 0.02, "command": "sitrep eval case --limit 10"}},
    "history": [],
}


@pytest.mark.parametrize(("score", "fails"), [(0.35, False), (0.29, False), (0.27, True)])
def test_check_allows_the_margin(score: float, fails: bool) -> None:
    assert bool(_gate_module().check(CONFIG, {"case.macro_f1": score})) is fails


def test_update_refuses_to_lower_without_reason() -> None:
    config = copy.deepcopy(CONFIG)
    written, messages = _gate_module().update_floors(config, {"case.macro_f1": 0.20}, None)
    assert not written and "refusing" in messages[0]
    assert config["metrics"]["case.macro_f1"]["floor"] == 0.30


def test_update_lowers_with_reason_and_records_it() -> None:
    config = copy.deepcopy(CONFIG)
    written, _ = _gate_module().update_floors(config, {"case.macro_f1": 0.20}, "new label mapping")
    assert written and config["metrics"]["case.macro_f1"]["floor"] == 0.20
    assert config["history"][-1]["reason"] == "new label mapping"
    assert config["history"][-1]["changes"] == {"case.macro_f1": [0.30, 0.20]}


def test_a_score_equal_to_its_floor_at_four_places_is_no_lowering() -> None:
    # floors are stored rounded: 0.68478 scored again is the floor 0.6848, not below it
    config = copy.deepcopy(CONFIG)
    config["metrics"]["case.macro_f1"]["floor"] = 0.6848
    written, messages = _gate_module().update_floors(config, {"case.macro_f1": 0.68478}, None)
    assert written and messages == ["no floor changed"]


def test_update_raises_without_reason() -> None:
    config = copy.deepcopy(CONFIG)
    written, _ = _gate_module().update_floors(config, {"case.macro_f1": 0.40}, None)
    assert written and config["metrics"]["case.macro_f1"]["floor"] == 0.40


def test_floors_file_is_complete() -> None:
    config = json.loads((GATE.parent / "quality_floors.json").read_text())
    for key, spec in config["metrics"].items():
        assert key.split(".")[0] in config["limits"]
        assert {"floor", "margin", "command"} <= set(spec)


@pytest.mark.slow
@pytest.mark.skipif(not DATA_DIR.is_dir(), reason=f"shared data folder {DATA_DIR} is missing")
@pytest.mark.skipif(not (model_path() / "config.cfg").is_file(), reason=f"no spaCy model at {model_path()}")
def test_quality_gate_passes(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(GATE), "--work-dir", str(tmp_path)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
