# The two commands for a new user: `make run` (demo site on SQLite) and `make test`.
VENV := .venv
PYTHON := $(VENV)/bin/python
ARGS ?=

.PHONY: run test lint bench concurrency

# No DATABASE_URL, so the settings fall back to SQLite. The background worker (captures of
# sources' pages and other jobs) runs beside the server; Ctrl-C stops both. Without a
# VAPID_PRIVATE_KEY, push alerts get a throw-away key for this run.
run: $(VENV)/.requirements.stamp
	@scripts/compile-translations.sh
	@unset DATABASE_URL; export DEBUG=1; \
	export VAPID_PRIVATE_KEY="$${VAPID_PRIVATE_KEY:-$$($(PYTHON) manage.py vapid_keys --private-only)}"; \
	$(PYTHON) manage.py migrate --noinput && \
	$(PYTHON) manage.py load_demo && \
	exec scripts/run-dev.sh

# Pytest arguments go through ARGS, e.g. make test ARGS="-k poll".
test:
	scripts/run-tests.sh $(ARGS)

lint: $(VENV)/.requirements-dev.stamp
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	$(PYTHON) scripts/layout_check.py

# The concurrency test (writers, a reader following the poll) RUNS times in a row, to show
# that no update is lost or shown twice over many runs: make concurrency RUNS=50.
RUNS ?= 50
concurrency:
	LIVEBLOG_CONCURRENCY_RUNS=$(RUNS) scripts/run-tests.sh tests/live/test_concurrent_editors.py -q $(ARGS)

# The performance benchmark (not part of the tests): about sixteen minutes, prints a table
# of the targets. Pass --short through ARGS for a quicker, rougher run.
bench:
	scripts/bench.sh $(ARGS)

$(PYTHON):
	python3 -m venv $(VENV)

# Stamps make pip run only when a requirements file changed. The dev stamp is shared with
# scripts/run-tests.sh.
$(VENV)/.requirements.stamp: requirements.txt | $(PYTHON)
	@$(PYTHON) -m pip install -q --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.requirements-dev.stamp: requirements.txt requirements-dev.txt | $(PYTHON)
	@$(PYTHON) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@
