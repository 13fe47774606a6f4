"""The store: SQLAlchemy Core over SQLite (default, WAL) or PostgreSQL, schema by Alembic.

Each article's processing is written inside one transaction (`Store.atomic()`), so a run killed
half-way leaves whole articles or nothing, and re-running finishes the job. Ids are content hashes
and writes are upserts, so writing the same thing twice changes nothing.

Several writers (`sitrep run` processes) may share one store. A write transaction holds the
store's write lock from its first statement: `BEGIN IMMEDIATE` on SQLite, a transaction-level
advisory lock on PostgreSQL. Linking reads candidate events and entities across the whole store
and fusion rewrites what it read, so link + fuse + write of one article must see every article
committed before it and nothing half-done; with the lock taken first, the writers' commits are
serial, whatever their order. Analysis (nearly all of the time) runs outside the lock, in parallel.
`Store.write` retries a transaction the database refused for contention ("database is locked",
serialization failure, deadlock).
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import random
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, TypeVar

from sqlalchemy import (
    JSON, Boolean, Column, Float, Index, Integer, LargeBinary, MetaData, String, Table, Text, create_engine, event,
    bindparam, cast, select, delete, func, or_, and_, text,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from .. import errors
from ..records import Article, Entity, Event, Mention, Statement

if TYPE_CHECKING:  # imported where a store is opened (Store.migrate)
    from alembic.config import Config

log = logging.getLogger(__name__)

metadata = MetaData()

articles = Table(
    "articles", metadata,
    Column("id", String(32), primary_key=True),
    Column("url", Text), Column("title", Text), Column("publication", Text),
    Column("published", String(32), index=True), Column("published_source", String(16)),
    Column("language", String(8)), Column("origin", Text), Column("duplicate_of", String(32), index=True),
    Column("text", Text, nullable=False), Column("minhash", LargeBinary),
    Column("updated", String(32)),  # migration 0002
    Column("report_type", String(48), index=True), Column("report_type_confidence", Float),  # migration 0006
    # commit order (migration 0003): set once, under the write lock
    Column("seq", Integer, unique=True),
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
    # the day linking blocks on (migration 0004): the date where it is a day, else the first report's
    Column("block_day", String(16)),
    Index("ix_events_category_block_day", "category", "block_day"),
    # migration 0005 also indexes (category | country_code | is_disputed, date DESC, id) and
    # (n_sources DESC, id) for the API's sorted lists; their DESC / NULLS LAST differ by dialect,
    # so they live in the migration only (the store's schema is made by the migrations)
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
# SQLite: how long a writer waits for another's write lock before SQLite says "database is
# locked" (a commit holds it for tens of milliseconds; a migration or a VACUUM for longer).
SQLITE_BUSY_TIMEOUT_S = 60.0
# Store.write: tries of a transaction the database refused for contention, and the first pause
# between them (doubled each time, with jitter so that writers do not retry in step).
WRITE_ATTEMPTS = 8
WRITE_RETRY_PAUSE_S = 0.05
# PostgreSQL advisory lock keys are (int, int): sitrep's class, then the schema's hash, so stores
# in different schemas of one database do not wait for each other.
ADVISORY_LOCK_CLASS = 0x517E0
# PostgreSQL errors worth a retry: serialization failure, deadlock, lock not available.
RETRY_SQLSTATES = frozenset({"40001", "40P01", "55P03"})

T = TypeVar("T")


def normalize_url(db: str | Path) -> str:
    text = str(db)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


# The newest migration in migrations/versions; a test checks it against alembic's own head, so a
# new migration that forgets to move it fails the tests rather than leaving stores unmigrated.
SCHEMA_HEAD = "0006_article_report_type"


class Store:
    """All reads and writes of sitrep's database."""

    def __init__(self, db: str | Path = "sitrep.db", *, busy_timeout: float = SQLITE_BUSY_TIMEOUT_S) -> None:
        self.url = normalize_url(db)
        # Decoded events by id with the JSON text they were decoded from: blocking reads the same
        # candidates again and again, and decoding them was a fifth of a run's time (400 GVA
        # articles, session 2). A row whose text changed is decoded anew, so the cache can never
        # serve a stale or rolled-back version.
        self._decoded: dict[str, tuple[str, Event]] = {}
        self._upserts: dict[tuple[str, tuple[str, ...], tuple[str, ...], bool], Any] = {}
        self._queries: dict[Any, Any] = {}  # prebuilt read statements, by shape
        sqlite = self.url.startswith("sqlite")
        try:
            self.engine: Engine = create_engine(self.url, future=True,
                                                connect_args={"timeout": busy_timeout} if sqlite else {})
        except ModuleNotFoundError as exc:
            # the PostgreSQL driver is an extra: say which one to install
            raise errors.StoreError(errors.DRIVER_MISSING.format(url=self.url, module=exc.name)) from exc
        except Exception as exc:  # noqa: BLE001 - any driver / URL error becomes one clear message
            raise errors.StoreError(f"cannot open database {self.url!r}: {exc}. Pass a file path or a postgresql:// URL.") from exc
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        self.migrate()

    def migrate(self) -> None:
        """Bring the schema to the newest migration (idempotent; safe with writers starting at
        once, since it runs under the write lock and reads the schema's version after taking it)."""
        if self._recorded_version() == SCHEMA_HEAD:
            return  # up to date, read in one query: alembic (0.25-0.7 s to import) is not loaded
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        try:
            if self._at_head(config):
                return  # no write lock for a store that is up to date: readers open it read-only
            with self.atomic() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except Exception as exc:  # noqa: BLE001
            raise errors.StoreError(f"cannot prepare database {self.url!r}: {exc}") from exc

    def _recorded_version(self) -> str | None:
        """The schema version the store records (alembic's own table), or None when it records
        none or several (a store alembic has not prepared, or one with branched heads)."""
        try:
            with self.engine.connect() as connection:
                versions = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
        except DBAPIError:
            return None  # no such table yet
        return versions[0] if len(versions) == 1 else None

    def _at_head(self, config: Config) -> bool:
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        heads = set(ScriptDirectory.from_config(config).get_heads())
        with self.engine.connect() as connection:
            return set(MigrationContext.configure(connection).get_current_heads()) == heads

    @contextmanager
    def atomic(self) -> Iterator[Connection]:
        """One write transaction, holding the store's write lock from its start (see the module
        docstring). Reads inside it see every transaction committed before it."""
        with self.engine.connect() as connection:
            connection.execution_options(sitrep_write=True)
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.execute(text("SELECT pg_advisory_xact_lock(:lock_class, hashtext(current_schema()))"),
                                       {"lock_class": ADVISORY_LOCK_CLASS})
                yield connection

    def write(self, work: Callable[[Connection], T], *, attempts: int = WRITE_ATTEMPTS) -> T:
        """`work(conn)` inside `atomic()`, tried again from the start when the database refuses the
        transaction for contention. `work` must be safe to run again: nothing it did in a refused
        try was kept."""
        pause = WRITE_RETRY_PAUSE_S
        for attempt in range(1, attempts + 1):
            try:
                with self.atomic() as connection:
                    return work(connection)
            except DBAPIError as exc:
                if not _is_contention(exc):
                    raise
                if attempt == attempts:
                    raise errors.StoreError(errors.STORE_BUSY.format(url=self.url, attempts=attempts,
                                                                     detail=str(exc.orig).splitlines()[0])) from exc
                log.info("store busy (%s), try %d of %d", str(exc.orig).splitlines()[0], attempt, attempts)
                time.sleep(pause * (1 + random.random()))
                pause *= 2
        raise AssertionError("unreachable")  # the loop returns or raises

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ articles
    def has_article(self, article_id: str, conn: Connection | None = None) -> bool:
        return self._scalar(select(articles.c.id).where(articles.c.id == article_id), conn) is not None

    def put_article(self, conn: Connection, article: Article, minhash: bytes | None) -> int:
        """Write an article. A new one gets the next commit number (`seq`, returned); a stored one
        keeps its own. Call inside `atomic()`: the write lock makes max + 1 safe."""
        row = {k: v for k, v in article.to_dict().items() if k in articles.c and k != "seq"}
        row["minhash"] = minhash
        row["seq"] = conn.execute(select(func.coalesce(func.max(articles.c.seq), 0) + 1)).scalar_one()
        self._upsert(conn, articles, row, ["id"], keep=("seq",))
        return row["seq"]

    def article(self, article_id: str) -> Article | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(articles).where(articles.c.id == article_id)).mappings().first()
        return Article.from_dict(dict(row)) if row else None

    def article_in(self, conn: Connection, article_id: str) -> Article | None:
        """An article's metadata (its text left out: fusion needs only who said it, when)."""
        columns = [c for c in articles.c if c.name not in ("text", "minhash")]
        row = conn.execute(select(*columns).where(articles.c.id == article_id)).mappings().first()
        return Article.from_dict(dict(row) | {"text": ""}) if row else None

    def articles_in(self, conn: Connection, article_ids: list[str]) -> dict[str, Article]:
        """`article_in` for several articles in one query, by id in the order asked (absent ones left out)."""
        if not article_ids:
            return {}
        columns = [c for c in articles.c if c.name not in ("text", "minhash")]
        rows = conn.execute(select(*columns).where(articles.c.id.in_(article_ids))).mappings().all()
        found = {row["id"]: Article.from_dict(dict(row) | {"text": ""}) for row in rows}
        return {i: found[i] for i in article_ids if i in found}

    def articles(self) -> list[Article]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(articles).order_by(articles.c.id)).mappings().all()
        return [Article.from_dict(dict(r)) for r in rows]

    def minhashes(self, conn: Connection | None = None, *, after: int | None = None) -> list[tuple[str, bytes, int]]:
        """(id, signature, seq) of stored articles; with `after`, only those committed after that
        commit number (what other writers stored since). seq is 0 for articles stored before
        migration 0003."""
        query = select(articles.c.id, articles.c.minhash, articles.c.seq).where(articles.c.minhash.is_not(None))
        if after is not None:
            query = query.where(articles.c.seq > after)
        return [(r.id, r.minhash, r.seq or 0) for r in self._rows(query.order_by(articles.c.seq), conn)]

    def commit_order(self) -> list[str]:
        """Article ids in the order writers committed them (older stores' articles first, by id)."""
        with self.engine.connect() as conn:
            return list(conn.execute(select(articles.c.id).order_by(articles.c.seq.is_(None).desc(), articles.c.seq, articles.c.id)).scalars())

    # ------------------------------------------------------------------ mentions
    def put_mention(self, conn: Connection, mention: Mention) -> None:
        self.put_mentions(conn, [mention_row(mention)])

    def put_mentions(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        """Write mentions as `mention_row` made them, in one executemany (an article's mentions
        had taken a statement each)."""
        if rows:
            self._upsert(conn, mentions, rows, ["id"])

    def mentions_of(self, event_id: str, conn: Connection | None = None) -> list[Mention]:
        rows = self._rows(select(mentions.c.data).where(mentions.c.event_id == event_id).order_by(mentions.c.id), conn)
        return [Mention.from_dict(_json(r.data)) for r in rows]

    def fusion_input(self, conn: Connection, event_id: str) -> tuple[list[Mention], dict[str, Article]]:
        """What fusing an event needs: its mentions, and their articles' metadata by id."""
        return self.fusion_inputs(conn, [event_id])[event_id]

    def fusion_inputs(self, conn: Connection, event_ids: list[str]) -> dict[str, tuple[list[Mention], dict[str, Article]]]:
        """`fusion_input` for several events in two queries (mentions, then every article they
        cite), rather than two per event; by event id in the order asked."""
        if not event_ids:
            return {}
        query = self._queries.get("mentions_of_events")
        if query is None:
            query = self._queries["mentions_of_events"] = (
                select(mentions.c.event_id, mentions.c.data).where(mentions.c.event_id.in_(bindparam("ids", expanding=True)))
                .order_by(mentions.c.event_id, mentions.c.id))
        found: dict[str, list[Mention]] = {event_id: [] for event_id in event_ids}
        for row in conn.execute(query, {"ids": sorted(set(event_ids))}):
            found[row.event_id].append(Mention.from_dict(_json(row.data)))
        cited = self.articles_in(conn, list(dict.fromkeys(m.article_id for items in found.values() for m in items)))
        inputs = {}
        for event_id, items in found.items():
            # each event's articles in the order its mentions cite them, as `articles_in` gives them
            ids = dict.fromkeys(m.article_id for m in items)
            inputs[event_id] = (items, {i: cited[i] for i in ids if i in cited})
        return inputs

    def mentions_of_article(self, article_id: str, conn: Connection | None = None) -> list[Mention]:
        rows = self._rows(select(mentions.c.data).where(mentions.c.article_id == article_id), conn)
        return [Mention.from_dict(_json(r.data)) for r in rows]

    # ------------------------------------------------------------------ events
    def put_event(self, conn: Connection, item: Event) -> None:
        self.put_events(conn, [item])

    def put_events(self, conn: Connection, items: list[Event]) -> None:
        """Write events in one executemany, in order."""
        rows = []
        for item in items:
            place = item.event_loc
            rows.append({
                "id": item.id, "category": item.event[0] if item.event else None, "date": item.date,
                "country_code": place.country_code if place else None,
                "lat": place.lat if place else None, "lon": place.lon if place else None,
                "is_disputed": item.is_disputed, "n_sources": len(item.sources), "summary": item.summary,
                "data": item.to_dict(), "block_day": block_day(item),
            })
        if rows:
            self._upsert(conn, events, rows, ["id"])

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
            # NULLS LAST and the id: the same candidates in the same order on both stores
            # (PostgreSQL sorts NULL first in DESC, SQLite last)
            query = self._queries[key] = query.order_by(events.c.block_day.desc().nulls_last(), events.c.id).limit(bindparam("scan"))
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

    def check(self) -> list[str]:
        """What is inconsistent in the store, one line per problem; empty when all is well.

        Every write is one transaction, so none of these should ever be found, not even after a
        writer is killed: a mention whose article or event is missing, an event no mention
        belongs to, an event whose sources are not the articles of its mentions (half re-fused),
        a statement, alias or wire copy pointing at nothing, two articles with one commit number.
        """
        def missing(child: Table, column: str, parent: Table) -> Any:
            # LEFT JOIN ... IS NULL: rows of `child` whose `column` names no row of `parent`
            parent = parent.alias("parent")
            return (select(child.c.id if "id" in child.c else child.c.key, child.c[column])
                    .select_from(child.outerjoin(parent, child.c[column] == parent.c.id))
                    .where(child.c[column].is_not(None), parent.c.id.is_(None)))

        problems: list[str] = []
        with self.engine.connect() as conn:
            for child, column, parent, what in (
                (mentions, "article_id", articles, "mention {0}: its article {1} is not stored"),
                (mentions, "event_id", events, "mention {0}: its event {1} is not stored"),
                (statements, "article_id", articles, "statement {0}: its article {1} is not stored"),
                (statements, "event_id", events, "statement {0}: its event {1} is not stored"),
                (aliases, "entity_id", entities, "alias {0!r}: its entity {1} is not stored"),
                (articles, "duplicate_of", articles, "article {0}: the original {1} it copies is not stored"),
            ):
                problems += [what.format(*row) for row in conn.execute(missing(child, column, parent))]
            problems += [f"mention {row.id}: linked to no event" for row in
                         conn.execute(select(mentions.c.id).where(mentions.c.event_id.is_(None)))]
            by_event: dict[str, set[str]] = {}
            for row in conn.execute(select(mentions.c.event_id, mentions.c.article_id).where(mentions.c.event_id.is_not(None))):
                by_event.setdefault(row.event_id, set()).add(row.article_id)
            for row in conn.execute(select(events.c.id, events.c.n_sources, events.c.data)):
                sources = {source["article"] for source in _json(row.data).get("sources", [])}
                if row.id not in by_event:
                    problems.append(f"event {row.id}: no mention belongs to it")
                elif sources != by_event[row.id] or row.n_sources != len(sources):
                    problems.append(f"event {row.id}: its sources ({len(sources)}) are not the articles of its mentions ({len(by_event[row.id])})")
            for row in conn.execute(select(articles.c.seq, func.count()).where(articles.c.seq.is_not(None))
                                    .group_by(articles.c.seq).having(func.count() > 1)):
                problems.append(f"commit number {row.seq}: held by {row[1]} articles")
        return problems

    # ------------------------------------------------------------------ entities
    def put_entity(self, conn: Connection, entity: Entity, keys: dict[str, str]) -> None:
        self.put_entities(conn, [(entity, keys)])

    def put_entities(self, conn: Connection, items: list[tuple[Entity, dict[str, str]]]) -> None:
        """Write entities, each with its alias keys, in two executemany (the entities, then every
        alias), leaving the store as `put_entity` for each in order would: a later write of one
        entity replaces its row, and an alias key already taken keeps its entity."""
        rows = [{"id": entity.id, "name": entity.name, "type": entity.type, "country": entity.country,
                 "data": entity.to_dict()} for entity, _ in items]
        if rows:
            self._upsert(conn, entities, rows, ["id"])
        # one executemany for all the keys: a statement per key was a third of the store's calls
        keyed = [{"key": key[:200], "type": entity.type, "entity_id": entity.id} for entity, keys in items for key in keys if key]
        if keyed:
            self._upsert(conn, aliases, keyed, ["key", "type"], update=False)

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
        sqlite = self.engine.dialect.name == "sqlite"
        ranged = sqlite and prefix != ""
        key = ("skeleton_prefix", limit, ranged)
        query = self._queries.get(key)
        if query is None:
            query = (select(entities.c.data).join(aliases, aliases.c.entity_id == entities.c.id)
                     .where(aliases.c.type == bindparam("label"), aliases.c.key.like(bindparam("pattern"))))
            if ranged:
                # SQLite's LIKE ignores case, so it cannot use the key's index: the query scanned
                # every alias (a third of a millisecond at 7,000, growing with the store). The
                # range (keys are lower case: name_key, skeleton) uses the index.
                query = query.where(aliases.c.key >= bindparam("low"), aliases.c.key < bindparam("high"))
            # Which `limit` rows, where more match, is the keys' byte order on every store: without
            # an ORDER BY, PostgreSQL returns whichever rows its plan meets first, so the same
            # reports linked names differently on the two stores. On SQLite the order is the
            # primary key's, so the range stops after `limit` rows.
            query = query.order_by(aliases.c.key if sqlite else aliases.c.key.collate("C"), aliases.c.type)
            query = self._queries[key] = query.limit(limit)
        values = {"label": label, "pattern": f"~{prefix}%"}
        if ranged:
            values |= {"low": f"~{prefix}", "high": f"~{prefix[:-1]}{chr(ord(prefix[-1]) + 1)}"}
        rows = conn.execute(query, values).all()
        return [Entity.from_dict(_json(r.data)) for r in rows]

    def entities(self, *, type_: str | None = None) -> list[Entity]:
        query = select(entities.c.data).order_by(entities.c.name, entities.c.id)  # id: one order for namesakes
        if type_:
            query = query.where(entities.c.type == type_.upper())
        with self.engine.connect() as conn:
            return [Entity.from_dict(_json(r.data)) for r in conn.execute(query)]

    # ------------------------------------------------------------------ statements
    def put_statement(self, conn: Connection, statement: Statement) -> None:
        self.put_statements(conn, [statement])

    def put_statements(self, conn: Connection, items: list[Statement]) -> None:
        """Write statements in one executemany, in order."""
        rows = [{"id": s.id, "article_id": s.article_id, "event_id": s.event_id, "speaker": s.speaker,
                 "speaker_entity_id": s.speaker_entity_id, "date": s.date, "data": s.to_dict()} for s in items]
        if rows:
            self._upsert(conn, statements, rows, ["id"])

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
    def _upsert(self, conn: Connection, table: Table, row: dict[str, Any] | list[dict[str, Any]], keys: list[str], *,
                update: bool = True, keep: tuple[str, ...] = ()) -> None:
        """Insert, or update a row with the same keys (columns in `keep` keep their stored value).
        A list of rows with the same columns is written with one executemany, in order."""
        # One statement per (table, columns) with bound parameters, built once: SQLAlchemy then
        # reuses its compiled form instead of building and caching a new statement per row.
        first = row[0] if isinstance(row, list) else row
        signature = (table.name, tuple(first), tuple(keys), update, keep)
        statement = self._upserts.get(signature)
        if statement is None:
            if self.engine.dialect.name == "postgresql":
                from sqlalchemy.dialects.postgresql import insert
            else:
                from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
            statement = insert(table)
            changes = [k for k in first if k not in keys and k not in keep]
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


def mention_row(mention: Mention) -> dict[str, Any]:
    """A mention's row as it is now: the writer takes it when the mention is linked and writes the
    article's rows together (`Store.put_mentions`), and fusion stamps the claims in between."""
    return {
        "id": mention.id, "article_id": mention.article_id, "event_id": mention.event_id,
        "category": mention.category, "date": mention.date.value if mention.date else None,
        "data": mention.to_dict(),
    }


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


def _is_contention(exc: DBAPIError) -> bool:
    """The database refused a transaction because of another writer; trying again can succeed."""
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate in RETRY_SQLSTATES
    message = str(exc.orig).lower()
    return "database is locked" in message or "database is busy" in message or "database table is locked" in message


def _sqlite_connect(dbapi_connection, _record) -> None:
    # sitrep issues BEGIN itself (_sqlite_begin): the driver's own handling begins a transaction
    # only at the first write, so a writer could read candidates in one snapshot and then find
    # another writer's commit in between ("database is locked" with no wait, or a stale read).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # A write transaction takes SQLite's write lock at once (waiting up to the busy timeout), so
    # it reads the store as the last writer left it; readers begin deferred and never block writers.
    write = connection.get_execution_options().get("sitrep_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
