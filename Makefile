# Two commands set up a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
HOST_PORT ?= 127.0.0.1:8000
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji chromium poppler-utils

.PHONY: run test lint format system-check migrate clean

run: $(STAMP) system-check
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py ensure_demo
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST_PORT)

# The production configuration on this machine, over plain HTTP on loopback (docs/deploy.md):
# debug off, WhiteNoise serving the collected static files, Gunicorn with gunicorn.conf.py.
# The secret key is made once into var/secret_key (readable by you only) unless
# DJANGO_SECRET_KEY is set.
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
	export DJANGO_SECRET_KEY DJANGO_DEBUG=0 DJANGO_HTTPS=0 GUNICORN_BIND=$${GUNICORN_BIND:-$(HOST_PORT)}; \
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0; \
	$(BIN)/python manage.py migrate --noinput; \
	$(BIN)/python manage.py ensure_demo; \
	echo "Serving the production configuration on http://$$GUNICORN_BIND (Ctrl-C stops it)"; \
	exec $(BIN)/gunicorn trdreview.wsgi -c gunicorn.conf.py

test: $(STAMP) system-check lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --noinput

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: TRD Review needs Python 3.11 (set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

# WeasyPrint needs Pango and (for speed) HarfBuzz's subsetter; the browser tests need chromium.
# Say exactly what is missing rather than fail later with a loader error.
system-check:
	@missing=""; \
	for lib in pango-1.0 pangoft2-1.0 harfbuzz-subset; do \
	  ldconfig -p | grep -q "lib$$lib.so" || missing="$$missing lib$$lib"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Missing system libraries:$$missing"; \
	  echo "Install them with: sudo apt-get install -y $(APT_PACKAGES)"; \
	  exit 1; \
	fi; \
	command -v chromium >/dev/null || \
	  echo "Note: chromium is not installed, so browser tests will be skipped (sudo apt-get install -y chromium)."

clean:
	rm -rf $(VENV) var
