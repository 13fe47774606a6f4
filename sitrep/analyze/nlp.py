"""Loading sitrep's own spaCy pipeline (trained by `make model` from ../shared/data).

The model is a setting: `SITREP_MODEL` (a path to any spaCy pipeline directory) overrides the
packaged one. There is no silent fallback to something weaker: a missing model is an error that
says how to build it.
"""

from __future__ import annotations

import logging
import os
import re
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import numpy
import spacy
from spacy.attrs import IDX, IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import use_ops

from .. import errors
from ..memory import keep_loaded, release_freed

log = logging.getLogger(__name__)

PACKAGED_MODEL = Path(__file__).resolve().parent.parent / "models" / "sitrep_en"
_NEWLINE = re.compile("\n")

# Characters parsed together in one `nlp.pipe` batch. The pipeline's memory while it runs grows
# with the batch's tokens (tok2vec: about 3 KB a character), so a 100,000-character report parsed
# with 31 others took 130 MB more than parsed alone; batches of about this size keep that bounded
# (a GVA article is 1,750 characters on average: about 14 to a batch). Batching does not change
# the parses (each doc is computed on its own tokens).
PARSE_BATCH_CHARS = 25_000


def model_path() -> Path:
    return Path(os.environ.get("SITREP_MODEL") or PACKAGED_MODEL)


# Characters that, ending the previous token, let a new sentence start within a line.
_FINAL = ".!?:;”\"'’)]…"


@Language.component("sitrep_line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """Line breaks that end a sentence: after a blank line, after a line that ends in sentence-final
    punctuation, or after a short line without it (a headline, dateline or caption). A line wrapped
    in mid-sentence is left to the parser.

    Within a line, a sentence starts only after sentence-final punctuation: this keeps a small
    parser from cutting "..., Amir Khan Muttaqi, on Sunday" off its sentence. Worked on arrays
    (token offsets, one test per distinct word), since a loop over Token objects took an eighth
    of the whole pipeline's time.
    """
    n = len(doc)
    if n < 2:
        return doc
    text = doc.text
    starts = doc.to_array(IDX).astype(numpy.int64)
    orths = doc.to_array(ORTH)
    is_space = doc.to_array(IS_SPACE).astype(bool)
    # the previous token lets a sentence start within the line: sentence-final punctuation, or a
    # word ending in a full stop ("Dr.", "U.S.")
    vocab = doc.vocab
    final = [orth for orth in numpy.unique(orths).tolist()
             if (vocab[orth].is_punct and vocab.strings[orth][-1:] in _FINAL) or vocab.strings[orth].endswith(".")]
    after_final = numpy.isin(orths, numpy.asarray(final, dtype=orths.dtype))
    newlines = numpy.fromiter((m.start() for m in _NEWLINE.finditer(text)), dtype=numpy.int64)
    # a newline between the start of the previous token and the start of this one
    broken = numpy.searchsorted(newlines, starts[1:]) > numpy.searchsorted(newlines, starts[:-1])
    sent_starts = numpy.zeros(n, dtype=numpy.int32)  # 0: the parser decides
    sent_starts[0] = {True: 1, False: -1}.get(doc[0].is_sent_start, 0)  # the first token as it was
    within = ~broken & ~is_space[1:] & ~after_final[:-1]
    sent_starts[1:][within] = -1
    for i in (numpy.flatnonzero(broken & ~is_space[1:]) + 1).tolist():
        token_start = int(starts[i])
        gap = text[int(starts[i - 1]) : token_start]
        line_end = text.rfind("\n", 0, token_start)
        line_start = text.rfind("\n", 0, max(0, line_end - 1)) + 1
        previous_line = text[line_start:line_end].strip()
        if "\n\n" in gap.replace(" ", "") or not previous_line or previous_line[-1] in ".!?:”\"'" or len(previous_line) < 90:
            sent_starts[i] = 1
    doc.from_array([SENT_START], sent_starts.reshape(-1, 1).astype(numpy.uint64))
    return doc


def parse(nlp: Language, texts: Sequence[str]) -> Iterator[Doc]:
    """`nlp.pipe` over `texts`, in batches of at most PARSE_BATCH_CHARS characters (a longer text
    alone). Before each batch the memory freed since (the last parse, the work done on its docs)
    is handed back, so the next parse's peak adds to what is alive, not to what was."""
    start = 0
    while start < len(texts):
        end, size = start + 1, len(texts[start])
        while end < len(texts) and size + len(texts[end]) <= PARSE_BATCH_CHARS:
            size += len(texts[end])
            end += 1
        release_freed()
        yield from nlp.pipe(texts[start:end], batch_size=end - start)
        start = end


# Parsed headlines by their text (white space made single), the latest HEADLINES_KEPT: a batch's
# are parsed together before its reports are read (`parse_headlines`), since a headline parsed on
# its own cost 4 ms of spaCy's per-call overhead (0.8 of 19 profiled seconds on 200 GVA articles).
HEADLINES_KEPT = 256
_headlines: OrderedDict[str, Doc] = OrderedDict()


def _headline_key(title: str | None) -> str:
    return " ".join((title or "").split())


def parse_headlines(nlp: Language, titles: Sequence[str | None]) -> None:
    """Parse the batch's headlines not parsed yet, in one `nlp.pipe`, for `parsed_headline`."""
    new = list(dict.fromkeys(k for t in titles if (k := _headline_key(t)) and k not in _headlines))
    for key, doc in zip(new, nlp.pipe(new, batch_size=max(1, len(new)))):
        _headlines[key] = doc
    while len(_headlines) > HEADLINES_KEPT:
        _headlines.popitem(last=False)


def parsed_headline(title: str | None) -> Doc | None:
    """A report's headline parsed with the shipped pipeline (an article's text is parsed without
    its headline), its white space made single; None for no headline. The batch's parse where
    `parse_headlines` made one, else parsed now."""
    key = _headline_key(title)
    if not key:
        return None
    if key not in _headlines:
        parse_headlines(load_nlp(), [key])
    return _headlines[key]


@lru_cache(maxsize=4)
def load_nlp(path: str | None = None) -> Language:
    """Load (once per process) the pipeline at `path`, or the configured default."""
    location = Path(path) if path else model_path()
    if not (location / "config.cfg").is_file():
        raise errors.ModelError(errors.MODEL_MISSING.format(path=location))
    # thinc's CPU backend multiplies matrices with BLIS unless told not to; numpy's OpenBLAS does the
    # same products (float32, same shapes) about 3x faster on this project's VMs (AMD EPYC, one
    # thread: 3000x288 @ 288x288 in 4.0 ms against 12.6 ms; 3000x96 @ 96x1700, the lemmatizer's
    # output layer, 8.6 against 24.6), so the whole pipeline ran in 4.9-5.0 s of CPU instead of
    # 7.6-7.9 on 200 GVA articles with every tag, parse, lemma and entity unchanged. Models take
    # their ops when built, so the choice is made around the load.
    with use_ops("numpy", use_blis=False):
        nlp = spacy.load(location)
    if "parser" in nlp.pipe_names and "sitrep_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("sitrep_line_breaks", before="parser")
    log.info("loaded NLP pipeline %s (%s)", location, ", ".join(nlp.pipe_names))
    keep_loaded()
    return nlp
