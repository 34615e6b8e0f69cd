# Everything needs only Python 3.11+ and make: the venv is built on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck bench fuzz screenshots snapshots-update clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/crm-tui --demo

# Four workers on two cores: a pilot test spends part of its time waiting for the app to
# go idle, which another worker uses; worksteal keeps the long tests from ending alone.
test: $(STAMP) lint typecheck
	$(BIN)/python -m pytest -q -n 4 --dist worksteal --durations=10

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# Schemathesis against the demo server for ten minutes, with a new seed each run (the
# suite runs a short, fixed one): run it after changing the server.
FUZZ_SECONDS ?= 600
fuzz: $(STAMP)
	CRM_TUI_FUZZ_SECONDS=$(FUZZ_SECONDS) $(BIN)/python -m pytest -q -s -p no:xdist \
		tests/demo/test_demo_fuzz.py

screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py screenshots

snapshots-update: $(STAMP)
	$(BIN)/python -m pytest -q tests/ui --snapshot-update

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
