"""Untrusted text stays text: payloads in article titles, outlets, article text, entity names and
query parameters never reach a page unescaped, no page carries script but the server's own files,
every response sends the Content-Security-Policy, and SQL payloads are values, never SQL."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

import sitrep
from tests.serve.helpers import needs_model
from tests.serve.payloads import BAD_URLS, SQL, XSS

pytestmark = needs_model

# every element the templates write; an injected <img>, <iframe>, <style>, <math> ... is not among them
OUR_TAGS = {"html", "head", "meta", "title", "link", "body", "header", "nav", "a", "main", "h1", "h2", "h3", "h4", "p", "form",
            "label", "input", "select", "option", "button", "section", "div", "svg", "rect", "text", "span", "table", "thead",
            "tbody", "tr", "th", "td", "code", "blockquote", "cite", "article", "mark", "ul", "li", "strong", "script"}


class Page(HTMLParser):
    """The elements and attributes of a page as a browser's tokenizer sees them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.script_text.append(data)


def assert_safe(html: str, where: str) -> None:
    for payload in XSS:
        assert payload not in html, f"{where}: payload {payload!r} appears unescaped"
    page = Page(html)
    tags = {tag for tag, _ in page.tags}
    assert tags <= OUR_TAGS, f"{where}: elements no template writes: {tags - OUR_TAGS}"
    assert not page.script_text, f"{where}: inline script {page.script_text[:1]}"
    for tag, attrs in page.tags:
        handlers = [name for name in attrs if name.startswith("on")]
        assert not handlers, f"{where}: event-handler attribute {handlers} on <{tag}>"
        assert "style" not in attrs, f"{where}: inline style on <{tag}>"
        if tag == "script":
            assert (attrs.get("src") or "").startswith("/static/"), f"{where}: script from {attrs.get('src')!r}"
        for name in ("href", "src", "action"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), f"{where}: {name}={value!r} on <{tag}>"


@pytest.fixture(scope="module")
def library(served_store):
    handle = sitrep.open(served_store["db"])
    yield handle
    handle.close()


def test_the_hostile_reports_went_through_the_pipeline(served_store, library):
    # the payloads must really be in the store, in events' titles, outlets and evidence, or the tests below prove nothing
    titles = [s.title or "" for e in library.events() for s in e.sources]
    assert sum(any(p in t for p in XSS) for t in titles) >= 2
    evidence = [ev.text for e in library.events() for values in e.evidence.values() for ev in values]
    assert any(any(p in text for p in XSS) for text in evidence)


def test_no_payload_appears_unescaped_in_any_page(client, library):
    pages = ["/", "/?disputed=true", "/entities", "/entities?type=ORG"]
    pages += [f"/events/{e.id}" for e in library.events()]
    pages += [f"/entities/{e.id}" for e in library.entities()]
    for path in pages:
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert answer.headers["content-type"].startswith("text/html")
        assert_safe(answer.text, path)


def test_the_direct_record_shows_every_payload_as_text(client, served_store):
    # the record written straight to the store holds every payload in every field: each must be
    # on the event page as text (escaped), so the test sees them rendered, not dropped
    from markupsafe import escape  # what the templates' autoescape writes

    html = client.get(f"/events/{served_store['hostile']['event']}").text
    assert_safe(html, "hostile event page")
    for payload in XSS:
        assert str(escape(payload)) in html, payload
    for url in BAD_URLS:
        assert f'href="{escape(url)}"' not in html and url not in html
    entity_html = client.get(f"/entities/{served_store['hostile']['entity']}").text
    assert_safe(entity_html, "hostile entity page")
    assert entity_html.count("<li>") >= len(XSS)


@pytest.mark.parametrize("payload", XSS + SQL)
@pytest.mark.parametrize("parameter", ["text", "category", "country", "since"])
def test_payloads_in_query_parameters(client, payload, parameter):
    answer = client.get("/", params={parameter: payload})
    assert answer.status_code in (200, 422), answer.text[:300]
    assert answer.headers["content-type"].startswith("text/html")
    assert_safe(answer.text, f"/?{parameter}=…")
    api = client.get("/api/events", params={parameter: payload})
    assert api.status_code in (200, 422)
    assert api.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("payload", SQL + XSS)
def test_sql_payloads_are_matched_as_literal_text(client, library, payload):
    events = library.events()
    got = client.get("/api/events", params={"text": payload, "limit": 500})
    if "\x00" in payload:
        assert got.status_code in (200, 422)
        return
    assert got.status_code == 200
    expected = sorted(e.id for e in events if payload.lower() in (e.summary or "").lower())
    assert sorted(e["id"] for e in got.json()["items"]) == expected
    for path, parameter in (("/api/entities", "name"), ("/api/statements", "speaker"), ("/api/entities", "type")):
        assert client.get(path, params={parameter: payload}).status_code in (200, 422)
    assert client.get("/api/events", params={"category": payload}).json().get("total", 0) == 0


def test_injection_in_paths_is_refused(client):
    for path in ["/api/events/' OR '1'='1", "/api/events/%25", "/api/events/1;DROP TABLE events", "/events/<script>alert(1)</script>",
                 "/entities/' OR 1=1 --", "/api/entities/%22%3E%3Cscript%3E"]:
        answer = client.get(path)
        assert answer.status_code in (404, 422), path
        if not path.startswith("/api/"):
            assert_safe(answer.text, path)


def test_the_store_is_unchanged_by_all_of_it(client, served_store, library):
    before = library.store.counts()
    for payload in SQL:
        for parameter in ("text", "category", "country"):
            client.get("/api/events", params={parameter: payload})
            client.get("/", params={parameter: payload})
    assert library.store.counts() == before


@pytest.mark.parametrize("path", ["/", "/entities", "/api/events", "/api/events.geojson", "/openapi.json", "/static/app.css",
                                  "/static/vendor/leaflet/leaflet.js", "/no/such/page", "/api/events?limit=0", "/events/zz"])
def test_every_response_sends_the_security_headers(client, path):
    answer = client.get(path)
    csp = answer.headers.get("content-security-policy", "")
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "http" not in csp
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_pages_load_nothing_from_outside(client, library):
    # the dashboard must work offline: every script, style and data URL is this server's own
    for path in ["/", f"/events/{library.events()[0].id}", "/entities"]:
        for tag, attrs in Page(client.get(path).text).tags:
            if tag in ("script", "link"):
                value = attrs.get("src") or attrs.get("href") or ""
                assert value.startswith("/"), f"{path}: <{tag} {value!r}>"
    js = client.get("/static/map.js").text
    assert "http://" not in js and "https://" not in js
    assert client.get("/static/vendor/countries-110m.geojson").status_code == 200
