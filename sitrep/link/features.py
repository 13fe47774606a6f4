"""Features of a (new mention, stored event) pair for the learned event linker.

Each feature is a string ("date=0", "km<10", "dead=same") so the pair model is a `LinearModel`
(plain JSON weights, scored without scikit-learn). Numbers are binned, which lets a linear model
weigh "same day" and "ten days apart" differently from "three days apart", and a few conjunctions
carry the interactions that matter (a follow-up article is far in time but close in names).

What each side is read from:
- the mention: its own fields (date, place, tolls, participants, arguments) and its article's title
  and lead (`MentionSide`, built once per mention, not once per candidate);
- the event: the fused record (date, place, size, actor/recipient, mode) and the texts it keeps:
  its sources' titles, its evidence sentences and summary (`EventSide`, cached by event while the
  store hands back the same decoded record).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from dataclasses import dataclass
from typing import Iterable

from ..records import Article, Event, Mention
from .entities import fold

__all__ = ["EventSide", "MentionSide", "event_side", "follow_up_cues", "mention_side", "pair_features"]

# How much of a report is read as its lead for text similarity (headline, standfirst, first paragraph).
LEAD_CHARS = 700
# Evidence sentences read per event: enough to cover each source's lead, bounded so a
# hundred-source event costs no more than a ten-source one.
EVENT_TEXTS = 24

# A report about the aftermath of an incident rather than the incident: it joins the incident even
# when its own date (the arrest, the hearing) is days or weeks later.
FOLLOW_UP = re.compile(
    r"\b(charged|charges|arrest(?:ed|s)?|indicted|arraign\w*|sentenced|pleaded|pleads|convicted|"
    r"funeral|vigil|memorial|mourn\w*|identified as|has been identified|have been identified|"
    r"named the victim|autopsy|died (?:from|of) (?:his|her|their) injuries|remembered|custody|"
    r"turned (?:himself|herself) in|surrendered|bail|bond|murder charge|court)\b",
    re.IGNORECASE,
)

_STOP = frozenset("""
a about after again against all also an and any are around as at be been before being between both but by can
could did do does down during each few for from further had has have having he her here hers him his how i if in
into is it its just may me more most much my near no nor not now of off on once one only or other our out over own
said same says she should so some such than that the their them then there these they this those through to too
two under until up very was we were what when where which while who whom why will with would you your year years
told according police officer officers man woman people person shooting shot shots gun fire fired killed dead death
news report reported reports say saying tuesday monday wednesday thursday friday saturday sunday night morning
evening afternoon day week last first new three four five
""".split())
# Capitalised words that name no one: they start sentences or name days, months and institutions.
_NOT_NAMES = frozenset("""
the a an he she it they we i his her their its this that these those there when where after before police officers
officer sheriff department county city state news monday tuesday wednesday thursday friday saturday sunday january
february march april may june july august september october november december mr mrs ms dr according authorities
investigators no one two three but and or if in on at for by with from as of to an so than while says said
""".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")


@functools.lru_cache(maxsize=65536)
def _key(word: str) -> str:
    return re.sub(r"[^a-z]", "", fold(word).lower())


def content_words(text: str) -> set[str]:
    """A text's content words, each cut to its first seven letters: what two texts share beyond
    function words (link features; the slot models' "how many headline words a sentence repeats")."""
    words = set()
    for match in _WORD.finditer(text):
        key = _key(match.group())
        if len(key) > 2 and key not in _STOP:
            words.add(key[:7])  # a crude stem: "shooting" ~ "shootin", "suspects" ~ "suspect"
    return words


def _proper_words(text: str) -> set[str]:
    """Capitalised words not at a sentence start: names of people, streets, businesses, places."""
    words = set()
    for match in _WORD.finditer(text):
        word = match.group()
        if not word[0].isupper() or word.isupper() and len(word) > 3:
            continue
        before = text[max(0, match.start() - 2):match.start()]
        if not before.strip() or before.rstrip()[-1:] in ".!?\"“":
            continue  # sentence or paragraph start
        key = _key(word)
        if len(key) > 2 and key not in _NOT_NAMES:
            words.add(key)
    return words


def follow_up_cues(text: str) -> int:
    """How many follow-up words (arrest, charges, funeral, identified as, ...) the text holds."""
    return len(FOLLOW_UP.findall(text))


def _surnames(texts: Iterable[str]) -> set[str]:
    names = set()
    for text in texts:
        words = [w for w in _WORD.findall(text or "") if w[:1].isupper()]
        if words:
            key = _key(words[-1])
            if len(key) > 2 and key not in _NOT_NAMES and key not in _STOP:
                names.add(key)
    return names


@dataclass
class MentionSide:
    mention: Mention
    words: set[str]
    proper: set[str]
    names: set[str]  # surnames of the mention's participants (victims, suspects, actors)
    follow_up: int
    reported: dt.date | None


@dataclass
class EventSide:
    event: Event
    words: set[str]
    proper: set[str]
    names: set[str]
    published: list[dt.date]


def _date(text: str | None) -> dt.date | None:
    if not text or len(text) < 10:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


@functools.lru_cache(maxsize=256)
def _lead(text: str) -> tuple[frozenset[str], frozenset[str], int]:
    # cached: every mention of a report reads the same title and lead
    return frozenset(content_words(text)), frozenset(_proper_words(text)), follow_up_cues(text)


def mention_side(mention: Mention, article: Article | None) -> MentionSide:
    lead = f"{article.title or ''}\n{article.text[:LEAD_CHARS]}" if article is not None else ""
    lead_words, lead_proper, follow_up = _lead(lead)
    people = [a.entity_text for a in mention.actors + mention.recipients]
    people += [a.text for a in mention.arguments if a.role in ("victim", "perp_individual")]
    return MentionSide(
        mention=mention, words=lead_words | content_words(mention.sentence), proper=lead_proper | _proper_words(mention.sentence),
        names=_surnames(people), follow_up=follow_up if lead else follow_up_cues(mention.sentence), reported=_date(mention.reported),
    )


def event_side(item: Event) -> EventSide:
    texts = [s.title or "" for s in item.sources]
    seen: set[tuple[str, int]] = set()
    for evidence in (e for values in item.evidence.values() for e in values):
        if (evidence.article, evidence.start) not in seen:
            seen.add((evidence.article, evidence.start))
            texts.append(evidence.text)
        if len(seen) >= EVENT_TEXTS:
            break
    texts.append(item.summary or "")
    text = "\n".join(texts)
    people = [a.entity_text for a in item.actor + item.recipient]
    published = [d for s in item.sources if (d := _date(s.published)) is not None]
    return EventSide(event=item, words=content_words(text), proper=_proper_words(text), names=_surnames(people),
                     published=published)


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _bin(value: float, edges: tuple[float, ...], labels: tuple[str, ...]) -> str:
    for edge, label in zip(edges, labels):
        if value <= edge:
            return label
    return labels[-1]


_DAY_EDGES = (0, 1, 3, 7, 14, 30)
_DAY_LABELS = ("0", "1", "2-3", "4-7", "8-14", "15-30", ">30")
_KM_EDGES = (0.5, 3, 10, 30, 100, 500)
_KM_LABELS = ("<0.5", "<3", "<10", "<30", "<100", "<500", ">=500")


def _date_feature(mention: Mention, item: Event) -> tuple[str, int | None]:
    """("date=<bin>" or why there is no gap, the gap in days where both are days)."""
    m_value = mention.date.value if mention.date else None
    if not m_value:
        return "date=none_m", None
    if not item.date:
        return "date=none_e", None
    if len(m_value) >= 10 and len(item.date) >= 10:
        a, b = _date(m_value), _date(item.date)
        if a is not None and b is not None:
            gap = abs((a - b).days)
            return "date=" + _bin(gap, _DAY_EDGES, _DAY_LABELS), gap
    return ("date=coarse_ok" if m_value.startswith(item.date[:7]) or item.date.startswith(m_value[:7]) else "date=coarse_clash"), None


def pair_features(side: MentionSide, other: EventSide) -> list[str]:
    """The features of one (mention, event) pair; see the module docstring."""
    mention, item = side.mention, other.event
    features: list[str] = []
    date, gap = _date_feature(mention, item)
    features.append(date)

    # publication gap: the report against the closest of the event's sources
    if side.reported is not None and other.published:
        pub = min(abs((side.reported - d).days) for d in other.published)
        features.append("pub=" + _bin(pub, _DAY_EDGES, _DAY_LABELS))
    else:
        pub = None
        features.append("pub=none")

    # place
    place, loc = mention.place, item.event_loc
    near = "place=none"
    if place is None or loc is None:
        features.append("place=none_m" if place is None else "place=none_e")
    else:
        features.append(f"feat={place.feature or '?'}|{loc.feature or '?'}")
        if place.geonameid and place.geonameid == loc.geonameid:
            features.append("place=same_id")
            near = "place=same"
        elif place.lat is not None and loc.lat is not None and place.feature not in ("country", "admin1") and loc.feature not in ("country", "admin1"):
            km = _haversine_km(place.lat, place.lon, loc.lat, loc.lon)
            features.append("km" + _bin(km, _KM_EDGES, _KM_LABELS))
            near = "place=same" if km <= 10 else ("place=near" if km <= 50 else "place=far")
        if place.country_code and loc.country_code:
            features.append("country=" + ("same" if place.country_code == loc.country_code else "diff"))
        if place.province and loc.province:
            same = place.province == loc.province
            features.append("admin1=" + ("same" if same else "diff"))
            if not same and near != "place=same":
                near = "place=far"
        elif near == "place=none":
            near = "place=coarse"

    # tolls
    for name, mine in (("dead", mention.dead), ("injured", mention.injured)):
        theirs = item.size.get(name)
        if mine is None or theirs is None:
            features.append(f"{name}=unknown")
        elif mine == theirs:
            features.append(f"{name}=same_pos" if mine > 0 else f"{name}=same_zero")
        else:
            features.append(f"{name}=diff" if abs(mine - theirs) > 1 else f"{name}=off_by_one")

    # shared names: the participants' surnames, and proper nouns of the two texts
    shared_names = len(side.names & (other.names | other.proper))
    features.append("names=" + ("0" if not shared_names else "1" if shared_names == 1 else "2+"))
    proper = len(side.proper & other.proper)
    features.append("proper=" + _bin(proper, (0, 1, 2, 4, 8), ("0", "1", "2", "3-4", "5-8", ">8")))

    # text similarity: cosine of the content-word sets
    if side.words and other.words:
        cosine = len(side.words & other.words) / math.sqrt(len(side.words) * len(other.words))
    else:
        cosine = 0.0
    text = "cos" + _bin(cosine, (0.05, 0.1, 0.15, 0.2, 0.3, 0.45), ("<.05", "<.1", "<.15", "<.2", "<.3", "<.45", ">=.45"))
    features.append(text)

    # category and mode (blocking already keeps one category)
    features.append(f"cat={mention.category}" if not item.event or item.event[0] == mention.category
                    else f"cat={mention.category}>{item.event[0]}")
    features.append("mode=" + ("shared" if set(mention.mode) & set(item.mode) else "none" if mention.mode and item.mode else "unknown"))

    follow = "follow=1" if side.follow_up else "follow=0"
    features.append(follow)
    features.append("main=1" if mention.is_main else "main=0")
    features.append("sources=" + _bin(len(item.sources), (1, 2, 4), ("1", "2", "3-4", ">4")))

    # conjunctions that carry the interactions a linear model cannot
    features.append(f"{date}&{near}")
    features.append(f"{follow}&{date}")
    features.append(f"{follow}&names={'1' if shared_names else '0'}")
    features.append(f"{near}&{text}")
    if gap is None and pub is not None:
        features.append(f"{date}&pub={_bin(pub, _DAY_EDGES, _DAY_LABELS)}")
    return features
