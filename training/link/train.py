"""Train sitrep's event-linking pair model (`sitrep/models/link/pairs.json`) on open GVA incidents.

    python training/link/train.py parse     # analyse + extract the train and dev articles once (cached)
    python training/link/train.py pairs     # run the linker's blocking over the train part, write labelled pairs
    python training/link/train.py fit       # logistic regression -> sitrep/models/link/pairs.json
    python training/link/train.py tune      # clustering threshold on the dev part -> written into the model
    python training/link/train.py all       # the four in order (`make link-model`)

Data (../shared/data/gva, research/evaluation use only):
- The incidents `sitrep eval gva` reads (a structured record and at least one article), in file
  order. DEV = the first 300 of them: exactly what `sitrep eval gva --limit 300` scores, so that
  command stays a dev measurement. TRAIN = the others whose incident id hashes (sha1, first byte)
  below TRAIN_BYTE: a fixed half of the rest. The remaining incidents are used by nothing here.
- Train incidents run in CHUNK-incident groups in file order, each through a fresh store, as the
  dev evaluation runs its 300: the store then holds as many nearby events as at evaluation time.

Pairs: for each mention of a LEARNED category (attacks, arrests) the pipeline links across articles, the candidates are exactly what the
linker's blocking returns at run time (`EventLinker.candidates`), after the same hard constraints.
A pair is positive when the candidate event's sources are mostly articles of the mention's own
incident (distant supervision: a mention is taken to be about its article's incident). While
collecting, the mention joins the best positive candidate (an oracle), so the stored events the
later mentions meet are what a good linker would have built.

Model: logistic regression (scikit-learn, lbfgs, L2, C chosen by 5-fold cross-validated log
loss over chunk groups, seed SEED) over the binary features of `sitrep/link/features.py`, saved as
JSON weights (`sitrep.extract.linear.LinearModel`), loaded at run time without scikit-learn.

Threshold: the probability at which a mention joins its best candidate, chosen on DEV to maximise
the mean of B3 F1 and CoNLL F1 of the article clustering `sitrep eval gva --limit 300` scores,
recorded in the model's thresholds["link"] and meta["threshold_tuned_on"].
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import logging
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sitrep.evaluate.metrics import b_cubed, conll_f1  # noqa: E402
from sitrep.evaluate.runners import DATA_DIR, _article, _gva_date, _main_mention  # noqa: E402
from sitrep.evaluate.runners import gva_incidents as eval_gva_incidents  # noqa: E402
from sitrep.extract.events import Analysis  # noqa: E402
from sitrep.extract.linear import LinearModel  # noqa: E402
from sitrep.link.events import LEARNED, EventLinker  # noqa: E402
from sitrep.link.features import pair_features  # noqa: E402
from sitrep.records import Article, Mention, Statement  # noqa: E402

log = logging.getLogger("train_link")

CORPUS = ROOT / "training" / "corpus" / "link"
OUT = ROOT / "sitrep" / "models" / "link"
SEED = 1337
DEV_INCIDENTS = 300
TRAIN_BYTE = 128  # sha1(incident id)[0] < 128: half of the incidents after the dev ones
CHUNK = 300
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
THRESHOLDS = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75)
PRUNE = 1e-4


# --------------------------------------------------------------------------------------------
# data

def gva_incidents() -> tuple[list[dict], dict[str, list[dict]]]:
    """The incidents `sitrep eval gva` reads, in its order, and their documents."""
    chosen = eval_gva_incidents(DATA_DIR / "gva" / "documents.jsonl", DATA_DIR / "gva" / "incidents.jsonl")
    return [record for record, _ in chosen], {str(record["gva_incident_id"]): docs for record, docs in chosen}


def in_train(incident_id: str) -> bool:
    return hashlib.sha1(incident_id.encode()).digest()[0] < TRAIN_BYTE


def split(name: str) -> list[dict]:
    gold, _ = gva_incidents()
    if name == "dev":
        return gold[:DEV_INCIDENTS]
    return [r for r in gold[DEV_INCIDENTS:] if in_train(str(r["gva_incident_id"]))]


def parse(names: tuple[str, ...] = ("train", "dev")) -> None:
    """Analyse and extract every article of each split once; cache as JSON lines."""
    from sitrep.analyze.nlp import load_nlp
    from sitrep.analyze.timex import parse_date
    from sitrep.extract.events import Extractor

    nlp, extractor = load_nlp(), Extractor()
    _, docs = gva_incidents()
    CORPUS.mkdir(parents=True, exist_ok=True)
    for name in names:
        records = split(name)
        rows: list[tuple[int, str, Article]] = []
        for index, record in enumerate(records):
            for doc in docs[str(record["gva_incident_id"])]:
                article = _article(doc["content"], title=doc.get("title"), published=_gva_date(doc.get("dct")))
                rows.append((index // CHUNK, str(record["gva_incident_id"]), article))
        start = time.time()
        path = CORPUS / f"{name}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            texts = (article.text for _, _, article in rows)
            for (chunk, incident, article), doc in zip(rows, nlp.pipe(texts, batch_size=32)):
                analysis = extractor.extract(article, doc, reference=parse_date(article.published))
                handle.write(json.dumps({"chunk": chunk, "incident": incident, "article": article.to_dict(),
                                         "analysis": _analysis_dict(analysis)}) + "\n")
        log.info("%s: %d incidents, %d articles parsed in %.0f s -> %s", name, len(records), len(rows), time.time() - start, path)


def _analysis_dict(analysis: Analysis) -> dict:
    return {"mentions": [m.to_dict() for m in analysis.mentions], "statements": [s.to_dict() for s in analysis.statements],
            "names": [list(n) for n in analysis.names], "acronyms": analysis.acronyms,
            "country_hints": analysis.country_hints, "reference_date": analysis.reference_date}


def load_split(name: str) -> list[dict]:
    path = CORPUS / f"{name}.jsonl"
    if not path.exists():
        raise SystemExit(f"{path} is missing: run `python training/link/train.py parse` first")
    return [json.loads(line) for line in path.open(encoding="utf-8")]


def prepared(row: dict):
    """A fresh `Prepared` (the pipeline mutates mentions while linking) from a cached row."""
    from sitrep.ingest import signature
    from sitrep.pipeline import Prepared

    data = row["analysis"]
    analysis = Analysis(mentions=[Mention.from_dict(m) for m in data["mentions"]],
                        statements=[Statement.from_dict(s) for s in data["statements"]],
                        names=[tuple(n) for n in data["names"]], acronyms=dict(data["acronyms"]),
                        country_hints=list(data["country_hints"]), reference_date=data["reference_date"])
    article = Article.from_dict(row["article"])
    return Prepared(article=article, analysis=analysis, signature=signature(article.text))


def run_rows(rows: list[dict], linker) -> "object":
    """Commit the cached articles into a fresh temporary store with `linker`; returns the store's
    article -> cluster map (as `sitrep eval gva` builds it) once all are in."""
    from sitrep.pipeline import Processor, RunSummary
    from sitrep.store.db import Store

    clusters: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="sitrep-link-") as tmp:
        store = Store(Path(tmp) / "link.db")
        try:
            processor = Processor(store, linker=linker)
            summary = RunSummary()
            for row in rows:
                if store.has_article(row["article"]["id"]):
                    continue
                processor.commit(prepared(row), summary)
            for row in rows:
                aid = row["article"]["id"]
                if aid not in clusters:
                    main = _main_mention(store.mentions_of_article(aid), prefer="ASSAULT")
                    clusters[aid] = main.event_id if main and main.event_id else f"article:{aid}"
        finally:
            store.close()
    return clusters


# --------------------------------------------------------------------------------------------
# pairs

class RecordingLinker(EventLinker):
    """The run-time linker's blocking and features, with gold labels and an oracle decision."""

    def __init__(self, incident_of_article: dict[str, str], *, model: LinearModel | None = None) -> None:
        super().__init__(model=model or LinearModel(name="none", classes=["other", "same"], intercept=[0.0], weights={}), threshold=1.0)
        self.incident_of_article = incident_of_article
        self.rows: list[tuple[list[str], int, str]] = []
        self.group = ""

    def match(self, side, candidates):
        mention = side.mention
        if mention.category not in LEARNED:
            return super().match(side, candidates)  # the rules, as at run time
        own = self.incident_of_article.get(mention.article_id)
        best = None
        for item in candidates:
            if not self.allowed(mention, item):
                continue
            votes = Counter(self.incident_of_article.get(s.article) for s in item.sources)
            label = int(own is not None and votes.most_common(1)[0][0] == own)
            self.rows.append((pair_features(side, self.event_side(item)), label, self.group))
            if label and best is None:
                best = item
        return best, (1.0 if best is not None else 0.0)


def pairs() -> None:
    rows = load_split("train")
    incident_of_article = {r["article"]["id"]: r["incident"] for r in rows}
    linker = RecordingLinker(incident_of_article)
    by_chunk: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_chunk[row["chunk"]].append(row)
    start = time.time()
    for chunk, chunk_rows in sorted(by_chunk.items()):
        linker.group = str(chunk)
        run_rows(chunk_rows, linker)
        log.info("chunk %d: %d articles, %d pairs so far", chunk, len(chunk_rows), len(linker.rows))
    path = CORPUS / "train_pairs.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for features, label, group in linker.rows:
            handle.write(json.dumps({"f": features, "y": label, "g": group}) + "\n")
    positives = sum(y for _, y, _ in linker.rows)
    log.info("%d pairs (%d positive) in %.0f s -> %s", len(linker.rows), positives, time.time() - start, path)


# --------------------------------------------------------------------------------------------
# fit

def fit() -> LinearModel:
    import numpy
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss
    from sklearn.model_selection import GroupKFold

    rows = [json.loads(line) for line in (CORPUS / "train_pairs.jsonl").open(encoding="utf-8")]
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([{f: 1 for f in row["f"]} for row in rows])
    y = numpy.asarray([row["y"] for row in rows])
    groups = numpy.asarray([row["g"] for row in rows])
    n_groups = len(set(groups.tolist()))
    scores = {}
    for c in C_GRID:
        losses = []
        for train_idx, test_idx in GroupKFold(n_splits=min(5, n_groups)).split(x, y, groups):
            model = LogisticRegression(C=c, solver="lbfgs", random_state=SEED, max_iter=2000)
            model.fit(x[train_idx], y[train_idx])
            losses.append(log_loss(y[test_idx], model.predict_proba(x[test_idx])[:, 1], labels=[0, 1]))
        scores[c] = float(numpy.mean(losses))
        log.info("C=%g: cross-validated log loss %.4f", c, scores[c])
    best_c = min(scores, key=scores.get)
    model = LogisticRegression(C=best_c, solver="lbfgs", random_state=SEED, max_iter=2000).fit(x, y)
    weights = {name: [round(float(w), 5)] for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0]) if abs(w) >= PRUNE}
    linear = LinearModel(
        name="link_pairs", classes=["other", "same"], intercept=[round(float(model.intercept_[0]), 5)], weights=weights,
        thresholds={"link": 0.5},
        meta={"trained_on": f"GVA open incidents outside the first {DEV_INCIDENTS} (dev), sha1(id)[0] < {TRAIN_BYTE}: "
                            f"{len(rows)} candidate pairs, {int(y.sum())} positive",
              "C": best_c, "cv_log_loss": scores, "seed": SEED,
              "features": "sitrep/link/features.py", "recipe": "training/link/train.py"},
    )
    OUT.mkdir(parents=True, exist_ok=True)
    linear.save(OUT / "pairs.json")
    log.info("C=%g, %d weights -> %s", best_c, len(weights), OUT / "pairs.json")
    return linear


# --------------------------------------------------------------------------------------------
# tune

def score_dev(rows: list[dict], linker) -> dict[str, float]:
    clusters = run_rows(rows, linker)
    gold = {str(i): r["incident"] for i, r in enumerate(rows)}
    pred = {str(i): clusters[r["article"]["id"]] for i, r in enumerate(rows)}
    bc = b_cubed(gold, pred)
    return {"b_cubed_precision": bc.precision, "b_cubed_recall": bc.recall, "b_cubed_f1": bc.f1, "conll_f1": conll_f1(gold, pred)}


def tune() -> None:
    rows = load_split("dev")
    path = OUT / "pairs.json"
    model = LinearModel.load(path)
    results = {}
    for threshold in THRESHOLDS:
        results[threshold] = score_dev(rows, EventLinker(model=model, threshold=threshold))
        log.info("threshold %.2f: %s", threshold, {k: round(v, 4) for k, v in results[threshold].items()})
    best = max(THRESHOLDS, key=lambda t: (results[t]["b_cubed_f1"] + results[t]["conll_f1"]) / 2)
    model.thresholds["link"] = best
    model.meta["threshold_tuned_on"] = (f"GVA dev: the first {DEV_INCIDENTS} incidents of `sitrep eval gva` "
                                        f"({len(rows)} articles), max of (B3 F1 + CoNLL F1) / 2")
    model.meta["dev_scores"] = {str(t): {k: round(v, 4) for k, v in r.items()} for t, r in results.items()}
    model.save(path)
    log.info("threshold %.2f -> %s", best, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=["parse", "pairs", "fit", "tune", "all"])
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    steps = {"parse": parse, "pairs": pairs, "fit": fit, "tune": tune}
    for name in (["parse", "pairs", "fit", "tune"] if args.step == "all" else [args.step]):
        steps[name]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
