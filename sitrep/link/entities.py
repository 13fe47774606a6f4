"""Entity resolution: many surface names -> one canonical entity.

Cascade for each name an article mentions:
1. Within the article: a short name ("Nizamani", "Bhutto", "ISKP") joins the longest name of the
   same type that contains it as a token, or the long form its acronym was defined with.
2. Titles and honorifics are dropped ("PM Shehbaz Sharif", "Foreign Minister Bilawal ...").
3. Across articles: a normalized key (lower case, diacritics and punctuation removed) and a
   transliteration skeleton (consonants only; "Tehreek-e-Taliban" and "Tehrik-i-Taliban" share
   it) find a stored entity; otherwise rapidfuzz similarity of the keys, within the same type, above
   `FUZZY_MIN`.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..records import Entity

# Token-sort similarity (0-100) above which two normalized names of the same type are one entity.
# Chosen by hand on the invented examples' name variants; not tuned on an evaluation set.
FUZZY_MIN = 92

TITLES = frozenset({
    "mr", "mrs", "ms", "dr", "pm", "president", "prime", "minister", "foreign", "interior", "defence", "defense",
    "ambassador", "spokesperson", "spokesman", "spokeswoman", "general", "gen", "colonel", "col", "captain",
    "sepoy", "chief", "acting", "deputy", "secretary", "senator", "sen", "rep", "governor", "gov", "mayor",
    "sheriff", "officer", "sergeant", "sgt", "lieutenant", "lt", "judge", "king", "queen", "prince", "sheikh",
    "commander", "mos", "head", "envoy", "charge", "chargé", "d'affaires", "affairs", "state", "of", "the",
    "minister's", "police", "taliban's", "pakistani", "afghan",
})
ORG_ARTICLES = frozenset({"the"})


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def strip_titles(name: str, label: str) -> str:
    words = name.replace("’", "'").split()
    if label == "PERSON":
        while len(words) > 1 and words[0].lower().strip(".") in TITLES:
            words = words[1:]
    else:
        while words and words[0].lower() in ORG_ARTICLES:
            words = words[1:]
    text = " ".join(words)
    return re.sub(r"'s$", "", text).strip(" ,.'\"")


@functools.lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """Lower case, diacritics folded, everything but letters and digits removed."""
    return re.sub(r"[^a-z0-9]", "", fold(name).lower())


def skeleton(name: str) -> str:
    """Transliteration skeleton: the key without vowels, doubled letters and connector syllables.

    "Tehreek-e-Taliban Pakistan" and "Tehrik-i-Taliban Pakistan" -> "thrktlbnpkstn".
    """
    words = re.split(r"[\s-]+", fold(name).lower())
    words = [w for w in words if w not in ("e", "i", "ul", "ur", "al", "el", "ud", "ad", "as")]
    text = re.sub(r"[^a-z]", "", "".join(words))
    if not text:
        return ""
    text = text[0] + re.sub(r"[aeiouy]", "", text[1:])
    return re.sub(r"(.)\1+", r"\1", text)


def entity_id_for(name: str, label: str) -> str:
    return hashlib.sha1(f"{label}|{name_key(name)}".encode()).hexdigest()[:16]


@dataclass
class LocalEntity:
    """An entity as one article names it (before cross-article resolution)."""

    name: str
    label: str
    aliases: set[str] = field(default_factory=set)


def surname_key(name: str) -> str:
    """The alias key a multi-word person is also stored under: "^" + its last word."""
    return "^" + name_key(name.split()[-1])


def _ends_with(name: str, tail: str) -> bool:
    words, tail_words = [name_key(w) for w in name.split()], [name_key(w) for w in tail.split()]
    return len(words) > len(tail_words) and words[-len(tail_words):] == tail_words


def cluster_names(names: list[tuple[str, str]], acronyms: dict[str, str]) -> dict[tuple[str, str], LocalEntity]:
    """Within-article clusters. Returns (surface name, label) -> its LocalEntity."""
    cleaned = []
    for text, label in names:
        label = "GPE" if label == "LOC" else label
        base = strip_titles(text, label)
        if base and len(base) > 1:
            cleaned.append((text, label, base))
    # Longest names first: they are the canonical forms short names join.
    cleaned.sort(key=lambda item: -len(item[2]))
    clusters: list[LocalEntity] = []
    by_surface: dict[tuple[str, str], LocalEntity] = {}
    for text, label, base in cleaned:
        long_form = acronyms.get(base)
        target = None
        for cluster in clusters:
            if long_form and name_key(cluster.name) == name_key(long_form):
                target = cluster
                break
            if cluster.label != label:
                continue
            tokens = {name_key(t) for t in re.split(r"[\s-]+", cluster.name)}
            if name_key(base) == name_key(cluster.name) or (label in ("PERSON", "ORG") and len(base.split()) == 1 and name_key(base) in tokens and len(name_key(base)) > 2):
                target = cluster
                break
            if label == "PERSON" and len(base.split()) >= 2 and _ends_with(cluster.name, base):
                target = cluster  # "Rehman Nizamani" is the end of "Ubaidur Rehman Nizamani"
                break
            if label == "ORG" and len(base.split()) == 1 and base.isupper() and _is_initials(base, cluster.name):
                target = cluster
                break
        if target is None:
            target = LocalEntity(name=base, label=label)
            clusters.append(target)
        target.aliases.update({base, text.strip()})
        if long_form:
            target.aliases.add(long_form)
        by_surface[(text, label)] = target
    # An acronym defined in text makes an organisation even where the NER missed its long form
    # ("Tehreek-e-Taliban Pakistan's (TTP)").
    for acronym, long_form in acronyms.items():
        base = strip_titles(long_form, "ORG")
        owner = next((c for c in clusters if acronym in c.aliases or name_key(c.name) == name_key(base)), None)
        if owner is None:
            owner = LocalEntity(name=base, label="ORG")
            clusters.append(owner)
            by_surface[(long_form, "ORG")] = owner
        owner.aliases.update({acronym, base})
        by_surface.setdefault((acronym, "ORG"), owner)
    return by_surface


def _is_initials(acronym: str, name: str) -> bool:
    initials = "".join(w[0] for w in re.split(r"[\s-]+", name) if w and w[0].isupper())
    return initials == acronym


class EntityResolver:
    """Resolves article-level entities to canonical entities, against what the store already has."""

    def __init__(self, lookup_key, lookup_skeleton, candidates_by_type) -> None:
        # Store access is injected (three one-method callables) so the resolver can be tested
        # against any store, the real one included.
        self.lookup_key = lookup_key
        self.lookup_skeleton = lookup_skeleton
        self.candidates_by_type = candidates_by_type

    def resolve(self, local: LocalEntity) -> tuple[Entity, bool]:
        """(canonical entity, is_new). Aliases of `local` are merged into the returned entity."""
        aliases = local.aliases
        if local.label == "PERSON" and len(local.name.split()) > 1:
            # A full name joins a stored person through a full name, or through its surname by the
            # rules below; not through a one-word alias of the article ("John", "Nathan"), which
            # many people share: "Nathan Wilder" had joined "Nathan Matlock" that way.
            aliases = {a for a in aliases if len(a.split()) > 1} or aliases
        keys = {name_key(a) for a in aliases if a}
        # longest first, then alphabetical: a set's order changes with each process's string hash
        # seed, and "Nathan" or "Wilder" tried first decides which stored entity "Nathan Wilder"
        # joins (a LocalCluster run's writer stored one entity fewer than a serial run for this)
        for key in sorted(keys, key=lambda k: (-len(k), k)):
            found = self.lookup_key(key, local.label)
            if found:
                return _merge(found, local), False
        if local.label == "PERSON" and len(local.name.split()) > 1:
            # "Ubaidur Rehman Nizamani" joins a stored surname-only "Nizamani"
            found = self.lookup_key(name_key(local.name.split()[-1]), local.label)
            if found and (len(found.name.split()) == 1 or _ends_with(found.name, local.name) or _ends_with(local.name, found.name)):
                return _merge(found, local), False
            # ... and "Rehman Nizamani" joins a stored "Ubaidur Rehman Nizamani" (or the reverse),
            # found through the surname key every multi-word person is stored under
            found = self.lookup_key(surname_key(local.name), local.label)
            if found and (_ends_with(found.name, local.name) or _ends_with(local.name, found.name)):
                return _merge(found, local), False
        skel = skeleton(local.name)
        if len(skel) >= 5:
            found = self.lookup_skeleton(skel, local.label)
            if found:
                return _merge(found, local), False
        best = None
        best_score = 0.0
        target = fold(local.name).lower()
        for candidate in (self.candidates_by_type(local.label, skel[:3]) if len(skel) >= 3 else []):
            score = fuzz.token_sort_ratio(target, fold(candidate.name).lower())
            if score > best_score:
                best, best_score = candidate, score
        if best is not None and best_score >= FUZZY_MIN:
            return _merge(best, local), False
        entity = Entity(id=entity_id_for(local.name, local.label), name=local.name, type=local.label, aliases=sorted(local.aliases))
        return entity, True


def _merge(entity: Entity, local: LocalEntity) -> Entity:
    aliases = set(entity.aliases) | local.aliases
    # The canonical name is the longest full form seen (more specific), titles stripped.
    name = max([entity.name, local.name], key=lambda n: (len(n.split()), len(n)))
    return Entity(id=entity.id, name=name, type=entity.type, aliases=sorted(aliases), country=entity.country, identifier=entity.identifier)
