# sitrep's own English pipeline, built from ../shared/data (see training/ and sitrep/models/MODEL_CARD.md).
PY ?= .venv/bin/python
export OMP_NUM_THREADS=1

.PHONY: model corpus vectors train-syntax train-ner assemble model-eval test

corpus:
	$(PY) training/convert.py

# floret subword vectors from the unlabelled news text (needs `pip install floret==0.10.5`).
vectors:
	$(PY) training/vectors.py

train-syntax: corpus vectors
	$(PY) -m spacy train training/configs/syntax.cfg --code training/augment.py --output training/output/syntax \
	  --paths.train training/corpus/ud_train.spacy --paths.dev training/corpus/ud_dev.spacy --training.max_steps 4500

train-ner: corpus
	$(PY) -m spacy train training/configs/ner.cfg --code training/augment.py --output training/output/ner \
	  --paths.train training/corpus/ner_train.spacy --paths.dev training/corpus/conll_valid.spacy --training.max_steps 6000

assemble:
	rm -rf sitrep/models/sitrep_en
	$(PY) -m spacy assemble training/configs/assemble.cfg sitrep/models/sitrep_en

# The two trainings are independent: `make -j2 model` runs them on two cores (about 100 minutes here).
model: train-syntax train-ner
	$(MAKE) assemble model-eval

model-eval:
	$(PY) training/evaluate_model.py --json training/model_scores.json

test:
	$(PY) -m pytest -q
