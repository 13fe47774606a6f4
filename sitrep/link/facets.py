"""Which part of an attack an event word names: the firing, a person hit, an injury, a death.

sitrep keeps one event per incident: the shots fired, the people they hit, the wounded and the
dead of one shooting are one record (its `size.injured`, `size.dead`). Event coreference schemes
finer than that (GVC's "firing a gun", "hitting", "injuring", "death", Vossen et al. 2018) make
each of these a chain of its own within the incident, so a mention is identified by its
incident's event *and* the facet its word names. Words that name the incident as a whole ("the
incident", "the tragedy", "it") have no facet: they are the event itself.

The word is read from sitrep's own parse (lemma and part of speech), never from gold labels.
"""

from __future__ import annotations

from spacy.tokens import Token

FIRING = "firing"
HIT = "hit"
INJURY = "injury"
DEATH = "death"

# Lemmas as sitrep's lemmatizer gives them. The lists are English vocabulary for each part of a
# shooting, not fitted; GVC dev (the 40 documents `sitrep eval gvc --limit 40` reads) was used
# only to check that each word is read the way the scheme reads it.
_DEATH = frozenset({
    "die", "dead", "death", "kill", "killing", "fatal", "fatally", "deadly", "homicide", "murder", "manslaughter",
    "suicide", "body", "corpse", "slay", "slaying", "deceased", "decease", "lifeless", "autopsy", "mourn",
    "mourning", "grieve",
})
_INJURY = frozenset({"injure", "injured", "injury", "wound", "wounded", "hurt", "hospitalize", "condition", "surgery",
                     "paralyze"})
# The act of shooting as an occurrence ("the shooting", "shots rang out", "opened fire") and the
# one doing it: the scheme files "the shooter" under the firing.
_FIRING = frozenset({"shooting", "shot", "gunshot", "gunfire", "shootout", "fire", "discharge", "crossfire",
                     "shooter", "gunman"})
_SHOOT = frozenset({"shoot", "shot", "shots", "shooting", "shootings", "shoots"})
_HIT = frozenset({"strike", "hit"})
# Determiners and numbers before "shot" make it a noun, the firing ("a shot", "two shots").
_NOUN_MARKS = frozenset({"det", "nummod", "amod"})


def facet(token: Token) -> str | None:
    """FIRING, HIT, INJURY, DEATH for the head word of an event mention of a shooting report, else None.

    Read off the lemma and the surface form, since the lemmatizer keeps some forms as they are
    ("injured", "dying") and headlines are tagged poorly ("Girl shot in Moretown" gives a noun).
    "Shot" and "shooting" tell of a person hit when someone is their object or subject of the
    passive ("shooting his teammate", "she was shot", "girl shot"), of the firing otherwise
    ("the shooting", "a shot", "started shooting in the air")."""
    text, lemma = token.text.lower(), token.lemma_.lower()
    words = {text, lemma} | ({"die"} if text == "dying" else set()) | ({"grieve"} if text == "grieving" else set())
    if words & _DEATH:
        return DEATH
    if words & _INJURY:
        return INJURY
    if text in _SHOOT or lemma == "shoot":
        deps = {child.dep_ for child in token.children}
        if deps & {"obj", "nsubj:pass", "aux:pass"}:
            return HIT
        if text.startswith("shooting") or text == "shots" or deps & _NOUN_MARKS:
            return FIRING
        return HIT
    if words & _HIT and token.pos_ in ("VERB", "AUX"):
        return HIT
    if words & _FIRING:
        return FIRING
    return None
