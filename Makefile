# The two commands: `make run` (set up, seed demo data, serve) and `make test` (set up, lint, test).
PY := .venv/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test lint setup migrate demo bench clean

.venv/.installed: pyproject.toml
	python3.11 -m venv .venv || python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

setup: .venv/.installed node_modules/.installed

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py loaddata exercise_library conditions protocols
	$(PY) manage.py seed_demo

run: demo
	$(PY) manage.py runserver $(HOST)

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

test: lint
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

clean:
	rm -rf .venv node_modules staticfiles media
