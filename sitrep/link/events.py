"""Event coreference: which stored event (if any) a new mention describes.

`EventLinker` (the default, see its docstring and `sitrep/models/link/MODEL_CARD.md`) blocks on
the store's (category, block_day) index and scores candidates of attacks and arrests with the
learned pair model; other categories keep the rules below. `RuleLinker` is the rules alone.

The rules. Blocking keeps the cost of a new report flat as the store grows: only events of the
same category, within `WINDOW_DAYS` of the mention's date (or undated), in a compatible country
are scored (`Store.candidate_events`, which uses indexed columns). Scoring, for a candidate that
passes the hard constraints (dates within a day, same country when both known):

    same day +2, same city +2, same country +0.5, each shared participant +1.5 (at most 3),
    shared mode +0.5 (+1 outside ASSAULT, where the mode names the act: "withdraw", "phone"),
    same casualty count +1, undated mention reported within WINDOW_DAYS of a source +0.5

A place that is only a country never rules a pair out (countries name parties as often as places).

A mention joins the best candidate scoring at least `LINK_THRESHOLD`. The pipeline also uses
`score` within one article, where a report's mentions of one event are compared.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
from pathlib import Path
from typing import Iterable, Sequence

from rapidfuzz import fuzz

from .. import errors
from ..extract.linear import LinearModel
from ..extract.ontology import load_ontology
from ..extract.roles import PERP_IND, VICTIM
from ..records import Article, Event, Mention
from .entities import name_key
from .features import EventSide, MentionSide, event_side, mention_side, pair_features

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


# How alike a wire copy's sentence and its original's must be to be one statement (rapidfuzz's
# ratio, 0-100). Not tuned: a syndicated copy keeps the original's sentences, give or take an edit
# ("called on" -> "urged" in the bundled examples), while two sentences of one report that tell
# of the same category differ in most of their words.
COPY_SIMILARITY = 90


def copied_event(mention: Mention, original: Sequence[Mention]) -> str | None:
    """The event of the original report's mention that this mention of a wire copy restates: the
    same category and the same sentence give or take an edit. A copy tells what its original
    told, so its mentions join the original's events, passing ones too (a warning, a road closed),
    which the linker, short of a place or a date, would leave to found events of their own."""
    best, best_score = None, float(COPY_SIMILARITY)
    for other in original:
        if other.category != mention.category or other.event_id is None:
            continue
        similarity = fuzz.ratio(mention.sentence, other.sentence)
        if similarity >= best_score:
            best, best_score = other.event_id, similarity
    return best


def placed(mention: Mention) -> bool:
    """A place finer than a country: "in Pakistan" hardly tells one event from another."""
    return mention.place is not None and mention.place.feature != "country"


def is_anaphoric(mention: Mention) -> bool:
    """No date and no place finer than a country ("the attack was condemned in Pakistan"): a
    report's later sentences mostly talk again about an event it has already named, so such a
    mention stays with its report's event rather than being matched against the store."""
    return mention.date is None and not placed(mention)


def founds_event(mention: Mention) -> bool:
    """Whether a mention that joins no event makes one of its own. The headline always does. A
    passing mention does not where it states no event of its own: told as an open question or a
    condition ("it is not clear if the latter refused", "if the talks fail"), or referring back
    to one the reader knows ("the orchestrators of the attack", in a report of a phone call)
    without a place, a toll or anyone named. Either may join an event the store holds (a doubt
    about what others assert, a reaction to it), but a record of its own would be an event nobody
    reported."""
    if mention.is_main:
        return True
    if mention.modality == "hypothetical":
        return False
    if mention.definite:
        tolled = any(c.field.startswith("size.") for c in mention.claims)
        # the role model reads a report's people across sentences: only its own sentence's count here
        named = any(a.role in (VICTIM, PERP_IND) and mention.start <= a.start < mention.end for a in mention.arguments)
        return placed(mention) or tolled or named
    return True


def best_match(mention: Mention, candidates: Iterable[Event], *, threshold: float = LINK_THRESHOLD) -> tuple[Event | None, float]:
    best, best_score = None, 0.0
    for item in candidates:
        value = score(mention, item)
        if value is not None and value > best_score:
            best, best_score = item, value
    if best is not None and best_score >= threshold:
        return best, best_score
    return None, best_score


# --------------------------------------------------------------------------------------------
# The learned linker

# Blocking reaches this many days either side of a mention's day (or its report's): a follow-up
# report (an arrest, charges, a funeral, a victim named) dates its own news weeks after the
# incident, and reports do not arrive in order, so the stored one may be the follow-up.
BLOCK_DAYS = 30
# Candidates read per mention: the ones whose day is nearest the mention's.
CANDIDATES = 60
# A mention of these (category, mode) may also join a stored event of the other category: the
# arrest for a shooting is news of that incident (its `size.arrested`), and GVA, whose incidents
# the model learned from, files arrest and charge reports under the shooting.
JOINS = {("COERCE", "arrest"): "ASSAULT"}
# The categories the pair model links. GVA's labels say which reports tell of one incident: that is
# event identity for attacks and arrests, but not for the statements around them (two officials
# condemning one attack are two ACCUSE events of one incident). The other categories keep the
# rules (`score`), which weigh who acted; measured on the seed reports, where the model merged
# two ministers' condemnations and split one demand for an inquiry that the rules kept whole.
LEARNED = frozenset({"ASSAULT", "COERCE"})


def model_path() -> Path:
    return Path(os.environ.get("SITREP_LINK_MODEL") or Path(__file__).resolve().parent.parent / "models" / "link" / "pairs.json")


@functools.lru_cache(maxsize=4)
def load_pair_model(path: str | None = None) -> LinearModel:
    """The pair model (`sitrep/models/link/pairs.json`, see its model card), loaded once."""
    location = Path(path) if path else model_path()
    try:
        data = json.loads(location.read_text(encoding="utf-8"))
        return LinearModel(name=data["name"], classes=list(data["classes"]), intercept=list(data["intercept"]),
                           weights=data["weights"], thresholds=dict(data.get("thresholds", {})), meta=dict(data.get("meta", {})))
    except FileNotFoundError as e:
        raise errors.ModelError(errors.LINK_MODEL_MISSING.format(path=location)) from e
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
        raise errors.ModelError(errors.LINK_MODEL_BROKEN.format(path=location, detail=e)) from e


def _shift(day: dt.date, days: int) -> str:
    return (day + dt.timedelta(days=days)).isoformat()


def blocking_window(mention: Mention) -> tuple[str | None, str | None, str | None]:
    """(first day, last day, the day to be near) of the stored events a mention is compared
    with; bounded wherever the mention or its report has a day, so the query is an index range."""
    value = mention.date.value if mention.date else None
    anchor = value[:10] if value and len(value) >= 10 else (mention.reported[:10] if mention.reported and len(mention.reported) >= 10 else None)
    if anchor is None:
        low, high = window(value)
        return low, high, None
    day = dt.date.fromisoformat(anchor)
    low, high = _shift(day, -BLOCK_DAYS), _shift(day, BLOCK_DAYS)
    if value and 7 <= len(value) < 10 and value[:7] + "-01" < low:
        low = value[:7] + "-01"  # "in March", reported in May
    return low, high, anchor


def rule_candidates(store, conn, mention: Mention) -> list[Event]:
    """The rules' blocking: the mention's category within WINDOW_DAYS of its date (or any date)."""
    date_from, date_to = window(mention.date.value if mention.date else None)
    country = mention.place.country_code if mention.place and mention.place.feature != "country" else None
    return store.candidate_events(conn, category=mention.category, date_from=date_from, date_to=date_to, country=country)


def _months_clash(a: str | None, b: str | None) -> bool:
    """A month-precision date ("in September") and another date in a different month: the rules'
    hard constraint kept, since the model, which saw 8 such pairs linked among 476 in GVA (month
    dates there are mostly misread), weighed them too lightly: the seed reports' September
    explosion at Russia's embassy in Kabul joined the December attack on Pakistan's."""
    if not a or not b or len(a) < 7 or len(b) < 7 or (len(a) >= 10 and len(b) >= 10):
        return False
    return a[:7] != b[:7]


def _has_day(side: MentionSide) -> bool:
    return side.reported is not None or bool(side.mention.date and len(side.mention.date.value or "") >= 10)


def _joins(mention: Mention) -> str | None:
    return next((other for (category, mode), other in JOINS.items() if mention.category == category and mode in mention.mode), None)


class EventLinker:
    """Which stored event a new mention describes: blocking, then the pair model.

    1. Blocking (`candidates`): stored events of the mention's category whose day (or first
       report's day) is within BLOCK_DAYS of the mention's day (or its report's), in a compatible
       country: one indexed range, the CANDIDATES nearest in time, however large the store.
       An arrest also meets the assaults of that window (`JOINS`).
    2. Hard constraints: another category never links (but for `JOINS`), nor does a mode the
       ontology keeps separate (a summoning is not the condemnation it answers), nor a month date
       with another month (`_months_clash`).
    3. For the LEARNED categories, the pair model (`sitrep/link/features.py` features, logistic regression) gives each
       remaining candidate the probability that both describe one incident; the most probable
       one is joined when it reaches `threshold` (the model's own, tuned on dev: see its card).
       The other categories are blocked and scored by the rules (`window`, `best_match`).
    """

    def __init__(self, *, model: LinearModel | None = None, threshold: float | None = None) -> None:
        self.model = model if model is not None else load_pair_model()
        self.threshold = threshold if threshold is not None else float(self.model.thresholds.get("link", 0.5))
        self._events: dict[str, tuple[Event, EventSide]] = {}

    def candidates(self, store, conn, mention: Mention, side: MentionSide) -> list[Event]:
        if mention.category not in LEARNED:
            return rule_candidates(store, conn, mention)
        date_from, date_to, near = blocking_window(mention)
        country = mention.place.country_code if mention.place and mention.place.feature != "country" else None
        found = store.candidate_events(conn, category=mention.category, date_from=date_from, date_to=date_to,
                                       country=country, limit=CANDIDATES, near=near)
        joined = _joins(mention)
        if joined:
            found += store.candidate_events(conn, category=joined, date_from=date_from, date_to=date_to,
                                            country=country, limit=CANDIDATES, near=near)
        return found

    def side(self, mention: Mention, article: Article | None) -> MentionSide:
        return mention_side(mention, article)

    def event_side(self, item: Event) -> EventSide:
        cached = self._events.get(item.id)
        if cached is not None and cached[0] is item:
            return cached[1]
        if len(self._events) >= 20000:
            self._events.clear()
        other = event_side(item)
        self._events[item.id] = (item, other)
        return other

    def allowed(self, mention: Mention, item: Event) -> bool:
        if item.event and item.event[0] != mention.category:
            return bool(item.event[0] == _joins(mention))
        if _months_clash(mention.date.value if mention.date else None, item.date):
            return False
        spec = load_ontology().categories.get(mention.category)
        return not (spec is not None and any((mode in mention.mode) != (mode in item.mode) for mode in spec.separate_modes))

    def probabilities(self, side: MentionSide, candidates: Sequence[Event]) -> list[tuple[Event, float]]:
        kept = [item for item in candidates if self.allowed(side.mention, item)]
        if not kept:
            return []
        rows = [pair_features(side, self.event_side(item)) for item in kept]
        column = self.model.classes.index("same")
        probs = self.model.proba_many(rows)[:, column]
        return list(zip(kept, probs.tolist()))

    def match(self, side: MentionSide, candidates: Sequence[Event]) -> tuple[Event | None, float]:
        if side.mention.category not in LEARNED or not _has_day(side):
            # A report with no date of its own nor a publication day is outside what the model
            # learned (every GVA report is dated): on GVDB's undated articles it merged shootings of
            # other cities (`sitrep eval gvdb --limit 200`: city F1 0.490 -> 0.447), so the rules decide.
            return best_match(side.mention, candidates)
        best, best_p = None, 0.0
        for item, p in self.probabilities(side, candidates):
            if p > best_p:
                best, best_p = item, p
        if best is not None and best_p >= self.threshold:
            return best, best_p
        return None, best_p


class RuleLinker(EventLinker):
    """The hand-scored linker this model replaced (`score` / `best_match` above, blocking on
    `window`), kept for comparison: `training/link/train.py` and the tests measure both."""

    def __init__(self, *, threshold: float = LINK_THRESHOLD) -> None:
        self.threshold = threshold
        self._events = {}

    def candidates(self, store, conn, mention: Mention, side: MentionSide) -> list[Event]:
        return rule_candidates(store, conn, mention)

    def match(self, side: MentionSide, candidates: Sequence[Event]) -> tuple[Event | None, float]:
        return best_match(side.mention, candidates, threshold=self.threshold)
