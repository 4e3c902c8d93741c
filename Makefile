# The two commands: `make run` (set up, seed demo data, serve) and `make test` (set up, lint, test).
PY := .venv/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test test-postgres lint setup system test-system apt migrate demo bench bench-smoke clean

# Debian packages WeasyPrint needs (Pango) and fonts for every script a patient's name may
# use, and for symbols and emoji in a therapist's notes (Symbola); pg_dump, pg_restore and
# psql for `manage.py backup` and `restore` on PostgreSQL; gettext's msgfmt compiles the
# handout's translations.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-wqy-microhei fonts-symbola postgresql-client gettext
# Debian's Chromium for the browser tests (`playwright install` cannot download here).
TEST_PACKAGES := chromium zbar-tools poppler-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.venv/.installed: pyproject.toml
	python3.11 -m venv .venv || python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

system:
	@$(MAKE) --no-print-directory apt PACKAGES="$(SYSTEM_PACKAGES)"

test-system:
	@$(MAKE) --no-print-directory apt PACKAGES="$(TEST_PACKAGES)"

apt:
	@missing="$$(for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done)"; \
	if [ -n "$$missing" ]; then \
		echo "Installing $$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# The handout's fixed words in each language: locale/*/LC_MESSAGES/django.po, compiled
# here (the .mo files are build output, not committed).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

%.mo: %.po
	msgfmt --check -o $@ $<

setup: system .venv/.installed node_modules/.installed $(MO_FILES)

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_library
	$(PY) manage.py seed_demo

# HOST may be "port" or "address:port"; the address to open in a browser, where 0.0.0.0
# (every interface) is reached as 127.0.0.1. seed_demo's logins name port 8000, so its
# address is replaced with the one actually served.
RUN_ADDRESS := $(if $(findstring :,$(HOST)),$(HOST),127.0.0.1:$(HOST))
RUN_URL := http://$(subst 0.0.0.0:,127.0.0.1:,$(RUN_ADDRESS))/

run: migrate
	$(PY) manage.py load_library
	@logins="$$($(PY) manage.py seed_demo)" && printf '%s\n' "$$logins" | sed 's|http://127.0.0.1:8000/|$(RUN_URL)|g'
	@echo "Serving on $(RUN_URL) (Ctrl-C stops it)"
	$(PY) manage.py runserver $(HOST)

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# The suite runs on every core (pytest-xdist): each worker has its own test database and
# takes the next test as it frees up (worksteal: the slow backup and browser tests spread out).
PYTEST := $(PY) -m pytest -n auto --dist worksteal

# The whole suite (browser journeys included) on SQLite; `.ci/run` adds `make test-postgres`.
test: lint test-system
	$(PY) manage.py makemigrations --check --dry-run
	$(PYTEST)

# The same suite against PostgreSQL (pytest-django creates and drops a test_ database there,
# one per worker: test_postgres_gw0, test_postgres_gw1...).
test-postgres: setup test-system
	DATABASE_URL=$(POSTGRES_URL) $(PYTEST)

# Benchmarks print `name: value (target ...)` lines, both sides of each ratio measured in one run.
# bench/scale.py seeds SQLite and PostgreSQL at the issue's scale, so it takes some minutes;
# it runs bench/pages.py, load.py and memory.py. The scripts share one folder of collected
# static files (collectstatic compresses every file: half a minute), removed at the end.
BENCH_SCRIPTS := \
	$(PY) bench/handout.py; \
	$(PY) bench/phone.py demo --demo --queries; \
	$(PY) bench/scale.py; \
	$(PY) bench/backup.py
BENCH_STATIC := static="$$(mktemp -d)"; trap 'rm -rf "$$static"' EXIT; export STATIC_ROOT="$$static"

bench: setup
	@$(BENCH_STATIC); set -ex; $(BENCH_SCRIPTS)

# Every benchmark script at a tiny scale (BENCH_SMOKE=1, bench/smoke.py), about a minute
# in all, PostgreSQL included (BENCH_POSTGRES_URL, as for `make bench`): a change that
# breaks a benchmark fails here. The numbers mean nothing; a missed target fails nothing.
bench-smoke: setup
	@$(BENCH_STATIC); export BENCH_SMOKE=1; set -ex; $(BENCH_SCRIPTS)
	@echo "bench-smoke: every benchmark ran"

clean:
	rm -rf .venv node_modules staticfiles media
