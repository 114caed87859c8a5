# Yiwang — the two set-up commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: demo test test-moved-clock lint install install-test test-sqlite test-postgres test-browser browser-deps postgres bench messages clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

install: $(VENV)/bin/activate
	$(PY) -m pip install --quiet -e .

install-test: $(VENV)/bin/activate
	$(PY) -m pip install --quiet -e ".[test]"

## Install into .venv, create the SQLite database, load the demo district, serve on http://$(HOST):$(PORT)/
demo: install
	$(VENV)/bin/yiwang demo --host $(HOST) --port $(PORT)

## Install what the tests need and run the whole suite on SQLite and on PostgreSQL, with the browser tests,
## then once more under a moved clock. The suite's clock is frozen (yiwang/testing/clock.py); the two
## databases run under different OS time zones, which must not matter.
test: install-test lint browser-deps postgres
	TZ=UTC $(VENV)/bin/python -m pytest -q -n 2 --dist worksteal -m "not browser"
	TZ=Asia/Shanghai DATABASE_URL=$(PG_URL) $(VENV)/bin/python -m pytest -q -n 2 --dist worksteal -m "not browser"
	TZ=UTC $(VENV)/bin/python -m pytest -q -m browser
	TZ=Asia/Shanghai DATABASE_URL=$(PG_URL) $(VENV)/bin/python -m pytest -q -m browser
	$(MAKE) --no-print-directory test-moved-clock

## The apps that run clocks (cases, hotline, 好差评 fixes, sharing approvals and certificates in datahub,
## insight, bundles, benefits, and core's clocks) at 23:30 UTC on a leap day in 2028, when the UTC date is
## not the local date (not even its month). MOVED_PATHS= (empty) runs the whole non-browser suite.
MOVED_NOW ?= 2028-02-29T23:30:00Z
MOVED_PATHS ?= yiwang/cases yiwang/hotline yiwang/feedback yiwang/datahub yiwang/insight yiwang/bundles \
	yiwang/benefits yiwang/core/tests/test_clocks.py
test-moved-clock: install-test
	TZ=UTC YIWANG_TEST_NOW=$(MOVED_NOW) $(VENV)/bin/python -m pytest -q -n 2 --dist worksteal -m "not browser" $(MOVED_PATHS)

## The gate before the tests: lint, formatting, and no model change without its migration
lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=yiwang.test_settings $(VENV)/bin/yiwang makemigrations --check --dry-run

## Debian's Chromium and a CJK font for the Playwright tests (installed only when missing)
browser-deps:
	@command -v chromium >/dev/null && fc-list | grep -qi "wenquanyi\|wqy" || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-wqy-microhei; }

## Start the local PostgreSQL if it is not running (CI machines)
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start && sleep 2; }
	@pg_isready -h 127.0.0.1 -p 5432

test-sqlite: install-test
	$(VENV)/bin/python -m pytest -q -n 2 --dist worksteal

test-postgres: install-test postgres
	DATABASE_URL=$(PG_URL) $(VENV)/bin/python -m pytest -q -n 2 --dist worksteal

## Measure: each figure as a ratio against a baseline measured in the same run
bench: install-test
	$(PY) bench/run

## Extract and compile translations (needs GNU gettext)
messages: install
	cd yiwang && ../$(VENV)/bin/yiwang makemessages -l zh_Hans -l zh_Hant -l en --no-obsolete --no-location
	cd yiwang && ../$(VENV)/bin/yiwang compilemessages

clean:
	rm -rf $(VENV) var build *.egg-info
