"""`sitrep serve`: the HTTP API and the dashboard, one FastAPI app over one store.

    from sitrep.serve.app import create_app
    app = create_app("sitrep.db")                      # read-only
    app = create_app("sitrep.db", write_token="s3cret") # POST /api/articles with "Authorization: Bearer s3cret"

Every string in the store came from an article someone else wrote, so the pages treat all of it as
hostile: templates autoescape, the pages carry no inline script or style, every response sends a
Content-Security-Policy that allows only this server's own scripts, styles and data, and every
value from a request reaches SQL as a bound parameter (`sitrep.serve.queries`).
"""

from __future__ import annotations

import hmac
import json
import tempfile
import threading
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import Body, FastAPI, Header, HTTPException, Path as PathParam, Query, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import errors
from ..api import Sitrep
from . import queries, views
from .export import geojson, plover_record
from .queries import Filters

HERE = Path(__file__).resolve().parent
# 'none' by default, then only what the pages use, all from this server: no inline script or style,
# no eval, no framing, forms post only here. Leaflet sets element styles through the DOM (CSSOM),
# which style-src does not govern, so it needs no 'unsafe-inline'.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY", "Cross-Origin-Opener-Policy": "same-origin",
}
EVENT_ID = r"^[0-9a-fA-F]{4,64}$"  # ids are hex digests; a unique prefix of 4+ is enough, as in `sitrep show`
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# the dashboard's form sends its empty date fields as "": that means no filter, not a bad date
DATE_OR_EMPTY = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"
Sort = Literal["-date", "date", "-sources", "sources", "category", "country"]
MAX_PAGE = 500
MAX_MARKERS = 5000
MAX_POSTED = 100  # articles in one POST: each costs a model pass, and the request holds the writer


class ItemPage(BaseModel):
    """One page of a list: `total` items match, these are `limit` of them from `offset` on."""

    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]


class ArticleIn(BaseModel):
    """One report to ingest; the same fields a .jsonl input line takes."""

    text: str = Field(min_length=1, max_length=2_000_000)
    title: str | None = Field(default=None, max_length=2000)
    url: str | None = Field(default=None, max_length=4000)
    publication: str | None = Field(default=None, max_length=500)
    published: str | None = Field(default=None, pattern=DATE)


def _filters(category: str | None, country: str | None, since: str | None, until: str | None, disputed: bool | None,
             text: str | None) -> Filters:
    return Filters(category=category or None, country=country or None, since=since or None, until=until or None,
                   disputed=disputed, text=text or None)


# Words to search for: anything but control characters (PostgreSQL refuses a NUL in text outright)
WORDS = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
# The filter parameters every events route takes, declared once so the API, the map and the pages agree.
CategoryQ = Annotated[str | None, Query(max_length=32, pattern=r"^[A-Za-z_]*$", description="PLOVER category, e.g. ASSAULT.")]
CountryQ = Annotated[str | None, Query(max_length=3, pattern=r"^[A-Za-z]*$", description="ISO-2 country code, e.g. IQ.")]
SinceQ = Annotated[str | None, Query(pattern=DATE_OR_EMPTY, description="Earliest date, YYYY-MM-DD.")]
UntilQ = Annotated[str | None, Query(pattern=DATE_OR_EMPTY, description="Latest date, YYYY-MM-DD.")]
DisputedQ = Annotated[bool | None, Query(description="true: only events whose sources disagree; false: only undisputed.")]
TextQ = Annotated[str | None, Query(max_length=200, pattern=WORDS, description="Words in the summary (matched literally).")]


def create_app(db: str | Path = "sitrep.db", *, write_token: str | None = None) -> FastAPI:
    """The app over the store at `db`; POST /api/articles is refused unless `write_token` is set."""
    sitrep = Sitrep(db)
    store = sitrep.store
    writer = threading.Lock()  # one writer, as everywhere in sitrep
    templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, undefined=StrictUndefined)
    templates.filters["combine"] = lambda params, **more: {**params, **more}
    templates.globals["query"] = lambda params: urlencode({k: v for k, v in params.items() if v not in (None, "")})
    # no /docs or /redoc: FastAPI's pages load their scripts from a CDN, and nothing here is fetched from outside
    app = FastAPI(title="sitrep", version="1", docs_url=None, redoc_url=None, openapi_url="/openapi.json",
                  description="Fused political-violence events with the sentence behind every value.")
    app.state.sitrep = sitrep
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    def page(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(templates.get_template(name).render(**context), status_code=status_code)

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if is_api(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None))
        return page("error.html", exc.status_code, status=exc.status_code, message=str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        if is_api(request):  # the API keeps FastAPI's documented shape (HTTPValidationError)
            return await request_validation_exception_handler(request, exc)
        problems = [f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors()]
        return page("error.html", 422, status=422, message="; ".join(problems))

    # ------------------------------------------------------------------ JSON API
    @app.get("/api/events", response_model=ItemPage, tags=["events"])
    def api_events(category: CategoryQ = None, country: CountryQ = None, since: SinceQ = None, until: UntilQ = None,
                   disputed: DisputedQ = None, text: TextQ = None, sort: Sort = "-date",
                   limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
                   offset: Annotated[int, Query(ge=0, le=10**9)] = 0) -> JSONResponse:
        """Fused events (the export contract's records), newest first, with `sitrep events`' filters."""
        total, items = queries.page_of_events(store, _filters(category, country, since, until, disputed, text),
                                              sort=sort, limit=limit, offset=offset)
        return _listing(total, limit, offset, [plover_record(e) for e in items])

    @app.get("/api/events.geojson", tags=["events"], response_class=JSONResponse,
             responses={200: {"content": {"application/geo+json": {"schema": {"type": "object"}}}, "description": "a FeatureCollection"}})
    def api_geojson(category: CategoryQ = None, country: CountryQ = None, since: SinceQ = None, until: UntilQ = None,
                    disputed: DisputedQ = None, text: TextQ = None,
                    limit: Annotated[int, Query(ge=1, le=MAX_MARKERS)] = MAX_MARKERS,
                    brief: Annotated[bool, Query(description="true: only id, date, category, summary, source count and "
                                                             "disputed per feature (fast: what the dashboard's map reads)")] = False,
                    ) -> JSONResponse:
        """The located events, newest first, as a GeoJSON FeatureCollection (the `sitrep export --format geojson` features)."""
        filters = _filters(category, country, since, until, disputed, text)
        collection = queries.markers(store, filters, limit=limit) if brief else geojson(queries.located_events(store, filters, limit=limit))
        return JSONResponse(collection, media_type="application/geo+json")

    @app.get("/api/events/{event_id}", tags=["events"], responses={404: {"description": "no such event, or the prefix is ambiguous"}})
    def api_event(event_id: Annotated[str, PathParam(pattern=EVENT_ID)]) -> dict[str, Any]:
        """One fused event with its evidence, disputes, per-field confidence and statements."""
        item = _event_or_404(sitrep, event_id)
        return plover_record(item) | {
            "field_confidence": item.field_confidence, "subtype": item.subtype, "mention_ids": item.mention_ids,
            "statements": [s.to_dict() for s in sitrep.statements(event_id=item.id)],
        }

    @app.get("/api/entities", response_model=ItemPage, tags=["entities"])
    def api_entities(type: Annotated[str | None, Query(max_length=8, pattern=r"^[A-Za-z]*$", description="PERSON, ORG, GPE, NORP or LOC.")] = None,  # noqa: A002
                     name: Annotated[str | None, Query(max_length=200, pattern=WORDS, description="Words in the canonical name.")] = None,
                     limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
                     offset: Annotated[int, Query(ge=0, le=10**9)] = 0) -> JSONResponse:
        """Canonical entities with their aliases, by name."""
        total, items = queries.entity_page(store, type_=type or None, name=name or None, limit=limit, offset=offset)
        return _listing(total, limit, offset, [e.to_dict() for e in items])

    @app.get("/api/entities/{entity_id}", tags=["entities"], responses={404: {"description": "no such entity"}})
    def api_entity(entity_id: Annotated[str, PathParam(pattern=EVENT_ID)]) -> dict[str, Any]:
        """One entity, the ids of the events that name it and what it was quoted saying."""
        found = _entity_or_404(store, entity_id)
        return found.to_dict() | {"events": [e.id for e in queries.events_naming(store, found.id)],
                                  "statements": [s.to_dict() for s in queries.statements_by(store, found.id)]}

    @app.get("/api/statements", response_model=ItemPage, tags=["statements"])
    def api_statements(speaker: Annotated[str | None, Query(max_length=200, pattern=WORDS, description="Words in the speaker's name.")] = None,
                       event_id: Annotated[str | None, Query(max_length=64, pattern=r"^[0-9a-fA-F]*$", description="Only statements about this event.")] = None,
                       limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
                       offset: Annotated[int, Query(ge=0, le=10**9)] = 0) -> JSONResponse:
        """Who said what, when, about which event."""
        total, items = queries.statement_page(store, speaker=speaker or None, event_id=event_id or None, limit=limit, offset=offset)
        return _listing(total, limit, offset, [s.to_dict() for s in items])

    @app.post("/api/articles", tags=["ingest"], status_code=201,
              responses={401: {"description": "no token sent"}, 403: {"description": "wrong token, or the server is read-only"}})
    def api_post_articles(articles: Annotated[list[ArticleIn], Body(min_length=1, max_length=MAX_POSTED)],
                          authorization: Annotated[str | None, Header()] = None) -> dict[str, Any]:
        """Ingest reports and process them into the store (needs `sitrep serve --write-token`).

        Send `Authorization: Bearer TOKEN`. Items that cannot be read are listed under `skipped`
        with the reason, as `sitrep run` does; the rest are processed.
        """
        _check_token(write_token, authorization)
        with writer, tempfile.TemporaryDirectory(prefix="sitrep-post-") as folder:
            # through the same reader as `sitrep run` on a .jsonl file, so posted reports get the same checks
            path = Path(folder) / "posted.jsonl"
            path.write_text("".join(json.dumps(a.model_dump(exclude_none=True), ensure_ascii=False) + "\n" for a in articles),
                            encoding="utf-8")
            summary = sitrep.run([path])
        result = summary.to_dict()
        # the temporary file's path means nothing to the caller: "…/posted.jsonl:2" becomes "article 2"
        result["skipped"] = [{k: v.replace(f"{path}:", "article ") if isinstance(v, str) else v for k, v in skipped.items()}
                             for skipped in result.get("skipped", [])]
        return result

    # ------------------------------------------------------------------ pages
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(category: CategoryQ = None, country: CountryQ = None, since: SinceQ = None, until: UntilQ = None,
              disputed: DisputedQ = None, text: TextQ = None, sort: Sort = "-date",
              offset: Annotated[int, Query(ge=0, le=10**9)] = 0) -> HTMLResponse:
        filters = _filters(category, country, since, until, disputed or None, text)
        limit = 50
        total, items = queries.page_of_events(store, filters, sort=sort, limit=limit, offset=offset)
        params = filters.to_params() | ({"sort": sort} if sort != "-date" else {})
        return page("index.html", filters=filters, params=params, sort=sort, sorts=list(queries.SORTS), items=items,
                    total=total, offset=offset, limit=limit, counts=store.counts(),
                    timeline=views.timeline(queries.counts_by_day(store, filters)),
                    previous=max(offset - limit, 0) if offset else None,
                    next=offset + limit if offset + limit < total else None)

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(event_id: Annotated[str, PathParam(pattern=EVENT_ID)]) -> HTMLResponse:
        item = _event_or_404(sitrep, event_id)
        spans = views.evidence_spans(item)
        sources = []
        for source in item.sources:
            article = store.article(source.article)
            text = article.text if article else ""
            sources.append({"source": source, "pieces": views.highlighted(text, spans.get(source.article, []))})
        publications = {s.article: s.publication or s.url or s.article[:8] for s in item.sources}
        return page("event.html", item=item, fields=_field_rows(item), sources=sources, publications=publications,
                    statements=sitrep.statements(event_id=item.id))

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def entities_page(type: Annotated[str | None, Query(max_length=8, pattern=r"^[A-Za-z]*$")] = None,  # noqa: A002
                      name: Annotated[str | None, Query(max_length=200, pattern=WORDS)] = None,
                      offset: Annotated[int, Query(ge=0, le=10**9)] = 0) -> HTMLResponse:
        limit = 100
        total, items = queries.entity_page(store, type_=type or None, name=name or None, limit=limit, offset=offset)
        params = {"type": type or "", "name": name or ""}
        return page("entities.html", items=items, total=total, params=params, offset=offset,
                    previous=max(offset - limit, 0) if offset else None, next=offset + limit if offset + limit < total else None)

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity_detail(entity_id: Annotated[str, PathParam(pattern=EVENT_ID)]) -> HTMLResponse:
        found = _entity_or_404(store, entity_id)
        return page("entity.html", entity=found, events=queries.events_naming(store, found.id),
                    statements=queries.statements_by(store, found.id))

    return app


def _listing(total: int, limit: int, offset: int, items: list[dict[str, Any]]) -> JSONResponse:
    # returned as a response, so FastAPI does not re-validate every item against `ItemPage`: the
    # records are already plain dicts, and validating 50 events took about 7 ms a page (5,000-event store)
    return JSONResponse({"total": total, "limit": limit, "offset": offset, "items": items})


def _event_or_404(sitrep: Sitrep, event_id: str):
    item = sitrep.event(event_id)
    if item is None:
        raise HTTPException(404, f"no event with id {event_id!r} (or the prefix is ambiguous); GET /api/events lists ids")
    return item


def _entity_or_404(store, entity_id: str):
    found = queries.entity(store, entity_id)
    if found is None:
        raise HTTPException(404, f"no entity with id {entity_id!r}; GET /api/entities lists ids")
    return found


def _check_token(expected: str | None, authorization: str | None) -> None:
    if expected is None:
        raise HTTPException(403, errors.SERVE_READ_ONLY)
    if not authorization:
        raise HTTPException(401, errors.SERVE_NO_TOKEN, headers={"WWW-Authenticate": "Bearer"})
    scheme, _, token = authorization.partition(" ")
    # compare_digest: the time taken says nothing about how much of a wrong token was right
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), expected.encode()):
        raise HTTPException(403, errors.SERVE_BAD_TOKEN)


def _field_rows(item) -> list[dict[str, Any]]:
    """(name, value, confidence, evidence) for each field the event has, in `sitrep show`'s order."""
    place = item.event_loc
    rows = [
        ("event", ", ".join(item.event), None), ("mode", ", ".join(item.mode), None), ("context", ", ".join(item.context), None),
        ("modality", item.modality, "modality"),
        ("date", f"{item.date} ({item.date_precision})" if item.date else "", "date"),
        ("place", ", ".join(str(p) for p in (place.resolved_place or place.extracted_place, place.province, place.country) if p)
         + (f" ({place.lat}, {place.lon})" if place.lat is not None else "") if place else "", "event_loc"),
        ("address", item.address or "", "address"),
        ("actor", "; ".join(a.entity_text for a in item.actor), "actor"),
        ("recipient", "; ".join(a.entity_text for a in item.recipient), "recipient"),
        ("dead", _num(item.size.get("dead")), "size.dead"), ("injured", _num(item.size.get("injured")), "size.injured"),
        ("arrested", _num(item.size.get("arrested")), "size.arrested"), ("weapons", ", ".join(item.weapons), None),
        ("claimed by", "; ".join(f"{c.get('entity_text')} ({c.get('status')})" for c in item.claimed_by), "claimed_by"),
    ]
    disputed = {d.field for d in item.disputes}
    return [{"name": name, "value": value, "field": field, "confidence": item.field_confidence.get(field or ""),
             "evidence": item.evidence.get(field, []) if field else [], "is_disputed": field in disputed}
            for name, value, field in rows if value]


def _num(value) -> str:
    return "" if value is None else str(value)
