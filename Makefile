# The commands the README gives. Everything the project needs is installed from here.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
DEPS   := $(VENV)/.deps-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
TEST_DEPS := $(VENV)/.test-deps-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
export CANTINA_INSTANCE ?= $(CURDIR)/instance

.PHONY: run test lint format bench install translations browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(DEPS): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	rm -f $(VENV)/.deps-*; touch $@

$(TEST_DEPS): pyproject.toml $(DEPS)
	$(BIN)/pip install -q -e '.[test]'
	rm -f $(VENV)/.test-deps-*; touch $@

install: $(DEPS) translations

translations: $(DEPS)
	$(BIN)/pybabel compile -f -d app/translations >/dev/null

# Debian's Chromium for the browser tests (the machine reaches only package registries).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

run: install
	mkdir -p $(CANTINA_INSTANCE)
	$(BIN)/cantina db upgrade
	$(BIN)/cantina demo-data --if-empty
	@echo "Cantina on http://127.0.0.1:5000 (Ctrl-C stops it)"
	@trap 'kill $$sched 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/cantina scheduler & sched=$$!; \
	  $(BIN)/cantina serve --host 127.0.0.1 --port 5000

test: $(TEST_DEPS) translations browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python tests/run_suites.py

lint: $(TEST_DEPS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TEST_DEPS)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(TEST_DEPS) translations
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
