"""The reads the HTTP API needs beyond `Sitrep`'s: a page of events with its total, sorted; counts
per day and category for the timeline; one entity and the events that name it.

They use the store's own tables through SQLAlchemy Core, so every value from a request is a bound
parameter (never text spliced into SQL), and filter exactly as `Store.events` does, except that
`text` is matched literally (a `%` or `_` typed by a user is not a wildcard).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, cast, func, select

from ..records import Entity, Event, Statement
from ..store.db import Store, _json, entities, events, mentions, statements

# sort key -> (column, descending); the API's `sort` parameter takes these names
SORTS = {
    "-date": (events.c.date, True), "date": (events.c.date, False),
    "-sources": (events.c.n_sources, True), "sources": (events.c.n_sources, False),
    "category": (events.c.category, False), "country": (events.c.country_code, False),
}


@dataclass
class Filters:
    """The CLI's event filters (`sitrep events`), as one record the API and the pages share."""

    category: str | None = None
    country: str | None = None
    since: str | None = None
    until: str | None = None
    disputed: bool | None = None
    text: str | None = None

    def where(self, query):
        if self.category:
            query = query.where(events.c.category == self.category.upper())
        if self.country:
            query = query.where(events.c.country_code == self.country.upper())
        if self.since:
            query = query.where(events.c.date >= self.since)
        if self.until:
            query = query.where(events.c.date <= self.until)
        if self.disputed is not None:
            query = query.where(events.c.is_disputed == self.disputed)
        if self.text:
            query = query.where(events.c.summary.icontains(self.text, autoescape=True))
        return query

    def to_params(self) -> dict[str, str]:
        """The filters as query-string parameters (for links that keep them)."""
        params = {k: v for k, v in vars(self).items() if v not in (None, "", False) and k != "disputed"}
        if self.disputed:
            params["disputed"] = "true"
        return params


def _ordered(store: Store, query, sort: str):
    column, descending = SORTS[sort]
    if descending:
        key = column.desc().nulls_last() if store.engine.dialect.name == "postgresql" else column.desc()
    else:
        key = column.asc().nulls_last() if store.engine.dialect.name == "postgresql" else column.asc()
    return query.order_by(key, events.c.id)


def page_of_events(store: Store, filters: Filters, *, sort: str = "-date", limit: int = 50, offset: int = 0) -> tuple[int, list[Event]]:
    """(how many events match, the `limit` of them after `offset`, in `sort` order)."""
    # the page's ids are chosen first and only their rows read: sorting whole rows (kilobytes of
    # JSON each) made a filtered page 2-3x slower at 5,000 events (benchmarks/api_latency.py)
    page = _ordered(store, filters.where(select(events.c.id)), sort).limit(limit).offset(offset).subquery()
    query = _ordered(store, select(events.c.data).join(page, page.c.id == events.c.id), sort)
    with store.engine.connect() as conn:
        total = conn.execute(filters.where(select(func.count()).select_from(events))).scalar_one()
        return total, [Event.from_dict(_json(r.data)) for r in conn.execute(query)]


def located_events(store: Store, filters: Filters, *, limit: int) -> list[Event]:
    """Events with coordinates, newest first (the map's markers)."""
    query = filters.where(select(events.c.data).where(events.c.lat.is_not(None), events.c.lon.is_not(None)))
    query = _ordered(store, query, "-date").limit(limit)
    with store.engine.connect() as conn:
        return [Event.from_dict(_json(r.data)) for r in conn.execute(query)]


def markers(store: Store, filters: Filters, *, limit: int) -> dict[str, Any]:
    """The located events as GeoJSON with a few properties read from the indexed columns, no record
    decoded: the dashboard's map asks for up to 5,000, and decoding them took 6 s at 100,000 events
    (benchmarks/api_latency.py)."""
    query = filters.where(select(events.c.id, events.c.date, events.c.category, events.c.lat, events.c.lon, events.c.summary,
                                 events.c.n_sources, events.c.is_disputed).where(events.c.lat.is_not(None), events.c.lon.is_not(None)))
    query = _ordered(store, query, "-date").limit(limit)
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [r.lon, r.lat]},
         "properties": {"event_id": r.id, "event_date": r.date, "plover_event": r.category, "notes": r.summary,
                        "source_count": r.n_sources, "disputed": bool(r.is_disputed)}} for r in rows]}


def counts_by_day(store: Store, filters: Filters) -> list[tuple[str, str, int]]:
    """(date, category, number of events) for the dated events that match, oldest first."""
    query = (filters.where(select(events.c.date, events.c.category, func.count().label("n")).where(events.c.date.is_not(None)))
             .group_by(events.c.date, events.c.category).order_by(events.c.date, events.c.category))
    with store.engine.connect() as conn:
        return [(r.date, r.category or "?", r.n) for r in conn.execute(query)]


def entity(store: Store, entity_id: str) -> Entity | None:
    with store.engine.connect() as conn:
        row = conn.execute(select(entities.c.data).where(entities.c.id == entity_id)).first()
    return Entity.from_dict(_json(row.data)) if row else None


def events_naming(store: Store, entity_id: str, *, limit: int = 200) -> list[Event]:
    """Events the entity took part in (an actor or recipient linked to it, in the fused record or in
    any of its mentions) or was quoted about. Fused actors do not always carry the entity id their
    mentions had, so the mentions are searched too. Entity ids are hex digests, so a literal
    substring match on the stored JSON finds them without a JSON-path dialect per backend."""
    def names_it(data: dict) -> bool:
        people = data.get("actor", []) + data.get("recipient", []) + data.get("actors", []) + data.get("recipients", [])
        return any(person.get("entity_id") == entity_id for person in people)

    with store.engine.connect() as conn:
        ids = {r.id for r in conn.execute(select(events.c.id, events.c.data).where(_holds(events.c.data, entity_id)))
               if names_it(_json(r.data))}
        ids |= {r.event_id for r in conn.execute(select(mentions.c.event_id, mentions.c.data).where(_holds(mentions.c.data, entity_id)))
                if r.event_id and names_it(_json(r.data))}
        ids |= {r.event_id for r in conn.execute(select(statements.c.event_id).where(statements.c.speaker_entity_id == entity_id))
                if r.event_id}
        if not ids:
            return []
        query = (select(events.c.data).where(events.c.id.in_(sorted(ids)))
                 .order_by(events.c.date.desc(), events.c.id).limit(limit))
        return [Event.from_dict(_json(r.data)) for r in conn.execute(query)]


def _holds(column, text: str):
    return cast(column, Text).contains(text, autoescape=True)


def statements_by(store: Store, entity_id: str, *, limit: int = 200) -> list[Statement]:
    query = select(statements.c.data).where(statements.c.speaker_entity_id == entity_id).order_by(statements.c.date).limit(limit)
    with store.engine.connect() as conn:
        return [Statement.from_dict(_json(r.data)) for r in conn.execute(query)]


def entity_page(store: Store, *, type_: str | None, name: str | None, limit: int, offset: int) -> tuple[int, list[Entity]]:
    query = select(entities.c.data)
    count = select(func.count()).select_from(entities)
    if type_:
        query, count = query.where(entities.c.type == type_.upper()), count.where(entities.c.type == type_.upper())
    if name:
        query, count = (query.where(entities.c.name.icontains(name, autoescape=True)),
                        count.where(entities.c.name.icontains(name, autoescape=True)))
    query = query.order_by(entities.c.name, entities.c.id).limit(limit).offset(offset)
    with store.engine.connect() as conn:
        total = conn.execute(count).scalar_one()
        return total, [Entity.from_dict(_json(r.data)) for r in conn.execute(query)]


def statement_page(store: Store, *, speaker: str | None, event_id: str | None, limit: int, offset: int) -> tuple[int, list[Statement]]:
    query = select(statements.c.data)
    count = select(func.count()).select_from(statements)
    conditions: list[Any] = []
    if speaker:
        conditions.append(statements.c.speaker.icontains(speaker, autoescape=True))
    if event_id:
        conditions.append(statements.c.event_id == event_id)
    for condition in conditions:
        query, count = query.where(condition), count.where(condition)
    query = query.order_by(statements.c.date, statements.c.id).limit(limit).offset(offset)
    with store.engine.connect() as conn:
        total = conn.execute(count).scalar_one()
        return total, [Statement.from_dict(_json(r.data)) for r in conn.execute(query)]
