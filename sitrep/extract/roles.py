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

from spacy.tokens import Doc, Span

from ..analyze import tokens
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


# Head nouns that name no one by themselves: who they are is said by their complement, possessor
# or antecedent ("members of the FMLN", "its members", "a group of terrorists", "several
# individuals"). Alone, such a head is no argument a reader (or MUC-4's key) can use, so it is no
# candidate extent; the head's longer extents ("members of the 8th front", "armed individuals")
# stay. MUC-4, the role model's phrases in templates: the bare "members", "group", "individuals"
# were 0 right of 10 on dev (100 docs) and 0 of 15 on train (300 docs).
GENERIC_HEADS = frozenset({"member", "group", "individual", "person", "people", "number", "one", "unit", "element", "part"})


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


class _Parse:
    """The role features' view of a doc's token lists (`sitrep.analyze.tokens`, read once with
    `Doc.to_array` and shared with the other extraction stages): walking Token objects (each
    access builds one) made candidate generation the slowest step of extraction."""

    def __init__(self, doc: Doc) -> None:
        data = self.data = tokens.of(doc)
        self.n, self.lower, self.orth, self.lemma = data.n, data.lower, data.orth, data.lemma
        self.pos, self.tag, self.dep, self.ent, self.iob, self.shape = data.pos, data.tag, data.dep, data.ent, data.iob, data.shape
        self.head, self.punct, self.sentences = data.head, data.punct, data.sentences
        self.children, self.left, self.right = data.children, data.left, data.right

    def case(self, i: int) -> str:
        """The preposition introducing a nominal ("on" for "on the embassy"), or "-"."""
        for c in self.children[i]:
            if self.dep[c] in ("case", "mark") and self.pos[c] in ("ADP", "SCONJ", "PART") and self.tag[c] != "POS":
                return self.lower[c]
        return "-"

    def category(self, i: int, ontology: Ontology) -> str:
        table = ontology.verb_trigger if self.pos[i] in ("VERB", "AUX") else ontology.noun_trigger
        return table.get(self.lemma[i]) or table.get(self.lower[i]) or "-"

    def is_head(self, i: int) -> bool:
        """A nominal that heads its own phrase, not a modifier inside another one."""
        if self.pos[i] not in NOMINAL:
            return False
        h = self.head[i]
        return not (self.dep[i] in ("compound", "flat", "flat:name", "fixed", "goeswith") and self.pos[h] in NOMINAL and h != i)

    def bare_extent(self, i: int) -> tuple[int, int]:
        left = right = i
        for c in self.children[i]:
            if self.dep[c] in BARE and not (self.dep[c] == "det" and c > i):
                if self.dep[c] == "nmod:poss":
                    continue  # "the army's patrol": the owner is its own candidate
                left = min(left, self.left[c])
                if c > i:
                    right = max(right, self.right[c])
        return left, right + 1

    def full_extent(self, i: int, bare: tuple[int, int]) -> tuple[int, int] | None:
        """The bare phrase plus a following "of" complement, where one is short and has no verb."""
        right = bare[1]
        for c in self.children[i]:
            if c > i and self.dep[c].startswith("nmod") and self.case(c) == "of":
                sub = range(self.left[c], self.right[c] + 1)
                if len(sub) <= 8 and not any(self.pos[t] == "VERB" for t in sub):
                    right = max(right, self.right[c] + 1)
        return (bare[0], right) if right > bare[1] else None

    def entity_extent(self, i: int) -> tuple[int, int] | None:
        if not self.ent[i]:
            return None
        start = i
        while start > 0 and self.iob[start] == "I":
            start -= 1
        end = i + 1
        while end < self.n and self.iob[end] == "I":
            end += 1
        return start, end

    def trim(self, start: int, end: int) -> tuple[int, int]:
        while start < end and (self.punct[start] or self.pos[start] == "DET" and self.lower[start] in ("the", "a", "an")):
            start += 1
        while end > start and (self.punct[end - 1] or self.tag[end - 1] == "POS"):
            end -= 1
        return start, end

    def governor(self, i: int) -> tuple[int, str]:
        """The word the phrase depends on and the relation, looking through coordination ("X and
        Y were killed": Y's relation is X's) and appositions."""
        dep, node = self.dep[i], i
        for _ in range(3):
            if self.dep[node] in ("conj", "appos") and self.head[node] != node:
                node = self.head[node]
                dep = self.dep[node]
            else:
                break
        return self.head[node], dep


def candidates(doc: Doc, ontology: Ontology | None = None) -> list[Candidate]:
    """Every candidate extent in the doc, with its features."""
    ontology = ontology or load_ontology()
    parse = _Parse(doc)
    lower, lemma, pos = parse.lower, parse.lemma, parse.pos
    head_counts = Counter(lemma[i] for i in range(parse.n) if pos[i] in NOMINAL)
    weapons = ontology.weapons
    text = parse.data.text
    starts = parse.data.idx
    ends = [s + len(t) for s, t in zip(starts, parse.orth)]
    out: list[Candidate] = []
    seen_texts: set[str] = set()
    for index, (first, last) in enumerate(parse.sentences):
        span = range(first, last)
        sent_lemmas = {lemma[t] for t in span} | {lower[t] for t in span}
        sent_features = [f"s:{name}" for name, words in CASUALTY_WORDS.items() if words & sent_lemmas]
        sent_features += sorted({f"scat:{c}" for t in span if pos[t] in ("VERB", "NOUN") and (c := parse.category(t, ontology)) != "-"})
        position = f"sent:{min(index, 6)}"
        for i in span:
            if pos[i] not in NOMINAL:
                continue
            extents: dict[tuple[int, int], str] = {}
            entity = parse.entity_extent(i)
            if parse.is_head(i):
                if entity is not None:
                    extents[parse.trim(*entity)] = "entity"
                bare = parse.trim(*parse.bare_extent(i))
                extents.setdefault(bare, "bare")
                full = parse.full_extent(i, bare)
                if full is not None:
                    extents.setdefault(parse.trim(*full), "full")
                # the head alone: "the guatemala army" names the filler "army" as often as not
                extents.setdefault((i, i + 1), "self")
            elif parse.dep[i] == "compound" and entity is None:
                # a modifier noun names a filler of the event noun it modifies: "a bomb attack",
                # "the terrorist attack", "dynamite gel"
                extents[(parse.left[i], i + 1)] = "modifier"
            else:
                continue
            base = _head_features(parse, i, ontology, head_counts, weapons) + sent_features + [position]
            relation = next(f for f in base if f.startswith("dcat:"))[5:]  # "nsubj:pass|ASSAULT"
            for (start, end), kind in extents.items():
                if end <= start or end - start > 12:
                    continue
                phrase = text[starts[start] : ends[end - 1]].lower()
                features = base + [f"ext:{kind}", f"xd:{kind}|{relation}", f"len:{min(end - start, 6)}",
                                   f"prev:{lower[start - 1] if start > 0 else '<s>'}",
                                   f"next:{lower[end] if end < parse.n else '</s>'}",
                                   "first" if phrase not in seen_texts else "repeat"]
                features += [f"w:{lower[t]}" for t in range(start, end) if t != i and not parse.punct[t]]
                seen_texts.add(phrase)
                out.append(Candidate(head=i, start=start, end=end, extent=kind, sentence=index, features=features))
    return out


def _head_features(parse: _Parse, i: int, ontology: Ontology, head_counts: Counter, weapons: dict[str, str]) -> list[str]:
    lemma = parse.lemma[i]
    governor, dep = parse.governor(i)
    gov_lemma = parse.lemma[governor]
    gov_cat = parse.category(governor, ontology)
    case = parse.case(i)
    passive = any(parse.dep[c] in ("aux:pass", "auxpass") for c in parse.children[governor])
    features = [
        f"h:{lemma}", f"pos:{parse.pos[i]}", f"ent:{parse.ent[i] or '-'}", f"shape:{parse.shape[i]}",
        f"dep:{dep}", f"dg:{dep}|{gov_lemma}", f"case:{case}", f"cg:{case}|{gov_lemma}",
        f"gcat:{gov_cat}", f"dcat:{dep}|{gov_cat}", f"ccat:{case}|{gov_cat}", f"gpos:{parse.pos[governor]}",
        f"hg:{lemma}|{gov_cat}", f"freq:{min(head_counts[lemma], 5)}",
        # conjunctions a linear model cannot form itself: a named person as the object of an attack
        # is a victim far more often than a common noun there
        f"ed:{parse.ent[i] or '-'}|{dep}|{gov_cat}", f"pd:{parse.pos[i]}|{dep}|{gov_cat}",
    ]
    if passive:
        features.append(f"pass:{dep}|{gov_cat}")
    # the governor's own relation and governor (the root's is the root itself, "ROOT|ROOT|say")
    grand = parse.head[governor]
    features.append(f"d2:{dep}|{parse.dep[governor]}|{parse.lemma[grand]}")
    features.append(f"d2cat:{dep}|{parse.dep[governor]}|{parse.category(grand, ontology)}")
    if lemma in weapons or parse.lower[i] in weapons:
        features.append("weapon-word")
    for child in parse.children[i]:
        if parse.dep[child] == "nummod":
            features.append("has-number")
        elif parse.dep[child].startswith("acl"):
            features.append(f"acl:{parse.lemma[child]}")
    return features


def best_extents(cands: list[Candidate], model: LinearModel) -> Iterator[tuple[Candidate, str, float]]:
    """Each head's best-scoring extent with its most likely role (NONE excluded from the choice)."""
    if not cands:
        return
    proba = model.proba_many([c.features for c in cands])
    roles = [i for i, c in enumerate(model.classes) if c != NONE]
    best_role = proba[:, roles].argmax(axis=1).tolist()
    by_head: dict[int, tuple[Candidate, str, float]] = {}
    for cand, column, row in zip(cands, best_role, proba.tolist()):
        role = model.classes[roles[column]]
        p = row[roles[column]]
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
        with tokens.shared(doc):  # candidates and this read one DocTokens
            return self._tag(doc)

    def _tag(self, doc: Doc) -> list[RoleSpan]:
        found = []
        thresholds = self.model.thresholds
        data = tokens.of(doc)
        cands = [c for c in candidates(doc, self.ontology) if not _generic_alone(data, c)]
        for cand, role, p in best_extents(cands, self.model):
            # names (what GVA labels) have their own cut, tuned on held-out GVA articles
            is_name = data.ent[cand.head] == "PERSON" or data.pos[cand.head] == "PROPN"
            cut = thresholds.get(f"name:{role}", thresholds.get(role, 0.5)) if is_name else thresholds.get(role, 0.5)
            if p < cut:
                continue
            span = cand.span(doc)
            found.append(RoleSpan(role=role, text=span.text, start_char=span.start_char, end_char=span.end_char,
                                  sentence=cand.sentence, probability=round(p, 3)))
        found.sort(key=lambda r: r.start_char)
        return found


def _generic_alone(data: tokens.DocTokens, cand: Candidate) -> bool:
    """The extent is one GENERIC_HEADS noun with nothing of its own (no modifier, no name)."""
    i = cand.head
    if cand.end - cand.start != 1 or data.ent[i] or data.pos[i] != "NOUN":
        return False
    # the lower-cased form too: the lemmatiser leaves a capitalised plural as it is ("Members")
    lower = data.lower[i]
    return data.lemma[i] in GENERIC_HEADS or lower in GENERIC_HEADS or lower.endswith("s") and lower[:-1] in GENERIC_HEADS


def models_dir() -> Path:
    return Path(os.environ.get("SITREP_EXTRACT_MODELS") or PACKAGED)


@lru_cache(maxsize=2)
def load_role_model(path: str | None = None) -> LinearModel:
    return LinearModel.load(Path(path) if path else models_dir() / "roles.json")
