# Two commands set up a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
HOST_PORT ?= 127.0.0.1:8000
# Debian packages: Pango and HarfBuzz's subsetter draw the PDFs (WeasyPrint), the fonts print
# notes in any script; the tests also drive chromium and turn PDFs into pictures (poppler).
RUN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
  fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji
TEST_PACKAGES := $(RUN_PACKAGES) chromium poppler-utils openjdk-17-jre-headless nodejs
# Node tools of the tests (Lighthouse: tests/standards/test_lighthouse.py), exactly as locked.
NODE_TOOLS := tests/tools
NODE_STAMP := $(NODE_TOOLS)/node_modules/.installed-$(shell sha1sum $(NODE_TOOLS)/package-lock.json | cut -c1-12)

# Tests run on every core (pytest-xdist, one database per worker); `make test PYTEST_WORKERS=0`
# runs them in one process, e.g. for a debugger.
PYTEST_WORKERS ?= auto
# The edit loop's tier: everything but the browser tests, PDF layout and the slow generated cases
# (markers in pyproject.toml). `make test` runs them all.
FAST_TIER := not browser and not pdf and not slow

# The suite again on PostgreSQL (.ci/run); pytest-django makes test_<name>_gw<n> beside it.
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/trdreview_ci

.PHONY: run test check test-postgres test-postgres-full lint format system-check test-system-check migrate clean

# The demo login is printed last, below the server's start line (manage.py run_demo). Debug is
# on here only: DJANGO_DEBUG unset means off.
run: $(STAMP) system-check
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py run_demo $(HOST_PORT)

# The production configuration on this machine, over plain HTTP on loopback (docs/deploy.md):
# debug off, WhiteNoise serving the collected static files, Gunicorn with gunicorn.conf.py, and
# PDF_WORKERS (default 1) PDF workers as their own processes beside it (Ctrl-C stops them all).
# The secret key and the audit key are made once into var/secret_key and var/audit_key (readable
# by you only) unless DJANGO_SECRET_KEY / TRDREVIEW_AUDIT_KEY are set. Never with DJANGO_DEBUG on.
.PHONY: serve
serve: $(STAMP) system-check
	@set -e; \
	if [ -z "$$DJANGO_SECRET_KEY" ]; then \
	  mkdir -p var; \
	  if [ ! -s var/secret_key ]; then \
	    (umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))' > var/secret_key); \
	  fi; \
	  chmod 600 var/secret_key; \
	  DJANGO_SECRET_KEY=$$(cat var/secret_key); \
	fi; \
	if [ -z "$$TRDREVIEW_AUDIT_KEY" ]; then \
	  mkdir -p var; \
	  if [ ! -s var/audit_key ]; then \
	    (umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(48))' > var/audit_key); \
	  fi; \
	  TRDREVIEW_AUDIT_KEY=$$(cat var/audit_key); \
	fi; \
	export DJANGO_SECRET_KEY TRDREVIEW_AUDIT_KEY DJANGO_DEBUG=0 DJANGO_HTTPS=0 GUNICORN_BIND=$${GUNICORN_BIND:-$(HOST_PORT)}; \
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0; \
	$(BIN)/python manage.py migrate --noinput; \
	$(BIN)/python manage.py ensure_demo; \
	echo "Serving the production configuration on http://$$GUNICORN_BIND (Ctrl-C stops it)"; \
	for worker in $$(seq $${PDF_WORKERS:-1}); do $(BIN)/python manage.py pdf_worker & done; \
	exec $(BIN)/gunicorn trdreview.wsgi -c gunicorn.conf.py

test: $(STAMP) test-system-check $(NODE_STAMP) lint
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# On PostgreSQL (lint is `make test`'s). CI's pass leaves out the browser tests and PDF layout,
# which `make test` has just run on SQLite, to stay within six minutes on two cores;
# test-postgres-full (nightly) runs them there too.
test-postgres: $(STAMP) test-system-check
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/python -m pytest -n $(PYTEST_WORKERS) \
	  -m "not browser and not pdf" $(PYTEST_ARGS)

test-postgres-full: $(STAMP) test-system-check $(NODE_STAMP)
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The fast tier for the edit loop: lint, then the tests that need neither chromium nor WeasyPrint.
check: $(STAMP) system-check lint
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -m "$(FAST_TIER)" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrate: $(STAMP)
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py migrate --noinput

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: TRD Review needs Python 3.11 (set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# setuptools warns, in a box of asterisks, that a folder named like a package in the working
	@# directory may shadow it: here the folders are the packages, so the box only reads like an error.
	PYTHONWARNINGS='ignore:Editable installation' $(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

# The Node tools alone, e.g. before running tests/standards/test_lighthouse.py by itself.
.PHONY: node-tools
node-tools: $(NODE_STAMP)

# npm ci empties node_modules first, so an older stamp goes with it. Debian ships npm apart from
# nodejs (NodeSource's nodejs includes it): installed only when there is no npm at all.
$(NODE_STAMP): $(NODE_TOOLS)/package-lock.json | test-system-check
	@command -v npm >/dev/null || sh scripts/system-packages npm
	cd $(NODE_TOOLS) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Installs whatever system package is missing (apt-get as root, or sudo -n), else names the one
# command to run. Silent, and a few milliseconds, when everything is present.
system-check:
	@sh scripts/system-packages $(RUN_PACKAGES)

test-system-check:
	@sh scripts/system-packages $(TEST_PACKAGES)

clean:
	rm -rf $(VENV) var $(NODE_TOOLS)/node_modules
