"""Scoring fused events against the GVA disputes gold (`../shared/data/gva_disputes/dev.json`).

The gold labels each incident's fields (dead, injured, date, place, perpetrator, victims) as
agree / update / conflict / unclear, with each article's value. sitrep's disputes are mapped onto
those fields (`GOLD_FIELD`) and scored:

- conflict recall: gold `conflict` fields on which the incident's event carries a dispute;
- flag precision: of the event's disputed gold fields (one flag per incident and field; a field
  labelled `unclear` is left out, a dispute on a field the gold does not annotate counts as wrong),
  the share labelled `conflict`;
- newest value after an update: for dead and injured labelled `update`, whether the fused count
  equals the newest article's value (the last article in the gold's order with a value; the gold
  lists an incident's articles by publication day). An unknown fused count reads as 0, as in
  `eval gva`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from sitrep.records import Event

__all__ = ["GOLD_FIELD", "gold_count", "newest_count", "score_disputes"]

# sitrep's dispute field -> the gold field it speaks to; anything else has no gold field.
GOLD_FIELD = {
    "size.dead": "dead",
    "size.injured": "injured",
    "date": "date",
    "event_loc": "place",
    "address": "place",
    "actor": "perpetrator",
    "claimed_by": "perpetrator",
    "recipient": "victims",
}
FIELDS = ("dead", "injured", "date", "place", "perpetrator", "victims")
COUNT_FIELDS = {"dead": "dead", "injured": "injured"}


def gold_count(value: Any) -> int | None:
    """A gold count: an int, or the number a note starts with ("16 (17 hit in total ...)")."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    match = re.match(r"\s*(\d+)\b", str(value))
    return int(match.group(1)) if match else None


def newest_count(field: dict[str, Any], doc_order: Sequence[str]) -> int | None:
    """The value of the last article (in the gold's publication order) that states one."""
    values = field.get("values") or {}
    for doc_id in reversed(doc_order):
        count = gold_count(values.get(doc_id))
        if count is not None:
            return count
    return None


def score_disputes(incidents: Sequence[dict[str, Any]], event_of: dict[str, Event | None]) -> dict[str, Any]:
    """Score the events matched to gold incidents (`event_of`: incident id -> event or None)."""
    conflicts = flagged_conflicts = 0
    flags = true_flags = 0
    updates_flagged = n_updates = 0
    newest_hits = newest_total = 0
    per_field: dict[str, Counter] = defaultdict(Counter)
    wrong_flags: list[str] = []
    missed: list[str] = []
    stale: list[str] = []
    for incident in incidents:
        incident_id = str(incident["gva_incident_id"])
        event = event_of.get(incident_id)
        gold = incident["fields"]
        flagged: set[str] = set()
        for dispute in event.disputes if event else []:
            flagged.add(GOLD_FIELD.get(dispute.field, f"other:{dispute.field}"))
        for name in FIELDS:
            label = (gold.get(name) or {}).get("label")
            if label == "conflict":
                conflicts += 1
                per_field[name]["conflicts"] += 1
                if name in flagged:
                    flagged_conflicts += 1
                    per_field[name]["conflicts_flagged"] += 1
                else:
                    missed.append(f"{incident_id}:{name}")
            if label == "update":
                n_updates += 1
                updates_flagged += name in flagged
        for name in sorted(flagged):
            label = (gold.get(name) or {}).get("label")
            if label == "unclear":
                continue
            flags += 1
            per_field[name]["flags"] += 1
            if label == "conflict":
                true_flags += 1
                per_field[name]["true_flags"] += 1
            else:
                wrong_flags.append(f"{incident_id}:{name}={label or 'not annotated'}")
        order = [doc["doc_id"] for doc in incident["docs"]]
        for name, size_key in COUNT_FIELDS.items():
            field = gold.get(name) or {}
            if field.get("label") != "update":
                continue
            newest = newest_count(field, order)
            if newest is None:
                continue
            newest_total += 1
            predicted = int((event.size.get(size_key) if event else None) or 0)
            if predicted == newest:
                newest_hits += 1
            else:
                stale.append(f"{incident_id}:{name} gold {newest} sitrep {predicted}")
    return {
        "conflict_recall": flagged_conflicts / conflicts if conflicts else 0.0,
        "flag_precision": true_flags / flags if flags else 0.0,
        "newest_after_update": newest_hits / newest_total if newest_total else 0.0,
        "updates_flagged_share": updates_flagged / n_updates if n_updates else 0.0,
        "n_conflicts": conflicts,
        "n_conflicts_flagged": flagged_conflicts,
        "n_flags": flags,
        "n_true_flags": true_flags,
        "n_count_updates": newest_total,
        "n_updates": n_updates,
        "per_field": {name: dict(counts) for name, counts in sorted(per_field.items())},
        "wrong_flags": wrong_flags,
        "missed_conflicts": missed,
        "stale_counts": stale,
        "event_of": dict(event_of),
    }
