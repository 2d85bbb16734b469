# Outpost's one entry point for setting up, running and checking the project.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUTPOST := $(BIN)/outpost
DEMO := examples/demo

.PHONY: run install dev test check lint format typecheck bench bench-ingest bench-match bench-triage clean

run: install
	$(OUTPOST) workspace load $(DEMO)/workspace.toml
	$(OUTPOST) ingest $(DEMO)/posts.jsonl --format jsonl
	$(OUTPOST) inbox --limit 15
	$(OUTPOST) stats

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

dev: $(VENV)/.installed-dev

test: dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: dev
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

typecheck: dev
	$(BIN)/mypy

check: lint typecheck test

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@

bench: bench-ingest bench-match bench-triage

bench-ingest: install
	$(BIN)/python benchmarks/ingest.py

bench-match: install $(VENV)/.installed-bench
	$(BIN)/python benchmarks/match.py

bench-triage: install
	$(BIN)/python benchmarks/triage.py

clean:
	rm -rf $(VENV) outpost.db outpost.db-wal outpost.db-shm .pytest_cache .mypy_cache .ruff_cache
