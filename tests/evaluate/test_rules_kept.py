"""The hand-written rules kept beside the role model earn their place (slow: real data, real model).

`ROLE_RULES_TOO` keeps the rules' weapons, and their actors and recipients that are not names,
after the role model's (sitrep/extract/events.py). Each is checked here against the same run
without it, on dev data the role model was not trained on.
"""

from __future__ import annotations

import pytest

import sitrep.extract.events as extract_events
from sitrep.analyze.nlp import model_path
from sitrep.evaluate.runners import DATA_DIR, eval_gvdb, eval_plover

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (model_path() / "config.cfg").is_file(), reason="NLP model not built: run `make model`"),
    pytest.mark.skipif(not (DATA_DIR / "gvdb" / "splits" / "dev.json").is_file(), reason=f"GVDB dev not found under {DATA_DIR}"),
    pytest.mark.skipif(not (DATA_DIR / "plover" / "PLOVER_GSR_CAMEO.json").is_file(), reason=f"PLOVER gold records not found under {DATA_DIR}"),
]


def _scores(monkeypatch: pytest.MonkeyPatch, keep_rules: bool) -> dict[str, float]:
    monkeypatch.setattr(extract_events, "ROLE_RULES_TOO", keep_rules)
    gvdb = eval_gvdb(limit=150)
    plover = eval_plover()
    return {"weapon": gvdb["weapon_f1"], "actor": plover["actor_match"], "recipient": plover["recipient_match"]}


def test_the_rules_weapons_and_common_noun_participants_add_to_the_role_model(monkeypatch) -> None:
    with_rules = _scores(monkeypatch, True)
    without = _scores(monkeypatch, False)
    assert with_rules["weapon"] > without["weapon"]  # GVDB dev, 150 reports
    assert with_rules["recipient"] > without["recipient"]  # PLOVER gold records: "two farmers"
    assert with_rules["actor"] >= without["actor"]
