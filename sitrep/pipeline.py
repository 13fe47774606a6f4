"""The main job: ingest -> analyze -> extract -> link -> fuse -> store, one article at a time.

Each article is processed and written inside one transaction, so a run killed half-way leaves a
consistent store and a re-run finishes the job (articles already stored are skipped by their
content-hash id). Several runs may write to one store at once: each article's link, fuse and write
step runs under the store's write lock (`Store.write`), so the store ends as one writer committing
the same articles in the same order would leave it. The per-article stages (`prepare`) are plain
functions over plain records, so the Dask path (`sitrep.scale`) runs them on worker processes or a
cluster while one writer links, fuses and stores (`Processor.commit`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from .analyze.nlp import load_nlp, parse, parse_headlines
from .analyze.timex import parse_date
from .extract.events import Analysis, Extractor
from .fuse.fuse import event_id_for, fuse, stamp
from .fuse.timeline import stated_update
from .ingest import NearDuplicateIndex, Skipped, iter_articles, signature
from .ingest.dedup import to_bytes
from .link.entities import EntityResolver, cluster_names, name_key, skeleton, surname_key
from .link.events import INFER_THRESHOLD, EventLinker, best_match, copied_event, event_words, founds_event, is_anaphoric, mention_words, score
from .records import Article, Entity, Event, Mention
from .store.db import Store, mention_row

log = logging.getLogger(__name__)

# Within one article, anaphoric mentions ("the attack") join the article's event of the same
# category at this lower score: the same report rarely describes two events of one kind without
# telling them apart by place or date.
WITHIN_ARTICLE_THRESHOLD = 1.5
# How far into a report its lead runs (characters): headline, standfirst and first paragraph.
LEAD_CHARS = 600


@dataclass
class RunSummary:
    read: int = 0
    processed: int = 0
    already_stored: int = 0
    duplicates: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    events_created: int = 0
    events_updated: int = 0
    mentions: int = 0
    disputes: int = 0

    def to_dict(self) -> dict:
        return {
            "read": self.read, "processed": self.processed, "already_stored": self.already_stored,
            "near_duplicates": self.duplicates, "skipped": [s.__dict__ for s in self.skipped],
            "events_created": self.events_created, "events_updated": self.events_updated,
            "mentions": self.mentions, "disputed_events": self.disputes,
        }


@dataclass
class Prepared:
    """One article after the per-article stages (analyze, extract, MinHash signature): plain,
    picklable records that a Dask worker sends back to the single writer."""

    article: Article
    analysis: Analysis
    signature: Any


def prepare(article: Article, doc: Doc, extractor: Extractor) -> Prepared:
    """The per-article stages on an analyzed doc. Needs no store, so it runs anywhere."""
    analysis = extractor.extract(article, doc, reference=parse_date(article.published))
    return Prepared(article=article, analysis=analysis, signature=signature(article.text))


class Processor:
    """Holds the loaded model, the extractor and the near-duplicate index for one store."""

    def __init__(self, store: Store, *, nlp: Language | None = None, linker: EventLinker | None = None) -> None:
        self.store = store
        self._nlp = nlp
        self.linker = linker if linker is not None else EventLinker()
        self.extractor = Extractor()
        stored = store.minhashes()
        self.duplicates = NearDuplicateIndex.from_signatures((article_id, data) for article_id, data, _ in stored)
        self._seq = max((seq for *_, seq in stored), default=0)  # the last commit this writer has indexed

    @property
    def nlp(self) -> Language:
        # Loaded on first use: with Dask workers doing the analysis, the writer needs the model
        # only to read an undated report again.
        if self._nlp is None:
            self._nlp = load_nlp()
        return self._nlp

    # ------------------------------------------------------------------ batch
    def run(self, paths: Sequence[str], *, published: str | None = None, publication: str | None = None,
            progress: Callable[[int], None] | None = None, batch_size: int = 32, workers: int = 1,
            scheduler: str | None = None, **limits: int) -> RunSummary:
        """`limits`: the readers' size limits (max_bytes, max_record_bytes; see sitrep.ingest.readers)."""
        summary = RunSummary()
        records = iter_articles(paths, published=published, publication=publication, **limits)
        self.run_records(records, summary, progress=progress, batch_size=batch_size, workers=workers, scheduler=scheduler)
        return summary

    def run_records(self, records: Iterable[Article | Skipped], summary: RunSummary, *,
                    progress: Callable[[int], None] | None = None, batch_size: int = 32, workers: int = 1,
                    scheduler: str | None = None) -> RunSummary:
        """Process `records` into the store. With workers > 1 or a Dask scheduler address, analysis
        and extraction run on Dask (see sitrep.scale) and this process only links and writes."""
        if workers > 1 or scheduler:
            from .scale import DaskAnalyzer

            with DaskAnalyzer(workers=workers, scheduler=scheduler, partition_size=batch_size) as analyzer:
                for chunk in self._new_articles(records, summary, analyzer.chunk_size):
                    for prepared in analyzer.prepare(chunk):
                        self.commit(prepared, summary)
                        if progress:
                            progress(1)
        else:
            for batch in self._new_articles(records, summary, batch_size):
                docs = parse(self.nlp, [a.text for a in batch])
                parse_headlines(self.nlp, [a.title for a in batch])
                log.info("analyzed %d articles, storing them", len(batch))
                for article, doc in zip(batch, docs):
                    self.commit(prepare(article, doc, self.extractor), summary, doc=doc)
                    if progress:
                        progress(1)
        summary.disputes = self.store.counts()["disputed"]
        return summary

    def _new_articles(self, records: Iterable[Article | Skipped], summary: RunSummary, size: int) -> Iterator[list[Article]]:
        """Batches of articles not yet in the store; skipped items are counted and logged."""
        batch: list[Article] = []
        for record in records:
            if isinstance(record, Skipped):
                summary.skipped.append(record)
                log.warning("skipped %s: %s", record.item, record.reason)
                continue
            summary.read += 1
            if self.store.has_article(record.id) or any(a.id == record.id for a in batch):
                summary.already_stored += 1
                continue
            batch.append(record)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    # ------------------------------------------------------------------ one article
    def process(self, article: Article, doc: Doc | None = None, summary: RunSummary | None = None) -> list[Event]:
        """Analyze, extract, link, fuse and store one article."""
        doc = doc if doc is not None else self.nlp(article.text)
        return self.commit(prepare(article, doc, self.extractor), summary, doc=doc)

    def commit(self, prepared: Prepared, summary: RunSummary | None = None, *, doc: Doc | None = None) -> list[Event]:
        """Link, fuse and store one prepared article in one transaction under the store's write
        lock, so that writers in other processes commit before or after it, never in between."""
        summary = summary or RunSummary()
        fused, counts, seq = self.store.write(lambda conn: self._commit_in(conn, prepared, doc))
        if seq is not None:
            self.duplicates.add_signature(prepared.article.id, prepared.signature)
            self._seq = max(self._seq, seq)
        for name in ("processed", "already_stored", "duplicates", "events_created", "events_updated", "mentions"):
            setattr(summary, name, getattr(summary, name) + getattr(counts, name))
        return fused

    def _commit_in(self, conn, prepared: Prepared, doc: Doc | None) -> tuple[list[Event], RunSummary, int | None]:
        """One try of `commit`: its counts are returned, not added, since a try the database
        refuses for contention is run again from the start."""
        counts = RunSummary()
        article, analysis, sig = prepared.article, prepared.analysis, prepared.signature
        if self.store.has_article(article.id, conn):
            # another writer stored it while this one analyzed it
            counts.already_stored += 1
            return [], counts, None
        self._catch_up(conn)
        match = self.duplicates.best_match(sig, exclude=article.id)
        if match is not None:
            original = self.store.article_in(conn, match[0])
            article.duplicate_of = (original.duplicate_of if original and original.duplicate_of else match[0])
            counts.duplicates += 1
        if analysis.reference_date is None:
            # An undated report takes its reference date from the stored event its headline
            # event links to, then its relative dates are read again against that date.
            inferred = self._inferred_reference(conn, analysis)
            if inferred is not None:
                doc = doc if doc is not None else self.nlp(article.text)
                analysis = self.extractor.extract(article, doc, reference=inferred)
        article.updated = article.updated or stated_update(article.text, article.published)
        if analysis.report_type is not None:
            article.report_type = analysis.report_type.label
            article.report_type_confidence = analysis.report_type.confidence
        seq = self.store.put_article(conn, article, to_bytes(sig))
        entity_ids = self._link_entities(conn, analysis)
        for mention in analysis.mentions:
            for actor in mention.actors + mention.recipients:
                actor.entity_id = entity_ids.get(name_key(actor.entity_text))
            # the actor and recipient claims hold copies of the actors, made before linking: fusion
            # reads those, so the fused event's actors carry the entity (the dashboard links them)
            for claim in mention.claims:
                if claim.field in ("actor", "recipient"):
                    claim.value["entity_id"] = entity_ids.get(name_key(claim.value["entity_text"]))
        touched = self._link_events(conn, article, analysis.mentions, counts)
        analysis.mentions = [m for m in analysis.mentions if m.event_id is not None]
        main_event = next((m.event_id for m in analysis.mentions if m.is_main), None)
        by_sentence = {m.start: m.event_id for m in analysis.mentions}
        for statement in analysis.statements:
            statement.event_id = by_sentence.get(statement.start, main_event)
            statement.speaker_entity_id = entity_ids.get(name_key(statement.speaker))
        self.store.put_statements(conn, analysis.statements)
        fused = self._refuse(conn, touched)
        counts.processed += 1
        counts.mentions += len(analysis.mentions)
        return fused, counts, seq

    def _catch_up(self, conn) -> None:
        """Index the signatures of articles other writers committed since this one last looked,
        so a wire copy is linked to its original whichever process stored the original."""
        for article_id, data, seq in self.store.minhashes(conn, after=self._seq):
            self.duplicates.add_signature(article_id, data)
            self._seq = max(self._seq, seq)

    def _inferred_reference(self, conn, analysis: Analysis) -> dt.date | None:
        """The day of the stored event that the report's headline or lead links to best.

        The headline and the lead (inverted pyramid) name the report's news; the first of them to
        link to a stored event with a known day dates the report, since it was written on or
        after that day. Only events with a day count: a month or no date cannot anchor "on Friday".
        """
        lead = [m for m in analysis.mentions if m.is_main or m.start < LEAD_CHARS]
        best: tuple[float, str] | None = None
        for mention in sorted(lead, key=lambda m: (not m.is_main, m.start)):
            country = mention.place.country_code if mention.place and mention.place.feature != "country" else None
            candidates = [e for e in self.store.candidate_events(conn, category=mention.category, date_from=None, date_to=None,
                                                                 country=country) if e.date and len(e.date) == 10]
            match, value = best_match(mention, candidates, threshold=INFER_THRESHOLD)
            if match is not None and (best is None or value > best[0]):
                best = (value, match.date)
        return parse_date(best[1]) if best else None

    def _link_entities(self, conn, analysis: Analysis) -> dict[str, str]:
        local = cluster_names([(text, label) for text, label, _, _ in analysis.names], analysis.acronyms)
        # Every key the resolver may ask for, fetched in one query; what this article writes is
        # added as it goes, so a later name of the article finds an entity an earlier one made.
        wanted: set[str] = set()
        for cluster in local.values():
            wanted |= {name_key(a) for a in cluster.aliases if a} | {"~" + skeleton(cluster.name)}
            if cluster.label == "PERSON" and len(cluster.name.split()) > 1:
                wanted |= {name_key(cluster.name.split()[-1]), surname_key(cluster.name)}
        known = self.store.entities_by_keys(conn, wanted)
        writes = _EntityWrites(self.store, conn)

        def lookup(key: str, label: str) -> Entity | None:
            if key[:200] in wanted:
                return known.get((key[:200], label))
            return writes.entity_by_key(key, label)

        resolver = EntityResolver(
            lookup_key=lookup,
            lookup_skeleton=lambda skel, label: lookup("~" + skel, label),
            candidates_by_type=writes.by_skeleton_prefix,
        )
        ids: dict[str, str] = {}
        done: dict[int, str] = {}
        for surface, cluster in local.items():
            if id(cluster) not in done:
                entity, _ = resolver.resolve(cluster)
                # Keys for this article's names only: the entity's older aliases are indexed
                # already, and re-writing them all made a busy entity ("police") cost more each time.
                keys = {name_key(a): "name" for a in cluster.aliases | {entity.name}}
                keys["~" + skeleton(entity.name)] = "skeleton"
                if entity.type == "PERSON" and len(entity.name.split()) > 1:
                    keys[surname_key(entity.name)] = "surname"
                writes.add(entity, keys)
                for key in keys:
                    # as the store does: a key already taken by another entity keeps it
                    held = known.get((key[:200], entity.type))
                    if key and (held is None or held.id == entity.id):
                        known[(key[:200], entity.type)] = entity
                done[id(cluster)] = entity.id
            for alias in cluster.aliases:
                ids[name_key(alias)] = done[id(cluster)]
        writes.flush()
        return ids

    def _link_events(self, conn, article: Article, mentions: list[Mention], summary: RunSummary) -> set[str]:
        touched: set[str] = set()
        local: dict[str, tuple[Mention, _Provisional]] = {}  # event id -> (its latest mention here, provisional record)
        main_id: str | None = None
        rows: list[dict] = []  # the mentions' rows, written together once all are linked
        original = self.store.mentions_of_article(article.duplicate_of, conn) if article.duplicate_of else []
        for mention in mentions:
            copied = copied_event(mention, original) if original else None
            target = copied or self._within_article(mention, local, main_id)
            anaphoric = is_anaphoric(mention)
            if copied is not None:
                if copied not in touched:
                    summary.events_updated += 1
            elif target is None or not anaphoric:
                side = self.linker.side(mention, article)
                candidates = self.linker.candidates(self.store, conn, mention, side)
                match, _ = self.linker.match(side, candidates)
                # A mention that continues an event of its own article moves to a stored event
                # only where the rules, on one scale for both, find the stored one closer.
                if match is not None and target is not None and match.id != target:
                    if (score(mention, local[target][1].event) or 0.0) >= (score(mention, match) or 0.0):
                        match = None
                if match is not None:
                    if match.id not in touched:
                        summary.events_updated += 1
                    target = match.id
            if target is None:
                if not founds_event(mention):
                    continue  # not stored: it belongs to no event
                target = event_id_for(mention)
                summary.events_created += 1
            mention.event_id = target
            if mention.is_main:
                main_id = target
            # the row as it was written before the writes were batched: taken before fusion stamps
            # the mention's claims with their outlet and time
            rows.append(mention_row(mention))
            touched.add(target)
            provisional = local[target][1] if target in local else _Provisional(target, {article.id: article})
            provisional.add(mention)
            local[target] = (mention, provisional)
        # Nothing read above reads this article's mentions (candidates are stored events, which
        # `_refuse` rewrites after this), so they are written in one executemany.
        self.store.put_mentions(conn, rows)
        return touched

    def _within_article(self, mention: Mention, local: dict[str, tuple[Mention, _Provisional]], main_id: str | None) -> str | None:
        """The event of this article that `mention` continues, if any.

        A mention with its own place or date joins an event that scores at least
        WITHIN_ARTICLE_THRESHOLD. An anaphoric one (no date, no place finer than a country: "the
        guard was injured")
        continues the most recent compatible mention of its category: news prose keeps talking
        about the event it just named.
        """
        anaphoric = is_anaphoric(mention)
        if main_id in local and mention.start < LEAD_CHARS and mention.category == local[main_id][1].event.event[0]:
            # Inverted pyramid: the lead of a report elaborates its headline event.
            if score(mention, local[main_id][1].event) is not None:
                return main_id
        best, best_score = None, 0.0
        # most recently continued events first
        for other, pending in sorted(local.values(), key=lambda pair: -pair[0].start):
            if other.category != mention.category:
                continue
            provisional = pending.event
            value = score(mention, provisional)
            if value is None:
                continue
            if anaphoric:
                if mention.category != "ASSAULT" and mention.mode and provisional.mode and not set(mention.mode) & set(provisional.mode):
                    continue  # a phone call does not continue a visit
                words, other_words = mention_words(mention), event_words(provisional)
                if not words or not other_words or words & other_words or mention.category == "ASSAULT":
                    return other.event_id
                continue
            if value >= WITHIN_ARTICLE_THRESHOLD and value > best_score:
                best, best_score = other.event_id, value
        return best

    def _refuse(self, conn, event_ids: set[str]) -> list[Event]:
        # read together, then written together: fusing reads mentions and articles, never events
        inputs = self.store.fusion_inputs(conn, sorted(event_ids))
        fused = [fuse(event_id, mentions, articles) for event_id, (mentions, articles) in inputs.items()]
        self.store.put_events(conn, fused)
        return fused


class _EntityWrites:
    """The entities an article's names resolve to, written together (`Store.put_entities`) once
    its names are done, or before a read of the store that could see one of them.

    A write per entity (two statements each: the entity, its keys) was 5,228 of the 11,512
    statements of 200 GVA articles (658 now; linking the names took 0.85 s of CPU against 1.06,
    medians of six alternating runs). The resolver reads the store by
    key (written first: any key could be among them) and by skeleton prefix: those rows come
    out as they would have with every write made at once, since the writes go first where one
    of their keys could fall under the prefix, or where the read returns an entity they rewrite.
    """

    def __init__(self, store: Store, conn) -> None:
        self.store, self.conn = store, conn
        self.items: list[tuple[Entity, dict[str, str]]] = []
        self.ids: set[str] = set()

    def add(self, entity: Entity, keys: dict[str, str]) -> None:
        self.items.append((entity, keys))
        self.ids.add(entity.id)

    def flush(self) -> None:
        if self.items:
            self.store.put_entities(self.conn, self.items)
            self.items, self.ids = [], set()

    def entity_by_key(self, key: str, label: str) -> Entity | None:
        self.flush()
        return self.store.entity_by_key(self.conn, key, label)

    def by_skeleton_prefix(self, label: str, prefix: str) -> list[Entity]:
        if self._may_match(label, prefix):
            self.flush()
        found = self.store.entities_by_skeleton_prefix(self.conn, label, prefix)
        if any(entity.id in self.ids for entity in found):
            self.flush()  # the read gave an entity as stored before this article rewrote it
            found = self.store.entities_by_skeleton_prefix(self.conn, label, prefix)
        return found

    def _may_match(self, label: str, prefix: str) -> bool:
        """Whether a pending key could be among the prefix's (the store's LIKE ignores case on
        SQLite): true for any prefix but plain letters and digits, which skeletons are."""
        if not (prefix.isascii() and prefix.isalnum()):
            return bool(self.items)
        pattern = f"~{prefix}".lower()
        return any(entity.type == label and key[:200].lower().startswith(pattern)
                   for entity, keys in self.items for key in keys)


class _Provisional:
    """One event as this article's mentions of it so far tell it, fused only when linking asks:
    most events of an article are never compared with a later mention of their category, and
    fusing each after every mention was an eighth of the commit step (200 GVA articles)."""

    def __init__(self, event_id: str, articles: dict[str, Article]) -> None:
        self.event_id, self.articles = event_id, articles
        self.members: list[Mention] = []
        self._event: Event | None = None

    def add(self, mention: Mention) -> None:
        # Fusion stamps each claim with its report's outlet and time; that is done now, as the
        # eager fusion did, so rows taken later (a mention sharing evidence) read the same.
        stamp([mention], self.articles)
        self.members.append(mention)
        self._event = None

    @property
    def event(self) -> Event:
        if self._event is None:
            self._event = fuse(self.event_id, self.members, self.articles)
        return self._event
