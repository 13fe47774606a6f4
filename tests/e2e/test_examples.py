"""End to end on the invented example reports bundled with sitrep (real model, real SQLite)."""

from __future__ import annotations

from pathlib import Path

import pytest

import sitrep
from sitrep.analyze.nlp import model_path
from tests.stores import store_url

EXAMPLES = Path(sitrep.__file__).resolve().parent / "examples"

pytestmark = pytest.mark.skipif(not (model_path() / "config.cfg").is_file(), reason="NLP model not built: run `make model`")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db(request, tmp_path_factory):
    # the whole main job on both stores (PostgreSQL where a server answers)
    handle = sitrep.open(store_url(request.param, tmp_path_factory.mktemp("e2e"), "examples"))
    summary = handle.run([EXAMPLES])
    handle.summary = summary
    return handle


def test_every_example_is_read_and_processed(db):
    assert db.summary.read == 9
    assert db.summary.processed == 9
    assert not db.summary.skipped


def test_wire_copy_is_linked_not_counted_twice(db):
    copies = [a for a in db.store.articles() if a.duplicate_of]
    assert len(copies) == 1
    assert "Harbour" in (copies[0].publication or "") or "03_" in (copies[0].origin or "")


def test_rerun_changes_nothing(db):
    before = db.store.counts()
    again = db.run([EXAMPLES])
    assert again.processed == 0 and again.already_stored == 9
    assert db.store.counts() == before


def test_kirkuk_bombing_is_one_event_with_a_disputed_death_toll(db):
    bombings = [e for e in db.events(category="ASSAULT") if e.event_loc and e.event_loc.resolved_place == "Kirkuk" and len(e.sources) >= 2]
    assert bombings, [e.summary for e in db.events(category="ASSAULT")]
    event = max(bombings, key=lambda e: len(e.sources))
    disputed = {d.field: {v["value"] for v in d.values} for d in event.disputes}
    assert {3, 5} <= disputed.get("size.dead", set())
    assert event.event_loc.country_code == "IQ"
    assert abs(event.event_loc.lat - 35.47) < 0.2


def test_fused_actors_carry_their_linked_entity(db):
    # the fused record's actors come from the mentions' claims, copied before entity linking ran
    stored = {e.id: e for e in db.entities()}
    linked = {}
    for item in db.events():
        for person in item.actor + item.recipient:
            if person.entity_id:
                linked[person.entity_text] = stored[person.entity_id]  # a KeyError: linked to no stored entity
    assert (linked["Ansar al-Wadi Brigades"].name, linked["Ansar al-Wadi Brigades"].type) == ("Ansar al-Wadi Brigades", "ORG")
    assert "Mutua" in linked["Grace Mutua"].aliases, linked["Grace Mutua"]


def test_export_jsonl_follows_the_contract(db, tmp_path):
    import io
    import json

    out = io.StringIO()
    count = db.export("jsonl", out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert count == len(records) > 0
    for key in ("id", "event", "mode", "context", "modality", "date", "date_precision", "actor", "recipient",
                "event_loc", "size", "claimed_by", "summary", "sources", "evidence", "disputes", "confidence"):
        assert key in records[0]
    with_evidence = [r for r in records if r["evidence"]]
    sample = with_evidence[0]["evidence"]
    field, items = next(iter(sample.items()))
    article = db.store.article(items[0]["article"])
    assert article.text[items[0]["start"] : items[0]["end"]].strip() == items[0]["text"]
