"""What each report said when: one position per report and field, updates told from disputes.

A field's claims are read in four steps:
1. Each independent report (wire copies left out, and reports whose position rests on a sentence
   an earlier report gave word for word) takes one position: the value its claims give
   the most weight (for counts, a sentence that adds to a total, "the gunman was also killed",
   gives no position) (claims a report marks as superseded, "initially reported", lose to the rest;
   claims that mark a revision, "the death toll rose to", win), ties to the earliest sentence.
2. Two positions that differ are an **update** when the later one can revise the earlier: it is
   from a later day and the change is one time explains (a toll that rises, a victim who dies,
   "not charged" becoming "charged"), or its sentence says so ("later died", "has since"), or
   both come from one outlet (an outlet revising its own story). Otherwise they are a
   **conflict**: credible reports disagreeing about the same moment.
   A value some report gave before the one it would revise is no update (it is old news coming
   back: "4 shot", then "3", then "4" is a conflict).
3. A position a later one updated is superseded, and so is a later report repeating a value an
   update replaced (it lags); the field's value is the best supported among the positions still
   standing (so the newest value after an update).
4. A conflict between standing positions is a dispute when each side has at least
   `CREDIBLE_WEIGHT` behind it.

Each position becomes an entry of the field's history (`HistoryEntry`), with its report's time,
outlet, sentence and how it relates to what came before.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..records import Article, Evidence, HistoryEntry

__all__ = ["CREDIBLE_MODALITY", "CREDIBLE_WEIGHT", "HEDGED_WEIGHT", "Position", "Resolution", "article_time", "days_apart", "is_revision",
           "is_roundup", "resolve", "stated_update"]

# A hedged claim ("reportedly", "sources told") weighs half a plain one.
HEDGED_WEIGHT = 0.5
# A side of a dispute needs this much weight: one plain report, or two hedged ones (whatever the
# outlets' estimated reliabilities, see `resolve`). Was 0.5: one hedged claim was enough. On the GVA disputes dev set (../shared/data/gva_disputes/dev.json)
# no gold conflict rests on one hedged report; with reliabilities applied 0.5 leaves 4 flags, 1.0
# leaves 1 (none of them real conflicts either way; 4 flags for both without reliabilities).
CREDIBLE_WEIGHT = 1.0

# An explicit denial against a sourced report ("sources said the envoy was recalled" / "will not
# withdraw its diplomats") is the dispute a reader must see, so for modality a hedged report is
# enough on its side (the seed reports' recalled-vs-not dispute). On the GVA disputes dev set this
# adds no modality flag (measured: 0 with it, 0 without).
CREDIBLE_MODALITY = HEDGED_WEIGHT
# Sentences that say a value revises an earlier one; matched case-insensitively. On the GVA
# disputes dev set they take one false flag away (5 flags without them, 4 with).
REVISION = re.compile(
    r"\b(later died|has since died|have since died|since died|died (later|since|on|in|at|from|of)\b.{0,40}\b(hospital|injur|wound)"
    r"|succumbed|taken off life support|(toll|number of (dead|victims|injured|wounded))\b.{0,20}\b(rose|risen|rises|climbed|increased|grew|jumped)"
    r"|rose to|risen to|now stands|has since|have since|revised|updated (the |its )?(count|number|toll|total)"
    r"|came forward|more victims|(another|additional|a further) (victim|person)s?\b.{0,30}\b(found|died|identified))",
    re.IGNORECASE,
)
# Sentences that add to a count rather than give it: "the gunman was also killed" (12 + 1). On
# the GVA disputes dev set it changes no score (4 flags with and without it); it keeps a report's
# position on the total rather than on its last addition (the Navy Yard report: 12, not 1).
# The gunman's own death is told apart from the victims' ("the gunman was killed by police").
ADDITIVE = re.compile(
    r"\b(also|too)\b.{0,25}\b(killed|died|dead)\b|\b(killed|died|dead) (as well|too)\b"
    r"|\b(gunman|shooter|suspect|attacker)\b[^.]{0,40}\b((was|has been|were) (also )?(killed|shot dead|fatally shot)|died|killed himself|took his own life)\b",
    re.IGNORECASE)
# Sentences that report a value as superseded: the report itself says it no longer holds.
SUPERSEDED = re.compile(r"\b(initially|originally|at first|earlier) (reported|said|thought|believed|told|listed)\b", re.IGNORECASE)


# Sentences that give a toll over several incidents: "Two people were killed and four others were
# hurt in three separate shootings", "Three died and 16 were wounded in seven separate shootings
# across the city". Such a total is no report's say on one incident's toll, so it never makes a
# dispute (on the GVA disputes dev set: 2 false count flags, both roundups like these).
ROUNDUP = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|several|multiple|a string of|a series of|\d+) "
    r"(separate|different|unrelated|other|weekend|overnight)? ?(shootings|incidents|attacks|homicides)\b",
    re.IGNORECASE)


# Sentence tests kept (by pattern and text): fusion reads every claim of an event again each time
# the event is fused, and an event is fused again for every report and mention that touches it, so
# the same sentences were searched over and over (25,000 searches on 200 GVA articles; a test
# repeated takes 1.9 us, a search 5.1).
SENTENCE_TESTS_KEPT = 1 << 16


@functools.lru_cache(maxsize=SENTENCE_TESTS_KEPT)
def _says(pattern: re.Pattern[str], text: str) -> bool:
    return bool(pattern.search(text))


def is_roundup(text: str) -> bool:
    return _says(ROUNDUP, text)


def is_revision(text: str) -> bool:
    return _says(REVISION, text)


# Where a page states when it was last updated ("Updated: May 31, 2016 - 6:54 PM"): its head.
UPDATED_HEAD_CHARS = 800
_UPDATED = re.compile(r"\b(?:last updated|updated)\b\s*(?:on|at)?\s*:?\s*([^\n|]{6,40})", re.IGNORECASE)


def stated_update(text: str, published: str | None) -> str | None:
    """The ISO date a page says it was updated, from the head of its text; None when it says
    none, or gives one before its publication date (a misread)."""
    from ..ingest.dates import parse_date_value

    for match in _UPDATED.finditer(text[:UPDATED_HEAD_CHARS]):
        # the date part only: "May 31, 2016 - 6:54 PM" -> "May 31, 2016"
        value = parse_date_value(re.split(r"\s[-–@]\s|\s\d{1,2}:\d{2}", match.group(1))[0].strip(" ,"))
        if value and (published is None or value >= published[:10]):
            return value
    return None


def article_time(article: Article | None) -> str | None:
    """When a report was known: the page's stated update time where one was read, else its date."""
    if article is None:
        return None
    return getattr(article, "updated", None) or article.published


@dataclass
class Position:
    """One report's say on one field."""

    key: Any
    value: Any
    weight: float
    article: str
    outlet: str | None
    time: str | None
    evidence: list[Evidence]
    revised: bool = False
    claimed: float = 0.0  # the weight of all its claims, uncapped: breaks ties between reports


@dataclass
class Resolution:
    """A field resolved: the chosen key, the standing and superseded positions, the conflicts."""

    chosen: Any
    positions: list[Position]
    standing: list[Position]
    conflicts: list[tuple[Position, Position]]
    history: list[HistoryEntry] = field(default_factory=list)
    disputed_keys: list[Any] = field(default_factory=list)


def _claim_weight(evidence: Evidence) -> float:
    return HEDGED_WEIGHT if evidence.hedged else 1.0


def positions_of(claims: Sequence[tuple[Any, Evidence]], articles: Mapping[str, Article], key: Callable[[Any], Any],
                 reliability: Mapping[str, float] | None = None, *, additive: bool = False) -> list[Position]:
    """Step 1: one position per independent report (see the module docstring); for the dead
    (`additive`), a sentence that adds to a total ("was also killed") takes no position. Not for
    the injured: "one killed and two others also wounded" gives their total (with it, GVDB dev
    injured F1 fell from 0.201 to 0.177 in the quality gate)."""
    by_article: dict[str, dict[Any, dict[str, Any]]] = {}
    for value, evidence in claims:
        article = articles.get(evidence.article)
        if article is not None and article.duplicate_of:
            continue  # a wire copy repeats its original: never a second position
        if additive and _says(ADDITIVE, evidence.text):
            continue  # a part added to a total is no position on the total
        group = by_article.setdefault(evidence.article, {}).setdefault(
            key(value), {"value": value, "weight": 0.0, "evidence": [], "revised": False, "superseded": True})
        group["weight"] += _claim_weight(evidence)
        group["evidence"].append(evidence)
        group["revised"] |= is_revision(evidence.text)
        group["superseded"] &= _says(SUPERSEDED, evidence.text)
    out = []
    for article_id, groups in by_article.items():
        best_key, best = min(groups.items(), key=lambda kv: (kv[1]["superseded"], not kv[1]["revised"],
                                                              -kv[1]["weight"], min(e.start for e in kv[1]["evidence"])))
        article = articles.get(article_id)
        outlet = article.publication if article else None
        # one report counts once whatever it repeats: capped at one plain claim
        weight = min(best["weight"], 1.0) * _reliability_factor(outlet, reliability)
        out.append(Position(key=best_key, value=best["value"], weight=weight, article=article_id, outlet=outlet,
                            time=article_time(article), evidence=best["evidence"], revised=best["revised"],
                            claimed=best["weight"]))
    return _drop_resyndicated(sorted(out, key=lambda p: (p.time or "", p.article)))


# A sentence this long, word for word in two reports, was copied, not written twice.
COPIED_SENTENCE_CHARS = 40


def _drop_resyndicated(positions: list[Position]) -> list[Position]:
    """A report whose position rests on a sentence an earlier report already gave, word for word,
    repeats that report (re-syndicated text the ingest's MinHash did not catch: on the GVA disputes
    dev set it marked 1 of the 8 annotated near copies) and takes no position of its own."""
    said: set[str] = set()
    kept = []
    for p in positions:
        texts = {" ".join(e.text.lower().split()) for e in p.evidence if len(e.text) >= COPIED_SENTENCE_CHARS}
        if texts & said:
            continue
        said |= texts
        kept.append(p)
    return kept


# An outlet's reliability scales its weight around this neutral value (an outlet with no evidence
# yet weighs 1, as before reliabilities existed).
NEUTRAL_RELIABILITY = 0.8


def _reliability_factor(outlet: str | None, reliability: Mapping[str, float] | None) -> float:
    if not reliability or outlet is None or outlet not in reliability:
        return 1.0
    return reliability[outlet] / NEUTRAL_RELIABILITY


def _later(a: Position, b: Position) -> bool:
    """b is from a later day than a (both dated)."""
    return bool(a.time and b.time and b.time[:10] > a.time[:10])


def relation(a: Position, b: Position, can_update: Callable[[Position, Position], bool],
             moment_days: int | None = None) -> str:
    """"update" (b revises a), "updated" (a revises b), "conflict" (same moment) or "apart"
    (further apart than `moment_days`: neither revises nor contradicts the other)."""
    for old, new, name in ((a, b, "update"), (b, a, "updated")):
        if _later(old, new) and can_update(old, new):
            return name
        if new.revised and not _later(new, old):
            return name
    if not _same_moment(a, b, moment_days):
        return "apart"
    return "conflict"


def _same_moment(a: Position, b: Position, moment_days: int | None) -> bool:
    """Whether two positions can speak of the same moment: within `moment_days` (or no bound)."""
    return moment_days is None or not (a.time and b.time) or days_apart(a.time, b.time) <= moment_days


def days_apart(x: str, y: str) -> int:
    """Days between two ISO dates (or timestamps), either order; 0 where one is unreadable."""
    try:
        return abs((dt.date.fromisoformat(x[:10]) - dt.date.fromisoformat(y[:10])).days)
    except ValueError:
        return 0


def resolve(positions: list[Position], *, compatible: Callable[[Any, Any], bool],
            can_update: Callable[[Position, Position], bool], rank: Callable[[list[Position]], Any] | None = None,
            moment_days: int | None = None, credible: float = CREDIBLE_WEIGHT,
            firm: Callable[[Position], bool] = lambda p: True) -> Resolution:
    """Steps 2 to 4 over one field's positions (sorted by time). With `moment_days`, positions
    further apart than that are not the same moment and cannot conflict (counts: a recap weeks
    later that gives fewer injured restates loosely; dates and places do not change with time).
    Only two `firm` positions can be a dispute: a report's position that rests on what extraction
    was unsure of still takes part in the value's choice, but a reader is not asked to settle a
    disagreement that is more likely a misreading than two sources at odds."""
    superseded: set[int] = set()
    pairs: list[tuple[Position, Position, str]] = []
    for i, a in enumerate(positions):
        for b in positions[i + 1:]:
            if a.key == b.key or compatible(a.value, b.value):
                continue
            kind = relation(a, b, can_update, moment_days)
            # News is what was not said before: a value some report gave before the one it would
            # revise is an old value coming back, not an update ("4 shot", then "3", then "4" again);
            # a conflict only within `moment_days` (a recap weeks later restating the first toll
            # is not at odds with a one-off reading between: the GVA disputes dev set's car-wash
            # shooting, 2 dead, a report of one victim's death "1" the next day, and "2" 47 days on).
            if kind in ("update", "updated"):
                old, new = (a, b) if kind == "update" else (b, a)
                if any(p.key == new.key and _later(p, old) for p in positions):
                    kind = "conflict" if _same_moment(a, b, moment_days) else "apart"
            pairs.append((a, b, kind))
            if kind == "update":
                superseded.add(id(a))
            elif kind == "updated":
                superseded.add(id(b))
    # A later report repeating a value an update already replaced lags; it does not contradict.
    replaced = [p for p in positions if id(p) in superseded]
    lagging: set[int] = set()
    for p in positions:
        if id(p) not in superseded and not p.revised and any(q.key == p.key and not _later(p, q) for q in replaced):
            lagging.add(id(p))
    superseded |= lagging
    standing = [p for p in positions if id(p) not in superseded] or positions[-1:]
    chosen = _choose(standing, compatible) if rank is None else rank(standing)
    conflicts = [(a, b) for a, b, kind in pairs if kind.startswith("conflict")
                 and id(a) not in superseded and id(b) not in superseded]
    # A side's credibility is what its reports assert (plain or hedged, each report once), not its
    # outlets' estimated reliability: reliability weighs which value is chosen, but a real
    # disagreement stays visible when one side is an outlet the store rates below neutral. On the
    # GVA disputes dev set, with reliabilities applied, scaled weights kept 2 of the 3 real
    # conflicts flagged (3 of 3 unscaled), and no false flag either way.
    support: dict[Any, float] = {}
    for p in standing:
        support[p.key] = support.get(p.key, 0.0) + min(p.claimed, 1.0)
    disputed: list[Any] = []
    for a, b in conflicts:
        if a.outlet is not None and a.outlet == b.outlet:
            continue  # an outlet at odds with itself on one day: a revision we cannot order, not two sources
        if not (firm(a) and firm(b)):
            continue
        if support.get(a.key, 0.0) >= credible and support.get(b.key, 0.0) >= credible:
            disputed += [k for k in (a.key, b.key) if k not in disputed]
    if disputed and chosen not in disputed:
        # the chosen value stands against the disputed ones only where it conflicts with one of them
        if any(not compatible(_value_of(standing, chosen), _value_of(standing, k)) for k in disputed):
            disputed.insert(0, chosen)
    result = Resolution(chosen=chosen, positions=positions, standing=standing, conflicts=conflicts,
                        disputed_keys=disputed)
    result.history = _history(positions, superseded, lagging, pairs, chosen, disputed)
    return result


def _value_of(positions: list[Position], key: Any) -> Any:
    return next(p.value for p in positions if p.key == key)


def _choose(standing: list[Position], compatible: Callable[[Any, Any], bool]) -> Any:
    """The best supported standing key; ties to the newest, then to the one more often said."""
    support: dict[Any, tuple[float, str, float]] = {}
    for p in standing:
        weight, latest, claimed = support.get(p.key, (0.0, "", 0.0))
        support[p.key] = (weight + p.weight, max(latest, p.time or ""), claimed + p.claimed)
    return max(support, key=lambda k: support[k])


def _history(positions: list[Position], superseded: set[int], lagging: set[int],
             pairs: list[tuple[Position, Position, str]], chosen: Any, disputed: list[Any]) -> list[HistoryEntry]:
    entries = []
    seen: set[Any] = set()
    for i, p in enumerate(positions):
        earlier_kinds = {kind for a, b, kind in pairs if b is p}
        if i == 0:
            change = "first"
        elif id(p) in lagging:
            change = "lags"
        elif p.key in seen:
            change = "same"
        elif "update" in earlier_kinds:
            change = "update"
        elif "conflict" in earlier_kinds:
            change = "conflict" if p.key in disputed else "differs"
        elif earlier_kinds:
            change = "differs"
        else:
            change = "same"
        seen.add(p.key)
        if p.key == chosen:
            status = "current"
        elif id(p) in superseded:
            status = "superseded"
        elif p.key in disputed:
            status = "disputed"
        else:
            status = "outweighed"
        first = min(p.evidence, key=lambda e: e.start)
        entries.append(HistoryEntry(value=p.value, article=p.article, publication=p.outlet, time=p.time,
                                    text=first.text, start=first.start, end=first.end, change=change, status=status,
                                    weight=round(p.weight, 3), attribution=first.attribution))
    return entries
