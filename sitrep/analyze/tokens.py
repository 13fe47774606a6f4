"""A parsed doc's token data as plain lists, read once per doc and shared by the extraction stages.

Every `doc[i]`, every walk over a sentence and every `token.lower_` builds a Token object or looks
a string up; the extraction stages (triggers, mentions, statements, roles, places) each walked
every sentence again, some once per mention, so that a profile of 200 GVA articles counted 2.4
million `Doc.__getitem__` calls. `DocTokens` reads the columns they ask for with one
`Doc.to_array` and keeps the doc's Token objects in one list.

`shared(doc)` makes one `DocTokens` the doc's for the length of a `with` block (the extractor's
pass over a report); `of(doc)` returns that one, or a new one outside such a block. The data is
dropped when the block ends: it holds Token objects, which hold the doc, so left on the doc it
would keep it alive until the cycle collector ran.
"""

from __future__ import annotations

import bisect
import operator
from contextlib import contextmanager
from typing import Iterator

import numpy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, IS_PUNCT, IS_SPACE, IS_STOP, LEMMA, LOWER, ORTH, POS, SENT_START, SHAPE, SPACY, TAG
from spacy.tokens import Doc, Span, Token

_KEY = "sitrep_tokens"


class DocTokens:
    """Per token of one doc: its text forms, tags, parse and entity tags, as lists by index."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        strings = doc.vocab.strings
        columns = doc.to_array([LOWER, LEMMA, POS, TAG, DEP, ENT_TYPE, ENT_IOB, SHAPE, HEAD, IS_PUNCT, ORTH, SENT_START, IDX,
                                IS_STOP, IS_SPACE, SPACY])
        self.n = n = len(doc)
        # Each distinct string key looked up once, then every column mapped through one dict in C
        # (`map(dict.__getitem__)`), not a Python call per token and column (704,696 on 200 GVA
        # articles): 0.109 s against 0.118 per 100 GVA docs.
        keyed = columns[:, [0, 1, 2, 3, 4, 5, 7, 10]]
        text_of = {key: strings[key] if key else "" for key in numpy.unique(keyed).tolist()}.__getitem__
        self.lower = list(map(text_of, columns[:, 0].tolist()))
        self.orth = orth = list(map(text_of, columns[:, 10].tolist()))
        # as `(token.lemma_ or token.text).lower()`
        self.lemma = [(lemma or o).lower() for lemma, o in zip(map(text_of, columns[:, 1].tolist()), orth)]
        self.pos = list(map(text_of, columns[:, 2].tolist()))
        self.tag = list(map(text_of, columns[:, 3].tolist()))
        self.dep = list(map(text_of, columns[:, 4].tolist()))
        self.ent = list(map(text_of, columns[:, 5].tolist()))
        self.iob = list(map(("", "I", "O", "B").__getitem__, columns[:, 6].tolist()))
        self.shape = [shape[:4] for shape in map(text_of, columns[:, 7].tolist())]  # the first four: what the role features use
        # HEAD is an offset stored unsigned: view it signed
        self.head = (columns[:, 8].view(numpy.int64) + numpy.arange(n)).tolist()
        self.punct = columns[:, 9].astype(bool).tolist()
        self.idx = columns[:, 12].tolist()
        self.stop = columns[:, 13].astype(bool).tolist()
        self.space = columns[:, 14].astype(bool).tolist()
        self._with_ws = columns[:, 15].tolist()
        # sentences as (start, end) token ranges; doc.sents walks every Token to find them
        firsts = [0] + [i for i in numpy.flatnonzero(columns[:, 11].view(numpy.int64) == 1).tolist() if i > 0]
        self.sentences = list(zip(firsts, firsts[1:] + [n])) if n else []
        self.children: list[list[int]] = [[] for _ in range(n)]
        for i, h in enumerate(self.head):
            if h != i:
                self.children[h].append(i)
        # subtree edges, children before parents
        self.left = list(range(n))
        self.right = list(range(n))
        order, stack = [], [i for i, h in enumerate(self.head) if h == i]
        while stack:
            node = stack.pop()
            order.append(node)
            stack.extend(self.children[node])
        for node in reversed(order):
            for child in self.children[node]:
                self.left[node] = min(self.left[node], self.left[child])
                self.right[node] = max(self.right[node], self.right[child])
        self._tokens: list[Token] | None = None
        self._text: str | None = None

    @property
    def tokens(self) -> list[Token]:
        """The doc's Token objects, made once."""
        if self._tokens is None:
            self._tokens = list(self.doc)
        return self._tokens

    def of(self, span: Span) -> list[Token]:
        """The Token objects of a span of this doc (a sentence), without making them again."""
        return self.tokens[span.start : span.end]

    @property
    def text(self) -> str:
        if self._text is None:
            # `doc.text`, joined from the token lists: `doc.text` makes a Token per word (6.7 ms
            # against 13.4 per 100 GVA docs)
            self._text = "".join(map(operator.add, self.orth, map(("", " ").__getitem__, self._with_ws)))
        return self._text

    def span_text(self, span: Span) -> str:
        """`span.text`, cut from the doc's text rather than joined from the span's tokens."""
        return self.text[span.start_char : span.end_char]

    def attachment(self, start_char: int, end_char: int) -> tuple[int, int] | None:
        """(root, head) of the tokens covering a character range (a time expression found in the
        text, not by the parser): its root is the token whose head lies outside the range, the
        head the word the phrase attaches to ("Sunday" -> "shooting" in "Sunday's shooting").
        None where no token starts in the range, or where the phrase is its sentence's root."""
        first = bisect.bisect_left(self.idx, start_char)
        last = bisect.bisect_left(self.idx, end_char)
        for i in range(first, last):
            head = self.head[i]
            if not first <= head < last:
                return i, head
        return None


def of(doc: Doc) -> DocTokens:
    """The doc's shared token data inside `shared(doc)`, else a new one."""
    found = doc.user_data.get(_KEY)
    return found if found is not None else DocTokens(doc)


@contextmanager
def shared(doc: Doc) -> Iterator[DocTokens]:
    """One `DocTokens` for every `of(doc)` within the block; dropped from the doc after it."""
    found = doc.user_data.get(_KEY)
    if found is not None:  # a block inside another: the outer one's data
        yield found
        return
    data = doc.user_data[_KEY] = DocTokens(doc)
    try:
        yield data
    finally:
        doc.user_data.pop(_KEY, None)
