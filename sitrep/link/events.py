"""Event coreference: which stored event (if any) a new mention describes.

Blocking keeps the cost of a new report flat as the store grows: only events of the same category,
within `WINDOW_DAYS` of the mention's date (or undated), in a compatible country are scored
(`Store.candidate_events`, which uses indexed columns). Scoring, for a candidate that passes the
hard constraints (dates within a day, same country when both known):

    same day +2, same city +2, same country +0.5, each shared participant +1.5 (at most 3),
    shared mode +0.5 (+1 outside ASSAULT, where the mode names the act: "withdraw", "phone"),
    same casualty count +1, undated mention reported within WINDOW_DAYS of a source +0.5

A place that is only a country never rules a pair out (countries name parties as often as places).

A mention joins the best candidate scoring at least `LINK_THRESHOLD`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Iterable

from ..extract.ontology import load_ontology
from ..records import Event, Mention
from .entities import name_key

WINDOW_DAYS = 3
# Needs two independent kinds of agreement (e.g. same city and a shared participant, or same day and
# same city). Set by reasoning on the scoring table above; `sitrep eval gvc` / `gva` measure it.
LINK_THRESHOLD = 3.0
# An undated report borrows its reference date from the stored event its headline event matches;
# there the date cannot help (it is what we look for), so one strong agreement (same city) suffices.
INFER_THRESHOLD = 2.0
# Words that say nothing about who took part ("the", "government", ...): shared participants must share a name.
_WEAK = frozenset({"the", "a", "an", "of", "and", "people", "man", "men", "woman", "government", "officials", "official",
                   "police", "forces", "security", "state", "ministry", "foreign", "two", "one", "three", "four"})


def window(date: str | None) -> tuple[str | None, str | None]:
    if not date or len(date) < 10:
        return (date[:7], date[:7] + "-31") if date and len(date) >= 7 else (None, None)
    day = dt.date.fromisoformat(date[:10])
    return (day - dt.timedelta(days=WINDOW_DAYS)).isoformat(), (day + dt.timedelta(days=WINDOW_DAYS)).isoformat()


def _words(texts: Iterable[str]) -> set[str]:
    words: set[str] = set()
    for text in texts:
        words |= _text_words(text)
    return words


@functools.lru_cache(maxsize=65536)
def _text_words(text: str) -> frozenset[str]:
    # cached: linking compares the same few names against every candidate event
    words = set()
    for word in re.split(r"[\s\-’']+", text.lower()):
        key = name_key(word)
        if len(key) > 2 and key not in _WEAK:
            words.add(key[:6])  # a crude stem: "pakistani" ~ "pakistan"
    return frozenset(words)


def mention_words(mention: Mention) -> set[str]:
    return _words([a.entity_text for a in mention.actors + mention.recipients] + [c["entity_text"] for c in mention.claimed_by])


def event_words(item: Event) -> set[str]:
    return _words([a.entity_text for a in item.actor + item.recipient] + [c["entity_text"] for c in item.claimed_by])


def compatible_dates(a: str | None, b: str | None) -> bool | None:
    """True same day (or one contains the other), False incompatible, None unknown."""
    if not a or not b:
        return None
    if len(a) == 10 and len(b) == 10:
        return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days) <= 1
    return a.startswith(b) or b.startswith(a)


def compatible_window(a: str, b: str) -> bool:
    try:
        return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days) <= WINDOW_DAYS
    except ValueError:
        return False


def score(mention: Mention, item: Event) -> float | None:
    """Similarity of a mention to an event, or None where a hard constraint rules the pair out."""
    if item.event and item.event[0] != mention.category:
        return None
    spec = load_ontology().categories.get(mention.category)
    if spec is not None and any((mode in mention.mode) != (mode in item.mode) for mode in spec.separate_modes):
        return None  # e.g. summoning an envoy vs condemning the attack it was summoned over
    total = 0.0
    dates = compatible_dates(mention.date.value if mention.date else None, item.date)
    if dates is False:
        return None
    if dates:
        total += 2.0 if (mention.date and item.date and mention.date.value == item.date) else 1.0
    both_cities = bool(mention.place and item.event_loc and mention.place.feature != "country" and item.event_loc.feature != "country")
    if mention.place and item.event_loc:
        if both_cities and mention.place.country_code and item.event_loc.country_code and mention.place.country_code != item.event_loc.country_code:
            return None
        if mention.place.geonameid and mention.place.geonameid == item.event_loc.geonameid:
            total += 2.0
        elif mention.place.feature == "city" and item.event_loc.feature == "city":
            return None  # two different cities
        else:
            total += 0.5
    shared = mention_words(mention) & event_words(item)
    total += min(3.0, 1.5 * len(shared))
    if set(mention.mode) & set(item.mode):
        total += 0.5 if mention.category == "ASSAULT" else 1.0
    if not dates and mention.reported:
        reported = [s.published for s in item.sources if s.published]
        if any(compatible_window(mention.reported, r) for r in reported):
            total += 0.5
    if mention.dead is not None and item.size.get("dead") == mention.dead and mention.dead > 0:
        total += 1.0
    return total


def best_match(mention: Mention, candidates: Iterable[Event], *, threshold: float = LINK_THRESHOLD) -> tuple[Event | None, float]:
    best, best_score = None, 0.0
    for item in candidates:
        value = score(mention, item)
        if value is not None and value > best_score:
            best, best_score = item, value
    if best is not None and best_score >= threshold:
        return best, best_score
    return None, best_score
