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

from .. import errors

log = logging.getLogger(__name__)

PACKAGED_MODEL = Path(__file__).resolve().parent.parent / "models" / "sitrep_en"


def model_path() -> Path:
    return Path(os.environ.get("SITREP_MODEL") or PACKAGED_MODEL)


@lru_cache(maxsize=4)
def load_nlp(path: str | None = None) -> Language:
    """Load (once per process) the pipeline at `path`, or the configured default."""
    location = Path(path) if path else model_path()
    if not (location / "config.cfg").is_file():
        raise errors.ModelError(errors.MODEL_MISSING.format(path=location))
    nlp = spacy.load(location)
    log.info("loaded NLP pipeline %s (%s)", location, ", ".join(nlp.pipe_names))
    return nlp
