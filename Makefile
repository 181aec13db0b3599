# Finds Python 3.12+ (pyenv ships it on this machine kind; Debian's python3 may be 3.11).
PYTHON ?= $(shell for p in python3.13 python3.12 $$(ls -d /root/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null); do \
  $$p -c "import sys; assert sys.version_info >= (3, 12)" 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Local runs and tests use a throwaway key; production sets SECRET_KEY (see README).
export SECRET_KEY ?= local-development-key-not-for-production

.PHONY: install run test lint test-sqlite test-postgres

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

install: $(VENV)/.installed
	$(MANAGE) collectstatic --noinput -v0

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@echo "Demo-Anmeldungen: siehe oben. Server: http://127.0.0.1:8000"
	$(MANAGE) db_worker & DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

test-sqlite: install
	$(VENV)/bin/pytest

# PostgreSQL must be reachable when CI is set; locally a missing server is reported and skipped.
test-postgres: install
	@if pg_isready -q -h 127.0.0.1 -p 5432; then \
	  DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse $(VENV)/bin/pytest; \
	elif [ -n "$$CI" ]; then echo "FEHLER: PostgreSQL auf 127.0.0.1:5432 nicht erreichbar" >&2; exit 1; \
	else echo "PostgreSQL nicht erreichbar: Lauf auf PostgreSQL ausgelassen"; fi

test: lint test-sqlite test-postgres
