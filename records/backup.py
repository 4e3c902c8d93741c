"""One encrypted file holding the whole install: the database and every uploaded file.

Inside the encryption (records/crypto.py) is a tar stream:

- `backup.json` first: the format, when, which database, and the migrations applied (so a
  backup from a newer version is refused before anything is restored);
- `database.sqlite3` (SQLite's online backup API) or `database.pgdump` (`pg_dump`, custom
  format), without sessions or django-axes' login attempts;
- `media/...`: every file under MEDIA_ROOT (photos, logos);
- `manifest.json` last: the SHA-256 and size of every member above.

Issued handout PDFs are rows of the database (handouts.HandoutPDF), so the database is
the whole patient record. The database is copied first and the media folder after it:
uploads get new random names and are saved before the row that names them, so every file
the copied database names is in the media folder by then (a later one is merely extra).

Reading (verify_backup, restore) authenticates every chunk, checks every member against
the manifest and the migrations against this code, and restores only after all of that
passed, into an install that holds no data yet."""

import contextlib
import hashlib
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from .crypto import BackupError, DecryptingReader, EncryptingWriter, check_key

# 2: the tables as reorganised into clinics, library and phone, with one fresh set of
# migrations (CHANGELOG.md). A format 1 backup's tables have other names: it is refused.
FORMAT = 2
INFO = "backup.json"
MANIFEST = "manifest.json"
MEDIA = "media/"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
# Tables whose rows a backup leaves out: live logins and login throttling state.
LEFT_OUT = [
    "django_session",
    "axes_accessattempt",
    "axes_accessattemptexpiration",
    "axes_accessfailurelog",
    "axes_accesslog",
]
# Rows `migrate` itself writes into a new install; a database holding only these is empty.
INSTALL_TABLES = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "auth_group",
    "auth_group_permissions",
}
# Rows a migration writes into a new install (the built-in outcome measures,
# outcomes/migrations/0002): they do not make it "not empty". A restore replaces them with
# the backup's, as it replaces the whole database.
INSTALL_ROWS = {
    "outcomes_measure": {"clinic__isnull": True},
    "outcomes_measureitem": {"measure__clinic__isnull": True},
}
COPY_CHUNK = 1 << 20

__all__ = ["BackupError", "create_backup", "read_backup", "restore_backup"]


# Writing ---------------------------------------------------------------------------------


def applied_migrations():
    """[(app, name)] applied to the database, sorted (one query)."""
    return sorted(MigrationLoader(connection, ignore_no_migrations=True).applied_migrations)


@contextlib.contextmanager
def terminated_as_exit():
    """SIGTERM (a `kill`, a service stop) unwinds like Ctrl-C, so the temporary file is
    removed. SIGKILL cannot be caught: then the temporary file stays, never the final name."""

    def stop(signum, frame):
        raise SystemExit(f"Stopped by signal {signum}.")

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def create_backup(out, *, key):
    """Writes the backup to `out`, all or nothing: into a temporary file in the same folder,
    synced to disk, then renamed. Returns (size in bytes, manifest)."""
    check_key(key)
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with terminated_as_exit(), os.fdopen(descriptor, "wb") as raw:
            encrypted = EncryptingWriter(raw, key)
            manifest = _write_tar(encrypted)
            encrypted.close()
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temporary, out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _sync_folder(out.parent)
    return out.stat().st_size, manifest


def _sync_folder(folder):
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _write_tar(stream):
    manifest = {}
    with tarfile.open(fileobj=stream, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        info = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "vendor": connection.vendor,
            "migrations": applied_migrations(),
        }
        _add_bytes(tar, INFO, json.dumps(info, indent=1).encode(), manifest)
        with tempfile.TemporaryDirectory(prefix="rehab-backup-") as work:
            if connection.vendor == "sqlite":
                path = Path(work) / SQLITE_MEMBER
                _copy_sqlite(path)
                _add_file(tar, SQLITE_MEMBER, path, manifest)
            elif connection.vendor == "postgresql":
                path = Path(work) / PG_MEMBER
                _pg_dump(path)
                _add_file(tar, PG_MEMBER, path, manifest)
            else:
                raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
        media = Path(settings.MEDIA_ROOT)
        for path in sorted(media.rglob("*")) if media.is_dir() else []:
            if path.is_file() and not path.is_symlink():
                _add_file(tar, MEDIA + path.relative_to(media).as_posix(), path, manifest)
        _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1).encode(), None)
    return manifest


def _add_bytes(tar, name, data, manifest):
    member = tarfile.TarInfo(name)
    member.size = len(data)
    member.mtime = int(timezone.now().timestamp())
    tar.addfile(member, io.BytesIO(data))
    if manifest is not None:
        manifest[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


class _Hashing:
    """Reads a file while hashing what was read."""

    def __init__(self, source):
        self.source = source
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.source.read(size)
        self.digest.update(data)
        return data


def _add_file(tar, name, path, manifest):
    with open(path, "rb") as source:
        stat = os.fstat(source.fileno())
        member = tarfile.TarInfo(name)
        member.size = stat.st_size
        member.mtime = int(stat.st_mtime)
        hashing = _Hashing(source)
        tar.addfile(member, hashing)
    manifest[name] = {"sha256": hashing.digest.hexdigest(), "size": stat.st_size}


def _copy_sqlite(path):
    """SQLite's online backup API in one step: a consistent snapshot read under WAL, so the
    app's writers are not held up. Then the left-out tables are emptied in the copy, with
    secure_delete so their rows are not left in free pages."""
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
        target.execute("PRAGMA secure_delete=ON")
        tables = {row[0] for row in target.execute("SELECT name FROM sqlite_master")}
        with target:
            for table in LEFT_OUT:
                if table in tables:
                    target.execute(f'DELETE FROM "{table}"')
    finally:
        target.close()


def _pg_environment():
    database = settings.DATABASES["default"]
    environment = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ]:
        if database.get(key):
            environment[variable] = str(database[key])
    environment["PGDATABASE"] = connection.settings_dict["NAME"]
    return environment


def _run(command, **kwargs):
    try:
        return subprocess.run(command, check=True, capture_output=True, **kwargs)
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)."
        ) from None
    except subprocess.CalledProcessError as failed:
        message = failed.stderr.decode(errors="replace").strip()
        raise BackupError(f"{command[0]} failed: {message}") from None


def _pg_dump(path):
    """pg_dump reads one snapshot of the database while the app goes on writing.

    Its fastest compression: the PDFs' bytes are dumped as hex, which it packs back to about
    their size; its default level took 2.6 times as long for 3 % less (10,000 handouts:
    25 s against 65 s; without compression 5 s, but twice the size)."""
    command = ["pg_dump", "--format=custom", "--compress=1", "--no-owner", "--no-privileges"]
    command.append(f"--file={path}")
    command += [f"--exclude-table-data={table}" for table in LEFT_OUT]
    _run(command, env=_pg_environment())


# Reading ---------------------------------------------------------------------------------


def read_backup(path, *, key, into=None):
    """Decrypts and checks the whole backup: every chunk's tag, every member against the
    manifest, the migrations against this code. With `into` (a folder), the members are
    written there too. Returns (info, manifest). Raises BackupError saying what is wrong."""
    try:
        source = open(path, "rb")  # noqa: SIM115 (closed below)
    except OSError as problem:
        raise BackupError(f"Cannot read {path}: {problem.strerror}.") from None
    with source:
        reader = DecryptingReader(source, key)
        found = {}
        info = manifest = None
        try:
            with tarfile.open(fileobj=reader, mode="r|") as tar:
                for member in tar:
                    name = member.name
                    if not member.isfile() or not _safe_name(name) or name in found:
                        raise BackupError(f"This backup holds an unexpected entry: {name!r}.")
                    extracted = tar.extractfile(member)
                    if name in (INFO, MANIFEST):
                        data = extracted.read()
                        found[name] = hashlib.sha256(data).hexdigest(), len(data)
                        if name == INFO:
                            info = _json(data, "its description")
                            _check_schema(info)
                        else:
                            manifest = _json(data, "its manifest")
                        continue
                    found[name] = _copy_member(extracted, into, name)
        except tarfile.TarError as problem:
            raise BackupError(f"This backup's contents are damaged: {problem}.") from None
        reader.finish()
    if info is None or manifest is None:
        raise BackupError("This backup is incomplete: its description or manifest is missing.")
    found.pop(MANIFEST)
    _check_manifest(manifest, found)
    database = SQLITE_MEMBER if info["vendor"] == "sqlite" else PG_MEMBER
    if database not in manifest:
        raise BackupError("This backup holds no database.")
    return info, manifest


def _safe_name(name):
    parts = name.split("/")
    return not name.startswith("/") and ".." not in parts and "" not in parts


def _json(data, what):
    try:
        return json.loads(data)
    except ValueError:
        raise BackupError(f"This backup's {what} cannot be read.") from None


def _copy_member(extracted, into, name):
    digest = hashlib.sha256()
    size = 0
    target = None
    if into is not None:
        path = Path(into, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        target = open(path, "wb")  # noqa: SIM115 (closed below)
    try:
        for chunk in iter(lambda: extracted.read(COPY_CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
            if target is not None:
                target.write(chunk)
    finally:
        if target is not None:
            target.close()
    return digest.hexdigest(), size


def _check_manifest(manifest, found):
    listed = {name: (entry["sha256"], entry["size"]) for name, entry in manifest.items()}
    if listed != found:
        wrong = sorted(
            name for name in listed.keys() | found.keys() if listed.get(name) != found.get(name)
        )
        raise BackupError(
            "This backup does not match its manifest (" + ", ".join(wrong[:5]) + "): it has "
            "been tampered with or damaged."
        )


def _check_schema(info):
    """A backup from a newer version of rehab (migrations this code does not have) cannot
    be restored by this one: its tables may hold columns this code knows nothing about."""
    if info.get("format") == 1:
        raise BackupError(
            "This backup was made before rehab's tables were reorganised (format 1, see "
            "CHANGELOG.md): this version cannot restore it. Restore it with the version "
            "that made it."
        )
    if info.get("format") != FORMAT:
        raise BackupError(
            f"This backup has format {info.get('format')}; this rehab reads {FORMAT}."
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)
    unknown = sorted(
        f"{app}.{name}" for app, name in info["migrations"] if (app, name) not in known
    )
    if unknown:
        raise BackupError(
            "This backup is from a newer version of rehab (migrations not known here: "
            + ", ".join(unknown[:5])
            + "). Install that version or a later one, then restore."
        )


# Restoring -------------------------------------------------------------------------------


def data_tables():
    """{table: model} of every model whose rows are data, not what `migrate` writes."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table not in INSTALL_TABLES and not model._meta.proxy and model._meta.managed:
            tables[table] = model
    return tables


def what_is_there():
    """What makes this install not empty: tables with rows, files in MEDIA_ROOT."""
    existing = set(connection.introspection.table_names())
    found = [
        table
        for table, model in sorted(data_tables().items())
        if table in existing
        and model._base_manager.using(connection.alias)
        .exclude(**INSTALL_ROWS.get(table, {"pk__in": []}))
        .exists()
    ]
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(path.is_file() for path in media.rglob("*")):
        found.append(f"files in {media}")
    return found


def restore_backup(path, *, key):
    """Restores into this install, which must hold no data yet. Everything is decrypted
    and checked into a private folder beside MEDIA_ROOT first; the target is changed only
    after every check passed. Returns the backup's info."""
    check_key(key)
    there = what_is_there()
    if there:
        raise BackupError(
            "This install is not empty (" + ", ".join(there[:5]) + "): restore only into a "
            "new install (an empty database and an empty MEDIA_ROOT), so nothing is overwritten."
        )
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".rehab-restore-", dir=media.parent) as work:
        os.chmod(work, 0o700)
        info, manifest = read_backup(path, key=key, into=work)
        if info["vendor"] != connection.vendor:
            raise BackupError(
                f"This backup is of a {info['vendor']} database; this install uses "
                f"{connection.vendor}. Restore it into a {info['vendor']} install, then move "
                "the data as the README's 'Moving to PostgreSQL' says."
            )
        if connection.vendor == "sqlite":
            _restore_sqlite(Path(work, SQLITE_MEMBER))
        else:
            _restore_postgresql(Path(work, PG_MEMBER), Path(work))
        staged = Path(work, MEDIA.rstrip("/"))
        if staged.is_dir():
            media.mkdir(parents=True, exist_ok=True)
            for item in staged.iterdir():
                shutil.move(str(item), media / item.name)
    connection.close()  # the next query sees the restored database afresh
    return info


def _restore_sqlite(path):
    """The backup API again, into the app's own database: one write transaction."""
    source = sqlite3.connect(path)
    try:
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("The database in this backup fails SQLite's integrity check.")
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_postgresql(dump, work):
    """pg_restore writes the dump as SQL, and psql runs it after clearing the empty
    install's tables, all in one transaction: a failure leaves the database as it was."""
    script = work / "restore.sql"
    _run(["pg_restore", "--no-owner", "--no-privileges", f"--file={script}", str(dump)])
    clear = work / "clear.sql"
    clear.write_text(
        "DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n", encoding="utf-8"
    )
    connection.close()  # psql needs the tables free of this process's locks
    _run(
        ["psql", "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1"]
        + [f"--file={clear}", f"--file={script}"],
        env=_pg_environment(),
    )
