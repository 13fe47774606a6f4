"""Train floret subword vectors on unlabelled news text from ../shared/data (no labels are read).

Text: GVA article bodies, MUC-4 *train* document texts, CoNLL-2003 train and UD EWT train sentences,
all lower-cased (the vectors are keyed on LOWER, so capitals and lower case share them). floret
stores subword n-grams in a small hash table, so any word, unseen ones included, gets a vector, and
the table stays small enough to ship (bucket x dim floats).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[1] / "shared" / "data"
TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")


def texts(data: Path):
    with (data / "gva" / "documents.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line).get("content") or ""
    with (data / "muc4" / "processed" / "gtt" / "train.json").open(encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line).get("doctext") or ""
    for line in (data / "ner" / "conll2003" / "train.txt").read_text(encoding="utf-8").split("\n\n"):
        yield " ".join(row.split(" ")[0] for row in line.splitlines() if row and not row.startswith("-DOCSTART-"))
    for line in (data / "ud_english_ewt" / "en_ewt-ud-train.conllu").read_text(encoding="utf-8").splitlines():
        if line.startswith("# text = "):
            yield line[len("# text = "):]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=HERE / "output" / "vectors")
    parser.add_argument("--dim", type=int, default=64)
    parser.add_argument("--bucket", type=int, default=20000)
    args = parser.parse_args()
    import floret

    args.out.parent.mkdir(parents=True, exist_ok=True)
    corpus = args.out.parent / "vectors_corpus.txt"
    with corpus.open("w", encoding="utf-8") as handle:
        for text in texts(args.data):
            tokens = TOKEN.findall(text.lower())
            if tokens:
                handle.write(" ".join(tokens) + "\n")
    model = floret.train_unsupervised(str(corpus), model="cbow", mode="floret", hashCount=2, bucket=args.bucket,
                                      minn=4, maxn=5, minCount=3, dim=args.dim, epoch=5, thread=2)
    floret_file = args.out.parent / "vectors.floret"
    model.save_floret_vectors(str(floret_file))
    subprocess.run([sys.executable, "-m", "spacy", "init", "vectors", "en", str(floret_file), str(args.out),
                    "--mode", "floret", "--attr", "LOWER"], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
