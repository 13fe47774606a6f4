"""Near-duplicate (wire copy) detection: MinHash over word 5-shingles, indexed by LSH.

A wire story syndicated by several outlets is one report, not several: counting each copy
would make a single source look like independent corroboration. Exact copies already share an
article id (a hash of the text); near-copies (a changed headline, a trimmed paragraph, one
edited word) are caught here and linked with ``Article.duplicate_of``.

Signatures are plain bytes (`signature_bytes` / `from_bytes`), so a store can keep them next to
its articles and rebuild the index when it opens (`NearDuplicateIndex.from_signatures`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..records import Article

__all__ = [
    "NUM_PERM",
    "SHINGLE_WORDS",
    "THRESHOLD",
    "NearDuplicateIndex",
    "from_bytes",
    "link_duplicates",
    "shingles",
    "signature",
    "signature_bytes",
    "to_bytes",
]

NUM_PERM = 128
SHINGLE_WORDS = 5
# Jaccard similarity of word 5-shingle sets at or above which two reports are copies of one text.
# Why 0.8: one edited word changes at most 5 of a report's ~200-400 shingles (J > 0.95), and a
# new headline or dropped paragraph keeps J well above 0.8; two outlets writing their own stories
# about the same event share only names and stock phrases (J < 0.2). 0.8 sits between, leaning
# to precision: a missed copy is counted twice, but a false merge would hide an independent
# source. Chosen by that reasoning and checked on sitrep/examples; not tuned on a benchmark.
THRESHOLD = 0.8
# Fixed so that signatures stored in a database stay comparable across runs and versions:
# datasketch's seed and permutation scheme. affine32 keeps 32-bit hash values (4 bytes each).
_SEED = 1
_SCHEME = "affine32"
_DTYPE = "<u4"
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> set[str]:
    """The set of ``size``-word shingles of the lower-cased text (the whole text if shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def signature(text: str) -> MinHash:
    """The MinHash signature of a text's word shingles."""
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in shingles(text)])
    return minhash


def signature_bytes(text: str) -> bytes:
    """A text's signature as bytes (``NUM_PERM`` little-endian uint32), for storing."""
    return to_bytes(signature(text))


def from_bytes(data: bytes) -> MinHash:
    """A signature back from `signature_bytes` output."""
    width = np.dtype(_DTYPE).itemsize
    if len(data) != NUM_PERM * width:
        raise ValueError(f"A signature holds {NUM_PERM} {width}-byte values ({NUM_PERM * width} bytes); got {len(data)} bytes.")
    hashvalues = np.frombuffer(data, dtype=_DTYPE).astype(np.uint32)
    return MinHash(num_perm=NUM_PERM, seed=_SEED, hashvalues=hashvalues, scheme=_SCHEME)


def to_bytes(minhash: MinHash) -> bytes:
    """A signature (from `signature`) as bytes, for storing; `from_bytes` reads it back."""
    return np.asarray(minhash.hashvalues, dtype=_DTYPE).tobytes()


_to_bytes = to_bytes  # the name sitrep.pipeline first imported


class NearDuplicateIndex:
    """Article signatures in a MinHash LSH index: add articles, ask for a text's near-copy.

    LSH finds candidates in time independent of the index size; each candidate's estimated
    Jaccard similarity is then checked against ``threshold``.
    """

    def __init__(self, *, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, MinHash] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._signatures

    def add(self, article_id: str, text: str) -> None:
        """Index an article's text. Adding an id again is a no-op (re-ingesting is harmless)."""
        self.add_signature(article_id, signature(text))

    def add_signature(self, article_id: str, sig: MinHash | bytes) -> None:
        """Index a stored signature (bytes from `signature_bytes`, or a MinHash)."""
        if article_id in self._signatures:
            return
        minhash = from_bytes(sig) if isinstance(sig, bytes) else sig
        self._signatures[article_id] = minhash
        self._lsh.insert(article_id, minhash)

    def query(self, text: str, *, exclude: str | None = None) -> str | None:
        """The id of the indexed article most similar to ``text``, if its estimated Jaccard
        similarity is at least ``threshold``; else None. ``exclude`` skips one id (the text's own)."""
        match = self.best_match(signature(text), exclude=exclude)
        return match[0] if match else None

    def best_match(self, sig: MinHash, *, exclude: str | None = None) -> tuple[str, float] | None:
        """(id, estimated Jaccard) of the best indexed match at or above threshold, or None."""
        best: tuple[str, float] | None = None
        for candidate in sorted(self._lsh.query(sig)):  # sorted: ties resolve the same way every run
            if candidate == exclude:
                continue
            similarity = float(sig.jaccard(self._signatures[candidate]))
            if similarity >= self.threshold and (best is None or similarity > best[1]):
                best = (candidate, similarity)
        return best

    @classmethod
    def from_signatures(
        cls, signatures: Iterable[tuple[str, bytes]], *, threshold: float = THRESHOLD
    ) -> "NearDuplicateIndex":
        """Rebuild an index from stored (article id, signature bytes) pairs."""
        index = cls(threshold=threshold)
        for article_id, data in signatures:
            index.add_signature(article_id, data)
        return index


def link_duplicates(articles: Iterable[Article], index: NearDuplicateIndex | None = None) -> Iterator[Article]:
    """Set ``duplicate_of`` on each article that near-copies one seen before, and index it.

    The first copy seen stays the original; later copies point to it (or to whatever it points
    to, so chains of copies share one original). Articles already in the index pass unchanged.
    """
    index = index if index is not None else NearDuplicateIndex()
    originals: dict[str, str] = {}
    for article in articles:
        if article.id not in index:
            sig = signature(article.text)
            match = index.best_match(sig, exclude=article.id)
            if match is not None and article.duplicate_of is None:
                article.duplicate_of = originals.get(match[0], match[0])
            index.add_signature(article.id, sig)
        if article.duplicate_of is not None:
            originals[article.id] = article.duplicate_of
        yield article
