"""Parsing in batches bounded by characters (sitrep.analyze.nlp.parse), with sitrep's own model."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, SENT_START, TAG

import sitrep
from sitrep.analyze import nlp as nlp_module
from sitrep.analyze.nlp import load_nlp, model_path, parse

EXAMPLES = sorted((Path(sitrep.__file__).resolve().parent / "examples").glob("*.txt"))
ATTRS = [TAG, MORPH, LEMMA, DEP, HEAD, SENT_START, ENT_IOB, ENT_TYPE]

pytestmark = pytest.mark.skipif(not (model_path() / "config.cfg").is_file(), reason="NLP model not built: run `make model`")


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in EXAMPLES]


def test_batches_hold_at_most_the_character_budget_and_a_longer_text_goes_alone(monkeypatch):
    texts = _texts()
    long = "\n\n".join(texts)  # over the budget below
    texts = texts[:3] + [long] + texts[3:]
    budget = 2 * max(len(t) for t in texts if t is not long) + 1  # any two short ones fit
    monkeypatch.setattr(nlp_module, "PARSE_BATCH_CHARS", budget)
    batches: list[list[str]] = []

    class Recorder:
        def pipe(self, batch, batch_size):
            batches.append(list(batch))
            assert batch_size == len(batches[-1])
            return iter(batch)

    assert list(parse(Recorder(), texts)) == texts  # every text, in order
    assert all(len(b) == 1 or sum(map(len, b)) <= budget for b in batches)
    assert [long] in batches
    assert len(batches) < len(texts)  # short texts do share a batch


def test_batching_does_not_change_the_parses(monkeypatch):
    # the serial path and the Dask workers batch differently; both must store the same thing
    nlp = load_nlp()
    texts = _texts()
    alone = [nlp(t).to_array(ATTRS).tolist() for t in texts]
    monkeypatch.setattr(nlp_module, "PARSE_BATCH_CHARS", sum(map(len, texts)))
    together = [d.to_array(ATTRS).tolist() for d in parse(nlp, texts)]
    assert together == alone


def test_the_pipeline_multiplies_with_numpy_and_annotates_as_with_blis():
    # load_nlp builds the models on numpy's BLAS (3x faster here than thinc's BLIS); the
    # annotations must be the ones the models were trained and scored with
    import spacy
    from thinc.api import NumpyOps

    nlp = load_nlp()
    tok2vec = nlp.get_pipe("tok2vec").model
    assert all(isinstance(node.ops, NumpyOps) and not node.ops.use_blis for node in tok2vec.walk())
    with_blis = spacy.load(model_path())
    with_blis.add_pipe("sitrep_line_breaks", before="parser")
    assert all(node.ops.use_blis for node in with_blis.get_pipe("tok2vec").model.walk())
    for text in _texts():
        assert nlp(text).to_array(ATTRS).tolist() == with_blis(text).to_array(ATTRS).tolist()


def test_headlines_parsed_with_their_batch_are_the_headlines_parsed_alone(monkeypatch):
    from sitrep.analyze import nlp as module

    nlp = load_nlp()
    titles = ["Five wounded in  East Side shooting", "Police arrest suspect in December homicide", None, ""]
    monkeypatch.setattr(module, "_headlines", module.OrderedDict())
    module.parse_headlines(nlp, titles)
    assert list(module._headlines) == ["Five wounded in East Side shooting", "Police arrest suspect in December homicide"]
    for title in titles[:2]:
        alone = nlp(" ".join(title.split())).to_array(ATTRS).tolist()
        assert module.parsed_headline(title).to_array(ATTRS).tolist() == alone
    assert module.parsed_headline(None) is None and module.parsed_headline("  ") is None
    # bounded: the oldest go first
    monkeypatch.setattr(module, "HEADLINES_KEPT", 2)
    module.parse_headlines(nlp, ["Two killed in crash"])
    assert list(module._headlines) == ["Police arrest suspect in December homicide", "Two killed in crash"]
