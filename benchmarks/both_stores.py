"""The same open GVA articles into a new SQLite file and a new PostgreSQL schema: are the exports equal?

    python benchmarks/both_stores.py [--limit 260] [--db postgresql://postgres@127.0.0.1:5432/test]

tests/e2e/test_both_stores.py checks this on the nine examples; linking only shows store-dependent
behaviour (the order of blocking candidates) on more articles than that, too many for CI.
Prints JSON: both stores' counts and whether the exports are identical (exit 1 if not).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_out import DOCUMENTS, drop_schema, fresh_schema  # noqa: E402


def main() -> int:
    import sitrep

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=260)
    parser.add_argument("--db", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--documents", type=Path, default=DOCUMENTS)
    args = parser.parse_args()
    report = {"articles": args.limit}
    exports = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "articles.jsonl"
        with args.documents.open(encoding="utf-8") as source:
            path.write_text("".join(line for _, line in zip(range(args.limit), source)), encoding="utf-8")
        for name, url in (("sqlite", str(Path(folder) / "s.db")), ("postgresql", fresh_schema(args.db))):
            handle = sitrep.open(url)
            handle.run([path])
            out = io.StringIO()
            handle.export("jsonl", out)
            exports[name] = out.getvalue()
            report[name] = handle.store.counts()
            handle.close()
            if name == "postgresql":
                drop_schema(args.db, url)
    report["identical_exports"] = exports["sqlite"] == exports["postgresql"]
    print(json.dumps(report, indent=1))
    return 0 if report["identical_exports"] else 1


if __name__ == "__main__":
    sys.exit(main())
