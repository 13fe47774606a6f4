"""sitrep.ingest.dedup: wire copies are found, independent reports are not, signatures persist."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.ingest import NearDuplicateIndex, from_bytes, iter_articles, link_duplicates, signature, signature_bytes
from sitrep.ingest.dedup import NUM_PERM, shingles
from sitrep.records import Article

EXAMPLES = Path(__file__).resolve().parents[2] / "sitrep" / "examples"


def example_text(name: str) -> str:
    (article,) = [a for a in iter_articles([EXAMPLES / name]) if isinstance(a, Article)]
    return article.text


@pytest.fixture(scope="module")
def kirkuk() -> dict[str, str]:
    return {
        "meridian": example_text("01_meridian_kirkuk_bombing.txt"),
        "ledger": example_text("02_ledger_kirkuk_bombing.txt"),
        "wire_copy": example_text("03_harbour_kirkuk_wire_copy.txt"),
    }


def test_wire_copy_is_found_and_independent_report_is_not(kirkuk):
    index = NearDuplicateIndex()
    index.add("meridian", kirkuk["meridian"])
    assert index.query(kirkuk["wire_copy"]) == "meridian"
    # Same event, same day, same names, but the Ledger wrote its own story: not a copy.
    assert index.query(kirkuk["ledger"]) is None


def test_query_returns_the_best_match_and_can_exclude_an_id(kirkuk):
    index = NearDuplicateIndex()
    index.add("ledger", kirkuk["ledger"])
    index.add("meridian", kirkuk["meridian"])
    index.add("copy", kirkuk["wire_copy"])
    assert index.query(kirkuk["meridian"]) == "meridian"
    assert index.query(kirkuk["meridian"], exclude="meridian") == "copy"


def test_threshold_separates_trimmed_copies_from_part_rewrites(kirkuk):
    index = NearDuplicateIndex()
    index.add("meridian", kirkuk["meridian"])
    own, other = kirkuk["meridian"].split("\n\n"), kirkuk["ledger"].split("\n\n")
    assert len(own) == len(other) == 8
    one_edit = kirkuk["meridian"].replace("three people", "four people")
    assert signature(kirkuk["meridian"]).jaccard(signature(one_edit)) > 0.9
    assert index.query(one_edit) == "meridian"
    trimmed = "\n\n".join(own[:-1])  # a copy with its last paragraph cut
    assert index.query(trimmed) == "meridian"
    # Five of eight paragraphs copied, three rewritten: estimated Jaccard about 0.55.
    part_rewrite = "\n\n".join(own[:5] + other[5:])
    assert 0.3 < signature(kirkuk["meridian"]).jaccard(signature(part_rewrite)) < 0.75
    assert index.query(part_rewrite) is None


def test_signature_bytes_round_trip_and_rebuilt_index(kirkuk):
    data = signature_bytes(kirkuk["meridian"])
    assert isinstance(data, bytes) and len(data) == NUM_PERM * 4
    assert signature_bytes(kirkuk["meridian"]) == data  # stable: same text, same bytes
    assert from_bytes(data).jaccard(signature(kirkuk["meridian"])) == 1.0
    rebuilt = NearDuplicateIndex.from_signatures([("meridian", data), ("ledger", signature_bytes(kirkuk["ledger"]))])
    assert len(rebuilt) == 2 and "meridian" in rebuilt
    assert rebuilt.query(kirkuk["wire_copy"]) == "meridian"


def test_from_bytes_rejects_wrong_length():
    with pytest.raises(ValueError, match="4-byte"):
        from_bytes(b"\x00" * 10)


def test_adding_an_id_twice_is_harmless(kirkuk):
    index = NearDuplicateIndex()
    index.add("meridian", kirkuk["meridian"])
    index.add("meridian", kirkuk["meridian"])
    assert len(index) == 1


def test_short_texts_have_one_shingle():
    assert shingles("Three killed") == {"three killed"}
    assert shingles("") == set()
    assert len(shingles("one two three four five six")) == 2


def test_link_duplicates_marks_later_copies_only():
    articles = [a for a in iter_articles([EXAMPLES]) if isinstance(a, Article)]
    linked = {Path(a.origin).name: a for a in link_duplicates(articles)}
    original = linked["01_meridian_kirkuk_bombing.txt"]
    assert linked["03_harbour_kirkuk_wire_copy.txt"].duplicate_of == original.id
    assert original.duplicate_of is None
    assert [name for name, a in linked.items() if a.duplicate_of] == ["03_harbour_kirkuk_wire_copy.txt"]


def test_link_duplicates_follows_chains_to_the_first_copy(kirkuk):
    texts = [kirkuk["meridian"], kirkuk["wire_copy"], kirkuk["wire_copy"].replace("urged", "asked")]
    articles = [Article(id=f"a{i}", text=t) for i, t in enumerate(texts)]
    assert [a.duplicate_of for a in link_duplicates(articles)] == [None, "a0", "a0"]
