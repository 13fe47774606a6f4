"""Argument roles by candidate classification: who did it, to whom, with what.

1. Candidates: every noun phrase of a parsed report, in up to three extents per head noun (the
   named entity, the bare phrase "las canas bridge", the phrase with its "of" complement
   "members of the fmln"), since benchmarks and readers differ on where a filler ends.
2. Features: general linguistic evidence only: the head word and entity type, the phrase's
   grammatical relation to its governor ("nsubj:pass of kill", "obl by of attack"), whether that
   governor is an event trigger of which category (from the ontology), passive voice, the
   neighbouring words, the sentence's casualty words, the phrase's place in the report and how
   often its head recurs. The old hand-written role rules are not features here: the relation to
   the trigger subsumes them (see the model card for the measured comparison).
3. A multinomial logistic regression (`sitrep/models/extract/roles.json`, trained by
   `training/extract/train.py`) gives each extent P(role); each head keeps its best extent, and a
   role is assigned where its probability passes the role's threshold (tuned on MUC-4 dev, and
   for names on held-out GVA articles; both named in the model file's meta).

Roles follow MUC-4's role fillers, which also fit GVDB and GVA: perpetrator individual and
organisation (PLOVER actor), victim and physical target (PLOVER recipient), weapon.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from spacy.tokens import Doc, Span, Token

from .linear import LinearModel
from .ontology import Ontology, load_ontology

PERP_IND, PERP_ORG, VICTIM, TARGET, WEAPON = "perp_individual", "perp_organization", "victim", "target", "weapon"
ROLES = (PERP_IND, PERP_ORG, VICTIM, TARGET, WEAPON)
NONE = "none"
ACTOR_ROLES = (PERP_IND, PERP_ORG)
RECIPIENT_ROLES = (VICTIM, TARGET)

PACKAGED = Path(__file__).resolve().parent.parent / "models" / "extract"
NOMINAL = ("NOUN", "PROPN")
# Dependents that belong to a bare noun phrase ("the two national police agents").
BARE = frozenset({"compound", "flat", "amod", "nummod", "fixed", "det", "nmod:poss", "flat:name", "goeswith"})
CASUALTY_WORDS = {
    "dead": frozenset({"kill", "die", "dead", "death", "murder", "slay", "fatally", "body", "corpse", "assassinate"}),
    "injured": frozenset({"injure", "wound", "injury", "hurt", "hospital", "hospitalize"}),
    "arrested": frozenset({"arrest", "detain", "custody", "charge", "apprehend", "capture"}),
    "weapon": frozenset({"shoot", "shot", "gun", "fire", "bomb", "explode", "explosive", "dynamite", "grenade"}),
}


@dataclass
class Candidate:
    """One extent of one noun phrase; `start`/`end` are token indices into the doc."""

    head: int
    start: int
    end: int
    extent: str  # "entity" | "bare" | "full"
    sentence: int  # index of its sentence in the doc
    features: list[str]

    def span(self, doc: Doc) -> Span:
        return doc[self.start : self.end]


@dataclass
class RoleSpan:
    """A phrase the model gave a role, with offsets into the article text."""

    role: str
    text: str
    start_char: int
    end_char: int
    sentence: int
    probability: float


def _lemma(token: Token) -> str:
    return (token.lemma_ or token.text).lower()


def _case(token: Token) -> str:
    for child in token.children:
        if child.dep_ in ("case", "mark") and child.pos_ in ("ADP", "SCONJ", "PART") and child.tag_ != "POS":
            return child.lower_
    return "-"


def _category(token: Token, ontology: Ontology) -> str:
    table = ontology.verb_trigger if token.pos_ in ("VERB", "AUX") else ontology.noun_trigger
    lemma = _lemma(token)
    return table.get(lemma) or table.get(token.lower_) or "-"


def _is_head(token: Token) -> bool:
    """A nominal that heads its own phrase, not a modifier inside another one."""
    if token.pos_ not in NOMINAL:
        return False
    if token.dep_ in ("compound", "flat", "flat:name", "fixed", "goeswith") and token.head.pos_ in NOMINAL and token.head is not token:
        return False
    return True


def _bare_extent(token: Token) -> tuple[int, int]:
    left = right = token.i
    for child in token.children:
        if child.dep_ in BARE and not (child.dep_ == "det" and child.i > token.i):
            if child.dep_ == "nmod:poss":
                continue  # "the army's patrol": the owner is its own candidate
            left = min(left, child.left_edge.i)
            right = max(right, child.right_edge.i) if child.i > token.i else right
    return left, right + 1


def _full_extent(token: Token, bare: tuple[int, int]) -> tuple[int, int] | None:
    """The bare phrase plus a following "of" complement, where one is short and has no verb."""
    right = bare[1]
    for child in token.rights:
        if child.dep_.startswith("nmod") and _case(child) == "of":
            sub = list(child.subtree)
            if len(sub) <= 8 and not any(t.pos_ == "VERB" for t in sub):
                right = max(right, child.right_edge.i + 1)
    return (bare[0], right) if right > bare[1] else None


def _entity_extent(token: Token, doc: Doc) -> tuple[int, int] | None:
    if not token.ent_type_:
        return None
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return start, end


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].is_punct or doc[start].pos_ == "DET" and doc[start].lower_ in ("the", "a", "an")):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS"):
        end -= 1
    return start, end


def _governor(token: Token) -> tuple[Token, str]:
    """The word the phrase depends on and the relation, looking through coordination ("X and Y
    were killed": Y's relation is X's) and appositions."""
    dep = token.dep_
    node = token
    for _ in range(3):
        if node.dep_ in ("conj", "appos") and node.head is not node:
            node = node.head
            dep = node.dep_
        else:
            break
    return node.head, dep


def candidates(doc: Doc, ontology: Ontology | None = None) -> list[Candidate]:
    """Every candidate extent in the doc, with its features."""
    ontology = ontology or load_ontology()
    sents = list(doc.sents)
    head_counts = Counter(_lemma(t) for t in doc if t.pos_ in NOMINAL)
    weapons = ontology.weapons
    out: list[Candidate] = []
    seen_texts: set[str] = set()
    for index, sent in enumerate(sents):
        sent_lemmas = {_lemma(t) for t in sent} | {t.lower_ for t in sent}
        sent_features = [f"s:{name}" for name, words in CASUALTY_WORDS.items() if words & sent_lemmas]
        sent_features += sorted({f"scat:{c}" for t in sent if t.pos_ in ("VERB", "NOUN") and (c := _category(t, ontology)) != "-"})
        position = f"sent:{min(index, 6)}"
        for token in sent:
            if token.pos_ not in NOMINAL:
                continue
            extents: dict[tuple[int, int], str] = {}
            entity = _entity_extent(token, doc)
            if _is_head(token):
                if entity is not None:
                    extents[_trim(doc, *entity)] = "entity"
                bare = _trim(doc, *_bare_extent(token))
                extents.setdefault(bare, "bare")
                full = _full_extent(token, bare)
                if full is not None:
                    extents.setdefault(_trim(doc, *full), "full")
                # the head alone: "the guatemala army" names the filler "army" as often as not
                extents.setdefault((token.i, token.i + 1), "self")
            elif token.dep_ == "compound" and entity is None:
                # a modifier noun names a filler of the event noun it modifies: "a bomb attack",
                # "the terrorist attack", "dynamite gel"
                extents[(min(c.left_edge.i for c in [token]), token.i + 1)] = "modifier"
            else:
                continue
            base = _head_features(token, ontology, head_counts, weapons) + sent_features + [position]
            for (start, end), kind in extents.items():
                if end <= start or end - start > 12:
                    continue
                text = doc[start:end].text.lower()
                features = base + [f"ext:{kind}", f"len:{min(end - start, 6)}",
                                   f"prev:{doc[start - 1].lower_ if start > 0 else '<s>'}",
                                   f"next:{doc[end].lower_ if end < len(doc) else '</s>'}",
                                   "first" if text not in seen_texts else "repeat"]
                features += [f"w:{t.lower_}" for t in doc[start:end] if t.i != token.i and not t.is_punct]
                seen_texts.add(text)
                out.append(Candidate(head=token.i, start=start, end=end, extent=kind, sentence=index, features=features))
    return out


def _head_features(token: Token, ontology: Ontology, head_counts: Counter, weapons: dict[str, str]) -> list[str]:
    lemma = _lemma(token)
    governor, dep = _governor(token)
    gov_lemma = _lemma(governor)
    gov_cat = _category(governor, ontology)
    case = _case(token)
    passive = any(c.dep_ in ("aux:pass", "auxpass") for c in governor.children)
    features = [
        f"h:{lemma}", f"pos:{token.pos_}", f"ent:{token.ent_type_ or '-'}", f"shape:{token.shape_[:4]}",
        f"dep:{dep}", f"dg:{dep}|{gov_lemma}", f"case:{case}", f"cg:{case}|{gov_lemma}",
        f"gcat:{gov_cat}", f"dcat:{dep}|{gov_cat}", f"ccat:{case}|{gov_cat}", f"gpos:{governor.pos_}",
        f"hg:{lemma}|{gov_cat}", f"freq:{min(head_counts[lemma], 5)}",
    ]
    if passive:
        features.append(f"pass:{dep}|{gov_cat}")
    if governor.head is not governor:
        grand = governor.head
        features.append(f"d2:{dep}|{governor.dep_}|{_lemma(grand)}")
        features.append(f"d2cat:{dep}|{governor.dep_}|{_category(grand, ontology)}")
    if lemma in weapons or token.lower_ in weapons:
        features.append("weapon-word")
    for child in token.children:
        if child.dep_ in ("nummod",):
            features.append("has-number")
        elif child.dep_ == "acl" or child.dep_.startswith("acl"):
            features.append(f"acl:{_lemma(child)}")
    return features


def best_extents(cands: list[Candidate], model: LinearModel) -> Iterator[tuple[Candidate, str, float]]:
    """Each head's best-scoring extent with its most likely role (NONE included)."""
    by_head: dict[int, tuple[Candidate, str, float]] = {}
    for cand in cands:
        proba = model.proba(cand.features)
        role, p = max(((r, pr) for r, pr in proba.items() if r != NONE), key=lambda item: item[1])
        current = by_head.get(cand.head)
        if current is None or p > current[2]:
            by_head[cand.head] = (cand, role, p)
    yield from by_head.values()


class RoleTagger:
    """Labels the role phrases of a parsed report with the trained role model."""

    def __init__(self, model: LinearModel | None = None, ontology: Ontology | None = None) -> None:
        self.model = model or load_role_model()
        self.ontology = ontology or load_ontology()

    def tag(self, doc: Doc) -> list[RoleSpan]:
        found = []
        thresholds = self.model.thresholds
        for cand, role, p in best_extents(candidates(doc, self.ontology), self.model):
            head = doc[cand.head]
            # names (what GVA labels) have their own cut, tuned on held-out GVA articles
            is_name = head.ent_type_ == "PERSON" or head.pos_ == "PROPN"
            cut = thresholds.get(f"name:{role}", thresholds.get(role, 0.5)) if is_name else thresholds.get(role, 0.5)
            if p < cut:
                continue
            span = cand.span(doc)
            found.append(RoleSpan(role=role, text=span.text, start_char=span.start_char, end_char=span.end_char,
                                  sentence=cand.sentence, probability=round(p, 3)))
        found.sort(key=lambda r: r.start_char)
        return found


def models_dir() -> Path:
    return Path(os.environ.get("SITREP_EXTRACT_MODELS") or PACKAGED)


@lru_cache(maxsize=2)
def load_role_model(path: str | None = None) -> LinearModel:
    return LinearModel.load(Path(path) if path else models_dir() / "roles.json")
