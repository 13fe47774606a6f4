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
    """Line breaks that end a sentence: after a blank line, after a line that ends in sentence-final
    punctuation, or after a short line without it (a headline, dateline or caption). A line wrapped
    in mid-sentence is left to the parser."""
    text = doc.text
    tokens = iter(doc)
    previous = next(tokens, None)
    for token in tokens:
        if not token.is_space:
            if text.find("\n", previous.idx, token.idx) == -1:
                # Within a line, a sentence starts only after sentence-final punctuation: this keeps a
                # small parser from cutting "..., Amir Khan Muttaqi, on Sunday" off its sentence.
                if not (previous.is_punct and previous.text[-1] in ".!?:;”\"'’)]…") and not previous.text.endswith("."):
                    token.is_sent_start = False
            else:
                gap = text[previous.idx : token.idx]
                line_end = text.rfind("\n", 0, token.idx)
                line_start = text.rfind("\n", 0, max(0, line_end - 1)) + 1
                previous_line = text[line_start:line_end].strip()
                if "\n\n" in gap.replace(" ", "") or not previous_line or previous_line[-1] in ".!?:”\"'" or len(previous_line) < 90:
                    token.is_sent_start = True
        previous = token
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
