# Uddannelsesby: `make run` serves the demo, `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell pyenv which python3.12 2>/dev/null || command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/uddannelsesby
STATIC_VENDOR := src/uddannelsesby/core/static/vendor
LOCALE := src/uddannelsesby/locale
PO_FILES := $(wildcard $(LOCALE)/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run` serves the demo as its users see it; `make run DEBUG=1` is development mode.
DEBUG ?= 0

.PHONY: help setup run test lint format bench messages chromium java nginx clean audit

help:
	@echo "make run    set everything up and serve the demo on http://$(HOST):$(PORT)"
	@echo "            (as users see it; 'make run DEBUG=1' for development mode)"
	@echo "make test   set everything up, then ruff and the whole test suite"
	@echo "make setup  only the set-up (venv, packages, static files, database, demo data)"
	@echo "make bench  server time, queries and bytes of the main pages; load against nginx;"
	@echo "            a soak of the two-node cluster (deploy/cluster.sh)"
	@echo "make audit  known vulnerabilities in the pinned packages (needs the audit services)"

$(BIN)/.installed: pyproject.toml requirements/constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Front-end packages are copied into the static files, never committed.
$(STATIC_VENDOR)/.installed: node_modules/.installed
	rm -rf $(STATIC_VENDOR) && mkdir -p $(STATIC_VENDOR)/dkfds $(STATIC_VENDOR)/htmx
	cp -r node_modules/dkfds/dist/css node_modules/dkfds/dist/js node_modules/dkfds/dist/fonts node_modules/dkfds/dist/img $(STATIC_VENDOR)/dkfds/
	cp node_modules/htmx.org/dist/htmx.min.js $(STATIC_VENDOR)/htmx/
	touch $@

%.mo: %.po
	msgfmt --check -o $@ $<

messages: $(BIN)/.installed
	cd src/uddannelsesby && ../../$(MANAGE) makemessages --locale=da --locale=en --no-obsolete --ignore=core/static/vendor

var/static/.collected: $(STATIC_VENDOR)/.installed $(shell find src/uddannelsesby -path '*/static/*' -newer pyproject.toml -not -path '*/vendor/*' 2>/dev/null)
	$(MANAGE) collectstatic --noinput --verbosity 0
	touch $@

setup: $(BIN)/.installed $(STATIC_VENDOR)/.installed $(MO_FILES) var/static/.collected
	$(MANAGE) migrate --noinput --verbosity 0
	$(MANAGE) demo

run: export DJANGO_DEBUG = $(DEBUG)
run: setup
	@echo "Serving http://$(HOST):$(PORT)/ (demo users are listed in README.md; DEBUG=$(DEBUG))"
	@$(MANAGE) schedule >/dev/null  # every recurring job (reminders, notices, backups, ...)
	@$(MANAGE) db_worker & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else echo "Browser tests need Chromium: run 'sudo apt-get install chromium'"; exit 1; fi; \
	fi

# The W3C HTML checker (npm's vnu-jar) in the tests runs on Java.
java:
	@if ! command -v java >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq default-jre-headless; \
	  else echo "The HTML checker needs Java: run 'sudo apt-get install default-jre-headless'"; exit 1; fi; \
	fi

# The load bench and deploy/cluster.sh run Debian's nginx (as the load balancer) and wrk;
# tests/core/test_deploy.py has nginx check the site file (so `make test` installs it too).
nginx:
	@if ! command -v wrk >/dev/null || ! { command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; }; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	    apt-get -o DPkg::Lock::Timeout=600 install -y -qq nginx wrk; \
	  else echo "The load bench needs nginx and wrk: run 'sudo apt-get install nginx wrk'"; exit 1; fi; \
	fi

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: $(BIN)/.installed
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

test: $(BIN)/.installed $(STATIC_VENDOR)/.installed $(MO_FILES) chromium java nginx lint
	DJANGO_ALLOW_ASYNC_UNSAFE=1 $(BIN)/pytest -n auto --dist loadfile

# Known vulnerabilities in the pinned Python packages and in package-lock.json, judged against
# audit-allow.toml (docs/security.md). Exit 0: clean; 1: a vulnerability not allowed, or an
# allowance expired; 2: a vulnerability service did not answer, so nothing is known. It needs
# PyPI's and npm's audit services, so it is not part of `make test`.
audit: $(BIN)/.installed
	@mkdir -p var/audit
	-@$(BIN)/pip-audit --requirement requirements/constraints.txt --no-deps --disable-pip \
	  --format json --progress-spinner off --timeout 30 > var/audit/pip.json 2> var/audit/pip.log
	-@npm audit --json --package-lock-only > var/audit/npm.json 2> var/audit/npm.log
	@status=0; $(BIN)/python -m uddannelsesby.core.audit --pip var/audit/pip.json \
	  --npm var/audit/npm.json --allow audit-allow.toml || status=$$?; \
	  echo $$status > var/audit/status; exit $$status

# Each bench/*.py: page timings, searches, the load bench against nginx (bench/load.py) and a
# 60 s soak of the two-node cluster with one node killed (bench/soak.py; SOAK_SECONDS=300 for the
# full five minutes).
bench: export SOAK_SECONDS ?= 60
# Every script runs, whatever an earlier one gave; the ones that missed a target are named at
# the end, and make fails.
bench: setup nginx
	@failed=""; for script in bench/*.py; do echo "== $$script"; \
	  $(BIN)/python $$script || failed="$$failed $$script"; done; \
	if [ -n "$$failed" ]; then echo "Missed a target:$$failed"; exit 1; fi; echo "Every target met."

clean:
	rm -rf $(VENV) node_modules $(STATIC_VENDOR) var
