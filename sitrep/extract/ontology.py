"""The event ontology (PLOVER categories, modes, contexts, ACLED / GTD mappings), loaded from data.

The packaged `sitrep/data/ontology.toml` is the default; `SITREP_ONTOLOGY` names another file with
the same layout, so users can extend triggers or add modes without touching code.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PACKAGED = Path(__file__).resolve().parent.parent / "data" / "ontology.toml"

CATEGORIES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


@dataclass
class Category:
    name: str
    verbs: frozenset[str]
    nouns: frozenset[str]
    modes: dict[str, frozenset[str]]
    acled: str = "Other"
    gtd: str = ""
    # Modes that make a different event of the same category: a mention with one of them and an
    # event without it (or the other way round) are never the same event.
    separate_modes: frozenset[str] = frozenset()
    # Objects that make a trigger verb figurative: "fight terrorism", "attack the policy".
    not_objects: frozenset[str] = frozenset()


@dataclass
class ObjectRule:
    """A noun trigger that is the object of one of `verbs` belongs to `category`."""

    nouns: frozenset[str]
    verbs: frozenset[str]
    category: str


@dataclass
class Ontology:
    categories: dict[str, Category]
    verb_trigger: dict[str, str]  # lemma -> category
    noun_trigger: dict[str, str]
    contexts: dict[str, tuple[str, ...]]
    weapons: dict[str, str]
    sectors: dict[str, tuple[str, ...]]
    acled_rows: list[dict] = field(default_factory=list)
    gtd_rows: list[dict] = field(default_factory=list)
    object_rules: list[ObjectRule] = field(default_factory=list)

    def object_category(self, noun: str, verb: str) -> str | None:
        return next((r.category for r in self.object_rules if noun in r.nouns and verb in r.verbs), None)

    def acled_subevent(self, category: str, modes: list[str]) -> str:
        return _first_row(self.acled_rows, category, modes, "subevent") or "Other"

    def gtd_attack(self, category: str, modes: list[str]) -> str:
        return _first_row(self.gtd_rows, category, modes, "type") or ""


def _first_row(rows: list[dict], category: str, modes: list[str], key: str) -> str | None:
    for row in rows:
        if row["category"] != category:
            continue
        if not row["mode"] or set(row["mode"]) & set(modes):
            return str(row[key])
    return None


@lru_cache(maxsize=2)
def load_ontology(path: str | None = None) -> Ontology:
    location = Path(path or os.environ.get("SITREP_ONTOLOGY") or PACKAGED)
    data = tomllib.loads(location.read_text(encoding="utf-8"))
    categories: dict[str, Category] = {}
    verb_trigger: dict[str, str] = {}
    noun_trigger: dict[str, str] = {}
    for name, spec in data["category"].items():
        category = Category(
            name=name,
            verbs=frozenset(spec.get("verbs", [])),
            nouns=frozenset(spec.get("nouns", [])),
            modes={mode: frozenset(words) for mode, words in spec.get("modes", {}).items()},
            acled=spec.get("acled", "Other"),
            gtd=spec.get("gtd", ""),
            separate_modes=frozenset(spec.get("separate_modes", [])),
            not_objects=frozenset(spec.get("not_objects", [])),
        )
        categories[name] = category
        # First category written wins a shared lemma (the file's order is its priority).
        for lemma in category.verbs:
            verb_trigger.setdefault(lemma, name)
        for lemma in category.nouns:
            noun_trigger.setdefault(lemma, name)
    return Ontology(
        categories=categories,
        verb_trigger=verb_trigger,
        noun_trigger=noun_trigger,
        contexts={k: tuple(v) for k, v in data.get("context", {}).items()},
        weapons=dict(data.get("weapons", {})),
        sectors={k: tuple(v) for k, v in data.get("sector", {}).items()},
        acled_rows=list(data.get("acled_subevent", [])),
        gtd_rows=list(data.get("gtd_attack", [])),
        object_rules=[ObjectRule(nouns=frozenset(r["nouns"]), verbs=frozenset(r["verbs"]), category=r["category"])
                      for r in data.get("object_of", [])],
    )
