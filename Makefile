# Every target creates .venv and installs transkit into it when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint bench bench-memory bench-scale bench-smoke real demo-drift clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## The main job on the bundled article: sync the catalogs, report their status, build the editions.
demo: $(STAMP)
	$(BIN)/transkit sync
	$(BIN)/transkit status
	$(BIN)/transkit check
	$(BIN)/transkit build --format html

## The whole test suite: lint, types, tests (every one of them, spread over every core; each
## test file on one worker, so that the corpora and repositories a file's tests share are made
## once, not once per worker).
test: $(STAMP)
	$(BIN)/ruff check
	$(BIN)/mypy
	$(BIN)/pytest -n auto --dist loadfile

## Drift on a copy of the project: a typo fix, a changed date and a new paragraph.
demo-drift: $(STAMP)
	TRANSKIT=$(abspath $(BIN))/transkit scripts/demo-drift.sh

## Benchmarks at a publication's scale (1,000 articles x 3 languages) against gettext, po4a and
## translate-toolkit; writes docs/benchmarks.md. Every transkit row is measured on a fresh clone
## (no .transkit-cache) first, then with a warm cache; wall and CPU seconds; where the time goes.
## Takes a while (po4a alone takes minutes).
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --output docs/benchmarks.md

## Only the translation memory's rows of the benchmark (cold sync with and without it, a new
## article filled from it, msgmerge --compendium and pot2po --tm on the same); prints the table.
bench-memory: $(STAMP)
	$(BIN)/python benchmarks/run.py --only memory

## How every command grows from 1,000 to 10,000 articles (30,000 catalogs), fresh clone and warm
## cache, with the open-file limit at 1,024, and where the time goes; writes docs/scale.md.
## Slow: generating the 10,000-article corpus takes long (SCALE_CORPUS="--corpus 10000=DIR"
## takes one made beforehand by benchmarks/corpus.py).
bench-scale: $(STAMP)
	$(BIN)/python benchmarks/scale.py --articles 1000 10000 --profile $(SCALE_CORPUS) --output docs/scale.md

## The benchmark harness on a tiny corpus; measures but never asserts a timing.
bench-smoke: $(STAMP)
	$(BIN)/python benchmarks/run.py --quick

## transkit over real pages of Hugo and Jekyll sites with their translations (tests/data/real):
## units by kind, then sync, import of the real translations, status, check and build, timed.
real: $(STAMP)
	$(BIN)/python benchmarks/real.py

clean:
	rm -rf $(VENV) build .transkit-cache
