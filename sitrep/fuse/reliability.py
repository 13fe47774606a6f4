"""How far each outlet can be trusted: its agreement with the fused values across the store.

A one-coin accuracy model (Dawid & Skene with one accuracy per source, the fixed point that
TruthFinder also iterates): each outlet has one probability of reporting a field right, values
are chosen with outlets weighted by it, and the accuracies are read again from the new choice.

1. Every history entry (one report's value for one field, `sitrep.fuse.timeline`) on a field that
   at least two outlets reported is one observation of its outlet: right when it is the event's
   value or a value a later report revised (right for its time), wrong when it is a side of a
   dispute that lost or was outweighed.
2. reliability = (right + PRIOR * PRIOR_STRENGTH) / (observations + PRIOR_STRENGTH): the Beta prior
   keeps an outlet seen twice near the neutral value (`timeline.NEUTRAL_RELIABILITY`, weight 1).
3. `estimate` repeats: fuse every event with the reliabilities, count again, until no outlet moves
   by more than `TOLERANCE` (or `MAX_ROUNDS`).

Not crowd-kit (Toloka's maintained Dawid–Skene, OneCoinDawidSkene): it requires transformers,
nltk, scikit-learn and pyarrow, which the lean install must not pull in, and it scores each
label against one truth per task, where a report superseded by a later one must count as right.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..records import Event
from .timeline import NEUTRAL_RELIABILITY

__all__ = ["MAX_ROUNDS", "PRIOR_STRENGTH", "SourceReliability", "TOLERANCE", "estimate", "observe"]

# A prior worth two observations at the neutral reliability: not tuned.
PRIOR_STRENGTH = 2.0
TOLERANCE = 0.01
MAX_ROUNDS = 5
# The fields whose values can be right or wrong (participants and claimants are sets, not one value).
FIELDS = ("modality", "date", "event_loc", "size.dead", "size.injured", "size.arrested")
RIGHT = {"current", "superseded"}


@dataclass
class SourceReliability:
    """One outlet (or attribution): its estimated reliability and the evidence behind it."""

    source: str
    reliability: float
    observations: int
    right: int
    kind: str = "outlet"  # "outlet" or "attribution"

    def to_dict(self) -> dict[str, object]:
        return {"source": self.source, "kind": self.kind, "reliability": self.reliability,
                "observations": self.observations, "right": self.right}


def observe(events: Iterable[Event], *, by: str = "outlet") -> list[SourceReliability]:
    """Step 1 and 2 over fused events; `by` = "outlet" or "attribution" (who the report cites)."""
    right: dict[str, int] = defaultdict(int)
    seen: dict[str, int] = defaultdict(int)
    for event in events:
        for name in FIELDS:
            entries = event.history.get(name) or []
            if len({entry.publication for entry in entries}) < 2:
                continue  # one outlet alone agrees with itself: no evidence
            for entry in entries:
                source = entry.publication if by == "outlet" else entry.attribution
                if not source:
                    continue
                seen[source] += 1
                right[source] += entry.status in RIGHT
    out = [SourceReliability(source=s, reliability=round((right[s] + NEUTRAL_RELIABILITY * PRIOR_STRENGTH) / (n + PRIOR_STRENGTH), 3),
                             observations=n, right=right[s], kind=by) for s, n in seen.items()]
    return sorted(out, key=lambda r: (-r.observations, r.source))


def estimate(events: list[Event], refuse: Callable[[Event, dict[str, float]], Event]) -> tuple[dict[str, float], list[Event]]:
    """Step 3: (outlet -> reliability, the events fused with it). `refuse(event, reliability)`
    fuses one event again from its mentions."""
    reliability: dict[str, float] = {}
    current = events
    for _ in range(MAX_ROUNDS):
        estimated = {r.source: r.reliability for r in observe(current)}
        moved = max((abs(estimated.get(s, NEUTRAL_RELIABILITY) - reliability.get(s, NEUTRAL_RELIABILITY))
                     for s in set(estimated) | set(reliability)), default=0.0)
        if moved <= TOLERANCE:
            break  # the events were fused with (nearly) these reliabilities already
        reliability = estimated
        current = [refuse(event, reliability) for event in events]
    return reliability, current
