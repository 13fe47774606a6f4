"""The API's own queries (paging, literal text match, the JSON search for an entity's events) on
PostgreSQL as well as SQLite: a store filled through the store API with the hostile record and
copies of it, so no NLP is needed."""

from __future__ import annotations

import dataclasses

import pytest

import sitrep
from tests.serve.conftest import write_hostile_records
from tests.serve.payloads import SQL, XSS
from tests.stores import store_url

fastapi = pytest.importorskip("fastapi", reason="the serve extra is not installed: pip install -e '.[serve]'")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def backend(request, tmp_path_factory):
    from fastapi.testclient import TestClient

    from sitrep.serve.app import create_app

    url = store_url(request.param, tmp_path_factory.mktemp("pg"), "api")
    handle = sitrep.open(url)
    ids = write_hostile_records(handle)
    seed = handle.event(ids["event"])
    with handle.store.atomic() as conn:
        for i in range(60):
            handle.store.put_event(conn, dataclasses.replace(seed, id=f"{i:016x}", date=f"2023-05-{i % 28 + 1:02d}",
                                                             summary=f"copy {i} 100% sure_{i}", disputes=seed.disputes if i % 2 else []))
    with TestClient(create_app(url)) as client:
        yield client, handle, ids
    handle.close()


def test_paging_sorting_and_filters(backend):
    client, handle, _ = backend
    page = client.get("/api/events", params={"limit": 25, "offset": 50}).json()
    assert page["total"] == 61 and len(page["items"]) == 11
    assert [e["id"] for e in client.get("/api/events", params={"limit": 500}).json()["items"]] == [e.id for e in handle.events()]
    assert client.get("/api/events", params={"disputed": "true"}).json()["total"] == len(handle.events(disputed=True)) == 31
    assert client.get("/api/events", params={"since": "2023-05-10", "until": "2023-05-12"}).json()["total"] == 6
    by_sources = client.get("/api/events", params={"sort": "-sources", "limit": 500}).json()["items"]
    assert len(by_sources) == 61


def test_text_is_matched_literally(backend):
    client, _, _ = backend
    assert client.get("/api/events", params={"text": "100%"}).json()["total"] == 60
    assert client.get("/api/events", params={"text": "sure_1"}).json()["total"] == 11  # sure_1, sure_10..sure_19
    assert client.get("/api/events", params={"text": "e_1"}).json()["total"] == 11
    assert client.get("/api/events", params={"text": "%_%"}).json()["total"] == 0
    for payload in SQL + XSS:
        answer = client.get("/api/events", params={"text": payload})
        assert answer.status_code in (200, 422), (payload, answer.text[:200])


def test_an_entity_and_its_events(backend):
    client, _, ids = backend
    record = client.get(f"/api/entities/{ids['entity']}").json()
    assert len(record["events"]) == 61 and record["statements"]
    assert client.get(f"/entities/{ids['entity']}").status_code == 200
    assert client.get(f"/events/{ids['event']}").status_code == 200
    assert client.get("/").status_code == 200
