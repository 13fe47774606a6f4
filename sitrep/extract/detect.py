"""Event detection: does a triggered mention state a real event of its category?

It judges every category, with one threshold for the violent ones (ASSAULT, COERCE, PROTEST:
thousands of labelled mentions) and one for the others (a few hundred), and of each category the
modes it saw at least ten labelled mentions of (`judged_modes`); a mention of another mode (a
hacked account, a summoned envoy), and a denial or a sourced claim where it saw too few of those
(`judged_kinds`), is kept as the rules read it.

The ontology's trigger words find every place an event *may* be stated; most are not events:
"we agreed that ...", "fight terrorism", "attacks on journalists must stop", a background clause
about last year's riots. A binary logistic regression (`sitrep/models/extract/events.json`,
trained by `training/extract/train.py events`) weighs general evidence about the trigger and its
sentence and gives P(real event of this category); mentions under the threshold (named, with
the data it was tuned on, in the model's meta) are dropped, and the probability becomes the
mention's `confidence`.

Features (`mention_features`): the category and trigger lemma, the trigger's part of speech,
tense, relation and governor, its object (figurative objects), determiners and plurality of a
noun trigger (generic "attacks"), modality, which arguments the rules found (actor, recipient,
place, date, counts, weapons, claim of responsibility), pronoun actors ("we", "I"), quotation,
the sentence's place in the report, how many categories compete in the sentence, the
sentence's content lemmas, and the report's (`report_features`: how many of its sentences tell of
violence, and whether its lead does).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span, Token

from ..analyze.tokens import of as tokens_of
from ..records import Mention
from .linear import LinearModel
from .roles import models_dir

GENERIC_ACTORS = frozenset({"we", "i", "you", "they", "he", "she", "it", "us", "one", "two", "who", "which", "that"})
CONTENT_POS = frozenset({"NOUN", "VERB", "PROPN", "ADJ", "NUM"})


def _lemma(token: Token) -> str:
    return (token.lemma_ or token.text).lower()


def mention_features(mention: Mention, trigger: Token, sent: Span, *, index: int, n_categories: int) -> list[str]:
    cat = mention.category
    lemma = _lemma(trigger)
    head = trigger.head
    features = [
        f"cat:{cat}", f"trig:{cat}|{lemma}", f"tpos:{cat}|{trigger.pos_}", f"ttag:{cat}|{trigger.tag_}",
        f"tdep:{cat}|{trigger.dep_}", f"thead:{cat}|{_lemma(head)}", f"mod:{cat}|{mention.modality}",
        f"sent:{min(index, 5)}", f"ncat:{min(n_categories, 3)}", f"hedged:{mention.hedged}",
        f"root:{trigger.dep_ == 'ROOT'}",
    ]
    for child in trigger.children:
        if child.dep_ in ("obj", "dobj", "nsubj:pass"):
            features.append(f"obj:{cat}|{_lemma(child)}")
        elif child.dep_ == "det":
            features.append(f"det:{cat}|{child.lower_}")
        elif child.dep_.startswith("aux") or child.dep_ == "mark":
            features.append(f"aux:{cat}|{child.lower_}")
    for name, present in (("actor", mention.actors), ("recipient", mention.recipients), ("place", mention.place),
                          ("date", mention.date), ("dead", mention.dead is not None), ("injured", mention.injured is not None),
                          ("arrested", mention.arrested is not None), ("weapons", mention.weapons), ("claim", mention.claimed_by)):
        if present:
            features.append(f"has:{cat}|{name}")
    if any(a.entity_text.lower() in GENERIC_ACTORS for a in mention.actors + mention.recipients):
        features.append(f"generic-arg:{cat}")
    data = tokens_of(sent.doc)
    text = data.span_text(sent)
    before = text[: max(0, trigger.idx - sent.start_char)]
    if (before.count('"') + before.count("“") - before.count("”")) % 2 == 1:
        features.append(f"quoted:{cat}")
    lemma, pos, stop = data.lemma, data.pos, data.stop
    features += [f"w:{lemma[i]}" for i in range(sent.start, sent.end) if pos[i] in CONTENT_POS and not stop[i] and i != trigger.i]
    return features


def report_features(mentions: list[tuple[str, int]]) -> list[str]:
    """What the whole report says, from its triggered (category, sentence index) pairs: how many
    sentences tell of violence, and whether the lead does. A report that names one attack in
    passing differs from one about an attack."""
    violent = {index for category, index in mentions if category in ("ASSAULT", "COERCE")}
    buckets = (0, 1, 2, 4, 8)
    n = max(b for b in buckets if len(violent) >= b)
    return [f"report-violent:{n}", f"lead-violent:{bool(violent & {0, 1, 2})}"]


class EventDetector:
    def __init__(self, model: LinearModel | None = None) -> None:
        self.model = model or load_event_model()
        self.threshold = float(self.model.thresholds.get("event", 0.5))
        # the violent categories have their threshold, the others theirs (less data, other base rates)
        self.violent = frozenset(self.model.meta.get("violent", ()))
        self.other_threshold = float(self.model.thresholds.get("event:other", self.threshold))
        # the categories it was trained to judge, and per category the modes it saw enough of
        # (`""`: no mode); other mentions are kept as the rules read them
        self.categories = frozenset(self.model.meta.get("applies_to", ()))
        self.modes = {c: frozenset(m) for c, m in self.model.meta.get("judged_modes", {}).items()}
        self.kinds = {c: frozenset(k) for c, k in self.model.meta.get("judged_kinds", {}).items()}

    def judges(self, mention: Mention) -> bool:
        if mention.category not in self.categories:
            return False
        known = self.modes.get(mention.category)
        if known is not None and not any(mode in known for mode in mention.mode or [""]):
            return False
        # a denial or a sourced claim the model saw too few of is kept: disputes are made of them
        # ("recalled", say sources; "will not withdraw", says the ministry). Hypothetical and future
        # mentions it judges all the same: they state no fact to dispute.
        kinds = self.kinds.get(mention.category)
        if kinds is None:
            return True
        if mention.modality == "negated" and "negated" not in kinds:
            return False
        return f"hedged:{mention.hedged}" in kinds

    def threshold_for(self, category: str) -> float:
        return self.threshold if category in self.violent or not self.violent else self.other_threshold

    def probability(self, features: list[str]) -> float:
        return self.model.proba(features).get("event", 0.0)


@lru_cache(maxsize=2)
def load_event_model(path: str | None = None) -> LinearModel:
    return LinearModel.load(Path(path) if path else models_dir() / "events.json")
