"""The facet of a shooting an event word names, read off sitrep's own parse of hand-written sentences."""

from __future__ import annotations

import pytest

from sitrep.link.facets import DEATH, FIRING, HIT, INJURY, facet


def _facet(nlp, sentence: str, word: str) -> str | None:
    doc = nlp(sentence)
    return facet(next(token for token in doc if token.text == word))


@pytest.mark.parametrize(("sentence", "word", "expected"), [
    ("The shooting happened just before midnight at the corner of Mathis and Prentice streets.", "shooting", FIRING),
    ("Neighbors reported a fight before shots were fired.", "shots", FIRING),
    ("Neighbors reported a fight before shots were fired.", "fired", FIRING),
    ("Police have not identified the shooter.", "shooter", FIRING),
    ("A woman was shot in the chest outside the lodge.", "shot", HIT),
    ("A Browns Mills teenager has been charged with shooting his former teammate.", "shooting", HIT),
    ("The boy was struck in the shoulder by a stray bullet.", "struck", HIT),
    ("Three men were also wounded.", "wounded", INJURY),
    ("She suffered minor injuries and was taken to a hospital.", "injuries", INJURY),
    ("The victim is in critical condition.", "condition", INJURY),
    ("Two people were killed.", "killed", DEATH),
    ("Xavier was taken to a local hospital, where he died a short time later.", "died", DEATH),
    ("Officers found the man dead in the apartment.", "dead", DEATH),
    ("Police are investigating the incident.", "incident", None),
])
def test_facet_of_a_word(nlp, sentence: str, word: str, expected: str | None) -> None:
    assert _facet(nlp, sentence, word) == expected
