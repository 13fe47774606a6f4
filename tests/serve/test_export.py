"""The GTD-like CSV and Parquet exports and `to_dataframe()`: the mapping on events built by hand,
the files through the CLI on the store the real pipeline filled (conftest.py), and the errors a
user without the `dataframe` extra gets (the extra's packages made unimportable the standard way,
a None entry in sys.modules)."""

from __future__ import annotations

import csv
import io
import sys

import pytest

import sitrep
from sitrep import errors
from sitrep.extract.ontology import load_ontology
from sitrep.records import Actor, Event, Place, Source
from sitrep.serve.export import CSV_COLUMNS, GTD_ATTACK_CODES, GTD_COLUMNS, export, gtd_row
from tests.serve.helpers import needs_model, run_cli

MISSING_EXTRA = 'pip install "sitrep[dataframe]"'


def _event(**fields) -> Event:
    base = dict(id="e1", event=["ASSAULT"], mode=["explosives"], context=["terrorism"], modality="asserted",
                date="2022-12-02", date_precision="day", actor=[], recipient=[], event_loc=None,
                size={"dead": None, "injured": None, "arrested": None}, weapons=[], claimed_by=[], summary="s",
                sources=[], evidence={}, disputes=[], confidence=0.8)
    return Event(**(base | fields))


def _gtd_csv(events: list[Event]) -> list[dict[str, str]]:
    out = io.StringIO()
    count = export(events, "gtd", out)
    out.seek(0)
    reader = csv.DictReader(out)
    rows = list(reader)
    assert reader.fieldnames == GTD_COLUMNS and count == len(rows)
    return rows


def test_a_bombing_in_gtd_columns():
    item = _event(
        mode=["explosives", "firearms"], context=["terrorism", "diplomatic"], weapons=["rifle", "car bomb"],
        recipient=[Actor(entity_text="Pakistani embassy", code="PAK", sector="GOV")],
        event_loc=Place(extracted_place="Kabul", resolved_place="Kabul", lat=34.5, lon=69.2, province="Kabul",
                        country="Afghanistan", country_code="AF", feature="city"),
        size={"dead": 0, "injured": 1, "arrested": None},
        claimed_by=[{"entity_text": "Islamic State Khorasan Province", "status": "claimed"}],
        sources=[Source(article="a1", url="https://x.example/1", publication="Dawn", title="Embassy attacked", published="2022-12-02")],
    )
    row = _gtd_csv([item])[0]
    assert (row["eventid"], row["iyear"], row["imonth"], row["iday"]) == ("e1", "2022", "12", "2")
    assert (row["country_txt"], row["provstate"], row["city"], row["specificity"]) == ("Afghanistan", "Kabul", "Kabul", "1")
    assert (row["latitude"], row["longitude"]) == ("34.5", "69.2")
    assert (row["attacktype1"], row["attacktype1_txt"]) == ("3", "Bombing/Explosion")
    # the bombing's weapon is the car bomb, though a rifle is named first
    assert (row["weaptype1"], row["weaptype1_txt"], row["weapdetail"]) == ("6", "Explosives", "rifle;car bomb")
    # a government recipient of a diplomatic event: GTD's Government (Diplomatic)
    assert (row["targtype1"], row["targtype1_txt"], row["target1"]) == ("7", "Government (Diplomatic)", "Pakistani embassy")
    assert row["natlty1_txt"] == "Pakistan"
    assert (row["gname"], row["guncertain1"], row["claimed"]) == ("Islamic State Khorasan Province", "0", "1")
    assert (row["nkill"], row["nwound"], row["suicide"]) == ("0", "1", "0")
    assert row["scite1"] == "Dawn, Embassy attacked, 2022-12-02, https://x.example/1" and row["scite2"] == ""
    assert row["dbsource"] == "sitrep"


def test_what_sitrep_does_not_know_is_left_empty():
    row = _gtd_csv([_event(mode=[], date=None, date_precision=None)])[0]
    assert row["attacktype1_txt"] == "Unknown"  # an ASSAULT of no known mode: the codebook's own value
    for column in ("iyear", "imonth", "iday", "country_txt", "city", "latitude", "specificity", "targtype1", "gname",
                   "guncertain1", "claimed", "weaptype1", "nkill", "nwound"):
        assert row[column] == "", column


@pytest.mark.parametrize("precision, expected", [("day", ("2023", "3", "14")), ("month", ("2023", "3", "0")),
                                                 ("year", ("2023", "0", "0"))])
def test_an_unknown_month_or_day_is_0_as_in_the_codebook(precision, expected):
    row = gtd_row(_event(date="2023-03-14", date_precision=precision))
    assert (str(row["iyear"]), str(row["imonth"]), str(row["iday"])) == expected


@pytest.mark.parametrize("feature, specificity, has_coordinates", [("city", 1, True), ("admin1", 4, True), ("country", 5, False)])
def test_specificity_follows_what_the_place_was_resolved_to(feature, specificity, has_coordinates):
    place = Place(extracted_place="x", resolved_place="X", lat=1.0, lon=2.0, country="Iraq", country_code="IQ", feature=feature)
    row = gtd_row(_event(event_loc=place))
    assert row["specificity"] == specificity
    assert (row["latitude"] is not None) == has_coordinates  # GTD's 5: no region, so no coordinates
    assert (row["city"] == "X") == (feature == "city")


@pytest.mark.parametrize("claims, gname, uncertain, claimed", [
    ([{"entity_text": "A", "status": "suspected"}, {"entity_text": "B", "status": "claimed"}], "B", 0, 1),
    ([{"entity_text": "A", "status": "suspected"}], "A", 1, None),
    ([{"entity_text": "A", "status": "denied"}], None, None, 0),
])
def test_the_group_from_claims_and_suspicions(claims, gname, uncertain, claimed):
    row = gtd_row(_event(claimed_by=claims))
    assert (row["gname"], row["guncertain1"], row["claimed"]) == (gname, uncertain, claimed)


def test_a_named_perpetrator_organisation_is_the_group():
    row = gtd_row(_event(actor=[Actor(entity_text="gunmen"), Actor(entity_text="Red Dawn Brigade", role="perp_organization")]))
    assert (row["gname"], row["guncertain1"]) == ("Red Dawn Brigade", 0)


@pytest.mark.parametrize("mode, attack", [(["targeted", "firearms"], "Assassination"), (["abduct"], "Hostage Taking (Kidnapping)"),
                                          (["suicide-attack"], "Bombing/Explosion"), (["firearms"], "Armed Assault"),
                                          (["beat"], "Unarmed Assault")])
def test_plover_modes_map_to_gtd_attack_types(mode, attack):
    row = gtd_row(_event(mode=mode))
    assert row["attacktype1_txt"] == attack and row["attacktype1"] == GTD_ATTACK_CODES[attack]
    assert row["suicide"] == int("suicide-attack" in mode)


def test_events_that_are_not_attacks_are_left_out():
    rows = _gtd_csv([_event(id="talk", event=["CONSULT"], mode=["phone"]), _event(id="arrest", event=["COERCE"], mode=["arrest"]),
                     _event(id="attack")])
    assert [r["eventid"] for r in rows] == ["attack"]


def test_every_attack_type_of_the_ontology_is_a_gtd_codebook_type():
    types = {row["type"] for row in load_ontology().gtd_rows}
    assert types and types <= set(GTD_ATTACK_CODES)


def test_parquet_is_refused_on_a_text_stream():
    with pytest.raises(errors.InputError, match="binary"):
        export([_event()], "parquet", io.StringIO())


def test_to_dataframe_without_pandas_names_the_extra(tmp_path, monkeypatch):
    db = sitrep.open(tmp_path / "empty.db")
    monkeypatch.setitem(sys.modules, "pandas", None)  # what `import pandas` meets where it is not installed
    with pytest.raises(ImportError) as caught:
        db.to_dataframe()
    assert isinstance(caught.value, errors.DependencyError)
    assert MISSING_EXTRA in str(caught.value) and "pandas" in str(caught.value)
    db.close()


def test_parquet_to_the_terminal_is_refused_with_what_to_do(tmp_path):
    result = run_cli("export", "--db", str(tmp_path / "any.db"), "--format", "parquet")
    assert result.returncode == 2
    assert "-o events.parquet" in " ".join(result.stderr.split()), result.stderr
    assert result.stdout == ""


def test_parquet_without_pyarrow_names_the_extra_and_writes_nothing(tmp_path):
    target = tmp_path / "events.parquet"
    result = run_cli("export", "--db", str(tmp_path / "any.db"), "--format", "parquet", "-o", str(target),
                  code="import sys; sys.modules['pyarrow'] = None")
    assert result.returncode == 2
    message = " ".join(result.stderr.split())
    assert MISSING_EXTRA in message and "pyarrow" in message, result.stderr
    assert not target.exists()


@needs_model
def test_parquet_holds_the_csv_columns_typed(served_store, tmp_path):
    pd = pytest.importorskip("pandas", reason="the dataframe extra is not installed: pip install -e '.[dataframe]'")
    pytest.importorskip("pyarrow", reason="the dataframe extra is not installed: pip install -e '.[dataframe]'")
    target = tmp_path / "events.parquet"
    result = run_cli("export", "--db", served_store["db"], "--format", "parquet", "-o", str(target))
    assert result.returncode == 0, result.stderr
    frame = pd.read_parquet(target)
    library = sitrep.open(served_store["db"])
    expected = library.to_dataframe()
    events = library.events()
    library.close()
    assert list(frame.columns) == CSV_COLUMNS and len(frame) == len(events) > 0
    assert str(frame["fatalities"].dtype) == "Int64" and str(frame["latitude"].dtype) == "Float64"
    pd.testing.assert_frame_equal(frame, expected)
    dead = {e.id: e.size.get("dead") for e in events}
    assert {r.event_id: (None if pd.isna(r.fatalities) else r.fatalities) for r in frame.itertuples()} == dead
    assert f"wrote {len(events)} events" in result.stderr


@needs_model
def test_to_dataframe_is_the_csv_export(served_store):
    pytest.importorskip("pandas", reason="the dataframe extra is not installed: pip install -e '.[dataframe]'")
    library = sitrep.open(served_store["db"])
    out = io.StringIO()
    library.export("csv", out)
    frame = library.to_dataframe(category="ASSAULT")
    library.close()
    out.seek(0)
    rows = [r for r in csv.DictReader(out) if r["plover_event"] == "ASSAULT"]
    assert list(frame.columns) == CSV_COLUMNS and len(frame) == len(rows) > 0
    assert list(frame["event_id"]) == [r["event_id"] for r in rows]
    assert list(frame["fatalities"].astype("string").fillna("")) == [r["fatalities"] for r in rows]


@needs_model
def test_the_gtd_export_of_the_examples(served_store, tmp_path):
    target = tmp_path / "gtd.csv"
    result = run_cli("export", "--db", served_store["db"], "--format", "gtd", "-o", str(target))
    assert result.returncode == 0, result.stderr
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    library = sitrep.open(served_store["db"])
    attacks = [e for e in library.events() if e.event[0] == "ASSAULT"]
    library.close()
    assert sorted(r["eventid"] for r in rows) == sorted(e.id for e in attacks)
    # the Kirkuk bombing (an invented example report): its claimant and weapon
    kirkuk = [r for r in rows if r["city"] == "Kirkuk"]
    assert kirkuk and kirkuk[0]["attacktype1_txt"] == "Bombing/Explosion"
    assert kirkuk[0]["gname"] == "Ansar al-Wadi Brigades" and kirkuk[0]["claimed"] == "1"
