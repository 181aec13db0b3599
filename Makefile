# Finds Python 3.12+ (pyenv ships it on this machine kind; Debian's python3 may be 3.11).
PYTHON ?= $(shell for p in python3.13 python3.12 $$(ls -d /root/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null); do \
  $$p -c "import sys; assert sys.version_info >= (3, 12)" 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Only the project's own locale/ and source: not the packages in .venv or node_modules.
I18N_IGNORE := --ignore .venv --ignore node_modules --ignore staticfiles
# Local runs and tests use a throwaway key; production sets SECRET_KEY (see README).
export SECRET_KEY ?= local-development-key-not-for-production

.PHONY: install run test test-quick lint check-deploy check-messages test-sqlite test-postgres test-browser chromium gettext pdf-libs messages bench

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

# Front-end packages (htmx, Leaflet, axe-core) come from the npm registry, pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(VENV)/.installed node_modules/.installed gettext pdf-libs
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) compilemessages $(I18N_IGNORE) -v0

# compilemessages and makemessages need GNU gettext (msgfmt, xgettext).
gettext:
	@command -v msgfmt >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q gettext; }

# WeasyPrint (PDF documents) needs Pango and a font with every German character (DejaVu), and
# HarfBuzz's subsetter to put only the letters used into each PDF: without it WeasyPrint falls back
# to fontTools, which reads all of DejaVu's tables for every document (0.35 s instead of 0.1 s a
# letter; WeasyPrint warns that it will need the library).
pdf-libs:
	@{ ldconfig -p | grep -q libpangoft2-1.0 && ldconfig -p | grep -q libharfbuzz-subset && \
	   test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf; } || \
	  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; }

# German is the source language; this refreshes the English catalogue after strings change.
messages: install
	$(MANAGE) makemessages --locale en --no-obsolete $(I18N_IGNORE)

# Browser tests drive Debian's chromium; Playwright never downloads a browser here.
chromium:
	@command -v chromium >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }

# The demo runs as a development server: DEBUG gives it development keys for the field
# encryption and the audit log (the demo loaders record through the audited services).
run: export DEBUG = 1
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) load_demo_offices
	$(MANAGE) load_demo_volunteers
	$(MANAGE) load_demo_volunteer_requests
	$(MANAGE) load_demo_groups
	$(MANAGE) load_demo_cases
	$(MANAGE) load_demo_news
	@echo "Demo-Anmeldungen: siehe oben. Server: http://127.0.0.1:8000"
	$(MANAGE) task_worker & $(MANAGE) outbox_worker & DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/mypy .
	$(VENV)/bin/djlint templates lotse --lint
	$(VENV)/bin/lint-imports --no-logo --no-cache
	$(MAKE) --no-print-directory check-deploy check-messages

# The English catalogue holds every string translated (after `make messages`): none left empty
# and none of msgmerge's guesses ("fuzzy") unchecked.
EN_PO := locale/en/LC_MESSAGES/django.po
check-messages: gettext
	@open=$$(msgattrib --untranslated --no-obsolete $(EN_PO) | grep -c '^msgid' || true); \
	  fuzzy=$$(msgattrib --only-fuzzy --no-obsolete $(EN_PO) | grep -c '^msgid' || true); \
	  test "$$open $$fuzzy" = "0 0" || { echo "$(EN_PO): $$open untranslated, $$fuzzy fuzzy"; exit 1; }

# Django's deployment checks with the production environment of the README (its example file).
check-deploy: install
	set -a && . ./config/production.env.example && set +a && $(MANAGE) check --deploy --fail-level WARNING

# The suite runs in TEST_WORKERS processes (pytest-xdist; each its own test database) and
# names why each skipped test was skipped (-rs); the browser tests run only in test-browser.
# Work stealing: a worker that runs out takes tests from the other's queue, so that both end
# together (with the default handing out, the two CPUs were busy for 85 % of the run; now 96 %).
# One worker per CPU that the process may use (nproc): a runner with more CPUs is faster without
# a change here; set TEST_WORKERS to choose.
TEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
PYTEST_PARALLEL := -n $(TEST_WORKERS) --dist worksteal
# Python and pytest keep the compiled (and assert-rewritten) modules in __pycache__, even where
# the environment says not to: else every worker compiles ~500 modules anew (8 s each) on every run.
unexport PYTHONDONTWRITEBYTECODE
test-sqlite: install
	$(VENV)/bin/pytest $(PYTEST_PARALLEL) -rs --ignore=lotse/browser_tests

# The developers' quick loop between changes: the SQLite suite without the long walks (marker
# `exhaustive`: every persona over the authorization matrix, the API fuzz, the migration
# history). `make test`, and so CI, always runs everything.
test-quick: install
	$(VENV)/bin/pytest $(PYTEST_PARALLEL) -m "not exhaustive" --ignore=lotse/browser_tests

# PostgreSQL must be reachable when CI is set; locally a missing server is reported and skipped.
test-postgres: install
	@if pg_isready -q -h 127.0.0.1 -p 5432; then \
	  DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse $(VENV)/bin/pytest $(PYTEST_PARALLEL) -rs --ignore=lotse/browser_tests; \
	elif [ -n "$$CI" ]; then echo "FEHLER: PostgreSQL auf 127.0.0.1:5432 nicht erreichbar" >&2; exit 1; \
	else echo "PostgreSQL nicht erreichbar: Lauf auf PostgreSQL ausgelassen"; fi

# Playwright drives Debian's chromium (never a downloaded browser) against the live server.
test-browser: install chromium
	$(VENV)/bin/pytest lotse/browser_tests

test: lint test-sqlite test-postgres test-browser

# Builds its own databases (SQLite under /tmp, PostgreSQL `lotse_bench`, `lotse_bench_import`,
# `lotse_bench_desk`, `lotse_bench_volunteers`, `lotse_bench_cases`), prints search latency,
# requests/s, the office, the digital-help and the caseload figures; the last line is one JSON
# object. BENCH_QUICK=1: smaller data, a few minutes.
bench: install
	@command -v wrk >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }
	$(PY) scripts/bench/run.py
