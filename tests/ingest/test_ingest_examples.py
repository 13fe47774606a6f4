"""sitrep/examples: the invented reports read as the README's expected-outcome table says."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sitrep.ingest import Skipped, iter_articles, link_duplicates
from sitrep.records import Article

EXAMPLES = Path(__file__).resolve().parents[2] / "sitrep" / "examples"


@pytest.fixture(scope="module")
def expected() -> dict:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?)```", readme, re.DOTALL)
    assert block, "README.md needs its ```json expected-outcome block"
    return json.loads(block.group(1))


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    records = list(iter_articles([EXAMPLES]))
    assert not [r for r in records if isinstance(r, Skipped)], records
    return {str(Path(a.origin).relative_to(EXAMPLES)): a for a in link_duplicates(records)}


def test_every_example_reads_as_expected(articles, expected):
    assert sorted(articles) == sorted(expected["articles"])
    for origin, want in expected["articles"].items():
        article = articles[origin]
        assert article.publication == want["publication"], origin
        assert article.published == want["published"], origin
        assert article.published_source == want["published_source"], origin
        copied = want["duplicate_of"]
        assert article.duplicate_of == (articles[copied].id if copied else None), origin
        assert article.language == "en", origin


def test_examples_are_marked_invented_but_the_mark_is_not_text(articles):
    for path in sorted(EXAMPLES.iterdir()):
        assert "INVENTED" in path.read_text(encoding="utf-8")[:300], path
    for origin, article in articles.items():
        assert "INVENTED" not in article.text and "Note:" not in article.text, origin


def test_examples_cover_the_brief(articles, expected):
    assert len(articles) >= 8
    assert len({a.publication for a in articles.values()}) >= 3
    assert {Path(origin.split(":")[0]).suffix for origin in articles} == {".txt", ".html", ".jsonl"}
    for origin, article in articles.items():
        assert 150 <= len(article.text.split()) <= 400, origin
    all_text = "\n".join(a.text for a in articles.values())
    for variants in expected["entity_variants"]:
        for name in variants:
            assert name in all_text, name
