import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from rehab.settings import env_bool, env_int


def import_settings(**env):
    """Imports the settings module in a fresh interpreter with the given environment."""
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    environment.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import rehab.settings as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_env_bool_rejects_nonsense(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("FLAG", False)
    monkeypatch.setenv("FLAG", "off")
    assert env_bool("FLAG", True) is False


def test_env_int_rejects_nonsense(monkeypatch):
    monkeypatch.setenv("NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_int("NUMBER", 1)


def test_production_refuses_to_start_without_secret_key():
    result = import_settings(
        DEBUG="false", ALLOWED_HOSTS="clinic.example", SITE_URL="https://clinic.example"
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = import_settings(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_without_site_url():
    environment = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "clinic.example"}
    result = import_settings(**environment, SITE_URL="")
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr
    assert import_settings(**environment, SITE_URL="https://clinic.example").returncode == 0
    result = import_settings(**environment, SITE_URL="clinic.example")
    assert result.returncode != 0
    assert "https://" in result.stderr


def test_database_url_selects_postgresql():
    result = import_settings(DATABASE_URL="postgres://clinic@127.0.0.1:5432/rehab")
    assert result.stdout.strip() == "rehab.db.postgresql"  # flush lifts the audit triggers


DEFAULT = "{k: s.DATABASES['default'][k] for k in ('ENGINE', 'OPTIONS')}"


def test_sqlite_is_tuned_for_concurrent_use():
    # In a fresh interpreter without DATABASE_URL, so this run's own database (SQLite or
    # PostgreSQL) does not matter.
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-c", f"import json, rehab.settings as s; print(json.dumps({DEFAULT}))"],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    database = json.loads(result.stdout)
    assert database["ENGINE"] == "rehab.db.sqlite3"  # flush lifts the audit triggers
    options = database["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    assert options["timeout"] >= 5


def test_starting_django_leaves_the_pdf_libraries_unloaded():
    """Every manage.py command starts Django; only printing needs WeasyPrint and pikepdf,
    which take about 0.6 s of CPU to load."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, django; django.setup(); "
            "print(sorted({'weasyprint', 'pikepdf'} & set(sys.modules)))",
        ],
        cwd=django_settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "rehab.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"
