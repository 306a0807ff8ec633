# Two commands on a fresh clone: `make run` and `make test`.
# Both create .venv (Python >= 3.11) and install GymTimer into it first, with its development
# tools beside it (dev/gymtimer_dev: the test harnesses, the soak mode, the sample history),
# which the tests, benchmarks and packaging/ import by name; the app itself never does.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench freeze clean

$(STAMP): pyproject.toml dev/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,freeze]' -e ./dev
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m gymtimer $(ARGS)

# The linter and the type checker first (their rules are in pyproject.toml): a finding fails the test run.
test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(STAMP)
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

freeze: $(STAMP)
	$(BIN)/python packaging/build.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .mypy_cache
