"""The store: SQLAlchemy Core over SQLite (default, WAL) or PostgreSQL, schema by Alembic.

One writer; each article's processing is written inside one transaction (`Store.atomic()`), so a
run killed half-way leaves whole articles or nothing, and re-running finishes the job. Ids are
content hashes and writes are upserts, so writing the same thing twice changes nothing.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

from alembic import command
from alembic.config import Config
from sqlalchemy import (
    JSON, Boolean, Column, Float, Index, Integer, LargeBinary, MetaData, String, Table, Text, create_engine, event,
    bindparam, cast, select, delete, func, or_, and_,
)
from sqlalchemy.engine import Connection, Engine

from .. import errors
from ..records import Article, Entity, Event, Mention, Statement

log = logging.getLogger(__name__)

metadata = MetaData()

articles = Table(
    "articles", metadata,
    Column("id", String(32), primary_key=True),
    Column("url", Text), Column("title", Text), Column("publication", Text),
    Column("published", String(32), index=True), Column("published_source", String(16)),
    Column("language", String(8)), Column("origin", Text), Column("duplicate_of", String(32), index=True),
    Column("text", Text, nullable=False), Column("minhash", LargeBinary),
)
mentions = Table(
    "mentions", metadata,
    Column("id", String(32), primary_key=True),
    Column("article_id", String(32), index=True, nullable=False),
    Column("event_id", String(32), index=True),
    Column("category", String(16), index=True), Column("date", String(16)),
    Column("data", JSON, nullable=False),
)
events = Table(
    "events", metadata,
    Column("id", String(32), primary_key=True),
    Column("category", String(16), index=True),
    Column("date", String(16), index=True),
    Column("country_code", String(4), index=True),
    Column("lat", Float), Column("lon", Float),
    Column("is_disputed", Boolean, index=True),
    Column("n_sources", Integer),
    Column("summary", Text),
    Column("data", JSON, nullable=False),
    # the day linking blocks on (migration 0002): the date where it is a day, else the first report's
    Column("block_day", String(16)),
    Index("ix_events_category_block_day", "category", "block_day"),
)
entities = Table(
    "entities", metadata,
    Column("id", String(32), primary_key=True),
    Column("name", Text, nullable=False), Column("type", String(8), index=True),
    Column("country", String(4)), Column("data", JSON, nullable=False),
)
aliases = Table(
    "aliases", metadata,
    Column("key", String(200), primary_key=True),
    Column("type", String(8), primary_key=True),
    Column("entity_id", String(32), index=True, nullable=False),
)
statements = Table(
    "statements", metadata,
    Column("id", String(32), primary_key=True),
    Column("article_id", String(32), index=True, nullable=False),
    Column("event_id", String(32), index=True),
    Column("speaker", Text), Column("speaker_entity_id", String(32), index=True),
    Column("date", String(16)), Column("data", JSON, nullable=False),
)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Events kept decoded between reads; a bound on the memory the cache can take.
DECODED_CACHE = 5000


def normalize_url(db: str | Path) -> str:
    text = str(db)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


class Store:
    """All reads and writes of sitrep's database."""

    def __init__(self, db: str | Path = "sitrep.db") -> None:
        self.url = normalize_url(db)
        # Decoded events by id with the JSON text they were decoded from: blocking reads the same
        # candidates again and again, and decoding them was a fifth of a run's time (400 GVA
        # articles, session 2). A row whose text changed is decoded anew, so the cache can never
        # serve a stale or rolled-back version.
        self._decoded: dict[str, tuple[str, Event]] = {}
        self._upserts: dict[tuple[str, tuple[str, ...], tuple[str, ...], bool], Any] = {}
        self._queries: dict[Any, Any] = {}  # prebuilt read statements, by shape
        try:
            self.engine: Engine = create_engine(self.url, future=True)
        except ModuleNotFoundError as exc:
            # the PostgreSQL driver is an extra: say which one to install
            raise errors.StoreError(errors.DRIVER_MISSING.format(url=self.url, module=exc.name)) from exc
        except Exception as exc:  # noqa: BLE001 - any driver / URL error becomes one clear message
            raise errors.StoreError(f"cannot open database {self.url!r}: {exc}. Pass a file path or a postgresql:// URL.") from exc
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.migrate()

    def migrate(self) -> None:
        """Bring the schema to the newest migration (idempotent)."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        try:
            with self.engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except Exception as exc:  # noqa: BLE001
            raise errors.StoreError(f"cannot prepare database {self.url!r}: {exc}") from exc

    @contextmanager
    def atomic(self) -> Iterator[Connection]:
        with self.engine.begin() as connection:
            yield connection

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ articles
    def has_article(self, article_id: str, conn: Connection | None = None) -> bool:
        return self._scalar(select(articles.c.id).where(articles.c.id == article_id), conn) is not None

    def put_article(self, conn: Connection, article: Article, minhash: bytes | None) -> None:
        row = {k: v for k, v in article.to_dict().items() if k in articles.c}
        row["minhash"] = minhash
        self._upsert(conn, articles, row, ["id"])

    def article(self, article_id: str) -> Article | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(articles).where(articles.c.id == article_id)).mappings().first()
        return Article.from_dict(dict(row)) if row else None

    def article_in(self, conn: Connection, article_id: str) -> Article | None:
        """An article's metadata (its text left out: fusion needs only who said it, when)."""
        columns = [c for c in articles.c if c.name not in ("text", "minhash")]
        row = conn.execute(select(*columns).where(articles.c.id == article_id)).mappings().first()
        return Article.from_dict(dict(row) | {"text": ""}) if row else None

    def articles(self) -> list[Article]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(articles).order_by(articles.c.id)).mappings().all()
        return [Article.from_dict(dict(r)) for r in rows]

    def minhashes(self) -> Iterator[tuple[str, bytes]]:
        with self.engine.connect() as conn:
            for row in conn.execute(select(articles.c.id, articles.c.minhash).where(articles.c.minhash.is_not(None))):
                yield row.id, row.minhash

    # ------------------------------------------------------------------ mentions
    def put_mention(self, conn: Connection, mention: Mention) -> None:
        self._upsert(conn, mentions, {
            "id": mention.id, "article_id": mention.article_id, "event_id": mention.event_id,
            "category": mention.category, "date": mention.date.value if mention.date else None,
            "data": mention.to_dict(),
        }, ["id"])

    def mentions_of(self, event_id: str, conn: Connection | None = None) -> list[Mention]:
        rows = self._rows(select(mentions.c.data).where(mentions.c.event_id == event_id).order_by(mentions.c.id), conn)
        return [Mention.from_dict(_json(r.data)) for r in rows]

    def mentions_of_article(self, article_id: str, conn: Connection | None = None) -> list[Mention]:
        rows = self._rows(select(mentions.c.data).where(mentions.c.article_id == article_id), conn)
        return [Mention.from_dict(_json(r.data)) for r in rows]

    # ------------------------------------------------------------------ events
    def put_event(self, conn: Connection, item: Event) -> None:
        place = item.event_loc
        self._upsert(conn, events, {
            "id": item.id, "category": item.event[0] if item.event else None, "date": item.date,
            "country_code": place.country_code if place else None,
            "lat": place.lat if place else None, "lon": place.lon if place else None,
            "is_disputed": item.is_disputed, "n_sources": len(item.sources), "summary": item.summary,
            "data": item.to_dict(), "block_day": block_day(item),
        }, ["id"])

    def delete_event(self, conn: Connection, event_id: str) -> None:
        conn.execute(delete(events).where(events.c.id == event_id))

    def event(self, event_id: str, conn: Connection | None = None) -> Event | None:
        rows = self._rows(select(events.c.data).where(or_(events.c.id == event_id, events.c.id.like(f"{event_id}%"))), conn)
        return Event.from_dict(_json(rows[0].data)) if len(rows) == 1 else None

    def candidate_events(self, conn: Connection, *, category: str, date_from: str | None, date_to: str | None,
                         country: str | None, limit: int = 60, near: str | None = None, scan: int = 2000) -> list[Event]:
        """Blocking: events of one category whose block day (`block_day`: the date, or the first
        report's day for an undated event) is in [date_from, date_to], or unknown, and in a
        compatible country. One range on the (category, block_day) index, so the cost does not
        grow with the store. Returns the `limit` whose block day is nearest `near` (undated ones
        last; without `near`, the latest), read in two steps: ids and days of at most `scan`
        rows of the window, then the records of the chosen ones. Without a window: the category's
        latest `limit`."""
        dated = bool(date_from and date_to)
        rows = self._block_rows(conn, "range" if dated else "latest", category, country,
                                {"date_from": date_from, "date_to": date_to, "scan": scan} if dated else {"scan": limit})
        if dated:
            # Undated ones in a query of their own: an OR in one query made SQLite walk the
            # category's whole index from its newest event down.
            rows += self._block_rows(conn, "unknown", category, country, {"scan": limit})
        if near and len(rows) > limit:
            rows.sort(key=lambda r: (r.block_day is None, _days_apart(r.block_day, near)))
        chosen = [r.id for r in rows[:limit]]
        if not chosen:
            return []
        fetch = self._queries.get("candidate_rows")
        if fetch is None:
            # CAST, not type_coerce: PostgreSQL's driver decodes JSON columns itself, and the cache
            # below is keyed by the text
            fetch = self._queries["candidate_rows"] = select(events.c.id, cast(events.c.data, Text).label("raw")).where(
                events.c.id.in_(bindparam("ids", expanding=True)))
        raw = {r.id: r.raw for r in conn.execute(fetch, {"ids": chosen})}
        return [self._decoded_event(event_id, raw[event_id]) for event_id in chosen if event_id in raw]

    def _block_rows(self, conn: Connection, shape: str, category: str, country: str | None, params: dict[str, Any]):
        """(id, block_day) rows of one blocking query: "range" (block day in a window), "unknown"
        (no block day) or "latest" (the category's newest), each an index range on (category, block_day)."""
        key = ("candidates", shape, bool(country))
        query = self._queries.get(key)
        if query is None:
            # built once per shape with bound parameters: building the expression per call was
            # a tenth of the linking time
            query = select(events.c.id, events.c.block_day).where(events.c.category == bindparam("category"))
            if shape == "range":
                query = query.where(events.c.block_day.between(bindparam("date_from"), bindparam("date_to")))
            elif shape == "unknown":
                query = query.where(events.c.block_day.is_(None))
            if country:
                query = query.where(or_(events.c.country_code.is_(None), events.c.country_code == bindparam("country")))
            query = self._queries[key] = query.order_by(events.c.block_day.desc()).limit(bindparam("scan"))
        values = {"category": category} | params
        if country:
            values["country"] = country
        return conn.execute(query, values).all()

    def _decoded_event(self, event_id: str, raw: str) -> Event:
        cached = self._decoded.get(event_id)
        if cached is not None and cached[0] == raw:
            return cached[1]
        if len(self._decoded) >= DECODED_CACHE:
            self._decoded.clear()
        item = Event.from_dict(json.loads(raw))
        self._decoded[event_id] = (raw, item)
        return item

    def events(self, *, category: str | None = None, country: str | None = None, since: str | None = None,
               until: str | None = None, disputed: bool | None = None, text: str | None = None,
               limit: int | None = None) -> list[Event]:
        query = select(events.c.data)
        if category:
            query = query.where(events.c.category == category.upper())
        if country:
            query = query.where(events.c.country_code == country.upper())
        if since:
            query = query.where(events.c.date >= since)
        if until:
            query = query.where(events.c.date <= until)
        if disputed is not None:
            query = query.where(events.c.is_disputed == disputed)
        if text:
            query = query.where(events.c.summary.ilike(f"%{text}%"))
        query = query.order_by(events.c.date.desc().nulls_last() if self.engine.dialect.name == "postgresql" else events.c.date.desc(), events.c.id)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [Event.from_dict(_json(r.data)) for r in conn.execute(query)]

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in (("articles", articles), ("mentions", mentions), ("events", events),
                                    ("entities", entities), ("statements", statements))
            } | {"disputed": conn.execute(select(func.count()).select_from(events).where(events.c.is_disputed.is_(True))).scalar_one()}

    # ------------------------------------------------------------------ entities
    def put_entity(self, conn: Connection, entity: Entity, keys: dict[str, str]) -> None:
        self._upsert(conn, entities, {"id": entity.id, "name": entity.name, "type": entity.type,
                                      "country": entity.country, "data": entity.to_dict()}, ["id"])
        for key, kind in keys.items():
            if key:
                self._upsert(conn, aliases, {"key": key[:200], "type": entity.type, "entity_id": entity.id}, ["key", "type"], update=False)

    def entity_by_key(self, conn: Connection, key: str, label: str) -> Entity | None:
        query = self._queries.get("entity_by_key")
        if query is None:
            query = self._queries["entity_by_key"] = (
                select(entities.c.data).join(aliases, aliases.c.entity_id == entities.c.id)
                .where(aliases.c.key == bindparam("key"), aliases.c.type == bindparam("label")))
        row = conn.execute(query, {"key": key[:200], "label": label}).first()
        return Entity.from_dict(_json(row.data)) if row else None

    def entities_by_keys(self, conn: Connection, keys: Iterable[str]) -> dict[tuple[str, str], Entity]:
        """(alias key, type) -> entity for every stored alias among `keys`, in one query: an
        article's names are looked up together rather than one round trip each."""
        wanted = sorted({key[:200] for key in keys if key})
        if not wanted:
            return {}
        query = self._queries.get("entities_by_keys")
        if query is None:
            query = self._queries["entities_by_keys"] = (
                select(aliases.c.key, aliases.c.type, entities.c.data).join(entities, aliases.c.entity_id == entities.c.id)
                .where(aliases.c.key.in_(bindparam("keys", expanding=True))))
        return {(r.key, r.type): Entity.from_dict(_json(r.data)) for r in conn.execute(query, {"keys": wanted})}

    def entities_by_skeleton_prefix(self, conn: Connection, label: str, prefix: str, limit: int = 50) -> list[Entity]:
        """Blocking for fuzzy name matching: entities whose transliteration skeleton starts alike
        (an indexed prefix query on the aliases' primary key), so the cost stays flat."""
        key = ("skeleton_prefix", limit)
        query = self._queries.get(key)
        if query is None:
            query = self._queries[key] = (
                select(entities.c.data).join(aliases, aliases.c.entity_id == entities.c.id)
                .where(aliases.c.type == bindparam("label"), aliases.c.key.like(bindparam("pattern"))).limit(limit))
        rows = conn.execute(query, {"label": label, "pattern": f"~{prefix}%"}).all()
        return [Entity.from_dict(_json(r.data)) for r in rows]

    def entities(self, *, type_: str | None = None) -> list[Entity]:
        query = select(entities.c.data).order_by(entities.c.name)
        if type_:
            query = query.where(entities.c.type == type_.upper())
        with self.engine.connect() as conn:
            return [Entity.from_dict(_json(r.data)) for r in conn.execute(query)]

    # ------------------------------------------------------------------ statements
    def put_statement(self, conn: Connection, statement: Statement) -> None:
        self._upsert(conn, statements, {"id": statement.id, "article_id": statement.article_id, "event_id": statement.event_id,
                                        "speaker": statement.speaker, "speaker_entity_id": statement.speaker_entity_id,
                                        "date": statement.date, "data": statement.to_dict()}, ["id"])

    def statements(self, *, speaker: str | None = None, event_id: str | None = None) -> list[Statement]:
        query = select(statements.c.data).order_by(statements.c.date, statements.c.id)
        if speaker:
            query = query.where(statements.c.speaker.ilike(f"%{speaker}%"))
        if event_id:
            query = query.where(statements.c.event_id == event_id)
        with self.engine.connect() as conn:
            return [Statement.from_dict(_json(r.data)) for r in conn.execute(query)]

    def retarget_statements(self, conn: Connection, old: str, new: str) -> None:
        rows = conn.execute(select(statements.c.id, statements.c.data).where(statements.c.event_id == old)).all()
        for row in rows:
            data = _json(row.data)
            data["event_id"] = new
            conn.execute(statements.update().where(statements.c.id == row.id).values(event_id=new, data=data))

    # ------------------------------------------------------------------ internals
    def _upsert(self, conn: Connection, table: Table, row: dict[str, Any], keys: list[str], *, update: bool = True) -> None:
        # One statement per (table, columns) with bound parameters, built once: SQLAlchemy then
        # reuses its compiled form instead of building and caching a new statement per row.
        signature = (table.name, tuple(row), tuple(keys), update)
        statement = self._upserts.get(signature)
        if statement is None:
            if self.engine.dialect.name == "postgresql":
                from sqlalchemy.dialects.postgresql import insert
            else:
                from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
            statement = insert(table)
            changes = [k for k in row if k not in keys]
            if update and changes:
                statement = statement.on_conflict_do_update(index_elements=keys, set_={k: statement.excluded[k] for k in changes})
            else:
                statement = statement.on_conflict_do_nothing(index_elements=keys)
            self._upserts[signature] = statement
        conn.execute(statement, row)

    def _scalar(self, query, conn: Connection | None):
        if conn is not None:
            return conn.execute(query).scalar()
        with self.engine.connect() as own:
            return own.execute(query).scalar()

    def _rows(self, query, conn: Connection | None):
        if conn is not None:
            return conn.execute(query).all()
        with self.engine.connect() as own:
            return own.execute(query).all()


def _days_apart(day: str | None, near: str) -> int:
    try:
        return abs((_dt.date.fromisoformat(day[:10]) - _dt.date.fromisoformat(near[:10])).days) if day else 0
    except ValueError:
        return 1 << 20


def block_day(item: Event) -> str | None:
    """The day an event is blocked on: its date where that is a day, else the earliest day one of
    its sources was published (None when neither is known)."""
    if item.date and len(item.date) == 10:
        return item.date
    days = [s.published[:10] for s in item.sources if s.published and len(s.published) >= 10]
    return min(days) if days else None


def _json(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str) else value


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
