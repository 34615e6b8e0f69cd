# Everything needs only Python 3.11+ and make: the venv is built on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-modules lint typecheck bench fuzz screenshots snapshots-update clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/crm-tui --demo

# Four workers on two cores: a pilot test spends part of its time waiting for the app to
# go idle, which another worker uses; worksteal keeps the long tests from ending alone.
# Bytecode is written whatever PYTHONDONTWRITEBYTECODE says: each worker would otherwise
# compile every test module (with pytest's assertion rewriting) and our sources again.
test: $(STAMP)
	$(MAKE) --no-print-directory -j 3 lint typecheck test-modules
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -n 4 --dist worksteal --durations=10

# One collection before the workers start leaves the test modules compiled for all four
# to read; it runs beside lint and mypy, on the other core.  A module that fails to
# import is reported by the run that follows.
test-modules: $(STAMP)
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q --collect-only -p no:xdist >/dev/null || true

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
