"""Shared by the records tests: a second install, empty or only migrated, to restore into
(a throwaway SQLite file, or a PostgreSQL database of its own on the test server), and
manage.py run in a subprocess against it, as an operator would."""

import os
import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing, contextmanager
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


def _environment(folder):
    """The environment of an install in `folder`, its database still to be named."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SQLITE_PATH", "BACKUP_KEY"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="rehab.settings",
        MEDIA_ROOT=str(folder / "media"),
        PYTHONPATH=str(ROOT),
    )
    return environment


def _new_database_name():
    return f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"


@contextmanager
def _install(folder, template=None):
    """An install in `folder` with a new database: empty, or a copy of `template` (a SQLite
    file, or a PostgreSQL database nobody is connected to). The database is dropped after."""
    folder.mkdir()
    environment = _environment(folder)
    if connection.vendor == "sqlite":
        path = folder / "db.sqlite3"
        if template:  # through SQLite, which reads the template's write-ahead log too
            source, copy = sqlite3.connect(template), sqlite3.connect(path)
            with closing(source), closing(copy):
                source.backup(copy)
        environment["SQLITE_PATH"] = str(path)
        yield Install(folder, environment)
        return
    name = _new_database_name()
    with _admin_connection() as admin:
        copy = f' TEMPLATE "{template}"' if template else ""
        admin.execute(f'CREATE DATABASE "{name}"{copy}')
    environment["DATABASE_URL"] = database_url(name)
    try:
        yield Install(folder, environment)
    finally:
        with _admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def empty_install(tmp_path):
    """A new install's empty database (nothing migrated) and media folders."""
    with _install(tmp_path / "second-install") as install:
        yield install


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory, django_db_setup):
    """A database `migrate` has set up, made once per test process: migrating takes seconds
    in a subprocess, copying it a moment."""
    with _install(tmp_path_factory.mktemp("template") / "install") as made:
        made.manage("migrate", "--noinput", check=True)
        if connection.vendor == "sqlite":
            yield made.environment["SQLITE_PATH"]
        else:
            yield made.environment["DATABASE_URL"].rpartition("/")[2]


@pytest.fixture
def migrated_install(tmp_path, _migrated_template):
    """A new install on which `migrate` has run (so still empty of data), and media folders."""
    with _install(tmp_path / "second-install", template=_migrated_template) as install:
        yield install
