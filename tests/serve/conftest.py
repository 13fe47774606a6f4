"""One store for the serve tests, built once per session: the bundled examples and a few hostile
reports run through the real pipeline (about 20 s), plus records written straight through the store
API with a payload in every field the pages show (NLP would not put one in each)."""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import sys
import time

import pytest

import sitrep
from sitrep.records import Actor, Article, Dispute, Entity, Event, Evidence, Place, Source, Statement
from tests.serve.helpers import EXAMPLES, HAS_MODEL, free_port
from tests.serve.payloads import BAD_URLS, XSS


def _hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def hostile_reports() -> list[dict]:
    """Reports a hostile outlet could send: payloads in the title, outlet, URL and inside the
    sentences the values are read from."""
    reports = []
    for n, payload in enumerate(XSS[:6]):
        reports.append({
            "title": f"Attack in Basra {payload}", "publication": f"Outlet {payload}", "url": BAD_URLS[n % len(BAD_URLS)],
            "published": "2023-04-0{}".format(n % 9 + 1),
            "text": (f"BASRA, Iraq -- Gunmen killed {n + 2} people and wounded four at a market in Basra on Monday, "
                     f"police said. {payload} The attackers fled in a car, witnesses said. "
                     f"A group calling itself {payload} claimed responsibility for the attack in a statement. "
                     f"\"We will not stop {payload},\" the group's spokesman Ahmed Karim said on Tuesday. "
                     "Security forces closed the roads around the market and began a search of nearby districts."),
        })
    return reports


def write_hostile_records(db: sitrep.Sitrep) -> dict[str, str]:
    """An article, event, entity and statement with a payload in every field; returns their ids."""
    payload = " ".join(XSS)
    text = f"Before. {payload} After the attack {payload} the end."
    article = Article(id=_hex("hostile-article"), text=text, title=payload, url=BAD_URLS[0], publication=payload,
                      published="2023-04-10", language="en")
    entity_id = _hex("hostile-entity")
    evidence = Evidence(article=article.id, start=8, end=8 + len(payload), text=payload, attribution=payload, publication=payload)
    event = Event(
        id=_hex("hostile-event"), event=["ASSAULT"], mode=["firearms"], context=["terrorism"], modality="asserted",
        date="2023-04-10", date_precision="day",
        actor=[Actor(entity_text=payload, entity_id=entity_id, code="IRQ", sector="REB")],
        recipient=[Actor(entity_text=payload)],
        event_loc=Place(extracted_place=payload, resolved_place=payload, lat=35.47, lon=44.39, province=payload,
                        country=payload, country_code="IQ"),
        size={"dead": 3, "injured": None, "arrested": None}, weapons=[payload],
        claimed_by=[{"entity_text": payload, "status": "claimed"}], summary=payload,
        sources=[Source(article=article.id, url=BAD_URLS[1], publication=payload, title=payload, published="2023-04-10")],
        evidence={"size.dead": [evidence], "date": [evidence]},
        disputes=[Dispute(field="size.dead", values=[{"value": payload, "weight": 1.0, "evidence": [evidence.to_dict()]},
                                                      {"value": 3, "weight": 1.0, "evidence": [evidence.to_dict()]}])],
        confidence=0.5, field_confidence={"size.dead": 0.5}, subtype=payload,
    )
    entity = Entity(id=entity_id, name=payload, type="ORG", aliases=list(XSS), country="IQ")
    statement = Statement(id=_hex("hostile-statement"), article_id=article.id, speaker=payload, text=payload, start=0, end=5,
                          date="2023-04-10", speaker_entity_id=entity_id, event_id=event.id)
    with db.store.atomic() as conn:
        db.store.put_article(conn, article, None)
        db.store.put_event(conn, event)
        db.store.put_entity(conn, entity, {})
        db.store.put_statement(conn, statement)
    return {"article": article.id, "event": event.id, "entity": entity_id, "statement": statement.id}


@pytest.fixture(scope="session")
def served_store(tmp_path_factory) -> dict:
    """{"db": path of the SQLite store, "summary": the run's summary, "hostile": ids of the direct records}."""
    if not HAS_MODEL:
        pytest.skip("NLP model not built: run `make model`")
    folder = tmp_path_factory.mktemp("serve")
    reports = folder / "hostile.jsonl"
    reports.write_text("".join(json.dumps(r) + "\n" for r in hostile_reports()), encoding="utf-8")
    db = sitrep.open(folder / "store.db")
    summary = db.run([EXAMPLES, reports])
    hostile = write_hostile_records(db)
    db.close()
    return {"db": str(folder / "store.db"), "summary": summary, "hostile": hostile}


@pytest.fixture(scope="session")
def app(served_store):
    pytest.importorskip("fastapi", reason="the serve extra is not installed: pip install -e '.[serve]'")
    from sitrep.serve.app import create_app

    return create_app(served_store["db"], write_token="test-token")


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live_server(served_store):
    """`sitrep serve` as a user starts it: a real uvicorn process on a free loopback port."""
    pytest.importorskip("uvicorn", reason="the serve extra is not installed: pip install -e '.[serve]'")
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "sitrep.serve.cli", "serve", "--db", served_store["db"], "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"sitrep serve exited with {process.returncode}: {process.stdout.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("sitrep serve did not listen within 60 s")
    yield url
    process.terminate()
    process.wait(timeout=10)
