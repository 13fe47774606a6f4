"""Ingest: reports in (text, HTML, JSON lines, WARC, RSS/Atom, stdin), `Article` records out.

    iter_articles(paths)        -> Article | Skipped, one per report or bad item
    link_duplicates(articles)   -> the same articles, wire copies marked with duplicate_of
    NearDuplicateIndex          -> the MinHash LSH index behind it, storable as signature bytes

A bad item never stops a batch: it comes out as a `Skipped` (item, one-line reason, code).
"""

from __future__ import annotations

from .dates import date_from_text, parse_date_value
from .dedup import NearDuplicateIndex, from_bytes, link_duplicates, signature, signature_bytes, to_bytes
from .readers import DEFAULT_MAX_BYTES, SKIP_CODES, Skipped, iter_articles

__all__ = [
    "DEFAULT_MAX_BYTES",
    "NearDuplicateIndex",
    "SKIP_CODES",
    "Skipped",
    "date_from_text",
    "from_bytes",
    "iter_articles",
    "link_duplicates",
    "parse_date_value",
    "signature",
    "signature_bytes",
    "to_bytes",
]
