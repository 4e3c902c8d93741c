# The two commands: `make run` (set up, seed demo data, serve) and `make test` (set up, lint, test).
PY := .venv/bin/python
# Python keeps the bytecode it compiles (__pycache__, which git ignores) even where the
# environment asks it not to (PYTHONDONTWRITEBYTECODE=1 here): every process the tests
# and benchmarks start (manage.py, gunicorn, the benchmark scripts, each test worker)
# would otherwise compile Django, WeasyPrint and the app again, about 2 s of CPU each.
unexport PYTHONDONTWRITEBYTECODE
HOST ?= 127.0.0.1:8000

.PHONY: run run-lan test test-postgres lint setup system test-system apt migrate demo bench bench-smoke clean

# Debian packages WeasyPrint needs (Pango) and fonts for every script a patient's name may
# use, for symbols in a therapist's notes (Symbola) and for emoji, in colour (Noto Color
# Emoji: 🦴 🧊 🩹 🪑 👍🏽, which Symbola lacks or prints as boxes); pg_dump, pg_restore and
# psql for `manage.py backup` and `restore` on PostgreSQL; gettext's msgfmt compiles the
# handout's translations.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-wqy-microhei fonts-symbola fonts-noto-color-emoji postgresql-client gettext
# Debian's Chromium for the browser tests (`playwright install` cannot download here).
TEST_PACKAGES := chromium zbar-tools poppler-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres

# uv installs the packages: several times faster than pip, which took over a minute of each
# CI run.
.venv/.installed: pyproject.toml
	python3.11 -m venv .venv || python3 -m venv .venv
	$(PY) -m pip install --quiet uv
	$(PY) -m uv pip install --quiet --python $(PY) -e '.[dev]'
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

# The address the handouts' QR codes print (SITE_URL, the phone page's): the one served,
# unless SITE_URL is given.
SITE_URL ?= $(patsubst %/,%,$(RUN_URL))
# This machine's address on the clinic's network: the one its default route leaves from
# (a UDP "connect" sends nothing). Empty when there is none; LAN_ADDRESS=... overrides it.
LAN_ADDRESS = $(shell python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.connect(("192.0.2.1", 9)); print(s.getsockname()[0])' 2>/dev/null)
LAN_PORT ?= 8000

run: migrate
	$(PY) manage.py load_library
	@logins="$$($(PY) manage.py seed_demo)" && printf '%s\n' "$$logins" | sed 's|http://127.0.0.1:8000/|$(RUN_URL)|g'
	@echo "Serving on $(RUN_URL) (Ctrl-C stops it)"
	@echo "Handouts' QR codes open $(SITE_URL)/h/..., which only this computer can reach."
	@address="$(LAN_ADDRESS)"; echo "For a phone on this network: make run-lan (serves http://$${address:-<this computer's address>}:$(LAN_PORT)/ with DEBUG off)."
	SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST)

# The demo for the phones on the clinic's network: DEBUG is off, because with DEBUG on the
# site answers only this computer's own names (rehab/settings.py). So: a SECRET_KEY made
# once and kept in private/ (git ignores it), ALLOWED_HOSTS this computer's address,
# SITE_URL the address the QR codes print, static files collected and served by whitenoise,
# and plain http (no TLS on a LAN demo: cookies not marked Secure, no redirect to https).
# Demo data only: real patients' data needs HTTPS, see "Deploying" in the README.
LAN_SECRET := private/run-lan-secret-key

$(LAN_SECRET):
	@mkdir -p private && umask 077 && python3 -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

run-lan: migrate $(LAN_SECRET)
	@address="$(LAN_ADDRESS)"; if [ -z "$$address" ]; then echo "No network address found: give it, e.g. make run-lan LAN_ADDRESS=192.168.1.20"; exit 1; fi
	$(PY) manage.py loaddata exercise_library conditions protocols education_sheets
	$(PY) manage.py load_library_translations
	@logins="$$($(PY) manage.py seed_demo)" && printf '%s\n' "$$logins" | sed 's|http://127.0.0.1:8000/|http://$(LAN_ADDRESS):$(LAN_PORT)/|g'
	@$(LAN_ENV) $(PY) manage.py collectstatic --noinput -v 0
	@echo "Serving on http://$(LAN_ADDRESS):$(LAN_PORT)/ for every computer and phone on this network (Ctrl-C stops it)"
	@echo "Handouts' QR codes open http://$(LAN_ADDRESS):$(LAN_PORT)/h/..."
	$(LAN_ENV) $(PY) manage.py runserver 0.0.0.0:$(LAN_PORT)

LAN_ENV = DEBUG=false SECRET_KEY="$$(cat $(LAN_SECRET))" \
	ALLOWED_HOSTS=$(LAN_ADDRESS),127.0.0.1,localhost SITE_URL=http://$(LAN_ADDRESS):$(LAN_PORT) \
	SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false SECURE_HSTS_SECONDS=0

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
# one per worker: test_postgres_gw0, test_postgres_gw1...), less the tests that never open a
# database (DATABASE_TESTS_ONLY, tests/conftest.py), which `make test` runs. The test
# connections commit without waiting for the disk (synchronous_commit off, for them only):
# a test database is thrown away, so nothing needs to survive a crash.
test-postgres: setup test-system
	PGOPTIONS='-c synchronous_commit=off' DATABASE_TESTS_ONLY=1 DATABASE_URL=$(POSTGRES_URL) $(PYTEST)

# Benchmarks print `name: value (target ...)` lines, both sides of each ratio measured in one run.
# bench/scale.py seeds SQLite and PostgreSQL at the issue's scale, so it takes some minutes;
# it runs bench/pages.py, profile.py, load.py, mixed.py (both databases) and memory.py. The scripts share one folder of collected
# static files (collectstatic compresses every file: half a minute), removed at the end.
BENCH_SCRIPTS := \
	$(PY) bench/handout.py; \
	$(PY) bench/phone.py demo --demo --queries; \
	$(PY) bench/outcome_pages.py --demo; \
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
