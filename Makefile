# Tandem — every check is one command. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
PG_URL ?= postgres://postgres@127.0.0.1:5432/tandem
SHARED ?= ../shared
# Three workers on two cores: a browser test mostly waits on Chromium and on the server, and a
# third worker fills that wait (docs/benchmarks.md: 10 min 30 s against 12 min 29 s with two;
# four were slower again).
PYTEST_WORKERS ?= 3

.PHONY: setup browser pdf gettext messages demo serve test test-sqlite test-postgres lint format model evaluate bench wrk screenshots clean

setup: $(VENV)/.installed browser pdf

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Browser tests drive Debian's Chromium; Playwright's own browser download does not work offline.
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		echo "Installing Debian's chromium and chromium-driver for the browser tests"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver; \
	fi

# The progress report's PDF is made by WeasyPrint, which needs Debian's pango and a font.
pdf:
	@if ! ldconfig -p | grep -q libpangoft2-1.0.so.0 || ! fc-list | grep -qi dejavu; then \
		echo "Installing Debian's pango and fonts for the PDF progress report"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fontconfig; \
	fi

# Translations (docs/i18n.md): `make messages APPS="accounts web"` gathers the marked strings of
# those apps into tandem/<app>/locale/<lang>/LC_MESSAGES/django.po, keeping the translations there,
# and compiles them (the .mo files are committed, so installing Tandem needs no gettext;
# tests/i18n checks each .mo matches its .po). Without APPS, every app with a locale folder. It
# needs Debian's gettext (xgettext, msgfmt), which `make gettext` installs. Python runs with -P in
# each app's folder so that the folder is not on the import path (tandem/sms/numbers.py would hide
# Python's own numbers module).
APPS ?= $(patsubst tandem/%/locale,%,$(wildcard tandem/*/locale))
MESSAGE_LANGS = $(shell $(BIN)/python -c "import tandem.settings as s; print(' '.join(c for c, _ in s.LANGUAGES if not c.startswith('en')))")

gettext:
	@if ! command -v msgfmt >/dev/null || ! command -v xgettext >/dev/null; then \
		echo "Installing Debian's gettext for making translation catalogs"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq gettext; \
	fi

# With a .venv already there, `messages` does not reinstall: a git worktree sharing another
# checkout's .venv would otherwise point that .venv's editable install at itself.
$(BIN)/python:
	$(MAKE) setup

messages: $(BIN)/python gettext
	@for app in $(APPS); do \
		test -d tandem/$$app/locale || { echo "tandem/$$app has no locale folder: mkdir tandem/$$app/locale"; exit 1; }; \
		for lang in $(MESSAGE_LANGS); do \
			(cd tandem/$$app && PYTHONPATH=$(CURDIR) DJANGO_SETTINGS_MODULE=tandem.settings ../../$(BIN)/python -P -m django makemessages \
				--locale $$lang --add-location file --no-obsolete --ignore 'tests/*') || exit 1; \
		done; \
		(cd tandem/$$app && PYTHONPATH=$(CURDIR) DJANGO_SETTINGS_MODULE=tandem.settings ../../$(BIN)/python -P -m django compilemessages) || exit 1; \
	done

demo: setup
	$(BIN)/tandem manage migrate --no-input
	$(BIN)/tandem seed-demo
	$(BIN)/tandem serve --host $(HOST) --port $(PORT)

test: setup test-sqlite test-postgres

test-sqlite: setup
	@echo "== Test suite on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest -n $(PYTEST_WORKERS) -q

# Every test that reaches the database runs again on PostgreSQL; the ones marked any_database
# (the pure core, file-only checks, the demo server's browser tests on its own SQLite) ran on
# SQLite above and would run the same here (conftest.py; README, "Two commands").
test-postgres: setup
	@echo "== Test suite on PostgreSQL ($(PG_URL)): every test that reaches the database =="
	@if ! $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0]+'/postgres', connect_timeout=5).close()" 2>/dev/null; then \
		echo ""; echo "!!! PostgreSQL is not reachable at $(PG_URL): the PostgreSQL half of the suite did NOT run !!!"; echo ""; \
		if [ "$$CI" = "true" ]; then exit 1; fi; \
	else \
		DATABASE_URL=$(PG_URL) SECRET_KEY=tests-only-not-a-secret $(BIN)/pytest -n $(PYTEST_WORKERS) -q -m "not any_database"; \
	fi

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Rebuild the committed transcript model from the AnnoMI data in ../shared (not needed by `make test`).
model: setup
	$(BIN)/python -m tandem.core.transcripts.build_model --data $(SHARED)/data/annomi

# Grouped cross-validation of the transcript models; writes docs/transcripts.md.
evaluate: setup
	$(BIN)/python -m tandem.core.transcripts.evaluate --data $(SHARED)/data/annomi --out docs/transcripts.md

# Benchmarks (figures go to docs/benchmarks.md); never part of `make test`.
# Byte-compiled first, as an installed package is (an editable checkout may have no .pyc files).
bench: setup wrk
	$(BIN)/python -m compileall -q tandem
	$(BIN)/python -m compileall -q -l bench
	$(BIN)/python -m bench

# The load benchmark drives the app with Debian's wrk.
wrk:
	@if ! command -v wrk >/dev/null; then \
		echo "Installing Debian's wrk for the load benchmark"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk; \
	fi

screenshots: setup
	$(BIN)/pytest -q -m browser tests/browser/test_screenshots.py --screenshots

clean:
	rm -rf $(VENV) var bench/out
