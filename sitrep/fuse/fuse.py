"""Fusion: from all mentions of one event to one record, with evidence, confidence and disputes.

For each field:
1. Collect every claim (value + evidence) from every mention.
2. Weigh each claim: 1.0 when asserted plainly, `HEDGED_WEIGHT` when hedged ("reportedly",
   unnamed sources); a wire copy's claims count once with the copy it repeats.
3. Choose the value with the most weight; its share of the weight is the field's confidence.
4. Record a dispute when another value also has at least `CREDIBLE_WEIGHT`: numbers that differ,
   asserted vs negated, different claimants, day-precision dates more than a day apart.
Counts get one more rule: the same victim described as killed in one sentence and as injured or
unharmed in another is a claim of 0 dead from the second sentence (a killed/injured contradiction).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from typing import Any

from ..records import Actor, Article, Dispute, Event, Evidence, Mention, Place, Source
from ..link.entities import name_key

# A hedged claim ("reportedly", "sources told") weighs half a plain one.
HEDGED_WEIGHT = 0.5
# A value needs this much weight to stand against the chosen one as a dispute: one plain claim, or
# two hedged ones. Set by reasoning, not tuned on data.
CREDIBLE_WEIGHT = 0.5
# Modalities that contradict each other when reported for the same event.
CONTRADICTORY = {frozenset({"asserted", "negated"}), frozenset({"future", "negated"}), frozenset({"asserted", "future"})}


def event_id_for(mention: Mention) -> str:
    return hashlib.sha1(f"event|{mention.id}".encode()).hexdigest()[:16]


def _weight(evidence: Evidence, duplicates: dict[str, str | None]) -> float:
    if duplicates.get(evidence.article):
        return 0.0
    return HEDGED_WEIGHT if evidence.hedged else 1.0


def _tally(claims: list[tuple[Any, Evidence]], duplicates: dict[str, str | None], key=lambda v: v):
    groups: dict[Any, dict[str, Any]] = {}
    for value, evidence in claims:
        k = key(value)
        group = groups.setdefault(k, {"value": value, "weight": 0.0, "evidence": []})
        group["weight"] += _weight(evidence, duplicates)
        group["evidence"].append(evidence)
    return sorted(groups.values(), key=lambda g: (-g["weight"], -len(g["evidence"])))


def _dispute(field: str, ranked: list[dict[str, Any]], *, compatible=lambda a, b: a == b) -> Dispute | None:
    if len(ranked) < 2:
        return None
    top = ranked[0]
    rivals = [g for g in ranked[1:] if g["weight"] >= CREDIBLE_WEIGHT and not compatible(top["value"], g["value"])]
    if not rivals or top["weight"] < CREDIBLE_WEIGHT:
        return None
    return Dispute(field=field, values=[
        {"value": g["value"], "weight": round(g["weight"], 2), "evidence": [e.to_dict() for e in g["evidence"]]}
        for g in [top, *rivals]
    ])


def _confidence(ranked: list[dict[str, Any]]) -> float:
    total = sum(g["weight"] for g in ranked)
    return round(ranked[0]["weight"] / total, 3) if total else 0.0


def fuse(event_id: str, mentions: list[Mention], articles: dict[str, Article]) -> Event:
    duplicates = {aid: a.duplicate_of for aid, a in articles.items()}
    by_field: dict[str, list[tuple[Any, Evidence]]] = defaultdict(list)
    for mention in mentions:
        for claim in mention.claims:
            by_field[claim.field].append((claim.value, claim.evidence))
    evidence: dict[str, list[Evidence]] = {}
    disputes: list[Dispute] = []
    confidence: dict[str, float] = {}

    categories = _tally([(m.category, _mention_evidence(m, articles)) for m in mentions], duplicates)
    category = categories[0]["value"]

    # modality
    modality = "asserted"
    if by_field["modality"]:
        ranked = _tally(by_field["modality"], duplicates)
        modality = ranked[0]["value"]
        confidence["modality"] = _confidence(ranked)
        dispute = _dispute("modality", ranked, compatible=lambda a, b: frozenset({a, b}) not in CONTRADICTORY)
        if dispute:
            disputes.append(dispute)
        evidence["modality"] = [e for g in ranked for e in g["evidence"]]

    # date: the most specific well-supported value; coarser values that contain it agree with it.
    date, precision = None, None
    if by_field["date"]:
        ranked = _tally(by_field["date"], duplicates, key=lambda v: v["value"])
        # support computed before sorting: list.sort shows the list as empty to its key function
        support = {id(g): _date_support(g, ranked) for g in ranked}
        ranked.sort(key=lambda g: (-support[id(g)], _precision_rank(g["value"]["precision"])))
        date, precision = ranked[0]["value"]["value"], ranked[0]["value"]["precision"]
        confidence["date"] = _confidence(ranked)
        evidence["date"] = ranked[0]["evidence"]
        dispute = _dispute("date", ranked, compatible=_dates_compatible)
        if dispute:
            disputes.append(_strip_values(dispute, lambda v: v["value"]))

    # place
    place = None
    if by_field["event_loc"]:
        ranked = _tally(by_field["event_loc"], duplicates, key=lambda v: v.get("geonameid") or v.get("resolved_place"))
        # The most specific place wins over its country; among equals, the better supported.
        ranked.sort(key=lambda g: (0 if g["value"].get("feature") != "country" else 1, -g["weight"]))
        place = Place.from_dict(ranked[0]["value"])
        confidence["event_loc"] = _confidence(ranked)
        evidence["event_loc"] = ranked[0]["evidence"]
        # A country-level place agrees with any place (it often names a party, not the scene);
        # two cities in different countries disagree.
        dispute = _dispute("event_loc", ranked, compatible=lambda a, b: a.get("country_code") == b.get("country_code")
                           or "country" in (a.get("feature"), b.get("feature")))
        if dispute:
            disputes.append(_strip_values(dispute, lambda v: v.get("resolved_place")))

    # counts
    size: dict[str, int | None] = {"dead": None, "injured": None, "arrested": None}
    implied_zero = _implied_zero_dead(by_field)
    for name in ("dead", "injured", "arrested"):
        claims = [(v["count"], e) for v, e in by_field[f"size.{name}"]]
        if name == "dead":
            claims += implied_zero
        if not claims:
            continue
        ranked = _tally(claims, duplicates)
        size[name] = ranked[0]["value"]
        confidence[f"size.{name}"] = _confidence(ranked)
        evidence[f"size.{name}"] = [e for g in ranked for e in g["evidence"]]
        dispute = _dispute(f"size.{name}", ranked)
        if dispute:
            disputes.append(dispute)

    # claims of responsibility: every claimant is kept; two different claimants is a dispute.
    claimed_by: list[dict[str, Any]] = []
    if by_field["claimed_by"]:
        ranked = _tally(by_field["claimed_by"], duplicates, key=lambda v: (name_key(v["entity_text"]), v["status"]))
        claimed_by = [dict(g["value"]) for g in ranked]
        evidence["claimed_by"] = [e for g in ranked for e in g["evidence"]]
        claimants = [g for g in ranked if g["value"]["status"] == "claimed"]
        if len({name_key(g["value"]["entity_text"]) for g in claimants}) > 1:
            disputes.append(Dispute(field="claimed_by", values=[
                {"value": g["value"], "weight": g["weight"], "evidence": [e.to_dict() for e in g["evidence"]]} for g in claimants]))

    actors = _participants(by_field["actor"], duplicates)
    recipients = _participants(by_field["recipient"], duplicates)
    if actors:
        evidence["actor"] = [e for _, e in by_field["actor"]][:5]
    if recipients:
        evidence["recipient"] = [e for _, e in by_field["recipient"]][:5]

    modes = sorted({mode for m in mentions for mode in m.mode})
    contexts = sorted({c for m in mentions for c in m.context})
    weapons = list(dict.fromkeys(w for m in mentions for w in m.weapons))
    source_ids = list(dict.fromkeys(m.article_id for m in mentions))
    sources = [Source(article=a.id, url=a.url, publication=a.publication, title=a.title, published=a.published,
                      duplicate_of=a.duplicate_of) for a in (articles[i] for i in source_ids if i in articles)]
    independent = [s for s in sources if not s.duplicate_of]
    hedged_only = all(m.hedged for m in mentions)
    # More independent outlets -> more confidence; a record resting only on hedged claims is halved.
    overall = 1.0 - 0.5 ** (len(independent) + 0.5)
    if hedged_only:
        overall *= 0.5
    item = Event(
        id=event_id, event=[category], mode=modes, context=contexts, modality=modality,
        date=date, date_precision=precision, actor=actors, recipient=recipients, event_loc=place,
        size=size, weapons=weapons, claimed_by=claimed_by, summary="", sources=sources,
        evidence=evidence, disputes=disputes, confidence=round(overall, 3), field_confidence=confidence,
        mention_ids=sorted(m.id for m in mentions),
        subtype=_subtype(mentions, category),
    )
    item.summary = summarize(item)
    return item


def _subtype(mentions: list[Mention], category: str) -> str | None:
    """The ACLED sub-event most of the event's mentions of its category were given (the first
    written on a tie)."""
    subtypes = Counter(m.subtype for m in mentions if m.subtype and m.category == category)
    return subtypes.most_common(1)[0][0] if subtypes else None


def _mention_evidence(mention: Mention, articles: dict[str, Article]) -> Evidence:
    publication = articles[mention.article_id].publication if mention.article_id in articles else None
    return Evidence(article=mention.article_id, start=mention.start, end=mention.end, text=mention.sentence,
                    attribution=mention.attribution, hedged=mention.hedged, publication=publication)


def _implied_zero_dead(by_field: dict[str, list[tuple[Any, Evidence]]]) -> list[tuple[int, Evidence]]:
    """Zero dead, implied by a victim said to be injured in a sentence other than the ones that
    say that victim died: within one sentence ("two were shot, one of them fatally") the dead and
    the injured are different people."""
    killed = {(v.get("victim"), e.article, e.start) for v, e in by_field["size.dead"] if v.get("victim") and v.get("count")}
    killed_victims = {victim for victim, _, _ in killed}
    implied = []
    for value, evidence in by_field["size.injured"]:
        victim = value.get("victim")
        if victim in killed_victims and value.get("count") and (victim, evidence.article, evidence.start) not in killed:
            implied.append((0, evidence))
    return implied


def _participants(claims: list[tuple[Any, Evidence]], duplicates) -> list[Actor]:
    if not claims:
        return []
    ranked = _tally(claims, duplicates, key=lambda v: v.get("entity_id") or name_key(v["entity_text"]))
    return [Actor.from_dict(g["value"]) for g in ranked[:3]]


def _precision_rank(precision: str) -> int:
    return {"day": 0, "month": 1, "year": 2}.get(precision, 3)


def _date_support(group: dict[str, Any], ranked: list[dict[str, Any]]) -> float:
    """A value's own weight plus the weight of coarser values that contain it."""
    value = group["value"]["value"]
    return group["weight"] + sum(g["weight"] for g in ranked if g is not group and value.startswith(g["value"]["value"]))


def _dates_compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    x, y = a["value"], b["value"]
    if x.startswith(y) or y.startswith(x):
        return True
    if len(x) == len(y) == 10:
        return abs((dt.date.fromisoformat(x) - dt.date.fromisoformat(y)).days) <= 1
    return False


def _strip_values(dispute: Dispute, simplify) -> Dispute:
    for value in dispute.values:
        value["value"] = simplify(value["value"])
    return dispute


def summarize(item: Event) -> str:
    """One line a person can scan in a list."""
    parts = [item.event[0]]
    if item.mode:
        parts[0] += f" ({', '.join(item.mode[:2])})"
    if item.modality != "asserted":
        parts.append(f"[{item.modality}]")
    if item.actor:
        parts.append(f"by {item.actor[0].entity_text}")
    if item.recipient:
        parts.append(f"against {item.recipient[0].entity_text}")
    if item.event_loc:
        parts.append(f"in {item.event_loc.resolved_place or item.event_loc.extracted_place}")
    if item.date:
        parts.append(f"on {item.date}")
    counts = [f"{v} {k}" for k, v in item.size.items() if v is not None]
    if counts:
        parts.append("; " + ", ".join(counts))
    return " ".join(parts).replace(" ;", ";")
