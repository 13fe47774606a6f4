"""A place's precision (sitrep.records.Place): set from how it was resolved, ACLED's code beside it,
carried through fusion, the store and the exports."""

from __future__ import annotations

import csv
import io
import json

import pytest

from sitrep.analyze.geo import get_gazetteer
from sitrep.fuse.fuse import fuse
from sitrep.records import Article, Claim, Event, Evidence, Mention, Place
from sitrep.serve.export import export
from sitrep.store.db import Store
from tests.stores import store_url

SENTENCE = "Two men were shot on the Southwest Side of Chicago on Friday."
SOUTHWEST_SIDE = Place(extracted_place="the Southwest Side", resolved_place="Chicago", geonameid=4887398, lat=41.85,
                       lon=-87.65, province="Illinois", country="United States", country_code="US", feature="city",
                       locality="the Southwest Side")


@pytest.mark.parametrize(("name", "precision", "code"), [
    ("Kabul", "city", 1),
    ("Helmand", "admin1", 3),
    ("Afghanistan", "country", 3),
])
def test_the_gazetteer_sets_the_precision_it_resolved_to(name: str, precision: str, code: int) -> None:
    place = get_gazetteer().resolve(name)
    assert place is not None
    assert (place.precision, place.acled_geo_precision) == (precision, code)


def test_a_record_stored_before_the_field_existed_gets_it_from_its_feature() -> None:
    old = {"extracted_place": "Maryland", "resolved_place": "Maryland", "feature": "admin1", "country_code": "US"}
    assert Place.from_dict(old).precision == "admin1"
    assert Place(extracted_place="somewhere").precision is None
    assert Place(extracted_place="somewhere").acled_geo_precision is None


def _event() -> Event:
    evidence = Evidence(article="a1", start=0, end=len(SENTENCE), text=SENTENCE)
    mention = Mention(id="m1", article_id="a1", category="ASSAULT", mode=[], context=[], modality="asserted", trigger="shot",
                      start=0, end=len(SENTENCE), sentence=SENTENCE, place=SOUTHWEST_SIDE,
                      claims=[Claim(field="modality", value="asserted", evidence=evidence),
                              Claim(field="event_loc", value=SOUTHWEST_SIDE.to_dict(), evidence=evidence)])
    return fuse("e1", [mention], {"a1": Article(id="a1", text=SENTENCE)})


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_fusion_the_store_and_the_exports_carry_precision_and_locality(backend: str, tmp_path) -> None:
    item = _event()
    assert item.event_loc is not None
    assert (item.event_loc.precision, item.event_loc.locality) == ("city", "the Southwest Side")

    store = Store(store_url(backend, tmp_path, "places"))
    with store.atomic() as conn:
        store.put_event(conn, item)
    stored = store.event("e1")
    assert stored is not None and stored.event_loc == item.event_loc

    out = io.StringIO()
    export([stored], "csv", out)
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert (row["location"], row["location_precision"], row["geo_precision"]) == ("Chicago", "city", "1")
    out = io.StringIO()
    export([stored], "jsonl", out)
    place = json.loads(out.getvalue())["event_loc"]
    assert (place["precision"], place["locality"], place["admin2"]) == ("city", "the Southwest Side", None)
