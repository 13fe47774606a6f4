"""Loading sitrep's own spaCy pipeline (trained by `make model` from ../shared/data).

The model is a setting: `SITREP_MODEL` (a path to any spaCy pipeline directory) overrides the
packaged one. There is no silent fallback to something weaker: a missing model is an error that
says how to build it.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .. import errors

log = logging.getLogger(__name__)

PACKAGED_MODEL = Path(__file__).resolve().parent.parent / "models" / "sitrep_en"


def model_path() -> Path:
    return Path(os.environ.get("SITREP_MODEL") or PACKAGED_MODEL)


@Language.component("sitrep_line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines and captions stand on lines of their own
    and must not run into the next paragraph's first sentence (the parser then keeps them apart)."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text_with_ws and not token.is_space:
            token.is_sent_start = True
        elif previous.is_space and "\n" in previous.text:
            token.is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_nlp(path: str | None = None) -> Language:
    """Load (once per process) the pipeline at `path`, or the configured default."""
    location = Path(path) if path else model_path()
    if not (location / "config.cfg").is_file():
        raise errors.ModelError(errors.MODEL_MISSING.format(path=location))
    nlp = spacy.load(location)
    if "parser" in nlp.pipe_names and "sitrep_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("sitrep_line_breaks", before="parser")
    log.info("loaded NLP pipeline %s (%s)", location, ", ".join(nlp.pipe_names))
    return nlp
