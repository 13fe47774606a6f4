"""A multinomial linear model over string features, stored as plain JSON.

The extraction models (`sitrep/models/extract/*.json`) are logistic regressions trained with
scikit-learn (`training/extract/train.py`) and saved as their weights only: a JSON file loads
without running code (no pickle), and scoring needs no scikit-learn, so the default install stays lean.

File layout: {"name", "version", "classes": [...], "intercept": [...], "weights": {feature:
[w per class]}, "thresholds": {class: p}, "meta": {...}}. Features the training pruned (all
weights near zero) are absent and count as zero. Scoring is a sum of rows of one numpy array.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Iterable, Sequence

import numpy

from .. import errors
from ..memory import keep_loaded


class LinearModel:
    """Weights as one float array (a row per feature) and a feature -> row index: a dict of a
    hundred thousand small lists made Python's garbage collector walk them all, again and again."""

    def __init__(self, *, name: str, classes: list[str], intercept: list[float], weights: dict[str, list[float]],
                 thresholds: dict[str, float] | None = None, meta: dict | None = None) -> None:
        self.name = name
        self.classes = list(classes)
        self.thresholds = dict(thresholds or {})
        self.meta = dict(meta or {})
        self.index = {feature: row for row, feature in enumerate(weights)}
        width = len(intercept)
        self.matrix = numpy.asarray(list(weights.values()), dtype=numpy.float64).reshape(len(weights), width)
        self.intercept = numpy.asarray(intercept, dtype=numpy.float64)

    @property
    def weights(self) -> dict[str, list[float]]:
        return {feature: self.matrix[row].tolist() for feature, row in self.index.items()}

    def scores(self, features: Iterable[str]) -> list[float]:
        rows = [row for f in features if (row := self.index.get(f)) is not None]
        return (self.intercept + self.matrix[rows].sum(axis=0)).tolist()

    def _to_proba(self, scores: numpy.ndarray) -> numpy.ndarray:
        """Rows of class probabilities (softmax of the linear scores; a binary model's one score is
        the positive class's logit, as scikit-learn stores it)."""
        if len(self.classes) == 2 and scores.shape[1] == 1:
            p = 1.0 / (1.0 + numpy.exp(-numpy.clip(scores[:, 0], -50.0, 50.0)))
            return numpy.stack([1.0 - p, p], axis=1)
        shifted = numpy.exp(scores - scores.max(axis=1, keepdims=True))
        return shifted / shifted.sum(axis=1, keepdims=True)

    def proba(self, features: Iterable[str]) -> dict[str, float]:
        scores = numpy.asarray([self.scores(features)])
        return dict(zip(self.classes, self._to_proba(scores)[0].tolist()))

    def grouped_proba(self, groups: Sequence[Iterable[str]]) -> dict[str, float]:
        """Class probabilities for features in groups, each group's known features weighing
        1/sqrt(their number): a unit-length vector per group, as scikit-learn's L2 normalisation
        of each group's binary features gives at training."""
        total = self.intercept.copy()
        for features in groups:
            rows = [row for f in features if (row := self.index.get(f)) is not None]
            if rows:
                total += self.matrix[rows].sum(axis=0) / math.sqrt(len(rows))
        return dict(zip(self.classes, self._to_proba(total[None, :])[0].tolist()))

    def proba_many(self, rows_of_features: Sequence[Iterable[str]]) -> numpy.ndarray:
        """Class probabilities for many examples at once: one array row each, columns as `classes`."""
        if not rows_of_features:
            return numpy.zeros((0, len(self.classes)))
        get = self.index.get
        columns: list[int] = []
        lengths: list[int] = []
        for features in rows_of_features:
            found = [row for row in map(get, features) if row is not None]
            columns.extend(found)
            lengths.append(len(found))
        # Each example's weight rows added in order into a zero, per class, with `numpy.bincount`:
        # the sums the sparse (examples x features) product made, to the last bit (a float sum
        # depends on its order, and a reduction such as `add.reduceat` adds pairwise), without
        # building a scipy matrix per call (1,194 calls on 200 GVA articles, each 1.3 to 2x faster).
        n = len(rows_of_features)
        example = numpy.repeat(numpy.arange(n), lengths)
        weights = self.matrix[columns]
        sums = numpy.column_stack([numpy.bincount(example, weights=weights[:, k], minlength=n) for k in range(weights.shape[1])])
        return self._to_proba(sums + self.intercept)

    def to_dict(self) -> dict:
        return {"name": self.name, "version": 1, "classes": self.classes, "intercept": self.intercept.tolist(),
                "thresholds": self.thresholds, "meta": self.meta, "weights": self.weights}

    def save(self, path: Path | str) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), separators=(",", ":")), encoding="utf-8")

    @classmethod
    def load(cls, path: Path | str) -> "LinearModel":
        location = Path(path)
        try:
            data = json.loads(location.read_text(encoding="utf-8"))
            model = cls(name=data["name"], classes=list(data["classes"]), intercept=list(data["intercept"]),
                        weights=data["weights"], thresholds=dict(data.get("thresholds", {})), meta=dict(data.get("meta", {})))
        except FileNotFoundError as e:
            raise errors.ModelError(errors.EXTRACT_MODEL_MISSING.format(path=location)) from e
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
            raise errors.ModelError(errors.EXTRACT_MODEL_BROKEN.format(path=location, detail=e)) from e
        del data
        keep_loaded()
        return model
