# Two commands on a fresh clone: `make run` and `make test`.
# Both create .venv (Python >= 3.11) and install GymTimer into it first, with its development
# tools beside it (dev/gymtimer_dev: the test harnesses, the soak mode, the sample history),
# which the tests, benchmarks and packaging/ import by name; the app itself never does.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench freeze clean pose

$(STAMP): pyproject.toml dev/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,freeze]' -e ./dev
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m gymtimer $(ARGS)

# The optional body model (places the hip box by itself): only for Python up to 3.12, installed with
# --no-deps and the few packages it really needs (requirements/pose.txt). On a newer Python it says so,
# and GymTimer keeps working with the box drawn by hand.
pose: $(STAMP)
	@if $(BIN)/python -c 'import sys; sys.exit(sys.version_info[:2] > (3, 12))'; then \
		$(BIN)/python -m pip install --quiet --no-deps -r requirements/pose.txt; \
		echo "the body model is installed"; \
	else \
		echo "the body model is not available for Python $$($(BIN)/python -c 'import sys; print(*sys.version_info[:2], sep=".")'): the box is drawn by hand"; \
	fi

# The linter and the type checker first (their rules are in pyproject.toml): a finding fails the test run.
# WITH_POSE=1 (as .ci/run) installs the body model first, so that the tests that need it run.
# Two processes (dev/gymtimer_dev/two_runs.py): the real-time tests one after another in one, the rest beside
# them in the other. PYTEST_PROCESSES=1 runs everything in one process.
PYTEST_PROCESSES ?= 2
test: $(if $(WITH_POSE),pose) lint
	$(BIN)/python -m $(if $(filter 1,$(PYTEST_PROCESSES)),pytest,gymtimer_dev.two_runs) $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(STAMP)
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

# `make freeze WITH_POSE=1`: with the body model (installed first, as by `make pose`), into dist-pose/
# (docs/packaging.md). The default build never has it.
freeze: $(STAMP) $(if $(WITH_POSE),pose)
	$(BIN)/python packaging/build.py $(if $(WITH_POSE),--with-pose)

clean:
	rm -rf $(VENV) build dist build-pose dist-pose .pytest_cache .ruff_cache .mypy_cache
