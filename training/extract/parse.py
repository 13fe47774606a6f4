"""Parse the training corpora for the extraction models once, with sitrep's own pipeline.

    python training/extract/parse.py [--out training/corpus/extract] [--limit N]

Writes one DocBin per source (muc4_train, muc4_dev, gva), each doc carrying its source id in
`doc.user_data["id"]`. Parsing is the slow part of building the extraction models (about 5
minutes on 2 cores); features are read off these docs by `training/extract/build.py`, with the
same feature code the pipeline runs (`sitrep.extract.roles`), so training and use cannot drift.

Kept out on purpose: MUC-4 and GVDB test splits (held out, not in ../shared/data), and GVA
articles of incidents that carry a GVDB annotation (GVDB articles overlap GVA's; keeping them out
keeps GVDB's splits clean, test included).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from spacy.tokens import DocBin  # noqa: E402

from sitrep.analyze.nlp import load_nlp  # noqa: E402

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
OUT = Path(__file__).resolve().parents[1] / "corpus" / "extract"


def muc4(split: str) -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in (DATA / "muc4" / "processed" / "gtt" / f"{split}.json").open(encoding="utf-8")]
    return [(row["docid"], row["doctext"]) for row in rows]


def gva() -> list[tuple[str, str]]:
    incidents = [json.loads(line) for line in (DATA / "gva" / "incidents.jsonl").open(encoding="utf-8")]
    annotated = {i["gva_incident_id"] for i in incidents if i.get("gvdb_annotation")}
    out = []
    for line in (DATA / "gva" / "documents.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        text = (row.get("content") or "").strip()
        if text and row["gva_incident_id"] not in annotated:
            out.append((row["doc_id"], text))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    nlp = load_nlp()
    for name, items in (("muc4_train", muc4("train")), ("muc4_dev", muc4("dev")), ("gva", gva())):
        items = items[: args.limit] if args.limit else items
        docbin = DocBin(store_user_data=True)
        for (doc_id, _), doc in zip(items, nlp.pipe((text for _, text in items), batch_size=32)):
            doc.user_data = {"id": doc_id}
            docbin.add(doc)
        docbin.to_disk(args.out / f"{name}.spacy")
        print(f"{name}: {len(items)} docs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
