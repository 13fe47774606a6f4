"""Score a trained sitrep pipeline on the official test splits and measure its speed and size.

    python training/evaluate_model.py [MODEL_DIR] [--json OUT]

Measures (all on test splits, gold tokenization):
- NER F1 on CoNLL-2003 test (NORP counted as MISC, since CoNLL has no NORP), and on the same text
  upper-cased (robustness to wire-style capitals) and lower-cased.
- NER F1 on UNER English-EWT test, PER/ORG/LOC only (our PERSON -> PER; NORP and MISC dropped).
- UPOS accuracy and LAS on UD English-EWT test (punctuation included, as spaCy scores it).
- Speed: words per second of the whole pipeline on one thread, and size on disk.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import spacy  # noqa: E402
from spacy.tokens import Doc, DocBin  # noqa: E402
from spacy.training import Example  # noqa: E402

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
DEFAULT_MODEL = HERE.parent / "sitrep" / "models" / "sitrep_en"


def run_on_words(nlp, gold: Doc, transform=lambda s: s) -> Doc:
    doc = Doc(nlp.vocab, words=[transform(t.text) for t in gold], spaces=[bool(t.whitespace_) for t in gold])
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def ner_f1(nlp, docs: list[Doc], *, label_map: dict[str, str | None], transform=lambda s: s) -> dict[str, float]:
    tp = n_pred = n_gold = 0
    for gold in docs:
        pred = run_on_words(nlp, gold, transform)
        gold_spans = {(e.start, e.end, label_map.get(e.label_, e.label_)) for e in gold.ents}
        gold_spans = {s for s in gold_spans if s[2]}
        pred_spans = {(e.start, e.end, label_map.get(e.label_, e.label_)) for e in pred.ents}
        pred_spans = {s for s in pred_spans if s[2]}
        tp += len(gold_spans & pred_spans)
        n_pred += len(pred_spans)
        n_gold += len(gold_spans)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": round(100 * p, 2), "recall": round(100 * r, 2), "f1": round(100 * (2 * p * r / (p + r) if p + r else 0.0), 2)}


def syntax_scores(nlp, docs: list[Doc]) -> dict[str, float]:
    examples = [Example(run_on_words(nlp, gold), gold) for gold in docs]
    from spacy.scorer import Scorer

    scorer = Scorer(nlp)
    scores = scorer.score(examples)
    return {"upos": round(100 * scores["pos_acc"], 2), "tag": round(100 * scores["tag_acc"], 2),
            "uas": round(100 * scores["dep_uas"], 2), "las": round(100 * scores["dep_las"], 2),
            "lemma": round(100 * (scores.get("lemma_acc") or 0.0), 2)}


def speed(nlp, texts: list[str]) -> tuple[float, float]:
    """(tokens, whitespace-separated words) per second of the whole pipeline; the target is in tokens."""
    words = sum(len(t.split()) for t in texts)
    list(nlp.pipe(texts[:20]))  # warm-up: first-call allocations are not the steady rate
    tokens = 0
    start = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=64):
        tokens += len(doc)
    elapsed = time.perf_counter() - start
    return tokens / elapsed, words / elapsed


def size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", nargs="?", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="output of training/convert.py")
    args = parser.parse_args()
    if not (args.corpus / "conll_test.spacy").is_file():
        print(f"no converted corpus at {args.corpus}: run `python training/convert.py` first", file=sys.stderr)
        return 2
    nlp = spacy.load(args.model)
    load = lambda name: list(DocBin().from_disk(args.corpus / name).get_docs(nlp.vocab))  # noqa: E731
    conll = load("conll_test.spacy")
    uner = load("uner_test.spacy")
    ud = load("ud_test.spacy")
    conll_map = {"NORP": "MISC"}
    uner_map = {"PERSON": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "NORP": None, "MISC": None}
    results = {
        "model": str(args.model),
        "ner_conll_test": ner_f1(nlp, conll, label_map=conll_map),
        "ner_conll_test_upper": ner_f1(nlp, conll, label_map=conll_map, transform=str.upper),
        "ner_conll_test_lower": ner_f1(nlp, conll, label_map=conll_map, transform=str.lower),
        "ner_uner_test": ner_f1(nlp, uner, label_map=uner_map),
        "ud_test": syntax_scores(nlp, ud),
        **dict(zip(("tokens_per_second_one_thread", "words_per_second_one_thread"),
                   (round(v) for v in speed(nlp, [d.text for d in ud] + [d.text for d in conll])))),
        "size_mb": round(size_mb(args.model), 1),
    }
    print(json.dumps(results, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
