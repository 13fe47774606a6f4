"""sitrep.ingest's public surface is what its __all__ says, sorted."""

from __future__ import annotations

import sitrep.ingest as ingest
from sitrep.ingest import Skipped, from_bytes, signature, to_bytes


def test_all_is_sorted_and_importable():
    assert ingest.__all__ == sorted(ingest.__all__)
    for name in ingest.__all__:
        assert hasattr(ingest, name), name
    assert {"iter_articles", "Skipped", "NearDuplicateIndex", "signature_bytes", "from_bytes"} <= set(ingest.__all__)


def test_skipped_is_a_small_record():
    skipped = Skipped(item="a.txt", reason="a.txt is empty", code="empty")
    assert skipped.to_dict() == {"item": "a.txt", "reason": "a.txt is empty", "code": "empty"}


def test_to_bytes_round_trips_a_signature():
    sig = signature("A bomb exploded near the bus station in the northern city on Tuesday morning.")
    assert from_bytes(to_bytes(sig)).jaccard(sig) == 1.0
