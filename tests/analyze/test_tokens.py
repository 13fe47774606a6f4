"""A doc's shared token lists (sitrep.analyze.tokens): the same values the Token objects give."""

from __future__ import annotations

import pytest
from spacy.language import Language

from sitrep.analyze import tokens
from sitrep.analyze.nlp import load_nlp

TEXT = ("Police said two men were shot dead on Friday in Kirkuk.\n\nThe Islamic State group claimed "
        "responsibility, according to officials.  A third man was injured.")


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def test_the_lists_hold_what_each_token_says(nlp: Language) -> None:
    doc = nlp(TEXT)
    data = tokens.DocTokens(doc)
    assert data.n == len(doc)
    for t in doc:
        i = t.i
        assert (data.lower[i], data.orth[i], data.lemma[i]) == (t.lower_, t.text, (t.lemma_ or t.text).lower())
        assert (data.pos[i], data.tag[i], data.dep[i], data.head[i]) == (t.pos_, t.tag_, t.dep_, t.head.i)
        assert (data.ent[i], data.iob[i], data.idx[i]) == (t.ent_type_, t.ent_iob_, t.idx)
        assert (data.punct[i], data.stop[i], data.space[i]) == (t.is_punct, t.is_stop, t.is_space)
        assert (data.left[i], data.right[i]) == (t.left_edge.i, t.right_edge.i)
        assert data.children[i] == [c.i for c in t.children]
        assert data.tokens[i].i == i
    assert data.sentences == [(s.start, s.end) for s in doc.sents]
    assert data.text == doc.text
    for sent in doc.sents:
        assert data.span_text(sent) == sent.text
        assert [t.i for t in data.of(sent)] == [t.i for t in sent]


def test_shared_gives_one_instance_and_leaves_nothing_on_the_doc(nlp: Language) -> None:
    doc = nlp(TEXT)
    assert tokens.of(doc) is not tokens.of(doc)  # outside a block: made anew
    with tokens.shared(doc) as data:
        assert tokens.of(doc) is data
        with tokens.shared(doc) as inner:
            assert inner is data
        assert tokens.of(doc) is data  # the inner block leaves the outer one's data
    assert "sitrep_tokens" not in doc.user_data
    with pytest.raises(RuntimeError):
        with tokens.shared(doc):
            raise RuntimeError("a stage failed")
    assert "sitrep_tokens" not in doc.user_data


def test_attachment_is_the_word_a_phrase_found_in_the_text_modifies(nlp: Language) -> None:
    text = "The father spoke at a Friday morning press conference."
    data = tokens.DocTokens(nlp(text))
    start = text.index("Friday morning")
    root, head = data.attachment(start, start + len("Friday morning"))
    assert data.orth[root] in {"Friday", "morning"} and data.lemma[head] == "conference"
    # a range with no token in it, and the whole sentence (its root has no head outside it)
    assert data.attachment(text.index("press") + 1, text.index("press") + 2) is None
    assert data.attachment(0, len(text)) is None
