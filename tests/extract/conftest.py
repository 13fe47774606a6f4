"""Shared fixtures for the extraction tests: sitrep's own spaCy pipeline, loaded once."""

from __future__ import annotations

import pytest
from spacy.language import Language

from sitrep.analyze.nlp import load_nlp


@pytest.fixture(scope="session")
def nlp() -> Language:
    # About 5 s; every test that parses a hand-written sentence shares this one pipeline.
    return load_nlp()
