# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench bench-fanout bench-scale install clean

run: $(STAMP)
	$(BIN)/techlead-coach run

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .

# Benchmarks run on demand (numbers in README.md); bench-fanout takes a few minutes,
# bench-scale (a million subscribers, replicas on PostgreSQL) the better part of an hour.
BENCH_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
bench: $(STAMP)
	$(BIN)/python -m tests.bench.slash_command
	$(BIN)/python -m tests.bench.digest_build
	$(BIN)/python -m tests.bench.progress_build
	$(BIN)/python -m tests.bench.journal_export
	$(BIN)/python -m tests.bench.prep_build

bench-fanout: $(STAMP)
	$(BIN)/python -m tests.bench.nudge_fanout

bench-scale: $(STAMP)
	$(BIN)/python -m tests.bench.tick_scale
	$(BIN)/python -m tests.bench.tick_scale --database-url $(BENCH_DATABASE_URL)
	$(BIN)/python -m tests.bench.nudge_fanout --workspaces 100 --compare --database-url $(BENCH_DATABASE_URL)
	$(BIN)/python -m tests.bench.nudge_fanout --workspaces 100 --kill --database-url $(BENCH_DATABASE_URL)

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "TechLead Coach needs Python 3.11 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	touch $(STAMP)

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
