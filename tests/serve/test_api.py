"""The JSON API with the real app (FastAPI's TestClient) over a store the real pipeline filled from
the bundled examples: every answer is checked against the library call the CLI makes."""

from __future__ import annotations

import shutil

import pytest

import sitrep

from tests.serve.helpers import needs_model

pytestmark = needs_model


@pytest.fixture(scope="module")
def library(served_store):
    handle = sitrep.open(served_store["db"])
    yield handle
    handle.close()


def _all(client, path: str, **params) -> list[dict]:
    """Every item of a paged list, fetched page by page."""
    items, offset = [], 0
    while True:
        page = client.get(path, params=params | {"limit": 7, "offset": offset}).json()
        items += page["items"]
        offset += 7
        if offset >= page["total"]:
            return items


def test_events_are_the_librarys_newest_first(client, library):
    page = client.get("/api/events", params={"limit": 500}).json()
    expected = library.events()
    assert page["total"] == len(expected) > 20  # the examples give about thirty events
    assert [e["id"] for e in page["items"]] == [e.id for e in expected]
    dates = [e["date"] for e in page["items"] if e["date"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("filters", [
    {"category": "ASSAULT"}, {"category": "assault"}, {"country": "IQ"}, {"country": "ke"}, {"since": "2023-03-21"},
    {"until": "2023-03-20"}, {"since": "2023-03-01", "until": "2023-03-21"}, {"disputed": True}, {"text": "Nairobi"},
    {"category": "ASSAULT", "country": "IQ", "disputed": True},
])
def test_filters_match_the_cli(client, library, filters):
    params = filters | {"limit": 500} | ({"disputed": "true"} if filters.get("disputed") else {})
    got = client.get("/api/events", params=params)
    assert got.status_code == 200
    expected = library.events(**filters)
    assert expected, f"the examples have no event for {filters}: the test would prove nothing"
    assert sorted(e["id"] for e in got.json()["items"]) == sorted(e.id for e in expected)


def test_disputed_false_gives_the_undisputed(client, library):
    ids = {e["id"] for e in _all(client, "/api/events", disputed="false")}
    assert ids == {e.id for e in library.events() if not e.is_disputed}


def test_pages_cover_the_list_once(client, library):
    ids = [e["id"] for e in _all(client, "/api/events")]
    assert ids == [e.id for e in library.events()]


@pytest.mark.parametrize("sort, key, reverse", [("-sources", lambda e: len(e["sources"]), True), ("sources", lambda e: len(e["sources"]), False),
                                                ("date", lambda e: e["date"] or "", False), ("category", lambda e: e["event"][0], False)])
def test_sorting(client, sort, key, reverse):
    items = client.get("/api/events", params={"sort": sort, "limit": 500}).json()["items"]
    dated = [e for e in items if e["date"]] if sort == "date" else items
    assert [key(e) for e in dated] == sorted((key(e) for e in dated), reverse=reverse)


def test_bad_parameters_are_refused_with_the_reason(client):
    answer = client.get("/api/events", params={"since": "yesterday", "limit": 0, "sort": "price"})
    assert answer.status_code == 422
    problems = " ".join(problem["loc"][-1] + ": " + problem["msg"] for problem in answer.json()["detail"])
    assert "since" in problems and "limit" in problems and "sort" in problems


def test_every_event_answers_with_evidence(client, library):
    for item in library.events():
        record = client.get(f"/api/events/{item.id}").json()
        assert record["id"] == item.id
        assert record["summary"] == item.summary
        assert set(record["evidence"]) == set(item.evidence)
        assert len(record["disputes"]) == len(item.disputes)
        assert record["field_confidence"] == item.field_confidence


def test_kirkuk_death_toll_dispute_shows_both_sides_evidence(client):
    disputed = client.get("/api/events", params={"disputed": "true", "country": "IQ", "limit": 500}).json()["items"]
    kirkuk = [e for e in disputed if (e["event_loc"] or {}).get("resolved_place") == "Kirkuk" and len(e["sources"]) >= 2]
    assert kirkuk
    record = client.get(f"/api/events/{kirkuk[0]['id']}").json()
    dead = next(d for d in record["disputes"] if d["field"] == "size.dead")
    assert {3, 5} <= {side["value"] for side in dead["values"]}
    assert all(side["evidence"] and side["evidence"][0]["text"] for side in dead["values"])


def test_an_id_prefix_is_enough_and_unknown_ids_are_404(client, library):
    item = library.events()[0]
    assert client.get(f"/api/events/{item.id[:8]}").json()["id"] == item.id
    missing = client.get("/api/events/ffffffffffff")
    assert missing.status_code == 404 and "no event" in missing.json()["detail"]
    assert client.get("/api/events/not-an-id").status_code == 422


def test_geojson_has_every_located_event(client, library):
    answer = client.get("/api/events.geojson")
    assert answer.headers["content-type"].startswith("application/geo+json")
    features = answer.json()["features"]
    located = {e.id for e in library.events() if e.event_loc and e.event_loc.lat is not None}
    assert {f["properties"]["event_id"] for f in features} == located
    assert all(-180 <= f["geometry"]["coordinates"][0] <= 180 for f in features)
    brief = client.get("/api/events.geojson", params={"brief": "true"}).json()["features"]
    assert [f["properties"]["event_id"] for f in brief] == [f["properties"]["event_id"] for f in features]
    assert [f["geometry"] for f in brief] == [f["geometry"] for f in features]
    by_id = {e.id: e for e in library.events()}
    assert all(f["properties"]["disputed"] == by_id[f["properties"]["event_id"]].is_disputed
               and f["properties"]["notes"] == by_id[f["properties"]["event_id"]].summary for f in brief)
    only_kenya = client.get("/api/events.geojson", params={"country": "KE"}).json()["features"]
    assert only_kenya and all(f["properties"]["iso"] == "KE" for f in only_kenya)


def test_entities_with_aliases_and_their_events(client, library, served_store):
    entities = _all(client, "/api/entities")
    assert sorted(e["id"] for e in entities) == sorted(e.id for e in library.entities())
    # an entity's events: those whose mentions name it as actor or recipient, or it was quoted about
    named: dict[str, set[str]] = {}
    for item in library.events():
        for mention in library.store.mentions_of(item.id):
            for person in mention.actors + mention.recipients:
                if person.entity_id:
                    named.setdefault(person.entity_id, set()).add(item.id)
    for statement in library.statements():
        if statement.speaker_entity_id and statement.event_id:
            named.setdefault(statement.speaker_entity_id, set()).add(statement.event_id)
    named.pop(served_store["hostile"]["entity"], None)
    assert named, "no mention was linked to an entity: the test would prove nothing"
    for entity_id, expected in named.items():
        record = client.get(f"/api/entities/{entity_id}").json()
        assert record["aliases"]
        assert set(record["events"]) == expected, record["name"]
    people = client.get("/api/entities", params={"type": "PERSON", "limit": 500}).json()
    assert people["total"] == len(library.entities(type_="PERSON"))


def test_statements_and_the_speaker_filter(client, library):
    everything = _all(client, "/api/statements")
    assert len(everything) == len(library.statements()) > 0
    speaker = library.statements()[0].speaker
    said = client.get("/api/statements", params={"speaker": speaker, "limit": 500}).json()["items"]
    assert said and all(speaker.lower() in s["speaker"].lower() for s in said)


def test_openapi_describes_the_api(client):
    schema = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/events.geojson", "/api/entities", "/api/statements",
            "/api/articles"} <= set(schema["paths"])
    names = {p["name"] for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    assert {"category", "country", "since", "until", "disputed", "text", "limit", "offset", "sort"} <= names
    assert client.get("/docs").status_code == 404  # its page would load scripts from a CDN


ARTICLE = {"title": "Bomb kills four in Mosul", "publication": "Posted Wire", "published": "2023-05-02",
           "text": "MOSUL, Iraq -- A roadside bomb killed four soldiers and wounded two near Mosul on Monday, "
                   "the army said. No group claimed responsibility for the attack. Soldiers sealed off the area "
                   "and searched nearby villages for the people who planted the device."}


@pytest.fixture()
def writable(served_store, tmp_path):
    from fastapi.testclient import TestClient

    from sitrep.serve.app import create_app

    copy = tmp_path / "copy.db"
    shutil.copy(served_store["db"], copy)
    with TestClient(create_app(copy, write_token="s3cret")) as test_client:
        yield test_client


def test_posting_needs_the_token(writable, client):
    assert writable.post("/api/articles", json=[ARTICLE]).status_code == 401
    assert writable.post("/api/articles", json=[ARTICLE], headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert writable.post("/api/articles", json=[ARTICLE], headers={"Authorization": "Basic s3cret"}).status_code == 403


def test_a_read_only_server_refuses_posts(served_store):
    from fastapi.testclient import TestClient

    from sitrep.serve.app import create_app

    with TestClient(create_app(served_store["db"])) as read_only:
        before = read_only.get("/api/events").json()["total"]
        answer = read_only.post("/api/articles", json=[ARTICLE], headers={"Authorization": "Bearer anything"})
        assert answer.status_code == 403 and "read-only" in answer.json()["detail"]
        assert read_only.get("/api/events").json()["total"] == before


def test_a_posted_article_is_processed_into_events(writable):
    before = writable.get("/api/events", params={"text": "Mosul"}).json()["total"]
    answer = writable.post("/api/articles", json=[ARTICLE, {"text": "too short"}], headers={"Authorization": "Bearer s3cret"})
    assert answer.status_code == 201, answer.text
    summary = answer.json()
    assert summary["processed"] == 1 and len(summary["skipped"]) == 1
    assert "posted.jsonl" not in str(summary["skipped"])
    after = writable.get("/api/events", params={"text": "Mosul"}).json()
    assert after["total"] > before
    assert any(s["publication"] == "Posted Wire" for e in after["items"] for s in e["sources"])
    again = writable.post("/api/articles", json=[ARTICLE], headers={"Authorization": "Bearer s3cret"}).json()
    assert again["processed"] == 0 and again["already_stored"] == 1


def test_every_page_answers(client, library):
    assert client.get("/").status_code == 200
    for item in library.events():
        assert client.get(f"/events/{item.id}").status_code == 200, item.id
    assert client.get("/entities").status_code == 200
    for entity in library.entities():
        assert client.get(f"/entities/{entity.id}").status_code == 200, entity.id
    assert client.get("/events/ffffffffffff").status_code == 404


def test_event_pages_link_their_actors_entity_pages(client, library, served_store):
    linked = [(item.id, person.entity_id) for item in library.events() for person in item.actor + item.recipient
              if person.entity_id and item.id != served_store["hostile"]["event"]]
    assert linked, "no fused actor carries an entity: the test would prove nothing"
    for event_id, entity_id in linked:
        assert f'href="/entities/{entity_id}"' in client.get(f"/events/{event_id}").text, event_id
        assert client.get(f"/entities/{entity_id}").status_code == 200


def test_the_dashboard_pages_through_a_long_list(served_store, tmp_path):
    # 120 events (copies of the examples' written through the store API): the list shows 50 a page
    # and its links keep the filters
    import dataclasses
    import re

    from fastapi.testclient import TestClient

    from sitrep.serve.app import create_app

    source = sitrep.open(served_store["db"])
    seeds = [e for e in source.events(category="ASSAULT")]
    source.close()
    copy = sitrep.open(tmp_path / "long.db")
    with copy.store.atomic() as conn:
        for i in range(120):
            copy.store.put_event(conn, dataclasses.replace(seeds[i % len(seeds)], id=f"{i:016x}"))
    copy.close()
    with TestClient(create_app(tmp_path / "long.db")) as long_list:
        first = long_list.get("/", params={"category": "ASSAULT"}).text
        assert first.count('class="event-row"') == 50
        link = re.search(r'<a rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
        assert "category=ASSAULT" in link and "offset=50" in link
        third = long_list.get(link.replace("offset=50", "offset=100")).text
        assert third.count('class="event-row"') == 20
        assert 'rel="next"' not in third and 'rel="prev"' in third
