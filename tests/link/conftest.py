"""The linker's end-to-end tests parse hand-written reports with sitrep's own pipeline, loaded once
(the fixture the extraction tests use)."""

from tests.extract.conftest import nlp  # noqa: F401
