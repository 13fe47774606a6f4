"""Hand-computed cases for sitrep.evaluate.metrics (expected values worked out in the comments)."""

from __future__ import annotations

import math

import pytest

from sitrep.evaluate.metrics import (
    PRF,
    b_cubed,
    ceaf_e,
    conll_f1,
    exact_accuracy,
    mean_absolute_error,
    muc,
    prf,
    to_clusters,
)

# Pradhan et al. (2014), "Scoring Coreference Partitions of Predicted Mentions", running example:
#   key      K1 = {a,b,c}   K2 = {d,e,f,g}
#   response R1 = {a,b}     R2 = {c,d}     R3 = {f,g,h,i}
# (e is missing from the response; h and i are not in the key.)
KEY = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
RESPONSE = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]


def approx(value: float) -> object:
    return pytest.approx(value, abs=1e-12)


# --- prf ------------------------------------------------------------------------------------


def test_prf_basic() -> None:
    # P = 1/2, R = 1/4, F1 = 2·(1/8)/(3/4) = 1/3
    assert prf(1, 2, 1, 4) == PRF(precision=0.5, recall=0.25, f1=approx(1 / 3))  # type: ignore[arg-type]


def test_prf_separate_numerators() -> None:
    # P = 3/4, R = 2/5, F1 = 2·0.3/1.15 = 0.521739...
    result = prf(3, 4, 2, 5)
    assert result.precision == approx(0.75)
    assert result.recall == approx(0.4)
    assert result.f1 == approx(0.6 / 1.15)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((0, 0, 0, 0), (0.0, 0.0, 0.0)),  # nothing predicted, nothing gold
        ((0, 0, 0, 3), (0.0, 0.0, 0.0)),  # empty prediction
        ((0, 2, 0, 0), (0.0, 0.0, 0.0)),  # empty gold
        ((2, 2, 0, 0), (1.0, 0.0, 0.0)),  # P defined, R not: F1 = 0
    ],
)
def test_prf_zero_denominators(args: tuple[int, int, int, int], expected: tuple[float, float, float]) -> None:
    result = prf(*args)
    assert (result.precision, result.recall, result.f1) == expected


def test_prf_round_trip_and_percent() -> None:
    result = prf(1, 2, 1, 1)  # P .5, R 1, F1 2/3
    assert PRF.from_dict(result.to_dict()) == result
    assert result.as_percent()["f1"] == approx(200 / 3)


# --- clusterings ----------------------------------------------------------------------------


def test_to_clusters_from_mapping_and_sets_agree() -> None:
    as_mapping = {"a": 1, "b": 1, "c": 2}
    assert sorted(map(sorted, to_clusters(as_mapping))) == [["a", "b"], ["c"]]
    assert sorted(map(sorted, to_clusters([{"a", "b"}, {"c"}, set()]))) == [["a", "b"], ["c"]]


def test_to_clusters_rejects_overlap() -> None:
    with pytest.raises(ValueError, match="more than one cluster"):
        to_clusters([{"a", "b"}, {"b", "c"}])


def test_muc_pradhan_example() -> None:
    # Recall: K1 split by response into {a,b},{c} -> 3-2 = 1; K2 into {d},{e}*,{f,g} -> 4-3 = 1
    #   (*e is in no response: its own part). R = 2 / ((3-1)+(4-1)) = 2/5.
    # Precision: R1 -> {a,b}: 2-1 = 1; R2 -> {c},{d}: 0; R3 -> {f,g},{h},{i}: 4-3 = 1.
    #   P = 2 / (1+1+3) = 2/5. F1 = 0.4.
    result = muc(KEY, RESPONSE)
    assert (result.precision, result.recall, result.f1) == (approx(0.4), approx(0.4), approx(0.4))


def test_b_cubed_pradhan_example() -> None:
    # Recall over 7 key mentions: Σ |K∩R|²/|K| = 4/3 + 1/3 + 1/4 + 4/4 = 35/12 -> R = 35/84 = 5/12
    # Precision over 8 response mentions: Σ |K∩R|²/|R| = 4/2 + 1/2 + 1/2 + 4/4 = 4 -> P = 1/2
    # F1 = 2·(5/24)/(11/12) = 5/11
    result = b_cubed(KEY, RESPONSE)
    assert result.recall == approx(5 / 12)
    assert result.precision == approx(0.5)
    assert result.f1 == approx(5 / 11)


def test_ceaf_e_pradhan_example() -> None:
    # φ4: K1R1 = 2·2/5 = 0.8, K1R2 = 2·1/5 = 0.4, K2R2 = 2·1/6 = 1/3, K2R3 = 2·2/8 = 0.5.
    # Best one-to-one: K1R1 + K2R3 = 1.3. R = 1.3/2 = 0.65, P = 1.3/3 = 13/30, F1 = 0.52.
    result = ceaf_e(KEY, RESPONSE)
    assert result.recall == approx(0.65)
    assert result.precision == approx(13 / 30)
    assert result.f1 == approx(0.52)


def test_conll_f1_pradhan_example() -> None:
    # mean(0.4, 5/11, 0.52)
    assert conll_f1(KEY, RESPONSE) == approx((0.4 + 5 / 11 + 0.52) / 3)


def test_muc_vilain_example() -> None:
    # Vilain et al. (1995): key {A,B,C,D}, response {A,B},{C,D}.
    # R = (4-2)/(4-1) = 2/3; P = (1+1)/(1+1) = 1.
    result = muc([{"A", "B", "C", "D"}], [{"A", "B"}, {"C", "D"}])
    assert result.recall == approx(2 / 3)
    assert result.precision == approx(1.0)


def test_identical_clusterings_score_one() -> None:
    clusters = [{1, 2, 3}, {4, 5}, {6}]
    for metric in (muc, b_cubed, ceaf_e):
        assert metric(clusters, clusters) == PRF(1.0, 1.0, 1.0)
    assert conll_f1(clusters, clusters) == approx(1.0)


def test_singletons_give_no_muc_links_but_count_elsewhere() -> None:
    # All singletons on both sides: MUC has 0 links -> 0/0 -> 0 everywhere;
    # B³ and CEAF_e keep singletons -> perfect.
    singletons = [{"x"}, {"y"}, {"z"}]
    assert muc(singletons, singletons) == PRF(0.0, 0.0, 0.0)
    assert b_cubed(singletons, singletons) == PRF(1.0, 1.0, 1.0)
    assert ceaf_e(singletons, singletons) == PRF(1.0, 1.0, 1.0)


def test_muc_merging_everything() -> None:
    # key {a,b},{c,d}; response {a,b,c,d}: R = (1+1)/(1+1) = 1; P = (4-2)/3 = 2/3
    result = muc([{"a", "b"}, {"c", "d"}], [{"a", "b", "c", "d"}])
    assert result.recall == approx(1.0)
    assert result.precision == approx(2 / 3)


def test_b_cubed_items_on_one_side_only() -> None:
    # gold {a,b}; pred {a,b,c} (c is pred-only).
    # R = (2²/2)/2 = 1; P = (2²/3)/3 = 4/9 (c counts in the precision denominator).
    result = b_cubed({"a": 0, "b": 0}, {"a": 7, "b": 7, "c": 7})
    assert result.recall == approx(1.0)
    assert result.precision == approx(4 / 9)
    # gold {a,b,c}; pred {a,b} (c gold-only): R = (4/3)/3 = 4/9, P = (4/2)/2 = 1.
    result = b_cubed([{"a", "b", "c"}], [{"a", "b"}])
    assert result.recall == approx(4 / 9)
    assert result.precision == approx(1.0)


def test_empty_prediction_and_empty_gold() -> None:
    gold = [{"a", "b"}, {"c"}]
    for metric in (muc, b_cubed, ceaf_e):
        assert metric(gold, []) == PRF(0.0, 0.0, 0.0)
        assert metric([], gold) == PRF(0.0, 0.0, 0.0)
    assert conll_f1([], []) == 0.0


def test_ceaf_e_one_to_one() -> None:
    # gold {a,b,c,d}; pred {a,b},{c,d}: only one pred cluster can align.
    # φ4 = 2·2/(4+2) = 2/3 for either. R = (2/3)/1, P = (2/3)/2 = 1/3.
    result = ceaf_e([{"a", "b", "c", "d"}], [{"a", "b"}, {"c", "d"}])
    assert result.recall == approx(2 / 3)
    assert result.precision == approx(1 / 3)


# --- simple errors --------------------------------------------------------------------------


def test_exact_accuracy() -> None:
    # 2 of 4 equal; None counts as wrong
    assert exact_accuracy(["a", "b", "c", "d"], ["a", "x", None, "d"]) == 0.5


def test_mean_absolute_error() -> None:
    # |1-2| + |5-5| + |0-(-3)| = 4 over 3
    assert mean_absolute_error([1, 5, 0], [2, 5, -3]) == approx(4 / 3)


@pytest.mark.parametrize("function", [exact_accuracy, mean_absolute_error])
def test_simple_metrics_reject_bad_input(function: object) -> None:
    with pytest.raises(ValueError, match="gold has 2 values but pred has 1"):
        function([1, 2], [1])  # type: ignore[operator]
    with pytest.raises(ValueError, match="no values"):
        function([], [])  # type: ignore[operator]


def test_mean_absolute_error_rejects_nan() -> None:
    with pytest.raises(ValueError, match="non-finite"):
        mean_absolute_error([1.0], [math.nan])
