"""What was known when, through the API and the CLI, on a store written by hand (no NLP model):
`events(as_of=...)`, `show`'s history, `sources`, and the export's `history`."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import sitrep
from sitrep.errors import InputError
from sitrep.fuse.fuse import fuse
from sitrep.fuse.reliability import observe
from sitrep.records import Article, Mention
from sitrep.serve.cli import app
from sitrep.store.db import Store
from tests.fuse.test_fuse import _mention
from tests.stores import store_url

# (article, outlet, day, event, dead): event e1's toll rises on day 2; in e2..e4 "Gazette" disagrees
# with two outlets on the same day, so it earns the lowest reliability.
REPORTS = [
    ("a1", "Daily", "2024-03-05", "e1", 2),
    ("a2", "Herald", "2024-03-06", "e1", 3),
] + [
    (f"{outlet}{n}", outlet, f"2024-04-0{n}", f"e{n}", dead)
    for n in (2, 3, 4) for outlet, dead in (("Daily", 1), ("Herald", 1), ("Gazette", 4))
]


def _write(url: str) -> None:
    store = Store(url)
    by_event: dict[str, list[Mention]] = {}
    articles: dict[str, Article] = {}
    with store.atomic() as conn:
        for article_id, outlet, day, event_id, dead in REPORTS:
            article = Article(id=article_id, text=f"{dead} people were killed.", publication=outlet, published=day)
            store.put_article(conn, article, None)
            mention = _mention(f"m-{article_id}", article.text, article=article_id, dead=dead)
            mention.event_id = event_id
            store.put_mention(conn, mention)
            by_event.setdefault(event_id, []).append(mention)
            articles[article_id] = article
        for event_id, mentions in by_event.items():
            store.put_event(conn, fuse(event_id, mentions, {m.article_id: articles[m.article_id] for m in mentions}))
    store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path) -> str:
    url = store_url(request.param, tmp_path, "history")
    _write(url)
    return url


def _event(handle, event_id: str, **options):
    return next(e for e in handle.events(**options) if e.id == event_id)


def test_events_as_of_answer_with_what_was_known_then(db: str) -> None:
    handle = sitrep.open(db)
    assert _event(handle, "e1").size["dead"] == 3
    assert _event(handle, "e1", as_of="2024-03-05").size["dead"] == 2
    assert _event(handle, "e1", as_of="2024-03-06").size["dead"] == 3
    assert handle.events(as_of="2024-03-04") == []  # no report was out yet
    assert {e.id for e in handle.events(as_of="2024-04-02")} == {"e1", "e2"}


def test_as_of_takes_the_other_filters_as_things_were_then(db: str) -> None:
    handle = sitrep.open(db)
    assert [e.id for e in handle.events(as_of="2024-04-09", disputed=True)] == ["e2", "e3", "e4"]
    assert len(handle.events(as_of="2024-04-09", limit=2)) == 2


def test_a_bad_as_of_date_is_an_input_error_naming_it(db: str) -> None:
    with pytest.raises(InputError, match=r"as_of '2024-13-01'.*YYYY-MM-DD"):
        sitrep.open(db).events(as_of="2024-13-01")


def test_the_outlet_that_disagrees_is_least_reliable_and_each_row_counts_its_evidence(db: str) -> None:
    rows = {r.source: r for r in sitrep.open(db).sources()}
    assert rows["Gazette"].reliability < rows["Daily"].reliability
    # dead and modality in three events: the modality agrees, the dead count never does
    assert (rows["Gazette"].right, rows["Gazette"].observations) == (3, 6)
    assert (rows["Daily"].right, rows["Daily"].observations) == (8, 8)  # e1's superseded 2 was right for its day


def test_applying_reliabilities_rewrites_the_events(db: str) -> None:
    handle = sitrep.open(db)
    before = _event(handle, "e2").field_confidence["size.dead"]
    handle.sources(apply=True)
    after = _event(handle, "e2")
    assert after.size["dead"] == 1
    assert after.field_confidence["size.dead"] > before  # Gazette's 4 weighs less once it has a record


def test_observe_needs_two_outlets_on_a_field() -> None:
    alone = fuse("e9", [_mention("m1", "Two killed.", dead=2)], {"a1": Article(id="a1", text="", publication="Daily")})
    assert observe([alone]) == []


def test_show_prints_each_fields_history_and_marks_the_update(db: str) -> None:
    result = CliRunner().invoke(app, ["show", "e1", "--db", db], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "history size.dead updated" in result.output
    lines = [line for line in result.output.splitlines() if "2024-03-06" in line and "Herald" in line]
    assert any("UPDATE" in line for line in lines)
    assert "disputed size.dead" not in result.output


def test_show_marks_a_dispute_apart_from_an_update(db: str) -> None:
    result = CliRunner().invoke(app, ["show", "e2", "--db", db], env={"COLUMNS": "160"})
    assert "history size.dead disputed" in result.output
    assert "DISPUTES" in result.output and "UPDATE" not in result.output


def test_sources_lists_outlets_with_reliability_and_evidence(db: str) -> None:
    result = CliRunner().invoke(app, ["sources", "--db", db, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert {r["source"] for r in rows} == {"Daily", "Herald", "Gazette"}
    assert all(set(r) == {"source", "kind", "reliability", "observations", "right"} for r in rows)


def test_events_as_of_on_the_command_line(db: str) -> None:
    ok = CliRunner().invoke(app, ["events", "--db", db, "--as-of", "2024-03-05", "--format", "jsonl"])
    assert [json.loads(line)["size"]["dead"] for line in ok.output.splitlines()] == [2]
    bad = CliRunner().invoke(app, ["events", "--db", db, "--as-of", "March"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


def test_the_export_carries_history_per_field_and_disputes_only_for_conflicts(db: str) -> None:
    result = CliRunner().invoke(app, ["export", "--db", db, "--format", "jsonl"])
    records = {r["id"]: r for r in map(json.loads, result.output.splitlines())}
    e1, e2 = records["e1"], records["e2"]
    assert [(h["value"], h["change"], h["time"], h["publication"]) for h in e1["history"]["size.dead"]] == [
        (2, "first", "2024-03-05", "Daily"), (3, "update", "2024-03-06", "Herald")]
    assert e1["disputes"] == []
    assert [d["field"] for d in e2["disputes"]] == ["size.dead"]
    assert e1["export_version"] == "1.3"



@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_show_prints_the_address_and_two_outlets_house_numbers_as_a_dispute(kind: str, tmp_path) -> None:
    from tests.fuse.test_fuse_time import _at

    url = store_url(kind, tmp_path, "address")
    store = Store(url)
    reports = [("a1", "Post", "19 Plymouth St", 19), ("a2", "Courant", "18 Plymouth St", 18)]
    mentions, articles = [], {}
    with store.atomic() as conn:
        for article_id, outlet, text, number in reports:
            article = Article(id=article_id, text=f"Thirteen were shot at {text}.", publication=outlet, published="2016-08-21")
            store.put_article(conn, article, None)
            mention = _at(_mention(f"m-{article_id}", article.text, article=article_id), text, "plymouth", number)
            mention.event_id = "e7"
            store.put_mention(conn, mention)
            mentions.append(mention)
            articles[article_id] = article
        store.put_event(conn, fuse("e7", mentions, articles))
    store.close()
    result = CliRunner().invoke(app, ["show", "e7", "--db", url], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert any(line.split()[:1] == ["address"] for line in result.output.splitlines())
    assert "disputed address" in result.output and "history address disputed" in result.output
