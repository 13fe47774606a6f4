"""A multinomial linear model over string features, stored as plain JSON.

The extraction models (`sitrep/models/extract/*.json`) are logistic regressions trained with
scikit-learn (`training/extract/train.py`) and saved as their weights only: a JSON file loads
without running code (no pickle), and scoring needs neither scikit-learn nor numpy, so the
default install stays lean.

File layout: {"name", "version", "classes": [...], "intercept": [...], "weights": {feature:
[w per class]}, "thresholds": {class: p}, "meta": {...}}. Features the training pruned (all
weights near zero) are absent and count as zero.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .. import errors


@dataclass
class LinearModel:
    name: str
    classes: list[str]
    intercept: list[float]
    weights: dict[str, list[float]]
    thresholds: dict[str, float] = field(default_factory=dict)
    meta: dict = field(default_factory=dict)

    def scores(self, features: Iterable[str]) -> list[float]:
        total = list(self.intercept)
        for feature in features:
            row = self.weights.get(feature)
            if row is not None:
                for i, w in enumerate(row):
                    total[i] += w
        return total

    def proba(self, features: Iterable[str]) -> dict[str, float]:
        """Class probabilities (softmax of the linear scores; a binary model's one score is the
        positive class's logit, as scikit-learn stores it)."""
        scores = self.scores(features)
        if len(self.classes) == 2 and len(scores) == 1:
            p = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, scores[0]))))
            return {self.classes[0]: 1.0 - p, self.classes[1]: p}
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        norm = sum(exps)
        return {c: e / norm for c, e in zip(self.classes, exps)}

    def to_dict(self) -> dict:
        return {"name": self.name, "version": 1, "classes": self.classes, "intercept": self.intercept,
                "thresholds": self.thresholds, "meta": self.meta, "weights": self.weights}

    def save(self, path: Path | str) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), separators=(",", ":")), encoding="utf-8")

    @classmethod
    def load(cls, path: Path | str) -> "LinearModel":
        location = Path(path)
        try:
            data = json.loads(location.read_text(encoding="utf-8"))
            return cls(name=data["name"], classes=list(data["classes"]), intercept=list(data["intercept"]),
                       weights=data["weights"], thresholds=dict(data.get("thresholds", {})), meta=dict(data.get("meta", {})))
        except FileNotFoundError as e:
            raise errors.ModelError(errors.EXTRACT_MODEL_MISSING.format(path=location)) from e
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise errors.ModelError(errors.EXTRACT_MODEL_BROKEN.format(path=location, detail=e)) from e
