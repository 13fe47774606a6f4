"""What kind of report an article is, read from its whole lead: an ACLED sub-event or a kind outside ACLED.

An analyst sorting a feed asks first what a report is about ("a suicide bombing", "a peaceful
protest", "a flood"), before who did what. Mention by mention, sitrep answers that poorly: the
mention's sentence names one trigger, and 150 of the CASE 2021 open half's 510 snippets yield no
mention at all, while 105 tell of things ACLED does not code (disasters, organised crime,
diplomacy, attributions of blame) and so have no PLOVER category to map from. A text classifier
over the lead reads the report as a whole and answers for every one (measured by 5-fold cross-
validation on the CASE open half: macro F1 0.340 from the headline mention's sub-event -> 0.54
from this model; its meta records the figures of the shipped fit).

The label is an ACLED sub-event name as the ontology spells it ("Armed clash", "Suicide bomb") or
one of `OTHER_KINDS` below; `Article.report_type` stores it with its probability.

Features (`report_type_features`), in two groups each scaled to unit length over the features
the model knows, as scikit-learn's L2 normalisation does, so that a long lead weighs no more than
a short one:
1. words: lower-cased words, their lemmas and word bigrams of the lead;
2. characters: the 3-, 4- and 5-character pieces of each word padded with a space each side
   (scikit-learn's "char_wb"), which carry stems and spellings the 510 snippets show once
   ("shelled", "shelling"; "Daesh", "Daish"): without them the 5-fold macro F1 fell 0.50 -> 0.38.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from ..analyze.tokens import of as tokens_of
from .linear import LinearModel
from .roles import models_dir

# The kinds of report CASE 2021 labels outside ACLED's taxonomy (its "unseen" types), by the names
# sitrep stores; the CASE code of each is the key.
OTHER_KINDS = {
    "ORG_CRIME": "Organized crime",
    "NATURAL_DISASTER": "Natural disaster",
    "MAN_MADE_DISASTER": "Man-made disaster",
    "DIPLO": "Diplomatic event",
    "ATTRIB": "Attribution of responsibility",
}
# Words of the lead read, the headline's first: CASE snippets run 35 words (median; 58 at the 90th
# percentile), about a headline and a news report's first sentence (the 5-fold score moved 0.535 ->
# 0.544 between 60 and 200 words, while on news articles the words past the first paragraph drew
# every report towards what GVA's shooting reports say: "police", "said", "told").
LEAD_WORDS = 60
CHAR_NGRAMS = (3, 4, 5)


@dataclass(frozen=True)
class ReportType:
    label: str  # an ACLED sub-event name or an `OTHER_KINDS` value
    confidence: float  # the model's probability of it


def report_type_features(doc: Doc, headline: Doc | None = None) -> tuple[list[str], list[str]]:
    """(word features, character features) of the report's lead: its headline's words, then the
    text's, `LEAD_WORDS` in all. Each feature comes once, in the order first met: the sum of a
    model's rows then does not depend on the process's string-hash seed, as a set's order would."""
    lower: list[str] = []
    lemmas: list[str] = []
    if headline is not None:
        # a headline's few Token objects, rather than the column lists made for a whole text
        for token in headline:
            if len(lower) < LEAD_WORDS and not token.is_punct and not token.is_space:
                lower.append(token.lower_)
                lemmas.append((token.lemma_ or token.text).lower())
    data = tokens_of(doc)
    for i in range(data.n):
        if len(lower) >= LEAD_WORDS:
            break  # a long report's tail is never walked
        if not data.punct[i] and not data.space[i]:
            lower.append(data.lower[i])
            lemmas.append(data.lemma[i])
    word_features = dict.fromkeys(f"w:{w}" for w in lower)
    word_features.update(dict.fromkeys(f"l:{lemma}" for lemma in lemmas))
    word_features.update(dict.fromkeys(f"b:{a} {b}" for a, b in zip(lower, lower[1:])))
    char_features: dict[str, None] = {}
    for word in lower:
        char_features.update(dict.fromkeys(_pieces(word)))
    return list(word_features), list(char_features)


@lru_cache(maxsize=65536)
def _pieces(word: str) -> tuple[str, ...]:
    # cached: the same few thousand words recur in every report
    padded = f" {word} "
    return tuple(f"c:{padded[i:i + n]}" for n in CHAR_NGRAMS for i in range(max(1, len(padded) - n + 1)))


class ReportTyper:
    def __init__(self, model: LinearModel | None = None) -> None:
        self.model = model or load_report_type_model()

    def classify(self, doc: Doc, headline: Doc | None = None) -> ReportType | None:
        """The most probable kind of report (its text parsed, and its headline where it has one),
        or None for a report without words."""
        groups = report_type_features(doc, headline)
        if not groups[0]:
            return None
        proba = self.model.grouped_proba(groups)
        label = max(proba, key=proba.__getitem__)
        return ReportType(label=label, confidence=round(proba[label], 3))


@lru_cache(maxsize=2)
def load_report_type_model(path: str | None = None) -> LinearModel:
    return LinearModel.load(Path(path) if path else models_dir() / "report_types.json")
