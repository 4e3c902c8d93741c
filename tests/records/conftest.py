"""Shared by the records tests: a second, empty install to restore into (a throwaway
SQLite file, or a PostgreSQL database of its own on the test server), and manage.py run
in a subprocess against it, as an operator would."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.helpers import KEY, ROOT, database_url


@pytest.fixture(autouse=True)
def backup_key(settings):
    settings.BACKUP_KEY = KEY


def _admin_connection():
    database = connection.settings_dict
    return psycopg.connect(
        dbname="postgres",
        user=database.get("USER") or "postgres",
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or "127.0.0.1",
        port=database.get("PORT") or 5432,
        autocommit=True,
    )


class Install:
    """An install of its own: a database and media folders, reached through manage.py."""

    def __init__(self, folder, environment):
        self.folder = folder
        self.environment = environment
        self.media = Path(environment["MEDIA_ROOT"])

    def manage(self, *arguments, check=False, key=KEY, timeout=300):
        environment = {**self.environment, "BACKUP_KEY": key}
        return subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *arguments],
            env=environment,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=check,
        )

    def python(self, code, timeout=300):
        """Runs `code` with Django set up against this install; returns its stdout."""
        setup = "import django; django.setup()\n"
        done = subprocess.run(
            [sys.executable, "-c", setup + code],
            env={**self.environment, "BACKUP_KEY": KEY},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout


@pytest.fixture
def empty_install(tmp_path):
    """A new install's empty database (nothing migrated) and media folders."""
    folder = tmp_path / "second-install"
    folder.mkdir()
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SQLITE_PATH", "BACKUP_KEY"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="rehab.settings",
        MEDIA_ROOT=str(folder / "media"),
        PRIVATE_MEDIA_ROOT=str(folder / "private"),
        PYTHONPATH=str(ROOT),
    )
    if connection.vendor == "sqlite":
        environment["SQLITE_PATH"] = str(folder / "db.sqlite3")
        yield Install(folder, environment)
        return
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with _admin_connection() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    environment["DATABASE_URL"] = database_url(name)
    try:
        yield Install(folder, environment)
    finally:
        with _admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
