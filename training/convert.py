"""Convert the annotated corpora in ../shared/data into spaCy DocBin files.

Steps:
1. UD English-EWT (.conllu) -> tagger / lemmatizer / parser corpus, 10 sentences per Doc so the
   parser also learns sentence boundaries.
2. CoNLL-2003 (+ WikiGold, + UNER English-EWT dev) -> NER corpus with the labels sitrep uses:
   PERSON, ORG, LOC, NORP, MISC.

NORP (nationalities and religious / political group words, "Pakistani", "Afghans") is not
annotated in CoNLL-2003; we derive it from the data's own linguistic evidence: a MISC span whose
tokens are all tagged JJ / NNP(S) adjectives-of-origin in CoNLL's POS column, i.e. a single-token MISC
span tagged JJ or NNPS ("German/JJ", "Germans/NNPS"). WikiGold has no POS column, so a WikiGold MISC
token becomes NORP when CoNLL-train used that same word as NORP. UNER labels no nationality words.
CoNLL's PER / LOC become spaCy's PERSON / LOC; GPE is not separated from LOC (no data for it here):
sitrep's gazetteer decides which LOC spans are countries and cities.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin
from spacy.training import biluo_tags_to_spans, iob_to_biluo

LABEL_MAP = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}


def read_conll_columns(path: Path, *, word_col: int, tag_col: int, pos_col: int | None):
    """Yield sentences as lists of (word, pos, tag); -DOCSTART- lines end a document."""
    sentence: list[tuple[str, str | None, str]] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.startswith("#"):
                continue
            if not line.strip():
                if sentence:
                    yield sentence
                sentence = []
                continue
            cols = line.split("\t") if "\t" in line else line.split(" ")
            if cols[0] == "-DOCSTART-":
                continue
            pos = cols[pos_col] if pos_col is not None else None
            sentence.append((cols[word_col], pos, cols[tag_col]))
    if sentence:
        yield sentence


def sentence_to_doc(vocab, sentence, *, norp_words: set[str] | None, collect: set[str] | None) -> Doc:
    words = [w for w, _, _ in sentence]
    tags = [t for _, _, t in sentence]
    doc = Doc(vocab, words=words)
    biluo = iob_to_biluo(tags)
    spans = biluo_tags_to_spans(doc, biluo)
    relabelled = []
    for span in spans:
        label = LABEL_MAP.get(span.label_, span.label_)
        if label == "MISC":
            poses = [sentence[i][1] for i in range(span.start, span.end)]
            if len(span) == 1 and poses[0] in ("JJ", "NNPS"):
                label = "NORP"
                if collect is not None:
                    collect.add(span.text)
            elif norp_words is not None and len(span) == 1 and span.text in norp_words:
                label = "NORP"
        relabelled.append(doc.char_span(span.start_char, span.end_char, label=label))
    doc.ents = relabelled
    return doc


def group(docs: list[Doc], size: int) -> list[Doc]:
    return [Doc.from_docs(docs[i : i + size]) for i in range(0, len(docs), size)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "corpus")
    args = parser.parse_args()
    data: Path = args.data
    if not data.is_dir():
        print(f"training data folder not found: {data} (pass --data)", file=sys.stderr)
        return 2
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank("en")

    conll = data / "ner" / "conll2003"
    norp_words: set[str] = set()
    for split in ("train", "valid", "test"):
        docs = [
            sentence_to_doc(nlp.vocab, s, norp_words=None, collect=norp_words if split == "train" else None)
            for s in read_conll_columns(conll / f"{split}.txt", word_col=0, tag_col=3, pos_col=1)
        ]
        DocBin(docs=group(docs, 10)).to_disk(out / f"conll_{split}.spacy")
        print(f"conll {split}: {len(docs)} sentences")

    wiki = [
        sentence_to_doc(nlp.vocab, s, norp_words=norp_words, collect=None)
        for s in read_conll_columns(data / "ner" / "wikigold" / "wikigold.conll.txt", word_col=0, tag_col=1, pos_col=None)
    ]
    print(f"wikigold: {len(wiki)} sentences")
    uner_dir = data / "uner_english_ewt"
    uner = {
        split: [
            sentence_to_doc(nlp.vocab, s, norp_words=None, collect=None)
            for s in read_conll_columns(uner_dir / f"en_ewt-ud-{split}.iob2", word_col=1, tag_col=2, pos_col=None)
        ]
        for split in ("dev", "test")
    }
    DocBin(docs=group(uner["test"], 10)).to_disk(out / "uner_test.spacy")
    print(f"uner: dev {len(uner['dev'])} test {len(uner['test'])}")
    # NER training = CoNLL train + WikiGold + UNER dev (web text: the domain of the UNER test split).
    train_docs = list(DocBin().from_disk(out / "conll_train.spacy").get_docs(nlp.vocab))
    train_docs += group(wiki, 10) + group(uner["dev"], 10)
    DocBin(docs=train_docs).to_disk(out / "ner_train.spacy")

    ud = data / "ud_english_ewt"
    for split in ("train", "dev", "test"):
        from spacy.training.converters import conllu_to_docs

        text = (ud / f"en_ewt-ud-{split}.conllu").read_text(encoding="utf-8")
        docs = list(conllu_to_docs(text, n_sents=10, merge_subtokens=False, no_print=True))
        DocBin(docs=docs).to_disk(out / f"ud_{split}.spacy")
        print(f"ud {split}: {len(docs)} docs")

    # The joint pipeline (configs/joint.cfg) trains on both kinds of docs at once; each component
    # learns from the annotation a doc has. Dev: UD first, then CoNLL, in ONE file: spaCy 3.8's
    # Scorer.score_deps keeps its set of unannotated token indices across documents, so a CoNLL doc
    # (no dependencies) scored before the UD docs would hide their tokens and report LAS 0.
    joint = out / "joint_train"
    joint.mkdir(exist_ok=True)
    for name in ("ud_train.spacy", "ner_train.spacy"):
        (joint / name).unlink(missing_ok=True)
        shutil.copyfile(out / name, joint / name)
    dev = [doc for name in ("ud_dev.spacy", "conll_valid.spacy") for doc in DocBin().from_disk(out / name).get_docs(nlp.vocab)]
    DocBin(docs=dev).to_disk(out / "joint_dev.spacy")
    print(f"joint: train = UD train + NER train, dev {len(dev)} docs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
