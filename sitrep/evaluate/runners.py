"""Benchmark runners: read a data set, run the sitrep pipeline on its texts, score against its gold.

One function per benchmark; each returns a dict whose top-level keys name metrics (values are
fractions in [0, 1], or percentages for the two MUC-4 scripts, which publish percentages), plus
`n_*` counts and, under `"notes"`, how the gold was read. Gold fields never reach the pipeline:
articles are built from their text, title and publication date only.

    eval_gva      GVA incidents: article clustering (B³, CoNLL F1), counts, date, city, counting questions
    eval_disputes GVA disputes gold: conflict recall, flag precision, newest count after an update
    eval_gvc      GVC cross-document event coreference over the gold mentions (MUC, B³, CEAF-e, CoNLL F1)
    eval_gvdb     GVDB article slots (victims, shooters, killed, injured, weapon, city, date) P/R/F1
    eval_plover   PLOVER gold standard records: category accuracy, actor/recipient match rate
    eval_case     CASE 2021 task 2 snippets: ACLED sub-event macro / micro F1
    eval_muc4     MUC-4 dev (GTT processed): template F1 (GTT script) and CEAF-REE (GRIT script)

Every runner takes `limit` (first N units), `progress(label, done, total)` and `work_dir`
(where the temporary SQLite store goes; a temporary folder when None). A missing data file
raises `sitrep.errors.DataError` naming the path.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import math
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sitrep.errors import DataError
from sitrep.evaluate.metrics import b_cubed, ceaf_e, conll_f1, exact_accuracy, mean_absolute_error, muc, prf
from sitrep.evaluate.muc4 import (
    ROLES,
    Mention as MucMention,
    Template,
    TemplateDoc,
    load_gtt,
    read_extract_predictions,
    read_template_predictions,
    score_ceaf_ree,
    score_templates,
    templates_to_extracts,
)
from sitrep.records import Actor, Article, Event, Mention, Place, article_id_for

__all__ = [
    "CASE_LABELS",
    "DATA_DIR",
    "PUBLISHED",
    "Progress",
    "acled_to_case",
    "eval_case",
    "eval_disputes",
    "eval_gva",
    "eval_gvc",
    "eval_gvdb",
    "eval_muc4",
    "eval_plover",
    "mention_to_muc_type",
    "muc4_score",
    "muc_templates_for",
    "place_matches",
]

log = logging.getLogger(__name__)

# The shared data folder next to the repository (../shared/data); every path below is overridable.
DATA_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data"

Progress = Callable[[str, int, int], None]  # (label, done, total)

# Published figures to show beside ours: (metric key in our result, value in the same unit, citation).
# All are on held-out TEST splits; our runners score dev/val splits, so the comparison is an estimate.
PUBLISHED: dict[str, dict[str, dict[str, Any]]] = {
    "muc4": {
        "template_f1": {"value": 50.23, "cite": "GTT, Du, Rush & Cardie (NAACL 2021), MUC-4 test, gtt eval.py"},
        "ceaf_ree_f1": {"value": 54.50, "cite": "GRIT, Du, Rush & Cardie (EACL 2021), MUC-4 test, CEAF-REE"},
    },
    "gvc": {
        "conll_f1": {"value": 0.733, "cite": "Barhom et al. (2019) re-run by Bugert et al. (2021), GVC test"},
    },
    # The GVA, GVDB, PLOVER and CASE MANIFESTs in ../shared/data quote no published score for the
    # material we have (GVA is not the official SemEval-2018 Task 5 release; the CASE file is half
    # of the labelled test set; the PLOVER records are the codebook's examples), so none is shown.
    "gva": {},
    "disputes": {},
    "gvdb": {},
    "plover": {},
    "case": {},
}

# GVA city match: a resolved event place within this distance of the gold city counts as the city.
CITY_MATCH_KM = 25.0


# --------------------------------------------------------------------------------------------
# shared plumbing


def _require(path: Path, what: str) -> Path:
    if not path.exists():
        raise DataError(
            f"{what} does not exist. Put the shared data at {DATA_DIR} or pass the path explicitly.",
            item=str(path),
        )
    return path


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as e:
                raise DataError(f"is not valid JSON ({e}).", item=f"{path}:{lineno}") from e


@contextmanager
def _store_in(work_dir: Path | str | None, name: str) -> Iterator[tuple[Any, Path]]:
    """A fresh SQLite store `<work_dir>/<name>.db` and its folder (a temporary one when work_dir is None)."""
    from sitrep.store.db import Store

    with tempfile.TemporaryDirectory(prefix="sitrep-eval-") as tmp:
        folder = Path(work_dir) if work_dir is not None else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.db"
        path.unlink(missing_ok=True)
        store = Store(path)
        try:
            yield store, folder
        finally:
            store.close()


def _run(store: Any, articles: Sequence[Article], progress: Progress | None, label: str) -> None:
    """Process the articles into the store, reporting progress as (label, done, total)."""
    from sitrep.pipeline import Processor, RunSummary

    processor = Processor(store)
    total = len(articles)
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(label, done, total)

    if progress:
        progress(label, 0, total)
    processor.run_records(iter(articles), RunSummary(), progress=tick)


def _article(text: str, *, title: str | None = None, published: str | None = None,
             publication: str | None = None) -> Article:
    return Article(id=article_id_for(text), text=text, title=title, published=published, publication=publication)


def _main_mention(mentions: Sequence[Mention], *, prefer: str | None = None) -> Mention | None:
    """The article's headline mention, else its first mention of `prefer`, else None."""
    for mention in mentions:
        if mention.is_main:
            return mention
    if prefer is not None:
        for mention in mentions:
            if mention.category == prefer:
                return mention
    return None


def _tokens(text: str) -> set[str]:
    return {t for t in re.findall(r"[a-z0-9]+", text.lower()) if len(t) > 1 or t.isdigit()}


def _haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def gva_city_names(city: str) -> list[str]:
    """The names a GVA record's city stands for. GVA writes a place inside a city's area as "City
    (Locality)" ("Los Angeles (Van Nuys)", "Salt Lake City (Cottonwood Heights)"), an alternative
    spelling the same way ("Saint Louis (St. Louis)"), and a county as "Name (county)" ("Pierce
    (county)"): a report that names either place names the incident's."""
    match = re.fullmatch(r"(?P<main>[^()]+?)\s*\((?P<inner>[^()]+)\)", city.strip())
    if match is None:
        return [city.strip()] if city.strip() else []
    main, inner = match.group("main").strip(), match.group("inner").strip()
    if inner.lower() == "county":
        return [f"{main} County"]
    return [main, inner]


def place_matches(predicted: Place | None, gold_name: str, gold_place: Place | Sequence[Place] | None) -> bool:
    """A predicted place is the gold city when its name equals one of the city's names
    (`gva_city_names`, case-insensitive) or, both having coordinates, it lies within
    CITY_MATCH_KM of one of its places."""
    if predicted is None or not gold_name:
        return False
    gold_keys = {name.lower() for name in gva_city_names(gold_name)}
    names = {(predicted.resolved_place or "").lower(), (predicted.extracted_place or "").lower()}
    if gold_keys & names:
        return True
    golds = [gold_place] if isinstance(gold_place, Place) else list(gold_place or ())
    if predicted.lat is None or predicted.lon is None or predicted.feature not in (None, "city"):
        return False
    return any(gold.lat is not None and gold.lon is not None
               and _haversine_km((predicted.lat, predicted.lon), (gold.lat, gold.lon)) <= CITY_MATCH_KM
               for gold in golds)


def _prf_dict(tp: float, n_pred: float, n_gold: float) -> dict[str, float]:
    return prf(tp, n_pred, tp, n_gold).to_dict()


# --------------------------------------------------------------------------------------------
# GVA


def _gva_date(text: str | None) -> str | None:
    if not text:
        return None
    for fmt in ("%B %d, %Y", "%Y-%m-%d", "%b %d, %Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return None


def gva_incidents(documents: Path, incidents: Path, *, limit: int | None = None) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """The incidents `eval_gva` scores, in file order: with a structured record and at least one
    article with text; each with its articles. The slot and link training splits are defined by
    position in this list, so they share it."""
    docs_by_incident: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for doc in _read_jsonl(documents):
        if (doc.get("content") or "").strip():
            docs_by_incident[str(doc["gva_incident_id"])].append(doc)
    out: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    for record in _read_jsonl(incidents):
        found = docs_by_incident.get(str(record["gva_incident_id"]))
        if record.get("has_structured_record") and found:
            out.append((record, found))
            if limit is not None and len(out) >= limit:
                break
    return out


def gva_city_place(city: str, state: str) -> tuple[Place, ...]:
    """The gazetteer places of a GVA record's city names (`gva_city_names`), each read in the
    record's own state ("Saint Louis" of Missouri is St. Louis, not Saint Louis, Michigan; "Jackson"
    of Michigan not Jackson, Mississippi) and kept only where it resolves there (a same-named city
    elsewhere would put the 25 km circle in the wrong place)."""
    from sitrep.analyze.geo import resolve

    places = []
    for name in gva_city_names(city):
        place = resolve(name, country_hints=["US"], province_hints=[state] if state else [])
        if place is not None and not (state and (place.province or "").lower() != state.lower()):
            places.append(place)
    return tuple(places)


def eval_gva(
    documents: Path | str | None = None,
    incidents: Path | str | None = None,
    *,
    limit: int | None = None,
    progress: Progress | None = None,
    work_dir: Path | str | None = None,
) -> dict[str, Any]:
    """Run GVA articles together and score incident clustering, counts, date, city and counting questions.

    1. Incidents with a structured record and at least one article, in file order; the first
       `limit` of them when limited. All their articles run through one store.
    2. An article's predicted cluster is the event of its headline mention, else of its first
       ASSAULT mention, else the article alone. Scored with B³ and CoNLL F1 against the incidents.
    3. Each incident's matching event is the one most of its articles map to. Killed/injured
       (unknown counts as 0), exact day and city are compared with the GVA record.
    4. SemEval-2018 Task 5 style counting questions from the gold: for every (city, month) and
       (state, month) among the incidents, how many incidents, killed, injured. Our answer
       counts the ASSAULT events placed in that city/state and dated in that month.
    """
    documents = _require(Path(documents) if documents else DATA_DIR / "gva" / "documents.jsonl", "GVA documents file")
    incidents = _require(Path(incidents) if incidents else DATA_DIR / "gva" / "incidents.jsonl", "GVA incidents file")
    # 1. gold incidents and their articles
    chosen = gva_incidents(documents, incidents, limit=limit)
    gold = [record for record, _ in chosen]
    docs_by_incident = {str(record["gva_incident_id"]): docs for record, docs in chosen}
    articles: list[Article] = []
    article_of_doc: dict[str, str] = {}
    incident_of_doc: dict[str, str] = {}
    for record in gold:
        for doc in docs_by_incident[str(record["gva_incident_id"])]:
            article = _article(doc["content"], title=doc.get("title"), published=_gva_date(doc.get("dct")))
            articles.append(article)
            article_of_doc[doc["doc_id"]] = article.id
            incident_of_doc[doc["doc_id"]] = str(record["gva_incident_id"])

    with _store_in(work_dir, "gva") as (store, _work):
        _run(store, articles, progress, "GVA articles")
        events = {event.id: event for event in store.events()}
        # 2. predicted cluster per article
        cluster_of_article: dict[str, str] = {}
        for article in articles:
            if article.id in cluster_of_article:
                continue
            main = _main_mention(store.mentions_of_article(article.id), prefer="ASSAULT")
            cluster_of_article[article.id] = main.event_id if main and main.event_id else f"article:{article.id}"
        # an article that shares its text with another shares its cluster (same content hash)
        gold_clusters = dict(incident_of_doc)
        pred_clusters = {doc_id: cluster_of_article[aid] for doc_id, aid in article_of_doc.items()}
        bc = b_cubed(gold_clusters, pred_clusters)

        # 3. per-incident fields from the matching event
        dead_gold: list[int] = []
        dead_pred: list[int] = []
        injured_gold: list[int] = []
        injured_pred: list[int] = []
        date_hits: list[bool] = []
        city_hits: list[bool] = []
        gold_city_place: dict[tuple[str, str], tuple[Place, ...]] = {}
        misses: dict[str, list[str]] = {"wrong_killed": [], "wrong_injured": [], "wrong_date": [], "wrong_city": []}
        n_matched = 0
        for record in gold:
            incident_id = str(record["gva_incident_id"])
            # the incident's own articles vote, also one it shares with another incident (a roundup, a
            # record GVA keeps twice): `incident_of_doc` gives a shared article to one of them only
            votes = Counter(pred_clusters[doc["doc_id"]] for doc in docs_by_incident[incident_id])
            event_ids = [c for c, _ in votes.most_common() if c in events]
            event = events[event_ids[0]] if event_ids else None
            n_matched += event is not None
            size = event.size if event else {}
            dead_gold.append(int(record.get("num_killed") or 0))
            injured_gold.append(int(record.get("num_injured") or 0))
            dead_pred.append(int(size.get("dead") or 0))
            injured_pred.append(int(size.get("injured") or 0))
            date_hits.append(bool(event and event.date and event.date[:10] == _gva_date(record.get("date"))))
            city, state = (record.get("city_or_county") or "").strip(), (record.get("state") or "").strip()
            key = (city, state)
            if key not in gold_city_place:
                gold_city_place[key] = gva_city_place(city, state)
            city_hits.append(bool(event and place_matches(event.event_loc, city, gold_city_place[key])))
            # what `sitrep eval gva --details` lists: "incident: gold -> sitrep"
            for name, gold_value, pred_value, hit in (
                    ("killed", dead_gold[-1], dead_pred[-1], dead_gold[-1] == dead_pred[-1]),
                    ("injured", injured_gold[-1], injured_pred[-1], injured_gold[-1] == injured_pred[-1]),
                    ("date", _gva_date(record.get("date")), event.date[:10] if event and event.date else None, date_hits[-1]),
                    ("city", f"{city}, {state}", event.event_loc.resolved_place if event and event.event_loc else None, city_hits[-1])):
                if not hit:
                    misses[f"wrong_{name}"].append(f"{incident_id}: {gold_value} -> {pred_value}")

        # 4. counting questions
        questions = _gva_counting_questions(gold, list(events.values()), gold_city_place)

    n = len(gold)
    return {
        "b_cubed_precision": bc.precision,
        "b_cubed_recall": bc.recall,
        "b_cubed_f1": bc.f1,
        "conll_f1": conll_f1(gold_clusters, pred_clusters),
        "killed_accuracy": exact_accuracy(dead_gold, dead_pred) if n else 0.0,
        "killed_mae": mean_absolute_error(dead_gold, dead_pred) if n else 0.0,
        "injured_accuracy": exact_accuracy(injured_gold, injured_pred) if n else 0.0,
        "injured_mae": mean_absolute_error(injured_gold, injured_pred) if n else 0.0,
        "date_accuracy": sum(date_hits) / n if n else 0.0,
        "city_accuracy": sum(city_hits) / n if n else 0.0,
        "event_coverage": n_matched / n if n else 0.0,
        "details": misses,
        **questions,
        "n_incidents": n,
        "n_articles": len(article_of_doc),
        "notes": "dev = incidents in ../shared/data/gva (the held-out fifth is not there); unknown counts read as 0",
    }


def _outlet(uri: str | None) -> str | None:
    """The outlet an archived GVA page came from: the original URL's host, without "www."."""
    if not uri:
        return None
    original = re.sub(r"^https?://web\.archive\.org/web/[^/]+/", "", uri)
    host = re.sub(r"^[a-z]+://", "", original).split("/")[0].split(":")[0].lower()
    return host.removeprefix("www.") or None


def eval_disputes(
    gold: Path | str | None = None,
    documents: Path | str | None = None,
    *,
    limit: int | None = None,
    progress: Progress | None = None,
    work_dir: Path | str | None = None,
) -> dict[str, Any]:
    """Run the disputes gold's incidents' articles through one store and score its disputes.

    1. The gold's incidents (first `limit` when limited); their articles from the GVA documents
       by doc id, each with its publication day (`dct`) and its outlet (the page's host), run in
       publication order, all through one fresh store.
    2. Each incident's event is the one most of its articles' shooting went to: the headline
       mention when it is an ASSAULT, else the first ASSAULT mention (every GVA incident is a
       shooting; a headline arrest or vigil is a later event about it).
    3. `sitrep.evaluate.disputes.score_disputes` scores conflict recall, flag precision and the
       newest count after an update.
    4. The outlets' reliabilities are estimated across the store and every event fused again
       with them (`Sitrep.sources(apply=True)`); the same scores again as `reliability_*`.
    """
    from sitrep.evaluate.disputes import score_disputes

    gold = _require(Path(gold) if gold else DATA_DIR / "gva_disputes" / "dev.json", "GVA disputes gold file")
    documents = _require(Path(documents) if documents else DATA_DIR / "gva" / "documents.jsonl", "GVA documents file")
    try:
        incidents = json.loads(gold.read_text(encoding="utf-8"))["incidents"]
    except (json.JSONDecodeError, KeyError, TypeError) as e:
        raise DataError(f"is not a disputes gold file (JSON with an 'incidents' list): {e}.", item=str(gold)) from e
    if limit is not None:
        incidents = incidents[:limit]
    wanted = {doc["doc_id"]: str(incident["gva_incident_id"]) for incident in incidents for doc in incident["docs"]}
    dct = {doc["doc_id"]: doc.get("dct") for incident in incidents for doc in incident["docs"]}
    docs = {doc["doc_id"]: doc for doc in _read_jsonl(documents) if doc.get("doc_id") in wanted}
    order = sorted((d for d in wanted if d in docs and (docs[d].get("content") or "").strip()),
                   key=lambda d: (dct[d] or "", list(wanted).index(d)))
    articles: list[Article] = []
    article_of_doc: dict[str, str] = {}
    for doc_id in order:
        doc = docs[doc_id]
        article = _article(doc["content"], title=doc.get("title"), published=_gva_date(dct[doc_id] or doc.get("dct")),
                           publication=_outlet(doc.get("uri")))
        articles.append(article)
        article_of_doc[doc_id] = article.id

    with _store_in(work_dir, "disputes") as (store, _work):
        _run(store, articles, progress, "GVA disputes articles")
        cluster: dict[str, str | None] = {}
        for article in articles:
            if article.id not in cluster:
                found = store.mentions_of_article(article.id)
                main = _main_mention([m for m in found if m.category == "ASSAULT"], prefer="ASSAULT")
                cluster[article.id] = main.event_id if main else None
        result = score_disputes(incidents, _incident_events(incidents, article_of_doc, cluster, store.events()))
        # 4. the same after the outlets' reliabilities (estimated across the store) weigh the values
        from sitrep.api import Sitrep

        handle = Sitrep(store.url)
        try:
            outlets = handle.sources(apply=True)
            weighted = score_disputes(incidents, _incident_events(incidents, article_of_doc, cluster, handle.events()))
        finally:
            handle.close()
    plain = {k: v for k, v in result.items() if not isinstance(v, (dict, list))}
    return {
        **plain,
        **{f"reliability_{k}": weighted[k] for k in ("conflict_recall", "flag_precision", "newest_after_update", "n_flags")},
        "n_incidents": len(incidents),
        "n_articles": len(article_of_doc),
        "n_outlets_scored": len(outlets),
        "event_coverage": sum(e is not None for e in result["event_of"].values()) / len(incidents) if incidents else 0.0,
        "notes": "dev = ../shared/data/gva_disputes/dev.json (open split); unknown counts read as 0; "
                 "reliability_* = after `sitrep sources --apply`",
        "details": {k: v for k, v in result.items() if isinstance(v, (dict, list)) and k != "event_of"}
        | {"events": {i: e.id if e else None for i, e in result["event_of"].items()},
           "reliability_wrong_flags": weighted["wrong_flags"], "reliability_stale_counts": weighted["stale_counts"]},
    }


def _incident_events(incidents: Sequence[dict[str, Any]], article_of_doc: dict[str, str], cluster: dict[str, str | None],
                     found: Iterable[Event]) -> dict[str, Event | None]:
    """Each incident's event: the one most of its articles' shooting went to."""
    events = {event.id: event for event in found}
    event_of: dict[str, Event | None] = {}
    for incident in incidents:
        votes = Counter(cluster[article_of_doc[d["doc_id"]]] for d in incident["docs"] if d["doc_id"] in article_of_doc)
        ranked = [event_id for event_id, _ in votes.most_common() if event_id in events]
        event_of[str(incident["gva_incident_id"])] = events[ranked[0]] if ranked else None
    return event_of


def _gva_counting_questions(gold: Sequence[dict[str, Any]], events: Sequence[Event],
                            gold_city_place: dict[tuple[str, str], tuple[Place, ...]]) -> dict[str, float]:
    answers: dict[tuple[str, str, str], list[int]] = {}  # (kind, place, month) -> [incidents, killed, injured]
    for record in gold:
        month = (_gva_date(record.get("date")) or "")[:7]
        if not month:
            continue
        city, state = (record.get("city_or_county") or "").strip(), (record.get("state") or "").strip()
        for kind, place in (("city", f"{city}|{state}"), ("state", state)):
            if not place.strip("|"):
                continue
            row = answers.setdefault((kind, place, month), [0, 0, 0])
            row[0] += 1
            row[1] += int(record.get("num_killed") or 0)
            row[2] += int(record.get("num_injured") or 0)
    assaults = [e for e in events if "ASSAULT" in e.event and e.date]
    out: dict[str, float] = {}
    hits: dict[str, list[bool]] = defaultdict(list)
    for (kind, place, month), truth in answers.items():
        counted = [0, 0, 0]
        for event in assaults:
            if not event.date or event.date[:7] != month or event.event_loc is None:
                continue
            if kind == "city":
                city, state = place.split("|", 1)
                inside = place_matches(event.event_loc, city, gold_city_place.get((city, state), ()))
            else:
                inside = (event.event_loc.province or "").lower() == place.lower()
            if inside:
                counted[0] += 1
                counted[1] += int(event.size.get("dead") or 0)
                counted[2] += int(event.size.get("injured") or 0)
        for i, what in enumerate(("incidents", "killed", "injured")):
            hits[f"questions_{kind}_{what}_accuracy"].append(counted[i] == truth[i])
    for key in sorted(hits):
        out[key] = sum(hits[key]) / len(hits[key])
    every = [h for values in hits.values() for h in values]
    out["questions_accuracy"] = sum(every) / len(every) if every else 0.0
    out["n_questions"] = float(len(every))
    return out


# --------------------------------------------------------------------------------------------
# GVC


def _read_conll_docs(path: Path) -> dict[str, dict[str, Any]]:
    """doc key -> {"text", "published", "offsets": {(sent, tok): (start, end)}} rebuilt from tokens.

    Sentence 0 holds the publication date; the others are joined with a space, and the "//n"
    paragraph tokens become blank lines.
    """
    sentences: dict[str, dict[int, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 4:
                continue
            sentences[parts[0]][int(parts[1])].append((int(parts[2]), parts[3]))
    docs: dict[str, dict[str, Any]] = {}
    for key, sents in sentences.items():
        text_parts: list[str] = []
        offsets: dict[tuple[int, int], tuple[int, int]] = {}
        position = 0
        published = None
        for sent_id in sorted(sents):
            tokens = sorted(sents[sent_id])
            if sent_id == 0 and len(tokens) == 1 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", tokens[0][1]):
                published = tokens[0][1]
                continue
            if text_parts:
                text_parts.append("\n" if text_parts[-1].endswith("\n") else " ")
                position += 1
            for i, (tok_id, token) in enumerate(tokens):
                if token == "//n":
                    piece = "\n"
                else:
                    piece = token if i == 0 else " " + token
                start = position + (0 if i == 0 or token == "//n" else 1)
                text_parts.append(piece)
                position += len(piece)
                offsets[(sent_id, tok_id)] = (start, position)
        docs[key] = {"text": "".join(text_parts), "published": published, "offsets": offsets}
    return docs


def _covering_mention(mentions: Sequence[Mention], start: int, end: int, head: str) -> Mention | None:
    """The sitrep mention whose trigger is the gold head, else whose sentence span holds the gold mention."""
    head = head.lower()
    inside = [m for m in mentions if m.start <= start and end <= m.end and m.event_id]
    for mention in inside:
        if mention.trigger.lower() == head:
            return mention
    for mention in inside:
        if mention.category == "ASSAULT":
            return mention
    return inside[0] if inside else None


def _preceding_mention(mentions: Sequence[Mention], start: int) -> Mention | None:
    """The sitrep mention nearest before `start` that has an event, else the first one after it:
    the event a sentence sitrep read no event in goes on about (the pipeline's own rule for an
    anaphoric mention, `Processor._within_article`: news prose keeps talking about the event it
    just named)."""
    linked = [m for m in mentions if m.event_id]
    before = [m for m in linked if m.start <= start]
    if before:
        return max(before, key=lambda m: m.start)
    after = [m for m in linked if m.start > start]
    return min(after, key=lambda m: m.start) if after else None


def eval_gvc(
    data_dir: Path | str | None = None,
    *,
    limit: int | None = None,
    progress: Progress | None = None,
    work_dir: Path | str | None = None,
) -> dict[str, Any]:
    """Cross-document event coreference over GVC's gold event mentions (validation split).

    1. Rebuild each document's text from dataset.conll; the first `limit` documents (sorted by key).
    2. Run them all through one store.
    3. A gold mention takes the event of the sitrep mention in its sentence whose trigger is the
       gold head word, else an ASSAULT mention in that sentence, else any (`mention_coverage`:
       the share that has one); a gold mention in a sentence sitrep read no event in takes the
       event of the article's nearest mention before it (else after it); one in an article with
       no event at all is a singleton.
    4. GVC's chains are parts of an incident (the firing, each person hit, the injuries, the
       deaths), sitrep's events whole incidents: a mention's predicted chain is its event and the
       facet its head word names (`sitrep.link.facets`, read from sitrep's own parse of the span).
    5. Score MUC, B³, CEAF-e and CoNLL F1 over the gold mention set.
    """
    from sitrep.analyze.nlp import load_nlp
    from sitrep.link.facets import facet

    folder = _require(Path(data_dir) if data_dir else DATA_DIR / "gvc" / "val", "GVC split folder")
    conll = _require(folder / "dataset.conll", "GVC dataset.conll")
    mentions_path = _require(folder / "event_mentions.json", "GVC event_mentions.json")
    docs = _read_conll_docs(conll)
    keys = sorted(docs)
    if limit is not None:
        keys = keys[:limit]
    chosen = set(keys)
    gold_mentions = [m for m in json.loads(mentions_path.read_text(encoding="utf-8")) if m["conll_doc_key"] in chosen]
    articles = {key: _article(docs[key]["text"], published=docs[key]["published"]) for key in keys}

    with _store_in(work_dir, "gvc") as (store, _work):
        _run(store, list(articles.values()), progress, "GVC documents")
        by_article = {key: store.mentions_of_article(article.id) for key, article in articles.items()}
    nlp = load_nlp()
    parsed = dict(zip(keys, nlp.pipe([docs[key]["text"] for key in keys])))

    gold: dict[str, str] = {}
    pred: dict[str, str] = {}
    covered = 0
    for item in gold_mentions:
        key, sent = item["conll_doc_key"], int(item["sent_id"])
        spans = [docs[key]["offsets"].get((sent, int(t))) for t in item["tokens_number"]]
        spans = [s for s in spans if s is not None]
        mention_id = str(item["mention_id"])
        gold[mention_id] = str(item["coref_chain"])
        found = part = None
        if spans:
            start, end = min(s[0] for s in spans), max(s[1] for s in spans)
            found = _covering_mention(by_article[key], start, end, str(item.get("mention_head") or item.get("tokens_str") or ""))
            covered += found is not None
            found = found or _preceding_mention(by_article[key], start)
            span = parsed[key].char_span(start, end, alignment_mode="expand")
            part = facet(span.root) if span is not None and len(span) else None
        pred[mention_id] = f"{found.event_id}/{part or ''}" if found and found.event_id else f"single:{mention_id}"
    n = len(gold)
    return {
        "conll_f1": conll_f1(gold, pred) if n else 0.0,
        "muc_f1": muc(gold, pred).f1 if n else 0.0,
        "b_cubed_f1": b_cubed(gold, pred).f1 if n else 0.0,
        "ceaf_e_f1": ceaf_e(gold, pred).f1 if n else 0.0,
        "mention_coverage": covered / n if n else 0.0,
        "n_documents": len(keys),
        "n_mentions": n,
        "notes": "validation split (the test split is held out); gold mentions given",
    }


# --------------------------------------------------------------------------------------------
# GVDB

GVDB_SLOTS = ("victim_names", "shooter_names", "killed", "injured", "weapon", "city", "date")
# the ontology's canonical weapon names that are types of gun: what GVDB's "type-of-gun" can be
GVDB_GUN_TYPES = frozenset({"AK-47 rifle", "rifle", "sniper rifle", "pistol", "handgun", "shotgun", "Glock", "AR-15",
                            "assault rifle", "machine gun"})

_GENERIC_PERSON = {
    "man", "woman", "men", "women", "boy", "girl", "teen", "teenager", "victim", "victims", "suspect",
    "suspects", "police", "officer", "officers", "person", "people", "child", "children", "gunman", "shooter",
}


def _is_person_name(text: str) -> bool:
    """Looks like a person's name: two or more words, each capitalised, none a generic noun."""
    words = [w for w in re.split(r"\s+", text.strip()) if w]
    if len(words) < 2:
        return False
    return all(w[:1].isupper() for w in words) and not any(w.lower().strip(".,'s") in _GENERIC_PERSON for w in words)


def _full_name(actor: Actor, people: dict[str, str]) -> str:
    """The name of the person `actor` was linked to ("Brent Thomas" for a report's later "Thomas
    fired six shots"), else the words as written: what `sitrep show` lists as the event's people."""
    return people.get(actor.entity_id or "", actor.entity_text)


def _name_match(pred: str, gold: str) -> bool:
    p, g = pred.lower().strip(), gold.lower().strip()
    if not p or not g:
        return False
    return p == g or p in g or g in p or (p.split()[-1] == g.split()[-1] and len(p.split()[-1]) > 2)


def _slot_counts(pred: Sequence[str], gold: Sequence[str]) -> tuple[int, int, int, int]:
    """(tp_pred, n_pred, tp_gold, n_gold) with fuzzy name matching, duplicates collapsed."""
    pred = list(dict.fromkeys(p for p in pred if p))
    gold = list(dict.fromkeys(g for g in gold if g))
    tp_p = sum(any(_name_match(p, g) for g in gold) for p in pred)
    tp_g = sum(any(_name_match(p, g) for p in pred) for g in gold)
    return tp_p, len(pred), tp_g, len(gold)


def _text_key(text: str) -> str:
    """Letters and digits only, lower case: the same article text tokenised or not."""
    return re.sub(r"[^a-z0-9]", "", text.lower())[:400]


def _gvdb_gold(tsv: Path | None) -> dict[str, dict[str, Any]]:
    """text key -> {killed, injured, date} from the raw GVDB rows (the JSON splits carry no counts).

    The .tsv article ids differ from the JSON doc keys, so rows are matched by their text
    (394 of the 400 dev articles match).
    """
    if tsv is None or not tsv.exists():
        return {}
    csv.field_size_limit(1 << 30)
    out: dict[str, dict[str, Any]] = {}
    with tsv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            try:
                info = json.loads(row["Json"])
            except (json.JSONDecodeError, KeyError, TypeError):
                continue
            statuses = [set(v.get("victim-was") or []) for v in info.get("victim-section") or []]
            out[_text_key(row.get("Full text") or "")] = {
                "killed": sum("killed" in s for s in statuses),
                "injured": sum(bool({"injured", "hospitalized"} & s) and "killed" not in s for s in statuses),
                "date": (info.get("date-and-time") or {}).get("date") or None,
            }
    return out


def eval_gvdb(
    split: Path | str | None = None,
    *,
    limit: int | None = None,
    progress: Progress | None = None,
    work_dir: Path | str | None = None,
) -> dict[str, Any]:
    """GVDB per-article slots from the article's main ASSAULT event: P/R/F1 per slot and micro.

    1. Gold: VIC-NAME, SHO-NAME, CIR-WEAPON, DAT-CITY spans from the JSON split; killed, injured
       and date from the raw rows of the .tsv beside it (same article ids). Articles run without
       a publication date (the split's date is the incident's).
    2. Ours: the article's headline mention, else its first ASSAULT mention; victims = the
       recipients that look like person names of the article's mentions linked to its event,
       shooters = their actors that do, weapon = the first type of gun (not "firearm", not a
       knife) they name (the article's ASSAULT mentions' under a headline of another category);
       a name is that of the person entity it was linked to ("Thomas fired" -> "Brent Thomas",
       the name `sitrep show` gives), so a report's later surname-only mentions count;
       counts, place and date from the fused event.
    3. Names, weapon and city match leniently (containment or same surname); counts and date exactly.
    """
    path = _require(Path(split) if split else DATA_DIR / "gvdb" / "splits" / "dev.json", "GVDB split file")
    raw = _gvdb_gold(path.with_suffix(".tsv"))
    records = list(_read_jsonl(path))
    if limit is not None:
        records = records[:limit]
    articles: list[Article] = []
    for record in records:
        text = " ".join(" ".join(sentence) for sentence in record["full_text"])
        articles.append(_article(text))
    counts = {slot: [0, 0, 0, 0] for slot in GVDB_SLOTS}
    with _store_in(work_dir, "gvdb") as (store, _work):
        _run(store, articles, progress, "GVDB articles")
        people = {entity.id: entity.name for entity in store.entities(type_="PERSON")}
        for record, article in zip(records, articles):
            spans: dict[str, list[str]] = defaultdict(list)
            for span in record.get("spans", []):
                spans[span[2]].append(str(span[3]).strip())
            gold_raw = raw.get(_text_key(article.text), {})
            article_mentions = store.mentions_of_article(article.id)
            mention = _main_mention(article_mentions, prefer="ASSAULT")
            event = store.event(mention.event_id) if mention and mention.event_id else None
            pred: dict[str, list[str]] = {slot: [] for slot in GVDB_SLOTS}
            if mention is not None:
                # names from every mention of this article linked to the headline's event: a report
                # names its victims and suspects in sentences of their own
                linked = [m for m in article_mentions if m.event_id == mention.event_id] or [mention]
                pred["victim_names"] = [n for m in linked for a in m.recipients if _is_person_name(n := _full_name(a, people))]
                pred["shooter_names"] = [n for m in linked for a in m.actors if _is_person_name(n := _full_name(a, people))]
                dead = event.size.get("dead") if event else mention.dead
                injured = event.size.get("injured") if event else mention.injured
                pred["killed"] = [str(dead)] if dead is not None else []
                pred["injured"] = [str(injured)] if injured is not None else []
                # the first type of gun the article's mentions of this event name: GVDB's slot is the
                # "type-of-gun" a report gives, so "firearm" (any gun) is no answer, nor a knife or a
                # bomb; and only this article's mentions, as GVDB annotates each article alone (the
                # fused event's weapons are every linked report's)
                # weapons are read onto ASSAULT mentions only: under an arrest headline ("Man
                # arrested after domestic situation") they are the article's ASSAULT mentions'
                armed = linked if mention.category == "ASSAULT" else [m for m in article_mentions if m.category == "ASSAULT"]
                weapons = dict.fromkeys(w for m in armed for w in m.weapons)
                pred["weapon"] = [w for w in weapons if w in GVDB_GUN_TYPES][:1]
                place = event.event_loc if event else mention.place
                pred["city"] = [place.extracted_place] if place and place.extracted_place else []
                date = event.date if event else (mention.date.value if mention.date else None)
                pred["date"] = [date[:10]] if date and len(date) >= 10 else []
            gold = {
                "victim_names": spans.get("VIC-NAME", []),
                "shooter_names": spans.get("SHO-NAME", []),
                "weapon": spans.get("CIR-WEAPON", []),
                "city": spans.get("DAT-CITY", []),
                "killed": [str(gold_raw["killed"])] if gold_raw else [],
                "injured": [str(gold_raw["injured"])] if gold_raw else [],
                "date": [gold_raw["date"]] if gold_raw.get("date") else [],
            }
            for slot in GVDB_SLOTS:
                if slot in ("killed", "injured", "date"):
                    tp = int(bool(pred[slot]) and bool(gold[slot]) and pred[slot][0] == gold[slot][0])
                    found = (tp, len(pred[slot][:1]), tp, len(gold[slot][:1]))
                else:
                    found = _slot_counts(pred[slot], gold[slot])
                counts[slot] = [a + b for a, b in zip(counts[slot], found)]
    out: dict[str, Any] = {}
    for slot in GVDB_SLOTS:
        tp_p, n_p, tp_g, n_g = counts[slot]
        score = prf(tp_p, n_p, tp_g, n_g)
        out[f"{slot}_precision"], out[f"{slot}_recall"], out[f"{slot}_f1"] = score.precision, score.recall, score.f1
    total = [sum(counts[slot][i] for slot in GVDB_SLOTS) for i in range(4)]
    micro = prf(*total)
    out.update({"micro_precision": micro.precision, "micro_recall": micro.recall, "micro_f1": micro.f1,
                "n_articles": len(records),
                "notes": "dev split; killed/injured/date gold from dev.tsv when present"})
    return out


# --------------------------------------------------------------------------------------------
# PLOVER

# The gold records were coded with PLOVER v0.5b1; current names (see ../shared/data/plover/MANIFEST.txt).
PLOVER_RENAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}


def _actor_texts(raw: Any) -> list[str]:
    if isinstance(raw, dict):
        raw = [raw]
    if not isinstance(raw, list):
        return []
    return [str(a.get("actorText")) for a in raw if isinstance(a, dict) and a.get("actorText")]


def _any_overlap(pred: Iterable[Actor], gold: Sequence[str]) -> bool:
    gold_tokens = set().union(*(_tokens(g) for g in gold)) if gold else set()
    return any(_tokens(a.entity_text) & gold_tokens for a in pred)


def eval_plover(
    gsr: Path | str | None = None,
    *,
    limit: int | None = None,
    progress: Progress | None = None,
    work_dir: Path | str | None = None,
) -> dict[str, Any]:
    """PLOVER gold standard records: each sentence alone, our headline (else first) mention's category.

    Old gold names are mapped first: DEMAND->REQUEST, DISAPPROVE->ACCUSE, FIGHT->ASSAULT and
    INVESTIGATE->ACCUSE (investigate is a mode of ACCUSE in the current manual); DOCUMENT is skipped.
    Actor/recipient match: any token shared between our actor texts and the gold source/target
    actorText, over the records whose gold has that role.
    """
    path = _require(Path(gsr) if gsr else DATA_DIR / "plover" / "PLOVER_GSR_CAMEO.json", "PLOVER gold records")
    try:
        records = [r for r in json.loads(path.read_text(encoding="utf-8")) if r.get("event") != "DOCUMENT"]
    except json.JSONDecodeError as e:
        raise DataError(f"is not valid JSON ({e}).", item=str(path)) from e
    if limit is not None:
        records = records[:limit]
    articles = [_article(r["text"], published=r.get("date")) for r in records]
    gold_cats: list[str] = []
    pred_cats: list[str] = []
    actor_hits: list[bool] = []
    recipient_hits: list[bool] = []
    with _store_in(work_dir, "plover") as (store, _work):
        _run(store, articles, progress, "PLOVER sentences")
        for record, article in zip(records, articles):
            mentions = store.mentions_of_article(article.id)
            mention = _main_mention(mentions) or (mentions[0] if mentions else None)
            gold_cats.append(PLOVER_RENAMES.get(record["event"], record["event"]))
            pred_cats.append(mention.category if mention else "NONE")
            sources, targets = _actor_texts(record.get("source")), _actor_texts(record.get("target"))
            if sources:
                actor_hits.append(bool(mention) and _any_overlap(mention.actors, sources))
            if targets:
                recipient_hits.append(bool(mention) and _any_overlap(mention.recipients, targets))
    per_category: dict[str, float] = {}
    for category in sorted(set(gold_cats)):
        pairs = [(g, p) for g, p in zip(gold_cats, pred_cats) if g == category]
        per_category[category] = sum(g == p for g, p in pairs) / len(pairs)
    return {
        "category_accuracy": exact_accuracy(gold_cats, pred_cats) if gold_cats else 0.0,
        "actor_match": sum(actor_hits) / len(actor_hits) if actor_hits else 0.0,
        "recipient_match": sum(recipient_hits) / len(recipient_hits) if recipient_hits else 0.0,
        "no_event_rate": pred_cats.count("NONE") / len(pred_cats) if pred_cats else 0.0,
        "per_category_accuracy": per_category,
        "n_records": len(records),
        "notes": "gold v0.5b1 names mapped: " + ", ".join(f"{k}->{v}" for k, v in PLOVER_RENAMES.items()),
    }


# --------------------------------------------------------------------------------------------
# CASE 2021 task 2

# Our ontology's ACLED sub-event names -> the CASE 2021 task 2 labels.
_ACLED_TO_CASE = {
    "Suicide bomb": "SUIC_BOMB",
    "Air/drone strike": "AIR_STRIKE",
    "Shelling/artillery/missile attack": "ART_MISS_ATTACK",
    "Remote explosive/landmine/IED": "REM_EXPLOS",
    "Grenade": "GRENADE",
    "Chemical weapon": "CHEM_WEAP",
    "Abduction/forced disappearance": "ABDUCT_DISSAP",
    "Sexual violence": "SEX_VIOL",
    "Armed clash": "ARMED_CLASH",
    "Attack": "ATTACK",
    "Violent demonstration": "VIOL_DEMONSTR",
    "Mob violence": "MOB_VIOL",
    "Peaceful protest": "PEACE_PROTEST",
    "Protest with intervention": "PROTEST_WITH_INTER",
    "Excessive force against protesters": "FORCE_AGAINST_PROTEST",
    "Arrests": "ARREST",
    "Looting/property destruction": "PROPERTY_DISTRUCT",
    "Disrupted weapons use": "DISR_WEAP",
    "Agreement": "AGREEMENT",
    "Non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER",
    "Government regains territory": "GOV_REGAINS_TERIT",
    "Non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER",
    "Headquarters or base established": "HQ_ESTABLISHED",
    "Change to group/activity": "CHANGE_TO_GROUP_ACT",
    "Other": "OTHER",
}
CASE_LABELS = tuple(sorted(set(_ACLED_TO_CASE.values())))


def case_label(report_type: str | None) -> str:
    """A report type (`sitrep.extract.report_types`: an ACLED sub-event or a kind outside ACLED)
    -> its CASE 2021 label ("NONE" without one)."""
    from sitrep.extract.report_types import OTHER_KINDS

    if report_type is None:
        return "NONE"
    return _ACLED_TO_CASE.get(report_type) or {name: code for code, name in OTHER_KINDS.items()}.get(report_type, "OTHER")


def acled_to_case(category: str | None, modes: Sequence[str]) -> str:
    """Our PLOVER category + modes -> a CASE 2021 label via the ontology's ACLED sub-event ("NONE" without an event)."""
    if not category:
        return "NONE"
    from sitrep.extract.ontology import load_ontology

    return _ACLED_TO_CASE.get(load_ontology().acled_subevent(category, list(modes)), "OTHER")


def eval_case(
    snippets: Path | str | None = None,
    *,
    limit: int | None = None,
    progress: Progress | None = None,
    work_dir: Path | str | None = None,
) -> dict[str, Any]:
    """CASE 2021 task 2: each snippet alone -> its stored report type -> label.

    The report type (`Article.report_type`, from the report-type model over the snippet's words)
    is what is scored: CASE labels a snippet, not an event in it. `mention_macro_f1` also scores
    the older reading, the headline (else first) mention's ACLED sub-event, which has no answer
    for a snippet without a mention nor for the labels outside ACLED. Macro F1 averages the
    per-label F1 over the gold labels present; micro F1 pools all snippets.

    The report-type model is fitted on this open half: quote its 5-fold figure (the model's meta,
    `training/extract/train.py report_types`), not this one.
    """
    path = _require(Path(snippets) if snippets else DATA_DIR / "case2021" / "snippets.tsv", "CASE 2021 snippets file")
    rows: list[tuple[str, str, str]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or len(header) < 3:
            raise DataError("needs a header 'id, EventSnippet, SubType' (tab-separated).", item=str(path))
        for row in reader:
            if len(row) >= 3 and row[1].strip():
                rows.append((row[0], row[1].strip(), row[2].strip()))
    if limit is not None:
        rows = rows[:limit]
    articles = [_article(text) for _, text, _ in rows]
    gold: list[str] = []
    pred: list[str] = []
    by_mention: list[str] = []
    with _store_in(work_dir, "case") as (store, _work):
        _run(store, articles, progress, "CASE snippets")
        for (_, _, label), article in zip(rows, articles):
            stored = store.article(article.id)
            gold.append(label)
            pred.append(case_label(stored.report_type if stored else None))
            mentions = store.mentions_of_article(article.id)
            mention = _main_mention(mentions) or (mentions[0] if mentions else None)
            if mention is None:
                by_mention.append("NONE")
            elif mention.subtype:
                by_mention.append(_ACLED_TO_CASE.get(mention.subtype, "OTHER"))
            else:
                by_mention.append(acled_to_case(mention.category, mention.mode))
    scores = _label_scores(gold, pred)
    from sitrep.extract.report_types import load_report_type_model

    fitted = load_report_type_model().meta.get("case_5fold", {})
    return scores | {"mention_macro_f1": _label_scores(gold, by_mention)["macro_f1"],
                     "n_snippets": len(rows),
                     "model_5fold": {k: v for k, v in fitted.items() if k != "per_label_f1"},
                     "notes": "labelled half of the task 2 test set; the report-type model was fitted on the open "
                              "half, so on it quote model_5fold (its cross-validation there)"}


def _label_scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    per_label: dict[str, float] = {}
    for label in sorted(set(gold)):
        tp = sum(g == p == label for g, p in zip(gold, pred))
        per_label[label] = prf(tp, pred.count(label), tp, gold.count(label)).f1
    tp_all = sum(g == p for g, p in zip(gold, pred))
    return {
        "macro_f1": sum(per_label.values()) / len(per_label) if per_label else 0.0,
        # the CASE 2021 shared task's metric: per-label F1 weighted by the label's gold count
        "weighted_f1": sum(f1 * gold.count(label) for label, f1 in per_label.items()) / len(gold) if gold else 0.0,
        "micro_f1": prf(tp_all, len(pred), tp_all, len(gold)).f1,
        "per_label_f1": per_label,
    }


# --------------------------------------------------------------------------------------------
# MUC-4

_PERSON_WORDS = {
    "people", "person", "persons", "civilian", "civilians", "man", "men", "woman", "women", "child", "children",
    "peasant", "peasants", "soldier", "soldiers", "student", "students", "official", "officials", "priest",
    "priests", "jesuit", "jesuits", "leader", "leaders", "member", "members", "mayor", "judge", "judges",
    "president", "minister", "candidate", "journalist", "journalists", "guard", "guards", "policeman",
    "policemen", "officer", "officers", "worker", "workers", "farmer", "farmers", "resident", "residents",
    "victim", "victims", "senator", "deputy", "ambassador", "businessman", "family", "son", "daughter", "wife",
}
_ORG_WORDS = {
    "front", "army", "group", "movement", "organization", "party", "command", "forces", "force", "cartel",
    "commando", "commandos", "squad", "squads", "unity", "union", "alliance", "council", "guerrillas",
    "fmln", "eln", "farc", "urng", "mrta", "sendero", "luminoso", "epl", "m-19", "cartels",
}


# sitrep's role names (sitrep.extract.roles) -> MUC-4's
MUC_ROLE_OF = {"perp_individual": "PerpInd", "perp_organization": "PerpOrg", "victim": "Victim",
               "target": "Target", "weapon": "Weapon"}


def mention_to_muc_type(mention: Mention) -> str | None:
    """A sitrep mention -> MUC-4 incident type, or None when it is no MUC incident.

    ASSAULT: suicide-attack or explosives -> bombing; abduct -> kidnapping; destroy (arson)
    -> arson; otherwise attack. COERCE whose trigger says rob -> robbery. PROTEST in strike
    mode -> forced work stoppage.
    """
    modes = set(mention.mode)
    trigger = mention.trigger.lower()
    if mention.category == "ASSAULT":
        if modes & {"suicide-attack", "explosives"}:
            return "bombing"
        if "abduct" in modes:
            return "kidnapping"
        if "destroy" in modes:
            return "arson"
        return "attack"
    if mention.category == "COERCE" and trigger.startswith("rob"):
        return "robbery"
    if mention.category == "PROTEST" and "strike" in modes:
        return "forced work stoppage"
    return None


def _is_person(text: str) -> bool:
    words = _tokens(text)
    return bool(words & _PERSON_WORDS)


def _is_org(text: str, entity_type: str | None) -> bool:
    if entity_type in ("ORG", "NORP"):
        return True
    return bool(_tokens(text) & _ORG_WORDS)


def muc_templates_for(docid: str, mentions: Sequence[Mention], entity_types: dict[str, str] | None = None,
                      *, doctext: str = "") -> TemplateDoc:
    """One MUC template per sitrep event and MUC incident type, fillers in lower case.

    MUC-4 keys one template per incident of each type: the bombing of a pylon and the burning of
    buses in one night's raid are two templates, however closely the report (and sitrep's event
    linking) ties them. So an event's mentions are grouped by their incident type too, and each
    template takes the fillers of its own mentions (measured against one template per event:
    MUC-4 dev, 100 docs, template F1 40.3 -> 45.1, P 47.0 -> 49.7, R 35.3 -> 41.3; train, 300
    docs, F1 44.9 -> 47.3).

    A violent mention's fillers are the role model's phrases (its `arguments`), each under its
    role. A mention of another category (robbery, work stoppage: the model does not read them)
    takes the rules' participants: PerpOrg = actors that look like organisations (entity type
    ORG/NORP, or an organisation word), PerpInd = the other actors; Victim = recipients that name
    people, Target = the other recipients; Weapon = the weapons. Each filler is a one-mention entity.
    """
    from sitrep.extract.events import VIOLENT  # the extraction stack loads only when templates are built

    entity_types = entity_types or {}
    grouped: dict[tuple[str, str], list[Mention]] = {}
    for mention in mentions:
        incident_type = mention_to_muc_type(mention)
        if incident_type is None or mention.modality in ("negated", "hypothetical", "future"):
            continue
        grouped.setdefault((mention.event_id or mention.id, incident_type), []).append(mention)
    templates: list[Template] = []
    for (_, incident_type), group in grouped.items():
        roles: dict[str, list[tuple[MucMention, ...]]] = {role: [] for role in ROLES}
        seen: dict[str, set[str]] = {role: set() for role in ROLES}

        def add(role: str, text: str) -> None:
            value = text.strip().lower()
            if value and value not in seen[role]:
                seen[role].add(value)
                roles[role].append((MucMention(value),))

        for mention in group:
            if mention.arguments or mention.category in VIOLENT:
                # the role model's phrases as written: MUC-4 scores fillers by their exact text.
                # Where the model read the report (the violent categories) its reading stands, also
                # when it gave a mention no phrase: the rules' common nouns it passed over ("one
                # person", "100 shots", "the capital") are what GVDB and PLOVER readers want, not
                # MUC-4's fillers (MUC-4 dev, 100 docs: 0 of their 55 fillers right; template
                # precision 38.1 -> 45.6 without them, recall unchanged; MUC-4 train, 300 docs:
                # 41.5 -> 45.8). The rules still speak for the categories the model does not read
                # (robbery, work stoppage).
                for argument in mention.arguments:
                    add(MUC_ROLE_OF[argument.role], argument.text)
                continue
            for actor in mention.actors:
                kind = entity_types.get(actor.entity_id or "")
                add("PerpOrg" if _is_org(actor.entity_text, kind) else "PerpInd", actor.entity_text)
            for actor in mention.recipients:
                kind = entity_types.get(actor.entity_id or "")
                add("Victim" if kind == "PERSON" or _is_person(actor.entity_text) else "Target", actor.entity_text)
            for weapon in mention.weapons:
                add("Weapon", weapon)
        if len(group) == 1 and not any(roles.values()):
            # a report's one word of an incident, with nobody and nothing read about it, is most
            # often a passing reference ("since the kidnapping", "the attacks of last year"), and
            # MUC-4 keys no template for those (measured, dropping such templates: MUC-4 dev, 100
            # docs, template P 49.7 -> 52.0, F1 45.1 -> 45.5; train, 300 docs, P 46.7 -> 47.7,
            # F1 47.3 either way)
            continue
        templates.append(Template(incident_type=incident_type, roles=roles))
    return TemplateDoc(docid=docid, templates=templates, doctext=doctext)


def eval_muc4(
    gold: Path | str | None = None,
    *,
    limit: int | None = None,
    progress: Progress | None = None,
    work_dir: Path | str | None = None,
    predictions_out: Path | str | None = None,
) -> dict[str, Any]:
    """MUC-4 dev (GTT processed, lower-case text): template F1 and CEAF-REE, in percent.

    Each document runs alone-ish (one store for all, as the pipeline would in production); its
    mentions become templates with `muc_templates_for`. The predictions are written as JSON
    lines in the gold shape (to `predictions_out`, else into the work folder) and read back with
    the scorers' own reader, so what is scored is exactly what a user could re-score with
    `sitrep eval muc4-score`.
    """
    path = _require(Path(gold) if gold else DATA_DIR / "muc4" / "processed" / "gtt" / "dev.json", "MUC-4 GTT dev file")
    gold_docs = load_gtt(path)
    if limit is not None:
        gold_docs = gold_docs[:limit]
    articles = [_article(doc.doctext) for doc in gold_docs]
    with _store_in(work_dir, "muc4") as (store, folder):
        _run(store, articles, progress, "MUC-4 documents")
        entity_types = {entity.id: entity.type for entity in store.entities()}
        predictions = [
            muc_templates_for(doc.docid, store.mentions_of_article(article.id), entity_types)
            for doc, article in zip(gold_docs, articles)
        ]
        out_path = Path(predictions_out) if predictions_out else folder / "muc4_predictions.jsonl"
        out_path.parent.mkdir(parents=True, exist_ok=True)
        with out_path.open("w", encoding="utf-8") as handle:
            for doc in predictions:
                handle.write(json.dumps(doc.to_dict()) + "\n")
        templates = score_templates(gold_docs, read_template_predictions(out_path))
        ceaf = score_ceaf_ree(gold_docs, read_extract_predictions(out_path))
    return {
        "template_precision": templates["precision"],
        "template_recall": templates["recall"],
        "template_f1": templates["f1"],
        "ceaf_ree_precision": ceaf["precision"],
        "ceaf_ree_recall": ceaf["recall"],
        "ceaf_ree_f1": ceaf["f1"],
        "template_per_role": templates["per_role"],
        "ceaf_ree_per_role": ceaf["per_role"],
        "n_documents": len(gold_docs),
        "n_predicted_templates": sum(len(doc.templates) for doc in predictions),
        "notes": "dev split (TST1+TST2), percentages; CEAF-REE scored against the GTT gold merged per document",
    }


def muc4_score(gold: Path | str, pred: Path | str, *, metric: str = "both") -> dict[str, Any]:
    """Score a MUC-4 prediction file: "template" (GTT), "ceaf" (GRIT CEAF-REE) or "both".

    `gold` may be GTT-processed (templates) or GRIT-processed (extracts); CEAF-REE merges
    templates per document first.
    """
    gold_path = _require(Path(gold), "MUC-4 gold file")
    pred_path = _require(Path(pred), "MUC-4 predictions file")
    if metric not in ("template", "ceaf", "both"):
        raise DataError(f"metric {metric!r} is not one of: template, ceaf, both.")
    out: dict[str, Any] = {}
    first = next(_read_jsonl(gold_path), {})
    is_grit = "extracts" in first
    if metric in ("template", "both"):
        if is_grit:
            raise DataError("is GRIT-shaped (extracts): template F1 needs the GTT-processed gold.", item=str(gold_path))
        result = score_templates(load_gtt(gold_path), read_template_predictions(pred_path))
        out |= {"template_precision": result["precision"], "template_recall": result["recall"],
                "template_f1": result["f1"]}
    if metric in ("ceaf", "both"):
        from sitrep.evaluate.muc4 import load_grit

        gold_docs = load_grit(gold_path) if is_grit else [templates_to_extracts(d) for d in load_gtt(gold_path)]
        result = score_ceaf_ree(gold_docs, read_extract_predictions(pred_path))
        out |= {"ceaf_ree_precision": result["precision"], "ceaf_ree_recall": result["recall"],
                "ceaf_ree_f1": result["f1"]}
    return out
