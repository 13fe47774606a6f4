"""Helpers for the tests that run `sitrep run` as real processes on one store."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import sitrep

EXAMPLES = Path(sitrep.__file__).resolve().parent / "examples"
GVA_DOCUMENTS = Path(__file__).resolve().parents[3] / "shared" / "data" / "gva" / "documents.jsonl"
SITREP = str(Path(sys.executable).with_name("sitrep"))


def gva_lines(n: int) -> list[str]:
    """The first `n` open GVA articles, as JSON lines (the file keeps one incident's reports
    together, so neighbouring lines often report the same shooting)."""
    with GVA_DOCUMENTS.open(encoding="utf-8") as handle:
        return [line for _, line in zip(range(n), handle)]


def start_run(paths: list[Path | str], url: str, *, log: Path, batch_size: int = 32, verbose: bool = False) -> subprocess.Popen:
    """`sitrep run PATHS --db URL --json` in its own process, stdout and stderr to `log`."""
    handle = log.open("w")
    options = ["--verbose"] if verbose else []
    return subprocess.Popen([SITREP, "run", *map(str, paths), "--db", url, "--json", "--batch-size", str(batch_size), *options], stdout=handle,
                            stderr=subprocess.STDOUT, env=os.environ | {"PYTHONHASHSEED": "0"})


def summary_of(log: Path) -> dict:
    """The JSON run summary a finished `start_run` process printed (after any log lines)."""
    text = log.read_text()
    return json.loads(text[text.index("{\n"):])


def export_lines(handle) -> list[str]:
    out = io.StringIO()
    handle.export("jsonl", out)
    return out.getvalue().splitlines()
