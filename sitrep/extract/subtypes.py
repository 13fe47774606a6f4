"""ACLED sub-event types for mentions, predicted from their sentence.

The ontology maps (PLOVER category, mode) to an ACLED sub-event (`[[acled_subevent]]` rows). The
trigger word alone rarely says which one ("attack" may be a grenade, a car bomb or an armed
clash), so a multinomial logistic regression (`sitrep/models/extract/subtypes.json`, trained by
`training/extract/train.py subtypes`) reads the mention's sentence and picks one of the rows of
the mention's own category. The mention keeps its PLOVER modes as the ontology's keywords read
them (MUC-4 typing, for one, measured better on those); its `subtype` is what the CSV export's
ACLED column and `sitrep eval case` report.

Features: the sentence's content lemmas and word bigrams, the mention's category and the modes
the ontology's keywords found.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span

from ..analyze.tokens import of as tokens_of
from ..records import Mention
from .linear import LinearModel
from .ontology import Ontology, load_ontology
from .roles import models_dir

CONTENT_POS = frozenset({"NOUN", "VERB", "PROPN", "ADJ", "NUM", "ADV"})


def subtype_features(sent: Span, category: str | None, modes: list[str]) -> list[str]:
    data = tokens_of(sent.doc)
    span = range(sent.start, sent.end)
    words = [data.lower[i] for i in span if not data.punct[i] and not data.space[i]]
    features = [f"cat:{category or '-'}"] + [f"mode:{m}" for m in modes]
    features += [f"w:{data.lemma[i]}" for i in span if data.pos[i] in CONTENT_POS]
    features += [f"b:{a}_{b}" for a, b in zip(words, words[1:])]
    return features


class SubtypeClassifier:
    def __init__(self, model: LinearModel | None = None, ontology: Ontology | None = None) -> None:
        self.model = model or load_subtype_model()
        self.ontology = ontology or load_ontology()
        self._rows: dict[str, list[dict]] = {}
        for row in self.ontology.acled_rows:
            self._rows.setdefault(row["category"], []).append(row)

    def choose(self, features: list[str], category: str) -> tuple[dict, float] | None:
        """The most probable ontology row of `category` and its probability (None when the
        category has no ACLED rows)."""
        rows = self._rows.get(category)
        if not rows:
            return None
        proba = self.model.proba(features)
        best = max(rows, key=lambda row: proba.get(row["subevent"], 0.0))
        return best, proba.get(best["subevent"], 0.0)

    def apply(self, mention: Mention, sent: Span) -> None:
        chosen = self.choose(subtype_features(sent, mention.category, mention.mode), mention.category)
        if chosen is None:
            return
        mention.subtype = chosen[0]["subevent"]


@lru_cache(maxsize=2)
def load_subtype_model(path: str | None = None) -> LinearModel:
    return LinearModel.load(Path(path) if path else models_dir() / "subtypes.json")
