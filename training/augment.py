"""Case augmentation for training: news arrives in all capitals (wire headlines, MUC-4) and in
lower case (processed MUC-4), so a share of training examples is shown upper- or lower-cased.

Registered as "sitrep.case_augmenter.v1"; used from the training configs through `--code`.
"""

from __future__ import annotations

import random
from typing import Callable, Iterator

import spacy
from spacy.language import Language
from spacy.training import Example


@spacy.registry.augmenters("sitrep.case_augmenter.v1")
def create_case_augmenter(upper: float, lower: float) -> Callable[[Language, Example], Iterator[Example]]:
    """With probability `upper` yield the example in capitals, with `lower` in lower case, else as is."""

    def augment(nlp: Language, example: Example) -> Iterator[Example]:
        draw = random.random()
        if draw >= upper + lower:
            yield example
            return
        change = str.upper if draw < upper else str.lower
        example_dict = example.to_dict()
        doc = nlp.make_doc(change(example.text))
        example_dict["token_annotation"]["ORTH"] = [change(t.text) for t in example.reference]
        yield example.from_dict(doc, example_dict)

    return augment
