"""Candidate rows for the slot models (place and date of a report's headline event), from open GVA incidents.

Distant supervision: the GVA record of each incident gives its city, state and day; every article
about it is run through the extractor (slots off), and each of its place candidates (towns and
counties, the body's and the headline's: `SlotFiller.place_pool`) is labelled 1 when it is the
incident's city or county (the scorer's own test, `place_matches`), each day-precision time
expression 1 when it is the incident's day.

Split (by position among the incidents `sitrep eval gva` reads, that is with a structured record
and at least one article, in file order):
  dev   = the first 300 (what `sitrep eval gva --limit 300` scores; thresholds are tuned here);
  train = from the 401st on (a gap of 100 so no near-duplicate incident straddles the boundary).
The held-out fifth of GVA is not in ../shared/data and is never read.

    python training/slots/build.py [--train-incidents 1500]
writes training/corpus/slots/{train,dev}.jsonl: one row per candidate
{"incident", "article", "slot": "place"|"date", "features", "label"}, plus one "rule" row per article
saying whether the rules' own place and date were right (for the threshold).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sitrep.analyze.nlp import load_nlp
from sitrep.analyze import tokens
from sitrep.analyze.places import find_places
from sitrep.analyze.timex import find_times, parse_date, reference_date
from sitrep.evaluate import runners
from sitrep.extract.events import Extractor, casualty_statements, date_candidates
from sitrep.extract.slots import COUNT_SLOTS, SlotFiller, count_statements

DATA = runners.DATA_DIR
OUT = Path(__file__).resolve().parents[1] / "corpus" / "slots"
DEV_INCIDENTS = 300
TRAIN_FROM = 400


def incidents() -> list[tuple[dict, list[dict]]]:
    return runners.gva_incidents(DATA / "gva" / "documents.jsonl", DATA / "gva" / "incidents.jsonl")


def gold_place(record: dict, cache: dict) -> tuple[str, object]:
    city, state = (record.get("city_or_county") or "").strip(), (record.get("state") or "").strip()
    if (city, state) not in cache:
        cache[(city, state)] = runners.gva_city_place(city, state)
    return city, cache[(city, state)]


def rows_for(part: list[tuple[dict, list[dict]]], nlp, extractor: Extractor, handle) -> int:
    cache: dict = {}
    filler = SlotFiller()  # the place and date models, to date the event as the pipeline will
    n = 0
    items = [(record, doc) for record, docs in part for doc in docs]
    texts = (doc["content"] for _, doc in items)
    for (record, raw), doc in zip(items, nlp.pipe(texts, batch_size=16)):
        article = runners._article(raw["content"], title=raw.get("title"), published=runners._gva_date(raw.get("dct")))
        # the day the extractor reads the report's relative times against (a crawl date corrected)
        reference = reference_date(article.text, parse_date(article.published))
        analysis = extractor.extract(article, doc, reference=reference)
        main = next((m for m in analysis.mentions if m.is_main), None)
        if main is None or main.category != "ASSAULT":
            continue
        city, place = gold_place(record, cache)
        day = runners._gva_date(record.get("date"))
        context = extractor.slot_context(article, doc, analysis, main, reference)
        base = {"incident": str(record["gva_incident_id"]), "article": raw["doc_id"]}
        body = find_places(doc, country_hints=analysis.country_hints)
        # the candidates the pipeline scores: the body's towns and counties, then the headline's
        towns = SlotFiller.place_pool(body, extractor.headline_places(article, doc, analysis, body))
        for candidate, features in zip(towns, SlotFiller.place_rows(towns, context)):
            label = int(runners.place_matches(candidate.place, city, place))
            handle.write(json.dumps({**base, "slot": "place", "features": features, "label": label}) + "\n")
        all_times = find_times(article.text, ref=reference)
        # the candidates the pipeline scores: no dateline, no page stamp
        times = [t for t in date_candidates(article.text, all_times) if t.precision == "day" and t.value and len(t.value) == 10]
        for time, features in zip(times, SlotFiller.date_rows(times, article.text, context)):
            handle.write(json.dumps({**base, "slot": "date", "features": features, "label": int(time.value == day)}) + "\n")
        with tokens.shared(doc):  # one DocTokens for all the sentences, not one each
            casualties = [(sent.start_char, sent.end_char, casualty_statements(sent)) for sent in doc.sents]
        # the event's day as the run-time pipeline has it when the count models are asked: the date model's pick
        picked = filler.best_date(date_candidates(article.text, all_times), article.text, context)
        event_day = picked[0].value if picked and picked[1] >= filler.date_model.thresholds.get("1", 0.5) else (main.date.value if main.date else None)
        statements = count_statements(casualties, all_times, event_day, reference, article.title or "")
        gold = {"dead": int(record.get("num_killed") or 0), "injured": int(record.get("num_injured") or 0)}
        for field in COUNT_SLOTS:
            if not any(s.field == field for s in statements):
                continue  # the slot model is not asked when no statement gives the field
            values, rows = SlotFiller.count_rows(field, statements, article.title or "", context, getattr(main, field))
            for value, features in zip(values, rows):
                handle.write(json.dumps({**base, "slot": field, "features": features, "label": int(value == gold[field])}) + "\n")
        handle.write(json.dumps({**base, "slot": "rule",
                                 "place": bool(runners.place_matches(main.place, city, place)),
                                 "date": bool(main.date is not None and main.date.value == day),
                                 **{field: (getattr(main, field) or 0) == gold[field] for field in COUNT_SLOTS},
                                 **{f"asked_{field}": any(s.field == field for s in statements) for field in COUNT_SLOTS}}) + "\n")
        n += 1
    return n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train-incidents", type=int, default=1500)
    parser.add_argument("--dev-incidents", type=int, default=DEV_INCIDENTS, help="fewer only for a smoke run")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    everything = incidents()
    parts = {"dev": everything[: args.dev_incidents], "train": everything[TRAIN_FROM: TRAIN_FROM + args.train_incidents]}
    nlp = load_nlp()
    extractor = Extractor(fill_slots=False)
    for name, part in parts.items():
        with (args.out / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
            n = rows_for(part, nlp, extractor, handle)
        print(f"{name}: {len(part)} incidents, {n} articles with a headline attack", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
