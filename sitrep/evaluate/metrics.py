"""Scoring primitives shared by every sitrep benchmark: P/R/F1, coreference metrics, simple errors.

Everything here is a pure function of its arguments; nothing reads files or runs the pipeline.

Coreference / clustering metrics follow the reference CoNLL-2012 scorer (Pradhan et al., 2014,
"Scoring Coreference Partitions of Predicted Mentions: A Reference Implementation";
github.com/conll/reference-coreference-scorers, lib/CorScorer.pm):

- MUC (Vilain et al., 1995): link-based. A singleton cluster has no links, so it adds nothing to
  either numerator or denominator. An item that the other side does not contain is partitioned
  as its own singleton (CorScorer.pm treats unaligned mentions that way).
- B³ (Bagga & Baldwin, 1998): recall = Σ_K Σ_R |K∩R|² / |K| over all gold items;
  precision = Σ_R Σ_K |K∩R|² / |R| over all predicted items. Consequence (the "standard
  implementation" choice): a predicted item absent from the gold side still counts in the
  precision denominator, and a gold item absent from the prediction counts in the recall
  denominator. Singletons are kept.
- CEAF_e (Luo, 2005): φ4(K, R) = 2|K∩R| / (|K| + |R|), one-to-one cluster alignment maximising
  Σφ4 (Kuhn–Munkres, `scipy.optimize.linear_sum_assignment`); recall divides by the number of
  gold clusters, precision by the number of predicted clusters. Singletons are kept.
- CoNLL F1 = the unweighted mean of the three F1 values.

All values here are fractions in [0, 1]; any denominator of 0 gives 0 (never a division error).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, TypeAlias

import numpy as np

__all__ = [
    "PRF",
    "Clustering",
    "b_cubed",
    "ceaf_e",
    "conll_f1",
    "exact_accuracy",
    "f1_score",
    "mean_absolute_error",
    "muc",
    "prf",
    "to_clusters",
]

logger = logging.getLogger(__name__)

# A clustering is either {item: cluster_id} or a collection of clusters (each a collection of items).
Clustering: TypeAlias = Mapping[Hashable, Hashable] | Iterable[Collection[Hashable]]


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 as fractions in [0, 1]."""

    precision: float
    recall: float
    f1: float

    def to_dict(self) -> dict[str, float]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "PRF":
        return cls(precision=float(data["precision"]), recall=float(data["recall"]), f1=float(data["f1"]))

    def as_percent(self) -> dict[str, float]:
        """The same three numbers ×100, the way benchmark tables print them."""
        return {"precision": 100.0 * self.precision, "recall": 100.0 * self.recall, "f1": 100.0 * self.f1}


def f1_score(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall; 0 when both are 0.

    Written as 2·p·r / (p + r), the same float expression as the GTT/GRIT scripts, so that
    per-document F1 ties break identically when it is used to choose an alignment.
    """
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def prf(tp_p: float, n_pred: float, tp_r: float, n_gold: float) -> PRF:
    """P = tp_p / n_pred, R = tp_r / n_gold, F1 their harmonic mean; 0 where a denominator is 0.

    Precision and recall numerators are separate because several benchmark metrics (MUC links,
    B³, the GTT template metric) count true positives differently on the two sides.
    """
    precision = tp_p / n_pred if n_pred else 0.0
    recall = tp_r / n_gold if n_gold else 0.0
    return PRF(precision=float(precision), recall=float(recall), f1=f1_score(float(precision), float(recall)))


def to_clusters(clustering: Clustering) -> list[frozenset[Hashable]]:
    """Normalise a clustering to a list of non-empty, disjoint frozensets.

    1. A mapping {item: cluster_id} is grouped by cluster id.
    2. Otherwise each element is taken as one cluster; empty clusters are dropped.
    3. An item in two clusters is an error (the metrics assume a partition).
    """
    clusters: list[frozenset[Hashable]]
    if isinstance(clustering, Mapping):
        # 1. group items by their cluster id, keeping first-seen cluster order
        groups: dict[Hashable, set[Hashable]] = {}
        for item, cluster_id in clustering.items():
            groups.setdefault(cluster_id, set()).add(item)
        clusters = [frozenset(group) for group in groups.values()]
    else:
        # 2. an iterable of clusters
        clusters = [frozenset(cluster) for cluster in clustering if len(cluster) > 0]
    # 3. partitions only: overlapping clusters would make MUC and B³ ill-defined
    seen: set[Hashable] = set()
    for cluster in clusters:
        overlap = seen & cluster
        if overlap:
            raise ValueError(
                f"item(s) {sorted(map(repr, overlap))[:5]} appear in more than one cluster; "
                "a clustering must be a partition (each item in exactly one cluster)."
            )
        seen |= cluster
    return clusters


def _muc_side(keys: list[frozenset[Hashable]], responses: list[frozenset[Hashable]]) -> tuple[int, int]:
    """MUC numerator and denominator for `keys` partitioned by `responses` (recall direction).

    Σ_K (|K| − |p(K)|) over Σ_K (|K| − 1), where p(K) is the partition of K induced by the
    responses and items of K missing from every response are their own parts.
    """
    item_to_response: dict[Hashable, int] = {}
    for index, response in enumerate(responses):
        for item in response:
            item_to_response[item] = index
    numerator = 0
    denominator = 0
    for key in keys:
        # singletons have no links: they add 0 to both sides, as in CorScorer.pm
        denominator += len(key) - 1
        parts = {item_to_response.get(item, ("missing", item)) for item in key}
        numerator += len(key) - len(parts)
    return numerator, denominator


def muc(gold: Clustering, pred: Clustering) -> PRF:
    """MUC link-based score (Vilain et al., 1995) of a predicted clustering against gold."""
    gold_clusters, pred_clusters = to_clusters(gold), to_clusters(pred)
    r_num, r_den = _muc_side(gold_clusters, pred_clusters)
    p_num, p_den = _muc_side(pred_clusters, gold_clusters)
    return prf(p_num, p_den, r_num, r_den)


def b_cubed(gold: Clustering, pred: Clustering) -> PRF:
    """B³ (Bagga & Baldwin, 1998) as computed by the CoNLL reference scorer.

    Recall averages over gold items, precision over predicted items; items present on only one
    side still count in that side's denominator (see the module docstring).
    """
    gold_clusters, pred_clusters = to_clusters(gold), to_clusters(pred)
    n_gold = sum(len(cluster) for cluster in gold_clusters)
    n_pred = sum(len(cluster) for cluster in pred_clusters)
    recall_sum = 0.0
    precision_sum = 0.0
    for key in gold_clusters:
        for response in pred_clusters:
            common = len(key & response)
            if common:
                recall_sum += common * common / len(key)
                precision_sum += common * common / len(response)
    return prf(precision_sum, n_pred, recall_sum, n_gold)


def _phi4(key: frozenset[Hashable], response: frozenset[Hashable]) -> float:
    return 2 * len(key & response) / (len(key) + len(response))


def max_assignment(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of the one-to-one alignment with the largest total weight (Kuhn-Munkres)."""
    # scipy.optimize is imported here: it takes about a second to import, and the evaluation modules
    # load with the CLI (the eval commands), which `sitrep --help` and the read-only commands must not wait for
    from scipy.optimize import linear_sum_assignment

    return linear_sum_assignment(weights, maximize=True)


def ceaf_e(gold: Clustering, pred: Clustering) -> PRF:
    """Entity-based CEAF (Luo, 2005) with φ4 similarity and an optimal one-to-one alignment."""
    gold_clusters, pred_clusters = to_clusters(gold), to_clusters(pred)
    if not gold_clusters or not pred_clusters:
        return prf(0.0, len(pred_clusters), 0.0, len(gold_clusters))
    similarity = np.array([[_phi4(key, response) for response in pred_clusters] for key in gold_clusters])
    rows, cols = max_assignment(similarity)
    total = float(similarity[rows, cols].sum())
    return prf(total, len(pred_clusters), total, len(gold_clusters))


def conll_f1(gold: Clustering, pred: Clustering) -> float:
    """CoNLL-2012 average: mean of the MUC, B³ and CEAF_e F1 values (a fraction, not ×100)."""
    return (muc(gold, pred).f1 + b_cubed(gold, pred).f1 + ceaf_e(gold, pred).f1) / 3


def _check_pairs(gold: Sequence[Any], pred: Sequence[Any], name: str) -> None:
    if len(gold) != len(pred):
        raise ValueError(f"{name}: gold has {len(gold)} values but pred has {len(pred)}; pass aligned sequences.")
    if not gold:
        raise ValueError(f"{name}: no values to score; pass at least one (gold, pred) pair.")


def exact_accuracy(gold: Sequence[Any], pred: Sequence[Any]) -> float:
    """Fraction of positions where pred equals gold (a None prediction simply counts as wrong).

    Raises ValueError for sequences of different lengths or for empty input, because an
    accuracy of 0 or 1 over nothing would be a misleading benchmark figure.
    """
    _check_pairs(gold, pred, "exact_accuracy")
    return sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / len(gold)


def mean_absolute_error(gold: Sequence[float], pred: Sequence[float]) -> float:
    """Mean of |gold − pred| over aligned numeric sequences.

    Raises ValueError for different lengths, empty input or a non-finite value (a NaN would
    otherwise silently poison the mean).
    """
    _check_pairs(gold, pred, "mean_absolute_error")
    total = 0.0
    for index, (g, p) in enumerate(zip(gold, pred, strict=True)):
        if not (math.isfinite(g) and math.isfinite(p)):
            raise ValueError(f"mean_absolute_error: position {index} holds a non-finite value (gold={g}, pred={p}).")
        total += abs(g - p)
    return total / len(gold)
