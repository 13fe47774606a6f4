# sitrep's own English pipeline, built from ../shared/data (see training/ and sitrep/models/MODEL_CARD.md).
#
#   make model    corpus -> floret vectors -> stage 1: syntax (tok2vec + tagger + morphologizer +
#                 parser + lemmatizer, UD EWT) -> stage 2: joint (the stage-1 tok2vec, tagger and
#                 morphologizer go on training with a new parser, lemmatizer and NER on UD + NER
#                 docs, all on ONE shared tok2vec) -> sitrep/models/sitrep_en -> test-split scores.
#   About 100 minutes on the 2-core development VM (stage 1 about 45, stage 2 about 50), seed 1337.
PY ?= .venv/bin/python
export OMP_NUM_THREADS=1

.PHONY: model corpus vectors train-syntax train-joint package model-eval test extract-model extract-corpus slot-model link-model link-corpus

# The extraction models (sitrep/models/extract, card in sitrep/models/extract/MODEL_CARD.md), built
# on the shipped NLP pipeline, seed 1337, about 15 minutes on 2 cores (needs `pip install -e ".[train]"`):
#   parse the corpora once -> roles (argument roles) -> events (event detection) -> subtypes (ACLED
#   sub-events); report_types (what kind of report, from the lead alone) needs none of them.
#   Each step is a file target, so make reruns only what changed.
EXTRACT_CORPUS = training/corpus/extract/muc4_train.spacy
EXTRACT = sitrep/models/extract

extract-corpus: $(EXTRACT_CORPUS)
$(EXTRACT_CORPUS): training/extract/parse.py
	$(PY) training/extract/parse.py

$(EXTRACT)/roles.json: $(EXTRACT_CORPUS) training/extract/train.py sitrep/extract/roles.py
	$(PY) training/extract/train.py roles

$(EXTRACT)/events.json: $(EXTRACT)/roles.json sitrep/extract/detect.py sitrep/extract/events.py
	$(PY) training/extract/train.py events

$(EXTRACT)/subtypes.json: $(EXTRACT)/events.json sitrep/extract/subtypes.py
	$(PY) training/extract/train.py subtypes

$(EXTRACT)/report_types.json: sitrep/extract/report_types.py
	$(PY) training/extract/train.py report_types

extract-model: $(EXTRACT)/subtypes.json $(EXTRACT)/report_types.json slot-model

# The slot models (place and date of a report's headline event, sitrep/extract/slots.py): candidate
# rows from open GVA incidents (train: from the 401st incident on; dev: the first 300, which
# `sitrep eval gva --limit 300` scores), then two logistic regressions; about 10 minutes on 2 cores.
SLOT_CORPUS = training/corpus/slots/train.jsonl
$(SLOT_CORPUS): training/slots/build.py sitrep/analyze/places.py sitrep/extract/slots.py
	$(PY) training/slots/build.py

$(EXTRACT)/slot_place.json: $(SLOT_CORPUS) training/slots/train.py
	$(PY) training/slots/train.py

slot-model: $(EXTRACT)/slot_place.json

# The event-linking pair model (sitrep/models/link/pairs.json, card in sitrep/models/link/MODEL_CARD.md),
# seed 1337, on the shipped NLP and extraction models (needs `pip install -e ".[train]"`): parse the GVA
# train and dev incidents once (about 15 minutes on 2 shared cores) -> candidate pairs through the
# run-time blocking -> logistic regression -> clustering threshold on the dev incidents.
LINK_CORPUS = training/corpus/link/train.jsonl
LINK = sitrep/models/link

link-corpus: $(LINK_CORPUS)
$(LINK_CORPUS): training/link/train.py
	$(PY) training/link/train.py parse

training/corpus/link/train_pairs.jsonl: $(LINK_CORPUS) sitrep/link/features.py sitrep/link/events.py
	$(PY) training/link/train.py pairs

$(LINK)/pairs.json: training/corpus/link/train_pairs.jsonl
	$(PY) training/link/train.py fit
	$(PY) training/link/train.py tune

link-model: $(LINK)/pairs.json

corpus:
	$(PY) training/convert.py

# floret subword vectors from the unlabelled news text (needs `pip install floret==0.10.5`).
vectors:
	$(PY) training/vectors.py

train-syntax: corpus vectors
	$(PY) -m spacy train training/configs/syntax.cfg --code training/augment.py --output training/output/syntax \
	  --paths.train training/corpus/ud_train.spacy --paths.dev training/corpus/ud_dev.spacy --training.max_steps 4500

train-joint: train-syntax
	$(PY) -m spacy train training/configs/joint.cfg --code training/augment.py --output training/output/joint \
	  --paths.train training/corpus/joint_train --paths.dev training/corpus/joint_dev.spacy \
	  --paths.base training/output/syntax/model-best --training.max_steps 10000

# The shipped pipeline is stage 2's best checkpoint (by its dev score: LAS, NER F1, tags, lemmas).
package:
	rm -rf sitrep/models/sitrep_en
	cp -r training/output/joint/model-best sitrep/models/sitrep_en

model: train-joint
	$(MAKE) package model-eval

model-eval:
	$(PY) training/evaluate_model.py --json training/model_scores.json

test:
	$(PY) -m pytest -q
